//! Text faces of a [`Report`]: the terminal text (plain or ANSI colour), the Markdown
//! support-ticket report, and a decoded token.
//!
//! Everything printed from the input (URLs, header values, claims) passes through
//! [`clean`], so a hostile value cannot smuggle terminal escape sequences or break the
//! Markdown layout. Secrets are already masked in the [`Report`] ([`crate::mask`]): its URLs
//! are [`crate::mask::MaskedUrl`]s, masked again when a report is read back from outside.

use crate::model::Ctx;
use crate::parse::date;
use crate::report::{AuthView, CookiesView, Finding, Report, SessionView, TimeView, TokenView};
use std::fmt::Write as _;

/// Width that prose is wrapped to.
const WIDTH: usize = 92;
/// Longest value shown for one claim or header.
const MAX_VALUE: usize = 300;

/// The diagnosis as terminal text; ANSI colour when `color`.
pub fn text(report: &Report, color: bool) -> String {
    let s = Style { color };
    let mut out = String::new();
    // Notes are about the input as a whole (a sanitized export, cut headers): read them first.
    if !report.notes.is_empty() {
        let _ = writeln!(out, "{}", s.bold("About this input"));
        for n in &report.notes {
            bullet(&mut out, "  • ", "    ", &clean(n));
        }
        out.push('\n');
    }
    if report.findings.is_empty() {
        let _ = writeln!(out, "{}", s.bold("No 401 or 407 response found."));
        let _ = writeln!(
            out,
            "why401 diagnoses responses with status 401 (Unauthorized) or 407 (Proxy Authentication Required)."
        );
    }
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        finding_text(&mut out, f, &s);
    }
    out
}

fn finding_text(out: &mut String, f: &Finding, s: &Style) {
    let status = format!("{} {}", f.status, reason(f.status));
    let method = if f.method.is_empty() {
        "(method unknown)".to_string()
    } else {
        clean_line(&f.method)
    };
    let url = if f.url.is_empty() {
        "(URL unknown)".to_string()
    } else {
        clean_line(f.url.as_str())
    };
    let _ = writeln!(
        out,
        "{} {} {}",
        s.red(&s.bold(&status)),
        s.bold(&method),
        url
    );
    let mut sub = vec![format!("entry {}", f.entry)];
    if let Some(ms) = f.started_ms {
        sub.push(format!("sent {}", date::format_utc(ms / 1000.0)));
    }
    let _ = writeln!(out, "{}", s.dim(&format!("  {}", sub.join(" · "))));

    if let Some(said) = &f.server_said {
        let _ = writeln!(out, "\n  {}", s.bold("The server said"));
        bullet(
            out,
            "    ",
            "    ",
            &format!("\"{}\" ({})", clean(said.text.as_str()), clean(&said.place)),
        );
    }
    if !f.causes.is_empty() {
        let _ = writeln!(out, "\n  {}", s.bold("Likely causes"));
    }
    for (i, c) in f.causes.iter().enumerate() {
        let head = format!(
            "{}. {} {} {}",
            i + 1,
            s.cyan(c.id.as_str()),
            s.yellow(&format!("{:.0}%", c.confidence * 100.0)),
            clean_line(&c.title)
        );
        wrap_into(out, &head, "  ", "     ");
        if !c.explanation.is_empty() {
            wrap_into(out, &clean(&c.explanation), "     ", "     ");
        }
        let evidence: Vec<String> = c.evidence.iter().map(ToString::to_string).collect();
        list(out, s, "Evidence", &evidence);
        list(out, s, "What you can do", &c.fix_user);
        list(out, s, "For the site's developers", &c.fix_dev);
    }

    let cr = &f.credentials;
    if cr.authorization.is_some()
        || cr.proxy_authorization.is_some()
        || !cr.cookie_tokens.is_empty()
        || !cr.sessions.is_empty()
        || !cr.api_keys.is_empty()
    {
        let _ = writeln!(out, "\n  {}", s.bold("Credentials"));
        if let Some(a) = &cr.authorization {
            auth_text(out, s, "Authorization", a);
        }
        if let Some(a) = &cr.proxy_authorization {
            auth_text(out, s, "Proxy-Authorization", a);
        }
        for ct in &cr.cookie_tokens {
            let _ = writeln!(out, "    Cookie {}: JWT", clean_line(&ct.cookie));
            token_lines(out, s, &ct.token, "      ");
        }
        for v in &cr.sessions {
            let _ = writeln!(
                out,
                "    Cookie {}: {}",
                clean_line(&v.cookie),
                clean_line(&v.kind)
            );
            session_lines(out, s, v, "      ");
        }
        for k in &cr.api_keys {
            let _ = writeln!(
                out,
                "    API key in the {}: {}",
                clean_line(&k.place),
                clean_line(&k.masked)
            );
            if let Some(v) = &k.recognised {
                let _ = writeln!(out, "      {}", clean_line(&v.kind));
                session_lines(out, s, v, "      ");
            }
        }
    }
    cookies_text(out, s, &f.cookies);

    let c = &f.clocks;
    if c.client_ms.is_some() || c.server_ms.is_some() {
        let _ = writeln!(out, "\n  {}", s.bold("Clocks"));
        if let Some(ms) = c.client_ms {
            let _ = writeln!(out, "    your computer  {}", date::format_utc(ms / 1000.0));
        }
        if let Some(ms) = c.server_ms {
            let _ = writeln!(out, "    server (Date)  {}", date::format_utc(ms / 1000.0));
        }
        if let Some(skew) = c.skew_ms {
            let _ = writeln!(out, "    difference     {}", skew_words(skew));
        }
    }
    if !f.redirects.is_empty() {
        let _ = writeln!(out, "\n  {}", s.bold("Redirects before it"));
        for h in &f.redirects {
            let auth = if h.had_authorization {
                "with Authorization"
            } else {
                "without Authorization"
            };
            let _ = writeln!(
                out,
                "    {} {} ({auth})",
                h.status,
                clean_line(h.url.as_str())
            );
        }
    }
    if !f.request_ids.is_empty() {
        let _ = writeln!(
            out,
            "\n  {}",
            s.bold("Request ids (quote them to the site's support)")
        );
        for (k, v) in &f.request_ids {
            let _ = writeln!(out, "    {}: {}", clean_line(k), clean_line(v));
        }
    }
}

