//! A list of findings, newest first: each a `<details>` whose summary reads "path host ·
//! status · how long ago · top cause + confidence"; its full view is built when opened
//! (see `actions`), or right away for the ones open from the start.

use super::dom::{Dom, R};
use super::finding::{self, host_path};
use super::time::{ago, percent};
use super::Ctx;
use crate::report::{Finding, Report};
use web_sys::Element;

/// Finding indices, newest first (by start time, then by entry index).
pub fn newest_first(report: &Report) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..report.findings.len()).collect();
    crate::sort::sort_by(&mut idx, |&a, &b| {
        let (fa, fb) = (&report.findings[a], &report.findings[b]);
        let ta = fa.started_ms.unwrap_or(f64::NEG_INFINITY);
        let tb = fb.started_ms.unwrap_or(f64::NEG_INFINITY);
        tb.total_cmp(&ta)
            .then(fb.entry.cmp(&fa.entry))
            .then(b.cmp(&a))
    });
    idx
}

/// The list into `parent`. `open`: the findings to open (None: the newest one).
pub fn render(
    dom: &Dom,
    parent: &Element,
    report: &Report,
    ctx: &Ctx,
    open: Option<&[usize]>,
) -> R {
    let n = report.findings.len();
    let sec = dom.add(parent, "section", "w4-findings")?;
    sec.set_attribute("aria-label", "Failed requests")?;
    let status_words = {
        let has407 = report.findings.iter().any(|f| f.status == 407);
        let has401 = report.findings.iter().any(|f| f.status != 407);
        match (has401, has407) {
            (true, true) => "401 or 407",
            (false, true) => "407",
            _ => "401",
        }
    };
    dom.text(
        &sec,
        "h2",
        "w4-h2",
        &format!(
            "{n} request{} answered {status_words}",
            if n == 1 { "" } else { "s" }
        ),
    )?;
    // On the page, a list's first finding is built in the next task (its `toggle` event):
    // the list shows at once and no single task holds the main thread long.
    let defer = !ctx.popup && n > 1 && open.is_none();
    let ol = dom.add(&sec, "ol", "w4-list")?;
    for (pos, &i) in newest_first(report).iter().enumerate() {
        let Some(f) = report.findings.get(i) else {
            continue;
        };
        let is_open = match open {
            Some(list) => list.contains(&i),
            None => pos == 0,
        };
        item(dom, &ol, f, i, ctx, is_open, defer)?;
    }
    Ok(())
}

/// One list item: the `<details>` of finding `i` (its body built now when `open && !defer`).
pub(crate) fn item(
    dom: &Dom,
    ol: &Element,
    f: &Finding,
    i: usize,
    ctx: &Ctx,
    open: bool,
    defer: bool,
) -> R {
    let li = dom.add(ol, "li", "w4-item")?;
    let det = dom.add(&li, "details", "w4-item-details")?;
    det.set_attribute("data-finding", &i.to_string())?;
    det.set_attribute("data-status", &f.status.to_string())?;
    det.set_attribute("data-entry", &f.entry.to_string())?;
    let top = f.causes.first();
    if let Some(c) = top {
        det.set_attribute("data-top-cause", c.id.as_str())?;
    }
    let sum = dom.add(&det, "summary", "w4-summary")?;
    let (host, path) = host_path(f.url.as_str());
    let line = dom.add(&sum, "span", "w4-sum-line")?;
    dom.text(&line, "span", "w4-code", &f.status.to_string())?;
    dom.put(&line, " ")?;
    dom.text(&line, "span", "w4-method", &f.method)?;
    dom.put(&line, " ")?;
    dom.text(&line, "span", "w4-path", &path)?;
    dom.put(&line, " ")?;
    dom.text(&line, "span", "w4-host", &host)?;
    if let Some(t) = f.started_ms {
        dom.put(&line, " ")?;
        dom.text(&line, "span", "w4-ago", &ago(t, ctx.now_ms))?;
    }
    if let Some(c) = top {
        let why = dom.add(&sum, "span", "w4-sum-why")?;
        dom.rich(&why, "span", "w4-top", &c.title)?;
        dom.put(&why, " ")?;
        dom.text(&why, "span", "w4-percent", &percent(c.confidence))?;
    }
    if open && !defer {
        det.set_attribute("open", "")?;
        let body = dom.add(&det, "div", "w4-body")?;
        finding::render(dom, &body, f, i, ctx)?;
    } else {
        det.set_attribute("data-lazy", "")?;
        if open {
            det.set_attribute("open", "")?;
        }
    }
    Ok(())
}
