//! Facts: everything the rules read about one failed request, parsed and derived once.
//!
//! [`History`] indexes a whole capture once (URLs, Set-Cookie timeline, earlier 401s per
//! endpoint, redirect targets, server clocks per host) so that building [`Facts`] for each
//! failure is cheap. Rules read facts, never raw header strings.

use crate::cause::CauseId;
use crate::model::{Capture, Ctx, Entry, JarCookie};
use crate::parse::authorization::{
    decode_basic, parse_authorization, AuthProblem, Authorization, BasicError, SchemeKind,
};
use crate::parse::challenge::{parse_challenges, Challenge};
use crate::parse::cookie::{parse_cookie_header, parse_set_cookie, SameSite, SetCookieError};
use crate::parse::date::parse_http_date;
use crate::parse::jwt::{self, Jws, JwtError, Token};
use crate::parse::url::{
    domain_matches, parse_url, path_matches, registrable_domain, same_site, Url,
};
use crate::parse::ParseError;
use std::collections::{BTreeMap, HashMap};

/// Leeway for token times and clock comparisons, seconds. Many JWT libraries default to
/// 0–300 s; 60 s keeps small clock differences and request latency from being blamed.
pub const LEEWAY_S: f64 = 60.0;
/// Cookies examined per request (Cookie header pairs and jar cookies each).
pub const MAX_COOKIES: usize = 300;
/// Challenges examined per response.
pub const MAX_CHALLENGES: usize = 32;
/// JWTs decoded per request (the bearer token plus cookies).
pub const MAX_TOKENS: usize = 8;
/// Redirect hops followed back from a request.
pub const MAX_HOPS: usize = 20;
/// Earlier 401s of the same endpoint kept per request.
pub const MAX_REPEATS: usize = 50;
/// Cookie events kept per site in the reconstructed jar.
const MAX_JAR_PER_SITE: usize = 300;
/// Longest request-id value kept.
const MAX_ID_LEN: usize = 256;

/// Response headers that carry request or trace ids for a support ticket.
pub const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "x-amzn-trace-id",
    "x-amz-cf-id",
    "x-amz-apigw-id",
    "apigw-requestid",
    "cf-ray",
    "traceparent",
    "x-trace-id",
    "x-b3-traceid",
    "request-id",
    "x-ms-request-id",
    "x-azure-ref",
    "x-goog-request-id",
    "x-cloud-trace-context",
    "x-github-request-id",
    "fly-request-id",
    "x-vercel-id",
    "x-kong-request-id",
];

// ---------------------------------------------------------------------------------------
// Small shared helpers
// ---------------------------------------------------------------------------------------

/// The URL without its fragment.
pub fn url_key(s: &str) -> &str {
    let s = s.trim();
    match s.find('#') {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// The URL without query and fragment.
fn path_key(s: &str) -> &str {
    let s = url_key(s);
    match s.find('?') {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

pub use crate::parse::cut;

pub mod api_keys;
pub mod declared;
pub mod words;

pub use api_keys::ApiKey;
pub use declared::Declared;
pub use words::ServerSaid;

/// Cookie names that usually hold a sign-in session or a token.
pub fn session_like(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let n = lower
        .strip_prefix("__host-")
        .or_else(|| lower.strip_prefix("__secure-"))
        .unwrap_or(&lower);
    if n.contains("csrf") || n.contains("xsrf") {
        return false;
    }
    const EXACT: &[&str] = &[
        "sid",
        "ssid",
        "connect.sid",
        "jsessionid",
        "phpsessid",
        "asp.net_sessionid",
        ".aspxauth",
        "auth",
        "token",
        "jwt",
        "access_token",
        "id_token",
        "accesstoken",
        "idtoken",
        "_session",
        "laravel_session",
        "rack.session",
        "_oauth2_proxy",
        "cf_authorization",
        "appsession",
        "identity",
    ];
    EXACT.contains(&n)
        || n.starts_with(".aspnetcore.")
        || n.contains("session")
        || n.contains("sessid")
        || n.ends_with("_sid")
        || n.ends_with(".sid")
        || n.contains("auth")
        || n.contains("token")
        || n.contains("jwt")
        || n.contains("login")
        || n.contains("sso")
}

/// A cookie whose value carries a credential whatever its name: long and random-looking, or
/// a signed value (`2|1:0|10:…|…` Tornado, `s:…` express, `….….…` itsdangerous). Analytics,
/// consent and preference cookies (by their well-known names) never count.
pub fn credential_value(name: &str, value: &str) -> bool {
    let n = name.to_ascii_lowercase();
    const NOT_CREDENTIALS: &[&str] = &[
        "_ga",
        "_gid",
        "_gat",
        "_gcl",
        "_fbp",
        "_fbc",
        "__utm",
        "_hj",
        "ajs_",
        "amplitude",
        "mp_",
        "optimizely",
        "optanon",
        "cookieconsent",
        "cookie_consent",
        "_clck",
        "_clsk",
        "_uetsid",
        "_uetvid",
        "__cf_bm",
        "_cfuvid",
        "cf_clearance",
        "csrf",
        "xsrf",
        "_pk_",
        "intercom",
        "hubspot",
        "__hs",
        "_dc_gtm",
        "lang",
        "locale",
        "theme",
        "timezone",
    ];
    if NOT_CREDENTIALS
        .iter()
        .any(|p| n.starts_with(p) || n.contains(p))
    {
        return false;
    }
    let v = value.trim().trim_matches('"');
    if v.len() < 20 || v.contains(' ') {
        return false;
    }
    let letters = v.chars().filter(char::is_ascii_alphabetic).count();
    let digits = v.chars().filter(char::is_ascii_digit).count();
    letters >= 4 && digits >= 4
}

/// A cookie value that could hold a JWT (optionally after a `Bearer ` prefix or quotes).
fn cookie_token_candidate(value: &str) -> Option<&str> {
    let v = value.trim().trim_matches('"');
    let v = v
        .strip_prefix("Bearer%20")
        .or_else(|| v.strip_prefix("Bearer "))
        .or_else(|| v.strip_prefix("bearer%20"))
        .unwrap_or(v);
    if jwt::looks_like_jwt(v) {
        Some(v)
    } else {
        None
    }
}

/// A bearer credential that is meant to be a JWT: starts like a JOSE header or has the
/// dotted shape. Opaque tokens (`ya29.…`, `ghp_…`) are not candidates.
pub fn bearer_token_candidate(credentials: &str) -> bool {
    let t = credentials.trim().trim_matches(|c| c == '"' || c == '\'');
    t.starts_with("eyJ") || jwt::looks_like_jwt(t)
}

/// Resolves a Location against the URL it came from; fragment dropped.
pub fn resolve_location(base: &Url, location: &str) -> Option<String> {
    let loc = url_key(location);
    if loc.is_empty() {
        return None;
    }
    if loc.contains("://") {
        return Some(loc.to_string());
    }
    if let Some(rest) = loc.strip_prefix("//") {
        return Some(format!("{}://{}", base.scheme, rest));
    }
    let origin = base.origin();
    if loc.starts_with('/') {
        return Some(format!("{origin}{loc}"));
    }
    if loc.starts_with('?') {
        return Some(format!("{origin}{}{loc}", base.path));
    }
    let dir = match base.path.rfind('/') {
        Some(i) => base.path.get(..=i).unwrap_or("/"),
        None => "/",
    };
    Some(format!("{origin}{dir}{loc}"))
}

/// RFC 6265 §5.1.4 default-path of a request path.
fn default_path(path: &str) -> String {
    if !path.starts_with('/') {
        return "/".to_string();
    }
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => path.get(..i).unwrap_or("/").to_string(),
    }
}

fn is_http_url(u: &Url) -> bool {
    u.scheme == "http" || u.scheme == "https" || u.scheme == "ws" || u.scheme == "wss"
}

// ---------------------------------------------------------------------------------------
// Cookies the site holds (jar)
// ---------------------------------------------------------------------------------------

/// A cookie's SameSite attribute as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameSiteAttr {
    Strict,
    Lax,
    None,
    /// No attribute: Chrome treats it as Lax, Firefox and Safari as None.
    Unspecified,
}

impl SameSiteAttr {
    pub fn label(self) -> &'static str {
        match self {
            SameSiteAttr::Strict => "SameSite=Strict",
            SameSiteAttr::Lax => "SameSite=Lax",
            SameSiteAttr::None => "SameSite=None",
            SameSiteAttr::Unspecified => "no SameSite attribute",
        }
    }
}

/// A cookie the site holds, from the browser's jar or reconstructed from Set-Cookie history.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownCookie {
    pub name: String,
    pub value_len: usize,
    /// Lowercase, no leading dot. For a host-only cookie, the host that set it.
    pub domain: String,
    pub host_only: bool,
    pub path: String,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: SameSiteAttr,
    /// Expiry, Unix seconds; `None` for a session cookie.
    pub expires_s: Option<f64>,
    /// Top-level site of a partitioned (CHIPS) cookie.
    pub partition: Option<String>,
    /// The browser's cookie store (jar cookies only).
    pub store: Option<String>,
    /// When it was set (client clock, Unix ms), from history.
    pub set_at_ms: Option<f64>,
    /// Capture position of the response that set it, from history.
    pub set_by: Option<usize>,
    /// Why a browser would not have stored it at all (from history only).
    pub refused: Option<&'static str>,
}

