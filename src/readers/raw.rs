//! Raw text reader: `curl -v` output and pasted header blocks → [`Capture`].
//!
//! Accepted shapes (CRLF or LF, in any mix):
//! - `curl -v` / `curl -vL` output: `* ` info lines, `> ` request lines, `< ` response lines,
//!   the body (unprefixed lines). Each request curl sends is one entry (redirects followed
//!   with `-L` give several, in order).
//! - Pasted blocks: a request (`GET /path HTTP/1.1` + headers) and/or a response
//!   (`HTTP/1.1 401 Unauthorized` + headers + optional body), in either order, blank lines
//!   between; a status line alone; bare header lines (classified by their names); Chrome's
//!   "General" lines (`Request URL:`, `Request Method:`, `Status Code:`); HTTP/2 pseudo-headers
//!   (`:status`, `:method`, `:path`, `:authority`, `:scheme`).
//!
//! The URL is rebuilt from what the text says, in this order: an absolute request target;
//! curl's HTTP/2 stream lines (`[:scheme: https]`, `OPENED stream for URL`) or
//! `Issue another request to this URL`; `Request URL:`; otherwise Host (or `:authority`,
//! or curl's `Connected to HOST ... port N`) + path, with the scheme taken from `:scheme`,
//! then the port (443 → https, 80 → http), then curl's TLS lines (`SSL connection`, `ALPN`).
//! Otherwise it is guessed, with a note: **https** when the Host has no port or a port ending
//! in 443 (8443, 9443), **http** for any other explicit port (a development server).
//!
//! Every exchange has `index` 0 (raw text has no entry numbers); they are in the order sent.

use crate::model::{limits, Capture, Entry, Header, Source};
use std::fmt;

/// Why a text is not readable as curl output or headers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RawError {
    Empty,
    Binary,
    TooLarge {
        bytes: usize,
    },
    /// No request line, status line or header line anywhere. `start` is the first line.
    NotRecognized {
        start: String,
    },
}

impl fmt::Display for RawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawError::Empty => f.write_str("The input is empty: paste `curl -v` output or the request and response headers."),
            RawError::Binary => f.write_str("This looks like binary data, not text. Paste `curl -v` output or the headers as text."),
            RawError::TooLarge { bytes } => write!(
                f,
                "The input is {} MB; why401 reads at most {} MB.",
                bytes / (1024 * 1024),
                limits::MAX_INPUT_BYTES / (1024 * 1024)
            ),
            RawError::NotRecognized { start } => write!(
                f,
                "No HTTP request, response or header line found (the text starts with {start:?}). \
                 Paste the output of `curl -v URL`, or the headers starting with a line like \
                 `GET /path HTTP/1.1` or `HTTP/1.1 401 Unauthorized`."
            ),
        }
    }
}

impl std::error::Error for RawError {}

/// Exchanges read from one text; more are counted in a note.
pub const MAX_EXCHANGES: usize = 10_000;

/// Reads `curl -v` output or pasted request/response header blocks.
pub fn parse_raw(text: &str) -> Result<Capture, RawError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(RawError::TooLarge { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(RawError::Empty);
    }
    if crate::har::looks_binary(text) {
        return Err(RawError::Binary);
    }
    let mut r = Reader::default();
    if is_curl(text) {
        r.read_curl(text);
    } else {
        r.read_blocks(text);
    }
    r.flush();
    if r.entries.is_empty() {
        let start: String = text
            .trim_start()
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        return Err(RawError::NotRecognized { start });
    }
    Ok(r.finish())
}

/// True when the text has curl's `> ` request or `< ` status lines.
pub fn is_curl(text: &str) -> bool {
    text.lines().take(5000).any(|l| {
        let l = l.trim_end_matches('\r');
        l.strip_prefix("> ")
            .is_some_and(|r| request_line(r).is_some())
            || l.strip_prefix("< ")
                .is_some_and(|r| status_line(r).is_some())
    })
}

/// `METHOD target HTTP/x` → (method, target, version).
fn request_line(l: &str) -> Option<(&str, &str, &str)> {
    let mut it = l.split_ascii_whitespace();
    let (m, t, v) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || !v.to_ascii_uppercase().starts_with("HTTP/") {
        return None;
    }
    let token = !m.is_empty()
        && m.len() <= 20
        && m.bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_');
    token.then_some((m, t, v))
}

