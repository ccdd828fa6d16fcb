//! The diagnosis as the faces show it: the CLI's `--json` (a stable contract: fields may be
//! added, none renamed), the popup and the page (through the renderer), the copied report.
//!
//! Everything here is already redacted when a [`Finding`] is built ([`crate::mask`]): URLs
//! are [`MaskedUrl`]s, secrets are placeholders (`‹token #1›`) numbered per report, so no
//! face can leak them by accident.

use crate::cause::Cause;
use crate::mask::{MaskedText, MaskedUrl};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole result for one input: a finding per 401/407, plus notes about the input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// About the input as a whole: sanitized HAR export, entries skipped, headers cut, ...
    pub notes: Vec<String>,
}

/// The diagnosis of one failed request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Index in `log.entries` (0 for raw text).
    pub entry: usize,
    pub url: MaskedUrl,
    pub method: String,
    pub status: i64,
    /// When the client sent it, Unix ms, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_ms: Option<f64>,
    /// Ranked: the most specific proven cause first. Never empty (`unknown` at worst).
    pub causes: Vec<Cause>,
    pub credentials: Credentials,
    /// `x-request-id`, `cf-ray`, `traceparent`, ... as the server sent them (header name lowercased).
    pub request_ids: BTreeMap<String, String>,
    #[serde(default)]
    pub cookies: CookiesView,
    #[serde(default)]
    pub clocks: Clocks,
    /// The redirect hops that led to this request, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Hop>,
    /// The server's own words about the failure (its main message), masked and cut: shown
    /// with every finding, whatever the causes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_said: Option<ServerSaid>,
}

/// What the server said, and where it said it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerSaid {
    /// `JSON field "message"`, `the body`, `error_description of the WWW-Authenticate challenge`.
    pub place: String,
    /// The text, secrets masked, cut to about 300 characters.
    pub text: MaskedText,
}

/// The credentials in play, decoded and masked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    /// The request's `Authorization` header (or `Proxy-Authorization` for a 407).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_authorization: Option<AuthView>,
    /// JWTs found in cookies, by cookie name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookie_tokens: Vec<CookieToken>,
    /// Other credentials in cookies, recognised by format: signed sessions (decoded),
    /// encrypted cookies and opaque ids (recognised only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<SessionView>,
    /// API keys and tokens sent outside Authorization and Cookie (a header of their own, or
    /// the query string), masked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_keys: Vec<ApiKeyView>,
}

/// An API key or token sent in a header of its own or in the query string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    /// "header X-Api-Key", "query parameter api_key".
    pub place: String,
    /// The key as a placeholder with its length: "‹key #1› (32 bytes)".
    pub masked: String,
    /// What it is, when its published prefix says (GitHub token, Stripe test key, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognised: Option<SessionView>,
}

/// A non-JWT credential, recognised by its format (decoded, never verified).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    /// The cookie's name; empty for a bare value (an Authorization credential, a paste).
    pub cookie: String,
    /// What it is: "Flask / itsdangerous signed session", "Stripe secret key", ...
    pub kind: String,
    /// The family id (`itsdangerous`, `django`, `cookie-signature`, `cookie-session`,
    /// `tornado`, `json`, `rails`, `laravel`, `aspnetcore`, `aspnetcore-chunks`, `paseto`,
    /// `opaque-id`, `api-key`).
    pub family: String,
    /// True when the content could be read.
    pub readable: bool,
    /// The readable content (decoded JSON), or null.
    #[serde(default)]
    pub payload: serde_json::Value,
    /// Its own times (`iat`: issued / signed at; `exp`) read against the clocks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub times: Vec<TimeView>,
    /// "masked (20 bytes)" when there is a signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The secret part (session id, key) as a placeholder with its length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// `test` / `live`, where a key's prefix says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// What cannot be read and why, parts missing, what the prefix means.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The issuer's documentation of the format (API keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// An Authorization-style header, decoded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthView {
    /// The scheme as sent (`Bearer`, `Basic`, ...), empty when there was none.
    pub scheme: String,
    /// The header value with secrets masked, safe to show and copy.
    pub masked: String,
    /// Basic user name (the password is never carried, only its length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_password_len: Option<usize>,
    /// The bearer token, decoded, when it is a JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenView>,
    /// The credential, when it is not a JWT but a recognised format (an API key, PASETO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionView>,
    /// What is wrong with the header's shape, in plain words, with the byte offset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// A JWT in a cookie.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CookieToken {
    pub cookie: String,
    pub token: TokenView,
}

/// A decoded (never verified) JWT.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenView {
    /// JOSE header as decoded JSON (object), or null when it did not decode.
    pub header: serde_json::Value,
    /// Claims as decoded JSON (object), or null (JWE, broken).
    pub claims: serde_json::Value,
    /// `exp`, `nbf`, `iat` with their readings.
    pub times: Vec<TimeView>,
    /// "masked (342 bytes)", "empty", or "encrypted (JWE)".
    pub signature: String,
    /// True for a 5-segment JWE: claims cannot be read without the key.
    #[serde(default)]
    pub encrypted: bool,
    /// What a reviewer would flag: `alg: none`, no `exp`, `exp` years ahead, ...
    pub unusual: Vec<String>,
    /// Neutral facts worth reading, never a cause by themselves: who issued the token and
    /// for whom ("issued by login.example.com, another host than the API").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
    /// Why it did not decode, when it did not, pointing at the segment and byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One time claim and how it reads against the clocks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeView {
    /// `exp`, `nbf` or `iat`.
    pub claim: String,
    /// Unix seconds as in the token.
    pub value: f64,
    /// `2026-11-25 14:02:00 UTC`.
    pub utc: String,
    /// "3 h ago" / "in 5 min", against `Ctx::now`.
    pub from_now: String,
    /// Against the failing request's client time, when known: "expired 3 h before the request".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_request: Option<String>,
    /// Against the server's `Date`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_server: Option<String>,
}

/// Cookies the request carried, and the site's cookies it did not carry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CookiesView {
    pub sent: Vec<SentCookie>,
    pub not_sent: Vec<NotSentCookie>,
    /// Size of the Cookie header in bytes.
    #[serde(default)]
    pub header_bytes: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SentCookie {
    pub name: String,
    /// Masked value ("‹cookie #2› (32 bytes)"); never the value itself.
    pub value_masked: String,
    pub bytes: usize,
    /// Where it came from, when the jar or Set-Cookie history tells: domain and path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NotSentCookie {
    pub name: String,
    pub domain: String,
    pub path: String,
    /// The attribute that explains it: "Secure on plain http", "SameSite=Lax on a cross-site fetch", ...
    pub reason: String,
}

/// The clocks that bear on the failure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Clocks {
    /// The client's clock when it sent the request, Unix ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ms: Option<f64>,
    /// The server's `Date` header, Unix ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_ms: Option<f64>,
    /// server - client, ms (positive: the server is ahead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skew_ms: Option<f64>,
}

/// One redirect hop before the failing request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    pub url: MaskedUrl,
    pub status: i64,
    /// Whether this hop's request carried an Authorization header.
    pub had_authorization: bool,
}
