//! One finding in full: the status line, the ranked causes, the credentials (decoded token,
//! Basic user, cookies sent and not sent), redirects, clocks, request ids, and in the popup
//! the action bar.

use super::dom::{Dom, R};
use super::time::{ago_utc, percent};
use super::Ctx;
use crate::cause::{Cause, CookieRef};
use crate::names::action;
use crate::parse::date::{format_duration, format_utc};
use crate::parse::url::{cookie_site, parse_url};
use crate::report::{AuthView, Clocks, CookiesView, Finding, SessionView, TimeView, TokenView};
use web_sys::Element;

/// Host and path (with query) of a URL, for display; the raw text when it does not parse.
pub fn host_path(url: &str) -> (String, String) {
    match parse_url(url) {
        Some(u) => {
            let host = match u.port {
                Some(p) => format!("{}:{p}", u.host),
                None => u.host,
            };
            let path = match u.query {
                Some(q) if !u.path.contains('?') => format!("{}?{q}", u.path),
                _ => u.path,
            };
            (host, path)
        }
        None => (String::new(), url.to_string()),
    }
}

/// The full view of finding `index` into `parent`.
pub fn render(dom: &Dom, parent: &Element, f: &Finding, index: usize, ctx: &Ctx) -> R {
    let art = dom.add(parent, "article", "w4-finding")?;
    art.set_attribute("data-finding", &index.to_string())?;
    status_line(dom, &art, f, ctx)?;
    // In the popup the actions come first, where they are seen without scrolling.
    if ctx.popup {
        action_bar(dom, &art, f, index, ctx)?;
    }
    if let Some(said) = &f.server_said {
        let sec = section(dom, &art, "w4-said", "The server said")?;
        let q = dom.text(&sec, "blockquote", "w4-said-text", said.text.as_str())?;
        q.set_attribute("data-place", &super::dom::shown(&said.place))?;
        dom.text(&sec, "p", "w4-sub", &said.place)?;
    }
    causes(dom, &art, f)?;
    credentials(dom, &art, f, ctx)?;
    cookies(dom, &art, &f.cookies, ctx, Some(index))?;
    redirects(dom, &art, f)?;
    clocks(dom, &art, &f.clocks)?;
    if !f.request_ids.is_empty() {
        let sec = section(dom, &art, "w4-ids", "Request ids (for a support ticket)")?;
        let dl = dom.add(&sec, "dl", "w4-dl")?;
        for (k, v) in &f.request_ids {
            dom.row(&dl, k, v)?;
        }
    }
    Ok(())
}

fn section(dom: &Dom, parent: &Element, class: &str, heading: &str) -> R<Element> {
    let sec = dom.add(parent, "section", &format!("w4-section {class}"))?;
    dom.text(&sec, dom.section_head(), "w4-h3", heading)?;
    Ok(sec)
}

fn status_line(dom: &Dom, parent: &Element, f: &Finding, ctx: &Ctx) -> R {
    let p = dom.add(parent, "p", "w4-status")?;
    dom.text(&p, "span", "w4-method", &f.method)?;
    dom.put(&p, " ")?;
    let (host, path) = host_path(f.url.as_str());
    let url = dom.add(&p, "span", "w4-url")?;
    url.set_attribute("title", &super::dom::shown(f.url.as_str()))?;
    dom.text(&url, "span", "w4-host", &host)?;
    dom.text(&url, "span", "w4-path", &path)?;
    dom.put(&p, " ")?;
    let code = dom.text(&p, "span", "w4-code", &f.status.to_string())?;
    code.set_attribute("data-status", &f.status.to_string())?;
    if let Some(t) = f.started_ms {
        dom.put(&p, " ")?;
        dom.text(&p, "span", "w4-when", &ago_utc(t, ctx.now_ms))?;
    }
    Ok(())
}

fn causes(dom: &Dom, parent: &Element, f: &Finding) -> R {
    let sec = section(dom, parent, "w4-causes", "Why it failed")?;
    let ol = dom.add(&sec, "ol", "w4-cause-list")?;
    for (rank, c) in f.causes.iter().enumerate() {
        cause(dom, &ol, c, rank)?;
    }
    Ok(())
}

