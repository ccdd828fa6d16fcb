//! The extension's capture as a file: the `model::Capture` JSON the extension hands the core
//! (`source`, `entries`, `jar`, ...), e.g. a fixture captured from the real extension
//! (tests/capture/extension-captures.mjs). Read into the same model, cut to the same bounds as
//! a HAR's entries, and diagnosed by the same entry point.

use crate::model::{limits, Capture, Entry, JarCookie, Source};
use crate::parse::cut;
use serde::Deserialize;

/// Entries read from one capture file (as many as from a HAR).
const MAX_ENTRIES: usize = super::har::MAX_ENTRIES;
/// Cookies of the jar kept.
const MAX_JAR: usize = 2_000;

/// `model::Capture` with `source` and `entries` required and no other key: a HAR (`log`)
/// fails at its first key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    source: Source,
    entries: Vec<Entry>,
    #[serde(default)]
    jar: Option<Vec<JarCookie>>,
    #[serde(default)]
    client_now_ms: Option<f64>,
    #[serde(default)]
    sanitized: bool,
    #[serde(default)]
    notes: Vec<String>,
}

/// The capture in `text`, when it is one: a JSON object with `source` and `entries` and only
/// the other keys of a capture. `None` for anything else (a HAR, which the caller reads next).
pub fn parse_capture(text: &str) -> Option<Capture> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('{') {
        return None;
    }
    let s: Strict = serde_json::from_str(t).ok()?;
    let mut c = Capture {
        source: s.source,
        entries: s.entries,
        jar: s.jar,
        client_now_ms: s.client_now_ms,
        sanitized: s.sanitized,
        notes: s.notes,
    };
    let mut notes = Vec::new();
    if c.entries.len() > MAX_ENTRIES {
        notes.push(format!(
            "Only the first {MAX_ENTRIES} entries were read; {} more were skipped.",
            c.entries.len() - MAX_ENTRIES
        ));
        c.entries.truncate(MAX_ENTRIES);
    }
    let mut cut_any = false;
    let mut cut_to = |s: &mut String, max: usize| {
        if s.len() > max {
            *s = cut(s, max).to_string();
            cut_any = true;
        }
    };
    for (i, e) in c.entries.iter_mut().enumerate() {
        e.index = i;
        for hs in [&mut e.request_headers, &mut e.response_headers] {
            hs.truncate(limits::MAX_HEADERS);
            for h in hs.iter_mut() {
                cut_to(&mut h.name, 1024);
                cut_to(&mut h.value, limits::MAX_HEADER_VALUE);
            }
        }
        cut_to(&mut e.url, limits::MAX_HEADER_VALUE);
        if let Some(b) = e.response_body.as_mut() {
            cut_to(b, limits::MAX_BODY);
        }
        if let Some(b) = e.request_body.as_mut() {
            cut_to(b, limits::MAX_REQUEST_BODY);
        }
        e.header_changes.truncate(16);
    }
    if let Some(jar) = c.jar.as_mut() {
        jar.truncate(MAX_JAR);
        for k in jar.iter_mut() {
            cut_to(&mut k.value, limits::MAX_HEADER_VALUE);
        }
    }
    if cut_any {
        notes.push("Some values of the capture were longer than why401 reads and were cut.".into());
    }
    c.notes.truncate(64);
    c.notes.extend(notes);
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_a_capture() {
        let text = r#"{"source":{"extension":{"browser":"chrome"}},"entries":[{"method":"GET","url":"https://a.example/x","status":401,
            "header_changes":[{"name":"authorization","change":"removed","before":"0011"}]}],"client_now_ms":1}"#;
        let c = parse_capture(text).expect("a capture");
        assert_eq!(c.entries.len(), 1);
        assert_eq!(c.entries[0].header_changes[0].change, "removed");
        for not in [
            "",
            "{}",
            r#"{"log":{"entries":[]}}"#,
            r#"{"entries":[],"source":3}"#,
            "[1]",
            r#"{"source":{},"entries":"#,
        ] {
            assert!(parse_capture(not).is_none(), "{not}");
        }
    }

    #[test]
    fn cuts_long_values() {
        let long = "x".repeat(limits::MAX_HEADER_VALUE + 10);
        let text = format!(
            r#"{{"source":"unknown","entries":[{{"method":"GET","url":"u","status":401,"request_headers":[{{"name":"a","value":"{long}"}}]}}]}}"#
        );
        let c = parse_capture(&text).expect("a capture");
        assert_eq!(
            c.entries[0].request_headers[0].value.len(),
            limits::MAX_HEADER_VALUE
        );
        assert!(c.notes.iter().any(|n| n.contains("cut")));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = parse_capture(&s);
            let _ = parse_capture(&format!("{{\"source\":{{}},\"entries\":[{s}]}}"));
        }
    }
}
