//! The cookie model: the site's cookies (from the browser's jar or the Set-Cookie history),
//! the ones a request carried, and why the others were not sent.

use super::*;

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
    // The value's shape first: it is cheap and rules out most cookies before the name list.
    let v = value.trim().trim_matches('"');
    if v.len() < 20 || v.contains(' ') {
        return false;
    }
    let letters = v.bytes().filter(u8::is_ascii_alphabetic).count();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    // Random base62/base64 mixes cases and has a digit or two; hex has many digits.
    let mixed =
        v.bytes().any(|c| c.is_ascii_uppercase()) && v.bytes().any(|c| c.is_ascii_lowercase());
    if !(letters >= 4 && (digits >= 4 || (mixed && digits >= 1))) {
        return false;
    }
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
        // Load-balancer stickiness: long and random, but no sign-in.
        "awsalb",
        "awselb",
        "arraffinity",
        "bigipserver",
        "serverid",
        "__cfduid",
        "incap_ses",
        "visid_incap",
        "nlbi_",
    ];
    !NOT_CREDENTIALS.iter().any(|p| n.contains(p))
}

/// A cookie value that could hold a JWT (optionally after a `Bearer ` prefix or quotes).
pub(crate) fn cookie_token_candidate(value: &str) -> Option<&str> {
    let v = value.trim().trim_matches('"');
    let v = v
        .strip_prefix("Bearer%20")
        .or_else(|| v.strip_prefix("Bearer "))
        .or_else(|| v.strip_prefix("bearer%20"))
        .unwrap_or(v);
    if jwt::claims_jwt(v) {
        Some(v)
    } else {
        None
    }
}

