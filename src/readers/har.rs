//! HAR 1.2 reader: Chrome/Edge DevTools, Firefox DevTools, Playwright, proxies → [`Capture`].
//!
//! Streaming and lenient: entries are converted one at a time while the JSON is read
//! (no `serde_json::Value` of the whole file), strings are borrowed from the input where
//! possible, response bodies keep only their first bytes, and a field of the wrong type is
//! treated as absent rather than failing the file. Only broken JSON, or JSON that is not a
//! HAR, is an error ([`HarError`], with line and column).
//!
//! Sanitized exports: Chrome (since 130, by default) drops `Cookie`, `Set-Cookie` and
//! `Authorization` headers and empties the `cookies` arrays. [`parse_har`] sets
//! [`Capture::sanitized`] and adds a note when it sees that (see [`detect_sanitized`]).

use crate::model::{limits, Capture, Entry, Header, Source};
use crate::parse::{date, url};
use base64::Engine as _;
use serde::de::DeserializeSeed;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

mod lenient;
mod shape;

use lenient::{Headers, Text};
use shape::{RawEntry, TopSeed};

/// Entries read per HAR; later entries are counted in a note. Keeps memory bounded for
/// adversarial files of tiny entries.
pub const MAX_ENTRIES: usize = 500_000;
/// Body bytes kept for responses below 400 (history only; failures keep [`limits::MAX_BODY`]).
pub const HISTORY_BODY: usize = 1024;
/// Bytes of `content.text` read before decoding: enough base64 for `MAX_BODY` bytes.
const RAW_TEXT_CAP: usize = (limits::MAX_BODY / 3 + 2) * 4 + 64;
/// Entry indices listed in a note before "…".
const NOTE_LIST: usize = 8;

/// Why a text is not a readable HAR.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HarError {
    /// Nothing but whitespace.
    Empty,
    /// NUL or other control bytes: not text at all.
    Binary,
    /// Larger than [`limits::MAX_INPUT_BYTES`].
    TooLarge { bytes: usize },
    /// The JSON stops before it is complete (a cut-short export or download).
    Truncated { line: usize, column: usize },
    /// Not JSON, or broken JSON, at this line and column (1-based).
    Syntax {
        line: usize,
        column: usize,
        message: String,
        start: String,
    },
    /// Valid JSON without `log.entries`. `found` describes what it is instead.
    NotHar { found: String },
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarError::Empty => f.write_str("The input is empty: there is no HAR to read."),
            HarError::Binary => f.write_str(
                "This looks like binary data, not a HAR or text. Export the HAR again from the \
                 browser's Network panel (it is a JSON text file ending in .har).",
            ),
            HarError::TooLarge { bytes } => write!(
                f,
                "The input is {} MB; why401 reads at most {} MB. Export only the requests around \
                 the failure (clear the Network panel, reproduce, export).",
                bytes / (1024 * 1024),
                limits::MAX_INPUT_BYTES / (1024 * 1024)
            ),
            HarError::Truncated { line, column } => write!(
                f,
                "The file is not complete JSON: it ends at line {line}, column {column}. Was the \
                 export cut short? Export the HAR again and check that the download finished."
            ),
            HarError::Syntax {
                line,
                column,
                message,
                start,
            } => {
                if *line == 1 && *column <= 1 {
                    write!(
                        f,
                        "This is not a HAR file: a HAR is JSON and starts with '{{', but this starts \
                         with {start:?}."
                    )
                } else {
                    write!(
                        f,
                        "The file is not valid JSON at line {line}, column {column}: {message}. \
                         Was it edited by hand? Export the HAR again."
                    )
                }
            }
            HarError::NotHar { found } => write!(
                f,
                "This is JSON but not a HAR file: there is no log.entries ({found}). Export it \
                 from the browser's Network panel with \"Save all as HAR\" / \"Export HAR\"."
            ),
        }
    }
}

impl std::error::Error for HarError {}

/// Reads a HAR text. Tolerates missing or mistyped fields; see the module doc.
pub fn parse_har(text: &str) -> Result<Capture, HarError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(HarError::TooLarge { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(HarError::Empty);
    }
    if looks_binary(text) {
        return Err(HarError::Binary);
    }
    let mut st = State::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let res = TopSeed { st: &mut st }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(e) = res {
        return Err(json_error(&e, text));
    }
    if !st.saw_entries {
        return Err(HarError::NotHar {
            found: st.describe_top(),
        });
    }
    Ok(st.finish())
}

/// True when the first KiB holds NUL or many control characters (not text).
pub fn looks_binary(text: &str) -> bool {
    let mut n = 0usize;
    let mut ctrl = 0usize;
    for c in text.chars().take(1024) {
        n += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            ctrl += 1;
        }
    }
    n > 0 && ctrl * 10 > n
}

