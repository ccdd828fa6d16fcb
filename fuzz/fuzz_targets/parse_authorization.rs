//! `Authorization` values: the parser, Basic decoding, placeholder detection.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::authorization::{decode_basic, parse_authorization, placeholder};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    let a = parse_authorization(s);
    assert_eq!(a.raw, s);
    common::within(s, a.credentials, "credentials");
    if let Some(scheme) = a.scheme {
        common::within(s, scheme, "scheme");
        assert!(!scheme.is_empty(), "empty scheme");
    }
    for (i, p) in a.problems.iter().enumerate() {
        common::offset_ok(s, p.offset, "problem");
        if i < common::CARETS {
            common::caret_ok(&p.caret(s));
        }
        assert!(!p.to_string().is_empty());
    }
    // Parsing is a function of the input.
    assert_eq!(parse_authorization(s), a);
    let _ = placeholder(a.credentials);
    match decode_basic(a.credentials) {
        Ok(b) => {
            // user:password came from base64 of at most credentials.len() bytes.
            assert!(b.user.len() + b.password.len() <= a.credentials.len());
        }
        Err(e) => {
            common::offset_ok(a.credentials, e.offset, "basic");
            common::caret_ok(&e.caret(a.credentials));
        }
    }
});