fn cause(dom: &Dom, ol: &Element, c: &Cause, rank: usize) -> R {
    let li = dom.add(ol, "li", "w4-cause")?;
    li.set_attribute("data-cause", c.id.as_str())?;
    li.set_attribute("data-rank", &rank.to_string())?;
    let det = dom.add(&li, "details", "w4-cause-details")?;
    if rank == 0 {
        det.set_attribute("open", "")?;
    }
    let sum = dom.add(&det, "summary", "w4-cause-summary")?;
    dom.rich(&sum, "span", "w4-cause-title", &c.title)?;
    let conf = dom.add(&sum, "span", "w4-confidence")?;
    let meter = dom.add(&conf, "meter", "w4-meter")?;
    meter.set_attribute("min", "0")?;
    meter.set_attribute("max", "1")?;
    meter.set_attribute("value", &format!("{:.2}", c.confidence.clamp(0.0, 1.0)))?;
    meter.set_attribute("aria-label", "confidence")?;
    dom.text(&conf, "span", "w4-percent", &percent(c.confidence))?;
    dom.text(&sum, "code", "w4-cause-id", c.id.as_str())?;
    let body = dom.add(&det, "div", "w4-cause-body")?;
    if !c.explanation.is_empty() {
        dom.rich(&body, "p", "w4-explanation", &c.explanation)?;
    }
    let evidence: Vec<String> = c.evidence.iter().map(ToString::to_string).collect();
    dom.list(&body, "Evidence", "w4-evidence", &evidence)?;
    dom.rich_list(&body, "What you can do", "w4-fix-user", &c.fix_user)?;
    dom.rich_list(&body, "For the site's developers", "w4-fix-dev", &c.fix_dev)?;
    if !c.stale_cookies.is_empty() {
        let items: Vec<String> = c.stale_cookies.iter().map(cookie_ref).collect();
        dom.list(&body, "Stale cookies", "w4-stale", &items)?;
    }
    Ok(())
}

/// Which copy: "host app.example.com, path /" or "domain .example.com, path /api", with
/// its partition when it has one (the same words as the extension's status line).
pub fn copy_place(c: &CookieRef) -> String {
    let bare = c.domain.trim_start_matches('.');
    let mut s = if c.host_only {
        format!("host {bare}, path {}", c.path)
    } else {
        format!("domain .{bare}, path {}", c.path)
    };
    if let Some(p) = &c.partition_key {
        s.push_str(&format!(", partitioned under {p}"));
    }
    s
}

/// "session (domain .example.com, path /): expired JWT".
pub fn cookie_ref(c: &CookieRef) -> String {
    let mut s = format!("{} ({})", c.name, copy_place(c));
    if !c.why.is_empty() {
        s.push_str(": ");
        s.push_str(&c.why);
    }
    s
}

/// Every stale cookie the finding's causes name, once each.
pub fn stale_cookies(f: &Finding) -> Vec<CookieRef> {
    let mut out: Vec<CookieRef> = Vec::new();
    for c in f.causes.iter().flat_map(|c| &c.stale_cookies) {
        if !out.iter().any(|o| {
            o.name == c.name
                && o.domain == c.domain
                && o.host_only == c.host_only
                && o.path == c.path
                && o.partition_key == c.partition_key
                && o.store_id == c.store_id
        }) {
            out.push(c.clone());
        }
    }
    out
}

