//! JSON Web Tokens: JWS compact serialisation decoded, JWE (five segments) recognised.
//!
//! Decoding only: nothing is verified and nothing decoded is trusted. Registered claims of
//! the wrong type are not errors; they are listed in [`Jws::claim_problems`].
//! Errors point at a byte of the token (segment and offset).

use super::{base64_decode, base64_encode, floor_char_boundary, B64Error, CaretLabel, ParseError};
use serde_json::{Map, Value};
use std::fmt;

/// Tokens longer than this are refused without decoding.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// A decoded token.
// Unboxed on purpose (shared contract); a token is decoded once per request.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    Jws(Jws),
    Jwe(Jwe),
}

/// A signed token (three segments). Nothing here is verified.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Jws {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    pub alg: Option<String>,
    pub typ: Option<String>,
    pub kid: Option<String>,
    /// Unix seconds.
    pub exp: Option<f64>,
    /// Unix seconds.
    pub nbf: Option<f64>,
    /// Unix seconds.
    pub iat: Option<f64>,
    pub aud: Vec<String>,
    pub iss: Option<String>,
    pub sub: Option<String>,
    /// From `scope` (space-separated), `scp` (string or array), `roles` (array), in
    /// order, without duplicates.
    pub scopes: Vec<String>,
    /// Decoded signature length in bytes (0 for an unsecured `alg: none` token).
    pub signature_len: usize,
    /// Registered claims or header fields of the wrong type, and `=` padding, in words.
    pub claim_problems: Vec<String>,
}

/// An encrypted token (five segments): only the protected header is readable.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Jwe {
    pub header: Map<String, Value>,
    pub alg: Option<String>,
    pub enc: Option<String>,
}

/// Why a token does not decode. `ParseError::offset` is a byte offset into the token;
/// `segment` counts from 0 (0 = header, 1 = payload, 2 = signature).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwtError {
    Empty,
    SegmentCount(usize),
    /// A character that is not base64url, or misplaced `=` padding, at the offset.
    BadBase64 {
        segment: usize,
    },
    BadJson {
        segment: usize,
        message: String,
    },
    NotAnObject {
        segment: usize,
    },
    /// Longer than [`MAX_TOKEN_BYTES`]; not decoded.
    TooLong(usize),
    /// A segment that must hold data is empty.
    EmptySegment {
        segment: usize,
    },
    /// The segment's length cannot be base64url (cut short); the offset is its end.
    Truncated {
        segment: usize,
    },
}

fn segment_name(segment: usize) -> &'static str {
    match segment {
        0 => "header",
        1 => "payload",
        2 => "signature",
        _ => "segment",
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::Empty => f.write_str("the token is empty"),
            JwtError::SegmentCount(n) => write!(
                f,
                "a JWT has 3 dot-separated segments (5 when encrypted); this has {n}"
            ),
            JwtError::BadBase64 { segment } => write!(
                f,
                "segment {} ({}) is not valid base64url",
                segment + 1,
                segment_name(*segment)
            ),
            JwtError::BadJson { segment, message } => write!(
                f,
                "segment {} ({}) is not valid JSON: {message}",
                segment + 1,
                segment_name(*segment)
            ),
            JwtError::NotAnObject { segment } => write!(
                f,
                "segment {} ({}) is JSON but not an object",
                segment + 1,
                segment_name(*segment)
            ),
            JwtError::TooLong(n) => write!(
                f,
                "the token is {n} bytes, over the {MAX_TOKEN_BYTES}-byte limit; not decoded"
            ),
            JwtError::EmptySegment { segment } => write!(
                f,
                "segment {} ({}) is empty",
                segment + 1,
                segment_name(*segment)
            ),
            JwtError::Truncated { segment } => write!(
                f,
                "segment {} ({}) is cut short: the token looks truncated",
                segment + 1,
                segment_name(*segment)
            ),
        }
    }
}

