//! The whole diagnosis: a capture (any text the CLI or page reads, or the extension's
//! capture JSON) → `diagnose` → terminal text (plain and colour), Markdown, JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::model::Capture;
use why401::report::Report;
use why401::{diagnose::diagnose, input, output};

#[path = "common.rs"]
mod common;

/// Text a hostile value could turn into terminal escapes or hidden bidi reordering.
fn no_control(out: &str, what: &str) {
    if let Some(c) = out.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }) {
        panic!("{what} holds {c:?}");
    }
}

/// The colour text without its SGR sequences.
fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\x1b' && it.peek() == Some(&'[') {
            for d in it.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    // The extension's path: a capture as JSON. Otherwise the CLI's and page's: any text.
    let cap = match serde_json::from_slice::<Capture>(data) {
        Ok(c) => c,
        Err(_) => {
            let Ok(text) = input::text_from_bytes(data) else {
                return;
            };
            match input::capture(&text) {
                Ok((_, c)) => c,
                Err(_) => return,
            }
        }
    };
    let report = diagnose(&cap, &common::CTX);
    let failures = cap.entries.iter().filter(|e| e.is_auth_failure()).count();
    assert!(report.findings.len() <= failures);
    for f in &report.findings {
        assert!(!f.causes.is_empty(), "a finding with no cause");
    }

    let plain = output::text(&report, false);
    no_control(&plain, "text");
    let color = output::text(&report, true);
    assert_eq!(strip_sgr(&color), plain, "colour changes the text");
    let md = output::markdown(&report, None, &common::CTX);
    no_control(&md, "markdown");
    for i in 0..report.findings.len().min(3) {
        no_control(
            &output::markdown(&report, Some(i), &common::CTX),
            "markdown of one finding",
        );
    }
    let json = serde_json::to_string_pretty(&report).expect("report to JSON");
    let back: Report = serde_json::from_str(&json).expect("report JSON reads back");
    assert_eq!(back.findings.len(), report.findings.len());

    // Loose secret check (masking is being reworked): a long token68 credential that occurs
    // once in the whole capture never appears whole in any output.
    let all = serde_json::to_string(&cap).unwrap_or_default();
    for e in &cap.entries {
        for h in &e.request_headers {
            if !h.name.eq_ignore_ascii_case("authorization") {
                continue;
            }
            let Some((_, cred)) = h.value.trim().split_once(' ') else {
                continue;
            };
            let cred = cred.trim();
            let token68 = cred.len() >= 24
                && cred
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b));
            if token68 && all.matches(cred).count() == 1 {
                for (what, out) in [("text", &plain), ("markdown", &md), ("json", &json)] {
                    assert!(!out.contains(cred), "{what} shows the credential {cred:?}");
                }
            }
        }
    }
});
