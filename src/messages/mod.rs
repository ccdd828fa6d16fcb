//! Known 401 messages of auth frameworks, identity providers and gateways, and a bounded
//! matcher over response bodies and `error_description` values; plus gateway detection
//! from response headers (and body) for `gateway-rejected`.
//!
//! The table ([`MESSAGES`], in `table.rs`) is data, each entry cited to the stack's own
//! source or documentation. A hit is evidence that supports a cause, weighed with the rest
//! by the rules; generic texts ("Unauthorized", "invalid_token") carry low weights.

pub mod reader;
mod table;

pub use table::MESSAGES;

use crate::cause::CauseId;
use crate::model::{limits, Header};

/// How a [`Message`] is recognised in a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// Case-insensitive substring, after normalisation (whitespace collapsed, JSON and
    /// HTML escapes decoded). A `*` stands for a short variable part (at most
    /// [`WILDCARD_SPAN`] bytes), e.g. `The audience '*' is invalid`.
    Contains(&'static str),
    /// A code such as `AADSTS700016` or `token_not_valid`, matched case-insensitively as a
    /// whole word (no letter, digit or `_` directly before or after).
    Code(&'static str),
    /// The whole body (trimmed), or a whole JSON string value, equals this text
    /// (case-insensitive): `Unauthorized`, `{"detail":"Not authenticated"}`.
    Exact(&'static str),
}

impl Pattern {
    /// The pattern's text as written in the table.
    pub fn text(&self) -> &'static str {
        match self {
            Pattern::Contains(s) | Pattern::Code(s) | Pattern::Exact(s) => s,
        }
    }
}

/// One known message: which stack emits it, the cause it supports and how strongly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Message {
    /// The framework, provider or gateway that emits it ("Spring Security").
    pub stack: &'static str,
    pub pattern: Pattern,
    /// The catalogue cause the message supports.
    pub cause: CauseId,
    /// 0.0 to 1.0: how strongly the message alone supports the cause.
    pub weight: f64,
    /// What the message means, in plain words.
    pub meaning: &'static str,
    /// Where the text comes from: `owner/repo path` or a documentation URL.
    pub source: &'static str,
}

/// A message found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageHit {
    pub stack: &'static str,
    pub cause: CauseId,
    pub weight: f64,
    pub meaning: &'static str,
    /// The matched text as it appears in the input, cut to [`MATCHED_MAX_CHARS`] chars.
    pub matched: String,
}

/// A gateway, CDN or identity-aware proxy recognised as the author of a response.
#[derive(Clone, Debug, PartialEq)]
pub struct GatewayHit {
    /// "AWS API Gateway", "Kong", "Google Cloud Identity-Aware Proxy", ...
    pub name: &'static str,
    /// The header or body text that shows it, cut to a readable length.
    pub evidence: String,
    /// 0.0 to 1.0: how sure the gateway itself produced this response.
    pub weight: f64,
}

/// Longest variable part a `*` in a [`Pattern::Contains`] may stand for (bytes).
pub const WILDCARD_SPAN: usize = 200;
/// Longest `matched` text in a [`MessageHit`] (chars).
pub const MATCHED_MAX_CHARS: usize = 120;
/// Most hits returned by [`match_messages`].
pub const MAX_HITS: usize = 12;
/// Occurrences of a pattern's first part tried before giving up (bounds wildcard and
/// whole-word searches on hostile input).
const MAX_CANDIDATES: usize = 64;

/// Finds the known messages in `text` (a response body or an `error_description`).
///
/// Only the first [`limits::MAX_BODY`] bytes are scanned. Hits are ordered most specific
/// first (weight, then pattern length); a hit that overlaps a stronger hit for the same
/// cause, or repeats a stack and cause already found, is dropped.
pub fn match_messages(text: &str) -> Vec<MessageHit> {
    match_messages_without(text, &[])
}

