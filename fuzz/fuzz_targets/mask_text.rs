//! Masking free text, header values and bodies (`mask`): no panic, bounded, and masking
//! shown text again changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::mask::{MaskedText, MaskedUrl};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let t = MaskedText::text(text);
    let again = MaskedText::text(t.as_str());
    assert_eq!(again.as_str(), t.as_str(), "masking twice changes nothing");
    let _ = MaskedText::body(Some("application/json"), text);
    let _ = MaskedText::body(None, text);
    let (name, value) = text.split_once(':').unwrap_or(("X-Note", text));
    let _ = MaskedText::header(name, value);
    let u = MaskedUrl::new(text);
    assert!(u.as_str().len() <= text.len().max(64) * 8 + 4096);
});
