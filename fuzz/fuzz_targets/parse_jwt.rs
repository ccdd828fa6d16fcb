//! JWT decoding (JWS decoded, JWE recognised) and the cheap shape test.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::jwt::{self, Token, MAX_TOKEN_BYTES};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    let looks = jwt::looks_like_jwt(s);
    if looks {
        assert!(s.len() <= MAX_TOKEN_BYTES && s.starts_with("eyJ"));
    }
    match jwt::decode(s) {
        Ok(Token::Jws(j)) => {
            assert!(s.len() <= MAX_TOKEN_BYTES);
            // Registered time claims are numbers a date formatter can take.
            for t in [j.exp, j.nbf, j.iat].into_iter().flatten() {
                assert!(t.is_finite(), "non-finite time claim {t}");
                let _ = why401::parse::date::format_utc(t);
            }
            // What was decoded serialises back to JSON.
            let h = serde_json::to_string(&j.header).expect("header to JSON");
            let c = serde_json::to_string(&j.claims).expect("claims to JSON");
            let _: serde_json::Value = serde_json::from_str(&h).expect("header JSON re-reads");
            let _: serde_json::Value = serde_json::from_str(&c).expect("claims JSON re-reads");
        }
        Ok(Token::Jwe(_)) => {}
        Err(e) => {
            common::offset_ok(s, e.offset, "jwt error");
            common::caret_ok(&e.caret(s));
            assert!(!e.to_string().is_empty());
        }
    }
    // base64url encoding of the raw bytes never panics and stays in the alphabet.
    let enc = jwt::b64url_encode(data);
    assert!(enc
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
});
