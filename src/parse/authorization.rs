//! The `Authorization` (and `Proxy-Authorization`) request header value:
//! `<scheme> <credentials>`, and the mistakes people make writing it (no scheme,
//! quotes, stray whitespace, `Bearer Bearer x`, `Bearer undefined`, ...).

use super::{base64_decode, is_tchar, offset_in, B64Error, CaretLabel, ParseError};
use std::fmt;

/// The auth scheme family of a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemeKind {
    Bearer,
    Basic,
    Digest,
    Negotiate,
    Ntlm,
    Other,
    /// No scheme could be read.
    None,
}

impl SchemeKind {
    /// Classifies a scheme name (case-insensitive). Unknown names are `Other`.
    pub fn of(scheme: &str) -> SchemeKind {
        if scheme.eq_ignore_ascii_case("bearer") {
            SchemeKind::Bearer
        } else if scheme.eq_ignore_ascii_case("basic") {
            SchemeKind::Basic
        } else if scheme.eq_ignore_ascii_case("digest") {
            SchemeKind::Digest
        } else if scheme.eq_ignore_ascii_case("negotiate") {
            SchemeKind::Negotiate
        } else if scheme.eq_ignore_ascii_case("ntlm") {
            SchemeKind::Ntlm
        } else {
            SchemeKind::Other
        }
    }

    /// Schemes whose credentials are one token68 (no spaces, no params).
    fn is_token68(self) -> bool {
        matches!(
            self,
            SchemeKind::Bearer | SchemeKind::Basic | SchemeKind::Negotiate | SchemeKind::Ntlm
        )
    }
}

/// Something wrong with the shape of an Authorization value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthProblem {
    /// No `<scheme> ` before the credentials (e.g. a bare token).
    NoScheme,
    /// Nothing after the scheme (or an empty header).
    EmptyCredentials,
    /// The credentials (or the whole value) are wrapped in quotes.
    Quoted,
    /// Leading, trailing, doubled or inner whitespace, or a tab.
    StrayWhitespace,
    /// A CR or LF inside the value.
    LineBreak,
    /// `Bearer Bearer x`, `Bearer Basic x`.
    SchemeTwice,
    /// `undefined`, `null`, `[object Object]`, `${token}`, ... instead of a credential.
    Placeholder(String),
    /// `Bearer: x`, `Bearer=x`: a separator other than a space after the scheme.
    BadSeparator,
    /// A character a token68 credential (Bearer, Basic, Negotiate, NTLM) cannot hold.
    InvalidChar(char),
}

impl fmt::Display for AuthProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthProblem::NoScheme => f.write_str("no auth scheme: expected e.g. `Bearer <token>`"),
            AuthProblem::EmptyCredentials => f.write_str("no credentials"),
            AuthProblem::Quoted => f.write_str("the credentials are wrapped in quotes"),
            AuthProblem::StrayWhitespace => f.write_str("stray whitespace"),
            AuthProblem::LineBreak => f.write_str("line break inside the header value"),
            AuthProblem::SchemeTwice => {
                f.write_str("a second auth scheme where the credentials should start")
            }
            AuthProblem::Placeholder(p) => {
                write!(f, "placeholder `{p}` instead of a real credential")
            }
            AuthProblem::BadSeparator => {
                f.write_str("the scheme must be followed by one space, not ':' or '='")
            }
            AuthProblem::InvalidChar(c) => write!(f, "{c:?} cannot appear in these credentials"),
        }
    }
}

impl CaretLabel for AuthProblem {}

/// A parsed Authorization value, borrowing the input. Offsets in `problems` are
/// byte offsets into `raw`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization<'a> {
    pub raw: &'a str,
    /// The scheme as written; `None` when none could be read.
    pub scheme: Option<&'a str>,
    pub kind: SchemeKind,
    /// The credentials after the scheme, with surrounding whitespace, quotes and a
    /// repeated scheme removed (each of those is reported in `problems`).
    pub credentials: &'a str,
    pub problems: Vec<ParseError<AuthProblem>>,
}

