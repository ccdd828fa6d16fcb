//! The HAR reader (streaming, lenient) and the sanitized-export detection.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::har::{parse_har, MAX_ENTRIES};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    match parse_har(s) {
        Ok(c) => {
            assert!(c.entries.len() <= MAX_ENTRIES);
            common::capture_ok(&c);
            // One diagnosis over what was read never panics either.
            let _ = why401::diagnose::diagnose(&c, &common::CTX);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