impl KnownCookie {
    /// The domain as browsers show it: domain cookies get their leading dot.
    pub fn display_domain(&self) -> String {
        if self.host_only {
            self.domain.clone()
        } else {
            format!(".{}", self.domain)
        }
    }

    /// This copy as a cause names it for the "Clear stale cookies" action.
    pub fn to_ref(&self, why: &str) -> crate::cause::CookieRef {
        crate::cause::CookieRef {
            name: self.name.clone(),
            domain: self.display_domain(),
            path: self.path.clone(),
            host_only: self.host_only,
            partition_key: self.partition.clone(),
            store_id: self.store.clone(),
            why: why.to_string(),
        }
    }

    /// "cookie `name` (domain .example.com, path /)".
    pub fn label(&self) -> String {
        format!(
            "cookie `{}` (domain {}, path {})",
            self.name,
            self.display_domain(),
            self.path
        )
    }

    /// Whether this cookie domain-matches and path-matches the URL (RFC 6265 §5.4).
    pub fn matches(&self, url: &Url) -> bool {
        let host_ok = if self.host_only {
            url.host == self.domain
        } else {
            domain_matches(&url.host, &self.domain)
        };
        host_ok && path_matches(&url.path, &self.path)
    }

    fn from_jar(c: &JarCookie) -> KnownCookie {
        let raw = c.domain.trim().to_ascii_lowercase();
        let dotted = raw.starts_with('.');
        let domain = raw.trim_start_matches('.').to_string();
        let same_site = match c
            .same_site
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("strict") => SameSiteAttr::Strict,
            Some("lax") => SameSiteAttr::Lax,
            Some("no_restriction") | Some("none") => SameSiteAttr::None,
            _ => SameSiteAttr::Unspecified,
        };
        KnownCookie {
            name: c.name.clone(),
            value_len: c.value.len(),
            domain,
            host_only: c.host_only && !dotted,
            path: if c.path.starts_with('/') {
                c.path.clone()
            } else {
                "/".to_string()
            },
            secure: c.secure,
            http_only: c.http_only,
            same_site,
            expires_s: if c.session {
                None
            } else {
                c.expiration_date.filter(|v| v.is_finite())
            },
            partition: c.partition_key.clone().filter(|p| !p.is_empty()),
            store: c.store_id.clone().filter(|s| !s.is_empty()),
            set_at_ms: None,
            set_by: None,
            refused: None,
        }
    }

    fn same_identity(&self, other: &KnownCookie) -> bool {
        self.name == other.name
            && self.domain == other.domain
            && self.host_only == other.host_only
            && self.path == other.path
            && self.partition == other.partition
    }
}

/// Why a cookie the site holds did not travel with the request.
#[derive(Clone, Debug, PartialEq)]
pub enum NotSentReason {
    /// Expired before the request (a note, not a defect).
    Expired { at_s: f64 },
    /// `Secure` cookie, request over plain http.
    SecureOnHttp,
    /// `SameSite=Strict` on a cross-site request.
    SameSiteStrict,
    /// `SameSite=Lax` on a cross-site subresource request (or a non-GET navigation).
    SameSiteLax,
    /// No SameSite attribute (Chrome: Lax by default) on a cross-site subresource request.
    SameSiteDefaultLax,
    /// `SameSite=None` without `Secure`: browsers refuse to store it.
    SameSiteNoneInsecure,
    /// Partitioned (CHIPS) for another top-level site.
    Partitioned { key: String },
    /// The Set-Cookie was refused by the browser (from history).
    Refused(&'static str),
    /// Cross-site `SameSite=None; Secure` cookie not sent: third-party cookies blocked, or
    /// the fetch's credentials mode.
    ThirdPartyBlocked,
    /// A cross-origin fetch carried no cookies at all although the jar matches: the page's
    /// fetch used `credentials: 'omit'` or the default `'same-origin'`.
    CredentialsMode,
    /// Nothing in the attributes explains it.
    Unexplained,
}

impl NotSentReason {
    /// Plain words for the view.
    pub fn text(&self) -> String {
        match self {
            NotSentReason::Expired { .. } => "expired before the request".to_string(),
            NotSentReason::SecureOnHttp => "Secure cookie, but the request went over plain http".to_string(),
            NotSentReason::SameSiteStrict => "SameSite=Strict on a cross-site request".to_string(),
            NotSentReason::SameSiteLax => "SameSite=Lax on a cross-site request that is not a top-level navigation".to_string(),
            NotSentReason::SameSiteDefaultLax => {
                "no SameSite attribute (Chrome treats it as Lax) on a cross-site request that is not a top-level navigation"
                    .to_string()
            }
            NotSentReason::SameSiteNoneInsecure => "SameSite=None without Secure: browsers refuse such cookies".to_string(),
            NotSentReason::Partitioned { key } => format!("partitioned for another top-level site ({key})"),
            NotSentReason::Refused(why) => format!("the browser refused to store it: {why}"),
            NotSentReason::ThirdPartyBlocked => {
                "cross-site request: third-party cookies are blocked, or the fetch did not include credentials".to_string()
            }
            NotSentReason::CredentialsMode => {
                "not explained by its attributes: the page's fetch used credentials: 'omit' (or the default 'same-origin' on a cross-origin request), or third-party cookies are blocked".to_string()
            }
            NotSentReason::Unexplained => "not explained by its attributes (deleted meanwhile, or set by script)".to_string(),
        }
    }

    /// True when the reason is an attribute or browser policy that explains the absence.
    pub fn explains(&self) -> bool {
        !matches!(
            self,
            NotSentReason::Expired { .. } | NotSentReason::Unexplained
        )
    }
}

/// A site cookie that was not sent, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct NotSent {
    pub cookie: KnownCookie,
    pub reason: NotSentReason,
}

/// Where the jar came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JarSource {
    /// The browser's jar (extension capture).
    Browser,
    /// Reconstructed from Set-Cookie headers of earlier responses in the capture.
    History,
    /// Nothing known (no jar, no Set-Cookie history for this site, or a sanitized capture).
    Unknown,
}

/// The site's cookies that apply to this request, and those that were not sent.
#[derive(Clone, Debug, PartialEq)]
pub struct JarFacts {
    pub source: JarSource,
    /// Jar cookies that domain- and path-match the request URL (capped).
    pub matching: Vec<KnownCookie>,
    pub not_sent: Vec<NotSent>,
}

/// A Set-Cookie in this 401 response that deletes or expires a cookie.
#[derive(Clone, Debug, PartialEq)]
pub struct DeletedCookie {
    pub name: String,
    pub domain: String,
    pub host_only: bool,
    pub path: String,
    /// The request carried a cookie of that name.
    pub was_sent: bool,
}

/// A Set-Cookie (here or earlier) that browsers refuse to store (too large, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct RefusedSet {
    pub name: String,
    pub bytes: usize,
    pub entry: usize,
    pub why: String,
}

// ---------------------------------------------------------------------------------------
// Request pieces
// ---------------------------------------------------------------------------------------

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
        if self.kind() != SchemeKind::Bearer || !bearer_token_candidate(self.parsed.credentials) {
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
    /// No shape problems, not sent twice, and Basic decodes.
    pub fn well_formed(&self) -> bool {
        self.count == 1
            && self.parsed.problems.is_empty()
            && self.parsed.scheme.is_some()
            && !self.parsed.credentials.is_empty()
            && !matches!(self.basic, Some(Err(_)))
    }
    pub fn has_placeholder(&self) -> bool {
        self.parsed
            .problems
            .iter()
            .any(|p| matches!(p.kind, AuthProblem::Placeholder(_)))
    }
}

/// One cookie as sent in the Cookie header.
#[derive(Clone, Debug, PartialEq)]
pub struct SentCookie<'c> {
    pub name: &'c str,
    pub value: &'c str,
    /// Name plus value bytes.
    pub bytes: usize,
    pub session_like: bool,
    /// The jar copy it most likely is, when the jar or history tells.
    pub origin: Option<KnownCookie>,
}

/// The Cookie header(s) of the request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SentCookies<'c> {
    /// A Cookie header was present.
    pub present: bool,
    /// Bytes of all Cookie headers (joined with "; ").
    pub header_bytes: usize,
    pub pairs: Vec<SentCookie<'c>>,
    /// More pairs than [`MAX_COOKIES`] were present.
    pub cut: bool,
    pub problems: Vec<String>,
}

