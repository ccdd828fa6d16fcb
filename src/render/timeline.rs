//! The DevTools panel: a [`Timeline`] drawn as an ordered list, oldest first. Each item
//! reads "kind · status · method path host · when"; a redirect says whether the next hop
//! carried or dropped the credentials; a diff lists what changed since the previous request
//! to the same API; a 401/407 carries its diagnosis (the same finding view as the page).
//! A filter (text and kind, [`PanelOptions`]) hides items; the count says how many show.
//!
//! Safety as everywhere in the renderer: data only ever becomes text nodes ([`Dom`]).

use super::analysis::notes_box;
use super::dom::{Dom, R};
use super::finding::{self, host_path};
use super::time::{ago_utc, percent};
use super::Ctx;
use crate::timeline::classify::Kind;
use crate::timeline::{Item, Timeline};
use serde::Deserialize;
use web_sys::Element;

/// `options` of `renderPanel`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PanelOptions {
    /// Now, Unix ms.
    pub now_ms: f64,
    /// Text an item must contain (URL, method, status, kind, cause, change), any case.
    pub filter: String,
    /// A kind id (`unauthorized`, `refresh`, ...); empty: every kind.
    pub kind: String,
    /// The panel is reading the network (DevTools open on a tab that loads).
    pub recording: bool,
}

impl Default for PanelOptions {
    fn default() -> Self {
        PanelOptions {
            now_ms: f64::NAN,
            filter: String::new(),
            kind: String::new(),
            recording: true,
        }
    }
}

/// Does `item` pass the filter?
pub fn matches(item: &Item, options: &PanelOptions) -> bool {
    if !options.kind.is_empty() && Kind::from_id(&options.kind) != Some(item.kind) {
        return false;
    }
    let needle = options.filter.trim().to_lowercase();
    if needle.is_empty() {
        return true;
    }
    let mut hay = vec![
        item.url.as_str().to_lowercase(),
        item.method.to_lowercase(),
        item.status.to_string(),
        item.kind.label().to_lowercase(),
        item.kind.id().to_string(),
    ];
    if let Some(f) = &item.finding {
        for c in &f.causes {
            hay.push(c.id.as_str().to_string());
            hay.push(c.title.to_lowercase());
        }
    }
    if let Some(d) = &item.diff {
        hay.extend(d.changes.iter().map(|c| c.detail.to_lowercase()));
    }
    if let Some(r) = &item.redirect {
        hay.push(r.credentials.clone());
    }
    hay.iter().any(|h| h.contains(&needle))
}

/// Draws the timeline into `root` (its children replaced).
pub fn render(dom: &Dom, root: &Element, t: &Timeline, options: &PanelOptions) -> R {
    root.set_text_content(None);
    root.class_list().add_2("w4-root", "w4-panel")?;
    notes_box(dom, root, &t.notes)?;
    let shown: Vec<(usize, &Item)> = t
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| matches(i, options))
        .collect();
    let failures = t.items.iter().filter(|i| i.finding.is_some()).count();
    let count = dom.text(
        root,
        "p",
        "w4-panel-count",
        &format!(
            "{} of {} auth-relevant request{} shown · {failures} answered 401/407",
            shown.len(),
            t.items.len(),
            if t.items.len() == 1 { "" } else { "s" }
        ),
    )?;
    count.set_attribute("role", "status")?;
    if t.items.is_empty() {
        let e = dom.add(root, "div", "w4-empty-state")?;
        dom.text(&e, "h2", "w4-h2", "No sign-in traffic on this tab yet")?;
        dom.text(
            &e,
            "p",
            "",
            if options.recording {
                "Sign-ins, token calls and refreshes, redirects that carry credentials, \
                 preflights and every 401 or 407 show here as the page makes them. Reload the \
                 page to see its sign-in from the start."
            } else {
                "Nothing recorded."
            },
        )?;
        return Ok(());
    }
    let ctx = Ctx {
        popup: false,
        now_ms: options.now_ms,
        reveal: false,
        undo: false,
    };
    let ol = dom.add(root, "ol", "w4-timeline")?;
    ol.set_attribute("aria-label", "Auth-relevant requests, oldest first")?;
    for (i, item) in shown {
        row(dom, &ol, i, item, &ctx)?;
    }
    Ok(())
}