/// `HTTP/x NNN reason` → (version, status, reason).
fn status_line(l: &str) -> Option<(&str, i64, &str)> {
    let l = l.trim();
    if !l.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("HTTP/")) {
        return None;
    }
    let (version, rest) = l.split_once(' ')?;
    let rest = rest.trim_start();
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((version, code.parse().ok()?, reason.trim()))
}

/// `name: value` (also `:pseudo: value`) → (name, value). Names are header tokens.
fn header_line(l: &str) -> Option<(&str, &str)> {
    let skip = usize::from(l.starts_with(':'));
    let colon = l.get(skip..)?.find(':')? + skip;
    let name = l.get(..colon)?;
    let value = l.get(colon + 1..)?.trim();
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    let body = name.get(skip..)?;
    (!body.is_empty() && body.len() <= 100 && body.bytes().all(tchar)).then_some((name, value))
}

#[derive(Default)]
struct Msg {
    method: String,
    target: String,
    req_headers: Vec<Header>,
    has_request: bool,
    status: Option<i64>,
    status_text: String,
    resp_headers: Vec<Header>,
    body: Option<String>,
    /// Absolute URL stated by the text (curl hints, `Request URL:`).
    url_hint: Option<String>,
    /// HTTP/2 pseudo-headers (`:scheme`, `:authority`, `:path`) as the text gives them.
    scheme: Option<String>,
    authority: Option<String>,
    path: Option<String>,
    /// curl's connection when the request was sent: host, port, TLS seen.
    conn_host: Option<String>,
    conn_port: Option<u16>,
    tls: bool,
}

impl Msg {
    fn is_empty(&self) -> bool {
        !self.has_request
            && self.status.is_none()
            && self.req_headers.is_empty()
            && self.resp_headers.is_empty()
    }
}

#[derive(Default)]
struct Reader {
    entries: Vec<Entry>,
    cur: Msg,
    /// curl connection facts: host, port, TLS seen, HTTP/2 pseudo-headers.
    conn_host: Option<String>,
    conn_port: Option<u16>,
    tls: bool,
    h2_scheme: Option<String>,
    h2_authority: Option<String>,
    h2_path: Option<String>,
    next_url: Option<String>,
    /// The scheme assumed for a URL the text did not give one for.
    guessed_scheme: Option<&'static str>,
    cut_values: usize,
    dropped_headers: usize,
    over_max: usize,
}

fn push_header(
    list: &mut Vec<Header>,
    name: &str,
    value: &str,
    cut: &mut usize,
    dropped: &mut usize,
) {
    if list.len() >= limits::MAX_HEADERS {
        *dropped += 1;
        return;
    }
    let v = if value.len() > limits::MAX_HEADER_VALUE {
        *cut += 1;
        crate::har::cut_str(value, limits::MAX_HEADER_VALUE)
    } else {
        value
    };
    list.push(Header::new(crate::har::cut_str(name, 1024), v));
}

fn append_body(body: &mut Option<String>, line: &str) {
    let b = body.get_or_insert_with(String::new);
    if b.len() >= limits::MAX_BODY {
        return;
    }
    if !b.is_empty() {
        b.push('\n');
    }
    b.push_str(line);
    if b.len() > limits::MAX_BODY {
        let keep = crate::har::cut_str(b, limits::MAX_BODY).len();
        b.truncate(keep);
    }
}

/// The `'…'` part of curl's info lines.
fn quoted(s: &str) -> Option<&str> {
    let a = s.find('\'')?;
    let rest = s.get(a + 1..)?;
    let b = rest.rfind('\'')?;
    rest.get(..b)
}

impl Reader {
    fn req_header(&mut self, name: &str, value: &str) {
        push_header(
            &mut self.cur.req_headers,
            name,
            value,
            &mut self.cut_values,
            &mut self.dropped_headers,
        );
    }
    fn resp_header(&mut self, name: &str, value: &str) {
        push_header(
            &mut self.cur.resp_headers,
            name,
            value,
            &mut self.cut_values,
            &mut self.dropped_headers,
        );
    }

