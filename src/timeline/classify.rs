//! Which exchanges are auth-relevant, and as what: the DevTools panel's timeline shows only
//! these. Pure: one entry (and whether the same API failed later) in, one [`Kind`] out.
//!
//! - `unauthorized` / `proxy-auth`: every 401 / 407.
//! - `preflight`: an `OPTIONS` with `Access-Control-Request-Method`.
//! - `redirect`: a 3xx with a Location whose request carried credentials (Authorization or
//!   Cookie); whether the next hop carried or dropped them is said by the timeline.
//! - `refresh`: a token call with `grant_type=refresh_token` (form or JSON), or a POST to a
//!   path with a `refresh` segment.
//! - `token`: any other `grant_type`, a POST to a `…/token` path, or a response holding an
//!   `access_token`.
//! - `sign-in`: a POST/PUT whose body has a password field, or a POST to a sign-in path
//!   (`login`, `signin`, `sign-in`, `session(s)`, `authenticate`).
//! - `set-cookie`: any other response that sets a cookie.
//! - `credentialed`: any other request that sent Authorization, Proxy-Authorization or an
//!   API-key header, or (cookies only) one to an API that answered 401/407 later.
//!
//! Anything else (images, scripts, style sheets, anonymous calls) is left out.

use crate::mask::names::{secret_header, secret_name};
use crate::mask::Kind as Secret;
use crate::model::Entry;
use serde::{Deserialize, Serialize};

/// What an exchange is in the sign-in story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    SignIn,
    Token,
    Refresh,
    Redirect,
    Preflight,
    Unauthorized,
    ProxyAuth,
    SetCookie,
    Credentialed,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::SignIn,
        Kind::Token,
        Kind::Refresh,
        Kind::Redirect,
        Kind::Preflight,
        Kind::Unauthorized,
        Kind::ProxyAuth,
        Kind::SetCookie,
        Kind::Credentialed,
    ];
    /// The id used in the view, the filter and `data-kind` (`sign-in`, `refresh`, ...).
    pub fn id(self) -> &'static str {
        match self {
            Kind::SignIn => "sign-in",
            Kind::Token => "token",
            Kind::Refresh => "refresh",
            Kind::Redirect => "redirect",
            Kind::Preflight => "preflight",
            Kind::Unauthorized => "unauthorized",
            Kind::ProxyAuth => "proxy-auth",
            Kind::SetCookie => "set-cookie",
            Kind::Credentialed => "credentialed",
        }
    }
    /// The label shown in the timeline and the filter.
    pub fn label(self) -> &'static str {
        match self {
            Kind::SignIn => "Sign-in",
            Kind::Token => "Token call",
            Kind::Refresh => "Token refresh",
            Kind::Redirect => "Redirect",
            Kind::Preflight => "Preflight",
            Kind::Unauthorized => "401",
            Kind::ProxyAuth => "407",
            Kind::SetCookie => "Sets a cookie",
            Kind::Credentialed => "Sent credentials",
        }
    }
    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// Path segments of sign-in endpoints.
const SIGN_IN_SEGMENTS: &[&str] = &[
    "login",
    "signin",
    "sign-in",
    "sign_in",
    "logon",
    "session",
    "sessions",
    "authenticate",
];

/// The kind of `e`, or `None` when it is not part of the sign-in story.
/// `fails_later`: the same API (origin and path) answered 401/407 after it.
pub fn classify(e: &Entry, fails_later: bool) -> Option<Kind> {
    match e.status {
        401 => return Some(Kind::Unauthorized),
        407 => return Some(Kind::ProxyAuth),
        _ => {}
    }
    let method = e.method.to_ascii_uppercase();
    if method == "OPTIONS" && e.request_header("access-control-request-method").is_some() {
        return Some(Kind::Preflight);
    }
    let has_auth = e
        .request_header("authorization")
        .is_some_and(|v| !v.trim().is_empty())
        || e.request_header("proxy-authorization").is_some();
    let has_cookie = e
        .request_header("cookie")
        .is_some_and(|v| !v.trim().is_empty());
    let redirect = (300..400).contains(&e.status)
        && (e.response_header("location").is_some()
            || e.redirect_url.as_deref().is_some_and(|u| !u.is_empty()));
    if redirect && (has_auth || has_cookie) {
        return Some(Kind::Redirect);
    }
    let body = e.request_body.as_deref().unwrap_or("");
    if let Some(grant) = grant_type(body) {
        return Some(if grant == "refresh_token" {
            Kind::Refresh
        } else {
            Kind::Token
        });
    }
    let segments = path_segments(&e.url);
    let posted = method == "POST" || method == "PUT";
    if method == "POST" && segments.iter().any(|s| s.contains("refresh")) {
        return Some(Kind::Refresh);
    }
    if method == "POST" && segments.last().is_some_and(|s| *s == "token") {
        return Some(Kind::Token);
    }
    if e.response_body
        .as_deref()
        .is_some_and(|b| b.contains("\"access_token\""))
    {
        return Some(Kind::Token);
    }
    if posted && has_password_field(body) {
        return Some(Kind::SignIn);
    }
    if method == "POST"
        && segments
            .iter()
            .any(|s| SIGN_IN_SEGMENTS.contains(&s.as_str()))
    {
        return Some(Kind::SignIn);
    }
    if e.response_headers_named("set-cookie").next().is_some() {
        return Some(Kind::SetCookie);
    }
    let has_key_header = e.request_headers.iter().any(|h| {
        !h.name.eq_ignore_ascii_case("cookie")
            && !h.name.eq_ignore_ascii_case("authorization")
            && secret_header(&h.name).is_some()
    });
    if has_auth || has_key_header || (has_cookie && fails_later) {
        return Some(Kind::Credentialed);
    }
    None
}