fn action_bar(dom: &Dom, parent: &Element, f: &Finding, index: usize, ctx: &Ctx) -> R {
    let bar = dom.add(parent, "div", "w4-actions")?;
    bar.set_attribute("role", "group")?;
    bar.set_attribute("aria-label", "Actions")?;
    let idx = index.to_string();
    let stale = stale_cookies(f);
    if !stale.is_empty() {
        let names: Vec<String> = stale
            .iter()
            .map(|c| format!("{} ({})", c.name, copy_place(c)))
            .collect();
        let b = dom.button(
            &bar,
            action::CLEAR_STALE,
            &format!("Clear stale cookies: {}", names.join(", ")),
        )?;
        b.class_list().add_1("w4-primary")?;
        b.set_attribute("data-finding", &idx)?;
        let json = serde_json::to_string(&stale).unwrap_or_else(|_| "[]".into());
        b.set_attribute("data-cookies", &json)?;
    }
    // The URL's host (IPv6 with its brackets, no port): the core's cookie site of it.
    let site = cookie_site(
        &parse_url(f.url.as_str())
            .map(|u| u.host)
            .unwrap_or_default(),
    );
    let b = dom.button(&bar, action::CLEAR_SITE, "Clear site cookies")?;
    b.set_attribute("data-finding", &idx)?;
    b.set_attribute("data-site", &site.domain)?;
    let confirm = if site.subdomains {
        format!(
            "Really clear all cookies of {} and its subdomains?",
            site.domain
        )
    } else {
        format!(
            "Really clear the cookies of {} (this host only)?",
            site.domain
        )
    };
    b.set_attribute("data-confirm", &super::dom::shown(&confirm))?;
    let b = dom.button(&bar, action::COPY_REPORT, "Copy report")?;
    b.set_attribute("data-finding", &idx)?;
    if ctx.undo {
        undo_buttons(dom, &bar, Some(index))?;
    }
    Ok(())
}

/// "Undo" and "Reload tab" buttons.
pub fn undo_buttons(dom: &Dom, bar: &Element, index: Option<usize>) -> R {
    let u = dom.button(bar, action::UNDO, "Undo")?;
    let r = dom.button(bar, action::RELOAD, "Reload tab")?;
    if let Some(i) = index {
        u.set_attribute("data-finding", &i.to_string())?;
        r.set_attribute("data-finding", &i.to_string())?;
    }
    Ok(())
}

fn credentials(dom: &Dom, parent: &Element, f: &Finding, ctx: &Ctx) -> R {
    let c = &f.credentials;
    if c.authorization.is_none()
        && c.proxy_authorization.is_none()
        && c.cookie_tokens.is_empty()
        && c.sessions.is_empty()
        && c.api_keys.is_empty()
    {
        return Ok(());
    }
    let sec = section(dom, parent, "w4-credentials", "Credentials sent")?;
    if let Some(a) = &c.authorization {
        auth(dom, &sec, "Authorization", a, ctx)?;
    }
    if let Some(a) = &c.proxy_authorization {
        auth(dom, &sec, "Proxy-Authorization", a, ctx)?;
    }
    if !c.cookie_tokens.is_empty() {
        if ctx.reveal {
            for ct in &c.cookie_tokens {
                let d = dom.add(&sec, "div", "w4-cookie-token")?;
                d.set_attribute("data-cookie-token", &super::dom::shown(&ct.cookie))?;
                dom.text(
                    &d,
                    dom.subhead(),
                    "w4-subhead",
                    &format!("JWT in cookie {}", ct.cookie),
                )?;
                token(dom, &d, &ct.token, ctx)?;
            }
        } else {
            let names: Vec<&str> = c.cookie_tokens.iter().map(|t| t.cookie.as_str()).collect();
            dom.text(
                &sec,
                "p",
                "w4-hint",
                &format!(
                    "JWTs in cookies: {} (\"Show cookie details\" decodes them).",
                    names.join(", ")
                ),
            )?;
        }
    }
    for k in &c.api_keys {
        let d = dom.add(&sec, "div", "w4-api-key")?;
        dom.text(
            &d,
            dom.subhead(),
            "w4-subhead",
            &format!("API key in the {}", k.place),
        )?;
        dom.text(&d, "p", "w4-masked", &k.masked)?;
        if let Some(v) = &k.recognised {
            dom.text(&d, "p", "w4-sub", &v.kind)?;
            session(dom, &d, v, ctx)?;
        }
    }
    for v in &c.sessions {
        let d = dom.add(&sec, "div", "w4-session")?;
        d.set_attribute("data-session", &super::dom::shown(&v.family))?;
        let head = if v.cookie.is_empty() {
            v.kind.clone()
        } else {
            format!("Cookie {}: {}", v.cookie, v.kind)
        };
        dom.text(&d, dom.subhead(), "w4-subhead", &head)?;
        session(dom, &d, v, ctx)?;
    }
    Ok(())
}