fn json_error(e: &serde_json::Error, text: &str) -> HarError {
    let (line, column) = (e.line(), e.column());
    match e.classify() {
        serde_json::error::Category::Eof => HarError::Truncated { line, column },
        _ => {
            let mut message = e.to_string();
            // serde_json appends " at line L column C"; we say it ourselves.
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            let start: String = text.trim_start().chars().take(40).collect();
            HarError::Syntax {
                line,
                column,
                message,
                start,
            }
        }
    }
}

// ---- reading state ---------------------------------------------------------------------

#[derive(Default)]
struct State {
    entries: Vec<Entry>,
    pagerefs: Vec<Option<String>>,
    /// Per entry: looks like the page's document (resource type document or HTML).
    is_doc: Vec<bool>,
    pages: Vec<(String, String)>,
    creator: String,
    seen: usize,
    saw_log: bool,
    saw_entries: bool,
    top_keys: Vec<String>,
    top_kind: &'static str,
    no_request: Vec<usize>,
    no_request_count: usize,
    cut_values: Vec<usize>,
    cut_values_count: usize,
    many_headers: Vec<usize>,
    many_headers_count: usize,
    over_max: usize,
    san: SanitizeSigns,
    /// The last initiator URL and its origin (most entries share a few script URLs).
    last_origin: Option<(String, Option<String>)>,
}

/// What [`detect_sanitized`] looks at, gathered while reading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SanitizeSigns {
    /// Cookie, Authorization, Proxy-Authorization request headers and Set-Cookie response headers.
    pub credential_headers: usize,
    /// Of those, values that read like a redaction ("REDACTED", "[sanitized]", "****").
    pub redacted_values: usize,
    /// Any non-empty `request.cookies` / `response.cookies` array.
    pub cookie_arrays: usize,
    /// HTTP/1.x requests whose `headersSize` matches the listed headers: nothing was removed
    /// from them. (Chrome records no request size; a response that matches proves nothing
    /// about the request's Cookie or Authorization.)
    pub request_sizes_match: usize,
    /// HTTP/1.x messages whose `headersSize` is larger than the listed headers by a header's worth.
    pub sizes_gap: usize,
    /// Entries with status 401 or 407.
    pub auth_failures: usize,
    pub entries: usize,
}

/// Sanitized-export verdict and the note that explains it; `None` when not sanitized.
pub fn detect_sanitized(creator: &str, s: &SanitizeSigns) -> Option<String> {
    const HOW: &str = "To export with them in Chrome or Edge: DevTools → Settings (⚙) → Preferences → \
        Network → tick \"Allow to generate HAR with sensitive data\", then in the Network panel use \
        Export HAR → \"Export HAR (with sensitive data)…\". Firefox's \"Save All As HAR\" includes them. \
        Such a file holds your session: share it only with people you trust, or use why401 locally.";
    if s.entries == 0 {
        return None;
    }
    if s.credential_headers > 0 {
        if s.redacted_values == s.credential_headers {
            return Some(format!(
                "The credentials in this HAR were replaced by placeholders (\"REDACTED\" or similar), \
                 so why401 cannot tell whether they were valid. {HOW}"
            ));
        }
        return None;
    }
    if s.cookie_arrays > 0 {
        return None;
    }
    let chromium = {
        let c = creator.to_ascii_lowercase();
        c.contains("webinspector")
            || c.contains("chrome")
            || c.contains("edge")
            || c.contains("chromium")
    };
    let proven = s.sizes_gap > 0;
    let likely = s.request_sizes_match == 0 && chromium;
    if proven || likely {
        let how_known = if proven {
            "the header sizes it records are larger than the headers it lists"
        } else {
            "Chrome exports without them unless told otherwise"
        };
        Some(format!(
            "This HAR was exported without credentials (sanitized): it has no Cookie, Set-Cookie or \
             Authorization headers anywhere, and {how_known}. Absent credentials prove nothing here, \
             so causes that depend on them are uncertain. {HOW}"
        ))
    } else {
        None
    }
}

impl State {
    fn describe_top(&self) -> String {
        if !self.top_kind.is_empty() && self.top_kind != "object" {
            return format!("the top level is {}", self.top_kind);
        }
        if self.saw_log {
            return "it has \"log\" but no \"entries\" in it".into();
        }
        if self.top_keys.is_empty() {
            "the top-level object is empty".into()
        } else {
            let keys: Vec<String> = self.top_keys.iter().map(|k| format!("{k:?}")).collect();
            format!("its top-level keys are {}", keys.join(", "))
        }
    }