/// [`match_messages`] with the entries of the stacks in `without` left out.
pub fn match_messages_without(text: &str, without: &[&str]) -> Vec<MessageHit> {
    let text = cut_at_boundary(text, limits::MAX_BODY);
    if text.trim().is_empty() {
        return Vec::new();
    }
    let norm = Normalized::new(text);

    struct Raw {
        index: usize,
        start: usize,
        end: usize,
        specificity: usize,
    }
    let mut raw: Vec<Raw> = Vec::new();
    let prepared = prepared();
    let needs = needed_bytes();
    let have = ByteSet::of(&norm.text);
    for (index, message) in MESSAGES.iter().enumerate() {
        if without.contains(&message.stack) {
            continue;
        }
        // A pattern with a byte the text lacks cannot match (most patterns, for a short body).
        if needs.get(index).is_some_and(|n| !have.covers(n)) {
            continue;
        }
        let parts = prepared.get(index).map(Vec::as_slice).unwrap_or(&[]);
        if let Some((start, end)) = find_pattern(&norm, &message.pattern, parts) {
            raw.push(Raw {
                index,
                start,
                end,
                specificity: message.pattern.text().len(),
            });
        }
    }
    crate::sort::sort_by(&mut raw, |a, b| {
        let (ma, mb) = (&MESSAGES[a.index], &MESSAGES[b.index]);
        mb.weight
            .total_cmp(&ma.weight)
            .then(b.specificity.cmp(&a.specificity))
            .then(a.index.cmp(&b.index))
    });

    let mut kept: Vec<&Raw> = Vec::new();
    let mut hits = Vec::new();
    for r in &raw {
        let message = &MESSAGES[r.index];
        let duplicate = kept.iter().any(|k| {
            let other = &MESSAGES[k.index];
            other.cause == message.cause
                && (other.stack == message.stack || (r.start < k.end && k.start < r.end))
        });
        if duplicate {
            continue;
        }
        kept.push(r);
        hits.push(MessageHit {
            stack: message.stack,
            cause: message.cause,
            weight: message.weight,
            meaning: message.meaning,
            matched: norm.original(
                text,
                r.start,
                extend_clause(&norm.text, r.end, &message.pattern),
            ),
        });
        if hits.len() >= MAX_HITS {
            break;
        }
    }
    hits
}

