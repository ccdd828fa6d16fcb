//! The credentials a request carried in Authorization-style headers, and the tokens in play.

use super::*;

/// A bearer credential that is meant to be a JWT: starts like a JOSE header or has the
/// dotted shape. Opaque tokens (`ya29.…`, `ghp_…`) are not candidates, nor values whose
/// first segment is a JSON object without `alg` (a Flask or other signed session).
pub fn bearer_token_candidate(credentials: &str) -> bool {
    let t = credentials.trim().trim_matches(|c| c == '"' || c == '\'');
    (t.starts_with("eyJ") || jwt::looks_like_jwt(t)) && jwt::header_has_alg(t) != Some(false)
}

/// Decoded Basic credentials: the user and the password's length (never the password).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasicFacts {
    pub user: String,
    pub password_len: usize,
    /// The password is a well-known default (`admin`, `password`, `changeme`, ...).
    pub default_password: bool,
}

/// An Authorization (or Proxy-Authorization) header.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthFacts<'c> {
    /// `Authorization` or `Proxy-Authorization`.
    pub header: &'static str,
    /// How many such headers the request carried.
    pub count: usize,
    pub parsed: Authorization<'c>,
    /// For Basic: decoded, or why not.
    pub basic: Option<Result<BasicFacts, ParseError<BasicError>>>,
}

impl<'c> AuthFacts<'c> {
    /// One Authorization-style header value, read on its own (a request's header, or a line a
    /// person pasted). `count`: how many such headers the request carried.
    pub fn of_value(header: &'static str, value: &'c str, count: usize) -> AuthFacts<'c> {
        let parsed = parse_authorization(value);
        let basic = if parsed.kind == SchemeKind::Basic {
            let cred = parsed.credentials.trim();
            Some(decode_basic(cred).map(|b| BasicFacts {
                user: cut(&b.user, 256).to_string(),
                password_len: b.password.len(),
                default_password: crate::parse::authorization::is_default_password(&b.password),
            }))
        } else {
            None
        };
        AuthFacts {
            header,
            count,
            parsed,
            basic,
        }
    }

    /// The bearer token it carries, decoded (never verified), when it could be a JWT.
    pub fn bearer_token(&self) -> Option<TokenFacts<'c>> {
        // A bare token (no scheme) is read too: some APIs take one (Backblaze B2, PocketBase).
        if !matches!(self.kind(), SchemeKind::Bearer | SchemeKind::None)
            || !bearer_token_candidate(self.parsed.credentials)
        {
            return None;
        }
        let raw = self
            .parsed
            .credentials
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        Some(TokenFacts {
            place: TokenPlace::Header(self.header),
            raw,
            decoded: jwt::decode(raw),
        })
    }

    pub fn kind(&self) -> SchemeKind {
        self.parsed.kind
    }
    /// The scheme as written, or "" when missing.
    pub fn scheme(&self) -> &str {
        self.parsed.scheme.unwrap_or("")
    }
    /// No shape problems (other than [`slight`] ones), not sent twice, and Basic decodes.
    pub fn well_formed(&self) -> bool {
        self.count == 1
            && self
                .parsed
                .problems
                .iter()
                .all(|p| slight_here(&self.parsed, &p.kind))
            && self.parsed.scheme.is_some()
            && !self.parsed.credentials.is_empty()
            && !matches!(self.basic, Some(Err(_)))
    }
    /// A token without a scheme and no other problem (`Authorization: <token>`).
    pub fn bare_token(&self) -> bool {
        self.count == 1
            && self.kind() == SchemeKind::None
            && !self.parsed.credentials.is_empty()
            && self
                .parsed
                .problems
                .iter()
                .all(|p| matches!(p.kind, AuthProblem::NoScheme) || slight(&p.kind))
    }
    pub fn has_placeholder(&self) -> bool {
        self.parsed
            .problems
            .iter()
            .any(|p| matches!(p.kind, AuthProblem::Placeholder(_)))
    }
}

/// A deviation from the header grammar that real credentials carry and servers accept: a
/// character outside RFC 6750's token68 that real tokens hold (Salesforce's `!`, `user:key`
/// pairs, `|`-joined ids), or whitespace around the credential. Quotes, separators (`,`
/// `;`), `%` (URL-encoding), brackets, backslashes, control characters and non-ASCII are
/// not slight: they are signs of damage.
pub fn slight(p: &AuthProblem) -> bool {
    matches!(p, AuthProblem::InvalidChar(c) if matches!(c, '!' | '#' | '$' | '&' | '*' | ':' | '?' | '@' | '^' | '|'))
        || matches!(p, AuthProblem::StrayWhitespace)
}

/// [`slight`] for this header: also `Scheme=…` or `Scheme:…` under a scheme of a product's
/// own (Proxmox's `PVEAPIToken=user@realm!id=uuid`): its documented form, while
/// `Bearer=…` or `Basic:…` is a mistake.
pub fn slight_here(a: &Authorization<'_>, p: &AuthProblem) -> bool {
    slight(p)
        || (matches!(p, AuthProblem::BadSeparator)
            && a.kind == SchemeKind::Other
            && !a.scheme.is_some_and(|s| {
                ["token", "jwt", "apikey", "api-key", "key"]
                    .iter()
                    .any(|k| s.eq_ignore_ascii_case(k))
            }))
}

/// Where a token was found.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenPlace {
    /// The Authorization (or Proxy-Authorization) header, bearer scheme.
    Header(&'static str),
    /// A cookie; domain and path when the jar or history tells.
    Cookie {
        name: String,
        domain: Option<String>,
        path: Option<String>,
        session_like: bool,
        /// The jar copy it came from, when known (identifies it exactly for clearing).
        origin: Option<Box<KnownCookie>>,
    },
}

/// A JWT (or something shaped like one) in play.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenFacts<'c> {
    pub place: TokenPlace,
    pub raw: &'c str,
    pub decoded: Result<Token, ParseError<JwtError>>,
}

impl TokenFacts<'_> {
    pub fn jws(&self) -> Option<&Jws> {
        match &self.decoded {
            Ok(Token::Jws(j)) => Some(j),
            _ => None,
        }
    }
    /// "the bearer token in the Authorization header" / "the cookie `sid`".
    pub fn label(&self) -> String {
        match &self.place {
            TokenPlace::Header(h) => format!("the bearer token in the {h} header"),
            TokenPlace::Cookie { name, .. } => format!("the token in cookie `{name}`"),
        }
    }
    pub fn cookie_name(&self) -> Option<&str> {
        match &self.place {
            TokenPlace::Cookie { name, .. } => Some(name),
            TokenPlace::Header(_) => None,
        }
    }
}

pub(crate) fn auth_facts<'c>(entry: &'c Entry, header: &'static str) -> Option<AuthFacts<'c>> {
    let mut values = entry.request_headers_named(header);
    let first = values.next()?;
    let count = 1 + values.count();
    Some(AuthFacts::of_value(header, first, count))
}
