//! Tornado `set_secure_cookie` values. Version 2: `2|1:0|10:<ts>|<n>:<name>|<n>:<b64 value>|<hex sig>`
//! (length-prefixed fields, HMAC-SHA256 in hex); version 1: `<b64 value>|<ts>|<hex sig>`.
//! The value and the timestamp are readable.

use super::{b64, Family, Session};
use serde_json::Value;

/// One `len:data|` field of a v2 value; returns the data and the rest after `|`.
fn field(s: &str) -> Option<(&str, &str)> {
    let (len, rest) = s.split_once(':')?;
    if len.is_empty() || len.len() > 5 {
        return None;
    }
    let n: usize = len.parse().ok()?;
    let data = rest.get(..n)?;
    let after = rest.get(n..)?.strip_prefix('|')?;
    Some((data, after))
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn readable(b64v: &str) -> Value {
    match b64(b64v, false).and_then(|b| String::from_utf8(b).ok()) {
        Some(t) => serde_json::from_str::<Value>(&t)
            .ok()
            .filter(|v| v.is_object())
            .unwrap_or_else(|| Value::String(t.chars().take(256).collect())),
        None => Value::String("(not base64)".to_string()),
    }
}

pub fn decode(v: &str) -> Option<Session> {
    if let Some(rest) = v.strip_prefix("2|") {
        let (_key_version, rest) = field(rest)?;
        let (ts, rest) = field(rest)?;
        let (name, rest) = field(rest)?;
        let (value, sig) = field(rest)?;
        // Tornado writes whole seconds; a number that overflows (`1.e999`) is no time.
        let ts: f64 = ts.parse().ok().filter(|t: &f64| t.is_finite())?;
        if !is_hex(sig) {
            return None;
        }
        let mut s = Session::new(Family::Tornado, "Tornado secure cookie (v2)");
        s.readable = true;
        s.issued_s = Some(ts);
        s.signature_len = Some(sig.len() / 2);
        s.payload = Some(readable(value));
        s.notes.push(format!(
            "signed, not encrypted: the value is readable; signed for cookie name `{}`",
            name.chars().take(64).collect::<String>()
        ));
        return Some(s);
    }
    let mut parts = v.split('|');
    let (value, ts, sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !is_hex(sig) || sig.len() != 40 && sig.len() != 64 {
        return None;
    }
    if ts.len() != 10 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut s = Session::new(Family::Tornado, "Tornado secure cookie (v1)");
    s.readable = true;
    s.issued_s = ts.parse().ok();
    s.signature_len = Some(sig.len() / 2);
    s.payload = Some(readable(value));
    s.notes
        .push("signed, not encrypted: the value is readable".to_string());
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_values() {
        // Made by tornado 6.6.1 create_signed_value("why401-capture", "user", "alice").
        let v2 = decode("2|1:0|10:1795981762|4:user|8:YWxpY2U=|6415da000b1a28f3092d2f6fdb9628ded7278abcd40d4c6af56e788659bf8da6").unwrap();
        assert_eq!(v2.issued_s, Some(1_795_981_762.0));
        assert_eq!(v2.payload, Some(Value::String("alice".into())));
        let v1 = decode("YWxpY2U=|1795981762|a3b7754a10c3b916eab1707c32f5a77259bd1751").unwrap();
        assert_eq!(v1.kind, "Tornado secure cookie (v1)");
    }

    #[test]
    fn table() {
        let sig = "a".repeat(64);
        let v2 = format!("2|1:0|10:1764434241|4:user|8:YWxpY2U=|{sig}");
        let s = decode(&v2).unwrap();
        assert_eq!(s.issued_s, Some(1_764_434_241.0));
        assert_eq!(s.payload, Some(Value::String("alice".into())));
        assert_eq!(s.signature_len, Some(32));
        let v1 = format!("YWxpY2U=|1764434241|{}", "b".repeat(40));
        assert_eq!(decode(&v1).unwrap().issued_s, Some(1_764_434_241.0));
        for bad in [
            "2|1:0|99:1|",
            "2|",
            "a|b|c",
            "2|1:0|10:1764434241|4:user|8:YWxpY2U=|zz",
            // An overflowing time (found by fuzz/session).
            "2|1:0|10:17959.e597|4:user|8:YWxpY2U=|6e74fb37",
        ] {
            assert!(decode(bad).is_none(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn prop_never_panics(v in "[0-9a-zA-Z|:=]{0,120}") {
            let _ = decode(&v);
        }

        #[test]
        fn prop_v2_round_trip(ts in 1_000_000_000u64..9_999_999_999, name in "[a-z]{1,9}") {
            let v = format!("2|1:0|10:{ts}|{}:{name}|4:YWJj|{}", name.len(), "0f".repeat(32));
            let s = decode(&v).unwrap();
            prop_assert_eq!(s.issued_s, Some(ts as f64));
        }
    }
}