impl Authorization<'_> {
    /// True when a problem of this kind was found.
    pub fn has(&self, problem: &AuthProblem) -> bool {
        self.problems.iter().any(|p| &p.kind == problem)
    }
}

/// Scheme names that, alone, mean "scheme without credentials" rather than "a bare
/// credential without a scheme".
const KNOWN_SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "digest",
    "negotiate",
    "ntlm",
    "token",
    "apikey",
    "api-key",
    "key",
    "jwt",
    "dpop",
    "hoba",
    "mutual",
    "hawk",
    "oauth",
    "aws4-hmac-sha256",
    "scram-sha-1",
    "scram-sha-256",
    "vapid",
    "privatetoken",
    "concealed",
    "sso",
    "googlelogin",
    "kerberos",
];

fn is_known_scheme(w: &str) -> bool {
    KNOWN_SCHEMES.iter().any(|k| k.eq_ignore_ascii_case(w))
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Parses an Authorization header value. Never fails: problems are listed with offsets.
pub fn parse_authorization(value: &str) -> Authorization<'_> {
    let mut problems = Vec::new();
    let at = |s: &str| offset_in(value, s);

    if let Some(i) = value.find(['\r', '\n']) {
        problems.push(ParseError::new(AuthProblem::LineBreak, i));
    }
    let t = value.trim_matches(is_ws);
    if t.len() != value.len() {
        let lead = &value[..at(t)];
        let trail = &value[at(t) + t.len()..];
        if lead.contains([' ', '\t']) {
            problems.push(ParseError::new(AuthProblem::StrayWhitespace, 0));
        }
        if trail.contains([' ', '\t']) {
            problems.push(ParseError::new(AuthProblem::StrayWhitespace, at(trail)));
        }
    }
    let mut out = Authorization {
        raw: value,
        scheme: None,
        kind: SchemeKind::None,
        credentials: "",
        problems,
    };
    if t.is_empty() {
        out.problems
            .push(ParseError::new(AuthProblem::EmptyCredentials, value.len()));
        return out;
    }

    // The whole value in quotes: `"Bearer abc"`.
    let t = match strip_quotes(t) {
        Some(inner) => {
            out.problems
                .push(ParseError::new(AuthProblem::Quoted, at(t)));
            inner.trim_matches(is_ws)
        }
        None => t,
    };

    let word_end = t.find(is_ws).unwrap_or(t.len());
    let word = &t[..word_end];
    let rest_after_word = &t[word_end..];

    // `Bearer:abc`, `Bearer: abc`, `Bearer=abc`.
    let sep = KNOWN_SCHEMES.iter().find_map(|k| {
        let head = word.get(..k.len())?;
        let next = word[k.len()..].chars().next()?;
        (head.eq_ignore_ascii_case(k) && (next == ':' || next == '=')).then_some(k.len())
    });
    let (scheme, rest) = if let Some(n) = sep {
        out.problems
            .push(ParseError::new(AuthProblem::BadSeparator, at(word) + n));
        let after = &t[n + 1..];
        (Some(&word[..n]), after)
    } else if word.bytes().all(is_tchar)
        && word.len() <= 32
        && !super::jwt::looks_like_jwt(word)
        && (is_known_scheme(word) || !rest_after_word.trim_matches(is_ws).is_empty())
    {
        (Some(word), rest_after_word)
    } else {
        out.problems
            .push(ParseError::new(AuthProblem::NoScheme, at(t)));
        (None, t)
    };
    out.scheme = scheme;
    out.kind = scheme.map_or(SchemeKind::None, SchemeKind::of);

    // Whitespace between scheme and credentials: exactly one space.
    let mut cred = rest.trim_start_matches(is_ws);
    if scheme.is_some() && sep.is_none() {
        let gap = &rest[..rest.len() - cred.len()];
        if !cred.is_empty() && gap != " " && gap.contains([' ', '\t']) {
            out.problems
                .push(ParseError::new(AuthProblem::StrayWhitespace, at(gap)));
        }
    }
    if cred.is_empty() {
        out.problems.push(ParseError::new(
            AuthProblem::EmptyCredentials,
            at(t) + t.len(),
        ));
        out.credentials = &t[t.len()..];
        return out;
    }

    // `Bearer Bearer x`, `Bearer Basic x`.
    if scheme.is_some() && out.kind != SchemeKind::Other {
        let w_end = cred.find(is_ws).unwrap_or(cred.len());
        let w = &cred[..w_end];
        let w_core = w.trim_end_matches(':');
        if ["bearer", "basic", "digest", "negotiate", "ntlm"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(w_core))
            && (out.kind != SchemeKind::Digest || !w.contains('='))
        {
            out.problems
                .push(ParseError::new(AuthProblem::SchemeTwice, at(w)));
            cred = cred[w_end..].trim_start_matches(is_ws);
            if cred.is_empty() {
                out.problems.push(ParseError::new(
                    AuthProblem::EmptyCredentials,
                    at(t) + t.len(),
                ));
                out.credentials = &t[t.len()..];
                return out;
            }
        }
    }

    // `Bearer "abc"`, `Bearer 'abc'`.
    if let Some(inner) = strip_quotes(cred) {
        out.problems
            .push(ParseError::new(AuthProblem::Quoted, at(cred)));
        if inner.is_empty() {
            out.problems.push(ParseError::new(
                AuthProblem::Placeholder(cred.to_string()),
                at(cred),
            ));
        }
        cred = inner;
    }
    out.credentials = cred;

    if out.kind.is_token68() || scheme.is_none() {
        if let Some((i, _)) = cred.char_indices().find(|&(_, c)| is_ws(c)) {
            out.problems
                .push(ParseError::new(AuthProblem::StrayWhitespace, at(cred) + i));
        } else if let Some((i, c)) = first_non_token68(cred) {
            if scheme.is_some() {
                out.problems
                    .push(ParseError::new(AuthProblem::InvalidChar(c), at(cred) + i));
            }
        }
    }

    if let Some(p) = placeholder(cred) {
        out.problems
            .push(ParseError::new(AuthProblem::Placeholder(p), at(cred)));
    } else if out.kind == SchemeKind::Basic {
        if let Ok(b) = decode_basic(cred) {
            // A known default password (`admin`, `password`, `changeme`) is a real, weak
            // credential, not a placeholder: the header is well formed.
            for part in [&b.user, &b.password] {
                if is_default_password(part) {
                    continue;
                }
                if let Some(p) = placeholder(part) {
                    out.problems
                        .push(ParseError::new(AuthProblem::Placeholder(p), at(cred)));
                }
            }
        }
    }
    out
}

