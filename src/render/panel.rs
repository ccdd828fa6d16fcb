//! The DevTools panel's wasm bindings (camelCase): the panel page hands over the HAR it
//! read from `devtools.network` and the background's stored report for the tab; the core
//! classifies, diagnoses, diffs ([`crate::timeline`]) and draws ([`super::timeline`]), or
//! writes the sanitized HAR. Errors are JS strings; nothing panics.

use super::dom::Dom;
use super::timeline::{render, PanelOptions};
use crate::model::{Capture, Ctx};
use crate::report::Report;
use crate::timeline::{export::export_har, panel_view, Timeline};
use wasm_bindgen::prelude::*;

fn capture_of(har: &str) -> Result<Capture, JsValue> {
    crate::har::parse_har(har).map_err(|e| JsValue::from_str(&format!("the panel's HAR: {e}")))
}

thread_local! {
    /// The panel's timeline, kept here between [`panel_view_js`] and [`render_panel`] (a
    /// filter redraws without going through JS; measured: handing the view to JS and back
    /// cost the wasm ~+14 KB gzipped of (de)serialisers).
    static VIEW: std::cell::RefCell<Timeline> = std::cell::RefCell::new(Timeline::default());
}

/// Builds the panel's view (`timeline::Timeline`) of `har` (HAR JSON text from
/// `devtools.network`), with `stored` (the background's report for the tab, or null)
/// merged, and keeps it for [`render_panel`]. Returns `{items, failures}` (counts).
#[cfg_attr(feature = "wasm-panel", wasm_bindgen(js_name = panelView))]
pub fn panel_view_js(har: String, stored: JsValue, now_ms: f64) -> Result<JsValue, JsValue> {
    if !now_ms.is_finite() {
        return Err(JsValue::from_str(
            "panelView: nowMs must be a finite number",
        ));
    }
    let capture = capture_of(&har)?;
    let stored: Option<Report> = if stored.is_null() || stored.is_undefined() {
        None
    } else {
        Some(serde_wasm_bindgen::from_value(stored).map_err(|e| {
            JsValue::from_str(&format!(
                "panelView: the stored report is not in the expected shape: {e}"
            ))
        })?)
    };
    let view = panel_view(&capture, stored.as_ref(), &Ctx::at(now_ms));
    let counts = js_sys::Object::new();
    let failures = view.items.iter().filter(|i| i.finding.is_some()).count();
    js_sys::Reflect::set(&counts, &"items".into(), &(view.items.len() as f64).into())?;
    js_sys::Reflect::set(&counts, &"failures".into(), &(failures as f64).into())?;
    VIEW.with(|v| *v.borrow_mut() = view);
    Ok(counts.into())
}

/// Draws the view the last `panelView` built into `root` with `options`
/// (`{nowMs, filter, kind, recording}`).
#[cfg_attr(feature = "wasm-panel", wasm_bindgen(js_name = renderPanel))]
pub fn render_panel(root: web_sys::Element, options: JsValue) -> Result<(), JsValue> {
    let options: PanelOptions = if options.is_undefined() || options.is_null() {
        PanelOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| {
            JsValue::from_str(&format!(
                "renderPanel: the options are not in the expected shape: {e}"
            ))
        })?
    };
    let doc = root
        .owner_document()
        .ok_or_else(|| JsValue::from_str("renderPanel: the root element has no document"))?;
    super::actions::bind(&root)?;
    VIEW.with(|v| render(&Dom::new(doc), &root, &v.borrow(), &options))
}

/// The sanitized HAR (JSON text) of `har`'s auth-relevant exchanges: loads back into the
/// web page and the CLI and diagnoses the same (see `timeline::export`).
#[cfg_attr(feature = "wasm-panel", wasm_bindgen(js_name = exportSanitizedHar))]
pub fn export_sanitized_har(har: String) -> Result<String, JsValue> {
    Ok(export_har(&capture_of(&har)?))
}
