//! Flask / itsdangerous (`payload.timestamp.signature`) and Django `signing`
//! (`value:timestamp:signature`) values: the payload and the timestamp are readable.
//!
//! Both put an optional `.` before a zlib-compressed base64url payload. itsdangerous
//! encodes the timestamp as big-endian bytes in base64url (epoch 1970 since 1.0, 2011-01-01
//! before); Django writes it in base62. Signatures are HMACs: SHA-1 (20 bytes) or SHA-256
//! (32 bytes), never checked here.

use super::{b64, inflate, is_b64url, json, times_in, Family, Session};
use serde_json::Value;

/// itsdangerous < 1.0 counted from 2011-01-01.
const OLD_EPOCH: f64 = 1_293_840_000.0;
/// Timestamps before this (2001) cannot be a 1970-based session time.
const PLAUSIBLE_S: f64 = 1_000_000_000.0;

/// A base64url payload, `.`-prefixed when zlib-compressed: the JSON (or text) and whether
/// it was compressed. `None` when it does not decode.
fn payload(p: &str) -> Option<(Value, bool)> {
    let (data, compressed) = match p.strip_prefix('.') {
        Some(rest) => (rest, true),
        None => (p, false),
    };
    if !is_b64url(data) {
        return None;
    }
    let mut bytes = b64(data, true)?;
    if compressed {
        bytes = inflate(&bytes)?;
    }
    let v = json(&bytes)?;
    Some((v, compressed))
}

fn sig_len(s: &str) -> Option<usize> {
    if !is_b64url(s) {
        return None;
    }
    let n = b64(s, true)?.len();
    // HMAC-SHA1 .. HMAC-SHA512.
    (20..=64).contains(&n).then_some(n)
}

/// `payload.ts.sig` (Flask's session cookie, any `URLSafeTimedSerializer` value).
pub fn decode_flask(v: &str) -> Option<Session> {
    let (body, sig) = v.rsplit_once('.')?;
    let (p, ts) = body.rsplit_once('.')?;
    if p.is_empty() || p == "." || ts.is_empty() || ts.len() > 11 || !is_b64url(ts) {
        return None;
    }
    let sig_n = sig_len(sig)?;
    let ts_bytes = b64(ts, true)?;
    if ts_bytes.is_empty() || ts_bytes.len() > 8 {
        return None;
    }
    let raw = ts_bytes.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b)) as f64;
    let (value, compressed) = payload(p)?;
    let mut s = Session::new(Family::Itsdangerous, "Flask / itsdangerous signed session");
    s.readable = true;
    s.issued_s = Some(if raw < PLAUSIBLE_S {
        raw + OLD_EPOCH
    } else {
        raw
    });
    if raw < PLAUSIBLE_S {
        s.notes
            .push("timestamp counted from 2011 (itsdangerous before 1.0)".to_string());
    }
    let (_, exp) = times_in(&value);
    s.expires_s = exp;
    s.payload = Some(value);
    s.signature_len = Some(sig_n);
    s.notes.push(format!(
        "signed, not encrypted: anyone can read the payload{}",
        if compressed { " (zlib-compressed)" } else { "" }
    ));
    Some(s)
}

fn base62(s: &str) -> Option<f64> {
    if s.is_empty() || s.len() > 10 {
        return None;
    }
    let mut n: u64 = 0;
    for b in s.bytes() {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'A'..=b'Z' => b - b'A' + 10,
            b'a'..=b'z' => b - b'a' + 36,
            _ => return None,
        };
        n = n.checked_mul(62)?.checked_add(u64::from(d))?;
    }
    Some(n as f64)
}