    fn finish(mut self) -> Capture {
        let mut notes = Vec::new();
        // Pages: document URL from the title when it is a URL (Chrome), else the first
        // document-like entry of the page (Firefox, Playwright write the document title).
        let mut page_url: HashMap<&str, String> = HashMap::new();
        for (id, title) in &self.pages {
            if is_http_url(title) {
                page_url.insert(id.as_str(), title.clone());
            }
        }
        for (i, pr) in self.pagerefs.iter().enumerate() {
            if let (Some(pr), Some(e)) = (pr, self.entries.get(i)) {
                if self.is_doc.get(i).copied().unwrap_or(false)
                    && !page_url.contains_key(pr.as_str())
                {
                    page_url.insert(pr.as_str(), e.url.clone());
                }
            }
        }
        for (i, pr) in self.pagerefs.iter().enumerate() {
            if let (Some(pr), Some(e)) = (pr, self.entries.get_mut(i)) {
                if let Some(u) = page_url.get(pr.as_str()) {
                    e.document_url = Some(u.clone());
                }
            }
        }
        // Entries in the order the client sent them (stable; only when all have a time).
        let sorted = self
            .entries
            .windows(2)
            .all(|w| match (w[0].started_ms, w[1].started_ms) {
                (Some(a), Some(b)) => a <= b,
                _ => true,
            });
        if !sorted && self.entries.iter().all(|e| e.started_ms.is_some()) {
            crate::sort::sort_by(&mut self.entries, |a, b| {
                a.started_ms
                    .unwrap_or(0.0)
                    .partial_cmp(&b.started_ms.unwrap_or(0.0))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        }
        if self.no_request_count > 0 {
            notes.push(format!(
                "Skipped {} HAR entr{} without a request ({}).",
                self.no_request_count,
                if self.no_request_count == 1 {
                    "y"
                } else {
                    "ies"
                },
                list_entries(&self.no_request, self.no_request_count)
            ));
        }
        if self.cut_values_count > 0 {
            notes.push(format!(
                "{} header value{} longer than {} KiB {} cut ({}).",
                self.cut_values_count,
                if self.cut_values_count == 1 { "" } else { "s" },
                limits::MAX_HEADER_VALUE / 1024,
                if self.cut_values_count == 1 {
                    "was"
                } else {
                    "were"
                },
                list_entries(&self.cut_values, self.cut_values_count)
            ));
        }
        if self.many_headers_count > 0 {
            notes.push(format!(
                "{} request{} or response{} had more than {} headers; the rest were not read ({}).",
                self.many_headers_count,
                if self.many_headers_count == 1 {
                    ""
                } else {
                    "s"
                },
                if self.many_headers_count == 1 {
                    ""
                } else {
                    "s"
                },
                limits::MAX_HEADERS,
                list_entries(&self.many_headers, self.many_headers_count)
            ));
        }
        if self.over_max > 0 {
            notes.push(format!(
                "Only the first {MAX_ENTRIES} entries were read; {} more were skipped.",
                self.over_max
            ));
        }
        let sanitized_note = detect_sanitized(&self.creator, &self.san);
        let sanitized = sanitized_note.is_some();
        if let Some(n) = sanitized_note {
            notes.insert(0, n);
        }
        Capture {
            source: Source::Har {
                creator: self.creator,
            },
            entries: self.entries,
            jar: None,
            client_now_ms: None,
            sanitized,
            notes,
        }
    }

    fn origin_of(&mut self, u: String) -> Option<String> {
        if let Some((last, origin)) = &self.last_origin {
            if *last == u {
                return origin.clone();
            }
        }
        let origin = url::parse_url(&u).map(|p| p.origin());
        self.last_origin = Some((u, origin.clone()));
        origin
    }

    fn add(&mut self, raw: RawEntry<'_>) {
        let index = self.seen;
        self.seen += 1;
        if self.entries.len() >= MAX_ENTRIES {
            self.over_max += 1;
            return;
        }
        let Some(req) = raw.request else {
            self.no_request_count += 1;
            push_capped(&mut self.no_request, index);
            return;
        };
        let mut cut = false;
        let mut many = req.headers.total > limits::MAX_HEADERS;
        let request_headers = convert_headers(&req.headers, &mut cut);
        let resp = raw.response.unwrap_or_default();
        many |= resp.headers.total > limits::MAX_HEADERS;
        let response_headers = convert_headers(&resp.headers, &mut cut);
        if cut {
            self.cut_values_count += 1;
            push_capped(&mut self.cut_values, index);
        }
        if many {
            self.many_headers_count += 1;
            push_capped(&mut self.many_headers, index);
        }
        let status = resp
            .status
            .0
            .filter(|s| s.is_finite())
            .map(|s| s as i64)
            .unwrap_or(0);
        let method = text(&req.method);
        let url = text(&req.url);

        // Sanitize signs.
        let s = &mut self.san;
        s.entries += 1;
        if status == 401 || status == 407 {
            s.auth_failures += 1;
        }
        for h in &request_headers {
            if is_named(&h.name, &["cookie", "authorization", "proxy-authorization"]) {
                s.credential_headers += 1;
                s.redacted_values += usize::from(looks_redacted(&h.value));
            }
        }
        for h in &response_headers {
            if is_named(&h.name, &["set-cookie"]) {
                s.credential_headers += 1;
                s.redacted_values += usize::from(looks_redacted(&h.value));
            }
        }
        s.cookie_arrays += usize::from(req.cookies.0 > 0) + usize::from(resp.cookies.0 > 0);
        let req_line =
            method.len() + 1 + request_target(&url).len() + 1 + text(&req.http_version).len() + 2;
        size_sign(
            s,
            true,
            &req.http_version,
            req.headers_size.0,
            req_line,
            &req.headers,
        );
        let status_line =
            text(&resp.http_version).len() + 1 + 3 + 1 + text(&resp.status_text).len() + 2;
        size_sign(
            s,
            false,
            &resp.http_version,
            resp.headers_size.0,
            status_line,
            &resp.headers,
        );

        let content = resp.content.unwrap_or_default();
        let mime = content.mime_type.0.as_deref().unwrap_or("");
        let cap = if status >= 400 || status <= 0 {
            limits::MAX_BODY
        } else {
            HISTORY_BODY
        };
        let response_body = body_text(content.text.0, content.encoding.0.as_deref(), mime, cap);
        let request_body = req
            .post_data
            .and_then(|p| p.text.0)
            .map(|t| cut_str(&t, limits::MAX_REQUEST_BODY).to_string());
        let resource_type = non_empty(&raw.resource_type);
        let is_doc = resource_type.as_deref() == Some("document")
            || (resource_type.is_none() && mime.to_ascii_lowercase().starts_with("text/html"));
        let error = non_empty(&resp.error).or_else(|| non_empty(&raw.error));
        let initiator = raw
            .initiator
            .and_then(|i| i.url)
            .and_then(|u| self.origin_of(u));
        let started_ms = raw.started.0.as_deref().and_then(date::parse_iso8601);

        self.entries.push(Entry {
            index,
            started_ms,
            method: method.into_owned(),
            url: url.into_owned(),
            request_headers,
            request_headers_unseen: false,
            cookie_header_unseen: false,
            status,
            status_text: cut_str(&text(&resp.status_text), 1024).to_string(),
            response_headers,
            response_body,
            request_body,
            redirect_url: non_empty(&resp.redirect_url),
            error,
            resource_type,
            document_url: None,
            initiator,
            tab_id: None,
            // A HAR records only what was sent: nothing to compare.
            header_changes: Vec::new(),
            refresh: None,
        });
        self.pagerefs.push(non_empty(&raw.pageref));
        self.is_doc.push(is_doc);
    }
}

fn push_capped(list: &mut Vec<usize>, i: usize) {
    if list.len() < NOTE_LIST {
        list.push(i);
    }
}

fn list_entries(list: &[usize], count: usize) -> String {
    let items: Vec<String> = list.iter().map(|i| i.to_string()).collect();
    let more = if count > list.len() { ", …" } else { "" };
    format!(
        "entr{} {}{more}",
        if count == 1 { "y" } else { "ies" },
        items.join(", ")
    )
}

fn is_named(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| name.eq_ignore_ascii_case(n))
}

fn looks_redacted(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    v.contains("redact")
        || v.contains("sanitiz")
        || v.contains("***")
        || v.contains("[hidden]")
        || v.contains("<hidden>")
        || v.contains("[removed]")
}

/// Compares an HTTP/1.x message's recorded `headersSize` with the headers listed.
fn size_sign(
    s: &mut SanitizeSigns,
    is_request: bool,
    version: &Text<'_>,
    size: Option<f64>,
    start_line: usize,
    h: &Headers<'_>,
) {
    let v = text(version);
    if !v.to_ascii_uppercase().starts_with("HTTP/1") || h.total > limits::MAX_HEADERS {
        return;
    }
    let Some(size) = size.filter(|s| s.is_finite() && *s > 0.0) else {
        return;
    };
    let expected = (start_line + h.bytes + 2) as f64;
    let gap = size - expected;
    if gap.abs() <= 8.0 {
        s.request_sizes_match += usize::from(is_request);
    } else if gap >= 12.0 {
        s.sizes_gap += 1;
    }
}

/// Path and query of a URL (what an HTTP/1.1 request line carries); "/" when unknown.
fn request_target(u: &str) -> &str {
    let u = u.split('#').next().unwrap_or(u);
    match u.find("://") {
        Some(i) => {
            let rest = &u[i + 3..];
            match rest.find('/') {
                Some(j) => &rest[j..],
                None => "/",
            }
        }
        None => u,
    }
}

fn is_http_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

fn text<'a>(t: &'a Text<'_>) -> Cow<'a, str> {
    match &t.0 {
        Some(c) => Cow::Borrowed(c.as_ref()),
        None => Cow::Borrowed(""),
    }
}

fn non_empty(t: &Text<'_>) -> Option<String> {
    t.0.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| cut_str(s, limits::MAX_HEADER_VALUE).to_string())
}