impl CaretLabel for JwtError {
    fn caret_label(&self, found: Option<char>) -> String {
        match (self, found) {
            (JwtError::BadBase64 { segment }, Some(c)) => format!(
                "{c:?} is not valid base64url (segment {}, {})",
                segment + 1,
                segment_name(*segment)
            ),
            _ => self.to_string(),
        }
    }
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Cheap shape test: three (or five) dot-separated base64url segments, the first one
/// starting with `eyJ` (`{"` encoded), the first two non-empty.
pub fn looks_like_jwt(s: &str) -> bool {
    if s.len() > MAX_TOKEN_BYTES || !s.starts_with("eyJ") {
        return false;
    }
    let mut n = 0usize;
    let mut second_empty = false;
    for (i, seg) in s.split('.').enumerate() {
        n += 1;
        if n > 5 {
            return false;
        }
        if i == 1 {
            second_empty = seg.is_empty();
        }
        let data = seg.trim_end_matches('=');
        if !data.bytes().all(is_b64url) {
            return false;
        }
    }
    (n == 3 && !second_empty) || n == 5
}

/// Whether the first segment is a JOSE header: `Some(true)` when it decodes to a JSON object
/// with `alg`, `Some(false)` when it decodes to a JSON object without `alg` (another format's
/// payload, e.g. a Flask session), `None` when it does not decode to an object at all.
pub fn header_has_alg(s: &str) -> Option<bool> {
    let first = s.split('.').next()?;
    if first.len() > MAX_TOKEN_BYTES {
        return None;
    }
    let (bytes, _) = base64_decode(first.trim_end_matches('='), true).ok()?;
    match serde_json::from_slice::<Value>(&bytes).ok()? {
        Value::Object(o) => Some(o.contains_key("alg")),
        _ => None,
    }
}

/// A value that claims to be a JWT: JWT-shaped and its first segment a JSON object with
/// `alg`. Only such values can be a *broken* JWT; other dotted values are other formats.
pub fn claims_jwt(s: &str) -> bool {
    looks_like_jwt(s) && header_has_alg(s) == Some(true)
}

/// Decodes a compact JWS or recognises a JWE. Never verifies anything.
pub fn decode(token: &str) -> Result<Token, ParseError<JwtError>> {
    if token.is_empty() {
        return Err(ParseError::new(JwtError::Empty, 0));
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(ParseError::new(
            JwtError::TooLong(token.len()),
            floor_char_boundary(token, MAX_TOKEN_BYTES),
        ));
    }
    // Segment starts (byte offsets) and slices.
    let mut segs: Vec<(usize, &str)> = Vec::with_capacity(5);
    let mut start = 0usize;
    for seg in token.split('.') {
        segs.push((start, seg));
        start += seg.len() + 1;
    }
    let n = segs.len();
    match n {
        3 => decode_jws(&segs).map(Token::Jws),
        5 => decode_jwe(&segs).map(Token::Jwe),
        1 | 2 => Err(ParseError::new(JwtError::SegmentCount(n), token.len())),
        _ => {
            // Point at the dot where a JWS (4) or a JWE (6+) should have ended.
            let keep = if n == 4 { 3 } else { 5 };
            let at = segs.get(keep).map_or(token.len(), |(s, _)| s - 1);
            Err(ParseError::new(JwtError::SegmentCount(n), at))
        }
    }
}

fn decode_jws(segs: &[(usize, &str)]) -> Result<Jws, ParseError<JwtError>> {
    let mut jws = Jws::default();
    let (h_off, h) = segs[0];
    let (p_off, p) = segs[1];
    let (s_off, s) = segs[2];
    let (header, padded) = decode_object(h, h_off, 0)?;
    if padded {
        jws.claim_problems
            .push("the header has '=' padding, which a JWT must not have".to_string());
    }
    let (claims, padded) = decode_object(p, p_off, 1)?;
    if padded {
        jws.claim_problems
            .push("the payload has '=' padding, which a JWT must not have".to_string());
    }
    let (sig, padded) = b64url_decode(s, s_off, 2)?;
    if padded {
        jws.claim_problems
            .push("the signature has '=' padding, which a JWT must not have".to_string());
    }
    jws.signature_len = sig.len();
    let problems = &mut jws.claim_problems;
    jws.alg = string_field(&header, "alg", "header", problems);
    jws.typ = string_field(&header, "typ", "header", problems);
    jws.kid = string_field(&header, "kid", "header", problems);
    jws.exp = time_claim(&claims, "exp", problems);
    jws.nbf = time_claim(&claims, "nbf", problems);
    jws.iat = time_claim(&claims, "iat", problems);
    jws.iss = string_field(&claims, "iss", "claim", problems);
    jws.sub = string_field(&claims, "sub", "claim", problems);
    jws.aud = string_list(&claims, "aud", false, problems);
    let mut scopes = string_list(&claims, "scope", true, problems);
    scopes.extend(string_list(&claims, "scp", true, problems));
    scopes.extend(string_list(&claims, "roles", false, problems));
    let mut seen = std::collections::HashSet::new();
    scopes.retain(|s| seen.insert(s.clone()));
    jws.scopes = scopes;
    jws.header = header;
    jws.claims = claims;
    Ok(jws)
}

fn decode_jwe(segs: &[(usize, &str)]) -> Result<Jwe, ParseError<JwtError>> {
    let (h_off, h) = segs[0];
    let (header, _) = decode_object(h, h_off, 0)?;
    // The other segments are opaque; check only that they are base64url.
    for (i, &(off, seg)) in segs.iter().enumerate().skip(1) {
        b64url_decode(seg, off, i)?;
    }
    let mut ignored = Vec::new();
    Ok(Jwe {
        alg: string_field(&header, "alg", "header", &mut ignored),
        enc: string_field(&header, "enc", "header", &mut ignored),
        header,
    })
}

/// Decodes one segment as a JSON object. Returns the object and whether it was padded.
fn decode_object(
    seg: &str,
    base: usize,
    segment: usize,
) -> Result<(Map<String, Value>, bool), ParseError<JwtError>> {
    if seg.is_empty() {
        return Err(ParseError::new(JwtError::EmptySegment { segment }, base));
    }
    let (bytes, padded) = b64url_decode(seg, base, segment)?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok((map, padded)),
        Ok(_) => Err(ParseError::new(JwtError::NotAnObject { segment }, base)),
        Err(e) => {
            let at = if e.is_eof() {
                base + seg.len()
            } else {
                let i = json_error_index(&bytes, e.line(), e.column());
                (base + (i / 3) * 4).min(base + seg.len())
            };
            let message = e.to_string();
            let message = match message.find(" at line ") {
                Some(i) => message.get(..i).unwrap_or(&message).to_string(),
                None => message,
            };
            Err(ParseError::new(JwtError::BadJson { segment, message }, at))
        }
    }
}

