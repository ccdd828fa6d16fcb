//! What a person pasted or dropped: detect the kind of text and analyse it.
//!
//! [`analyze`] names the [`Kind`] (HAR, `curl -v`, header blocks, a JWT, an Authorization,
//! Cookie or Set-Cookie line) and fills what fits: the diagnosis for captures, the decoded
//! token, the parsed cookies (values masked). [`text_from_bytes`] turns a file's bytes into
//! text (BOM, UTF-16) or says why it is not text (gzip, zip, binary).

use crate::facts;
use crate::har::{self, HarError};
use crate::mask::{self, Kind as Secret};
use crate::model::{limits, Capture, Ctx};
use crate::parse::{cookie, jwt};
use crate::raw::{self, RawError};
use crate::report::{AuthView, CookieToken, CookiesView, Report, SessionView, TokenView};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The kind of text, as detected. Serialised kebab-case (`"set-cookie"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Har,
    Curl,
    Headers,
    Jwt,
    Authorization,
    Cookie,
    SetCookie,
    Unknown,
}

impl Kind {
    /// For display: "HAR file", "curl -v output", "JWT", ...
    pub fn label(self) -> &'static str {
        match self {
            Kind::Har => "HAR file",
            Kind::Curl => "curl -v output",
            Kind::Headers => "HTTP headers",
            Kind::Jwt => "JWT",
            Kind::Authorization => "Authorization header",
            Kind::Cookie => "Cookie header",
            Kind::SetCookie => "Set-Cookie header",
            Kind::Unknown => "unrecognised text",
        }
    }

    /// True for the kinds that hold HTTP exchanges ([`capture`] reads them).
    pub fn is_capture(self) -> bool {
        matches!(self, Kind::Har | Kind::Curl | Kind::Headers)
    }
}

/// The result of [`analyze`]: the kind, and whichever views fit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub kind: Kind,
    /// The diagnosis, for HAR, curl and header blocks.
    pub report: Option<Report>,
    /// The decoded token: a JWT, or the Bearer JWT of an Authorization line.
    pub token: Option<TokenView>,
    /// Cookies of a Cookie line (values masked).
    pub cookies: Option<CookiesView>,
    /// Set-Cookie lines, parsed: an array of objects (values masked).
    pub set_cookie: Option<serde_json::Value>,
    pub notes: Vec<String>,
    /// The Authorization value, decoded and masked (Authorization lines; header blocks
    /// without a 401). Added field, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthView>,
    /// JWTs found in cookie values (Cookie and Set-Cookie lines). Added field, optional.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookie_tokens: Vec<CookieToken>,
    /// Other cookies recognised by format (signed sessions decoded, encrypted and opaque
    /// ones named). Added field, optional.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<SessionView>,
}

impl Analysis {
    fn new(kind: Kind) -> Self {
        Analysis {
            kind,
            report: None,
            token: None,
            cookies: None,
            set_cookie: None,
            notes: Vec::new(),
            authorization: None,
            cookie_tokens: Vec::new(),
            sessions: Vec::new(),
        }
    }
}

/// Why the input cannot be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    Empty,
    TooLarge {
        bytes: usize,
    },
    /// Not text; `what` names it when known ("a gzip file").
    Binary {
        what: Option<&'static str>,
    },
    Har(HarError),
    Raw(RawError),
    /// Recognised as a single token or header line where a capture was needed.
    NotACapture(Kind),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => f.write_str("The input is empty."),
            InputError::TooLarge { bytes } => write!(
                f,
                "The input is {} MB; why401 reads at most {} MB.",
                bytes / (1024 * 1024),
                limits::MAX_INPUT_BYTES / (1024 * 1024)
            ),
            InputError::Binary { what: Some(w) } => write!(f, "This is {w}, not a HAR or text: {}", unpack_hint(w)),
            InputError::Binary { what: None } => {
                f.write_str("This looks like binary data, not a HAR or text.")
            }
            InputError::Har(e) => e.fmt(f),
            InputError::Raw(e) => e.fmt(f),
            InputError::NotACapture(k) => write!(
                f,
                "This is a {}, not a capture of requests. Use `why401 token` to decode a token, or give \
                 a HAR file, `curl -v` output or the request and response headers.",
                k.label()
            ),
        }
    }
}

fn unpack_hint(what: &str) -> &'static str {
    if what.contains("gzip") {
        "decompress it first (gunzip file.har.gz)."
    } else if what.contains("zip") {
        "extract the .har file from the archive first."
    } else {
        "export the HAR again as a .har file."
    }
}

impl std::error::Error for InputError {}

impl From<HarError> for InputError {
    fn from(e: HarError) -> Self {
        InputError::Har(e)
    }
}

impl From<RawError> for InputError {
    fn from(e: RawError) -> Self {
        InputError::Raw(e)
    }
}

/// A file's bytes as text: UTF-8 (BOM removed) or UTF-16 with a BOM; gzip, zip and other
/// binary data are refused with a message that names them.
pub fn text_from_bytes(bytes: &[u8]) -> Result<Cow<'_, str>, InputError> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { bytes: bytes.len() });
    }
    match bytes {
        [0x1f, 0x8b, ..] => {
            return Err(InputError::Binary {
                what: Some("a gzip file"),
            })
        }
        [b'P', b'K', 3, 4, ..] => {
            return Err(InputError::Binary {
                what: Some("a zip archive"),
            })
        }
        [0xff, 0xfe, rest @ ..] => return utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => return utf16(rest, u16::from_be_bytes),
        _ => {}
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) if har::looks_binary(s) => Err(InputError::Binary { what: None }),
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) => {
            // Mostly text with a few bad bytes (Latin-1 in a header): read it lossily.
            let s = String::from_utf8_lossy(bytes).into_owned();
            let head: Vec<char> = s.chars().take(1024).collect();
            let bad = head.iter().filter(|c| **c == '\u{fffd}').count();
            if bad * 4 > head.len() || har::looks_binary(&s) {
                Err(InputError::Binary { what: None })
            } else {
                Ok(Cow::Owned(s))
            }
        }
    }
}

fn utf16(rest: &[u8], f: fn([u8; 2]) -> u16) -> Result<Cow<'static, str>, InputError> {
    let units: Vec<u16> = rest
        .chunks_exact(2)
        .map(|c| f([c[0], c.get(1).copied().unwrap_or(0)]))
        .collect();
    let s: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect();
    if har::looks_binary(&s) {
        Err(InputError::Binary { what: None })
    } else {
        Ok(Cow::Owned(s))
    }
}

/// The text without surrounding whitespace and byte-order marks (in any order), so every
/// entry point detects and reads the same text.
fn trimmed(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Names the kind of text without analysing it.
pub fn detect(text: &str) -> Kind {
    let t = trimmed(text);
    if t.is_empty() {
        return Kind::Unknown;
    }
    if t.starts_with('{') || t.starts_with('[') {
        return Kind::Har;
    }
    if raw::is_curl(t) {
        return Kind::Curl;
    }
    let lines: Vec<&str> = t
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(1000)
        .collect();
    if lines.iter().all(|l| label_value(l, "set-cookie").is_some()) {
        return Kind::SetCookie;
    }
    if lines.len() == 1 {
        let l = lines[0];
        if label_value(l, "authorization").is_some()
            || label_value(l, "proxy-authorization").is_some()
        {
            return Kind::Authorization;
        }
        if label_value(l, "cookie").is_some() {
            return Kind::Cookie;
        }
        if !l.contains(char::is_whitespace) && jwt::looks_like_jwt(l.trim_matches('"')) {
            return Kind::Jwt;
        }
        let first = l.split_whitespace().next().unwrap_or("");
        if l.contains(' ') && is_scheme(first) && l.split_whitespace().count() >= 2 {
            return Kind::Authorization;
        }
    }
    if raw::parse_raw(t).is_ok_and(|c| {
        c.entries.iter().any(|e| {
            e.status != 0
                || !e.request_headers.is_empty()
                || !e.response_headers.is_empty()
                || !e.url.is_empty()
        })
    }) {
        return Kind::Headers;
    }
    if lines.len() == 1 && lines[0].contains('=') {
        return if has_cookie_attributes(lines[0]) {
            Kind::SetCookie
        } else {
            Kind::Cookie
        };
    }
    Kind::Unknown
}

fn is_scheme(w: &str) -> bool {
    [
        "bearer",
        "basic",
        "digest",
        "negotiate",
        "ntlm",
        "token",
        "dpop",
        "hawk",
        "aws4-hmac-sha256",
    ]
    .iter()
    .any(|s| w.eq_ignore_ascii_case(s))
}

fn has_cookie_attributes(l: &str) -> bool {
    l.split(';').skip(1).any(|a| {
        let n = a.split('=').next().unwrap_or("").trim();
        [
            "path",
            "domain",
            "expires",
            "max-age",
            "secure",
            "httponly",
            "samesite",
            "partitioned",
        ]
        .iter()
        .any(|k| n.eq_ignore_ascii_case(k))
    })
}

/// `Label: value` (case-insensitive label) → value.
fn label_value<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let (n, v) = line.split_once(':')?;
    n.trim().eq_ignore_ascii_case(label).then(|| v.trim())
}

/// Reads a capture (HAR, curl, header blocks) from text; other kinds are an error.
pub fn capture(text: &str) -> Result<(Kind, Capture), InputError> {
    check(text)?;
    let t = trimmed(text);
    let kind = detect(t);
    Ok((kind, read_capture(kind, t)?))
}

fn read_capture(kind: Kind, text: &str) -> Result<Capture, InputError> {
    match kind {
        // JSON: the extension's capture (its model::Capture, strict keys), else a HAR. Not in
        // the wasm: the extension hands the core its captures as objects, and reading them from
        // text there would add serde_json's copy of every model type (~12 KB gzipped).
        #[cfg(not(target_arch = "wasm32"))]
        Kind::Har => match super::capture::parse_capture(text) {
            Some(c) => Ok(c),
            None => Ok(har::parse_har(text)?),
        },
        #[cfg(target_arch = "wasm32")]
        Kind::Har => Ok(har::parse_har(text)?),
        Kind::Curl | Kind::Headers => Ok(raw::parse_raw(text)?),
        Kind::Unknown => Err(raw::parse_raw(text)
            .map(|_| InputError::NotACapture(kind))
            .unwrap_or_else(InputError::Raw)),
        k => Err(InputError::NotACapture(k)),
    }
}

fn check(text: &str) -> Result<(), InputError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    if har::looks_binary(text) {
        return Err(InputError::Binary { what: None });
    }
    Ok(())
}

/// Detects the kind of `text` and analyses it. Bounded: refuses inputs over
/// [`limits::MAX_INPUT_BYTES`].
pub fn analyze(text: &str, ctx: &Ctx) -> Result<Analysis, InputError> {
    check(text)?;
    let t = trimmed(text);
    let kind = detect(t);
    let mut a = Analysis::new(kind);
    match kind {
        Kind::Har | Kind::Curl | Kind::Headers => {
            let cap = read_capture(kind, t)?;
            let report = crate::diagnose::diagnose(&cap, ctx);
            if report.findings.is_empty() {
                // No failure to diagnose: still decode what the requests carried.
                if let Some(e) = cap
                    .entries
                    .iter()
                    .rev()
                    .find(|e| e.request_header("authorization").is_some())
                {
                    let auth = auth_view(e.request_header("authorization").unwrap_or(""), ctx);
                    a.token = auth.token.clone();
                    a.authorization = Some(auth);
                }
                if let Some(e) = cap
                    .entries
                    .iter()
                    .rev()
                    .find(|e| e.request_header("cookie").is_some())
                {
                    let (view, tokens, sessions, notes) =
                        cookie_view(e.request_header("cookie").unwrap_or(""), ctx);
                    a.cookies = Some(view);
                    a.cookie_tokens = tokens;
                    a.sessions = sessions;
                    a.notes.extend(notes);
                }
                if kind != Kind::Har {
                    a.notes.push(
                        "There is no 401 or 407 response here to diagnose; the credentials the request \
                         carried are decoded below."
                            .into(),
                    );
                }
            }
            a.report = Some(report);
        }
        Kind::Jwt => {
            a.token = Some(crate::views::token_view(
                t.trim_matches('"'),
                ctx,
                None,
                None,
            ));
        }
        Kind::Authorization => {
            let v = label_value(t, "authorization")
                .or_else(|| label_value(t, "proxy-authorization"))
                .unwrap_or(t);
            let auth = auth_view(v, ctx);
            a.token = auth.token.clone();
            a.authorization = Some(auth);
        }
        Kind::Cookie => {
            let v = label_value(t, "cookie").unwrap_or(t);
            let (view, tokens, sessions, notes) = cookie_view(v, ctx);
            a.cookies = Some(view);
            a.cookie_tokens = tokens;
            a.sessions = sessions;
            a.notes.extend(notes);
        }
        Kind::SetCookie => {
            let mut items = Vec::new();
            for line in t
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .take(limits::MAX_HEADERS)
            {
                let v = label_value(line, "set-cookie").unwrap_or(line);
                items.push(set_cookie_json(v, ctx, &mut a.cookie_tokens));
            }
            a.set_cookie = Some(serde_json::Value::Array(items));
        }
        Kind::Unknown => {
            a.notes.push(
                "why401 did not recognise this text. Paste a JWT, an Authorization, Cookie or Set-Cookie \
                 line, the request and response headers, `curl -v` output, or drop a HAR file."
                    .into(),
            );
        }
    }
    number(&mut a);
    Ok(a)
}

/// Numbers the placeholders of everything the analysis shows, as one report.
fn number(a: &mut Analysis) {
    let mut n = mask::Numbering::default();
    if let Some(r) = &mut a.report {
        for f in &mut r.findings {
            n.finding(f);
        }
        for s in &mut r.notes {
            n.string(s);
        }
    }
    if let Some(auth) = &mut a.authorization {
        n.auth(auth);
    }
    if let Some(t) = &mut a.token {
        n.token(t);
    }
    if let Some(c) = &mut a.cookies {
        for s in &mut c.sent {
            n.string(&mut s.value_masked);
        }
    }
    for ct in &mut a.cookie_tokens {
        n.token(&mut ct.token);
    }
    for v in &mut a.sessions {
        n.session(v);
    }
    if let Some(v) = &mut a.set_cookie {
        n.json(v);
    }
    for s in &mut a.notes {
        n.string(s);
    }
}

/// An Authorization value decoded and masked (Basic user, Bearer JWT, shape problems): the
/// same facts and view a capture's header gets, read from the line alone.
pub fn auth_view(value: &str, ctx: &Ctx) -> AuthView {
    let value = har::cut_str(value, limits::MAX_HEADER_VALUE);
    let a = facts::AuthFacts::of_value("Authorization", value, 1);
    let token = a.bearer_token();
    crate::views::auth_view(&a, token.as_ref(), None, None, ctx)
}

/// A Cookie header value: the cookies (masked), JWTs and other recognised formats among
/// them, and notes (duplicates, size, problems, chunk parts missing), from the same facts
/// and views a capture's Cookie header gets.
fn cookie_view(
    value: &str,
    ctx: &Ctx,
) -> (CookiesView, Vec<CookieToken>, Vec<SessionView>, Vec<String>) {
    let value = har::cut_str(value, limits::MAX_HEADER_VALUE);
    let sent = facts::SentCookies::of_header(value);
    let view = CookiesView {
        sent: crate::views::sent_cookies(&sent),
        not_sent: Vec::new(),
        header_bytes: sent.header_bytes,
    };
    let tokens = crate::views::cookie_tokens(&sent.tokens(16), None, None, ctx);
    let mut notes = Vec::new();
    let sessions = sent
        .sessions(16)
        .iter()
        .map(|f| {
            if !f.missing_chunks.is_empty() {
                notes.push(format!(
                    "The chunked cookie {:?} is missing its parts {}: the server cannot read it at all.",
                    f.name,
                    f.missing_chunks.join(", ")
                ));
            }
            crate::views::session_view(&f.name, &f.session, ctx, None, None)
        })
        .collect();
    for (d, _) in sent.duplicates() {
        notes.push(format!(
            "The cookie {d:?} appears more than once: the browser holds copies with different Path or Domain, and the server may read the wrong one."
        ));
    }
    if value.len() > 4096 {
        notes.push(format!(
            "The Cookie header is {} bytes; many servers refuse headers over 4–8 KB.",
            value.len()
        ));
    }
    for p in sent.problems.iter().take(8) {
        notes.push(format!("Cookie header: {p}"));
    }
    (view, tokens, sessions, notes)
}

/// One Set-Cookie value as JSON (value masked); JWT values are decoded into `tokens`.
fn set_cookie_json(value: &str, ctx: &Ctx, tokens: &mut Vec<CookieToken>) -> serde_json::Value {
    let value = har::cut_str(value, limits::MAX_HEADER_VALUE);
    match cookie::parse_set_cookie(value) {
        Ok(c) => {
            let val = c.value.trim_matches('"');
            if jwt::looks_like_jwt(val) && tokens.len() < 16 {
                tokens.push(CookieToken {
                    cookie: c.name.to_string(),
                    token: crate::views::token_view(val, ctx, None, None),
                });
            }
            let now = ctx.now_ms / 1000.0;
            serde_json::json!({
                "name": c.name,
                "value_masked": mask::value(Secret::Cookie, c.value),
                "bytes": c.bytes,
                "domain": c.domain,
                "path": c.path,
                "expires": c.expires.map(crate::parse::date::format_utc),
                "max_age": c.max_age,
                "secure": c.secure,
                "http_only": c.http_only,
                "same_site": c.same_site.map(|s| format!("{s:?}")),
                "partitioned": c.partitioned,
                "deletes": c.deletes(now),
            })
        }
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CTX: Ctx = Ctx::at(1_764_079_320_000.0);
    // {"alg":"HS256","typ":"JWT"}.{"sub":"1","exp":1764000000}.sig
    const JWT: &str =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzY0MDAwMDAwfQ.c2lnbmF0dXJl";

    #[test]
    fn detects_kinds() {
        let rows: &[(&str, Kind)] = &[
            ("{\"log\":{\"entries\":[]}}", Kind::Har),
            (" [1] ", Kind::Har),
            (JWT, Kind::Jwt),
            ("Authorization: Bearer abc", Kind::Authorization),
            ("Bearer abc.def", Kind::Authorization),
            ("basic dXNlcjpwdw==", Kind::Authorization),
            ("proxy-authorization: Basic eA==", Kind::Authorization),
            ("Cookie: a=1; b=2", Kind::Cookie),
            ("a=1; b=2", Kind::Cookie),
            ("Set-Cookie: sid=1; Path=/; HttpOnly", Kind::SetCookie),
            (
                "Set-Cookie: a=1\nset-cookie: b=2; Max-Age=0",
                Kind::SetCookie,
            ),
            ("sid=1; Path=/; Secure", Kind::SetCookie),
            (
                "> GET / HTTP/1.1\n> Host: a\n>\n< HTTP/1.1 401 Unauthorized\n",
                Kind::Curl,
            ),
            (
                "GET / HTTP/1.1\nHost: a\n\nHTTP/1.1 401 Unauthorized\n",
                Kind::Headers,
            ),
            ("HTTP/2 401", Kind::Headers),
            ("www-authenticate: Bearer\nserver: nginx", Kind::Headers),
            ("hello there", Kind::Unknown),
            ("", Kind::Unknown),
        ];
        for (t, k) in rows {
            assert_eq!(detect(t), *k, "{t:?}");
        }
        assert_eq!(Kind::SetCookie.label(), "Set-Cookie header");
        assert_eq!(
            serde_json::to_string(&Kind::SetCookie).unwrap(),
            "\"set-cookie\""
        );
    }

    #[test]
    fn a_pasted_cookie_header_decodes_each_cookie() {
        let a = analyze(
            "Cookie: session=eyJ1c2VyIjoiYWxpY2UifQ.awyBwg.ev4Gr7oAZUVFVjWQ-RzwlN5NLeE; .AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC1=CfDJ8AAAA",
            &CTX,
        )
        .unwrap();
        assert!(a.cookie_tokens.is_empty(), "a Flask session is not a JWT");
        let kinds: Vec<&str> = a.sessions.iter().map(|s| s.family.as_str()).collect();
        assert_eq!(kinds, ["itsdangerous", "aspnetcore-chunks"]);
        assert_eq!(a.sessions[0].payload["user"], "alice");
        assert!(
            a.notes.iter().any(|n| n.contains(".AspNetCore.CookiesC2")),
            "{:?}",
            a.notes
        );
        // Secret-named fields of a readable session are masked.
        let a = analyze(
            "Cookie: session=eyJ1c2VyIjoiYm9iIiwiY3NyZl90b2tlbiI6InMzY3IzdHZhbHVlMTIzIn0=",
            &CTX,
        )
        .unwrap();
        assert_eq!(a.sessions[0].family, "cookie-session");
        assert_eq!(a.sessions[0].payload["user"], "bob");
        let csrf = a.sessions[0].payload["csrf_token"].as_str().unwrap_or("");
        assert!(
            !csrf.contains("s3cr3t") && csrf.contains("14 bytes"),
            "{csrf}"
        );
    }

    #[test]
    fn analyses_lines() {
        let a = analyze("Authorization: Basic Ym9iOnNlY3JldA==", &CTX).unwrap();
        let auth = a.authorization.unwrap();
        assert_eq!(auth.basic_user.as_deref(), Some("bob"));
        assert_eq!(auth.basic_password_len, Some(6));
        assert!(!auth.masked.contains("Ym9i"), "{}", auth.masked);

        let a = analyze(&format!("Cookie: sid=abc; id={JWT}; sid=old"), &CTX).unwrap();
        let c = a.cookies.unwrap();
        assert_eq!(c.sent.len(), 3);
        assert!(c.sent.iter().all(|s| !s.value_masked.contains("abc")));
        assert_eq!(a.cookie_tokens.len(), 1);
        assert_eq!(a.cookie_tokens[0].cookie, "id");
        assert!(
            a.notes
                .iter()
                .any(|n| n.contains("\"sid\" appears more than once")),
            "{:?}",
            a.notes
        );

        let a = analyze("Set-Cookie: sid=secret; Path=/; Max-Age=0; HttpOnly", &CTX).unwrap();
        let sc = a.set_cookie.unwrap();
        let s = sc.to_string();
        assert!(!s.contains("secret"), "{s}");
        assert_eq!(sc[0]["name"], "sid");

        let a = analyze(JWT, &CTX).unwrap();
        assert_eq!(a.kind, Kind::Jwt);
        assert!(a.token.is_some());

        let a = analyze("zzz top", &CTX).unwrap();
        assert_eq!(a.kind, Kind::Unknown);
        assert!(!a.notes.is_empty());
    }

    #[test]
    fn analyses_captures() {
        let a = analyze("GET /me HTTP/1.1\nHost: a.test\nAuthorization: Bearer x\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer\n", &CTX).unwrap();
        assert_eq!(a.kind, Kind::Headers);
        assert!(a.report.is_some());
        let a = analyze(
            "GET /me HTTP/1.1\nHost: a.test\nAuthorization: Basic Ym9iOnNlY3JldA==\n",
            &CTX,
        )
        .unwrap();
        assert_eq!(
            a.authorization.and_then(|v| v.basic_user).as_deref(),
            Some("bob")
        );
        assert!(
            a.notes.iter().any(|n| n.contains("no 401")),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn errors_and_bytes() {
        assert_eq!(analyze("   ", &CTX), Err(InputError::Empty));
        assert!(matches!(
            analyze("{\"log\": {\"entries\": [", &CTX),
            Err(InputError::Har(HarError::Truncated { .. }))
        ));
        assert_eq!(
            text_from_bytes(&[0x1f, 0x8b, 8, 0]).unwrap_err(),
            InputError::Binary {
                what: Some("a gzip file")
            }
        );
        assert!(text_from_bytes(b"PK\x03\x04rest")
            .unwrap_err()
            .to_string()
            .contains("zip"));
        assert!(matches!(
            text_from_bytes(&[0, 1, 2, 3, 0, 0, 0, 9]),
            Err(InputError::Binary { what: None })
        ));
        assert_eq!(text_from_bytes(b"\xef\xbb\xbf{}").unwrap(), "{}");
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("{\"a\":1}".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(text_from_bytes(&utf16).unwrap(), "{\"a\":1}");
        assert_eq!(text_from_bytes(b"caf\xe9 ok").unwrap(), "caf\u{fffd} ok");
        assert!(matches!(
            capture(JWT),
            Err(InputError::NotACapture(Kind::Jwt))
        ));
        assert!(capture("hello").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = analyze(&s, &CTX);
            let _ = text_from_bytes(s.as_bytes());
        }

        #[test]
        fn never_panics_on_bytes(b in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(t) = text_from_bytes(&b) {
                let _ = analyze(&t, &CTX);
            }
        }

        #[test]
        fn never_panics_on_credential_lines(
            prefix in prop_oneof![Just("Authorization: "), Just("Cookie: "), Just("Set-Cookie: "), Just("Bearer "), Just("")],
            body in "[A-Za-z0-9._=;: -]{0,80}",
        ) {
            let _ = analyze(&format!("{prefix}{body}"), &CTX);
        }
    }
}