/// Recognises a gateway, CDN or identity-aware proxy that produced this response, from its
/// headers first and its body second. A plain `Server: nginx` is not a gateway.
pub fn detect_gateway(headers: &[Header], body: Option<&str>) -> Option<GatewayHit> {
    let mut found: Vec<GatewayHit> = Vec::new();
    let mut add = |name: &'static str, weight: f64, evidence: String| {
        found.push(GatewayHit {
            name,
            evidence,
            weight,
        });
    };
    let named = |name: &'static str| headers_named(headers, name);
    let first = |name: &'static str| {
        headers_named(headers, name)
            .next()
            .map(|h| h.value.as_str())
    };
    let shown = |h: &Header| {
        let v = crate::mask::MaskedText::header(&h.name, &h.value);
        format!("response header {}: {}", h.name, v.cut(240))
    };

    // Google Cloud IAP marks its own responses.
    // https://cloud.google.com/iap/docs/query-parameters-and-headers-howto
    if let Some(h) = named("x-goog-iap-generated-response").next() {
        add(IAP, 0.95, shown(h));
    }
    // AWS API Gateway: x-amzn-ErrorType on gateway-made errors; x-amz-apigw-id (REST) and
    // apigw-requestid (HTTP APIs, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html).
    if let Some(h) = named("x-amzn-errortype").next() {
        add(AWS, 0.9, shown(h));
    }
    if let Some(h) = named("x-amz-apigw-id").next() {
        add(AWS, 0.8, shown(h));
    }
    if let Some(h) = named("apigw-requestid").next() {
        add(AWS, 0.8, shown(h));
    }
    if let Some(h) = named("x-amzn-requestid").next() {
        add(AWS, 0.4, shown(h));
    }
    // Kong: `Via: kong/x.y` / `Server: kong/x.y`; X-Kong-Upstream-Latency means the upstream
    // answered and Kong only relayed it (Kong/kong kong/constants.lua headers).
    let relayed =
        first("x-kong-upstream-latency").is_some() || first("x-kong-upstream-status").is_some();
    for h in named("server").chain(named("via")) {
        if h.value.to_ascii_lowercase().contains("kong/") {
            add(KONG_GW, if relayed { 0.25 } else { 0.7 }, shown(h));
        }
    }
    if let Some(h) = headers.iter().find(|h| {
        h.name.len() > 7
            && h.name
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("x-kong-"))
    }) {
        add(KONG_GW, if relayed { 0.25 } else { 0.6 }, shown(h));
    }
    // Apigee's router names itself (seen in the `server` header of Apigee faults).
    for h in named("server") {
        let v = h.value.to_ascii_lowercase();
        if v.contains("apigee") {
            add(APIGEE_GW, 0.6, shown(h));
        }
        // Envoy's default server name; Istio's gateways say istio-envoy. Envoy often only
        // proxies, so this alone is weak.
        if v == "envoy" || v == "istio-envoy" {
            add(ENVOY_GW, 0.3, shown(h));
        }
    }
    // Tyk marks the answers it writes itself (`X-Generator: tyk.io`,
    // TykTechnologies/tyk gateway/handler_error.go).
    for h in named("x-generator") {
        if h.value.to_ascii_lowercase().contains("tyk.io") {
            add(TYK_GW, 0.9, shown(h));
        }
    }
    // Cloudflare Access: redirect to <team>.cloudflareaccess.com, CF_Authorization cookie.
    // https://uptrace.dev/get/auth-cloudflare.html ; github.com/w3dev/cf-access-auth README
    for h in named("location") {
        let v = h.value.to_ascii_lowercase();
        if v.contains(".cloudflareaccess.com") {
            add(CF_ACCESS, 0.9, shown(h));
        }
        // oauth2-proxy's endpoints (https://oauth2-proxy.github.io/oauth2-proxy/behaviour)
        if v.contains("/oauth2/start") || v.contains("/oauth2/sign_in") {
            add(OAUTH2_PROXY, 0.7, shown(h));
        }
    }
    for h in named("set-cookie") {
        let name = h.value.split('=').next().unwrap_or("").trim();
        if name.eq_ignore_ascii_case("CF_Authorization") {
            add(
                CF_ACCESS,
                0.7,
                format!("response header {}: {}=…", h.name, name),
            );
        }
        // oauth2-proxy's default cookie name (oauth2-proxy/oauth2-proxy issue #26).
        if name.starts_with("_oauth2_proxy") {
            add(
                OAUTH2_PROXY,
                0.75,
                format!("response header {}: {}=…", h.name, name),
            );
        }
    }

    if let Some(body) = body {
        let body = cut_at_boundary(body, limits::MAX_BODY);
        for hit in match_messages(body) {
            let gateway = match hit.stack {
                table::AWS_APIGW => Some((AWS, 0.8)),
                table::APIM => Some((APIM_GW, 0.95)),
                table::KONG => Some((KONG_GW, 0.85)),
                table::APIGEE => Some((APIGEE_GW, 0.9)),
                table::ENVOY => Some((ENVOY_GW, 0.7)),
                _ => None,
            };
            if let Some((name, weight)) = gateway {
                let weight: f64 = weight;
                add(
                    name,
                    weight.min(hit.weight + 0.1),
                    format!(
                        "response body: \"{}\"",
                        crate::mask::MaskedText::text(&hit.matched)
                    ),
                );
            }
        }
        if body.to_ascii_lowercase().contains("cloudflareaccess.com") {
            add(
                CF_ACCESS,
                0.6,
                "response body mentions cloudflareaccess.com".to_string(),
            );
        }
    }

    // The strongest signal wins; more signals for the same gateway add a little.
    let best = found
        .iter()
        .max_by(|a, b| a.weight.total_cmp(&b.weight))?
        .clone();
    let others = found
        .iter()
        .filter(|g| g.name == best.name)
        .count()
        .saturating_sub(1);
    let weight = (best.weight + 0.05 * others as f64).min(0.98);
    Some(GatewayHit { weight, ..best })
}

/// Every header named `name` (case-insensitive).
fn headers_named<'a>(
    headers: &'a [Header],
    name: &'a str,
) -> impl Iterator<Item = &'a Header> + 'a {
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
}

const IAP: &str = "Google Cloud Identity-Aware Proxy";
const AWS: &str = "AWS API Gateway";
const KONG_GW: &str = "Kong";
const APIM_GW: &str = "Azure API Management";
const APIGEE_GW: &str = "Apigee";
const ENVOY_GW: &str = "Envoy (or Istio)";
const CF_ACCESS: &str = "Cloudflare Access";
const TYK_GW: &str = "Tyk";
const OAUTH2_PROXY: &str = "oauth2-proxy";

use crate::parse::cut as cut_at_boundary;

