//! A cookie or token that is plain JSON, base64-encoded or URL-encoded (already URL-decoded
//! by the caller), carrying times (`exp`, `iat`, `expires`, ...). Without a time field it
//! is not claimed: many cookies are JSON preferences.

use super::{b64_object, times_in, Family, Session};
use serde_json::Value;

pub fn decode(v: &str) -> Option<Session> {
    let obj: Value = if v.starts_with('{') {
        serde_json::from_str(v).ok()?
    } else if v.len() >= 8 && !v.contains(['.', ':', '|']) {
        b64_object(v)?
    } else {
        return None;
    };
    if !obj.is_object() {
        return None;
    }
    let (iat, exp) = times_in(&obj);
    if iat.is_none() && exp.is_none() {
        return None;
    }
    let mut s = Session::new(Family::Json, "JSON value with times (not signed)");
    s.readable = true;
    s.issued_s = iat;
    s.expires_s = exp;
    s.payload = Some(obj);
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table() {
        type Times = Option<(Option<f64>, Option<f64>)>;
        let cases: &[(&str, Times)] = &[
            ("{\"exp\":1764000000}", Some((None, Some(1_764_000_000.0)))),
            (
                "{\"expires\":\"2026-11-29T10:00:00Z\",\"iat\":1764000000000}",
                Some((Some(1_764_000_000.0), Some(1_795_946_400.0))),
            ),
            (
                "eyJleHAiOjE3NjQwMDAwMDB9",
                Some((None, Some(1_764_000_000.0))),
            ),
            ("{\"theme\":\"dark\"}", None),
            ("[1,2]", None),
            ("not json at all", None),
        ];
        for (v, want) in cases {
            assert_eq!(decode(v).map(|s| (s.issued_s, s.expires_s)), *want, "{v}");
        }
    }

    proptest! {
        #[test]
        fn prop_never_panics(v in "\\PC{0,200}") {
            let _ = decode(&v);
        }

        #[test]
        fn prop_exp_read(exp in 1_000_000_000u64..4_000_000_000) {
            let s = decode(&format!("{{\"exp\":{exp}}}")).unwrap();
            prop_assert_eq!(s.expires_s, Some(exp as f64));
        }
    }
}