fn list(out: &mut String, s: &Style, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "     {}", s.dim(title));
    for it in items {
        bullet(out, "       • ", "         ", &clean(it));
    }
}

fn auth_text(out: &mut String, s: &Style, header: &str, a: &AuthView) {
    let _ = writeln!(out, "    {header}: {}", clean_line(&a.masked));
    if let Some(u) = &a.basic_user {
        let pw = a
            .basic_password_len
            .map(|n| format!("•••• ({n} bytes)"))
            .unwrap_or_else(|| "unknown".into());
        let _ = writeln!(out, "      Basic user {:?}, password {pw}", clean_line(u));
    }
    for p in &a.problems {
        bullet(
            out,
            &format!("      {} ", s.red("!")),
            "        ",
            &clean(p),
        );
    }
    if let Some(t) = &a.token {
        token_lines(out, s, t, "      ");
    }
    if let Some(v) = &a.session {
        let _ = writeln!(out, "      {}", clean_line(&v.kind));
        session_lines(out, s, v, "      ");
    }
}

/// A recognised non-JWT credential: content, times, secret, signature, notes.
fn session_lines(out: &mut String, s: &Style, v: &SessionView, ind: &str) {
    let rest = format!("{ind}            ");
    match &v.payload {
        serde_json::Value::Object(o) => {
            for (k, val) in o.iter().take(40) {
                let first = format!("{ind}{:<10}  ", clean_line(k));
                wrap_into(out, &value_str(val), &first, &rest);
            }
        }
        serde_json::Value::Null => {}
        other => {
            let first = format!("{ind}{:<10}  ", "content");
            wrap_into(out, &value_str(other), &first, &rest);
        }
    }
    for tv in &v.times {
        let label = if tv.claim == "iat" {
            "issued"
        } else {
            "expires"
        };
        let first = format!("{ind}{label:<10}  ");
        wrap_into(out, &time_words(tv), &first, &rest);
    }
    if let Some(m) = &v.mode {
        let _ = writeln!(out, "{ind}{} {}", s.dim("mode"), clean_line(m));
    }
    if let Some(x) = &v.secret {
        let _ = writeln!(out, "{ind}{} {}", s.dim("value"), clean_line(x));
    }
    if let Some(x) = &v.signature {
        let _ = writeln!(out, "{ind}{} {}", s.dim("signature"), clean_line(x));
    }
    for n in &v.notes {
        bullet(out, &format!("{ind}- "), &format!("{ind}  "), &clean(n));
    }
    if let Some(d) = &v.docs {
        let _ = writeln!(out, "{ind}{} {}", s.dim("format"), clean_line(d));
    }
}

