//! The `curl -v` / pasted header block reader.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::raw::{is_curl, parse_raw, MAX_EXCHANGES};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    let _ = is_curl(s);
    match parse_raw(s) {
        Ok(c) => {
            assert!(!c.entries.is_empty(), "Ok with no exchange");
            assert!(c.entries.len() <= MAX_EXCHANGES);
            common::capture_ok(&c);
            let _ = why401::diagnose::diagnose(&c, &common::CTX);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