/// Time claims, each with its readings at the request and by the server's clock.
fn times(dom: &Dom, parent: &Element, list: &[TimeView], ctx: &Ctx) -> R {
    if list.is_empty() {
        return Ok(());
    }
    let ul = dom.add(parent, "ul", "w4-times")?;
    for tv in list {
        let li = dom.text(&ul, "li", "", &time_line(tv, ctx.now_ms))?;
        li.set_attribute("data-claim", &super::dom::shown(&tv.claim))?;
        if let Some(s) = &tv.at_request {
            dom.text(&li, "span", "w4-sub", &format!("at the request: {s}"))?;
        }
        if let Some(s) = &tv.by_server {
            dom.text(
                &li,
                "span",
                "w4-sub",
                &format!("by the server's clock: {s}"),
            )?;
        }
    }
    Ok(())
}

/// A recognised non-JWT credential: what it is, its times, notes; its readable content
/// only when cookie details are shown.
pub fn session(dom: &Dom, d: &Element, v: &SessionView, ctx: &Ctx) -> R {
    times(dom, d, &v.times, ctx)?;
    if !v.notes.is_empty() {
        dom.list(d, "About it", "w4-about", &v.notes)?;
    }
    let dl = dom.add(d, "dl", "w4-dl")?;
    if let Some(m) = &v.mode {
        dom.row(&dl, "Mode", m)?;
    }
    if let Some(s) = &v.secret {
        dom.row(&dl, "Value", s)?;
    }
    if let Some(s) = &v.signature {
        dom.row(&dl, "Signature", s)?;
    }
    if let Some(u) = &v.docs {
        dom.row(&dl, "Format documented at", u)?;
    }
    if v.readable && !v.payload.is_null() {
        if ctx.reveal {
            match v.payload.as_str() {
                Some(text) => {
                    dom.row(&dl, "Content (not verified)", text)?;
                }
                None => json_table(dom, d, "Content (decoded, not verified)", &v.payload)?,
            }
        } else {
            dom.text(
                d,
                "p",
                "w4-hint",
                "Its content is readable (\"Show cookie details\" decodes it).",
            )?;
        }
    }
    Ok(())
}

pub fn auth(dom: &Dom, parent: &Element, header: &str, a: &AuthView, ctx: &Ctx) -> R {
    let d = dom.add(parent, "div", "w4-auth")?;
    let dl = dom.add(&d, "dl", "w4-dl")?;
    dom.row(&dl, header, &a.masked)?;
    if !a.scheme.is_empty() {
        dom.row(&dl, "Scheme", &a.scheme)?;
    }
    if let Some(u) = &a.basic_user {
        dom.row(&dl, "User", u)?;
        let pw = match a.basic_password_len {
            Some(0) => "(empty)".to_string(),
            Some(n) => format!("•••• ({n} characters)"),
            None => "••••".to_string(),
        };
        dom.row(&dl, "Password", &pw)?;
    }
    if !a.problems.is_empty() {
        dom.list(&d, "Problems with the header", "w4-problems", &a.problems)?;
    }
    if let Some(t) = &a.token {
        dom.text(
            &d,
            dom.subhead(),
            "w4-subhead",
            "Token (decoded, not verified)",
        )?;
        token(dom, &d, t, ctx)?;
    }
    if let Some(v) = &a.session {
        dom.text(&d, dom.subhead(), "w4-subhead", &v.kind)?;
        session(dom, &d, v, ctx)?;
    }
    Ok(())
}