/// The inside of `"..."` or `'...'` (the closing quote may be missing).
fn strip_quotes(s: &str) -> Option<&str> {
    let q = s.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let inner = &s[1..];
    Some(inner.strip_suffix(q).unwrap_or(inner))
}

/// First character outside token68 (`A-Z a-z 0-9 - . _ ~ + /` then `=`s at the end).
fn first_non_token68(s: &str) -> Option<(usize, char)> {
    let data_end = s.trim_end_matches('=').len();
    s.char_indices().find(|&(i, c)| {
        !(c.is_ascii_alphanumeric() || "-._~+/".contains(c) || (c == '=' && i >= data_end))
    })
}

/// Words that stand where a credential should be.
const PLACEHOLDER_WORDS: &[&str] = &[
    "undefined",
    "null",
    "nil",
    "none",
    "nan",
    "[object object]",
    "true",
    "false",
    "token",
    "your_token",
    "your-token",
    "yourtoken",
    "your_token_here",
    "your-token-here",
    "your_api_key",
    "your-api-key",
    "api_key",
    "apikey",
    "api-key",
    "access_token",
    "accesstoken",
    "changeme",
    "placeholder",
    "todo",
    "secret",
    "password",
    "jwt",
    "...",
    "…",
    "\"\"",
    "''",
    "0",
    "-",
    "redacted",
    "<redacted>",
    "[redacted]",
];

