//! "Export sanitized HAR": the timeline's exchanges (and only those) as a HAR 1.2 file,
//! masked by [`crate::mask::export`] so it can be shared and still diagnoses the same
//! when loaded back into the web page or the CLI (tested: `tests/panel_export.rs`).
//! Response bodies are kept (masked) only up to the core's own limit.

use super::relevant;
use crate::mask::export::ExportMask;
use crate::model::{Capture, Entry, Header, Source};
use serde_json::{json, Value};

/// The creator name written into the file (`log.creator.name`).
pub const CREATOR: &str = "why401 DevTools panel";

/// The sanitized HAR of `capture`'s auth-relevant exchanges, as pretty JSON text.
pub fn export_har(capture: &Capture) -> String {
    let mut mask = ExportMask::default();
    let entries: Vec<Value> = relevant(capture)
        .into_iter()
        .map(|(pos, _)| entry(&mut mask, &capture.entries[pos]))
        .collect();
    let mut har = json!({
        "log": {
            "version": "1.2",
            "creator": creator(capture),
            "comment": "Auth-relevant requests only. Credentials are replaced by why401-masked fillers of the same length; JWTs keep their claims, not their signatures.",
            "entries": entries,
        }
    });
    mask.scrub(&mut har);
    serde_json::to_string_pretty(&har).unwrap_or_default()
}

/// The original creator's name is kept (the HAR reader reads what an export from that
/// browser leaves out, e.g. a Chromium export without credentials), why401 in its comment.
fn creator(capture: &Capture) -> Value {
    let name = match &capture.source {
        Source::Har { creator } if !creator.is_empty() => creator.clone(),
        _ => CREATOR.to_string(),
    };
    json!({ "name": name, "version": "", "comment": format!("{CREATOR} {}", env!("CARGO_PKG_VERSION")) })
}

fn headers(mask: &mut ExportMask, list: &[Header]) -> Value {
    Value::Array(
        list.iter()
            .map(|h| json!({ "name": h.name, "value": mask.header(&h.name, &h.value) }))
            .collect(),
    )
}

fn entry(mask: &mut ExportMask, e: &Entry) -> Value {
    let req_type = e.request_header("content-type");
    let resp_type = e.response_header("content-type");
    let mut request = json!({
        "method": e.method,
        "url": mask.url(&e.url),
        "httpVersion": "",
        "headers": headers(mask, &e.request_headers),
        "queryString": [],
        "cookies": [],
        "headersSize": -1,
        "bodySize": -1,
    });
    if let Some(body) = &e.request_body {
        request["postData"] = json!({
            "mimeType": req_type.unwrap_or(""),
            "text": mask.body(req_type, body),
        });
    }
    let mut content = json!({ "size": -1, "mimeType": resp_type.unwrap_or("") });
    if let Some(body) = &e.response_body {
        content["text"] = Value::String(mask.body(resp_type, body));
    }
    let mut out = json!({
        "startedDateTime": e.started_ms.map(iso).unwrap_or_default(),
        "time": -1,
        "request": request,
        "response": {
            "status": e.status,
            "statusText": e.status_text,
            "httpVersion": "",
            "headers": headers(mask, &e.response_headers),
            "cookies": [],
            "content": content,
            "redirectURL": e.redirect_url.as_deref().map(|u| mask.url(u)).unwrap_or_default(),
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": { "send": -1, "wait": -1, "receive": -1 },
    });
    if let Some(t) = &e.resource_type {
        out["_resourceType"] = Value::String(t.clone());
    }
    if let Some(err) = &e.error {
        out["_error"] = Value::String(err.clone());
    }
    out
}

/// Unix ms → `2026-11-25T14:02:00.123Z`.
fn iso(ms: f64) -> String {
    let s = crate::parse::date::format_utc(ms / 1000.0);
    let frac = (ms.rem_euclid(1000.0)).floor() as u32;
    // format_utc: "YYYY-MM-DD HH:MM:SS UTC"
    let base = s.trim_end_matches(" UTC").replacen(' ', "T", 1);
    format!("{base}.{frac:03}Z")
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_times() {
        assert_eq!(super::iso(1_764_079_320_123.0), "2025-11-25T14:02:00.123Z");
        assert_eq!(super::iso(0.0), "1970-01-01T00:00:00.000Z");
    }
}