/// A decoded JWT: errors, header and claims tables, time readings, signature, unusual flags.
pub fn token(dom: &Dom, parent: &Element, t: &TokenView, ctx: &Ctx) -> R {
    let d = dom.add(parent, "div", "w4-token")?;
    if let Some(e) = &t.error {
        dom.text(&d, "pre", "w4-error", e)?;
    }
    if t.encrypted {
        dom.text(
            &d,
            "p",
            "w4-hint",
            "Encrypted (JWE): its claims cannot be read without the server's key.",
        )?;
    }
    times(dom, &d, &t.times, ctx)?;
    if !t.about.is_empty() {
        dom.list(&d, "About this token", "w4-about", &t.about)?;
    }
    if !t.unusual.is_empty() {
        dom.list(&d, "Unusual", "w4-unusual", &t.unusual)?;
    }
    json_table(dom, &d, "Header", &t.header)?;
    json_table(dom, &d, "Claims", &t.claims)?;
    let dl = dom.add(&d, "dl", "w4-dl")?;
    dom.row(&dl, "Signature", &t.signature)?;
    Ok(())
}

/// "exp: expired 3 h ago (2026-11-25 14:02:00 UTC)".
pub fn time_line(tv: &crate::report::TimeView, now_ms: f64) -> String {
    let past = now_ms.is_finite() && tv.value * 1000.0 <= now_ms;
    let what = match (tv.claim.as_str(), past) {
        ("exp", true) => "expired",
        ("exp", false) => "expires",
        ("nbf", true) => "valid since",
        ("nbf", false) => "not valid until",
        ("iat", _) => "issued",
        _ => "",
    };
    let reading = if what.is_empty() {
        tv.from_now.clone()
    } else {
        format!("{what} {}", tv.from_now)
    };
    format!("{}: {reading} ({})", tv.claim, tv.utc)
}

