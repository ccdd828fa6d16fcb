//! Session cookies and opaque credentials: what a value is, and what of it is readable.
//!
//! Decoding only, never verifying: a signature is measured, never checked. Recognition is
//! by structure; a cookie name is only a hint (it picks among shapes that would otherwise
//! be ambiguous, e.g. a 32-character id named `PHPSESSID`). Pure, bounded by
//! [`MAX_VALUE_BYTES`], no panics on any input.

pub mod api_key;
pub mod encrypted;
pub mod express;
pub mod itsdangerous;
pub mod json_value;
pub mod opaque;
pub mod tornado;

use serde_json::Value;

/// Values longer than this are not decoded (cookies are at most ~4 KB; API keys far less).
pub const MAX_VALUE_BYTES: usize = 16 * 1024;
/// Inflated payloads are cut at this many bytes (a zlib bomb stays small).
pub const MAX_INFLATED_BYTES: usize = 64 * 1024;

/// The family a value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Flask / itsdangerous `URLSafeTimedSerializer` (`payload.timestamp.signature`).
    Itsdangerous,
    /// Django `signing` (`value:timestamp:signature`), incl. signed-cookie sessions.
    Django,
    /// express `cookie-signature` (`s:<value>.<signature>`).
    CookieSignature,
    /// `cookie-session` (base64 JSON; signature in a `<name>.sig` cookie).
    CookieSession,
    /// The `<name>.sig` companion of a `cookie-session` cookie.
    CookieSessionSig,
    /// Tornado `set_secure_cookie` (v2 `2|1:0|10:<ts>|…`, or v1 `value|ts|sig`).
    Tornado,
    /// base64 or URL-encoded JSON carrying times (`exp`, `iat`, `expires`).
    Json,
    /// Rails `MessageEncryptor` (`data--iv--tag` or `data--digest`).
    Rails,
    /// Laravel `encrypt()` (base64 JSON envelope with `iv`, `value`, `mac`).
    Laravel,
    /// ASP.NET Core Data Protection payload (`CfDJ8…`).
    AspNetCore,
    /// ASP.NET Core `ChunkingCookieManager` head (`chunks-N`).
    AspNetChunks,
    /// PASETO (`v1`–`v4`, `local` or `public`).
    Paseto,
    /// An opaque session id (PHP, Java servlet, Spring Session, Go, .NET, …).
    OpaqueId,
    /// An API key or access token recognised by its issuer's published prefix.
    ApiKey,
}

/// A recognised value. `payload` is what could be read (decoded JSON, or a string); nothing
/// here is verified.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub family: Family,
    /// What it is, in words: "Flask / itsdangerous signed session".
    pub kind: String,
    /// True when the payload could be read (signed, not encrypted).
    pub readable: bool,
    pub payload: Option<Value>,
    /// The value's own timestamp (issued / signed at), Unix seconds.
    pub issued_s: Option<f64>,
    /// An expiry carried inside the value, Unix seconds.
    pub expires_s: Option<f64>,
    /// Signature or MAC length in bytes (decoded), when there is one.
    pub signature_len: Option<usize>,
    /// A secret part (session id, key body) to show masked.
    pub secret: Option<String>,
    /// `test` / `live` where a key's prefix says it.
    pub mode: Option<&'static str>,
    /// For `chunks-N`: the number of parts.
    pub chunks: Option<usize>,
    /// Plain facts: what cannot be read and why, what a prefix means.
    pub notes: Vec<String>,
    /// The issuer's documentation for the format (API keys).
    pub docs: Option<&'static str>,
}

impl Session {
    pub(crate) fn new(family: Family, kind: impl Into<String>) -> Self {
        Session {
            family,
            kind: kind.into(),
            readable: false,
            payload: None,
            issued_s: None,
            expires_s: None,
            signature_len: None,
            secret: None,
            mode: None,
            chunks: None,
            notes: Vec::new(),
            docs: None,
        }
    }
}

/// Recognises a cookie value (with its name as a hint) or a bare credential (`name` empty).
/// JWTs (JWS and JWE) are not handled here: see [`super::jwt`]. `None`: not recognised.
pub fn decode(name: &str, value: &str) -> Option<Session> {
    let v = value.trim().trim_matches('"');
    if v.is_empty() || v.len() > MAX_VALUE_BYTES || name.len() > 1024 {
        return None;
    }
    if name.ends_with(".sig") && !name.starts_with(".sig") {
        if let Some(s) = express::cookie_session_sig(name, v) {
            return Some(s);
        }
    }
    let pct = crate::mask::url::pct_decode(v, false);
    let v: &str = &pct;
    encrypted::aspnet_chunks(v)
        .or_else(|| express::cookie_signature(v))
        .or_else(|| tornado::decode(v))
        .or_else(|| itsdangerous::decode_flask(v))
        .or_else(|| itsdangerous::decode_django(v))
        .or_else(|| encrypted::paseto(v))
        .or_else(|| encrypted::aspnet(v))
        .or_else(|| encrypted::laravel(v))
        .or_else(|| encrypted::rails(name, v))
        .or_else(|| api_key::decode(v))
        .or_else(|| express::cookie_session(name, v))
        .or_else(|| json_value::decode(v))
        .or_else(|| opaque::decode(name, v))
}

