//! The background's diagnosis bindings: a capture in (a JS object), only what the popup keeps
//! out (the newest failure's finding, and the notes) as JSON text for `JSON.parse`.
//!
//! Measured (issue 12, `tests/bench/diagnose.mjs`, interleaved, Node 20): object in and JSON
//! text out is the fastest of the three forms (objects both ways via serde-wasm-bindgen:
//! +7%; JSON text both ways: +12%, the `JSON.stringify` of the capture costs more than
//! serde-wasm-bindgen's reading of it) and the smallest wasm: serde_json's writer is linked
//! anyway, serde-wasm-bindgen's writer no longer is.

use crate::model::{Capture, Ctx};
use crate::report::{Finding, Report};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct Latest<'a> {
    /// The finding of the capture's last entry (else the last finding), placeholders marked.
    finding: Option<&'a Finding>,
    notes: &'a [String],
}

/// The capture `what` was given (`model::Capture` as a JS object).
fn read(what: &str, capture: JsValue, now_ms: f64) -> Result<(Capture, Ctx), JsValue> {
    let ctx = crate::wasm::ctx(now_ms)?;
    let capture: Capture = serde_wasm_bindgen::from_value(capture).map_err(|e| {
        JsValue::from_str(&format!(
            "{what}: the capture is not in the expected shape: {e}"
        ))
    })?;
    Ok((capture, ctx))
}

/// `value` as JSON text (never fails for the core's types: string keys; a number that is
/// not finite becomes null).
fn json<T: Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value)
        .map_err(|e| JsValue::from_str(&format!("could not write the result as JSON: {e}")))
}

/// The last entry's finding (else the last finding, else none) of `report` on `capture`.
fn latest<'a>(capture: &Capture, report: &'a Report) -> Option<&'a Finding> {
    let last = capture.entries.len().saturating_sub(1);
    report
        .findings
        .iter()
        .find(|f| f.entry == last)
        .or(report.findings.last())
}

/// For the background: `capture` (`model::Capture`) → `{finding, notes}` as JSON text, where
/// `finding` is the last entry's finding (else the last finding, else null), placeholders
/// left as markers (as `diagnoseCaptureMarked`).
#[cfg_attr(feature = "wasm-diagnose", wasm_bindgen(js_name = diagnoseLatestJson))]
pub fn diagnose_latest_json(capture: JsValue, now_ms: f64) -> Result<String, JsValue> {
    let (capture, ctx) = read("diagnoseLatestJson", capture, now_ms)?;
    let report = crate::diagnose::diagnose_unnumbered(&capture, &ctx);
    json(&Latest {
        finding: latest(&capture, &report),
        notes: &report.notes,
    })
}

/// `diagnoseCaptureMarked` with the report as JSON text: the whole report, placeholders left
/// as markers.
#[cfg_attr(feature = "wasm-diagnose", wasm_bindgen(js_name = diagnoseCaptureMarkedJson))]
pub fn diagnose_capture_marked_json(capture: JsValue, now_ms: f64) -> Result<String, JsValue> {
    let (capture, ctx) = read("diagnoseCaptureMarkedJson", capture, now_ms)?;
    json(&crate::diagnose::diagnose_unnumbered(&capture, &ctx))
}

/// `diagnoseLatestJson` with a JS object out (serde-wasm-bindgen): the page and tests.
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = diagnoseLatest))]
pub fn diagnose_latest(capture: JsValue, now_ms: f64) -> Result<JsValue, JsValue> {
    let (capture, ctx) = read("diagnoseLatest", capture, now_ms)?;
    let report = crate::diagnose::diagnose_unnumbered(&capture, &ctx);
    crate::wasm::to_js(&Latest {
        finding: latest(&capture, &report),
        notes: &report.notes,
    })
}