impl<'c> SentCookies<'c> {
    /// One Cookie header value, read on its own (a line a person pasted).
    pub fn of_header(value: &'c str) -> SentCookies<'c> {
        let mut out = SentCookies::default();
        out.add_header(value);
        out
    }

    /// Adds the pairs of one more Cookie header of the same request.
    fn add_header(&mut self, v: &'c str) {
        self.header_bytes += v.len() + if self.present { 2 } else { 0 };
        self.present = true;
        let (pairs, errs) = parse_cookie_header(v);
        for p in pairs {
            if self.pairs.len() >= MAX_COOKIES {
                self.cut = true;
                break;
            }
            self.pairs.push(SentCookie {
                name: p.name,
                value: p.value,
                bytes: p.name.len() + p.value.len(),
                session_like: session_like(p.name) || credential_value(p.name, p.value),
                origin: None,
            });
        }
        for e in errs.into_iter().take(8) {
            self.problems.push(e.to_string());
        }
    }

    /// The JWTs (or JWT-shaped values) among the cookies, at most `max`.
    pub fn tokens(&self, max: usize) -> Vec<TokenFacts<'c>> {
        let mut out = Vec::new();
        for p in &self.pairs {
            if out.len() >= max {
                break;
            }
            if let Some(raw) = cookie_token_candidate(p.value) {
                out.push(TokenFacts {
                    place: TokenPlace::Cookie {
                        name: p.name.to_string(),
                        domain: p.origin.as_ref().map(KnownCookie::display_domain),
                        path: p.origin.as_ref().map(|o| o.path.clone()),
                        session_like: p.session_like,
                        origin: p.origin.clone().map(Box::new),
                    },
                    raw,
                    decoded: jwt::decode(raw),
                });
            }
        }
        out
    }
    /// Names sent more than once, with their count, in order of first appearance.
    pub fn duplicates(&self) -> Vec<(&'c str, usize)> {
        let mut counts: HashMap<&'c str, usize> = HashMap::new();
        let mut order: Vec<&'c str> = Vec::new();
        for p in &self.pairs {
            let n = counts.entry(p.name).or_insert(0);
            if *n == 0 {
                order.push(p.name);
            }
            *n += 1;
        }
        order
            .into_iter()
            .filter_map(|name| counts.get(name).filter(|n| **n > 1).map(|n| (name, *n)))
            .collect()
    }
    pub fn sent(&self, name: &str) -> bool {
        self.pairs.iter().any(|p| p.name == name)
    }
    /// The names sent, as a set.
    pub fn names(&self) -> std::collections::HashSet<&'c str> {
        self.pairs.iter().map(|p| p.name).collect()
    }
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

/// One earlier redirect hop that led to this request.
#[derive(Clone, Debug, PartialEq)]
pub struct HopFacts {
    pub pos: usize,
    pub url: String,
    pub status: i64,
    pub had_authorization: bool,
    /// The next URL in the chain (the hop's redirect target).
    pub next: String,
    /// The target has another origin than this hop.
    pub cross_origin: bool,
}

/// Authorization present on an earlier hop and absent now.
#[derive(Clone, Debug, PartialEq)]
pub struct DroppedAuth {
    /// The last hop that carried Authorization.
    pub had_url: String,
    /// The first origin change after it (from → to), when there was one.
    pub crossing: Option<(String, String)>,
}

/// Preflight readings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PreflightFacts {
    /// OPTIONS with Access-Control-Request-Method (or typed "preflight").
    pub is_preflight: bool,
    pub requested_method: Option<String>,
    pub requested_headers: Option<String>,
    /// The real request that followed: (position, entry index, method, status, error).
    pub actual: Option<(usize, usize, String, i64, Option<String>)>,
}

/// Another server's clock, measured against the client's.
#[derive(Clone, Debug, PartialEq)]
pub struct HostSkew {
    pub host: String,
    /// server - client, ms (median over its responses).
    pub skew_ms: f64,
    pub samples: usize,
}

/// Clock readings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClockFacts {
    /// The client's clock when it sent the request, Unix ms.
    pub client_ms: Option<f64>,
    /// The server's Date, Unix ms.
    pub server_ms: Option<f64>,
    /// The Date header as sent.
    pub date_header: Option<String>,
    /// server - client, ms.
    pub skew_ms: Option<f64>,
    /// The clocks of the tokens' issuers, when the capture holds their responses.
    pub issuer_skews: Vec<HostSkew>,
}

impl ClockFacts {
    /// The time to judge the request by on the client side, Unix seconds, and whether it
    /// is the request's own time (`false`: the diagnosis time).
    pub fn client_secs(&self, ctx: &Ctx) -> (f64, bool) {
        match self.client_ms {
            Some(ms) => (ms / 1000.0, true),
            None => (ctx.now_ms / 1000.0, false),
        }
    }
    pub fn server_secs(&self) -> Option<f64> {
        self.server_ms.map(|ms| ms / 1000.0)
    }
}

/// Earlier 401s of the same endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RepeatFacts {
    /// Positions of earlier 401/407 answers, oldest first (capped).
    pub earlier: Vec<usize>,
    /// Matched on the exact URL (else on method + URL without query).
    pub exact: bool,
    /// Failures (this one included) within 10 s and within 60 s before this one.
    pub within_10s: usize,
    pub within_60s: usize,
    /// Time from the first counted failure to this one, ms.
    pub span_ms: Option<f64>,
    /// ≥3 within 10 s, or ≥5 within 60 s.
    pub is_loop: bool,
}

/// A known server message found in the body or error_description.
#[derive(Clone, Debug, PartialEq)]
pub struct MsgHit {
    /// The software that says it (framework, gateway), when known.
    pub stack: String,
    /// The general reader's reading, when the hit is not from the message table.
    pub reading: Option<crate::messages::reader::Reading>,
    pub cause: CauseId,
    pub weight: f64,
    /// What the message means, in plain words.
    pub meaning: String,
    /// The text that matched.
    pub matched: String,
}

/// A gateway, CDN, WAF or identity-aware proxy recognised in front of the app.
#[derive(Clone, Debug, PartialEq)]
pub struct GatewayFacts {
    pub name: String,
    pub evidence: Vec<String>,
    pub weight: f64,
}

// ---------------------------------------------------------------------------------------
// History: the capture indexed once
// ---------------------------------------------------------------------------------------

struct CookieEvent {
    pos: usize,
    site: String,
    cookie: KnownCookie,
    deletes: bool,
}

/// The capture indexed once, reused for every failure in it.
pub struct History<'c> {
    capture: &'c Capture,
    ctx: Ctx,
    urls: Vec<Option<Url>>,
    server_ms: Vec<Option<f64>>,
    events: Vec<CookieEvent>,
    refused: HashMap<String, Vec<RefusedSet>>,
    failures_exact: HashMap<String, Vec<usize>>,
    failures_path: HashMap<String, Vec<usize>>,
    redirects_to: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, Vec<usize>>,
    host_skews: HashMap<String, Vec<f64>>,
    /// RFC 9728 resource metadata documents in the capture.
    metadata: Vec<declared::ResourceMetadata>,
    // Incremental jar replay (failures are visited in capture order).
    applied: usize,
    replay_pos: usize,
    jars: HashMap<String, Vec<KnownCookie>>,
}

