//! History: the capture indexed once (URLs, Set-Cookie timeline, earlier failures per
//! endpoint, redirect targets, server clocks per host), and what it tells about one request:
//! its redirect chain, its preflight, its repeats.

use super::*;

/// The URL without its fragment.
pub fn url_key(s: &str) -> &str {
    let s = s.trim();
    match s.find('#') {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// The URL without query and fragment.
pub(crate) fn path_key(s: &str) -> &str {
    let s = url_key(s);
    match s.find('?') {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    }
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
pub(crate) fn default_path(path: &str) -> String {
    if !path.starts_with('/') {
        return "/".to_string();
    }
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => path.get(..i).unwrap_or("/").to_string(),
    }
}

pub(crate) fn is_http_url(u: &Url) -> bool {
    u.scheme == "http" || u.scheme == "https" || u.scheme == "ws" || u.scheme == "wss"
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

pub(crate) struct CookieEvent {
    pos: usize,
    site: String,
    cookie: KnownCookie,
    deletes: bool,
}

/// The capture indexed once, reused for every failure in it.
pub struct History<'c> {
    pub(crate) capture: &'c Capture,
    pub(crate) ctx: Ctx,
    pub(crate) urls: Vec<Option<Url>>,
    pub(crate) server_ms: Vec<Option<f64>>,
    pub(crate) events: Vec<CookieEvent>,
    pub(crate) refused: HashMap<String, Vec<RefusedSet>>,
    pub(crate) failures_exact: HashMap<String, Vec<usize>>,
    pub(crate) failures_path: HashMap<String, Vec<usize>>,
    pub(crate) redirects_to: HashMap<String, Vec<usize>>,
    pub(crate) by_key: HashMap<String, Vec<usize>>,
    pub(crate) host_skews: HashMap<String, Vec<f64>>,
    /// RFC 9728 resource metadata documents in the capture.
    pub(crate) metadata: Vec<declared::ResourceMetadata>,
    /// Positions of token refresh calls (POSTs with a refresh-token body or the extension's
    /// fingerprint of one), in order: found
    /// once here, so each failure reads only these (not every entry before it).
    pub(crate) refresh_posts: Vec<usize>,
    // Incremental jar replay (failures are visited in capture order).
    pub(crate) applied: usize,
    pub(crate) replay_pos: usize,
    pub(crate) jars: HashMap<String, Vec<KnownCookie>>,
    /// The server words of the failures read so far, by their inputs.
    pub(crate) words: words::Memo,
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
            refresh_posts: Vec::new(),
            applied: 0,
            replay_pos: 0,
            jars: HashMap::new(),
            words: words::Memo::default(),
        };
        for (pos, e) in capture.entries.iter().enumerate() {
            // A refresh the extension saw (its fingerprint), or a HAR's POST with the body.
            if e.method.eq_ignore_ascii_case("POST")
                && (e
                    .refresh
                    .as_ref()
                    .is_some_and(|r| !r.token_print.is_empty())
                    || e.request_body
                        .as_deref()
                        .and_then(super::refresh_token_of)
                        .is_some())
            {
                h.refresh_posts.push(pos);
            }
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

    pub(crate) fn index_set_cookies(&mut self, pos: usize, e: &Entry, url: &Url) {
        // Most responses set no cookie: spare them the site and page lookups below.
        if e.response_headers_named("set-cookie").next().is_none() {
            return;
        }
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
                        if !domain_matches(&url.host, &d) || d.len() < site.len() {
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
                    credential: crate::facts::session_like(sc.name)
                        || crate::facts::credential_value(sc.name, sc.value),
                    for_credentials: e
                        .request_headers
                        .iter()
                        .any(|h| h.name.eq_ignore_ascii_case("authorization")),
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
    pub(crate) fn jar_before(&mut self, site: &str, pos: usize) -> Vec<KnownCookie> {
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

    /// The lifetime the site last gave cookie `name` (its Expires / Max-Age minus the time
    /// it was set), from Set-Cookie before capture position `pos`. Seconds.
    pub(crate) fn set_lifetime(&self, site: &str, name: &str, pos: usize) -> Option<f64> {
        self.events
            .iter()
            .rev()
            .filter(|e| e.pos < pos && !e.deletes && e.site == site && e.cookie.name == name)
            .find_map(|e| {
                let set = e.cookie.set_at_ms? / 1000.0;
                let exp = e.cookie.expires_s?;
                (exp > set && (exp - set).is_finite()).then_some(exp - set)
            })
    }

    pub(crate) fn skew_of_host(&self, host: &str) -> Option<HostSkew> {
        let v = self.host_skews.get(host)?;
        if v.is_empty() {
            return None;
        }
        let mut s = v.clone();
        crate::sort::sort_by(&mut s, |a, b| a.total_cmp(b));
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

pub(crate) fn origin_of(s: &str) -> String {
    parse_url(s)
        .map(|u| u.origin())
        .unwrap_or_else(|| cut(s, 200).to_string())
}

pub(crate) fn repeats(hist: &History<'_>, entry: &Entry, pos: usize) -> RepeatFacts {
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

impl<'c> History<'c> {
    /// The redirect hops that led to this request (oldest first), and the Authorization
    /// header an earlier hop carried and this request lacks.
    pub(crate) fn redirect_chain(&self, req: &Req<'_, '_>) -> (Vec<HopFacts>, Option<DroppedAuth>) {
        let entry = req.entry;
        let mut redirects = Vec::new();
        let mut cur = req.pos;
        let mut key = url_key(&entry.url).to_string();
        while redirects.len() < MAX_HOPS {
            let prev = self.redirects_to.get(&key).and_then(|v| {
                v.partition_point(|&p| p < cur)
                    .checked_sub(1)
                    .and_then(|i| v.get(i))
                    .copied()
            });
            let Some(p) = prev else { break };
            let Some(e) = self.capture.entries.get(p) else {
                break;
            };
            let from = self.urls.get(p).cloned().flatten();
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
        (redirects, dropped_auth)
    }

    /// Whether the request is a CORS preflight, what it asked for, and the real request that
    /// followed it.
    pub(crate) fn preflight(&self, req: &Req<'_, '_>) -> PreflightFacts {
        let entry = req.entry;
        let acrm = entry.request_header("access-control-request-method");
        let is_preflight = entry.method.eq_ignore_ascii_case("OPTIONS")
            && (acrm.is_some()
                || entry
                    .resource_type
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case("preflight")));
        let mut preflight = PreflightFacts {
            is_preflight,
            requested_method: acrm.map(|s| cut(s, 64).to_string()),
            requested_headers: entry
                .request_header("access-control-request-headers")
                .map(|s| cut(s, 256).to_string()),
            actual: None,
        };
        if is_preflight {
            if let Some(list) = self.by_key.get(url_key(&entry.url)) {
                let start = list.partition_point(|&p| p <= req.pos);
                preflight.actual = list
                    .get(start..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|&&p| p <= req.pos + 200)
                    .filter_map(|&p| self.capture.entries.get(p).map(|e| (p, e)))
                    .find(|(_, e)| !e.method.eq_ignore_ascii_case("OPTIONS"))
                    .map(|(p, e)| (p, e.index, e.method.clone(), e.status, e.error.clone()));
            }
        }
        preflight
    }
}