/// `grant_type` of a form or JSON body (at most 64 form pairs read).
pub fn grant_type(body: &str) -> Option<String> {
    let b = body.trim();
    if b.is_empty() {
        return None;
    }
    if b.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(b).ok()?;
        return v.get("grant_type")?.as_str().map(str::to_string);
    }
    b.split('&').take(64).find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == "grant_type" && !v.is_empty()).then(|| v.to_string())
    })
}

/// A password field in a form or JSON body (top-level JSON keys; at most 64 form pairs).
fn has_password_field(body: &str) -> bool {
    let b = body.trim();
    let is_password = |name: &str| secret_name(name) == Some(Secret::Password);
    if b.starts_with('{') {
        return serde_json::from_str::<serde_json::Value>(b)
            .ok()
            .and_then(|v| v.as_object().map(|o| o.keys().any(|k| is_password(k))))
            .unwrap_or(false);
    }
    b.split('&')
        .take(64)
        .any(|pair| pair.split_once('=').is_some_and(|(k, _)| is_password(k)))
}

/// The lower-cased, non-empty path segments of a URL (query and fragment left out).
fn path_segments(url: &str) -> Vec<String> {
    let key = crate::facts::path_key(url);
    let after_scheme = key.split_once("://").map_or(key, |(_, r)| r);
    let path = after_scheme.split_once('/').map_or("", |(_, p)| p);
    path.split('/')
        .filter(|s| !s.is_empty())
        .take(32)
        .map(str::to_ascii_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Header;

    fn entry(
        method: &str,
        url: &str,
        status: i64,
        req: &[(&str, &str)],
        resp: &[(&str, &str)],
        body: Option<&str>,
    ) -> Entry {
        Entry {
            method: method.into(),
            url: url.into(),
            status,
            request_headers: req.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
            response_headers: resp.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
            request_body: body.map(str::to_string),
            ..Entry::default()
        }
    }

    #[test]
    fn kinds() {
        use Kind::*;
        let jwt = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";
        // (what, entry, fails_later, expected)
        let cases: Vec<(&str, Entry, bool, Option<Kind>)> = vec![
            (
                "401",
                entry("GET", "https://api.test/me", 401, &[], &[], None),
                false,
                Some(Unauthorized),
            ),
            (
                "407",
                entry("GET", "http://x.test/", 407, &[], &[], None),
                false,
                Some(ProxyAuth),
            ),
            (
                "401 wins over refresh body",
                entry(
                    "POST",
                    "https://id.test/token",
                    401,
                    &[],
                    &[],
                    Some("grant_type=refresh_token&refresh_token=r"),
                ),
                false,
                Some(Unauthorized),
            ),
            (
                "preflight",
                entry(
                    "OPTIONS",
                    "https://api.test/me",
                    204,
                    &[("Access-Control-Request-Method", "GET")],
                    &[],
                    None,
                ),
                false,
                Some(Preflight),
            ),
            (
                "OPTIONS without ACRM",
                entry("OPTIONS", "https://api.test/me", 204, &[], &[], None),
                false,
                None,
            ),
            (
                "redirect with bearer",
                entry(
                    "GET",
                    "https://api.test/v1",
                    301,
                    &[("Authorization", jwt)],
                    &[("Location", "https://api2.test/v1")],
                    None,
                ),
                false,
                Some(Redirect),
            ),
            (
                "redirect with cookie",
                entry(
                    "GET",
                    "https://app.test/",
                    302,
                    &[("Cookie", "sid=1")],
                    &[("Location", "/login")],
                    None,
                ),
                false,
                Some(Redirect),
            ),
            (
                "anonymous redirect",
                entry(
                    "GET",
                    "https://app.test/",
                    302,
                    &[],
                    &[("Location", "/x")],
                    None,
                ),
                false,
                None,
            ),
            (
                "refresh form",
                entry(
                    "POST",
                    "https://id.test/oauth/token",
                    200,
                    &[],
                    &[],
                    Some("grant_type=refresh_token&refresh_token=abc"),
                ),
                false,
                Some(Refresh),
            ),
            (
                "refresh json",
                entry(
                    "POST",
                    "https://id.test/oauth/token",
                    200,
                    &[],
                    &[],
                    Some(r#"{"grant_type":"refresh_token","refresh_token":"abc"}"#),
                ),
                false,
                Some(Refresh),
            ),
            (
                "client credentials",
                entry(
                    "POST",
                    "https://id.test/oauth/token",
                    200,
                    &[],
                    &[],
                    Some("grant_type=client_credentials"),
                ),
                false,
                Some(Token),
            ),
            (
                "refresh path",
                entry(
                    "POST",
                    "https://app.test/api/auth/refresh",
                    200,
                    &[],
                    &[],
                    None,
                ),
                false,
                Some(Refresh),
            ),
            (
                "token path",
                entry("POST", "https://id.test/connect/token", 200, &[], &[], None),
                false,
                Some(Token),
            ),
            (
                "GET token path is not a token call",
                entry("GET", "https://id.test/connect/token", 200, &[], &[], None),
                false,
                None,
            ),
            (
                "access_token in response",
                {
                    let mut e = entry("GET", "https://app.test/cb", 200, &[], &[], None);
                    e.response_body = Some(r#"{"access_token":"x","expires_in":3600}"#.into());
                    e
                },
                false,
                Some(Token),
            ),
            (
                "sign-in form",
                entry(
                    "POST",
                    "https://app.test/account",
                    200,
                    &[],
                    &[],
                    Some("user=a&password=b"),
                ),
                false,
                Some(SignIn),
            ),
            (
                "sign-in json",
                entry(
                    "POST",
                    "https://app.test/api/users/me",
                    200,
                    &[],
                    &[],
                    Some(r#"{"email":"a","pass":"b"}"#),
                ),
                false,
                Some(SignIn),
            ),
            (
                "sign-in path",
                entry(
                    "POST",
                    "https://app.test/api/login",
                    200,
                    &[],
                    &[],
                    Some(r#"{"code":"1"}"#),
                ),
                false,
                Some(SignIn),
            ),
            (
                "GET login page is not a sign-in",
                entry("GET", "https://app.test/login", 200, &[], &[], None),
                false,
                None,
            ),
            (
                "sets a cookie",
                entry(
                    "GET",
                    "https://app.test/",
                    200,
                    &[],
                    &[("Set-Cookie", "sid=1; Path=/")],
                    None,
                ),
                false,
                Some(SetCookie),
            ),
            (
                "bearer call",
                entry(
                    "GET",
                    "https://api.test/me",
                    200,
                    &[("Authorization", jwt)],
                    &[],
                    None,
                ),
                false,
                Some(Credentialed),
            ),
            (
                "api key header",
                entry(
                    "GET",
                    "https://api.test/me",
                    200,
                    &[("X-Api-Key", "k")],
                    &[],
                    None,
                ),
                false,
                Some(Credentialed),
            ),
            (
                "cookie call to an API that fails later",
                entry(
                    "GET",
                    "https://api.test/me",
                    200,
                    &[("Cookie", "sid=1")],
                    &[],
                    None,
                ),
                true,
                Some(Credentialed),
            ),
            (
                "cookie call otherwise",
                entry(
                    "GET",
                    "https://app.test/logo.png",
                    200,
                    &[("Cookie", "sid=1")],
                    &[],
                    None,
                ),
                false,
                None,
            ),
            (
                "empty authorization",
                entry(
                    "GET",
                    "https://api.test/me",
                    200,
                    &[("Authorization", " ")],
                    &[],
                    None,
                ),
                false,
                None,
            ),
            (
                "plain GET",
                entry("GET", "https://app.test/app.js", 200, &[], &[], None),
                false,
                None,
            ),
        ];
        for (what, e, later, want) in cases {
            assert_eq!(classify(&e, later), want, "{what}");
        }
    }

    #[test]
    fn ids_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_id(k.id()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(k.id()));
        }
        assert_eq!(Kind::from_id("nope"), None);
    }

    #[test]
    fn grant_types() {
        for (body, want) in [
            ("grant_type=refresh_token", Some("refresh_token")),
            (r#"{"grant_type":"password"}"#, Some("password")),
            ("grant_type=", None),
            ("a=b", None),
            ("{not json", None),
            ("", None),
        ] {
            assert_eq!(grant_type(body).as_deref(), want, "{body}");
        }
    }
}