fn session_md(out: &mut String, v: &SessionView) {
    if let Some(o) = v.payload.as_object() {
        for (k, val) in o.iter().take(40) {
            let _ = writeln!(out, "  - {}: {}", md_code(k), md_text(&value_str(val)));
        }
    } else if !v.payload.is_null() {
        let _ = writeln!(out, "  - content: {}", md_text(&value_str(&v.payload)));
    }
    for tv in &v.times {
        let label = if tv.claim == "iat" {
            "issued"
        } else {
            "expires"
        };
        let _ = writeln!(out, "  - {label}: {}", md_text(&time_words(tv)));
    }
    for (label, x) in [
        ("mode", &v.mode),
        ("value", &v.secret),
        ("signature", &v.signature),
    ] {
        if let Some(x) = x {
            let _ = writeln!(out, "  - {label}: {}", md_code(x));
        }
    }
    for n in &v.notes {
        let _ = writeln!(out, "  - {}", md_text(n));
    }
}

fn cookies_text(out: &mut String, s: &Style, c: &CookiesView) {
    if c.sent.is_empty() && c.not_sent.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n  {}", s.bold("Cookies"));
    if !c.sent.is_empty() {
        let _ = writeln!(
            out,
            "    sent ({}, Cookie header {} bytes):",
            c.sent.len(),
            c.header_bytes
        );
        for k in &c.sent {
            let mut where_ = String::new();
            if let Some(d) = &k.domain {
                where_ = format!(
                    " [{}{}]",
                    clean_line(d),
                    k.path.as_deref().map(clean_line).unwrap_or_default()
                );
            }
            let _ = writeln!(
                out,
                "      {} = {}{where_}",
                clean_line(&k.name),
                clean_line(&k.value_masked)
            );
        }
    }
    if !c.not_sent.is_empty() {
        let _ = writeln!(out, "    not sent:");
        for k in &c.not_sent {
            bullet(
                out,
                "      • ",
                "        ",
                &format!(
                    "{} [{}{}]: {}",
                    clean_line(&k.name),
                    clean_line(&k.domain),
                    clean_line(&k.path),
                    clean(&k.reason)
                ),
            );
        }
    }
}

/// A decoded token as terminal text.
pub fn token_text(view: &TokenView, color: bool) -> String {
    let s = Style { color };
    let mut out = String::new();
    let kind = if view.encrypted {
        "JWE (encrypted JWT)"
    } else {
        "JWT"
    };
    let _ = writeln!(out, "{} {}", s.bold(kind), s.dim("(decoded, not verified)"));
    token_lines(&mut out, &s, view, "  ");
    out
}

/// A recognised non-JWT credential, for `why401 token`.
pub fn session_text(view: &SessionView, color: bool) -> String {
    let s = Style { color };
    let mut out = String::new();
    let head = if view.cookie.is_empty() {
        clean_line(&view.kind).to_string()
    } else {
        format!(
            "Cookie {}: {}",
            clean_line(&view.cookie),
            clean_line(&view.kind)
        )
    };
    let how = if view.readable {
        "(decoded, not verified)"
    } else {
        "(recognised; its content cannot be read)"
    };
    let _ = writeln!(out, "{} {}", s.bold(&head), s.dim(how));
    session_lines(&mut out, &s, view, "  ");
    out
}

