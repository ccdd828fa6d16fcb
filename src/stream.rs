//! Big HARs in the web page: the worker's streaming diagnosis, and the page's windowed list.
//!
//! Worker side ([`analyze_har_stream`]): a HAR with many failures is diagnosed finding by
//! finding; findings are handed to JavaScript as they come, in small batches. The numbered
//! report stays in this module ([`last_report_markdown`] copies from it), so the page never
//! hands it back whole.
//!
//! Page side ([`render_window`]): the findings on screen, and spacers for the rest. The shell
//! (JS) keeps the findings and the scroll arithmetic; this builds the DOM, through the one
//! renderer (`render::list`).
//!
//! Findings cross as JS objects (serde-wasm-bindgen), not JSON texts: serde_json
//! (de)serialisers of `Finding` would be a second copy of that code in the wasm (measured:
//! +36 KB gzipped with the background's JSON binding).

use crate::input::Kind;
use crate::report::{Finding, Report};
use crate::wasm::to_js;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// A batch is handed over after this many findings, or this long after the previous one.
/// The page's main thread takes each batch in one task (structured clone, then the list):
/// 20 keeps its tasks short now that findings come faster (150 MB HAR, longest main-thread
/// task: 243 ms with 200, 97–180 ms with 50, 59–60 ms with 20).
const BATCH_FINDINGS: usize = 20;
const BATCH_MS: f64 = 40.0;

thread_local! {
    /// The last streamed report (numbered), for copying. One at a time: a new file replaces it.
    static LAST: RefCell<Option<Report>> = const { RefCell::new(None) };
}

use crate::wasm::ctx;

#[derive(Serialize)]
struct Streamed<'a> {
    kind: Kind,
    /// Findings went out through `onFindings`; this report holds only the notes.
    report: Report,
    notes: Vec<String>,
    streamed: bool,
    total: usize,
    /// Finding indices, newest first (the list's order).
    order: &'a [usize],
}

/// Analyses `text` like `analyzeHar`, except that a HAR with at least `min_stream` failures is
/// streamed: `on_findings(findings)` gets each batch of findings (in capture order,
/// numbered over the whole report), and the result is `{kind: "har", streamed: true, total,
/// order, report: {findings: [], notes}}`. Anything else: `analyzeHar`'s result.
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = analyzeHarStream))]
pub fn analyze_har_stream(
    text: String,
    now_ms: f64,
    on_phase: &js_sys::Function,
    on_findings: &js_sys::Function,
    min_stream: u32,
) -> Result<JsValue, JsValue> {
    let ctx = ctx(now_ms)?;
    LAST.with(|l| l.borrow_mut().take());
    let phase = |p: &str| {
        let _ = on_phase.call1(&JsValue::NULL, &JsValue::from_str(p));
    };
    phase("parsing");
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let capture = match crate::input::capture(trimmed) {
        Ok((Kind::Har, capture)) => capture,
        _ => return crate::wasm::analyze_text(text, now_ms),
    };
    let failures = capture
        .entries
        .iter()
        .filter(|e| e.is_auth_failure())
        .count();
    phase("diagnosing");
    if failures < min_stream as usize {
        let report = crate::diagnose::diagnose(&capture, &ctx);
        if report.findings.is_empty() {
            return crate::wasm::analyze_text(text, now_ms);
        }
        #[derive(Serialize)]
        struct HarAnalysis<'a> {
            kind: Kind,
            report: &'a Report,
            notes: Vec<String>,
        }
        return to_js(&HarAnalysis {
            kind: Kind::Har,
            report: &report,
            notes: Vec::new(),
        });
    }
    drop(text);
    let mut numbering = crate::mask::Numbering::default();
    let mut batch = js_sys::Array::new();
    let mut last = js_sys::Date::now();
    let mut sent = 0usize;
    let flush = |batch: &mut js_sys::Array| {
        if batch.length() > 0 {
            let _ = on_findings.call1(&JsValue::NULL, batch);
            *batch = js_sys::Array::new();
        }
    };
    let mut report = crate::diagnose::diagnose_each(&capture, &ctx, |f| {
        numbering.finding(f);
        batch.push(&to_js(&*f).unwrap_or(JsValue::NULL));
        sent += 1;
        let now = js_sys::Date::now();
        // The first finding goes out alone, at once.
        if sent == 1 || batch.length() as usize >= BATCH_FINDINGS || now - last >= BATCH_MS {
            flush(&mut batch);
            last = now;
        }
    });
    flush(&mut batch);
    drop(capture);
    for n in &mut report.notes {
        numbering.string(n);
    }
    let order = crate::render::list::newest_first(&report);
    let out = to_js(&Streamed {
        kind: Kind::Har,
        report: Report {
            findings: Vec::new(),
            notes: report.notes.clone(),
        },
        notes: Vec::new(),
        streamed: true,
        total: report.findings.len(),
        order: &order,
    });
    LAST.with(|l| *l.borrow_mut() = Some(report));
    out
}

