//! The background's diagnosis binding: a capture in, only what the popup keeps out (the
//! newest failure's finding, and the notes), not the whole report.

use crate::model::{Capture, Ctx};
use crate::report::Finding;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct Latest<'a> {
    /// The finding of the capture's last entry (else the last finding), placeholders marked.
    finding: Option<&'a Finding>,
    notes: &'a [String],
}

/// `diagnoseCaptureMarked` for the background: returns `{finding, notes}` where `finding` is
/// the last entry's finding (else the last finding, else null), placeholders left as markers.
#[cfg_attr(feature = "wasm-diagnose", wasm_bindgen(js_name = diagnoseLatest))]
pub fn diagnose_latest(capture: JsValue, now_ms: f64) -> Result<JsValue, JsValue> {
    if !now_ms.is_finite() {
        return Err(JsValue::from_str(
            "nowMs must be a finite number of milliseconds (Date.now())",
        ));
    }
    let capture: Capture = serde_wasm_bindgen::from_value(capture).map_err(|e| {
        JsValue::from_str(&format!(
            "diagnoseLatest: the capture is not in the expected shape: {e}"
        ))
    })?;
    let report = crate::diagnose::diagnose_unnumbered(&capture, &Ctx::at(now_ms));
    let last = capture.entries.len().saturating_sub(1);
    let finding = report
        .findings
        .iter()
        .find(|f| f.entry == last)
        .or(report.findings.last());
    crate::wasm::to_js(&Latest {
        finding,
        notes: &report.notes,
    })
}