/// At most `max` chars of `s`, with `…` when cut.
fn cut_chars(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// A normalised copy of a text, with a map back to the original bytes.
struct Normalized {
    text: String,
    /// For each byte of `text`: the original byte range it came from.
    map: Vec<(u32, u32)>,
}

impl Normalized {
    fn new(input: &str) -> Self {
        let bytes = input.as_bytes();
        let mut text = String::with_capacity(input.len());
        let mut map = Vec::with_capacity(input.len());
        let mut i = 0;
        let push =
            |text: &mut String, map: &mut Vec<(u32, u32)>, c: char, from: usize, to: usize| {
                if c == ' ' && text.ends_with(' ') {
                    // Extend the collapsed whitespace run.
                    if let Some(last) = map.last_mut() {
                        last.1 = to as u32;
                    }
                    return;
                }
                let c = c.to_ascii_lowercase();
                let before = text.len();
                text.push(c);
                for _ in before..text.len() {
                    map.push((from as u32, to as u32));
                }
            };
        while i < bytes.len() {
            let b = bytes[i];
            let (c, len) = if b == b'\\' {
                decode_escape(bytes, i)
            } else if b == b'&' {
                decode_entity(bytes, i)
            } else if b.is_ascii_whitespace() {
                (' ', 1)
            } else if b.is_ascii() {
                (b as char, 1)
            } else {
                match input.get(i..).and_then(|rest| rest.chars().next()) {
                    Some(ch) => (ch, ch.len_utf8()),
                    None => ('\u{fffd}', 1),
                }
            };
            let len = len.max(1);
            push(&mut text, &mut map, c, i, i + len);
            i += len;
        }
        Normalized { text, map }
    }

    /// The original text behind `text[start..end]`, cut for display.
    fn original(&self, input: &str, start: usize, end: usize) -> String {
        let from = self.map.get(start).map(|m| m.0 as usize).unwrap_or(0);
        let to = end
            .checked_sub(1)
            .and_then(|last| self.map.get(last))
            .map(|m| m.1 as usize)
            .unwrap_or(from);
        let slice = input.get(from..to.max(from)).unwrap_or("");
        // Show JSON escapes the way a person reads them.
        let unescaped = slice
            .replace("\\r", " ")
            .replace("\\n", " ")
            .replace("\\t", " ")
            .replace("\\\"", "\"")
            .replace("\\/", "/");
        let squashed: String = unescaped.split_whitespace().collect::<Vec<_>>().join(" ");
        cut_chars(&squashed, MATCHED_MAX_CHARS)
    }
}

/// A JSON-style escape at `bytes[i] == '\\'`: the char it stands for and its length.
fn decode_escape(bytes: &[u8], i: usize) -> (char, usize) {
    match bytes.get(i + 1) {
        Some(b'n' | b'r' | b't') => (' ', 2),
        Some(&c @ (b'"' | b'/' | b'\'' | b'\\')) => (c as char, 2),
        Some(b'u') => {
            let hex = bytes
                .get(i + 2..i + 6)
                .and_then(|h| std::str::from_utf8(h).ok());
            match hex
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
            {
                Some(c) if c.is_ascii() => (if c.is_ascii_whitespace() { ' ' } else { c }, 6),
                _ => ('\\', 1),
            }
        }
        _ => ('\\', 1),
    }
}

/// An HTML entity at `bytes[i] == '&'`: the char it stands for and its length.
fn decode_entity(bytes: &[u8], i: usize) -> (char, usize) {
    const ENTITIES: &[(&[u8], char)] = &[
        (b"&quot;", '"'),
        (b"&#34;", '"'),
        (b"&#39;", '\''),
        (b"&#x27;", '\''),
        (b"&apos;", '\''),
        (b"&amp;", '&'),
        (b"&lt;", '<'),
        (b"&gt;", '>'),
        (b"&nbsp;", ' '),
    ];
    for (entity, c) in ENTITIES {
        if let Some(candidate) = bytes.get(i..i + entity.len()) {
            if candidate.eq_ignore_ascii_case(entity) {
                return (*c, entity.len());
            }
        }
    }
    ('&', 1)
}

/// Normalises a pattern (or one part of it) the way bodies are normalised.
fn normalize_pattern(p: &str) -> String {
    Normalized::new(p).text.trim().to_string()
}

/// Every message's pattern, normalised once (its `*` parts for `Contains`, else one part):
/// normalising them for each text read was most of the time spent matching (measured:
/// perf on a HAR of 1,178 failures).
fn prepared() -> &'static [Vec<String>] {
    static PREPARED: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    PREPARED.get_or_init(|| {
        MESSAGES
            .iter()
            .map(|m| match m.pattern {
                Pattern::Contains(p) => p.split('*').map(normalize_pattern).collect(),
                Pattern::Code(p) | Pattern::Exact(p) => vec![normalize_pattern(p)],
            })
            .collect()
    })
}

