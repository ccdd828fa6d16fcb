//! Test helpers: build a [`Capture`] from a small text format, tokens and dates relative to
//! a fixed `NOW`, and run case tables.
//!
//! Format: exchanges separated by a line `----`. Each exchange is a request block
//! (`METHOD URL`, then `Name: value` header lines and `@directives`), a blank line, a
//! response block (the status code, then headers), and optionally a blank line and a body.
//!
//! Directives: `@started $T-5s`, `@document URL`, `@initiator URL`, `@type fetch`,
//! `@error net::ERR_FAILED`, `@redirect URL`, `@sanitized`, `@unseen` (request headers not seen), `@cookie-unseen` (Cookie header not seen), `@now $T` (capture client time), `@body TEXT` (request body), `@changed NAME added|removed|changed` (another extension changed a credential header),
//! `@jar name=v; domain=.x.com; path=/; secure; httponly; samesite=lax; hostonly; session;
//! expires=$T+1d; partition=https://x.com`.
//!
//! Placeholders: `$T[+-N(s|m|h|d)]` Unix seconds; `$D[+-N(s|m|h|d)]` an HTTP date;
//! `$JWT{claims}` a signed-looking JWT; `$JWTNONE{claims}` an `alg: none` JWT;
//! `$BASIC(user:pass)` base64.

use crate::cause::{Cause, CauseId};
use crate::facts::{Facts, History};
use crate::model::{Capture, Ctx, Entry, Header, JarCookie};
use base64::Engine;

/// 2025-11-25 14:00:00 UTC.
pub const NOW: i64 = 1_764_079_200;

