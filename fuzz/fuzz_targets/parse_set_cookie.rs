//! `Set-Cookie` response headers (RFC 6265bis).
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::cookie::{parse_set_cookie, MAX_NAME_VALUE_BYTES};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    match parse_set_cookie(s) {
        Ok(c) => {
            common::within(s, c.name, "name");
            common::within(s, c.value, "value");
            assert_eq!(c.bytes, c.name.len() + c.value.len());
            assert!(c.bytes > 0 && c.bytes <= MAX_NAME_VALUE_BYTES);
            if let Some(d) = c.domain {
                common::within(s, d, "domain");
                assert!(!d.is_empty(), "empty domain");
            }
            if let Some(p) = c.path {
                common::within(s, p, "path");
                assert!(p.starts_with('/'), "path {p:?}");
            }
            if let Some(e) = c.expires {
                assert!(e.is_finite(), "expires {e}");
            }
            let _ = c.deletes(common::CTX.now_ms / 1000.0);
        }
        Err(e) => {
            common::offset_ok(s, e.offset, "set-cookie error");
            common::caret_ok(&e.caret(s));
        }
    }
});