fn token_lines(out: &mut String, s: &Style, t: &TokenView, ind: &str) {
    if let Some(e) = &t.error {
        let _ = writeln!(out, "{ind}{} {}", s.red("Does not decode:"), clean(e));
    }
    if let Some(h) = t.header.as_object() {
        let parts: Vec<String> = h
            .iter()
            .map(|(k, v)| format!("{} {}", clean_line(k), value_str(v)))
            .collect();
        let _ = writeln!(out, "{ind}{} {}", s.dim("header"), parts.join(" · "));
    }
    if let Some(c) = t.claims.as_object() {
        let times: Vec<&str> = t.times.iter().map(|tv| tv.claim.as_str()).collect();
        let width = c
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(3)
            .clamp(3, 16);
        let rest = format!("{ind}{:width$}  ", "");
        for (k, v) in c.iter().filter(|(k, _)| !times.contains(&k.as_str())) {
            let first = format!("{ind}{:<width$}  ", clean_line(k));
            wrap_into(out, &value_str(v), &first, &rest);
        }
        for tv in &t.times {
            let first = format!("{ind}{:<width$}  ", clean_line(&tv.claim));
            wrap_into(out, &time_words(tv), &first, &rest);
        }
    } else if t.encrypted {
        let _ = writeln!(
            out,
            "{ind}claims are encrypted: only the issuer's key can read them"
        );
    }
    if !t.signature.is_empty() {
        let _ = writeln!(
            out,
            "{ind}{} {}",
            s.dim("signature"),
            clean_line(&t.signature)
        );
    }
    for a in &t.about {
        let _ = writeln!(out, "{ind}{} {}", s.dim("about"), clean_line(a));
    }
    for u in &t.unusual {
        bullet(
            out,
            &format!("{ind}{} ", s.yellow("!")),
            &format!("{ind}  "),
            &clean(u),
        );
    }
}

fn time_words(tv: &TimeView) -> String {
    let mut w = format!("{} ({})", tv.utc, tv.from_now);
    if let Some(r) = &tv.at_request {
        let _ = write!(w, "; {r}");
    }
    if let Some(r) = &tv.by_server {
        let _ = write!(w, "; {r}");
    }
    clean_line(&w)
}

fn skew_words(skew_ms: f64) -> String {
    let secs = skew_ms.abs() / 1000.0;
    if secs < 1.0 {
        "none".into()
    } else if skew_ms > 0.0 {
        format!(
            "the server is {} ahead of your computer",
            date::format_duration(secs)
        )
    } else {
        format!(
            "the server is {} behind your computer",
            date::format_duration(secs)
        )
    }
}

/// The support-ticket report in Markdown. `finding` is an index into `report.findings`
/// (all findings when `None`). Secrets are masked; URLs lose credential query values.
pub fn markdown(report: &Report, finding: Option<usize>, ctx: &Ctx) -> String {
    let mut out = String::new();
    let chosen: Vec<&Finding> = match finding {
        Some(i) => report.findings.get(i).into_iter().collect(),
        None => report.findings.iter().collect(),
    };
    let title = match chosen.as_slice() {
        [f] => format!(
            "{} {} from {}",
            f.status,
            reason(f.status),
            crate::parse::url::parse_url(f.url.as_str())
                .map(|u| u.host)
                .unwrap_or_else(|| "an unknown host".into())
        ),
        [] => "no 401 or 407 response".to_string(),
        fs => format!("{} failed requests", fs.len()),
    };
    let _ = writeln!(out, "# why401 report: {}\n", md_text(&title));
    let _ = writeln!(
        out,
        "Generated {} by why401 {}. Secrets (tokens, passwords, keys, cookie values, secret URL \
         parameters) are replaced by placeholders such as ‹token #1›, the same secret by the same \
         placeholder; \
         the token claims below are decoded, not verified.\n",
        date::format_utc(ctx.now_ms / 1000.0),
        env!("CARGO_PKG_VERSION")
    );
    for f in chosen {
        finding_md(&mut out, f);
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out, "## Notes\n");
        for n in &report.notes {
            let _ = writeln!(out, "- {}", md_text(n));
        }
        out.push('\n');
    }
    out
}

