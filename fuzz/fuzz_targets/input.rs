//! Input detection: bytes → text (BOM, UTF-16, binary refusal) → kind → capture / analysis.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::input::{analyze, capture, detect, text_from_bytes, Kind};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = match text_from_bytes(data) {
        Ok(t) => t,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let kind = detect(&text);
    // Detection is about the text, not the surrounding whitespace.
    if !text.starts_with('\u{feff}') {
        assert_eq!(
            detect(&format!("\n {text} \n")),
            kind,
            "kind depends on padding"
        );
    }
    match capture(&text) {
        Ok((k, c)) => {
            assert!(k.is_capture(), "{k:?} read as a capture");
            assert_eq!(k, kind);
            common::capture_ok(&c);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    match analyze(&text, &common::CTX) {
        Ok(a) => {
            assert_eq!(a.kind, kind, "analyze and detect disagree");
            assert_eq!(a.report.is_some(), kind.is_capture());
            if kind == Kind::Unknown {
                assert!(a.report.is_none() && a.token.is_none());
            }
            // The page gets the analysis as JSON: valid, and it reads back.
            let json = serde_json::to_string(&a).expect("analysis to JSON");
            let _: serde_json::Value = serde_json::from_str(&json).expect("analysis JSON");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