/// A time-like JSON number or numeric string, in Unix seconds (milliseconds are scaled).
pub(crate) fn time_of(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) if s.len() <= 40 => match s.parse::<f64>() {
            Ok(n) => n,
            Err(_) => {
                return crate::parse::date::parse_http_date(s)
                    .or_else(|| crate::parse::date::parse_iso8601(s).map(|ms| ms / 1000.0))
            }
        },
        _ => return None,
    };
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    // Milliseconds since 1970 are > 1e11 for any date after 1973.
    Some(if n > 1e11 { n / 1000.0 } else { n })
}

/// Reads `iat`/`exp`-style fields of a JSON object into (issued, expires).
pub(crate) fn times_in(v: &Value) -> (Option<f64>, Option<f64>) {
    let Value::Object(o) = v else {
        return (None, None);
    };
    let pick = |keys: &[&str]| keys.iter().find_map(|k| o.get(*k).and_then(time_of));
    (
        pick(&[
            "iat",
            "issued_at",
            "issuedAt",
            "created",
            "_creation_time",
            "_fresh_at",
        ]),
        pick(&[
            "exp",
            "expires",
            "expires_at",
            "expiresAt",
            "expiry",
            "_expires",
        ]),
    )
}

/// zlib-inflates at most [`MAX_INFLATED_BYTES`]. `None` when it is not zlib or exceeds it.
pub(crate) fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(bytes, MAX_INFLATED_BYTES).ok()
}

/// The bytes as a JSON value, when they are JSON.
pub(crate) fn json(bytes: &[u8]) -> Option<Value> {
    if bytes.len() > MAX_INFLATED_BYTES {
        return None;
    }
    serde_json::from_slice::<Value>(bytes).ok()
}

pub(crate) fn b64(s: &str, url: bool) -> Option<Vec<u8>> {
    super::base64_decode(s, url).ok().map(|(b, _)| b)
}

/// base64 in either alphabet.
pub(crate) fn b64_any(s: &str) -> Option<Vec<u8>> {
    b64(s, true).or_else(|| b64(s, false))
}

/// The JSON object base64 `v` (either alphabet) holds, if any. Decodes the first 4
/// characters first: unless those bytes are JSON whitespace or open with `{`, `v` cannot
/// hold an object, and most long cookie values are answered without decoding them whole.
pub(crate) fn b64_object(v: &str) -> Option<Value> {
    let head = b64_any(v.get(..4)?)?;
    if head
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .is_some_and(|&b| b != b'{')
    {
        return None;
    }
    Some(json(&b64_any(v)?)?).filter(Value::is_object)
}

pub(crate) fn is_b64url(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn b64_object_table() {
        let cases: &[(&str, bool)] = &[
            ("eyJhIjoxfQ==", true),
            ("eyJhIjoxfQ", true),
            // Whitespace before the object, in the first bytes and beyond them.
            ("ICB7ImV4cCI6MX0=", true),
            ("CgoKCnsieCI6Mn0=", true),
            ("WzEsMiwzXQ==", false),
            ("ICAg", false),
            ("eyJ", false),
            ("v1-bbbbbbbbbbbbbbbbbbbb", false),
            ("", false),
        ];
        for (v, object) in cases {
            assert_eq!(b64_object(v).is_some(), *object, "{v}");
        }
    }

    proptest! {
        /// The 4-character look-ahead never turns away an object the whole decode finds.
        #[test]
        fn prop_b64_object_head_check_is_exact(pad in "[ \t\n\r]{0,5}", key in "[a-z]{1,8}", url in any::<bool>()) {
            use base64::Engine as _;
            let text = format!("{pad}{{\"{key}\":1}}");
            let v = if url {
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&text)
            } else {
                base64::engine::general_purpose::STANDARD.encode(&text)
            };
            prop_assert!(b64_object(&v).is_some(), "{v}");
        }
    }

    #[test]
    fn times_scale_milliseconds() {
        assert_eq!(
            time_of(&serde_json::json!(1_700_000_000_000u64)),
            Some(1_700_000_000.0)
        );
        assert_eq!(
            time_of(&serde_json::json!("1700000000")),
            Some(1_700_000_000.0)
        );
        assert_eq!(time_of(&serde_json::json!(-5)), None);
    }

    #[test]
    fn inflate_is_bounded() {
        // 1 MB of zeros compresses to ~1 KB; inflating stops at the limit.
        let zeros = vec![0u8; 1 << 20];
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 6);
        assert!(inflate(&z).is_none());
        let small = miniz_oxide::deflate::compress_to_vec_zlib(b"{\"a\":1}", 6);
        assert_eq!(inflate(&small).as_deref(), Some(&b"{\"a\":1}"[..]));
    }

    proptest! {
        #[test]
        fn prop_never_panics(name in "\\PC{0,12}", v in "\\PC{0,300}") {
            let _ = decode(&name, &v);
        }

        #[test]
        fn prop_never_panics_shaped(name in "[A-Za-z_.]{0,12}", v in "[A-Za-z0-9_\\-=+/.:|%]{0,300}") {
            let _ = decode(&name, &v);
        }

        #[test]
        fn prop_long_values_refused(n in MAX_VALUE_BYTES + 1..MAX_VALUE_BYTES + 64) {
            let v = "a".repeat(n);
            prop_assert!(decode("PHPSESSID", &v).is_none());
        }
    }
}