fn finding_md(out: &mut String, f: &Finding) {
    let url = f.url.as_str();
    let _ = writeln!(out, "## {} {}\n", md_text(&f.method), md_text(url));
    let _ = writeln!(out, "| | |\n|---|---|");
    if let Some(ms) = f.started_ms {
        let _ = writeln!(out, "| Time (UTC) | {} |", date::format_utc(ms / 1000.0));
    }
    let _ = writeln!(out, "| Method | {} |", md_cell(&f.method));
    let _ = writeln!(out, "| URL | {} |", md_code(url));
    let _ = writeln!(out, "| Status | {} {} |", f.status, reason(f.status));
    for (k, v) in &f.request_ids {
        let _ = writeln!(out, "| {} | {} |", md_cell(k), md_code(v));
    }
    if let Some(skew) = f.clocks.skew_ms {
        let _ = writeln!(out, "| Clock difference | {} |", md_cell(&skew_words(skew)));
    }
    out.push('\n');
    if let Some(said) = &f.server_said {
        let _ = writeln!(
            out,
            "### The server said\n\n> {} ({})\n",
            md_text(said.text.as_str()),
            md_text(&said.place)
        );
    }
    if !f.causes.is_empty() {
        let _ = writeln!(out, "### Likely causes\n");
    }
    for (i, c) in f.causes.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}** (`{}`, {:.0}%)",
            i + 1,
            md_text(&c.title),
            c.id.as_str(),
            c.confidence * 100.0
        );
        for e in &c.evidence {
            let _ = writeln!(out, "   - {}", md_text(&e.to_string()));
        }
        if !c.fix_dev.is_empty() {
            let _ = writeln!(out, "\n   For the site's developers:");
            for d in &c.fix_dev {
                let _ = writeln!(out, "   - {}", md_text(d));
            }
        }
        out.push('\n');
    }
    let cr = &f.credentials;
    if cr.authorization.is_some()
        || cr.proxy_authorization.is_some()
        || !cr.cookie_tokens.is_empty()
        || !cr.sessions.is_empty()
        || !cr.api_keys.is_empty()
    {
        let _ = writeln!(out, "### Credentials sent\n");
        for (name, a) in [
            ("Authorization", &cr.authorization),
            ("Proxy-Authorization", &cr.proxy_authorization),
        ] {
            let Some(a) = a else { continue };
            let _ = writeln!(out, "- {name}: {}", md_code(&a.masked));
            if let Some(u) = &a.basic_user {
                let _ = writeln!(out, "  - Basic user {}, password masked", md_code(u));
            }
            for p in &a.problems {
                let _ = writeln!(out, "  - problem: {}", md_text(p));
            }
            if let Some(t) = &a.token {
                token_md(out, t);
            }
            if let Some(v) = &a.session {
                let _ = writeln!(out, "  - {}", md_text(&v.kind));
                session_md(out, v);
            }
        }
        for ct in &cr.cookie_tokens {
            let _ = writeln!(out, "- Cookie {}: JWT", md_code(&ct.cookie));
            token_md(out, &ct.token);
        }
        for v in &cr.sessions {
            let _ = writeln!(out, "- Cookie {}: {}", md_code(&v.cookie), md_text(&v.kind));
            session_md(out, v);
        }
        for k in &cr.api_keys {
            let _ = writeln!(
                out,
                "- API key in the {}: {}",
                md_text(&k.place),
                md_code(&k.masked)
            );
            if let Some(v) = &k.recognised {
                let _ = writeln!(out, "  - {}", md_text(&v.kind));
                session_md(out, v);
            }
        }
        out.push('\n');
    }
    let c = &f.cookies;
    if !c.sent.is_empty() || !c.not_sent.is_empty() {
        let _ = writeln!(out, "### Cookies\n");
        if !c.sent.is_empty() {
            let names: Vec<String> = c
                .sent
                .iter()
                .map(|k| format!("{} ({} bytes)", md_code(&k.name), k.bytes))
                .collect();
            let _ = writeln!(
                out,
                "- Sent ({} bytes in all): {}",
                c.header_bytes,
                names.join(", ")
            );
        }
        for k in &c.not_sent {
            let _ = writeln!(
                out,
                "- Not sent: {} for {}{}: {}",
                md_code(&k.name),
                md_text(&k.domain),
                md_text(&k.path),
                md_text(&k.reason)
            );
        }
        out.push('\n');
    }
    if !f.redirects.is_empty() {
        let _ = writeln!(out, "### Redirects before it\n");
        for h in &f.redirects {
            let _ = writeln!(
                out,
                "- {} {}{}",
                h.status,
                md_code(h.url.as_str()),
                if h.had_authorization {
                    " (with Authorization)"
                } else {
                    ""
                }
            );
        }
        out.push('\n');
    }
}