impl<'c> History<'c> {
    /// Indexes the capture: one pass, linear in its size.
    pub fn new(capture: &'c Capture, ctx: &Ctx) -> History<'c> {
        let n = capture.entries.len();
        let mut h = History {
            capture,
            ctx: *ctx,
            urls: Vec::with_capacity(n),
            server_ms: Vec::with_capacity(n),
            events: Vec::new(),
            refused: HashMap::new(),
            failures_exact: HashMap::new(),
            failures_path: HashMap::new(),
            redirects_to: HashMap::new(),
            by_key: HashMap::new(),
            host_skews: HashMap::new(),
            metadata: declared::index(capture),
            applied: 0,
            replay_pos: 0,
            jars: HashMap::new(),
        };
        for (pos, e) in capture.entries.iter().enumerate() {
            let url = parse_url(url_key(&e.url)).filter(is_http_url);
            let server = e
                .response_header("date")
                .and_then(parse_http_date)
                .filter(|v| v.is_finite())
                .map(|s| s * 1000.0);
            h.server_ms.push(server);
            let key = url_key(&e.url).to_string();
            h.by_key.entry(key.clone()).or_default().push(pos);
            if e.is_auth_failure() {
                h.failures_exact
                    .entry(format!("{} {}", e.method, key))
                    .or_default()
                    .push(pos);
                h.failures_path
                    .entry(format!("{} {}", e.method, path_key(&e.url)))
                    .or_default()
                    .push(pos);
            }
            if let Some(u) = &url {
                if let (Some(s), Some(c)) = (server, e.started_ms.filter(|v| v.is_finite())) {
                    let v = h.host_skews.entry(u.host.clone()).or_default();
                    if v.len() < 64 {
                        v.push(s - c);
                    }
                }
                let target = e
                    .redirect_url
                    .as_deref()
                    .filter(|r| !r.trim().is_empty())
                    .or_else(|| {
                        if (300..400).contains(&e.status) {
                            e.response_header("location")
                        } else {
                            None
                        }
                    });
                if let Some(t) = target.and_then(|t| resolve_location(u, t)) {
                    h.redirects_to.entry(t).or_default().push(pos);
                }
                if !capture.sanitized {
                    h.index_set_cookies(pos, e, u);
                }
            }
            h.urls.push(url);
        }
        h
    }

    fn index_set_cookies(&mut self, pos: usize, e: &Entry, url: &Url) {
        let site = registrable_domain(&url.host);
        let at_ms = e.started_ms.filter(|v| v.is_finite());
        let now_s = at_ms
            .map(|m| m / 1000.0)
            .or(self
                .server_ms
                .get(pos)
                .copied()
                .flatten()
                .map(|m| m / 1000.0))
            .unwrap_or(self.ctx.now_ms / 1000.0);
        let top = e
            .document_url
            .as_deref()
            .and_then(parse_url)
            .map(|u| site_of(&u));
        for (i, v) in e.response_headers_named("set-cookie").enumerate() {
            if i >= MAX_COOKIES {
                break;
            }
            // Some HAR writers join several Set-Cookie lines with newlines.
            for line in v.split('\n').take(MAX_COOKIES) {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let sc = match parse_set_cookie(line) {
                    Ok(sc) => sc,
                    Err(err) => {
                        if let SetCookieError::TooLarge(bytes) = err.kind {
                            let name = line.split('=').next().unwrap_or("").trim();
                            let list = self.refused.entry(site.clone()).or_default();
                            if list.len() < 64 {
                                list.push(RefusedSet {
                                    name: cut(name, 128).to_string(),
                                    bytes,
                                    entry: pos,
                                    why: format!("its name and value are {bytes} bytes, over the 4096-byte limit browsers enforce"),
                                });
                            }
                        }
                        continue;
                    }
                };
                let (domain, host_only) = match sc
                    .domain
                    .map(|d| d.trim().trim_start_matches('.').to_ascii_lowercase())
                {
                    Some(d) if !d.is_empty() => {
                        // The browser ignores a Domain that does not cover the host or is a public suffix.
                        if !domain_matches(&url.host, &d)
                            || d.len() < registrable_domain(&url.host).len()
                        {
                            continue;
                        }
                        (d, false)
                    }
                    _ => (url.host.clone(), true),
                };
                let path = match sc.path {
                    Some(p) if p.starts_with('/') => p.to_string(),
                    _ => default_path(&url.path),
                };
                let mut refused = None;
                if sc.secure && !url.is_potentially_trustworthy() {
                    refused = Some("a Secure cookie set over plain http");
                }
                let same_site = match sc.same_site {
                    Some(SameSite::Strict) => SameSiteAttr::Strict,
                    Some(SameSite::Lax) => SameSiteAttr::Lax,
                    Some(SameSite::None) => SameSiteAttr::None,
                    None => SameSiteAttr::Unspecified,
                };
                if same_site == SameSiteAttr::None && !sc.secure {
                    refused = Some("SameSite=None without Secure");
                }
                let expires_s = match (sc.max_age, sc.expires) {
                    (Some(m), _) => Some(now_s + m as f64),
                    (None, Some(x)) if x.is_finite() => Some(x),
                    _ => None,
                };
                let cookie = KnownCookie {
                    name: cut(sc.name, 256).to_string(),
                    value_len: sc.value.len(),
                    domain,
                    host_only,
                    path,
                    secure: sc.secure,
                    http_only: sc.http_only,
                    same_site,
                    expires_s,
                    partition: if sc.partitioned { top.clone() } else { None },
                    store: None,
                    set_at_ms: at_ms,
                    set_by: Some(pos),
                    refused,
                };
                self.events.push(CookieEvent {
                    pos,
                    site: site.clone(),
                    cookie,
                    deletes: sc.deletes(now_s),
                });
            }
        }
    }

    /// Number of entries indexed.
    pub fn len(&self) -> usize {
        self.urls.len()
    }
    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
    }

    /// The reconstructed jar of a site just before the entry at `pos`.
    fn jar_before(&mut self, site: &str, pos: usize) -> Vec<KnownCookie> {
        if pos < self.replay_pos {
            self.applied = 0;
            self.jars.clear();
        }
        self.replay_pos = pos;
        while let Some(ev) = self.events.get(self.applied) {
            if ev.pos >= pos {
                break;
            }
            let jar = self.jars.entry(ev.site.clone()).or_default();
            jar.retain(|c| !c.same_identity(&ev.cookie));
            if !ev.deletes {
                if jar.len() >= MAX_JAR_PER_SITE {
                    jar.remove(0);
                }
                jar.push(ev.cookie.clone());
            }
            self.applied += 1;
        }
        self.jars.get(site).cloned().unwrap_or_default()
    }

    fn skew_of_host(&self, host: &str) -> Option<HostSkew> {
        let v = self.host_skews.get(host)?;
        if v.is_empty() {
            return None;
        }
        let mut s = v.clone();
        s.sort_by(|a, b| a.total_cmp(b));
        let mid = s.get(s.len() / 2).copied()?;
        Some(HostSkew {
            host: host.to_string(),
            skew_ms: mid,
            samples: s.len(),
        })
    }
}

/// Schemeful site of a URL: `https://example.com`.
pub fn site_of(u: &Url) -> String {
    format!("{}://{}", u.scheme, registrable_domain(&u.host))
}

// ---------------------------------------------------------------------------------------
// Facts for one failure
// ---------------------------------------------------------------------------------------

/// Everything the rules read about one failed request.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts<'c> {
    /// Position in `capture.entries`.
    pub pos: usize,
    pub entry: &'c Entry,
    pub status: i64,
    /// A 407: the proxy's headers are the relevant ones.
    pub proxy: bool,
    pub method: &'c str,
    pub url: Option<Url>,
    /// Registrable domain of the request host.
    pub site: Option<String>,
    /// The top-level page (document URL, else initiator).
    pub top_level: Option<Url>,
    /// Cross-site by schemeful site, when the page is known.
    pub cross_site: Option<bool>,
    /// Cross-origin, when the page is known.
    pub cross_origin: Option<bool>,
    pub resource_type: Option<&'c str>,
    /// The capture removed credentials: absence proves nothing.
    pub sanitized: bool,
    /// This request's headers were not seen (see [`Entry::request_headers_unseen`]):
    /// absence proves nothing, and which jar cookies went out is unknown.
    pub request_unseen: bool,
    /// The Cookie header was not seen (or no request header was): which cookies went out
    /// is unknown, so no conclusion rests on their absence.
    pub cookies_unseen: bool,
    pub auth: Option<AuthFacts<'c>>,
    pub proxy_auth: Option<AuthFacts<'c>>,
    /// The relevant challenges (WWW-Authenticate, or Proxy-Authenticate for a 407).
    pub challenges: Vec<Challenge<'c>>,
    pub challenge_header: &'static str,
    /// The relevant challenge header was present (even if it did not parse).
    pub has_challenge_header: bool,
    pub challenge_problems: Vec<String>,
    pub cookies: SentCookies<'c>,
    pub jar: JarFacts,
    /// Set-Cookie in this response that delete a cookie.
    pub deleted: Vec<DeletedCookie>,
    /// Set-Cookie (here or earlier for this site) that browsers refuse.
    pub refused_sets: Vec<RefusedSet>,
    pub tokens: Vec<TokenFacts<'c>>,
    /// Redirect hops that led here, oldest first.
    pub redirects: Vec<HopFacts>,
    pub dropped_auth: Option<DroppedAuth>,
    pub preflight: PreflightFacts,
    pub clocks: ClockFacts,
    pub repeats: RepeatFacts,
    pub request_ids: BTreeMap<String, String>,
    pub messages: Vec<MsgHit>,
    /// The server's own main message (error_description, a JSON message field, the text).
    pub server_said: Option<ServerSaid>,
    /// API keys and tokens sent outside Authorization and Cookie.
    pub api_keys: Vec<ApiKey>,
    /// Audiences and issuers the API declared.
    pub declared: Declared,
    pub gateway: Option<GatewayFacts>,
    pub body: Option<&'c str>,
}

