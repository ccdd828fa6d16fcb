//! What the core is given: a capture of HTTP exchanges, however they were obtained
//! (a HAR file, pasted text, or the browser extension), and the context (`now`).
//!
//! Every type here is plain data and (de)serialises with serde: the extension sends a
//! [`Capture`] as JSON to the wasm core, the HAR and raw-text readers build one.

use serde::{Deserialize, Serialize};

/// Upper bounds that keep work and memory bounded for any input.
pub mod limits {
    /// Largest input the readers accept (bytes). Larger inputs are refused with a clear error.
    pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;
    /// Header values longer than this are cut (the cut is noted) before parsing.
    pub const MAX_HEADER_VALUE: usize = 64 * 1024;
    /// Headers kept per request or response.
    pub const MAX_HEADERS: usize = 256;
    /// Response body bytes kept for message matching.
    pub const MAX_BODY: usize = 16 * 1024;
    /// Request body bytes kept (form bodies of token refreshes); longer bodies are cut.
    pub const MAX_REQUEST_BODY: usize = 4 * 1024;
    /// 401/407 entries diagnosed per capture; the rest are counted in a note.
    pub const MAX_FINDINGS: usize = 5_000;
}

/// One header line as sent or received. Names keep their original case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

impl Header {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// Where a capture came from. It changes what absence means: a sanitized HAR has no
/// Cookie or Authorization headers even when the browser sent them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A HAR file; `creator` is `log.creator.name` (e.g. "WebInspector", "Firefox", "Playwright").
    Har { creator: String },
    /// Pasted or piped text: `curl -v` output or request/response header blocks.
    Raw,
    /// The browser extension (webRequest), which sees the real headers.
    Extension { browser: String },
    #[default]
    Unknown,
}

/// One HTTP request and its response (one HAR entry, one webRequest request id, one
/// redirect hop). Absent optional fields mean "not known", never "empty".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    /// Index in the source (`log.entries` index for a HAR; 0 for raw text).
    pub index: usize,
    /// When the client sent it, by the client's clock, Unix milliseconds.
    pub started_ms: Option<f64>,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<Header>,
    /// The source did not see this request's headers (the extension records them only for
    /// page and API requests, or it started while the request was in flight). Absent
    /// credentials then prove nothing.
    pub request_headers_unseen: bool,
    /// The source saw the request's headers but not its `Cookie` header (Chrome hides it from
    /// extensions that do not ask for `extraHeaders`). Which cookies went out is unknown.
    pub cookie_header_unseen: bool,
    /// HTTP status; 0 or -1 when the request was blocked or failed (HAR convention).
    pub status: i64,
    pub status_text: String,
    pub response_headers: Vec<Header>,
    /// Response body as text, cut to [`limits::MAX_BODY`]; `None` when not captured.
    pub response_body: Option<String>,
    /// Request body (HAR `postData.text`), cut to [`limits::MAX_REQUEST_BODY`]; `None`
    /// when not captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<String>,
    /// Location of a redirect response (HAR `redirectURL`).
    pub redirect_url: Option<String>,
    /// Network error text when the request failed (`net::ERR_FAILED`, HAR `_error`).
    pub error: Option<String>,
    /// `fetch`, `xhr`, `document`, `preflight`, ... when known.
    pub resource_type: Option<String>,
    /// URL of the top-level page that made the request (for same-site/cross-site).
    pub document_url: Option<String>,
    /// Origin that initiated the request, when known.
    pub initiator: Option<String>,
    /// Browser tab, when captured by the extension.
    pub tab_id: Option<i64>,
    /// Credential headers another extension added, removed or changed between the page's
    /// request and what left the browser (extension, full capture only; empty: none seen or
    /// not compared). Fingerprints only, never values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header_changes: Vec<HeaderChange>,
    /// The extension saw this request as a token refresh (a POST whose body had
    /// `grant_type=refresh_token`) and kept only a fingerprint of its refresh token, not the
    /// body. `None`: not seen as one (a HAR's refreshes are read from `request_body`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<RefreshSeen>,
}