/// Index into `bytes` of serde_json's 1-based (line, column).
fn json_error_index(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0usize;
    let mut l = 1usize;
    if line > 1 {
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                l += 1;
                if l == line {
                    line_start = i + 1;
                    break;
                }
            }
        }
    }
    (line_start + column.saturating_sub(1)).min(bytes.len())
}

/// Decodes base64url (padding optional). Errors carry the absolute offset in the token.
fn b64url_decode(
    seg: &str,
    base: usize,
    segment: usize,
) -> Result<(Vec<u8>, bool), ParseError<JwtError>> {
    base64_decode(seg, true).map_err(|e| match e {
        B64Error::BadChar(i) => ParseError::new(JwtError::BadBase64 { segment }, base + i),
        B64Error::Truncated(i) => ParseError::new(JwtError::Truncated { segment }, base + i),
    })
}

/// Encodes bytes as unpadded base64url (for tests and for building example tokens).
pub fn b64url_encode(bytes: &[u8]) -> String {
    base64_encode(bytes, true)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A short, quoted rendering of a JSON value for a problem message.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(40).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn string_field(
    map: &Map<String, Value>,
    name: &str,
    what: &str,
    problems: &mut Vec<String>,
) -> Option<String> {
    match map.get(name)? {
        Value::String(s) => Some(s.clone()),
        other => {
            problems.push(format!(
                "{what} `{name}` is {} ({}), not a string",
                type_name(other),
                short(other)
            ));
            None
        }
    }
}

fn time_claim(map: &Map<String, Value>, name: &str, problems: &mut Vec<String>) -> Option<f64> {
    match map.get(name)? {
        Value::Number(n) => n.as_f64(),
        other => {
            problems.push(format!(
                "claim `{name}` is {} ({}), not a number of seconds",
                type_name(other),
                short(other)
            ));
            None
        }
    }
}

/// A claim that is a string (split on whitespace when `split`) or an array of strings.
fn string_list(
    map: &Map<String, Value>,
    name: &str,
    split: bool,
    problems: &mut Vec<String>,
) -> Vec<String> {
    match map.get(name) {
        None => Vec::new(),
        Some(Value::String(s)) if split => s.split_whitespace().map(str::to_string).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    other => problems.push(format!(
                        "claim `{name}[{i}]` is {} ({}), not a string",
                        type_name(other),
                        short(other)
                    )),
                }
            }
            out
        }
        Some(other) => {
            problems.push(format!(
                "claim `{name}` is {} ({}), not a string or an array of strings",
                type_name(other),
                short(other)
            ));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tok(header: &str, claims: &str, sig: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            b64url_encode(header.as_bytes()),
            b64url_encode(claims.as_bytes()),
            b64url_encode(sig)
        )
    }

    fn jws(t: &str) -> Jws {
        match decode(t) {
            Ok(Token::Jws(j)) => j,
            other => panic!("expected a JWS from {t:?}, got {other:?}"),
        }
    }

    fn err(t: &str) -> ParseError<JwtError> {
        match decode(t) {
            Err(e) => e,
            Ok(t) => panic!("expected an error, got {t:?}"),
        }
    }

    const H: &str = r#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#;

    #[test]
    fn decodes_registered_claims() {
        let t = tok(
            H,
            r#"{"exp":1700000000,"nbf":1699990000.5,"iat":1699990000,"aud":["api","web"],"iss":"https://issuer","sub":"u1","scope":"read write","scp":["write","admin"],"roles":["r1"]}"#,
            &[1; 256],
        );
        let j = jws(&t);
        assert_eq!(j.alg.as_deref(), Some("RS256"));
        assert_eq!(j.typ.as_deref(), Some("JWT"));
        assert_eq!(j.kid.as_deref(), Some("k1"));
        assert_eq!(j.exp, Some(1_700_000_000.0));
        assert_eq!(j.nbf, Some(1_699_990_000.5));
        assert_eq!(j.iat, Some(1_699_990_000.0));
        assert_eq!(j.aud, vec!["api", "web"]);
        assert_eq!(j.iss.as_deref(), Some("https://issuer"));
        assert_eq!(j.sub.as_deref(), Some("u1"));
        assert_eq!(j.scopes, vec!["read", "write", "admin", "r1"]);
        assert_eq!(j.signature_len, 256);
        assert!(j.claim_problems.is_empty(), "{:?}", j.claim_problems);
        assert!(looks_like_jwt(&t));
    }

    #[test]
    fn claim_shapes_table() {
        // (claims JSON, expected aud, expected exp, expected problem count)
        let cases: &[(&str, &[&str], Option<f64>, usize)] = &[
            (r#"{"aud":"one"}"#, &["one"], None, 0),
            (r#"{"aud":["a",1,"b"]}"#, &["a", "b"], None, 1),
            (r#"{"aud":{"x":1}}"#, &[], None, 1),
            (r#"{"exp":"1700000000"}"#, &[], None, 1),
            (r#"{"exp":null}"#, &[], None, 1),
            (r#"{"exp":true}"#, &[], None, 1),
            (r#"{"exp":1.7e9}"#, &[], Some(1.7e9), 0),
            (r#"{"exp":-5}"#, &[], Some(-5.0), 0),
            (r#"{"iss":5,"sub":[]}"#, &[], None, 2),
            (r#"{"scp":"a b","roles":"admin"}"#, &[], None, 0),
            (r#"{}"#, &[], None, 0),
        ];
        for (claims, aud, exp, n) in cases {
            let j = jws(&tok(r#"{"alg":"HS256"}"#, claims, b"sig"));
            assert_eq!(&j.aud, aud, "{claims}");
            assert_eq!(j.exp, *exp, "{claims}");
            assert_eq!(
                j.claim_problems.len(),
                *n,
                "{claims}: {:?}",
                j.claim_problems
            );
        }
        let j = jws(&tok(r#"{"alg":"HS256"}"#, r#"{"exp":"soon"}"#, b""));
        assert_eq!(
            j.claim_problems,
            vec![r#"claim `exp` is a string ("soon"), not a number of seconds"#]
        );
    }

    #[test]
    fn alg_none_unsecured() {
        let t = format!(
            "{}.{}.",
            b64url_encode(br#"{"alg":"none"}"#),
            b64url_encode(br#"{"sub":"x"}"#)
        );
        let j = jws(&t);
        assert_eq!(j.alg.as_deref(), Some("none"));
        assert_eq!(j.signature_len, 0);
        assert!(looks_like_jwt(&t));
    }

    #[test]
    fn jwe_recognised() {
        let t = format!(
            "{}..{}.{}.{}",
            b64url_encode(br#"{"alg":"dir","enc":"A256GCM"}"#),
            b64url_encode(b"iv-iv-iv-iv"),
            b64url_encode(b"ciphertext"),
            b64url_encode(b"tag")
        );
        match decode(&t) {
            Ok(Token::Jwe(j)) => {
                assert_eq!(j.alg.as_deref(), Some("dir"));
                assert_eq!(j.enc.as_deref(), Some("A256GCM"));
            }
            other => panic!("{other:?}"),
        }
        assert!(looks_like_jwt(&t));
    }

    #[test]
    fn padding_tolerated_and_noted() {
        // {"a":1} is 7 bytes -> 10 chars + "==" padding.
        let h = format!("{}==", b64url_encode(br#"{"a":1}"#));
        let t = format!("{h}.{}.", b64url_encode(b"{}"));
        let j = jws(&t);
        assert_eq!(j.claim_problems.len(), 1);
        assert!(j.claim_problems[0].contains("padding"));
    }

    #[test]
    fn errors_table() {
        let good_h = b64url_encode(br#"{"alg":"HS256"}"#); // 20 chars
        let good_p = b64url_encode(br#"{"sub":"1"}"#);
        let hl = good_h.len();
        let cases: Vec<(String, JwtError, usize)> = vec![
            (String::new(), JwtError::Empty, 0),
            ("abc".into(), JwtError::SegmentCount(1), 3),
            (
                format!("{good_h}.{good_p}"),
                JwtError::SegmentCount(2),
                hl + 1 + good_p.len(),
            ),
            (
                format!("{good_h}.{good_p}.x.y"),
                JwtError::SegmentCount(4),
                hl + good_p.len() + 3,
            ),
            ("a.b.c.d.e.f".to_string(), JwtError::SegmentCount(6), 9),
            // standard-base64 '+' and '/' are refused at their byte
            (
                format!("{good_h}.ab+d.sig"),
                JwtError::BadBase64 { segment: 1 },
                hl + 3,
            ),
            (
                format!("{good_h}.{good_p}.ab/c"),
                JwtError::BadBase64 { segment: 2 },
                hl + good_p.len() + 4,
            ),
            (
                format!("eyJ h.{good_p}.s"),
                JwtError::BadBase64 { segment: 0 },
                3,
            ),
            (
                format!("{good_h}.é.s"),
                JwtError::BadBase64 { segment: 1 },
                hl + 1,
            ),
            (
                format!("{good_h}.ab=c.s"),
                JwtError::BadBase64 { segment: 1 },
                hl + 3,
            ),
            (
                format!("{good_h}.abc===.s"),
                JwtError::BadBase64 { segment: 1 },
                hl + 4,
            ),
            // length 1 mod 4: cut short, offset at the segment end
            (
                format!("{good_h}.abcde.s"),
                JwtError::Truncated { segment: 1 },
                hl + 6,
            ),
            (
                format!(".{good_p}.s"),
                JwtError::EmptySegment { segment: 0 },
                0,
            ),
            (
                format!("{good_h}..s"),
                JwtError::EmptySegment { segment: 1 },
                hl + 1,
            ),
            (
                format!("{good_h}.{}.s", b64url_encode(b"[1,2]")),
                JwtError::NotAnObject { segment: 1 },
                hl + 1,
            ),
        ];
        for (t, kind, off) in cases {
            let e = err(&t);
            assert_eq!((e.kind.clone(), e.offset), (kind, off), "token {t:?}");
            assert!(t.is_char_boundary(e.offset));
        }
    }

    #[test]
    fn truncated_json_points_at_segment_end() {
        let full = b64url_encode(br#"{"sub":"1234567890","name":"John"}"#);
        let cut = &full[..full.len() - 6]; // still decodes as base64 (len%4 != 1)
        assert_ne!(cut.len() % 4, 1);
        let t = format!("{}.{cut}.sig", b64url_encode(br#"{"alg":"HS256"}"#));
        let e = err(&t);
        match &e.kind {
            JwtError::BadJson {
                segment: 1,
                message,
            } => assert!(message.contains("EOF"), "{message}"),
            k => panic!("{k:?}"),
        }
        assert_eq!(e.offset, t.len() - 4);
    }

    #[test]
    fn bad_json_offset_inside_segment() {
        let h = b64url_encode(br#"{"alg":"HS256"}"#);
        let p = b64url_encode(br#"{"sub":"12345678901234567890" x}"#); // error at byte 30
        let t = format!("{h}.{p}.s");
        let e = err(&t);
        assert!(
            matches!(e.kind, JwtError::BadJson { segment: 1, .. }),
            "{e:?}"
        );
        assert_eq!(e.offset, h.len() + 1 + 40, "30 / 3 * 4");
    }

    #[test]
    fn too_long_refused() {
        let t = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(err(&t).kind, JwtError::TooLong(MAX_TOKEN_BYTES + 1));
        assert!(!looks_like_jwt(&t));
    }

    #[test]
    fn deep_json_is_an_error_not_a_crash() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(5000), "]".repeat(5000));
        let t = tok(r#"{"alg":"HS256"}"#, &deep, b"s");
        assert!(matches!(err(&t).kind, JwtError::BadJson { segment: 1, .. }));
    }

    #[test]
    fn caret_names_the_bad_char() {
        let input = "Bearer eyJhbGciOiJIUzI1NiJ9.ey+hbGciOi.sig";
        let token = &input[7..];
        let e = err(token).shifted(7);
        assert_eq!(
            e.caret(input),
            "Bearer eyJhbGciOiJIUzI1NiJ9.ey+hbGciOi.sig\n                              ^ byte 30: '+' is not valid base64url (segment 2, payload)"
        );
    }

    #[test]
    fn looks_like_table() {
        for (s, want) in [
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", true),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.", true),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", false),
            ("abc.def.ghi", false),
            ("eyJ.a+b.c", false),
            ("eyJhbGci..c", false),
            ("", false),
            ("eyJ a.b.c", false),
        ] {
            assert_eq!(looks_like_jwt(s), want, "{s}");
        }
    }

    #[test]
    fn b64url_round_trip_small() {
        for n in 0..20usize {
            let bytes: Vec<u8> = (0..n as u8).map(|b| b.wrapping_mul(37)).collect();
            let enc = b64url_encode(&bytes);
            assert_eq!(b64url_decode(&enc, 0, 0).unwrap().0, bytes);
        }
    }

    proptest! {
        #[test]
        fn prop_never_panics(s in "\\PC{0,200}") {
            if let Err(e) = decode(&s) {
                prop_assert!(e.offset <= s.len());
                prop_assert!(s.is_char_boundary(e.offset));
                let _ = e.caret(&s);
            }
            let _ = looks_like_jwt(&s);
        }

        #[test]
        fn prop_never_panics_jwtish(s in "[A-Za-z0-9_\\-=+/.]{0,120}") {
            if let Err(e) = decode(&s) {
                prop_assert!(e.offset <= s.len());
            }
        }

        #[test]
        fn prop_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..300)) {
            let s = String::from_utf8_lossy(&b);
            if let Err(e) = decode(&s) {
                prop_assert!(s.is_char_boundary(e.offset));
            }
        }

        #[test]
        fn prop_b64url_round_trip(b in proptest::collection::vec(any::<u8>(), 0..200)) {
            let enc = b64url_encode(&b);
            prop_assert_eq!(b64url_decode(&enc, 0, 0).unwrap().0, b);
        }

        #[test]
        fn prop_claims_round_trip(
            sub in "\\PC{0,30}",
            exp in -1_000_000_000_000i64..1_000_000_000_000,
            aud in proptest::collection::vec("[a-z]{1,8}", 0..4),
            sig in proptest::collection::vec(any::<u8>(), 0..100),
        ) {
            let claims = serde_json::json!({ "sub": sub, "exp": exp, "aud": aud });
            let t = tok(r#"{"alg":"ES256","typ":"JWT"}"#, &claims.to_string(), &sig);
            let j = match decode(&t) { Ok(Token::Jws(j)) => j, other => panic!("{other:?}") };
            prop_assert_eq!(j.sub.as_deref(), Some(sub.as_str()));
            prop_assert_eq!(j.exp, Some(exp as f64));
            prop_assert_eq!(j.aud, aud);
            prop_assert_eq!(j.signature_len, sig.len());
            prop_assert!(looks_like_jwt(&t));
        }

        #[test]
        fn prop_one_bad_char_is_found(pick in 0usize..1000, c in prop::sample::select(vec!['+', '/', ' ', '!', '\u{e9}'])) {
            let t = tok(r#"{"alg":"HS256","typ":"JWT"}"#, r#"{"sub":"abcdefghijklmnop"}"#, b"signature");
            // Any byte but the two dots.
            let spots: Vec<usize> = (0..t.len()).filter(|&i| t.as_bytes()[i] != b'.').collect();
            let pos = spots[pick % spots.len()];
            let mut bad = t.clone();
            bad.replace_range(pos..pos + 1, &c.to_string());
            let e = decode(&bad).unwrap_err();
            prop_assert!(matches!(e.kind, JwtError::BadBase64 { .. }), "{:?}", e);
            prop_assert_eq!(e.offset, pos);
        }
    }
}