impl<'c> Facts<'c> {
    /// Derives the facts of the entry at `pos` (with the entries before it as history).
    pub fn build(hist: &mut History<'c>, pos: usize) -> Option<Facts<'c>> {
        let capture = hist.capture;
        let entry = capture.entries.get(pos)?;
        let ctx = hist.ctx;
        let url = hist.urls.get(pos).cloned().flatten();
        let site = url.as_ref().map(|u| registrable_domain(&u.host));
        let top_level = entry
            .document_url
            .as_deref()
            .and_then(|d| parse_url(url_key(d)))
            .or_else(|| {
                entry
                    .initiator
                    .as_deref()
                    .and_then(|d| parse_url(url_key(d)))
            })
            .filter(is_http_url);
        let resource_type = entry.resource_type.as_deref();
        let (cross_site, cross_origin) = match (&url, &top_level) {
            (Some(u), Some(t)) => (Some(!same_site(u, t)), Some(u.origin() != t.origin())),
            _ => (None, None),
        };
        let proxy = entry.status == 407;

        let auth = auth_facts(entry, "Authorization");
        let proxy_auth = auth_facts(entry, "Proxy-Authorization");

        let challenge_header = if proxy {
            "Proxy-Authenticate"
        } else {
            "WWW-Authenticate"
        };
        let mut challenges = Vec::new();
        let mut challenge_problems = Vec::new();
        let mut has_challenge_header = false;
        for v in entry.response_headers_named(challenge_header) {
            has_challenge_header = true;
            let (cs, errs) = parse_challenges(v);
            for c in cs {
                if challenges.len() < MAX_CHALLENGES {
                    challenges.push(c);
                }
            }
            for e in errs.into_iter().take(8) {
                challenge_problems.push(format!("{challenge_header}: {e}"));
            }
            if challenges.len() >= MAX_CHALLENGES {
                break;
            }
        }

        let cookies = sent_cookies(entry);

        let sanitized = capture.sanitized;
        let clocks_client = entry
            .started_ms
            .filter(|v| v.is_finite())
            .or(capture.client_now_ms.filter(|v| v.is_finite()));
        let request_s = clocks_client
            .map(|m| m / 1000.0)
            .unwrap_or(ctx.now_ms / 1000.0);

        // Jar: the browser's if given, else the Set-Cookie history.
        let mut jar = JarFacts {
            source: JarSource::Unknown,
            matching: Vec::new(),
            not_sent: Vec::new(),
        };
        let mut refused_sets = Vec::new();
        if let (Some(u), Some(s), false) = (&url, &site, sanitized) {
            let (source, all) = match &capture.jar {
                Some(j) => (
                    JarSource::Browser,
                    j.iter()
                        .take(MAX_COOKIES * 4)
                        .map(KnownCookie::from_jar)
                        .collect::<Vec<_>>(),
                ),
                None => (JarSource::History, hist.jar_before(s, pos)),
            };
            jar.matching = all
                .into_iter()
                .filter(|c| c.matches(u))
                .take(MAX_COOKIES)
                .collect();
            if source == JarSource::Browser || !jar.matching.is_empty() {
                jar.source = source;
            }
            if let Some(list) = hist.refused.get(s) {
                refused_sets.extend(list.iter().filter(|r| r.entry <= pos).cloned());
            }
            if !entry.request_headers_unseen && !entry.cookie_header_unseen {
                let req = CookieRequest::of(
                    entry,
                    u,
                    top_level.as_ref(),
                    cross_site,
                    cross_origin,
                    request_s,
                );
                jar.not_sent = not_sent(&jar.matching, &cookies, &req);
            }
        }
        let cookies = attach_origins(cookies, &jar.matching);

        // Set-Cookie in this response deleting cookies.
        let mut deleted = Vec::new();
        if let Some(u) = &url {
            let judge_s = hist
                .server_ms
                .get(pos)
                .copied()
                .flatten()
                .map(|m| m / 1000.0)
                .unwrap_or(request_s);
            for v in entry.response_headers_named("set-cookie").take(MAX_COOKIES) {
                for line in v.split('\n').take(MAX_COOKIES) {
                    if let Ok(sc) = parse_set_cookie(line.trim()) {
                        if sc.deletes(judge_s) {
                            let (domain, host_only) = match sc
                                .domain
                                .map(|d| d.trim_start_matches('.').to_ascii_lowercase())
                            {
                                Some(d) if !d.is_empty() => (d, false),
                                _ => (u.host.clone(), true),
                            };
                            deleted.push(DeletedCookie {
                                name: cut(sc.name, 256).to_string(),
                                domain,
                                host_only,
                                path: sc
                                    .path
                                    .filter(|p| p.starts_with('/'))
                                    .map(str::to_string)
                                    .unwrap_or_else(|| default_path(&u.path)),
                                was_sent: cookies.sent(sc.name),
                            });
                        }
                    }
                }
            }
        }

        // Tokens: the bearer token, then JWTs in cookies.
        let mut tokens = Vec::new();
        let relevant = if proxy {
            proxy_auth.as_ref()
        } else {
            auth.as_ref()
        };
        if let Some(t) = relevant.and_then(AuthFacts::bearer_token) {
            tokens.push(t);
        }
        if !proxy {
            tokens.extend(cookies.tokens(MAX_TOKENS - tokens.len()));
        }

        // Redirect chain.
        let mut redirects = Vec::new();
        let mut cur = pos;
        let mut key = url_key(&entry.url).to_string();
        while redirects.len() < MAX_HOPS {
            let prev = hist.redirects_to.get(&key).and_then(|v| {
                v.partition_point(|&p| p < cur)
                    .checked_sub(1)
                    .and_then(|i| v.get(i))
                    .copied()
            });
            let Some(p) = prev else { break };
            let Some(e) = capture.entries.get(p) else {
                break;
            };
            let from = hist.urls.get(p).cloned().flatten();
            let to = parse_url(&key);
            let cross = match (&from, &to) {
                (Some(a), Some(b)) => a.origin() != b.origin(),
                _ => false,
            };
            redirects.push(HopFacts {
                pos: p,
                url: e.url.clone(),
                status: e.status,
                had_authorization: e.request_header("authorization").is_some(),
                next: key.clone(),
                cross_origin: cross,
            });
            cur = p;
            key = url_key(&e.url).to_string();
        }
        redirects.reverse();
        let dropped_auth = if entry.request_header("authorization").is_none() {
            redirects
                .iter()
                .rposition(|h| h.had_authorization)
                .and_then(|i| {
                    let had = redirects.get(i)?;
                    let crossing = redirects
                        .iter()
                        .skip(i)
                        .find(|h| h.cross_origin)
                        .map(|h| (origin_of(&h.url), origin_of(&h.next)));
                    Some(DroppedAuth {
                        had_url: had.url.clone(),
                        crossing,
                    })
                })
        } else {
            None
        };

        // Preflight.
        let acrm = entry.request_header("access-control-request-method");
        let is_preflight = entry.method.eq_ignore_ascii_case("OPTIONS")
            && (acrm.is_some()
                || resource_type.is_some_and(|t| t.eq_ignore_ascii_case("preflight")));
        let mut preflight = PreflightFacts {
            is_preflight,
            requested_method: acrm.map(|s| cut(s, 64).to_string()),
            requested_headers: entry
                .request_header("access-control-request-headers")
                .map(|s| cut(s, 256).to_string()),
            actual: None,
        };
        if is_preflight {
            if let Some(list) = hist.by_key.get(url_key(&entry.url)) {
                let start = list.partition_point(|&p| p <= pos);
                preflight.actual = list
                    .get(start..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|&&p| p <= pos + 200)
                    .filter_map(|&p| capture.entries.get(p).map(|e| (p, e)))
                    .find(|(_, e)| !e.method.eq_ignore_ascii_case("OPTIONS"))
                    .map(|(p, e)| (p, e.index, e.method.clone(), e.status, e.error.clone()));
            }
        }

        // Clocks.
        let server_ms = hist.server_ms.get(pos).copied().flatten();
        let mut clocks = ClockFacts {
            client_ms: clocks_client,
            server_ms,
            date_header: entry
                .response_header("date")
                .map(|d| cut(d, 64).to_string()),
            skew_ms: match (server_ms, clocks_client) {
                (Some(s), Some(c)) => Some(s - c),
                _ => None,
            },
            issuer_skews: Vec::new(),
        };
        for t in &tokens {
            if let Some(iss) = t.jws().and_then(|j| j.iss.as_deref()).and_then(parse_url) {
                if url.as_ref().is_some_and(|u| u.host == iss.host) {
                    continue;
                }
                if clocks.issuer_skews.iter().any(|s| s.host == iss.host) {
                    continue;
                }
                if let Some(s) = hist.skew_of_host(&iss.host) {
                    clocks.issuer_skews.push(s);
                }
            }
        }

        // Repeats.
        let repeats = repeats(hist, entry, pos);

        // Request ids.
        let mut request_ids = BTreeMap::new();
        for h in entry
            .response_headers
            .iter()
            .take(crate::model::limits::MAX_HEADERS)
        {
            let name = h.name.to_ascii_lowercase();
            if REQUEST_ID_HEADERS.contains(&name.as_str()) && !request_ids.contains_key(&name) {
                request_ids.insert(name, cut(h.value.trim(), MAX_ID_LEN).to_string());
            }
        }
        if let Some(tp) = entry.request_header("traceparent") {
            request_ids
                .entry("traceparent (sent)".to_string())
                .or_insert_with(|| cut(tp.trim(), MAX_ID_LEN).to_string());
        }

        let body = entry
            .response_body
            .as_deref()
            .map(|b| cut(b, crate::model::limits::MAX_BODY));
        let api_keys = if proxy {
            Vec::new()
        } else {
            api_keys::api_keys(entry, url.as_ref())
        };
        let sent = words::Sent {
            token: !tokens.is_empty()
                || relevant.is_some_and(|a| a.kind() == SchemeKind::Bearer)
                || api_keys.iter().any(|k| k.token),
            session_cookie: cookies.pairs.iter().any(|p| p.session_like),
            api_key: !api_keys.is_empty(),
        };
        let (messages, server_said) = words::read(
            body,
            &challenges,
            challenge_header,
            sent,
            ctx.without_stacks,
        );
        let declared = declared::for_request(
            &hist.metadata,
            pos,
            url.as_ref(),
            &challenges,
            challenge_header,
        );
        let gateway =
            detect_gateway(entry, body).filter(|g| !ctx.without_stacks.contains(&g.name.as_str()));

        Some(Facts {
            pos,
            entry,
            status: entry.status,
            proxy,
            method: &entry.method,
            url,
            site,
            top_level,
            cross_site,
            cross_origin,
            resource_type,
            sanitized,
            request_unseen: entry.request_headers_unseen,
            cookies_unseen: entry.request_headers_unseen || entry.cookie_header_unseen,
            auth,
            proxy_auth,
            challenges,
            challenge_header,
            has_challenge_header,
            challenge_problems,
            cookies,
            jar,
            deleted,
            refused_sets,
            tokens,
            redirects,
            dropped_auth,
            preflight,
            clocks,
            repeats,
            request_ids,
            messages,
            server_said,
            api_keys,
            declared,
            gateway,
            body,
        })
    }

    /// The credentials header that matters: Proxy-Authorization for a 407, else Authorization.
    pub fn relevant_auth(&self) -> Option<&AuthFacts<'c>> {
        if self.proxy {
            self.proxy_auth.as_ref()
        } else {
            self.auth.as_ref()
        }
    }

