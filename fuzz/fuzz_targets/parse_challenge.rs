//! `WWW-Authenticate` / `Proxy-Authenticate` challenge lists.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::challenge::parse_challenges;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    let (challenges, errors) = parse_challenges(s);
    for (i, e) in errors.iter().enumerate() {
        common::offset_ok(s, e.offset, "challenge error");
        if i < common::CARETS {
            common::caret_ok(&e.caret(s));
        }
    }
    // At most one challenge per byte: the parser always moves forward.
    assert!(challenges.len() <= s.len());
    for c in &challenges {
        assert!(!c.scheme.is_empty(), "empty scheme");
        common::within(s, c.scheme, "scheme");
        if let Some(t) = c.token68 {
            common::within(s, t, "token68");
            assert!(c.params.is_empty(), "token68 and params together");
        }
        for (i, (n, v)) in c.params.iter().enumerate() {
            common::within(s, n, "param name");
            assert!(!n.is_empty(), "empty param name");
            assert!(v.len() <= s.len(), "unescaped value longer than the input");
            // A repeated name keeps its first value only.
            assert!(
                !c.params[..i].iter().any(|(m, _)| m.eq_ignore_ascii_case(n)),
                "duplicate param {n:?}"
            );
        }
        let _ = (
            c.realm(),
            c.error(),
            c.error_description(),
            c.scope(),
            c.stale(),
        );
    }
    assert_eq!(parse_challenges(s), (challenges, errors));
});