/// [`analyze_har_stream`] for a file's bytes (UTF-8; invalid sequences become U+FFFD): the
/// worker hands the bytes over as read, so no JavaScript string of the whole file is made.
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = analyzeHarStreamBytes))]
pub fn analyze_har_stream_bytes(
    bytes: Vec<u8>,
    now_ms: f64,
    on_phase: &js_sys::Function,
    on_findings: &js_sys::Function,
    min_stream: u32,
) -> Result<JsValue, JsValue> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    analyze_har_stream(text, now_ms, on_phase, on_findings, min_stream)
}

/// The redacted Markdown report of the last streamed HAR, or of one finding of it.
#[cfg_attr(feature = "wasm-analyze", wasm_bindgen(js_name = lastReportMarkdown))]
pub fn last_report_markdown(finding: Option<u32>, now_ms: f64) -> Result<String, JsValue> {
    let ctx = ctx(now_ms)?;
    LAST.with(|l| {
        let l = l.borrow();
        let Some(report) = l.as_ref() else {
            return Err(JsValue::from_str(
                "lastReportMarkdown: no streamed report (analyse a HAR first)",
            ));
        };
        let finding = crate::wasm::finding_index("lastReportMarkdown", finding, report)?;
        Ok(crate::output::markdown(report, finding, &ctx))
    })
}

/// `view` of [`render_window`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WindowView {
    /// The findings on screen (from `onFindings`), in list order.
    findings: Vec<Finding>,
    /// Their indices in the report.
    indices: Vec<usize>,
    /// Findings diagnosed so far, and whether that is all of them.
    total: usize,
    done: bool,
    /// Heights (px) of the list above and below the findings on screen.
    top: f64,
    bottom: f64,
    /// Indices of the findings to show open.
    open: Vec<usize>,
    notes: Vec<String>,
}

/// Builds a streamed HAR's list into `root`: a heading, the notes, a spacer for the findings
/// above the screen, the findings on screen (`view.findings`), a spacer for those below.
/// `options` as for `render`. Opened findings build their full view lazily, as in the list.
#[cfg_attr(all(feature = "wasm-analyze", feature = "wasm-render"), wasm_bindgen(js_name = renderWindow))]
pub fn render_window(
    root: web_sys::Element,
    view: JsValue,
    options: JsValue,
) -> Result<(), JsValue> {
    let view: WindowView = serde_wasm_bindgen::from_value(view).map_err(|e| {
        JsValue::from_str(&format!(
            "renderWindow: the view is not in the expected shape: {e}"
        ))
    })?;
    let options: crate::render::Options = if options.is_undefined() || options.is_null() {
        crate::render::Options::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| {
            JsValue::from_str(&format!(
                "renderWindow: the options are not in the expected shape: {e}"
            ))
        })?
    };
    crate::render::window::render(
        &root,
        &crate::render::window::Window {
            findings: view.findings,
            indices: view.indices,
            total: view.total,
            done: view.done,
            top: view.top,
            bottom: view.bottom,
            open: view.open,
            notes: view.notes,
        },
        &options,
    )
}