    fn read_curl(&mut self, text: &str) {
        let mut in_resp_headers = false;
        let mut after_resp = false;
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if let Some(info) = line
                .strip_prefix("* ")
                .or_else(|| (line == "*").then_some(""))
            {
                self.curl_info(info.trim());
                continue;
            }
            if let Some(rest) = line
                .strip_prefix("> ")
                .or_else(|| (line == ">").then_some(""))
            {
                if let Some((m, t, _)) = request_line(rest) {
                    if self.cur.has_request || self.cur.status.is_some() {
                        self.flush();
                    }
                    self.cur.method = m.to_string();
                    self.cur.target = t.to_string();
                    self.cur.has_request = true;
                    self.cur.url_hint = self.next_url.take();
                    self.cur.scheme = self.h2_scheme.take();
                    self.cur.authority = self.h2_authority.take();
                    self.cur.path = self.h2_path.take();
                    self.cur.conn_host = self.conn_host.clone();
                    self.cur.conn_port = self.conn_port;
                    self.cur.tls = self.tls;
                    in_resp_headers = false;
                    after_resp = false;
                } else if let Some((n, v)) = header_line(rest) {
                    self.req_header(n, v);
                }
                continue;
            }
            if let Some(rest) = line
                .strip_prefix("< ")
                .or_else(|| (line == "<").then_some(""))
            {
                if let Some((_, code, reason)) = status_line(rest) {
                    if self.cur.status.is_some()
                        && !(100..200).contains(&self.cur.status.unwrap_or(0))
                    {
                        self.flush();
                    }
                    // An interim 1xx is replaced by the final status.
                    self.cur.resp_headers.clear();
                    self.cur.status = Some(code);
                    self.cur.status_text = reason.to_string();
                    in_resp_headers = true;
                    after_resp = false;
                } else if rest.trim().is_empty() {
                    if in_resp_headers {
                        after_resp = true;
                    }
                    in_resp_headers = false;
                } else if let Some((n, v)) = header_line(rest) {
                    if in_resp_headers {
                        self.resp_header(n, v);
                    }
                }
                continue;
            }
            if line.starts_with("{ [") || line.starts_with("} [") {
                continue;
            }
            if after_resp && self.cur.status.is_some() {
                append_body(&mut self.cur.body, line);
            }
        }
    }

    fn curl_info(&mut self, info: &str) {
        if let Some(rest) = info.strip_prefix("Connected to ") {
            // "Connected to example.com (93.184.216.34) port 443 (#0)"
            let host = rest.split_ascii_whitespace().next().unwrap_or("");
            self.conn_host = (!host.is_empty()).then(|| host.to_ascii_lowercase());
            self.conn_port = rest
                .split_once(" port ")
                .and_then(|(_, p)| p.split_ascii_whitespace().next())
                .and_then(|p| p.parse().ok());
            self.tls = false;
        } else if info.starts_with("SSL connection using")
            || info.starts_with("ALPN")
            || info.starts_with("TLSv")
            || info.starts_with("Server certificate")
            || info.starts_with("SSL certificate")
        {
            self.tls = true;
        } else if let Some(rest) = info.strip_prefix("Issue another request to this URL:") {
            self.next_url = quoted(rest).map(str::to_string);
        } else if let Some(rest) = info
            .strip_prefix("[HTTP/2]")
            .or_else(|| info.strip_prefix("[HTTP/3]"))
        {
            // "[HTTP/2] [1] OPENED stream for https://x/y", "[HTTP/2] [1] [:scheme: https]"
            if let Some((_, u)) = rest.split_once("OPENED stream for ") {
                self.next_url = Some(u.trim().to_string());
            }
            for (key, slot) in [
                ("[:scheme: ", &mut self.h2_scheme),
                ("[:authority: ", &mut self.h2_authority),
                ("[:path: ", &mut self.h2_path),
            ] {
                if let Some((_, v)) = rest.split_once(key) {
                    *slot = v.strip_suffix(']').map(str::to_string);
                }
            }
        }
    }

    fn read_blocks(&mut self, text: &str) {
        #[derive(PartialEq, Clone, Copy)]
        enum Part {
            None,
            ReqHeaders,
            RespHeaders,
            Loose,
            ReqBody,
            RespBody,
            /// Chrome's "Request Headers" / "Response Headers" sections.
            ReqSection,
            RespSection,
        }
        let mut part = Part::None;
        let mut last_header: Option<(bool, usize)> = None; // (is_request, index)
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            let trimmed = line.trim();
            // obs-fold continuation of the previous header.
            if (line.starts_with(' ') || line.starts_with('\t')) && !trimmed.is_empty() {
                if let Some((is_req, i)) = last_header {
                    if matches!(
                        part,
                        Part::ReqHeaders
                            | Part::RespHeaders
                            | Part::Loose
                            | Part::ReqSection
                            | Part::RespSection
                    ) {
                        let list = if is_req {
                            &mut self.cur.req_headers
                        } else {
                            &mut self.cur.resp_headers
                        };
                        if let Some(h) = list.get_mut(i) {
                            if h.value.len() + trimmed.len() < limits::MAX_HEADER_VALUE {
                                h.value.push(' ');
                                h.value.push_str(trimmed);
                            }
                            continue;
                        }
                    }
                }
            }
            if let Some((m, t, _)) = request_line(trimmed) {
                if self.cur.has_request {
                    self.flush();
                }
                self.cur.method = m.to_string();
                self.cur.target = t.to_string();
                self.cur.has_request = true;
                part = Part::ReqHeaders;
                last_header = None;
                continue;
            }
            if let Some((_, code, reason)) = status_line(trimmed) {
                if self.cur.status.is_some() {
                    self.flush();
                }
                self.cur.status = Some(code);
                self.cur.status_text = reason.to_string();
                part = Part::RespHeaders;
                last_header = None;
                continue;
            }
            match trimmed.to_ascii_lowercase().as_str() {
                "general" => {
                    if !self.cur.is_empty() {
                        self.flush();
                    }
                    part = Part::Loose;
                    continue;
                }
                "response headers" => {
                    part = Part::RespSection;
                    continue;
                }
                "request headers" => {
                    part = Part::ReqSection;
                    continue;
                }
                _ => {}
            }
            if trimmed.is_empty() {
                part = match part {
                    Part::ReqHeaders => Part::ReqBody,
                    Part::RespHeaders => Part::RespBody,
                    Part::RespBody => {
                        if self.cur.body.is_some() {
                            append_body(&mut self.cur.body, "");
                        }
                        Part::RespBody
                    }
                    p => p,
                };
                continue;
            }
            match part {
                Part::RespBody => {
                    append_body(&mut self.cur.body, line);
                    continue;
                }
                Part::ReqBody => continue,
                _ => {}
            }
            // Chrome's "General" section.
            if let Some(v) = strip_label(trimmed, "Request URL:") {
                if self.cur.url_hint.is_some() {
                    self.flush();
                }
                self.cur.url_hint = Some(v.to_string());
                continue;
            }
            if let Some(v) = strip_label(trimmed, "Request Method:") {
                self.cur.method = v.to_string();
                self.cur.has_request = true;
                continue;
            }
            if let Some(v) = strip_label(trimmed, "Status Code:") {
                let (code, reason) = v.split_once(' ').unwrap_or((v, ""));
                if let Ok(c) = code.parse::<i64>() {
                    self.cur.status = Some(c);
                    self.cur.status_text = reason.trim().to_string();
                }
                continue;
            }
            if strip_label(trimmed, "Remote Address:").is_some()
                || strip_label(trimmed, "Referrer Policy:").is_some()
            {
                continue;
            }
            let Some((n, v)) = header_line(trimmed) else {
                continue;
            };
            let is_req = match part {
                Part::ReqHeaders | Part::ReqSection => true,
                Part::RespHeaders | Part::RespSection => false,
                _ => !is_response_header(n),
            };
            self.pseudo_or_header(is_req, n, v);
            last_header = Some((
                is_req,
                if is_req {
                    self.cur.req_headers.len()
                } else {
                    self.cur.resp_headers.len()
                }
                .saturating_sub(1),
            ));
            if part == Part::None {
                part = Part::Loose;
            }
        }
    }

    fn pseudo_or_header(&mut self, is_req: bool, n: &str, v: &str) {
        match n.to_ascii_lowercase().as_str() {
            ":status" => {
                if let Ok(c) = v.parse::<i64>() {
                    self.cur.status = Some(c);
                }
            }
            ":method" => {
                self.cur.method = v.to_string();
                self.cur.has_request = true;
            }
            ":path" => {
                self.cur.path = Some(v.to_string());
                self.cur.has_request = true;
            }
            ":authority" => {
                self.cur.authority = Some(v.to_string());
                self.cur.has_request = true;
            }
            ":scheme" => self.cur.scheme = Some(v.to_ascii_lowercase()),
            _ => {
                if is_req {
                    self.req_header(n, v);
                    self.cur.has_request = true;
                } else {
                    self.resp_header(n, v);
                }
            }
        }
    }

    fn flush(&mut self) {
        let m = std::mem::take(&mut self.cur);
        if m.is_empty() && m.url_hint.is_none() {
            return;
        }
        if self.entries.len() >= MAX_EXCHANGES {
            self.over_max += 1;
            return;
        }
        let url = if m.has_request || m.url_hint.is_some() {
            self.url_for(&m)
        } else {
            String::new()
        };
        let status = m.status.unwrap_or(0);
        let redirect_url = if (300..400).contains(&status) {
            m.resp_headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("location"))
                .map(|h| h.value.clone())
        } else {
            None
        };
        self.entries.push(Entry {
            // The contract: raw text has no entry numbers; every exchange is entry 0.
            index: 0,
            method: m.method,
            url,
            request_headers: m.req_headers,
            status,
            status_text: m.status_text,
            response_headers: m.resp_headers,
            response_body: m
                .body
                .map(|b| b.trim_end().to_string())
                .filter(|b| !b.is_empty()),
            redirect_url,
            // A pasted response without its request: what was sent is unknown, not "nothing".
            request_headers_unseen: !m.has_request,
            ..Entry::default()
        });
    }

    fn url_for(&mut self, m: &Msg) -> String {
        let t = m.target.as_str();
        if is_absolute(t) {
            return t.to_string();
        }
        if let Some(u) = m.url_hint.as_ref().filter(|u| is_absolute(u)) {
            return u.clone();
        }
        let host_header = m
            .req_headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("host"))
            .map(|h| h.value.clone());
        let authority = m.authority.clone().or(host_header).or_else(|| {
            m.conn_host.as_ref().map(|h| match m.conn_port {
                Some(p) if p != 443 && p != 80 => format!("{h}:{p}"),
                _ => h.clone(),
            })
        });
        let Some(authority) = authority.filter(|a| !a.is_empty()) else {
            return String::new();
        };
        let port = authority
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse::<u16>().ok())
            .or(m.conn_port);
        let scheme = if let Some(s) = &m.scheme {
            s.clone()
        } else if port == Some(443) || m.tls {
            "https".into()
        } else if port == Some(80) || m.conn_port.is_some() {
            "http".into()
        } else if port.is_some_and(|p| p % 1000 == 443) {
            self.guessed_scheme = Some("https");
            "https".into()
        } else if port.is_some() {
            // An explicit port other than 443 is usually a plain-http development server.
            self.guessed_scheme = Some("http");
            "http".into()
        } else {
            self.guessed_scheme = Some("https");
            "https".into()
        };
        let authority = match authority.rsplit_once(':') {
            Some((h, "443")) if scheme == "https" => h.to_string(),
            Some((h, "80")) if scheme == "http" => h.to_string(),
            _ => authority,
        };
        if m.method.eq_ignore_ascii_case("CONNECT") {
            return format!("{scheme}://{authority}");
        }
        let path = if t.is_empty() {
            m.path.clone().unwrap_or_default()
        } else {
            t.to_string()
        };
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        format!("{scheme}://{authority}{path}")
    }

    fn finish(self) -> Capture {
        let mut notes = Vec::new();
        if let Some(s) = self.guessed_scheme {
            notes.push(format!(
                "The text does not say whether the request used https or http; why401 assumed {s} \
                 (https without a port or with port 443/8443, http with another port)."
            ));
        }
        if self.cut_values > 0 {
            notes.push(format!(
                "{} header value(s) longer than {} KiB were cut.",
                self.cut_values,
                limits::MAX_HEADER_VALUE / 1024
            ));
        }
        if self.dropped_headers > 0 {
            notes.push(format!(
                "{} header(s) beyond {} per message were not read.",
                self.dropped_headers,
                limits::MAX_HEADERS
            ));
        }
        if self.over_max > 0 {
            notes.push(format!(
                "Only the first {MAX_EXCHANGES} exchanges were read; {} more were skipped.",
                self.over_max
            ));
        }
        if self.entries.iter().all(|e| e.status == 0) {
            notes.push(
                "The text has no response (no status line such as `HTTP/1.1 401 Unauthorized`): \
                 paste the response headers too, or use `curl -v`."
                    .into(),
            );
        }
        Capture {
            source: Source::Raw,
            entries: self.entries,
            sanitized: false,
            notes,
            ..Capture::default()
        }
    }
}

