//! `extension/names.js` is what `src/names.rs` generates. `make names` (WHY401_BLESS=1)
//! writes it; this test fails when it is stale.

#[test]
fn extension_names_js_is_generated_from_src_names_rs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/names.js");
    let want = why401::names::js_module();
    if std::env::var_os("WHY401_BLESS").is_some() {
        std::fs::write(path, &want).expect("write extension/names.js");
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "extension/names.js is stale: run `make names` (src/names.rs is the source)"
    );
}