    /// The first challenge error code (RFC 6750 `error`), lowercase.
    pub fn challenge_error(&self) -> Option<String> {
        self.challenges
            .iter()
            .find_map(|c| c.error())
            .map(|e| e.trim().to_ascii_lowercase())
    }

    /// The request carried some credentials (Authorization, a cookie, or an API key).
    pub fn carried_credentials(&self) -> bool {
        self.relevant_auth().is_some()
            || !self.cookies.pairs.is_empty()
            || !self.api_keys.is_empty()
    }

    /// The server's words give a specific reason about credentials it read (expired,
    /// revoked, wrong audience, ...): the best such hit.
    pub fn stated_reason(&self) -> Option<&MsgHit> {
        const REASONS: &[CauseId] = &[
            CauseId::TokenExpired,
            CauseId::TokenNotYetValid,
            CauseId::TokenRejected,
            CauseId::AudienceMismatch,
            CauseId::IssuerMismatch,
            CauseId::InsufficientScope,
            CauseId::SessionExpired,
            CauseId::CredentialsRejected,
            CauseId::UnsignedToken,
        ];
        self.messages
            .iter()
            .filter(|m| REASONS.contains(&m.cause) && m.weight >= 0.35)
            .max_by(|a, b| a.weight.total_cmp(&b.weight))
    }

    /// Message hits for a cause.
    pub fn message_for(&self, id: CauseId) -> Option<&MsgHit> {
        self.messages
            .iter()
            .filter(|m| m.cause == id)
            .max_by(|a, b| a.weight.total_cmp(&b.weight))
    }

    /// A sign-in form post: POST to a login-like path (credentials travel in the body).
    pub fn login_attempt(&self) -> bool {
        if !self.method.eq_ignore_ascii_case("POST") {
            return false;
        }
        let path = self
            .url
            .as_ref()
            .map(|u| u.path.to_ascii_lowercase())
            .unwrap_or_default();
        [
            "login",
            "signin",
            "sign-in",
            "sign_in",
            "session",
            "authenticate",
            "/token",
            "/auth",
        ]
        .iter()
        .any(|k| path.contains(k))
    }

    /// The request host, or "" when the URL did not parse.
    pub fn host(&self) -> &str {
        self.url.as_ref().map(|u| u.host.as_str()).unwrap_or("")
    }

    /// The request was a plain-http request to a host that is not potentially trustworthy.
    pub fn plain_http(&self) -> bool {
        self.url
            .as_ref()
            .is_some_and(|u| !u.is_potentially_trustworthy())
    }
}

fn origin_of(s: &str) -> String {
    parse_url(s)
        .map(|u| u.origin())
        .unwrap_or_else(|| cut(s, 200).to_string())
}

fn auth_facts<'c>(entry: &'c Entry, header: &'static str) -> Option<AuthFacts<'c>> {
    let mut values = entry.request_headers_named(header);
    let first = values.next()?;
    let count = 1 + values.count();
    Some(AuthFacts::of_value(header, first, count))
}

fn sent_cookies(entry: &Entry) -> SentCookies<'_> {
    let mut out = SentCookies::default();
    for v in entry.request_headers_named("cookie") {
        out.add_header(v);
    }
    out
}

/// Assigns each sent cookie the jar copy it most likely is: copies of a name in the order
/// browsers send them (longer path first, then earlier set).
fn attach_origins<'c>(mut cookies: SentCookies<'c>, matching: &[KnownCookie]) -> SentCookies<'c> {
    if matching.is_empty() {
        return cookies;
    }
    // Copies per name, in send order.
    let mut by_name: HashMap<&str, Vec<&KnownCookie>> = HashMap::new();
    for c in matching {
        by_name.entry(c.name.as_str()).or_default().push(c);
    }
    for copies in by_name.values_mut() {
        copies.sort_by(|a, b| {
            b.path.len().cmp(&a.path.len()).then(
                a.set_at_ms
                    .unwrap_or(0.0)
                    .total_cmp(&b.set_at_ms.unwrap_or(0.0)),
            )
        });
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for p in cookies.pairs.iter_mut() {
        let k = seen.entry(p.name).or_insert(0);
        if let Some(c) = by_name.get(p.name).and_then(|v| v.get(*k)) {
            p.origin = Some((*c).clone());
        }
        *k += 1;
    }
    cookies
}

/// The request as the cookie model sees it: where it went, from which page, what kind of
/// request it was, and when.
struct CookieRequest<'a> {
    url: &'a Url,
    top_site: Option<String>,
    cross_site: Option<bool>,
    cross_origin: Option<bool>,
    /// A top-level navigation (document).
    navigation: bool,
    /// GET or HEAD.
    safe_method: bool,
    /// fetch or XMLHttpRequest.
    fetch_like: bool,
    /// The client's time of the request, Unix seconds.
    request_s: f64,
}

impl<'a> CookieRequest<'a> {
    fn of(
        entry: &Entry,
        url: &'a Url,
        top: Option<&Url>,
        cross_site: Option<bool>,
        cross_origin: Option<bool>,
        request_s: f64,
    ) -> CookieRequest<'a> {
        let kind_is = |kinds: &[&str]| {
            entry
                .resource_type
                .as_deref()
                .is_some_and(|t| kinds.iter().any(|k| t.eq_ignore_ascii_case(k)))
        };
        CookieRequest {
            url,
            top_site: top.map(site_of),
            cross_site,
            cross_origin,
            navigation: kind_is(&["document", "main_frame", "navigation"]),
            safe_method: entry.method.eq_ignore_ascii_case("GET")
                || entry.method.eq_ignore_ascii_case("HEAD"),
            fetch_like: kind_is(&["fetch", "xhr", "xmlhttprequest"]),
            request_s,
        }
    }
}

fn not_sent(
    matching: &[KnownCookie],
    cookies: &SentCookies<'_>,
    req: &CookieRequest,
) -> Vec<NotSent> {
    let (url, request_s) = (req.url, req.request_s);
    let top_site = &req.top_site;
    let none_sent = cookies.pairs.is_empty();
    let sent = cookies.names();
    let mut out = Vec::new();
    for c in matching {
        if sent.contains(c.name.as_str()) {
            continue;
        }
        let reason = if let Some(x) = c.expires_s.filter(|x| *x <= request_s) {
            NotSentReason::Expired { at_s: x }
        } else if let Some(why) = c.refused {
            if why.starts_with("SameSite=None") {
                NotSentReason::SameSiteNoneInsecure
            } else {
                NotSentReason::Refused(why)
            }
        } else if c.secure && !url.is_potentially_trustworthy() {
            NotSentReason::SecureOnHttp
        } else if let Some(k) = c
            .partition
            .as_ref()
            .filter(|k| top_site.as_ref().is_some_and(|t| !same_partition(k, t)))
        {
            NotSentReason::Partitioned { key: k.clone() }
        } else {
            other_reason(c, req, none_sent)
        };
        out.push(NotSent {
            cookie: c.clone(),
            reason,
        });
    }
    out
}

fn same_partition(key: &str, top_site: &str) -> bool {
    let k = key.trim_end_matches('/');
    match parse_url(k) {
        Some(u) => site_of(&u) == top_site,
        None => k.eq_ignore_ascii_case(top_site),
    }
}

