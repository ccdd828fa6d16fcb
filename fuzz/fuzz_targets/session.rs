//! Session cookies and bare credentials recognised by format (`parse::session`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::session;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    // `name=value`, or a bare value.
    let (name, value) = text.split_once('=').unwrap_or(("", text));
    let a = session::decode(name, value);
    let b = session::decode(name, value);
    assert_eq!(a.is_some(), b.is_some(), "deterministic");
    if let Some(s) = a {
        // Times read from a value are finite.
        assert!(s.issued_s.map_or(true, f64::is_finite));
        assert!(s.expires_s.map_or(true, f64::is_finite));
    }
});
