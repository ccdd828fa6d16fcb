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
use crate::parse::session;
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

pub use crate::parse::cut;

pub mod api_keys;
mod clocks;
mod cookies;
mod credentials;
pub mod declared;
mod history;
mod refresh;
pub mod words;

pub use clocks::*;
pub use cookies::*;
pub use credentials::*;
pub use history::*;
pub use refresh::*;

pub use api_keys::ApiKey;
pub use declared::Declared;
pub use words::ServerSaid;

// ---------------------------------------------------------------------------------------
// Cookies the site holds (jar)
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Request pieces
// ---------------------------------------------------------------------------------------

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
    /// Non-JWT cookies recognised by format: signed sessions, encrypted cookies, ids.
    pub sessions: Vec<SessionFacts>,
    /// Token refreshes earlier in the capture, grouped by the refresh token they used.
    pub refreshes: Vec<RefreshGroup>,
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
    /// Credential headers another extension changed on the way out (known credential
    /// headers only, at most 8): see [`crate::model::HeaderChange`].
    pub tampered: Vec<&'c crate::model::HeaderChange>,
}

/// The request being diagnosed, as each part of the facts sees it.
pub(crate) struct Req<'a, 'c> {
    pub(crate) pos: usize,
    pub(crate) entry: &'c Entry,
    pub(crate) url: Option<&'a Url>,
    /// Registrable domain of the request host.
    pub(crate) site: Option<&'a str>,
    pub(crate) top_level: Option<&'a Url>,
    pub(crate) cross_site: Option<bool>,
    pub(crate) cross_origin: Option<bool>,
    /// The client's time of the request (else the diagnosis time), Unix seconds.
    pub(crate) request_s: f64,
    pub(crate) sanitized: bool,
}

/// The relevant challenge header (WWW-Authenticate, or Proxy-Authenticate for a 407), parsed.
struct Challenges<'c> {
    challenges: Vec<Challenge<'c>>,
    header: &'static str,
    present: bool,
    problems: Vec<String>,
}

fn read_challenges(entry: &Entry, proxy: bool) -> Challenges<'_> {
    let header = if proxy {
        "Proxy-Authenticate"
    } else {
        "WWW-Authenticate"
    };
    let mut out = Challenges {
        challenges: Vec::new(),
        header,
        present: false,
        problems: Vec::new(),
    };
    for v in entry.response_headers_named(header) {
        out.present = true;
        let (cs, errs) = parse_challenges(v);
        for c in cs {
            if out.challenges.len() < MAX_CHALLENGES {
                out.challenges.push(c);
            }
        }
        for e in errs.into_iter().take(8) {
            out.problems.push(format!("{header}: {e}"));
        }
        if out.challenges.len() >= MAX_CHALLENGES {
            break;
        }
    }
    out
}

/// The ids a support ticket needs: the server's request ids, and the traceparent sent.
fn request_ids(entry: &Entry) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for h in entry
        .response_headers
        .iter()
        .take(crate::model::limits::MAX_HEADERS)
    {
        let name = h.name.to_ascii_lowercase();
        if REQUEST_ID_HEADERS.contains(&name.as_str()) && !ids.contains_key(&name) {
            ids.insert(name, cut(h.value.trim(), MAX_ID_LEN).to_string());
        }
    }
    if let Some(tp) = entry.request_header("traceparent") {
        ids.entry("traceparent (sent)".to_string())
            .or_insert_with(|| cut(tp.trim(), MAX_ID_LEN).to_string());
    }
    ids
}

impl<'c> Facts<'c> {
    /// Derives the facts of the entry at `pos` (with the entries before it as history): each
    /// part (challenges, cookie model, credentials, history, clocks, server words) builds its
    /// own piece.
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

        let ch = read_challenges(entry, proxy);
        let (challenges, challenge_header, has_challenge_header, challenge_problems) =
            (ch.challenges, ch.header, ch.present, ch.problems);

        let cookies = sent_cookies(entry);

        let sanitized = capture.sanitized;
        let clocks_client = entry
            .started_ms
            .filter(|v| v.is_finite())
            .or(capture.client_now_ms.filter(|v| v.is_finite()));
        let request_s = clocks_client
            .map(|m| m / 1000.0)
            .unwrap_or(ctx.now_ms / 1000.0);

        let req = Req {
            pos,
            entry,
            url: url.as_ref(),
            site: site.as_deref(),
            top_level: top_level.as_ref(),
            cross_site,
            cross_origin,
            request_s,
            sanitized,
        };
        let (jar, refused_sets) = JarFacts::build(hist, &req, &cookies);
        let cookies = attach_origins(cookies, &jar.matching);

        let deleted = DeletedCookie::in_response(hist, &req, &cookies);

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
        let mut sessions = if proxy {
            Vec::new()
        } else {
            cookies.sessions(MAX_TOKENS)
        };
        if let Some(u) = &url {
            let site = site_of(u);
            for s in sessions.iter_mut().filter(|s| s.lifetime_s.is_none()) {
                s.lifetime_s = hist.set_lifetime(&site, &s.name, pos);
            }
        }

        let (redirects, dropped_auth) = hist.redirect_chain(&req);
        let preflight = hist.preflight(&req);

        let clocks = ClockFacts::build(hist, &req, clocks_client, &tokens);

        // Repeats.
        let repeats = repeats(hist, entry, pos);

        let request_ids = request_ids(entry);

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
            auth: relevant.is_some(),
        };
        let (messages, server_said) = hist.words.read(
            body,
            &entry.status_text,
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
            sessions,
            refreshes: refresh_groups(hist, pos),
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
            tampered: entry_tampered(hist.capture, pos),
        })
    }

    /// The credentials header that matters: Proxy-Authorization for a 407, else Authorization.
    /// The credential header this answer is about: Proxy-Authorization for a 407;
    /// Authorization for a 401, or Proxy-Authorization when only that was sent (a proxy
    /// that answers its own refusals with 401, as tinyproxy does).
    pub fn relevant_auth(&self) -> Option<&AuthFacts<'c>> {
        if self.proxy {
            self.proxy_auth.as_ref()
        } else {
            self.auth.as_ref().or(self.proxy_auth.as_ref())
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
/// The entry's credential-header changes worth a diagnosis (bounded).
fn entry_tampered(capture: &crate::model::Capture, pos: usize) -> Vec<&crate::model::HeaderChange> {
    let Some(e) = capture.entries.get(pos) else {
        return Vec::new();
    };
    e.header_changes
        .iter()
        .filter(|c| {
            matches!(
                c.name.as_str(),
                "authorization" | "proxy-authorization" | "cookie"
            ) && matches!(c.change.as_str(), "added" | "removed" | "changed")
        })
        .take(8)
        .collect()
}

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