fn other_reason(c: &KnownCookie, req: &CookieRequest, none_sent: bool) -> NotSentReason {
    let (cross_site, cross_origin) = (req.cross_site, req.cross_origin);
    let (navigation, safe_method, fetch_like) = (req.navigation, req.safe_method, req.fetch_like);
    if navigation && safe_method {
        // Top-level GET navigations carry Lax and unspecified cookies, and fetch modes do not apply.
        if cross_site == Some(true) && c.same_site == SameSiteAttr::Strict {
            return NotSentReason::SameSiteStrict;
        }
        return NotSentReason::Unexplained;
    }
    if cross_site == Some(true) {
        match c.same_site {
            SameSiteAttr::Strict => return NotSentReason::SameSiteStrict,
            SameSiteAttr::Lax if !(navigation && safe_method) => return NotSentReason::SameSiteLax,
            SameSiteAttr::Unspecified if !(navigation && safe_method) => {
                return NotSentReason::SameSiteDefaultLax
            }
            SameSiteAttr::None if !c.secure => return NotSentReason::SameSiteNoneInsecure,
            SameSiteAttr::None => {
                return if none_sent {
                    NotSentReason::ThirdPartyBlocked
                } else {
                    NotSentReason::Unexplained
                };
            }
            _ => {}
        }
    }
    // No cookie at all on a script request (or a cross-origin one): the fetch's credentials
    // mode ('omit', or the default 'same-origin' across origins).
    if none_sent && (cross_origin == Some(true) || cross_site == Some(true) || fetch_like) {
        return NotSentReason::CredentialsMode;
    }
    NotSentReason::Unexplained
}