fn token_md(out: &mut String, t: &TokenView) {
    if let Some(e) = &t.error {
        let _ = writeln!(out, "  - does not decode: {}", md_text(e));
    }
    if let Some(h) = t.header.as_object() {
        let parts: Vec<String> = h
            .iter()
            .map(|(k, v)| format!("{k}={}", value_str(v)))
            .collect();
        let _ = writeln!(out, "  - header: {}", md_code(&parts.join(", ")));
    }
    if let Some(c) = t.claims.as_object() {
        let _ = writeln!(out, "\n  | Claim | Value |\n  |---|---|");
        let times: Vec<&str> = t.times.iter().map(|tv| tv.claim.as_str()).collect();
        for (k, v) in c.iter().filter(|(k, _)| !times.contains(&k.as_str())) {
            let _ = writeln!(out, "  | {} | {} |", md_cell(k), md_cell(&value_str(v)));
        }
        for tv in &t.times {
            let _ = writeln!(
                out,
                "  | {} | {} |",
                md_cell(&tv.claim),
                md_cell(&time_words(tv))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "  - signature: {}", md_text(&t.signature));
    for a in &t.about {
        let _ = writeln!(out, "  - {}", md_text(a));
    }
    for u in &t.unusual {
        let _ = writeln!(out, "  - unusual: {}", md_text(u));
    }
}

// ---- helpers ------------------------------------------------------------------------------

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, t: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{t}\x1b[0m")
        } else {
            t.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn red(&self, t: &str) -> String {
        self.paint("31", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.paint("33", t)
    }
    fn cyan(&self, t: &str) -> String {
        self.paint("36", t)
    }
}

/// The reason phrase for a status code.
pub fn reason(status: i64) -> &'static str {
    match status {
        401 => "Unauthorized",
        407 => "Proxy Authentication Required",
        403 => "Forbidden",
        200 => "OK",
        0 | -1 => "(no response)",
        _ => "",
    }
}

/// Control characters (ESC, C1, NUL, ...) become `\u{..}` escapes; newlines and tabs stay.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t'
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// [`clean`], on one line, cut to [`MAX_VALUE`] chars.
fn clean_line(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let c = clean(&one);
    if c.chars().count() > MAX_VALUE {
        let mut t: String = c.chars().take(MAX_VALUE).collect();
        t.push('…');
        t
    } else {
        c
    }
}

fn value_str(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => clean_line(s),
        other => clean_line(&other.to_string()),
    }
}

fn bullet(out: &mut String, first: &str, rest: &str, text: &str) {
    wrap_into(out, text, first, rest);
}

/// Word-wraps `text` to [`WIDTH`] columns; long words are kept whole.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str) {
    for (pi, para) in text.split('\n').enumerate() {
        let mut line = String::from(if pi == 0 { first } else { rest });
        let mut col = visible_len(&line);
        let mut empty = true;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let wl = visible_len(word);
            if !empty && col + 1 + wl > WIDTH {
                out.push_str(line.trim_end());
                out.push('\n');
                line = rest.to_string();
                col = visible_len(&line);
                empty = true;
            }
            if !empty {
                line.push(' ');
                col += 1;
            }
            line.push_str(word);
            col += wl;
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut esc = false;
    for c in s.chars() {
        if esc {
            if c == 'm' {
                esc = false;
            }
        } else if c == '\x1b' {
            esc = true;
        } else {
            n += 1;
        }
    }
    n
}

/// Markdown prose: no control chars, no raw HTML, one line.
fn md_text(s: &str) -> String {
    let mut out = String::new();
    for c in clean_line(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn md_cell(s: &str) -> String {
    md_text(s)
}

/// An inline code span that survives backticks in the value.
fn md_code(s: &str) -> String {
    let v = clean_line(s).replace('|', "¦");
    let mut run = 0;
    let mut longest = 0;
    for c in v.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if v.starts_with('`') || v.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{v}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cause::{Cause, CauseId};
    use crate::report::{CookieToken, Credentials, NotSentCookie, SentCookie};
    use std::collections::BTreeMap;

    fn sample() -> Report {
        let token = TokenView {
            header: serde_json::json!({"alg": "RS256", "typ": "JWT"}),
            claims: serde_json::json!({"sub": "42", "aud": "api", "exp": 1764070000, "evil": "\u{1b}[31mred"}),
            times: vec![TimeView {
                claim: "exp".into(),
                value: 1764070000.0,
                utc: "2025-11-25 11:26:40 UTC".into(),
                from_now: "3 h ago".into(),
                at_request: None,
                by_server: None,
            }],
            signature: "masked (342 bytes)".into(),
            encrypted: false,
            unusual: vec![],
            about: vec![],
            error: None,
        };
        let mut r = Report {
            findings: vec![Finding {
                entry: 3,
                url: crate::mask::MaskedUrl::new(
                    "https://api.example.com/v1/me?access_token=abc&x=1",
                ),
                method: "GET".into(),
                status: 401,
                started_ms: None,
                causes: vec![Cause::new(
                    CauseId::TokenExpired,
                    0.95,
                    "Your sign-in token expired 3 h ago",
                )
                .evidence("exp 2025-11-25 11:26:40 UTC, server Date 3 h later")
                .fix_user("Sign in again.")
                .fix_dev("Refresh the token before it expires.")],
                credentials: Credentials {
                    authorization: Some(AuthView {
                        scheme: "Bearer".into(),
                        masked: "Bearer eyJhbGciOi…•••• (masked)".into(),
                        token: Some(token.clone()),
                        ..AuthView::default()
                    }),
                    proxy_authorization: None,
                    cookie_tokens: vec![CookieToken {
                        cookie: "id".into(),
                        token,
                    }],
                    sessions: Vec::new(),
                    api_keys: Vec::new(),
                },
                request_ids: BTreeMap::from([("x-request-id".to_string(), "7f3a".to_string())]),
                cookies: CookiesView {
                    sent: vec![SentCookie {
                        name: "sid".into(),
                        value_masked: "•••• (32 bytes)".into(),
                        bytes: 36,
                        domain: None,
                        path: None,
                    }],
                    not_sent: vec![NotSentCookie {
                        name: "auth".into(),
                        domain: ".example.com".into(),
                        path: "/".into(),
                        reason: "SameSite=Lax on a cross-site fetch".into(),
                    }],
                    header_bytes: 36,
                },
                ..Finding::default()
            }],
            notes: vec!["A note.".into()],
        };
        crate::mask::number_report(&mut r);
        r
    }

    #[test]
    fn plain_text_has_every_part_and_no_escapes() {
        let t = text(&sample(), false);
        for want in [
            "401 Unauthorized GET https://api.example.com/v1/me?access_token=‹token #1›&x=1",
            "1. token-expired 95% Your sign-in token expired 3 h ago",
            "Evidence",
            "• exp 2025-11-25 11:26:40 UTC",
            "What you can do",
            "For the site's developers",
            "Authorization: Bearer eyJhbGciOi…•••• (masked)",
            "exp   2025-11-25 11:26:40 UTC (3 h ago)",
            "signature masked (342 bytes)",
            "Cookie id: JWT",
            "sid = •••• (32 bytes)",
            "auth [.example.com/]: SameSite=Lax on a cross-site fetch",
            "x-request-id: 7f3a",
            "About this input",
        ] {
            assert!(t.contains(want), "missing {want:?} in\n{t}");
        }
        assert!(!t.contains('\x1b'), "plain text has no escape bytes:\n{t}");
        assert!(
            t.contains("\\u{1b}[31mred"),
            "hostile claim is shown escaped"
        );
        let c = text(&sample(), true);
        assert!(c.contains("\x1b[1m") && c.matches('\x1b').count() > 4);
    }

    #[test]
    fn markdown_masks_and_escapes() {
        let ctx = Ctx::at(1_764_080_000_000.0);
        let m = markdown(&sample(), Some(0), &ctx);
        assert!(
            m.starts_with("# why401 report: 401 Unauthorized from api.example.com"),
            "{m}"
        );
        assert!(
            m.contains("access_token=‹token #1›&x=1") && !m.contains("access_token=abc"),
            "{m}"
        );
        assert!(m.contains("| x-request-id | `7f3a` |"), "{m}");
        assert!(
            m.contains("**Your sign-in token expired 3 h ago** (`token-expired`, 95%)"),
            "{m}"
        );
        assert!(m.contains("| sub | 42 |"), "{m}");
        assert!(!m.contains('\x1b'));
        assert!(m.contains("For the site's developers"));
        assert_eq!(
            markdown(&sample(), Some(7), &ctx).matches("## GET").count(),
            0,
            "no such finding"
        );
    }

    #[test]
    fn empty_report_and_token_text() {
        let t = text(&Report::default(), false);
        assert!(t.starts_with("No 401 or 407 response found."));
        let tv = sample().findings[0]
            .credentials
            .authorization
            .clone()
            .unwrap()
            .token
            .unwrap();
        let t = token_text(&tv, false);
        assert!(
            t.starts_with("JWT (decoded, not verified)") && t.contains("sub   42"),
            "{t}"
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(clean("a\u{1b}b\u{202e}c\nd"), "a\\u{1b}b\\u{202e}c\nd");
        let mut out = String::new();
        wrap_into(&mut out, &"word ".repeat(40), "- ", "  ");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.lines().count() > 1);
    }
}