/// `value:ts:sig` (Django `TimestampSigner`: `set_signed_cookie`, signed-cookie sessions,
/// `signing.dumps`). A plain value stays a string; a `dumps` payload is decoded.
pub fn decode_django(v: &str) -> Option<Session> {
    let (body, sig) = v.rsplit_once(':')?;
    let (value, ts) = body.rsplit_once(':')?;
    let sig_n = sig_len(sig)?;
    let t = base62(ts).filter(|t| *t >= PLAUSIBLE_S && *t < 1e11)?;
    let mut s = Session::new(Family::Django, "Django signed value");
    s.readable = true;
    s.issued_s = Some(t);
    s.signature_len = Some(sig_n);
    match payload(value) {
        Some((j, compressed)) if j.is_object() => {
            s.kind = "Django signed session (signing.dumps)".to_string();
            s.expires_s = times_in(&j).1;
            s.payload = Some(j);
            s.notes.push(format!(
                "signed, not encrypted: anyone can read the payload{}",
                if compressed { " (zlib-compressed)" } else { "" }
            ));
        }
        _ => {
            let shown: String = value.chars().take(256).collect();
            s.payload = Some(Value::String(shown));
            s.notes
                .push("signed, not encrypted: the value is readable".to_string());
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::base64_encode;
    use proptest::prelude::*;

    fn flask(json: &str, ts: u64, compress: bool) -> String {
        let p = if compress {
            format!(
                ".{}",
                base64_encode(
                    &miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 6),
                    true
                )
            )
        } else {
            base64_encode(json.as_bytes(), true)
        };
        let tb: Vec<u8> = ts
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        format!(
            "{p}.{}.{}",
            base64_encode(&tb, true),
            base64_encode(&[7u8; 20], true)
        )
    }

    // (value, family, issued). Real values, made by Flask 3.1.3 / Django 5.2.19 (pinned in
    // tests/capture/requirements.txt) with SECRET_KEY "why401-capture".
    const TABLE: &[(&str, Option<Family>, Option<f64>)] = &[
        ("eyJ1c2VyIjoiYWxpY2UifQ.awyBwg.ev4Gr7oAZUVFVjWQ-RzwlN5NLeE", Some(Family::Itsdangerous), Some(1_795_981_762.0)),
        // Flask compresses a session when that makes it shorter.
        (".eJyrVirKz0ktVrKKVkpMyc3MU9IZpQcFHaujVFqcWqRkpZSYk5mcqlQLAJG_hHU.awyBwg.cip-qLMj1RyXHcTSAjchyA8wtCk", Some(Family::Itsdangerous), Some(1_795_981_762.0)),
        // Django TimestampSigner("alice").
        ("alice:1xXktm:creCHrOztUCVN_IlKqWrbtcsPqQYCdBFJLIbDj9IpfI", Some(Family::Django), Some(1_795_981_762.0)),
        // Django signed-cookie session (signing.dumps, compress=True).
        (".eJyrVopPLC3JiC8tTi2Kz0xRslIyVNJBFktKTM5OzQNJpGQl5qXn6yXn55UUZSbpgZToQWWL9XzzU1JznKBqawE67h8t:1xXktm:a1MVn8jaayvNt6vm8U6bFNnvfvv50bzgUkmJXvSkBmA", Some(Family::Django), Some(1_795_981_762.0)),
        // A JWT is not itsdangerous (the middle segment is not a short timestamp).
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlcw", None, None),
        ("", None, None),
        ("a.b.c", None, None),
        ("x:y:z", None, None),
    ];

    #[test]
    fn real_payloads() {
        let big = decode_flask(TABLE[1].0).unwrap();
        assert_eq!(big.payload.unwrap()["user"], "alice");
        let d = decode_django(TABLE[3].0).unwrap();
        assert_eq!(d.payload.unwrap()["_auth_user_id"], "1");
        let t = decode_django(TABLE[2].0).unwrap();
        assert_eq!(t.payload, Some(Value::String("alice".into())));
    }

    #[test]
    fn table() {
        for (v, fam, issued) in TABLE {
            let got = decode_flask(v).or_else(|| decode_django(v));
            assert_eq!(got.as_ref().map(|s| s.family), *fam, "{v}");
            if let (Some(i), Some(g)) = (issued, &got) {
                assert_eq!(g.issued_s, Some(*i), "{v}");
            }
        }
    }

    #[test]
    fn flask_plain_and_compressed() {
        for c in [false, true] {
            let v = flask("{\"user\":\"bob\",\"n\":1}", 1_764_000_000, c);
            let s = decode_flask(&v).expect("decodes");
            assert_eq!(s.issued_s, Some(1_764_000_000.0));
            assert_eq!(s.payload.unwrap()["user"], "bob");
            assert_eq!(s.signature_len, Some(20));
        }
    }

    #[test]
    fn flask_old_epoch() {
        let v = flask("{}", 400_000_000, false);
        assert_eq!(
            decode_flask(&v).unwrap().issued_s,
            Some(400_000_000.0 + OLD_EPOCH)
        );
    }

    #[test]
    fn django_dumps() {
        let p = base64_encode(b"{\"_auth_user_id\":\"1\"}", true);
        let v = format!("{p}:1vPYrF:{}", base64_encode(&[1u8; 32], true));
        let s = decode_django(&v).unwrap();
        assert_eq!(s.payload.unwrap()["_auth_user_id"], "1");
        assert_eq!(s.kind, "Django signed session (signing.dumps)");
    }

    #[test]
    fn base62_values() {
        assert_eq!(base62("10"), Some(62.0));
        assert_eq!(base62("zzzzzzzzzzz"), None);
        assert_eq!(base62("a-"), None);
    }

    proptest! {
        #[test]
        fn prop_flask_round_trip(user in "[a-z]{0,20}", ts in 1_000_000_000u64..4_000_000_000, c: bool) {
            let v = flask(&format!("{{\"u\":\"{user}\"}}"), ts, c);
            let s = decode_flask(&v).unwrap();
            prop_assert_eq!(s.issued_s, Some(ts as f64));
            let p = s.payload.unwrap();
            prop_assert_eq!(p["u"].as_str(), Some(user.as_str()));
        }

        #[test]
        fn prop_never_panics(v in "[A-Za-z0-9_\\-.:]{0,200}") {
            let _ = decode_flask(&v);
            let _ = decode_django(&v);
        }
    }
}
