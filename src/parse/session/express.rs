//! express: `cookie-signature` values (`s:<value>.<signature>`, what `express-session` and
//! `cookie-parser` send) and `cookie-session` (base64 JSON; its HMAC in a `<name>.sig`
//! companion cookie, base64url SHA-1).

use super::{b64, b64_object, is_b64url, times_in, Family, Session};

/// `s:<value>.<sig>` (URL-decoded already): HMAC-SHA256, base64 without `=` (43 chars).
pub fn cookie_signature(v: &str) -> Option<Session> {
    let rest = v.strip_prefix("s:")?;
    let (value, sig) = rest.rsplit_once('.')?;
    let sig_ok = sig.len() == 43
        && sig
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    if value.is_empty() || !sig_ok {
        return None;
    }
    let mut s = Session::new(
        Family::CookieSignature,
        "express signed cookie (cookie-signature)",
    );
    s.signature_len = b64(sig, false).map(|b| b.len());
    s.secret = Some(value.to_string());
    s.notes.push(
        "a signed session id: the session itself is stored on the server (express-session)"
            .to_string(),
    );
    Some(s)
}

/// A `cookie-session` value: standard base64 of a JSON object.
pub fn cookie_session(name: &str, v: &str) -> Option<Session> {
    if v.len() < 4 || v.contains('.') {
        return None;
    }
    let obj = b64_object(v)?;
    let hinted = name == "session" || name.ends_with(":sess") || name.contains("session");
    let (iat, exp) = times_in(&obj);
    if !hinted && iat.is_none() && exp.is_none() {
        return None;
    }
    let mut s = Session::new(Family::CookieSession, "cookie-session (base64 JSON)");
    s.readable = true;
    s.issued_s = iat;
    s.expires_s = exp;
    s.payload = Some(obj);
    s.notes.push(format!(
        "not encrypted: anyone can read it; its signature is the `{name}.sig` cookie"
    ));
    Some(s)
}

/// The `<name>.sig` companion cookie: base64url HMAC-SHA1 (27 chars).
pub fn cookie_session_sig(name: &str, v: &str) -> Option<Session> {
    if !is_b64url(v) || !(20..=90).contains(&v.len()) {
        return None;
    }
    let base = name.strip_suffix(".sig")?;
    let mut s = Session::new(Family::CookieSessionSig, "cookie-session signature");
    s.signature_len = b64(v, true).map(|b| b.len());
    s.notes.push(format!(
        "the signature of cookie `{base}` (cookie-session / keygrip)"
    ));
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SIG43: &str = "Tn3y9c5R2F6z0m4vJ7Vt8pB0qXwTn3y9c5R2F6z0m4v";

    #[test]
    fn table() {
        let cases: &[(&str, &str, Option<Family>)] = &[
            (
                "connect.sid",
                "s:abc123.Tn3y9c5R2F6z0m4vJ7Vt8pB0qXwTn3y9c5R2F6z0m4v",
                Some(Family::CookieSignature),
            ),
            ("connect.sid", "s:abc123.short", None),
            ("connect.sid", "abc123", None),
            (
                "session",
                "eyJ1c2VyIjoiYm9iIn0=",
                Some(Family::CookieSession),
            ),
            ("prefs", "eyJ1c2VyIjoiYm9iIn0=", None),
            (
                "prefs",
                "eyJleHAiOjE3NjQwMDAwMDB9",
                Some(Family::CookieSession),
            ),
            ("session", "bm90IGpzb24=", None),
            (
                "session.sig",
                "Tn3y9c5R2F6z0m4vJ7Vt8pB0qXw",
                Some(Family::CookieSessionSig),
            ),
        ];
        for (name, v, fam) in cases {
            let got = if name.ends_with(".sig") {
                cookie_session_sig(name, v)
            } else {
                cookie_signature(v).or_else(|| cookie_session(name, v))
            };
            assert_eq!(got.map(|s| s.family), *fam, "{name}={v}");
        }
        let s = cookie_signature(&format!("s:id.{SIG43}")).unwrap();
        assert_eq!(s.secret.as_deref(), Some("id"));
        assert_eq!(s.signature_len, Some(32));
    }

    proptest! {
        #[test]
        fn prop_never_panics(name in "[a-z.:]{0,10}", v in "\\PC{0,120}") {
            let _ = cookie_signature(&v);
            let _ = cookie_session(&name, &v);
            let _ = cookie_session_sig(&name, &v);
        }

        #[test]
        fn prop_signed_id_round_trip(id in "[A-Za-z0-9_-]{1,40}") {
            let s = cookie_signature(&format!("s:{id}.{SIG43}")).unwrap();
            prop_assert_eq!(s.secret, Some(id));
        }
    }
}