fn repeats(hist: &History<'_>, entry: &Entry, pos: usize) -> RepeatFacts {
    let mut out = RepeatFacts::default();
    let exact_key = format!("{} {}", entry.method, url_key(&entry.url));
    let path_key_s = format!("{} {}", entry.method, path_key(&entry.url));
    let t0 = entry.started_ms.filter(|v| v.is_finite());
    for (exact, list) in [
        (true, hist.failures_exact.get(&exact_key)),
        (false, hist.failures_path.get(&path_key_s)),
    ] {
        let Some(list) = list else { continue };
        let end = list.partition_point(|&p| p < pos);
        let start = end.saturating_sub(MAX_REPEATS);
        let earlier: Vec<usize> = list.get(start..end).map(|s| s.to_vec()).unwrap_or_default();
        if earlier.is_empty() {
            continue;
        }
        let (mut w10, mut w60, mut first) = (1usize, 1usize, None);
        if let Some(t0) = t0 {
            for &p in earlier.iter().rev() {
                let Some(t) = hist
                    .capture
                    .entries
                    .get(p)
                    .and_then(|e| e.started_ms)
                    .filter(|v| v.is_finite())
                else {
                    continue;
                };
                let d = t0 - t;
                if !(0.0..=60_000.0).contains(&d) {
                    continue;
                }
                w60 += 1;
                first = Some(d);
                if d <= 10_000.0 {
                    w10 += 1;
                }
            }
        }
        let is_loop = w10 >= 3 || w60 >= 5;
        if out.earlier.is_empty() || (is_loop && !out.is_loop) {
            out = RepeatFacts {
                earlier,
                exact,
                within_10s: w10,
                within_60s: w60,
                span_ms: first,
                is_loop,
            };
        }
        if out.is_loop {
            break;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Server messages and gateways (the message table lives in `crate::messages`)
// ---------------------------------------------------------------------------------------

/// Known server messages in a text (body or error_description).
pub fn server_messages(text: &str) -> Vec<MsgHit> {
    server_messages_without(text, &[])
}

/// [`server_messages`] without the stacks in `without` (see [`Ctx::without_stacks`]).
pub fn server_messages_without(text: &str, without: &[&str]) -> Vec<MsgHit> {
    crate::messages::match_messages_without(text, without)
        .into_iter()
        .map(|h| MsgHit {
            reading: None,
            stack: h.stack.to_string(),
            cause: h.cause,
            weight: if h.weight.is_finite() {
                h.weight.clamp(0.0, 1.0)
            } else {
                0.0
            },
            meaning: h.meaning.to_string(),
            matched: h.matched,
        })
        .collect()
}

/// A gateway recognised from the response headers and body.
fn detect_gateway(entry: &Entry, body: Option<&str>) -> Option<GatewayFacts> {
    let headers = entry.response_headers.get(
        ..entry
            .response_headers
            .len()
            .min(crate::model::limits::MAX_HEADERS),
    )?;
    crate::messages::detect_gateway(headers, body).map(|g| GatewayFacts {
        name: g.name.to_string(),
        evidence: vec![g.evidence],
        weight: if g.weight.is_finite() {
            g.weight.clamp(0.0, 1.0)
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::*;

    fn last(cap: &Capture) -> Facts<'_> {
        facts_of(cap, cap.entries.len() - 1)
    }

    #[test]
    fn url_helpers() {
        assert_eq!(url_key("https://x.com/a?b=1#frag"), "https://x.com/a?b=1");
        assert_eq!(path_key("https://x.com/a?b=1#frag"), "https://x.com/a");
        let base = parse_url("https://x.com/a/b?q").unwrap();
        for (loc, want) in [
            ("https://y.com/z#f", "https://y.com/z"),
            ("//y.com/z", "https://y.com/z"),
            ("/z", "https://x.com/z"),
            ("z", "https://x.com/a/z"),
            ("?p=1", "https://x.com/a/b?p=1"),
        ] {
            assert_eq!(resolve_location(&base, loc).as_deref(), Some(want), "{loc}");
        }
        assert_eq!(resolve_location(&base, "   "), None);
        assert_eq!(default_path("/a/b/c"), "/a/b");
        assert_eq!(default_path("/a"), "/");
        assert_eq!(default_path("x"), "/");
        assert_eq!(cut("héllo", 2), "h");
    }

    #[test]
    fn session_names() {
        for n in [
            "sessionid",
            "JSESSIONID",
            "connect.sid",
            "__Host-session",
            ".AspNetCore.Cookies",
            "sb-abc-auth-token",
            "access_token",
            "laravel_session",
            "sid",
        ] {
            assert!(session_like(n), "{n}");
        }
        for n in ["_ga", "theme", "csrftoken", "XSRF-TOKEN", "lang", "_gid"] {
            assert!(!session_like(n), "{n}");
        }
    }

    #[test]
    fn jar_from_history_scopes_and_deletes() {
        let cap = capture(
            "GET https://app.example.com/account/login\n@started $T-1h\n\n200\n\
             Set-Cookie: host=1; Path=/\n\
             Set-Cookie: dom=1; Domain=.example.com; Path=/\n\
             Set-Cookie: deflt=1\n\
             Set-Cookie: other=1; Domain=other.net\n\
             Set-Cookie: short=1; Max-Age=60; Path=/\n\
             Set-Cookie: gone=1; Path=/\n\
             Set-Cookie: psl=1; Domain=com\n\
             ----\nGET https://app.example.com/x\n@started $T-30m\n\n200\nSet-Cookie: gone=; Path=/; Max-Age=0\n\
             ----\nGET https://app.example.com/api/me\n@started $T\n\n401\n",
        );
        let f = last(&cap);
        assert_eq!(f.jar.source, JarSource::History);
        let mut names: Vec<&str> = f.jar.matching.iter().map(|c| c.name.as_str()).collect();
        names.sort();
        // `deflt` has default path /account (no match for /api/me); `other` and `psl` were refused.
        assert_eq!(names, vec!["dom", "host", "short"]);
        let host = f.jar.matching.iter().find(|c| c.name == "host").unwrap();
        assert!(host.host_only);
        assert_eq!(host.domain, "app.example.com");
        let dom = f.jar.matching.iter().find(|c| c.name == "dom").unwrap();
        assert_eq!(dom.display_domain(), ".example.com");
        // Max-Age=60 set an hour ago: expired by the request, listed as a note only.
        let short = f
            .jar
            .not_sent
            .iter()
            .find(|n| n.cookie.name == "short")
            .unwrap();
        assert!(matches!(short.reason, NotSentReason::Expired { .. }));
        assert!(!short.reason.explains());
    }

    #[test]
    fn jar_refuses_insecure_secure_and_samesite_none() {
        let cap = capture(
            "GET http://app.example.com/login\n\n200\nSet-Cookie: s=1; Secure; Path=/\n----\n\
             GET https://app.example.com/login\n\n200\nSet-Cookie: n=1; SameSite=None; Path=/\n----\n\
             GET https://app.example.com/me\n@document https://shop.other.net/\n\n401\n",
        );
        let f = last(&cap);
        let reasons: Vec<(&str, &NotSentReason)> = f
            .jar
            .not_sent
            .iter()
            .map(|n| (n.cookie.name.as_str(), &n.reason))
            .collect();
        assert!(
            reasons.contains(&(
                "s",
                &NotSentReason::Refused("a Secure cookie set over plain http")
            )),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&("n", &NotSentReason::SameSiteNoneInsecure)),
            "{reasons:?}"
        );
    }

    #[test]
    fn browser_jar_is_used_over_history() {
        let cap = capture(
            "GET https://app.example.com/login\n\n200\nSet-Cookie: hist=1; Path=/\n----\n\
             GET https://app.example.com/me\nCookie: a=1\n@jar a=1; domain=app.example.com; hostonly; path=/\n@jar b=2; domain=.example.com; path=/\n\n401\n",
        );
        let f = last(&cap);
        assert_eq!(f.jar.source, JarSource::Browser);
        assert_eq!(f.jar.matching.len(), 2);
        assert_eq!(f.jar.not_sent.len(), 1);
        assert_eq!(f.jar.not_sent[0].cookie.name, "b");
        assert_eq!(f.jar.not_sent[0].reason, NotSentReason::Unexplained);
        assert_eq!(
            f.cookies.pairs[0]
                .origin
                .as_ref()
                .map(|o| o.domain.as_str()),
            Some("app.example.com")
        );
    }

    #[test]
    fn sanitized_skips_jar() {
        let cap = capture("GET https://app.example.com/login\n@sanitized\n\n200\nSet-Cookie: s=1; Path=/\n----\nGET https://app.example.com/me\n\n401\n");
        let f = last(&cap);
        assert!(f.sanitized);
        assert_eq!(f.jar.source, JarSource::Unknown);
        assert!(f.jar.not_sent.is_empty());
    }

    #[test]
    fn cross_site_and_origin() {
        let cap = capture(
            "GET https://api.example.com/me\n@document https://app.example.com/page\n\n401\n",
        );
        let f = last(&cap);
        assert_eq!((f.cross_site, f.cross_origin), (Some(false), Some(true)));
        let cap =
            capture("GET https://api.other.net/me\n@initiator https://app.example.com\n\n401\n");
        assert_eq!(last(&cap).cross_site, Some(true));
        let cap = capture("GET https://api.other.net/me\n\n401\n");
        assert_eq!(last(&cap).cross_site, None);
    }

    #[test]
    fn auth_and_tokens() {
        let cap = capture("GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T}\nAuthorization: Bearer x\nCookie: sid=$JWT{\"exp\":$T}; plain=abc; id=Bearer%20$JWT{\"sub\":\"x\"}\n\n401\n");
        let f = last(&cap);
        let a = f.auth.as_ref().unwrap();
        assert_eq!(a.count, 2);
        assert!(!a.well_formed());
        assert_eq!(f.tokens.len(), 3);
        assert!(matches!(
            f.tokens[0].place,
            TokenPlace::Header("Authorization")
        ));
        assert_eq!(f.tokens[1].cookie_name(), Some("sid"));
        assert_eq!(f.tokens[2].cookie_name(), Some("id"));
        assert!(f.tokens.iter().all(|t| t.jws().is_some()));
    }

    #[test]
    fn basic_decoded_without_keeping_the_password() {
        let cap = capture(
            "GET https://api.example.com/me\nAuthorization: Basic $BASIC(bob:pässword)\n\n401\n",
        );
        let f = last(&cap);
        assert_eq!(
            f.auth.as_ref().unwrap().basic,
            Some(Ok(BasicFacts {
                user: "bob".into(),
                password_len: 9,
                default_password: false,
            }))
        );
    }

    #[test]
    fn challenges_are_the_relevant_ones() {
        let cap = capture("GET http://x.com/\n\n407\nWWW-Authenticate: Bearer\nProxy-Authenticate: Basic realm=\"p\"\n");
        let f = last(&cap);
        assert!(f.proxy);
        assert_eq!(f.challenge_header, "Proxy-Authenticate");
        assert_eq!(f.challenges.len(), 1);
        assert!(f.challenges[0].is("Basic"));
    }

    #[test]
    fn deleted_cookies_in_the_401() {
        let cap = capture("GET https://app.example.com/a/b\nCookie: sid=1\n@started $T\n\n401\nDate: $D\nSet-Cookie: sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT\nSet-Cookie: x=; Max-Age=0; Domain=example.com; Path=/\nSet-Cookie: keep=1; Max-Age=100\n");
        let f = last(&cap);
        assert_eq!(f.deleted.len(), 2);
        assert_eq!(
            (
                f.deleted[0].name.as_str(),
                f.deleted[0].path.as_str(),
                f.deleted[0].was_sent
            ),
            ("sid", "/a", true)
        );
        assert_eq!(
            (
                f.deleted[1].domain.as_str(),
                f.deleted[1].host_only,
                f.deleted[1].was_sent
            ),
            ("example.com", false, false)
        );
    }

    #[test]
    fn redirect_chain_walks_back() {
        let cap = capture(
            "GET http://example.com/start\nAuthorization: Basic $BASIC(a:b)\n\n301\nLocation: https://example.com/start\n----\n\
             GET https://example.com/start\n\n302\nLocation: /final\n----\n\
             GET https://example.com/unrelated\n\n200\n----\n\
             GET https://example.com/final\n\n401\n",
        );
        let f = last(&cap);
        let urls: Vec<&str> = f.redirects.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(
            urls,
            vec!["http://example.com/start", "https://example.com/start"]
        );
        assert!(f.redirects[0].cross_origin && !f.redirects[1].cross_origin);
        let d = f.dropped_auth.as_ref().unwrap();
        assert_eq!(
            d.crossing,
            Some((
                "http://example.com".to_string(),
                "https://example.com".to_string()
            ))
        );
    }

    #[test]
    fn redirect_cycles_terminate() {
        let cap = capture("GET https://a.com/x\n\n302\nLocation: https://a.com/y\n----\nGET https://a.com/y\n\n302\nLocation: https://a.com/x\n----\nGET https://a.com/x\n\n401\n");
        let f = last(&cap);
        assert!(f.redirects.len() <= 2);
    }

    #[test]
    fn preflight_pairs_with_the_next_real_request() {
        let cap = capture(
            "OPTIONS https://api.example.com/o\nAccess-Control-Request-Method: PUT\n\n401\n----\n\
             OPTIONS https://api.example.com/o\nAccess-Control-Request-Method: PUT\n\n401\n----\n\
             PUT https://api.example.com/o\n@error net::ERR_FAILED\n\n0\n",
        );
        let f = facts_of(&cap, 0);
        assert!(f.preflight.is_preflight);
        assert_eq!(f.preflight.requested_method.as_deref(), Some("PUT"));
        let (pos, _, m, status, err) = f.preflight.actual.clone().unwrap();
        assert_eq!(
            (pos, m.as_str(), status, err.as_deref()),
            (2, "PUT", 0, Some("net::ERR_FAILED"))
        );
    }

    #[test]
    fn clocks_and_skew() {
        let cap = capture("GET https://api.example.com/me\n@started $T-7m\n\n401\nDate: $D\n");
        let f = last(&cap);
        assert_eq!(f.clocks.skew_ms, Some(420_000.0));
        let cap = capture("GET https://api.example.com/me\n@now $T\n\n401\nDate: $D+2s\n");
        assert_eq!(last(&cap).clocks.skew_ms, Some(2000.0));
        let cap = capture("GET https://api.example.com/me\n\n401\nDate: $D\n");
        let f = last(&cap);
        assert_eq!(f.clocks.skew_ms, None, "no client reading, no skew");
        assert_eq!(f.clocks.client_secs(&ctx()), (NOW as f64, false));
    }

    #[test]
    fn repeats_windows() {
        let mut text = String::new();
        for i in (0..5).rev() {
            text.push_str(&format!(
                "GET https://api.example.com/me?x={i}\n@started $T-{}s\n\n401\n----\n",
                i * 12
            ));
        }
        text.push_str("GET https://api.example.com/me?x=9\n@started $T\n\n401\n");
        let cap = capture(&text);
        let f = last(&cap);
        assert!(!f.repeats.exact);
        assert_eq!(f.repeats.earlier.len(), 5);
        assert_eq!(f.repeats.within_60s, 6);
        assert_eq!(f.repeats.within_10s, 2);
        assert!(f.repeats.is_loop);
        assert_eq!(f.repeats.span_ms, Some(48_000.0));
    }

    proptest::proptest! {
        #[test]
        fn build_never_panics(
            url in ".{0,40}",
            auth in ".{0,60}",
            cookie in ".{0,60}",
            set_cookie in ".{0,60}",
            challenge in ".{0,60}",
            date in ".{0,30}",
            status in proptest::sample::select(vec![0i64, 200, 301, 401, 407]),
        ) {
            let mk = |u: &str| crate::model::Entry {
                method: "GET".into(),
                url: u.to_string(),
                status,
                started_ms: Some(1.0e12),
                request_headers: vec![crate::model::Header::new("Authorization", auth.clone()), crate::model::Header::new("Cookie", cookie.clone())],
                response_headers: vec![
                    crate::model::Header::new("Set-Cookie", set_cookie.clone()),
                    crate::model::Header::new("WWW-Authenticate", challenge.clone()),
                    crate::model::Header::new("Date", date.clone()),
                    crate::model::Header::new("Location", url.clone()),
                ],
                redirect_url: Some(url.clone()),
                ..Default::default()
            };
            let cap = Capture { entries: vec![mk(&url), mk("https://a.example.com/x"), mk(&url)], ..Default::default() };
            let r = crate::diagnose::diagnose(&cap, &ctx());
            for f in r.findings {
                proptest::prop_assert!(!f.causes.is_empty());
            }
        }
    }
}