pub use crate::parse::cut as cut_str;

fn convert_headers(h: &Headers<'_>, cut: &mut bool) -> Vec<Header> {
    h.list
        .iter()
        .map(|(n, v)| {
            let value = if v.len() > limits::MAX_HEADER_VALUE {
                *cut = true;
                cut_str(v, limits::MAX_HEADER_VALUE)
            } else {
                v.as_ref()
            };
            Header::new(cut_str(n, 1024), value)
        })
        .collect()
}

/// Body text: plain text cut to `cap` bytes, or base64 decoded when it decodes to UTF-8 text.
fn body_text(
    text: Option<String>,
    encoding: Option<&str>,
    mime: &str,
    cap: usize,
) -> Option<String> {
    let t = text?;
    if encoding.is_some_and(|e| e.trim().eq_ignore_ascii_case("base64")) {
        if !is_textual(mime) {
            return None;
        }
        let compact: String = t.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let need = cap.div_ceil(3) * 4;
        let take = if compact.len() <= need {
            compact.len()
        } else {
            need
        };
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
                .with_decode_allow_trailing_bits(true),
        );
        let bytes = engine.decode(compact.get(..take)?).ok()?;
        let bytes = bytes.get(..cap.min(bytes.len()))?;
        return match std::str::from_utf8(bytes) {
            Ok(s) => Some(s.to_string()),
            // A char cut at the end is fine; an invalid byte inside is not text.
            Err(e) if e.error_len().is_none() => {
                Some(String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned())
            }
            Err(_) => None,
        };
    }
    Some(cut_str(&t, cap).to_string())
}