pub fn ctx() -> Ctx {
    Ctx::at(NOW as f64 * 1000.0)
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT with an RS256-looking header and a 32-byte fake signature.
pub fn jwt(claims: &str) -> String {
    format!(
        "{}.{}.{}",
        b64url(br#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#),
        b64url(claims.as_bytes()),
        b64url(&[0xAB; 32])
    )
}

/// An unsigned (`alg: none`) JWT.
pub fn jwt_none(claims: &str) -> String {
    format!(
        "{}.{}.",
        b64url(br#"{"alg":"none","typ":"JWT"}"#),
        b64url(claims.as_bytes())
    )
}

fn offset_secs(s: &str) -> (i64, usize) {
    // s starts right after `$T` / `$D`: optional [+-]N[unit].
    let b = s.as_bytes();
    let sign = match b.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return (0, 0),
    };
    let mut i = 1;
    let mut n: i64 = 0;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        n = n * 10 + i64::from(d - b'0');
        i += 1;
    }
    if i == 1 {
        return (0, 0);
    }
    let mult = match b.get(i) {
        Some(b's') => 1,
        Some(b'm') => 60,
        Some(b'h') => 3600,
        Some(b'd') => 86400,
        _ => return (sign * n, i),
    };
    (sign * n * mult, i + 1)
}

/// `Tue, 25 Nov 2025 14:00:00 GMT`.
pub fn http_date(secs: i64) -> String {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m - 1) as usize];
    format!(
        "{wd}, {d:02} {mon} {y} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Expands `$T…`, `$D…`, `$JWT{…}`, `$JWTNONE{…}`, `$BASIC(…)`.
pub fn expand(text: &str) -> String {
    // Pass 1: times and dates.
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(a) = after.strip_prefix('T') {
            let (off, used) = offset_secs(a);
            out.push_str(&(NOW + off).to_string());
            rest = &a[used..];
        } else if let Some(a) = after.strip_prefix('D') {
            let (off, used) = offset_secs(a);
            out.push_str(&http_date(NOW + off));
            rest = &a[used..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    // Pass 2: tokens.
    let text = out;
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (kind, body) = if let Some(a) = after.strip_prefix("JWTNONE") {
            ("none", a)
        } else if let Some(a) = after.strip_prefix("JWT") {
            ("jwt", a)
        } else if let Some(a) = after.strip_prefix("BASIC(") {
            let end = a.find(')').expect("$BASIC( closed");
            out.push_str(&base64::engine::general_purpose::STANDARD.encode(&a[..end]));
            rest = &a[end + 1..];
            continue;
        } else {
            out.push('$');
            rest = after;
            continue;
        };
        // Balanced braces.
        let mut depth = 0;
        let mut end = 0;
        for (j, ch) in body.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let claims = &body[..end];
        out.push_str(&if kind == "none" {
            jwt_none(claims)
        } else {
            jwt(claims)
        });
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

fn jar_cookie(spec: &str) -> JarCookie {
    let mut c = JarCookie {
        path: "/".into(),
        session: true,
        ..Default::default()
    };
    for (i, part) in spec.split(';').enumerate() {
        let part = part.trim();
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        if i == 0 {
            c.name = k.into();
            c.value = v.into();
            continue;
        }
        match k.to_ascii_lowercase().as_str() {
            "domain" => c.domain = v.into(),
            "path" => c.path = v.into(),
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "samesite" => c.same_site = Some(v.to_ascii_lowercase()),
            "hostonly" => c.host_only = true,
            "expires" => {
                c.session = false;
                c.expiration_date = v.parse().ok();
            }
            "partition" => c.partition_key = Some(v.into()),
            other => panic!("unknown jar attribute {other}"),
        }
    }
    c
}

/// Builds a capture from the text format (see the module doc).
pub fn capture(text: &str) -> Capture {
    let text = expand(text);
    let mut cap = Capture::default();
    for (index, block) in text.split("\n----\n").enumerate() {
        let mut parts = block.trim_start_matches('\n').splitn(3, "\n\n");
        let req = parts.next().unwrap_or("");
        let resp = parts.next().unwrap_or("");
        let body = parts.next();
        let mut e = Entry {
            index,
            ..Default::default()
        };
        let mut lines = req.lines();
        let first = lines.next().unwrap_or("");
        let (m, u) = first.split_once(' ').expect("request line: METHOD URL");
        e.method = m.into();
        e.url = u.trim().into();
        for line in lines {
            if let Some(d) = line.strip_prefix('@') {
                let (k, v) = d.split_once(' ').unwrap_or((d, ""));
                let v = v.trim();
                match k {
                    "started" => {
                        e.started_ms = Some(v.parse::<f64>().expect("@started secs") * 1000.0)
                    }
                    "document" => e.document_url = Some(v.into()),
                    "initiator" => e.initiator = Some(v.into()),
                    "type" => e.resource_type = Some(v.into()),
                    "error" => e.error = Some(v.into()),
                    "redirect" => e.redirect_url = Some(v.into()),
                    "sanitized" => cap.sanitized = true,
                    "unseen" => e.request_headers_unseen = true,
                    "cookie-unseen" => e.cookie_header_unseen = true,
                    "now" => {
                        cap.client_now_ms = Some(v.parse::<f64>().expect("@now secs") * 1000.0)
                    }
                    "jar" => cap.jar.get_or_insert_with(Vec::new).push(jar_cookie(v)),
                    "body" => e.request_body = Some(v.into()),
                    "changed" => {
                        // `@changed authorization removed`
                        let (name, change) = v.split_once(' ').expect("@changed NAME CHANGE");
                        e.header_changes.push(crate::model::HeaderChange {
                            name: name.into(),
                            change: change.into(),
                            before: (change != "added").then(|| "0000000000aaaa".into()),
                            after: (change != "removed").then(|| "0000000000bbbb".into()),
                        });
                    }
                    other => panic!("unknown directive @{other}"),
                }
            } else if let Some((n, v)) = line.split_once(':') {
                e.request_headers
                    .push(Header::new(n.trim(), v.trim_start()));
            }
        }
        let mut rl = resp.lines();
        let status_line = rl.next().unwrap_or("0");
        let code = status_line
            .split_whitespace()
            .find_map(|w| w.parse::<i64>().ok())
            .unwrap_or(0);
        e.status = code;
        for line in rl {
            if let Some((n, v)) = line.split_once(':') {
                e.response_headers
                    .push(Header::new(n.trim(), v.trim_start()));
            }
        }
        e.response_body = body.map(|b| b.trim_end_matches('\n').to_string());
        cap.entries.push(e);
    }
    cap
}

/// Facts of the entry at `pos`.
pub fn facts_of(cap: &Capture, pos: usize) -> Facts<'_> {
    let mut h = History::new(cap, &ctx());
    Facts::build(&mut h, pos).expect("entry exists")
}

/// The ranked causes of the last 401/407 entry of the capture text.
pub fn causes_of(text: &str) -> Vec<Cause> {
    let cap = capture(text);
    let pos = cap
        .entries
        .iter()
        .rposition(|e| e.is_auth_failure())
        .unwrap_or(cap.entries.len() - 1);
    let f = facts_of(&cap, pos);
    crate::rules::run(&f, &ctx())
}

/// One row of a case table.
pub struct Case {
    pub name: &'static str,
    pub text: &'static str,
    /// The id expected first, if any.
    pub first: Option<CauseId>,
    pub present: &'static [CauseId],
    pub absent: &'static [CauseId],
}

/// Runs a case table; reports every failing row at once.
pub fn run_cases(cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let got = causes_of(c.text);
        let ids: Vec<CauseId> = got.iter().map(|x| x.id).collect();
        if let Some(f) = c.first {
            if ids.first() != Some(&f) {
                failures.push(format!("{}: expected {} first, got {:?}", c.name, f, ids));
            }
        }
        for p in c.present {
            if !ids.contains(p) {
                failures.push(format!("{}: expected {} present, got {:?}", c.name, p, ids));
            }
        }
        for a in c.absent {
            if ids.contains(a) {
                failures.push(format!("{}: expected {} absent, got {:?}", c.name, a, ids));
            }
        }
        for cause in &got {
            assert!(
                !cause.title.is_empty() && !cause.explanation.is_empty(),
                "{}: {} lacks text",
                c.name,
                cause.id
            );
            assert!((0.0..=1.0).contains(&cause.confidence));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The cause with this id in the causes of `text` (panics when absent).
pub fn cause(text: &str, id: CauseId) -> Cause {
    let got = causes_of(text);
    let ids: Vec<CauseId> = got.iter().map(|x| x.id).collect();
    got.into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} not in {ids:?}"))
}

#[test]
fn http_date_formats() {
    assert_eq!(http_date(NOW), "Tue, 25 Nov 2025 14:00:00 GMT");
    assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(
        expand("$T-1h $T+90s $T"),
        format!("{} {} {}", NOW - 3600, NOW + 90, NOW)
    );
}