/// A two-column table of a JSON object's members (strings shown bare, the rest as JSON).
fn json_table(dom: &Dom, parent: &Element, caption: &str, v: &serde_json::Value) -> R {
    let Some(map) = v.as_object() else {
        return Ok(());
    };
    let table = dom.add(parent, "table", "w4-claims")?;
    dom.text(&table, "caption", "", caption)?;
    let head = dom.add(&table, "thead", "")?;
    let tr = dom.add(&head, "tr", "")?;
    dom.text(&tr, "th", "", "Name")?;
    dom.text(&tr, "th", "", "Value")?;
    let body = dom.add(&table, "tbody", "")?;
    for (k, val) in map {
        let tr = dom.add(&body, "tr", "")?;
        dom.text(&tr, "th", "w4-data", k)?;
        let s = match val {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let td = dom.text(&tr, "td", "w4-data", &s)?;
        if let (Some(n), true) = (
            val.as_f64(),
            matches!(k.as_str(), "exp" | "nbf" | "iat" | "auth_time"),
        ) {
            if n.is_finite() && n.abs() < 1e11 {
                dom.text(&td, "span", "w4-sub", &format_utc(n))?;
            }
        }
    }
    Ok(())
}

/// Cookies sent (names, sizes; details on "reveal") and the site's cookies not sent.
pub fn cookies(
    dom: &Dom,
    parent: &Element,
    c: &CookiesView,
    ctx: &Ctx,
    finding: Option<usize>,
) -> R {
    if c.sent.is_empty() && c.not_sent.is_empty() {
        return Ok(());
    }
    let sec = section(dom, parent, "w4-cookies", "Cookies")?;
    if !c.sent.is_empty() {
        let p = dom.add(&sec, "p", "w4-cookie-head")?;
        dom.put(
            &p,
            &format!(
                "Sent: {} cookie{} in a Cookie header of {} bytes. ",
                c.sent.len(),
                if c.sent.len() == 1 { "" } else { "s" },
                c.header_bytes
            ),
        )?;
        let b = dom.button(
            &p,
            action::REVEAL,
            if ctx.reveal {
                "Hide cookie details"
            } else {
                "Show cookie details"
            },
        )?;
        b.set_attribute("aria-pressed", if ctx.reveal { "true" } else { "false" })?;
        if let Some(i) = finding {
            b.set_attribute("data-finding", &i.to_string())?;
        }
        let table = dom.add(&sec, "table", "w4-cookie-table")?;
        let tr = dom.add(&dom.add(&table, "thead", "")?, "tr", "")?;
        dom.text(&tr, "th", "", "Name")?;
        dom.text(&tr, "th", "", "Size")?;
        if ctx.reveal {
            dom.text(&tr, "th", "", "Value")?;
            dom.text(&tr, "th", "", "Domain")?;
            dom.text(&tr, "th", "", "Path")?;
        }
        let body = dom.add(&table, "tbody", "")?;
        for s in &c.sent {
            let tr = dom.add(&body, "tr", "w4-sent")?;
            tr.set_attribute("data-cookie", &super::dom::shown(&s.name))?;
            dom.text(&tr, "td", "w4-data", &s.name)?;
            dom.text(&tr, "td", "", &format!("{} bytes", s.bytes))?;
            if ctx.reveal {
                dom.text(&tr, "td", "w4-data", &s.value_masked)?;
                dom.text(&tr, "td", "w4-data", s.domain.as_deref().unwrap_or("?"))?;
                dom.text(&tr, "td", "w4-data", s.path.as_deref().unwrap_or("?"))?;
            }
        }
    }
    if !c.not_sent.is_empty() {
        dom.text(&sec, dom.subhead(), "w4-subhead", "Not sent")?;
        let table = dom.add(&sec, "table", "w4-cookie-table")?;
        let tr = dom.add(&dom.add(&table, "thead", "")?, "tr", "")?;
        for h in ["Name", "Domain", "Path", "Why not sent"] {
            dom.text(&tr, "th", "", h)?;
        }
        let body = dom.add(&table, "tbody", "")?;
        for n in &c.not_sent {
            let tr = dom.add(&body, "tr", "w4-not-sent")?;
            tr.set_attribute("data-cookie", &super::dom::shown(&n.name))?;
            dom.text(&tr, "td", "w4-data", &n.name)?;
            dom.text(&tr, "td", "w4-data", &n.domain)?;
            dom.text(&tr, "td", "w4-data", &n.path)?;
            dom.text(&tr, "td", "", &n.reason)?;
        }
    }
    Ok(())
}

fn redirects(dom: &Dom, parent: &Element, f: &Finding) -> R {
    if f.redirects.is_empty() {
        return Ok(());
    }
    let sec = section(dom, parent, "w4-redirects", "Redirects before it")?;
    let ol = dom.add(&sec, "ol", "w4-hops")?;
    for h in &f.redirects {
        let li = dom.add(&ol, "li", "")?;
        dom.text(&li, "span", "w4-code", &h.status.to_string())?;
        dom.put(&li, " ")?;
        dom.text(&li, "span", "w4-url w4-data", h.url.as_str())?;
        dom.text(
            &li,
            "span",
            "w4-sub",
            if h.had_authorization {
                "Authorization sent"
            } else {
                "no Authorization"
            },
        )?;
    }
    Ok(())
}

fn clocks(dom: &Dom, parent: &Element, c: &Clocks) -> R {
    if c.client_ms.is_none() && c.server_ms.is_none() {
        return Ok(());
    }
    let sec = section(dom, parent, "w4-clocks", "Clocks")?;
    let dl = dom.add(&sec, "dl", "w4-dl")?;
    if let Some(t) = c.client_ms {
        dom.row(&dl, "Your clock", &format_utc(t / 1000.0))?;
    }
    if let Some(t) = c.server_ms {
        dom.row(&dl, "The server's clock (Date)", &format_utc(t / 1000.0))?;
    }
    if let Some(s) = c.skew_ms {
        let secs = s / 1000.0;
        let text = if secs.abs() < 1.0 {
            "they agree".to_string()
        } else if secs > 0.0 {
            format!("the server is {} ahead", format_duration(secs))
        } else {
            format!("the server is {} behind", format_duration(-secs))
        };
        dom.row(&dl, "Difference", &text)?;
    }
    Ok(())
}