fn is_textual(mime: &str) -> bool {
    let m = mime.to_ascii_lowercase();
    m.is_empty()
        || m.starts_with("text/")
        || [
            "json",
            "xml",
            "javascript",
            "html",
            "x-www-form-urlencoded",
            "problem",
        ]
        .iter()
        .any(|k| m.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A Chrome DevTools export ("Export HAR (with sensitive data)") trimmed to what matters.
    const CHROME: &str = r#"{
  "log": {
    "version": "1.2",
    "creator": { "name": "WebInspector", "version": "537.36" },
    "pages": [{ "startedDateTime": "2026-11-25T14:01:58.120Z", "id": "page_1",
                "title": "https://app.example.com/dashboard", "pageTimings": {} }],
    "entries": [
      {
        "_initiator": { "type": "script", "stack": { "callFrames": [
            { "functionName": "load", "scriptId": "12", "url": "https://app.example.com/static/app.js",
              "lineNumber": 10, "columnNumber": 4 } ] } },
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
          "method": "GET",
          "url": "https://api.example.com/v1/me",
          "httpVersion": "http/2.0",
          "headers": [
            { "name": ":authority", "value": "api.example.com" },
            { "name": "authorization", "value": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln" },
            { "name": "origin", "value": "https://app.example.com" }
          ],
          "queryString": [],
          "cookies": [],
          "headersSize": -1,
          "bodySize": 0
        },
        "response": {
          "status": 401,
          "statusText": "",
          "httpVersion": "http/2.0",
          "headers": [
            { "name": "www-authenticate", "value": "Bearer error=\"invalid_token\"" },
            { "name": "date", "value": "Wed, 25 Nov 2026 14:02:00 GMT" }
          ],
          "cookies": [],
          "content": { "size": 27, "mimeType": "application/json", "text": "{\"error\":\"invalid_token\"}" },
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": -1,
          "_transferSize": 120,
          "_error": null
        },
        "serverIPAddress": "203.0.113.7",
        "startedDateTime": "2026-11-25T14:02:00.000Z",
        "time": 42.1,
        "timings": { "blocked": 1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 40, "receive": 1 }
      },
      {
        "_resourceType": "preflight",
        "request": { "method": "OPTIONS", "url": "https://api.example.com/v1/x", "headers": [] },
        "response": { "status": 0, "statusText": "", "headers": [], "content": {}, "_error": "net::ERR_FAILED" },
        "startedDateTime": "2026-11-25T14:02:01.000Z"
      }
    ]
  }
}"#;

    #[test]
    fn chrome_export_reads() {
        let c = parse_har(CHROME).unwrap();
        assert_eq!(
            c.source,
            Source::Har {
                creator: "WebInspector".into()
            }
        );
        assert_eq!(c.entries.len(), 2);
        let e = &c.entries[0];
        assert_eq!((e.index, e.method.as_str(), e.status), (0, "GET", 401));
        assert_eq!(e.url, "https://api.example.com/v1/me");
        assert_eq!(
            e.request_header("Authorization"),
            Some("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")
        );
        assert_eq!(
            e.response_header("WWW-Authenticate"),
            Some("Bearer error=\"invalid_token\"")
        );
        assert_eq!(
            e.response_body.as_deref(),
            Some("{\"error\":\"invalid_token\"}")
        );
        assert_eq!(e.resource_type.as_deref(), Some("fetch"));
        assert_eq!(
            e.document_url.as_deref(),
            Some("https://app.example.com/dashboard")
        );
        assert_eq!(e.initiator.as_deref(), Some("https://app.example.com"));
        assert_eq!(e.error, None, "_error: null is absent");
        assert_eq!(e.redirect_url, None, "empty redirectURL is absent");
        let f = &c.entries[1];
        assert_eq!((f.status, f.error.as_deref()), (0, Some("net::ERR_FAILED")));
        assert_eq!(f.resource_type.as_deref(), Some("preflight"));
        assert!(!c.sanitized, "an Authorization header is present");
        assert!(c.notes.is_empty(), "{:?}", c.notes);
    }

    #[test]
    fn firefox_export_reads() {
        let ff = r#"{"log":{"version":"1.2","creator":{"name":"Firefox","version":"128.0"},
          "browser":{"name":"Firefox","version":"128.0"},
          "pages":[{"startedDateTime":"2026-11-25T15:01:58.120+01:00","id":"page_1","title":"Dashboard – Example"}],
          "entries":[
           {"pageref":"page_1","startedDateTime":"2026-11-25T15:01:58.200+01:00",
            "request":{"bodySize":0,"method":"GET","url":"https://app.example.com/dashboard","httpVersion":"HTTP/2",
              "headers":[{"name":"Host","value":"app.example.com"},{"name":"Cookie","value":"sid=abc"}],
              "cookies":[{"name":"sid","value":"abc"}],"queryString":[],"headersSize":300},
            "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/2",
              "headers":[{"name":"content-type","value":"text/html; charset=utf-8"}],"cookies":[],
              "content":{"mimeType":"text/html; charset=utf-8","size":5,"text":"PGh0bWw+","encoding":"base64"},
              "redirectURL":"","headersSize":100,"bodySize":5},
            "cache":{},"timings":{"blocked":0,"dns":0,"connect":0,"ssl":0,"send":0,"wait":10,"receive":0},"time":10},
           {"pageref":"page_1","startedDateTime":"2026-11-25T15:01:59.000+01:00",
            "request":{"method":"GET","url":"https://app.example.com/api/me","httpVersion":"HTTP/2",
              "headers":[{"name":"Cookie","value":"sid=abc"}],"cookies":[],"headersSize":200},
            "response":{"status":401,"statusText":"Unauthorized","httpVersion":"HTTP/2",
              "headers":[{"name":"set-cookie","value":"sid=; Max-Age=0; Path=/"}],"cookies":[],
              "content":{"mimeType":"application/json","size":2,"text":"{}"},"redirectURL":""}}]}}"#;
        let c = parse_har(ff).unwrap();
        assert_eq!(c.entries.len(), 2);
        assert_eq!(
            c.entries[0].response_body.as_deref(),
            Some("<html>"),
            "base64 text is decoded"
        );
        // Firefox titles are document titles: the page's document entry gives the URL.
        assert_eq!(
            c.entries[1].document_url.as_deref(),
            Some("https://app.example.com/dashboard")
        );
        assert_eq!(c.entries[1].status_text, "Unauthorized");
        assert!(!c.sanitized);
    }

    fn one_entry(creator: &str, req_headers: &str, resp_headers: &str, extra_req: &str) -> String {
        entry_sized(creator, req_headers, resp_headers, extra_req, "")
    }

    fn entry_sized(
        creator: &str,
        req_headers: &str,
        resp_headers: &str,
        extra_req: &str,
        extra_resp: &str,
    ) -> String {
        format!(
            r#"{{"log":{{"creator":{{"name":"{creator}"}},"entries":[{{
              "request":{{"method":"GET","url":"http://localhost:8080/api","httpVersion":"HTTP/1.1",
                 "headers":[{req_headers}],"cookies":[]{extra_req}}},
              "response":{{"status":401,"statusText":"Unauthorized","httpVersion":"HTTP/1.1",
                 "headers":[{resp_headers}],"cookies":[],"content":{{"size":0,"mimeType":"x-unknown"}},"redirectURL":""{extra_resp}}}}}]}}}}"#
        )
    }

    #[test]
    fn sanitized_detection_table() {
        let host = r#"{"name":"Host","value":"localhost:8080"}"#;
        // "GET /api HTTP/1.1\r\n" (19) + "Host: localhost:8080\r\n" (22) + "\r\n" (2) = 43.
        let rows: &[(&str, String, bool, &str)] = &[
            (
                "chrome, nothing credential-like, no sizes",
                one_entry("WebInspector", host, "", ""),
                true,
                "sanitized",
            ),
            (
                "chrome, sizes match the listed headers",
                one_entry("WebInspector", host, "", r#","headersSize":43"#),
                false,
                "",
            ),
            (
                // "HTTP/1.1 401 Unauthorized\r\n" (27) + "\r\n" (2) = 29: says nothing of the request.
                "chrome, only the response size matches",
                entry_sized("WebInspector", host, "", "", r#","headersSize":29"#),
                true,
                "Chrome exports without them",
            ),
            (
                "response larger than its headers: Set-Cookie removed",
                entry_sized("Firefox", host, "", "", r#","headersSize":75"#),
                true,
                "header sizes",
            ),
            (
                "playwright never sanitizes",
                one_entry("Playwright", host, "", ""),
                false,
                "",
            ),
            (
                "size gap proves removal, any creator",
                one_entry("Firefox", host, "", r#","headersSize":70"#),
                true,
                "header sizes",
            ),
            (
                "cookie present",
                one_entry("WebInspector", r#"{"name":"Cookie","value":"a=b"}"#, "", ""),
                false,
                "",
            ),
            (
                "redacted values",
                one_entry(
                    "Dev Proxy",
                    r#"{"name":"Authorization","value":"REDACTED"}"#,
                    "",
                    "",
                ),
                true,
                "placeholders",
            ),
            (
                "set-cookie present",
                one_entry(
                    "WebInspector",
                    host,
                    r#"{"name":"Set-Cookie","value":"a=b"}"#,
                    "",
                ),
                false,
                "",
            ),
        ];
        for (what, har, expect, note) in rows {
            let c = parse_har(har).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(c.sanitized, *expect, "{what}: {:?}", c.notes);
            if *expect {
                assert!(c.notes[0].contains(note), "{what}: {:?}", c.notes);
                assert!(
                    c.notes[0].contains("Allow to generate HAR with sensitive data"),
                    "{what}"
                );
            }
        }
    }

    #[test]
    fn errors_say_where_and_what() {
        let cut = &CHROME[..CHROME.len() / 2];
        match parse_har(cut) {
            Err(HarError::Truncated { line, .. }) => assert!(line > 10),
            other => panic!("{other:?}"),
        }
        let msg = parse_har(cut).unwrap_err().to_string();
        assert!(
            msg.contains("not complete JSON") && msg.contains("line"),
            "{msg}"
        );
        assert_eq!(parse_har("  \n"), Err(HarError::Empty));
        assert_eq!(parse_har("\u{0}\u{1}PK\u{3}"), Err(HarError::Binary));
        let m = parse_har("GET / HTTP/1.1\r\nHost: x\r\n")
            .unwrap_err()
            .to_string();
        assert!(
            m.contains("not a HAR") && m.contains("GET / HTTP/1.1"),
            "{m}"
        );
        let m = parse_har(r#"{"foo": 1, "bar": []}"#)
            .unwrap_err()
            .to_string();
        assert!(m.contains("no log.entries") && m.contains("\"foo\""), "{m}");
        let m = parse_har(r#"{"log": {"version": "1.2"}}"#)
            .unwrap_err()
            .to_string();
        assert!(m.contains("no \"entries\""), "{m}");
        let m = parse_har("[1,2]").unwrap_err().to_string();
        assert!(m.contains("an array"), "{m}");
        match parse_har("{\"log\":{\"entries\":[}}") {
            Err(HarError::Syntax {
                line: 1, column, ..
            }) => assert!(column > 1),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tolerates_missing_and_mistyped_fields() {
        let har = r#"{"log":{"entries":[
            {},
            {"request": "nope"},
            {"request": {}},
            {"request": {"method": 7, "url": ["x"], "headers": {"X-A": "1", "X-B": null}},
             "response": {"status": "401", "headers": "none", "content": {"text": 5}}},
            {"request": {"url": "https://a.test/"}, "response": {"status": -1, "_error": "net::ERR_BLOCKED_BY_CLIENT"}},
            42
        ]}}"#;
        let c = parse_har(har).unwrap();
        assert_eq!(c.entries.len(), 3);
        assert_eq!(c.entries[0].index, 2);
        assert_eq!(c.entries[1].method, "7");
        assert_eq!(c.entries[1].url, "");
        assert_eq!(c.entries[1].status, 401);
        assert_eq!(
            c.entries[1].request_headers,
            vec![Header::new("X-A", "1"), Header::new("X-B", "")]
        );
        assert_eq!(c.entries[2].status, -1);
        assert!(
            c.notes
                .iter()
                .any(|n| n.starts_with("Skipped 3 HAR entries") && n.contains("0, 1, 5")),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn bounds_bodies_headers_and_values() {
        let big = "a".repeat(limits::MAX_HEADER_VALUE + 10);
        let many: Vec<String> = (0..limits::MAX_HEADERS + 5)
            .map(|i| format!(r#"{{"name":"X-{i}","value":"v"}}"#))
            .collect();
        let body = "é".repeat(limits::MAX_BODY);
        let har = format!(
            r#"{{"log":{{"entries":[{{"request":{{"url":"https://a.test/","headers":[{{"name":"Cookie","value":"{big}"}},{}]}},
               "response":{{"status":401,"content":{{"text":"{body}"}}}}}},
               {{"request":{{"url":"https://a.test/ok"}},"response":{{"status":200,"content":{{"text":"{body}"}}}}}}]}}}}"#,
            many.join(",")
        );
        let c = parse_har(&har).unwrap();
        let e = &c.entries[0];
        assert_eq!(e.request_headers.len(), limits::MAX_HEADERS);
        assert_eq!(e.request_headers[0].value.len(), limits::MAX_HEADER_VALUE);
        let b = e.response_body.as_deref().unwrap();
        assert!(
            b.len() <= limits::MAX_BODY
                && b.len() > limits::MAX_BODY - 2
                && b.chars().all(|c| c == 'é')
        );
        assert!(c.entries[1].response_body.as_deref().unwrap().len() <= HISTORY_BODY);
        assert!(
            c.notes
                .iter()
                .any(|n| n.contains("header value longer than 64 KiB was cut")),
            "{:?}",
            c.notes
        );
        assert!(
            c.notes.iter().any(|n| n.contains("more than 256 headers")),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn base64_bodies() {
        let rows = [
            ("aGVsbG8=", "text/plain", Some("hello")),
            ("aGVsbG8", "application/json", Some("hello")),
            ("/9j/4AAQ", "image/jpeg", None),
            ("//79", "text/plain", None),
            ("not base64!", "text/plain", None),
        ];
        for (b64, mime, want) in rows {
            assert_eq!(
                body_text(Some(b64.into()), Some("base64"), mime, 100).as_deref(),
                want,
                "{b64}"
            );
        }
    }

    #[test]
    fn escaped_strings_and_bom() {
        let har = "\u{feff}{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://a.test/\\u00e9\",\"headers\":[{\"name\":\"X\",\"value\":\"a\\\"b\"}]}}]}}";
        let c = parse_har(har).unwrap();
        assert_eq!(c.entries[0].url, "https://a.test/é");
        assert_eq!(c.entries[0].request_headers[0].value, "a\"b");
    }

    proptest! {
        #[test]
        fn never_panics_on_text(s in "\\PC{0,400}") {
            let _ = parse_har(&s);
        }

        #[test]
        fn never_panics_on_har_shaped_json(
            status in prop_oneof![Just("401".to_string()), Just("\"x\"".to_string()), Just("null".to_string()), "-?[0-9]{1,20}"],
            url in "\\PC{0,40}",
            name in "\\PC{0,10}",
            value in "\\PC{0,40}",
            text in "\\PC{0,40}",
            enc in prop_oneof![Just("base64"), Just(""), Just("gzip")],
            cut in 0usize..400,
        ) {
            let har = serde_json::json!({"log": {"creator": {"name": name}, "pages": [{"id": "p", "title": url}],
                "entries": [{"pageref": "p", "startedDateTime": value, "request": {"url": url, "method": name,
                "headers": [{"name": name, "value": value}], "cookies": [], "headersSize": status},
                "response": {"status": status, "headers": [{"name": value, "value": name}],
                "content": {"text": text, "encoding": enc, "mimeType": name}}}]}}).to_string();
            let har = har.replace("\"status\":\"401\"", "\"status\":401");
            let _ = parse_har(&har);
            let _ = parse_har(cut_str(&har, cut));
        }
    }
}