fn row(dom: &Dom, ol: &Element, i: usize, item: &Item, ctx: &Ctx) -> R {
    let li = dom.add(ol, "li", "w4-tl-item")?;
    li.set_attribute("data-kind", item.kind.id())?;
    li.set_attribute(
        "data-source",
        if item.source == "background" {
            "background"
        } else {
            "devtools"
        },
    )?;
    li.set_attribute("data-status", &item.status.to_string())?;
    if let Some(e) = item.entry {
        li.set_attribute("data-entry", &e.to_string())?;
    }
    let line = dom.add(&li, "p", "w4-tl-line")?;
    dom.text(&line, "span", "w4-tl-kind", item.kind.label())?;
    dom.put(&line, " ")?;
    let code = dom.text(&line, "span", "w4-code", &item.status.to_string())?;
    code.set_attribute("data-status", &item.status.to_string())?;
    dom.put(&line, " ")?;
    dom.text(&line, "span", "w4-method", &item.method)?;
    dom.put(&line, " ")?;
    let (host, path) = host_path(item.url.as_str());
    let url = dom.add(&line, "span", "w4-url")?;
    url.set_attribute("title", &super::dom::shown(item.url.as_str()))?;
    dom.text(&url, "span", "w4-path", &path)?;
    dom.put(&url, " ")?;
    dom.text(&url, "span", "w4-host", &host)?;
    if let Some(t) = item.started_ms {
        dom.put(&line, " ")?;
        dom.text(&line, "span", "w4-when", &ago_utc(t, ctx.now_ms))?;
    }
    if item.source == "background" {
        dom.put(&line, " ")?;
        dom.text(
            &line,
            "span",
            "w4-tl-source",
            "(seen before DevTools was opened)",
        )?;
    }
    if let Some(r) = &item.redirect {
        let p = dom.add(&li, "p", "w4-tl-redirect")?;
        p.set_attribute(
            "data-credentials",
            if r.credentials == "dropped" {
                "dropped"
            } else {
                "carried"
            },
        )?;
        dom.text(
            &p,
            "strong",
            "",
            if r.credentials == "dropped" {
                "Credentials dropped. "
            } else {
                "Credentials carried. "
            },
        )?;
        dom.put(&p, &r.detail)?;
    }
    if let Some(d) = &item.diff {
        let sec = dom.add(&li, "section", "w4-diff")?;
        sec.set_attribute("data-against", &d.against.to_string())?;
        // h2 under the panel's h1 (axe: heading-order), styled as the small w4-h3.
        dom.text(
            &sec,
            "h2",
            "w4-h3",
            &format!(
                "What changed since the earlier {} to this API (answered {})",
                d.against_method, d.against_status
            ),
        )?;
        if d.changes.is_empty() {
            dom.text(
                &sec,
                "p",
                "w4-sub",
                "Nothing: the same credentials, the same clock.",
            )?;
        } else {
            let ul = dom.add(&sec, "ul", "w4-diff-list")?;
            for c in &d.changes {
                let li = dom.text(&ul, "li", "w4-change", &c.detail)?;
                li.set_attribute(
                    "data-change",
                    &format!(
                        "{}/{}",
                        super::dom::shown(&c.what),
                        super::dom::shown(&c.change)
                    ),
                )?;
            }
        }
    }
    if let Some(f) = &item.finding {
        let det = dom.add(&li, "details", "w4-item-details")?;
        if let Some(c) = f.causes.first() {
            det.set_attribute("data-top-cause", c.id.as_str())?;
        }
        let sum = dom.add(&det, "summary", "w4-summary")?;
        if let Some(c) = f.causes.first() {
            dom.rich(&sum, "span", "w4-top", &c.title)?;
            dom.put(&sum, " ")?;
            dom.text(&sum, "span", "w4-percent", &percent(c.confidence))?;
        }
        let body = dom.add(&det, "div", "w4-body")?;
        // Its sections get h2 (under the panel's h1), as the diff's heading: no level skipped
        // whichever of notes, diff and finding an item has.
        dom.under("h1", || finding::render(dom, &body, f, i, ctx))?;
    }
    Ok(())
}
