//! The server's words: a body's human-readable texts (`parse::body`) and the general reader
//! (`messages::reader`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::messages::reader;
use why401::parse::body;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let texts = body::texts(text);
    assert!(texts.len() <= body::MAX_TEXTS);
    for t in &texts {
        // Cut at a char boundary, plus the ellipsis.
        assert!(t.text.len() <= body::MAX_TEXT + '…'.len_utf8(), "{:?}", t.text);
        let _ = t.field.label();
    }
    let _ = body::main_text(text);
    let found = reader::read(text);
    // Each reading once, with the words it read.
    for (i, f) in found.iter().enumerate() {
        assert!(!f.words.is_empty(), "{f:?}");
        assert!(found[i + 1..].iter().all(|g| g.reading != f.reading));
    }
});
