//! Helpers shared by the fuzz targets (included with `#[path]`, not a target itself).
#![allow(dead_code)]

use why401::model::Ctx;

/// A fixed "now" (2026-11-29 12:00:00 UTC) so a run is reproducible.
pub const CTX: Ctx = Ctx::at(1_795_953_600_000.0);

/// The input as UTF-8, or `None` (string parsers take `&str`; invalid UTF-8 is the
/// callers' business, and `input` / `diagnose` test that path).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A byte offset a parser reported: inside the input and on a char boundary.
pub fn offset_ok(input: &str, offset: usize, what: &str) {
    assert!(
        offset <= input.len(),
        "{what}: offset {offset} past the end ({})",
        input.len()
    );
    assert!(
        input.is_char_boundary(offset),
        "{what}: offset {offset} inside a UTF-8 character"
    );
}

/// `sub` is a slice of `whole` (parsers borrow the input, they do not copy it). An empty
/// `sub` may be any empty string.
pub fn within(whole: &str, sub: &str, what: &str) {
    if sub.is_empty() {
        return;
    }
    let w = whole.as_ptr() as usize;
    let s = sub.as_ptr() as usize;
    assert!(
        s >= w && s + sub.len() <= w + whole.len(),
        "{what}: {sub:?} is not a slice of the input"
    );
}

/// Carets rendered per input: each is linear in the input, so rendering one per error of
/// an input made of errors (`;;;;…`) is quadratic in the target, not in the parser.
pub const CARETS: usize = 8;

/// The caret rendering ends with the label line and never panics.
pub fn caret_ok(caret: &str) {
    let last = caret.lines().last().unwrap_or("");
    assert!(last.trim_start().starts_with("^ "), "caret line: {caret:?}");
}

/// Splits the input in two at the first NUL (for targets that take two strings).
pub fn two(s: &str) -> (&str, &str) {
    s.split_once('\0').unwrap_or((s, ""))
}

use why401::model::{limits, Capture};

/// What every reader promises of a capture: bounded headers and bodies, and plain data
/// that goes to JSON and back (the extension hands captures to the core as JSON).
pub fn capture_ok(c: &Capture) {
    for e in &c.entries {
        for hs in [&e.request_headers, &e.response_headers] {
            assert!(hs.len() <= limits::MAX_HEADERS, "{} headers", hs.len());
            for h in hs {
                assert!(
                    h.value.len() <= limits::MAX_HEADER_VALUE,
                    "header {:?} of {} bytes",
                    h.name,
                    h.value.len()
                );
            }
        }
        if let Some(b) = &e.response_body {
            assert!(b.len() <= limits::MAX_BODY, "body of {} bytes", b.len());
        }
        if let Some(t) = e.started_ms {
            assert!(t.is_finite(), "started_ms {t}");
        }
    }
    let json = serde_json::to_string(c).expect("capture to JSON");
    let back: Capture = serde_json::from_str(&json).expect("capture JSON reads back");
    assert_eq!(back.entries.len(), c.entries.len());
}