/// The placeholder a credential is, if it is one: `undefined`, `null`, `[object Object]`,
/// `${token}`, `{{token}}`, `<token>`, `%TOKEN%`, `$TOKEN`, `xxxx`, `****`, ...
pub fn placeholder(s: &str) -> Option<String> {
    let t = s.trim();
    if t.len() > 80 {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let wrapped = |open: &str, close: &str| {
        lower.len() > open.len() + close.len() && lower.starts_with(open) && lower.ends_with(close)
    };
    let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let is = PLACEHOLDER_WORDS.contains(&lower.as_str())
        || wrapped("${", "}")
        || wrapped("{{", "}}")
        || wrapped("<", ">")
        || wrapped("{", "}")
        || wrapped("%", "%")
        || wrapped("[", "]")
        || wrapped("$(", ")")
        || lower.strip_prefix('$').is_some_and(ident)
        || lower.starts_with("process.env.")
        || lower.starts_with("$env:")
        || (t.chars().count() >= 3 && t.chars().all(|c| matches!(c, 'x' | 'X')))
        || (t.chars().count() >= 3 && t.chars().all(|c| matches!(c, '*' | '•' | '.')));
    is.then(|| t.to_string())
}

/// Default and factory passwords that people really send: vendors' documented initial
/// passwords and the usual defaults (Tomcat's examples `s3cret`/`tomcat`, Raspberry Pi OS
/// `raspberry`, Ubiquiti `ubnt`, many routers and admin consoles `admin`/`password`/`1234`,
/// Jenkins-style `changeme`), compared case-insensitively.
pub const DEFAULT_PASSWORDS: &[&str] = &[
    "password",
    "passw0rd",
    "p@ssw0rd",
    "password1",
    "password123",
    "admin",
    "admin123",
    "administrator",
    "root",
    "toor",
    "secret",
    "s3cret",
    "changeme",
    "change_me",
    "default",
    "guest",
    "test",
    "test123",
    "demo",
    "user",
    "pass",
    "letmein",
    "welcome",
    "qwerty",
    "123456",
    "12345678",
    "1234",
    "12345",
    "123456789",
    "0000",
    "1111",
    "tomcat",
    "manager",
    "raspberry",
    "ubnt",
    "admin1",
    "master",
    "abc123",
    "postgres",
    "oracle",
    "elastic",
    "kibana",
    "rabbitmq",
    "minioadmin",
    "sa",
];

/// The password is a well-known default (see [`DEFAULT_PASSWORDS`]).
pub fn is_default_password(s: &str) -> bool {
    let t = s.trim();
    DEFAULT_PASSWORDS.iter().any(|p| t.eq_ignore_ascii_case(p))
}

/// Decoded `Basic` credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasicCredentials {
    pub user: String,
    pub password: String,
}

/// Why `Basic` credentials do not decode. The offset is into the credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BasicError {
    Empty,
    NotBase64,
    NotUtf8,
    NoColon,
}

impl fmt::Display for BasicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BasicError::Empty => "Basic credentials are empty",
            BasicError::NotBase64 => "Basic credentials are not valid base64",
            BasicError::NotUtf8 => "decoded Basic credentials are not UTF-8",
            BasicError::NoColon => {
                "decoded Basic credentials have no ':' between user and password"
            }
        })
    }
}

impl CaretLabel for BasicError {
    fn caret_label(&self, found: Option<char>) -> String {
        match (self, found) {
            (BasicError::NotBase64, Some(c)) => format!("{c:?} is not valid base64"),
            _ => self.to_string(),
        }
    }
}

