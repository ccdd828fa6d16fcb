//! A streamed HAR's list, windowed: only the findings on screen are built; spacers stand for
//! the others, so a HAR with thousands of 401s costs the page a few dozen elements. Items are
//! the list's own ([`super::list`]); `data-slot` tells the lazy builder ([`super::actions`])
//! where a finding sits in this window's state, `data-finding` is its index in the report.

use super::dom::{Dom, R};
use super::{actions, analysis, list, Ctx, Options};
use crate::report::{Finding, Report};
use wasm_bindgen::JsValue;
use web_sys::Element;

/// What [`render`] shows.
pub struct Window {
    /// The findings on screen, in list order, and their indices in the report.
    pub findings: Vec<Finding>,
    pub indices: Vec<usize>,
    /// Findings diagnosed so far; `done` once that is all.
    pub total: usize,
    pub done: bool,
    /// Heights (px) of the list above and below the window.
    pub top: f64,
    pub bottom: f64,
    /// Report indices of the findings shown open.
    pub open: Vec<usize>,
    pub notes: Vec<String>,
}

/// Replaces `root`'s children with the window.
pub fn render(root: &Element, w: &Window, options: &Options) -> Result<(), JsValue> {
    let doc = root
        .owner_document()
        .ok_or_else(|| JsValue::from_str("renderWindow: the root element has no document"))?;
    let dom = Dom::new(doc);
    actions::bind(root)?;
    root.set_text_content(None);
    root.class_list().add_1("w4-root")?;
    let ctx = Ctx {
        popup: false,
        now_ms: options.now_ms,
        reveal: options.reveal,
        undo: false,
    };
    actions::set_state(
        root,
        std::rc::Rc::new(actions::State {
            report: Report {
                findings: w.findings.clone(),
                notes: Vec::new(),
            },
            ctx: ctx.clone(),
        }),
    );
    let p = dom.add(root, "p", "w4-detected")?;
    p.set_attribute("data-kind", "har")?;
    dom.put(&p, "Detected: ")?;
    dom.text(&p, "strong", "", analysis::kind_label("har"))?;
    analysis::notes_box(&dom, root, &w.notes)?;
    build(&dom, root, w, &ctx).map_err(|e| {
        if e.is_string() {
            e
        } else {
            JsValue::from_str("renderWindow: the DOM refused an element")
        }
    })
}

fn build(dom: &Dom, root: &Element, w: &Window, ctx: &Ctx) -> R {
    let sec = dom.add(root, "section", "w4-findings")?;
    sec.set_attribute("aria-label", "Failed requests")?;
    sec.set_attribute("data-window", "")?;
    sec.set_attribute("data-total", &w.total.to_string())?;
    let n = w.total;
    let heading = format!(
        "{n} request{} answered 401 or 407{}",
        if n == 1 { "" } else { "s" },
        if w.done {
            ""
        } else {
            " so far (diagnosing…)"
        }
    );
    let h = dom.text(&sec, "h2", "w4-h2", &heading)?;
    if !w.done {
        h.set_attribute("aria-busy", "true")?;
    }
    let spacer = |px: f64, class: &str| -> R {
        let s = dom.add(&sec, "div", class)?;
        s.set_attribute("aria-hidden", "true")?;
        // The page's CSP allows no style attribute: the shell sets the height from this.
        s.set_attribute("data-px", &px.max(0.0).round().to_string())?;
        Ok(())
    };
    spacer(w.top, "w4-spacer w4-spacer-top")?;
    let ol = dom.add(&sec, "ol", "w4-list")?;
    for (slot, (f, &i)) in w.findings.iter().zip(&w.indices).enumerate() {
        let open = w.open.contains(&i);
        list::item(dom, &ol, f, i, ctx, open, false)?;
        if let Some(det) = ol
            .last_element_child()
            .and_then(|li| li.first_element_child())
        {
            det.set_attribute("data-slot", &slot.to_string())?;
            if open {
                // Built at once above from the finding itself: the lazy builder reads it by slot.
                det.remove_attribute("data-lazy")?;
            }
        }
    }
    spacer(w.bottom, "w4-spacer w4-spacer-bottom")?;
    Ok(())
}