fn is_absolute(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

fn strip_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let head = line.get(..label.len())?;
    head.eq_ignore_ascii_case(label)
        .then(|| line.get(label.len()..).unwrap_or("").trim())
}

/// Headers only a response carries (used to sort bare header lines).
fn is_response_header(name: &str) -> bool {
    const RESP: &[&str] = &[
        "www-authenticate",
        "proxy-authenticate",
        "set-cookie",
        "server",
        "location",
        "etag",
        "last-modified",
        "age",
        "vary",
        "retry-after",
        "cf-ray",
        "cf-cache-status",
        "x-powered-by",
        "strict-transport-security",
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "expires",
        "x-cache",
        "via",
        "alt-svc",
        "x-amzn-requestid",
        "x-amzn-errortype",
        "x-amz-apigw-id",
        "x-ms-request-id",
        "apim-request-id",
        "x-kong-response-latency",
        "x-envoy-upstream-service-time",
        "report-to",
        "nel",
        "permissions-policy",
        "cross-origin-opener-policy",
        "cross-origin-resource-policy",
        "cross-origin-embedder-policy",
        "accept-ranges",
        "content-disposition",
        "x-xss-protection",
        "date",
    ];
    let n = name.to_ascii_lowercase();
    RESP.contains(&n.as_str())
        || n.starts_with("access-control-allow-")
        || n.starts_with("access-control-expose-")
        || n == "access-control-max-age"
        || n.starts_with("x-ratelimit")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_response_alone_leaves_the_request_unseen() {
        let r = parse_raw("HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"x\"\n\n")
            .unwrap();
        assert!(r.entries[0].request_headers_unseen);
        let r = parse_raw("GET /x HTTP/1.1\nHost: a.example.com\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"x\"\n\n").unwrap();
        assert!(!r.entries[0].request_headers_unseen);
        let d = crate::diagnose::diagnose(
            &parse_raw("HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"x\"\n\n")
                .unwrap(),
            &crate::model::Ctx::at(1.7e12),
        );
        assert!(d.findings[0]
            .causes
            .iter()
            .all(|c| c.id != crate::cause::CauseId::NoCredentials));
    }

    const CURL_H2: &str = "\
* Host api.example.com:443 was resolved.
*   Trying 203.0.113.7:443...
* Connected to api.example.com (203.0.113.7) port 443
* ALPN: curl offers h2,http/1.1
* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS
* ALPN: server accepted h2
* using HTTP/2
* [HTTP/2] [1] OPENED stream for https://api.example.com/v1/me?x=1
* [HTTP/2] [1] [:method: GET]
* [HTTP/2] [1] [:scheme: https]
* [HTTP/2] [1] [:authority: api.example.com]
* [HTTP/2] [1] [:path: /v1/me?x=1]
* Server auth using Basic with user 'bob'
> GET /v1/me?x=1 HTTP/2
> Host: api.example.com
> Authorization: Basic Ym9iOnNlY3JldA==
> User-Agent: curl/8.5.0
> Accept: */*
>
* Request completely sent off
< HTTP/2 401
< www-authenticate: Basic realm=\"api\", charset=\"UTF-8\"
< content-type: application/json
< x-request-id: 7f3a
< date: Wed, 25 Nov 2026 14:02:00 GMT
<
{ [27 bytes data]
{\"error\":\"bad credentials\"}
* Connection #0 to host api.example.com left intact
";

    #[test]
    fn curl_http2_basic() {
        let c = parse_raw(CURL_H2).unwrap();
        assert_eq!(c.source, Source::Raw);
        assert_eq!(c.entries.len(), 1);
        let e = &c.entries[0];
        assert_eq!(
            (e.method.as_str(), e.url.as_str(), e.status),
            ("GET", "https://api.example.com/v1/me?x=1", 401)
        );
        assert_eq!(
            e.request_header("authorization"),
            Some("Basic Ym9iOnNlY3JldA==")
        );
        assert_eq!(
            e.response_header("WWW-Authenticate"),
            Some("Basic realm=\"api\", charset=\"UTF-8\"")
        );
        assert_eq!(e.response_header("x-request-id"), Some("7f3a"));
        assert_eq!(
            e.response_body.as_deref(),
            Some("{\"error\":\"bad credentials\"}")
        );
        assert!(c.notes.is_empty(), "{:?}", c.notes);
    }

    #[test]
    fn curl_follows_redirects_with_crlf() {
        let t = "*   Trying 127.0.0.1:8080...\r\n\
* Connected to localhost (127.0.0.1) port 8080 (#0)\r\n\
> GET /login HTTP/1.1\r\n> Host: localhost:8080\r\n> Authorization: Bearer abc\r\n>\r\n\
< HTTP/1.1 302 Found\r\n< Location: http://127.0.0.1:9090/api\r\n< Content-Length: 0\r\n<\r\n\
* Issue another request to this URL: 'http://127.0.0.1:9090/api'\r\n\
*   Trying 127.0.0.1:9090...\r\n* Connected to 127.0.0.1 (127.0.0.1) port 9090 (#1)\r\n\
> GET /api HTTP/1.1\r\n> Host: 127.0.0.1:9090\r\n>\r\n\
< HTTP/1.1 401 Unauthorized\r\n< WWW-Authenticate: Bearer\r\n<\r\nno token\r\n";
        let c = parse_raw(t).unwrap();
        assert_eq!(c.entries.len(), 2);
        assert_eq!(c.entries[0].url, "http://localhost:8080/login");
        assert_eq!(
            c.entries[0].redirect_url.as_deref(),
            Some("http://127.0.0.1:9090/api")
        );
        assert_eq!(c.entries[1].url, "http://127.0.0.1:9090/api");
        assert_eq!((c.entries[1].index, c.entries[1].status), (0, 401));
        assert_eq!(c.entries[1].request_header("authorization"), None);
        assert_eq!(c.entries[1].response_body.as_deref(), Some("no token"));
    }

    #[test]
    fn curl_proxy_407_and_100_continue() {
        let t = "* Connected to proxy.corp (10.0.0.1) port 3128\n\
> CONNECT api.example.com:443 HTTP/1.1\n> Host: api.example.com:443\n>\n\
< HTTP/1.1 407 Proxy Authentication Required\n< Proxy-Authenticate: Basic realm=\"corp\"\n<\n";
        let c = parse_raw(t).unwrap();
        assert_eq!(c.entries[0].url, "https://api.example.com");
        assert_eq!(c.entries[0].status, 407);
        let t = "> POST /up HTTP/1.1\n> Host: a.test\n> Expect: 100-continue\n>\n< HTTP/1.1 100 Continue\n< HTTP/1.1 401 Unauthorized\n< WWW-Authenticate: Basic\n<\n";
        let c = parse_raw(t).unwrap();
        assert_eq!(c.entries.len(), 1);
        assert_eq!(c.entries[0].status, 401);
        assert_eq!(c.entries[0].url, "https://a.test/up");
        assert!(
            c.notes.iter().any(|n| n.contains("assumed https")),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn pasted_blocks_table() {
        // (text, entries, url of the first, status of the first, first response header)
        type Row<'a> = (&'a str, usize, &'a str, i64, Option<(&'a str, &'a str)>);
        let rows: &[Row] = &[
            (
                "GET /api/me HTTP/1.1\nHost: app.example.com\nCookie: sid=1\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer\n\n{\"e\":1}\n",
                1,
                "https://app.example.com/api/me",
                401,
                Some(("WWW-Authenticate", "Bearer")),
            ),
            (
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n\r\nGET / HTTP/1.1\r\nHost: a.test:80\r\n",
                1,
                "http://a.test/",
                401,
                Some(("WWW-Authenticate", "Basic realm=\"x\"")),
            ),
            ("HTTP/2 401", 1, "", 401, None),
            (
                "www-authenticate: Bearer error=\"invalid_token\"\ncontent-type: application/json\ndate: Wed, 25 Nov 2026 14:02:00 GMT\n",
                1,
                "",
                0,
                Some(("www-authenticate", "Bearer error=\"invalid_token\"")),
            ),
            (
                "Request URL: https://api.example.com/v1/x\nRequest Method: POST\nStatus Code: 401 Unauthorized\nRemote Address: 1.2.3.4:443\n\nResponse Headers\nwww-authenticate: Bearer\n\nRequest Headers\nauthorization: Bearer abc\n",
                1,
                "https://api.example.com/v1/x",
                401,
                Some(("www-authenticate", "Bearer")),
            ),
            (
                ":status: 401\nwww-authenticate: Negotiate\n\n:method: GET\n:authority: intranet.corp\n:scheme: https\n:path: /\n",
                1,
                "https://intranet.corp/",
                401,
                Some(("www-authenticate", "Negotiate")),
            ),
            (
                "GET /a HTTP/1.1\nHost: x.test\n\nHTTP/1.1 401 Unauthorized\n\nGET /b HTTP/1.1\nHost: x.test\n\nHTTP/1.1 200 OK\n",
                2,
                "https://x.test/a",
                401,
                None,
            ),
        ];
        for (text, n, url, status, hdr) in rows {
            let c = parse_raw(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(c.entries.len(), *n, "{text:?}");
            let e = &c.entries[0];
            assert_eq!(e.url, *url, "{text:?}");
            assert_eq!(e.status, *status, "{text:?}");
            if let Some((name, value)) = hdr {
                assert_eq!(
                    e.response_headers.first(),
                    Some(&Header::new(*name, *value)),
                    "{text:?}"
                );
            }
        }
        let c = parse_raw(
            "GET /b HTTP/1.1\nHost: x.test\n\nHTTP/1.1 200 OK\n\nGET /c HTTP/1.1\nHost: x.test\n",
        )
        .unwrap();
        assert_eq!(c.entries.len(), 2);
        assert_eq!(c.entries[1].url, "https://x.test/c");
        assert_eq!(c.entries[1].status, 0);
    }

    #[test]
    fn request_only_notes_missing_response_and_folds_lines() {
        let c = parse_raw("GET / HTTP/1.1\nHost: a.test\nX-Long: one\n two\n").unwrap();
        assert_eq!(c.entries[0].request_header("x-long"), Some("one two"));
        assert!(
            c.notes.iter().any(|n| n.contains("no response")),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn errors() {
        assert_eq!(parse_raw(" \n"), Err(RawError::Empty));
        assert_eq!(parse_raw("\u{0}\u{0}\u{0}"), Err(RawError::Binary));
        let e = parse_raw("hello world\nthis is prose").unwrap_err();
        assert!(e.to_string().contains("\"hello world\""), "{e}");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = parse_raw(&s);
        }

        #[test]
        fn never_panics_on_http_shaped_lines(lines in proptest::collection::vec(prop_oneof![
            Just("GET / HTTP/1.1".to_string()), Just("HTTP/1.1 401 X".to_string()), Just("".to_string()),
            Just("> GET /x HTTP/2".to_string()), Just("< HTTP/2 401".to_string()), Just("<".to_string()),
            Just("* Connected to h (1.1.1.1) port 99999".to_string()), Just(":status: abc".to_string()),
            Just("Request URL: x".to_string()), Just(" fold".to_string()),
            "[a-zA-Z:-]{0,8}: \\PC{0,10}", "\\PC{0,20}",
        ], 0..30)) {
            let _ = parse_raw(&lines.join("\n"));
            let _ = parse_raw(&lines.join("\r\n"));
        }
    }
}
