//! `Cookie` request headers: parse, and format / re-parse of the named pairs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::cookie::{format_cookie_header, parse_cookie_header};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    let (pairs, errors) = parse_cookie_header(s);
    for (i, e) in errors.iter().enumerate() {
        common::offset_ok(s, e.offset, "cookie error");
        if i < common::CARETS {
            common::caret_ok(&e.caret(s));
        }
    }
    for p in &pairs {
        common::offset_ok(s, p.offset, "pair offset");
        common::within(s, p.name, "name");
        common::within(s, p.value, "value");
        assert!(!p.name.contains(';') && !p.value.contains(';'));
        assert!(!p.name.contains('='), "name holds '=': {:?}", p.name);
    }
    // Browsers send named pairs as `a=1; b=2`: writing them and reading them back gives
    // the same pairs.
    let named: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|p| !p.name.is_empty())
        .map(|p| (p.name, p.value))
        .collect();
    let again = format_cookie_header(&named);
    let (pairs2, _) = parse_cookie_header(&again);
    let back: Vec<(&str, &str)> = pairs2.iter().map(|p| (p.name, p.value)).collect();
    assert_eq!(back, named, "format → parse changed the pairs ({again:?})");
});
