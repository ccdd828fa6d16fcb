//! The wasm bindings (wasm-bindgen, camelCase names): the web page and the extension call
//! these. Every error comes back as a JS string; nothing here panics on any input.
//!
//! Which functions a build exports is chosen by cargo features, so each face ships only the
//! code it calls (`make wasm` builds one wasm per face; everything else is dead code the
//! linker drops). Always: `version`, `registrableDomain`, `cookieSite`. `wasm-diagnose`:
//! `diagnoseLatestJson`, `diagnoseCaptureMarkedJson` (the extension's background: the result
//! as JSON text, see [`crate::latest`]). `wasm-analyze`: `analyzeText`, `analyzeHar` and the
//! object forms `diagnoseCapture`, `diagnoseCaptureMarked`, `diagnoseLatest` (the page, tests).
//! `wasm-render`: `render`, `reportMarkdown` (popup, page).
//! The default features export everything (the page's wasm, tests).

use crate::model::{Capture, Ctx};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Serialises for JS with maps as plain objects (`JSON.stringify`-able), `None` as null.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&format!("could not hand the result to JavaScript: {e}")))
}

/// `finding` (from JS) as an index into `report.findings`, or the error `what` reports.
pub(crate) fn finding_index(
    what: &str,
    finding: Option<u32>,
    report: &crate::report::Report,
) -> Result<Option<usize>, JsValue> {
    match finding {
        Some(i) if (i as usize) >= report.findings.len() => Err(JsValue::from_str(&format!(
            "{what}: there is no finding {i} (the report has {})",
            report.findings.len()
        ))),
        other => Ok(other.map(|i| i as usize)),
    }
}

/// The context at `now_ms` (JS `Date.now()`), or the error every binding gives for a bad one.
pub(crate) fn ctx(now_ms: f64) -> Result<Ctx, JsValue> {
    if now_ms.is_finite() {
        Ok(Ctx::at(now_ms))
    } else {
        Err(JsValue::from_str(
            "nowMs must be a finite number of milliseconds (Date.now())",
        ))
    }
}

/// The crate version, e.g. "0.1.0".
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The registrable domain of a host name by the public suffix list ("a.b.example.co.uk" →
/// "example.co.uk"); IP addresses and single labels come back as they are, lower-cased.
#[wasm_bindgen(js_name = registrableDomain)]
pub fn registrable_domain(host: &str) -> String {
    crate::parse::url::registrable_domain(host)
}

/// What "clear this site's cookies" covers for a page on `host` (a URL's host, IPv6 in
/// brackets): `{domain, subdomains}`. A public suffix (`github.io`), an IP literal or a
/// single label is its own site, `subdomains: false` (only cookies of that exact host).
/// Built with `js_sys` (two fields), not serde: it is in every face, the background's too.
#[wasm_bindgen(js_name = cookieSite)]
pub fn cookie_site(host: &str) -> Result<JsValue, JsValue> {
    let site = crate::parse::url::cookie_site(host);
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"domain".into(), &site.domain.into())?;
    js_sys::Reflect::set(&o, &"subdomains".into(), &site.subdomains.into())?;
    Ok(o.into())
}

/// Diagnoses a capture (`model::Capture` as JSON, e.g. from the extension) → `Report`.
/// (The object form, for the page and tests; the background calls `diagnoseLatestJson`.)
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = diagnoseCapture))]
pub fn diagnose_capture(capture: JsValue, now_ms: f64) -> Result<JsValue, JsValue> {
    let ctx = ctx(now_ms)?;
    let capture: Capture = serde_wasm_bindgen::from_value(capture).map_err(|e| {
        JsValue::from_str(&format!(
            "diagnoseCapture: the capture is not in the expected shape: {e}"
        ))
    })?;
    to_js(&crate::diagnose::diagnose(&capture, &ctx))
}

/// [`diagnose_capture`] with placeholders left as markers (a keyed fingerprint per secret,
/// no number yet): for findings that are stored and shown together later (the popup's), so
/// the same secret gets the same number across them. [`render`] and [`report_markdown`]
/// number the report they are given.
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = diagnoseCaptureMarked))]
pub fn diagnose_capture_marked(capture: JsValue, now_ms: f64) -> Result<JsValue, JsValue> {
    let ctx = ctx(now_ms)?;
    let capture: Capture = serde_wasm_bindgen::from_value(capture).map_err(|e| {
        JsValue::from_str(&format!(
            "diagnoseCaptureMarked: the capture is not in the expected shape: {e}"
        ))
    })?;
    to_js(&crate::diagnose::diagnose_unnumbered(&capture, &ctx))
}

/// Detects what `text` is (HAR, `curl -v`, headers, JWT, ...) and analyses it → `input::Analysis`.
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = analyzeText))]
pub fn analyze_text(text: String, now_ms: f64) -> Result<JsValue, JsValue> {
    let ctx = ctx(now_ms)?;
    match crate::input::analyze(&text, &ctx) {
        Ok(a) => to_js(&a),
        Err(e) => Err(JsValue::from_str(&e.to_string())),
    }
}

/// [`analyze_text`] for a large input, calling `on_phase("parsing")` and then
/// `on_phase("diagnosing")` so a worker can report progress. Not a HAR or no 401 in it:
/// the same result as `analyzeText`. (An addition to the contract's exports.)
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = analyzeHar))]
pub fn analyze_har(
    text: String,
    now_ms: f64,
    on_phase: &js_sys::Function,
) -> Result<JsValue, JsValue> {
    let ctx = ctx(now_ms)?;
    let phase = |p: &str| {
        let _ = on_phase.call1(&JsValue::NULL, &JsValue::from_str(p));
    };
    phase("parsing");
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let capture = match crate::input::capture(trimmed) {
        Ok((crate::input::Kind::Har, capture)) => capture,
        _ => return analyze_text(text, now_ms),
    };
    phase("diagnosing");
    let report = crate::diagnose::diagnose(&capture, &ctx);
    if report.findings.is_empty() {
        return analyze_text(text, now_ms);
    }
    #[derive(Serialize)]
    struct HarAnalysis<'a> {
        kind: crate::input::Kind,
        report: &'a crate::report::Report,
        notes: Vec<String>,
    }
    to_js(&HarAnalysis {
        kind: crate::input::Kind::Har,
        report: &report,
        notes: Vec::new(),
    })
}

/// Builds `view` into `root` (its children are replaced). See [`crate::render`].
#[cfg_attr(feature = "wasm-render", wasm_bindgen)]
pub fn render(root: web_sys::Element, view: JsValue, options: JsValue) -> Result<(), JsValue> {
    crate::render::render(&root, view, options)
}

/// The redacted support-ticket report (Markdown) of `report`, or of one finding of it.
#[cfg_attr(feature = "wasm-render", wasm_bindgen(js_name = reportMarkdown))]
pub fn report_markdown(
    report: JsValue,
    finding: Option<u32>,
    now_ms: f64,
) -> Result<String, JsValue> {
    let ctx = ctx(now_ms)?;
    let mut report: crate::report::Report =
        serde_wasm_bindgen::from_value(report).map_err(|e| {
            JsValue::from_str(&format!(
                "reportMarkdown: the report is not in the expected shape: {e}"
            ))
        })?;
    let finding = finding_index("reportMarkdown", finding, &report)?;
    // Over the whole report, as the renderer numbers it, before one finding is chosen.
    crate::mask::number_report(&mut report);
    Ok(crate::output::markdown(&report, finding, &ctx))
}