/// Decodes the base64 `user:password` of a Basic credential (padding optional).
pub fn decode_basic(credentials: &str) -> Result<BasicCredentials, ParseError<BasicError>> {
    if credentials.is_empty() {
        return Err(ParseError::new(BasicError::Empty, 0));
    }
    let (bytes, _) = base64_decode(credentials, false).map_err(|e| match e {
        B64Error::BadChar(i) | B64Error::Truncated(i) => ParseError::new(BasicError::NotBase64, i),
    })?;
    let s = String::from_utf8(bytes).map_err(|e| {
        let i = e.utf8_error().valid_up_to();
        ParseError::new(BasicError::NotUtf8, ((i / 3) * 4).min(credentials.len()))
    })?;
    match s.split_once(':') {
        Some((u, p)) => Ok(BasicCredentials {
            user: u.to_string(),
            password: p.to_string(),
        }),
        None => Err(ParseError::new(BasicError::NoColon, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::base64_encode;
    use super::*;
    use proptest::prelude::*;
    use AuthProblem as P;

    fn problems(v: &str) -> Vec<(AuthProblem, usize)> {
        parse_authorization(v)
            .problems
            .into_iter()
            .map(|p| (p.kind, p.offset))
            .collect()
    }

    #[test]
    fn table() {
        // (value, scheme, kind, credentials, problems)
        let ph = |s: &str| P::Placeholder(s.to_string());
        type Row<'a> = (
            &'a str,
            Option<&'a str>,
            SchemeKind,
            &'a str,
            Vec<(AuthProblem, usize)>,
        );
        let cases: Vec<Row> = vec![
            (
                "Bearer abc.def.ghi",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc.def.ghi",
                vec![],
            ),
            (
                "bearer abc",
                Some("bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![],
            ),
            (
                "Basic dXNlcjpwYXNz",
                Some("Basic"),
                SchemeKind::Basic,
                "dXNlcjpwYXNz",
                vec![],
            ),
            (
                "Negotiate YIIGhgYJKoZIhvcSAQICAQBu==",
                Some("Negotiate"),
                SchemeKind::Negotiate,
                "YIIGhgYJKoZIhvcSAQICAQBu==",
                vec![],
            ),
            (
                "NTLM TlRMTVNTUAABAAAA",
                Some("NTLM"),
                SchemeKind::Ntlm,
                "TlRMTVNTUAABAAAA",
                vec![],
            ),
            (
                r#"Digest username="u", realm="r", nonce="n", uri="/", response="x""#,
                Some("Digest"),
                SchemeKind::Digest,
                r#"username="u", realm="r", nonce="n", uri="/", response="x""#,
                vec![],
            ),
            ("Token abc", Some("Token"), SchemeKind::Other, "abc", vec![]),
            (
                "AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=c",
                Some("AWS4-HMAC-SHA256"),
                SchemeKind::Other,
                "Credential=a/b, SignedHeaders=host, Signature=c",
                vec![],
            ),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
                None,
                SchemeKind::None,
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
                vec![(P::NoScheme, 0)],
            ),
            (
                "abc123",
                None,
                SchemeKind::None,
                "abc123",
                vec![(P::NoScheme, 0)],
            ),
            (
                "Bearer",
                Some("Bearer"),
                SchemeKind::Bearer,
                "",
                vec![(P::EmptyCredentials, 6)],
            ),
            (
                "Bearer ",
                Some("Bearer"),
                SchemeKind::Bearer,
                "",
                vec![(P::StrayWhitespace, 6), (P::EmptyCredentials, 6)],
            ),
            (
                "",
                None,
                SchemeKind::None,
                "",
                vec![(P::EmptyCredentials, 0)],
            ),
            (
                "Bearer  abc",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::StrayWhitespace, 6)],
            ),
            (
                "Bearer\tabc",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::StrayWhitespace, 6)],
            ),
            (
                " Bearer abc ",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::StrayWhitespace, 0), (P::StrayWhitespace, 11)],
            ),
            (
                "Bearer abc\r\n",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::LineBreak, 10)],
            ),
            (
                "Bearer ab\ncd",
                Some("Bearer"),
                SchemeKind::Bearer,
                "ab\ncd",
                vec![(P::LineBreak, 9), (P::StrayWhitespace, 9)],
            ),
            (
                "Bearer abc def",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc def",
                vec![(P::StrayWhitespace, 10)],
            ),
            (
                "Bearer Bearer abc",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::SchemeTwice, 7)],
            ),
            (
                "Bearer bearer: abc",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::SchemeTwice, 7)],
            ),
            (
                "Basic Basic dTpw",
                Some("Basic"),
                SchemeKind::Basic,
                "dTpw",
                vec![(P::SchemeTwice, 6)],
            ),
            (
                "Bearer Bearer",
                Some("Bearer"),
                SchemeKind::Bearer,
                "",
                vec![(P::SchemeTwice, 7), (P::EmptyCredentials, 13)],
            ),
            (
                r#"Bearer "abc""#,
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::Quoted, 7)],
            ),
            (
                "Bearer 'abc'",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::Quoted, 7)],
            ),
            (
                r#""Bearer abc""#,
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::Quoted, 0)],
            ),
            (
                r#"Bearer """#,
                Some("Bearer"),
                SchemeKind::Bearer,
                "",
                vec![(P::Quoted, 7), (ph("\"\""), 7)],
            ),
            (
                "Bearer: abc",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::BadSeparator, 6)],
            ),
            (
                "Bearer=abc",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc",
                vec![(P::BadSeparator, 6)],
            ),
            (
                "Bearer abc,def",
                Some("Bearer"),
                SchemeKind::Bearer,
                "abc,def",
                vec![(P::InvalidChar(','), 10)],
            ),
            (
                "Bearer undefined",
                Some("Bearer"),
                SchemeKind::Bearer,
                "undefined",
                vec![(ph("undefined"), 7)],
            ),
            (
                "Bearer null",
                Some("Bearer"),
                SchemeKind::Bearer,
                "null",
                vec![(ph("null"), 7)],
            ),
            (
                "Bearer [object Object]",
                Some("Bearer"),
                SchemeKind::Bearer,
                "[object Object]",
                vec![(P::StrayWhitespace, 14), (ph("[object Object]"), 7)],
            ),
            (
                "Bearer ${token}",
                Some("Bearer"),
                SchemeKind::Bearer,
                "${token}",
                vec![(P::InvalidChar('$'), 7), (ph("${token}"), 7)],
            ),
            (
                "Bearer {{token}}",
                Some("Bearer"),
                SchemeKind::Bearer,
                "{{token}}",
                vec![(P::InvalidChar('{'), 7), (ph("{{token}}"), 7)],
            ),
            (
                "Bearer <token>",
                Some("Bearer"),
                SchemeKind::Bearer,
                "<token>",
                vec![(P::InvalidChar('<'), 7), (ph("<token>"), 7)],
            ),
            (
                "Bearer $ACCESS_TOKEN",
                Some("Bearer"),
                SchemeKind::Bearer,
                "$ACCESS_TOKEN",
                vec![(P::InvalidChar('$'), 7), (ph("$ACCESS_TOKEN"), 7)],
            ),
            (
                "Bearer NaN",
                Some("Bearer"),
                SchemeKind::Bearer,
                "NaN",
                vec![(ph("NaN"), 7)],
            ),
            (
                "Bearer xxxxxxxx",
                Some("Bearer"),
                SchemeKind::Bearer,
                "xxxxxxxx",
                vec![(ph("xxxxxxxx"), 7)],
            ),
            (
                "undefined",
                None,
                SchemeKind::None,
                "undefined",
                vec![(P::NoScheme, 0), (ph("undefined"), 0)],
            ),
        ];
        for (v, scheme, kind, cred, probs) in cases {
            let a = parse_authorization(v);
            assert_eq!(a.scheme, scheme, "{v:?}");
            assert_eq!(a.kind, kind, "{v:?}");
            assert_eq!(a.credentials, cred, "{v:?}");
            assert_eq!(problems(v), probs, "{v:?}");
            assert_eq!(a.raw, v);
        }
    }

    #[test]
    fn basic_placeholders_inside() {
        let v = format!("Basic {}", base64_encode(b"undefined:undefined", false));
        let a = parse_authorization(&v);
        assert_eq!(
            a.problems.iter().map(|p| &p.kind).collect::<Vec<_>>(),
            vec![&ph("undefined"), &ph("undefined")]
        );
        fn ph(s: &str) -> AuthProblem {
            AuthProblem::Placeholder(s.to_string())
        }
    }

    #[test]
    fn basic_decoding_table() {
        let ok = decode_basic("dXNlcjpwYTpzcw==").unwrap();
        assert_eq!((ok.user.as_str(), ok.password.as_str()), ("user", "pa:ss"));
        let ok = decode_basic("dXNlcjpwYXNz").unwrap();
        assert_eq!(ok.password, "pass");
        let ok = decode_basic("w6k6w7w=").unwrap(); // é:ü
        assert_eq!((ok.user.as_str(), ok.password.as_str()), ("é", "ü"));
        let errs = [
            ("", BasicError::Empty, 0),
            ("dXNl cjpw", BasicError::NotBase64, 4),
            ("dXNl-jpw", BasicError::NotBase64, 4),
            ("dXNlcg==", BasicError::NoColon, 0),
            ("dXNlc", BasicError::NotBase64, 5),
            ("//79", BasicError::NotUtf8, 0),
        ];
        for (s, kind, off) in errs {
            let e = decode_basic(s).unwrap_err();
            assert_eq!((e.kind, e.offset), (kind, off), "{s:?}");
        }
    }

    #[test]
    fn caret_message() {
        let v = "Bearer Bearer abc";
        let a = parse_authorization(v);
        assert_eq!(
            a.problems[0].caret(v),
            "Bearer Bearer abc\n       ^ byte 7: a second auth scheme where the credentials should start"
        );
    }

    proptest! {
        #[test]
        fn prop_never_panics_offsets_valid(s in "\\PC{0,80}") {
            let a = parse_authorization(&s);
            for p in &a.problems {
                prop_assert!(p.offset <= s.len() && s.is_char_boundary(p.offset), "{:?}", p);
                let _ = p.caret(&s);
            }
            prop_assert_eq!(offset_in(&s, a.credentials) + a.credentials.len() <= s.len(), true);
            let _ = decode_basic(&s);
        }

        #[test]
        fn prop_bytes(b in proptest::collection::vec(any::<u8>(), 0..120)) {
            let s = String::from_utf8_lossy(&b);
            let a = parse_authorization(&s);
            for p in &a.problems {
                prop_assert!(s.is_char_boundary(p.offset));
            }
            if let Err(e) = decode_basic(&s) {
                prop_assert!(s.is_char_boundary(e.offset));
            }
        }

        #[test]
        fn prop_round_trip_bearer(scheme in prop::sample::select(vec!["Bearer", "Negotiate", "NTLM", "Token"]), tok in "[A-Za-z0-9._~+/-]{1,60}=?") {
            let v = format!("{scheme} {tok}");
            let a = parse_authorization(&v);
            prop_assert_eq!(a.scheme, Some(scheme));
            prop_assert_eq!(a.credentials, tok.as_str());
            prop_assert!(a.problems.iter().all(|p| matches!(p.kind, AuthProblem::Placeholder(_))), "{:?}", a.problems);
        }

        #[test]
        fn prop_round_trip_basic(user in "[^:\\x00]{0,20}", pass in "\\PC{0,20}") {
            let v = format!("Basic {}", base64_encode(format!("{user}:{pass}").as_bytes(), false));
            let a = parse_authorization(&v);
            prop_assert_eq!(a.kind, SchemeKind::Basic);
            let b = decode_basic(a.credentials).unwrap();
            prop_assert_eq!(b.user, user);
            prop_assert_eq!(b.password, pass);
        }
    }
}