/// A token refresh as the extension keeps it: which refresh token (by fingerprint) and its
/// length, never the token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshSeen {
    /// Fingerprint of the refresh token (the extension's `fingerprint`).
    pub token_print: String,
    /// The refresh token's length in characters.
    pub token_len: usize,
}

/// A credential header (`authorization`, `proxy-authorization` or `cookie`) that differs
/// between the page's request (`onBeforeSendHeaders`) and what was sent (`onSendHeaders`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HeaderChange {
    /// Lower-case header name.
    pub name: String,
    /// `"added"`, `"removed"` or `"changed"`.
    pub change: String,
    /// Fingerprint of the page's value (absent when added).
    pub before: Option<String>,
    /// Fingerprint of the value sent (absent when removed).
    pub after: Option<String>,
}

impl Entry {
    /// First request header with this name (case-insensitive).
    pub fn request_header(&self, name: &str) -> Option<&str> {
        first(&self.request_headers, name)
    }
    /// Every request header with this name, in order.
    pub fn request_headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        all(&self.request_headers, name)
    }
    /// First response header with this name (case-insensitive).
    pub fn response_header(&self, name: &str) -> Option<&str> {
        first(&self.response_headers, name)
    }
    /// Every response header with this name, in order.
    pub fn response_headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        all(&self.response_headers, name)
    }
    /// 401 or 407: the statuses why401 diagnoses.
    pub fn is_auth_failure(&self) -> bool {
        self.status == 401 || self.status == 407
    }
}

fn first<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn all<'a>(headers: &'a [Header], name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// A cookie as the browser's jar holds it (extension `cookies.getAll`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct JarCookie {
    pub name: String,
    pub value: String,
    pub domain: String,
    pub path: String,
    pub secure: bool,
    pub http_only: bool,
    /// `"no_restriction"`, `"lax"`, `"strict"` or `"unspecified"` (webextension names).
    pub same_site: Option<String>,
    pub host_only: bool,
    pub session: bool,
    /// Expiry, Unix seconds (webextension `expirationDate`).
    pub expiration_date: Option<f64>,
    pub store_id: Option<String>,
    /// `partitionKey.topLevelSite` when the cookie is partitioned (CHIPS).
    pub partition_key: Option<String>,
}

/// Everything captured around one or more failures. Entries are in the order the client
/// sent them; a failure is diagnosed with the entries before it as its history
/// (Set-Cookie history, redirect hops, preflights, earlier 401s).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Capture {
    pub source: Source,
    pub entries: Vec<Entry>,
    /// The site's cookie jar at the time of the failure, when the extension captured it.
    pub jar: Option<Vec<JarCookie>>,
    /// The client's clock when the capture was taken, Unix milliseconds.
    pub client_now_ms: Option<f64>,
    /// True when the source removed credentials (a HAR exported "sanitized": no Cookie,
    /// Set-Cookie or Authorization headers anywhere). Absence then proves nothing.
    pub sanitized: bool,
    /// Notes from reading the input (cut headers, sanitized export, skipped entries).
    pub notes: Vec<String>,
}

/// The context a diagnosis runs in. Time comes in here, never from `SystemTime`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ctx {
    /// Now, Unix milliseconds, by the machine running the diagnosis.
    pub now_ms: f64,
    /// Stack-specific knowledge to leave out (message-table stacks and gateway names), so a
    /// test can diagnose a fixture as a stack nobody has seen would be ("leave one stack
    /// out"). Empty in every real diagnosis.
    #[serde(skip)]
    pub without_stacks: &'static [&'static str],
}

impl Ctx {
    /// A context at `now_ms` with all knowledge in use.
    pub const fn at(now_ms: f64) -> Ctx {
        Ctx {
            now_ms,
            without_stacks: &[],
        }
    }
}