/// The bytes of a text, as a set.
#[derive(Clone, Copy, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn of(s: &str) -> Self {
        let mut set = ByteSet::default();
        for b in s.bytes() {
            set.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        set
    }

    /// Every byte of `other` is in `self`.
    fn covers(&self, other: &ByteSet) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| b & !a == 0)
    }
}

/// Per message: the bytes every match of its pattern has in the (normalised) text: those
/// of its parts ([`prepared`]). A match finds each part in the text, so a text without one
/// of these bytes cannot match (see `match_messages_without`).
fn needed_bytes() -> &'static [ByteSet] {
    static NEEDED: std::sync::OnceLock<Vec<ByteSet>> = std::sync::OnceLock::new();
    NEEDED.get_or_init(|| {
        prepared()
            .iter()
            .map(|parts| ByteSet::of(&parts.concat()))
            .collect()
    })
}

/// Where `pattern` (normalised: `parts`, see [`prepared`]) occurs in `norm`, as a byte range
/// of `norm.text`.
fn find_pattern(norm: &Normalized, pattern: &Pattern, parts: &[String]) -> Option<(usize, usize)> {
    let hay = norm.text.as_str();
    let one = || parts.first().map(String::as_str).unwrap_or("");
    match pattern {
        Pattern::Contains(_) => find_wildcard(hay, parts),
        Pattern::Code(_) => find_word(hay, one()),
        Pattern::Exact(_) => {
            let p = one();
            if p.is_empty() {
                return None;
            }
            let trimmed = hay.trim();
            if trimmed == p {
                let start = hay.len() - hay.trim_start().len();
                return Some((start, start + trimmed.len()));
            }
            let quoted = format!("\"{p}\"");
            hay.find(&quoted).map(|at| (at + 1, at + 1 + p.len()))
        }
    }
}

/// A `Contains` pattern with optional `*` parts (normalised), each gap at most
/// [`WILDCARD_SPAN`].
fn find_wildcard(hay: &str, parts: &[String]) -> Option<(usize, usize)> {
    let first = parts
        .first()
        .filter(|p| !p.is_empty() && p.len() <= hay.len())?;
    let mut from = 0;
    for _ in 0..MAX_CANDIDATES {
        let start = from + hay.get(from..)?.find(first.as_str())?;
        let mut end = start + first.len();
        let mut ok = true;
        for part in parts.iter().skip(1) {
            if part.is_empty() {
                continue;
            }
            let window_end = floor_boundary(hay, end.saturating_add(WILDCARD_SPAN + part.len()));
            match hay.get(end..window_end).and_then(|w| w.find(part.as_str())) {
                Some(at) => end = end + at + part.len(),
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Some((start, end));
        }
        from = next_boundary(hay, start);
    }
    None
}

/// `needle` in `hay` with no word character (`[A-Za-z0-9_]`) on either side.
fn find_word(hay: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = hay.as_bytes();
    let mut from = 0;
    for _ in 0..MAX_CANDIDATES {
        let start = from + hay.get(from..)?.find(needle)?;
        let end = start + needle.len();
        let before = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
        let after = bytes.get(end).copied();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some((start, end));
        }
        from = next_boundary(hay, start);
    }
    None
}

/// Extends a match to the end of its clause (up to a quote, bracket or tag, at most
/// [`CLAUSE_MAX`] bytes) so evidence shows the variable part ("Jwt expired at 2026-…").
fn extend_clause(hay: &str, end: usize, pattern: &Pattern) -> usize {
    let bytes = hay.as_bytes();
    if matches!(pattern, Pattern::Exact(_)) || end == 0 || bytes.get(end - 1) == Some(&b'.') {
        return end;
    }
    let mut i = end;
    while i < bytes.len() && i - end < CLAUSE_MAX {
        match bytes.get(i) {
            Some(b'"' | b'<' | b'>' | b'{' | b'}' | b'[' | b']') => break,
            Some(b'.') if matches!(bytes.get(i + 1), None | Some(b' ')) => {
                i += 1;
                break;
            }
            _ => i += 1,
        }
    }
    floor_boundary(hay, i)
}

/// Most bytes [`extend_clause`] adds to a match.
const CLAUSE_MAX: usize = 100;

/// The largest char boundary of `s` at or below `i` (clamped to `s.len()`).
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The next char boundary after `i`.
fn next_boundary(s: &str, i: usize) -> usize {
    let mut j = i + 1;
    while j < s.len() && !s.is_char_boundary(j) {
        j += 1;
    }
    j.min(s.len())
}

#[cfg(test)]
mod tests;