/// A non-JWT cookie recognised by its format ([`session::decode`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SessionFacts {
    pub name: String,
    pub session: session::Session,
    /// For a chunked cookie (`chunks-N`): the `<name>C<i>` parts the request did not carry.
    pub missing_chunks: Vec<String>,
    /// The lifetime the site gave this cookie when it set it (its Expires / Max-Age minus
    /// the time it was set, from the capture's history), seconds.
    pub lifetime_s: Option<f64>,
}

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
    /// Its name or its value says it carries a sign-in ([`session_like`],
    /// [`credential_value`]); the value itself is not kept.
    pub credential: bool,
    /// Set (history) in the answer to a request that carried Authorization: the server
    /// exchanged those credentials for this cookie.
    pub for_credentials: bool,
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

    pub(crate) fn from_jar(c: &JarCookie) -> KnownCookie {
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
            credential: session_like(&c.name) || credential_value(&c.name, &c.value),
            for_credentials: false,
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

    pub(crate) fn same_identity(&self, other: &KnownCookie) -> bool {
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
    pub(crate) fn add_header(&mut self, v: &'c str) {
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
    /// The non-JWT cookies recognised by format (signed sessions, encrypted cookies, opaque
    /// ids, API keys), at most `max`. The `C1`.. parts of a chunked cookie are not listed on
    /// their own: their head says which are missing.
    pub fn sessions(&self, max: usize) -> Vec<SessionFacts> {
        let mut out: Vec<SessionFacts> = Vec::new();
        let heads: Vec<(&str, usize)> = self
            .pairs
            .iter()
            .filter_map(|p| {
                let n: usize = p.value.strip_prefix("chunks-")?.parse().ok()?;
                Some((p.name, n.min(1000)))
            })
            .collect();
        let is_part = |name: &str| {
            heads.iter().any(|(h, _)| {
                name.strip_prefix(h)
                    .and_then(|r| r.strip_prefix('C'))
                    .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            })
        };
        for p in &self.pairs {
            if out.len() >= max {
                break;
            }
            if cookie_token_candidate(p.value).is_some() || is_part(p.name) {
                continue;
            }
            let Some(session) = session::decode(p.name, p.value) else {
                continue;
            };
            let missing_chunks = match session.chunks {
                Some(n) => (1..=n)
                    .map(|i| format!("{}C{i}", p.name))
                    .filter(|c| !self.sent(c))
                    .take(16)
                    .collect(),
                None => Vec::new(),
            };
            let lifetime_s = p.origin.as_ref().and_then(|o| {
                let set = o.set_at_ms? / 1000.0;
                let exp = o.expires_s?;
                (exp > set && (exp - set).is_finite()).then_some(exp - set)
            });
            out.push(SessionFacts {
                name: p.name.to_string(),
                session,
                missing_chunks,
                lifetime_s,
            });
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

pub(crate) fn sent_cookies(entry: &Entry) -> SentCookies<'_> {
    let mut out = SentCookies::default();
    for v in entry.request_headers_named("cookie") {
        out.add_header(v);
    }
    out
}

/// Assigns each sent cookie the jar copy it most likely is: copies of a name in the order
/// browsers send them (longer path first, then earlier set).
pub(crate) fn attach_origins<'c>(
    mut cookies: SentCookies<'c>,
    matching: &[KnownCookie],
) -> SentCookies<'c> {
    if matching.is_empty() {
        return cookies;
    }
    // Copies per name, in send order.
    let mut by_name: HashMap<&str, Vec<&KnownCookie>> = HashMap::new();
    for c in matching {
        by_name.entry(c.name.as_str()).or_default().push(c);
    }
    for copies in by_name.values_mut() {
        crate::sort::sort_by(copies, |a, b| {
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
pub(crate) struct CookieRequest<'a> {
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
    pub(crate) fn of(
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

pub(crate) fn not_sent(
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

pub(crate) fn same_partition(key: &str, top_site: &str) -> bool {
    let k = key.trim_end_matches('/');
    match parse_url(k) {
        Some(u) => site_of(&u) == top_site,
        None => k.eq_ignore_ascii_case(top_site),
    }
}

pub(crate) fn other_reason(c: &KnownCookie, req: &CookieRequest, none_sent: bool) -> NotSentReason {
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

impl JarFacts {
    /// The site's cookies that match the request (the browser's jar if the capture has it,
    /// else the Set-Cookie history), which of them were not sent and why, and the Set-Cookie
    /// lines of this site that browsers refused.
    pub(crate) fn build(
        hist: &mut History<'_>,
        req: &Req<'_, '_>,
        cookies: &SentCookies<'_>,
    ) -> (JarFacts, Vec<RefusedSet>) {
        let mut jar = JarFacts {
            source: JarSource::Unknown,
            matching: Vec::new(),
            not_sent: Vec::new(),
        };
        let mut refused_sets = Vec::new();
        let (Some(u), Some(s), false) = (req.url, req.site, req.sanitized) else {
            return (jar, refused_sets);
        };
        let (source, all) = match &hist.capture.jar {
            Some(j) => (
                JarSource::Browser,
                j.iter()
                    .take(MAX_COOKIES * 4)
                    .map(KnownCookie::from_jar)
                    .collect::<Vec<_>>(),
            ),
            None => (JarSource::History, hist.jar_before(s, req.pos)),
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
            refused_sets.extend(list.iter().filter(|r| r.entry <= req.pos).cloned());
        }
        if !req.entry.request_headers_unseen && !req.entry.cookie_header_unseen {
            let cr = CookieRequest::of(
                req.entry,
                u,
                req.top_level,
                req.cross_site,
                req.cross_origin,
                req.request_s,
            );
            jar.not_sent = not_sent(&jar.matching, cookies, &cr);
        }
        (jar, refused_sets)
    }
}

impl DeletedCookie {
    /// The cookies this response deletes (Set-Cookie with Max-Age=0 or a past Expires, by
    /// the server's clock when known), and whether the request carried them.
    pub(crate) fn in_response(
        hist: &History<'_>,
        req: &Req<'_, '_>,
        cookies: &SentCookies<'_>,
    ) -> Vec<DeletedCookie> {
        let mut deleted = Vec::new();
        let Some(u) = req.url else {
            return deleted;
        };
        let judge_s = hist
            .server_ms
            .get(req.pos)
            .copied()
            .flatten()
            .map(|m| m / 1000.0)
            .unwrap_or(req.request_s);
        for v in req
            .entry
            .response_headers_named("set-cookie")
            .take(MAX_COOKIES)
        {
            for line in v.split('\n').take(MAX_COOKIES) {
                let Ok(sc) = parse_set_cookie(line.trim()) else {
                    continue;
                };
                if !sc.deletes(judge_s) {
                    continue;
                }
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
        deleted
    }
}
