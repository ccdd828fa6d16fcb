//! What changed between two requests to the same API: the credential swapped, gone or
//! added (Authorization, Proxy-Authorization, API-key headers), cookies gone, added or
//! changed (by name), the token's claims that moved (`exp`, `iat`, `aud`, `sub`, `iss`,
//! scopes), and the server's clock against the client's. Values never appear: secrets are
//! placeholder markers (numbered with the timeline), claims are times, names and audiences.

use crate::mask::names::secret_header;
use crate::mask::{placeholder, Kind as Secret};
use crate::model::Entry;
use crate::parse::cookie::parse_cookie_header;
use crate::parse::date::{format_duration, format_utc, parse_http_date};
use crate::parse::jwt::{decode, Token};
use serde::{Deserialize, Serialize};

/// Cookies named per change list (the rest are counted).
const MAX_NAMED: usize = 12;
/// A server clock that moved less than this against the client's is noise (network time).
const CLOCK_NOISE_MS: f64 = 5_000.0;

/// One difference. `what`: `authorization`, `proxy-authorization`, a header name, `cookie`,
/// `claims`, `clock`; `change`: `swapped`, `gone`, `added`, `changed`, `moved`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub what: String,
    pub change: String,
    /// The sentence shown, masked.
    pub detail: String,
}

fn change(what: &str, change: &str, detail: String) -> Change {
    Change {
        what: what.into(),
        change: change.into(),
        detail,
    }
}

/// The changes from `a` (earlier) to `b`. Empty: the same credentials, the same clock.
pub fn diff(a: &Entry, b: &Entry) -> Vec<Change> {
    let mut out = Vec::new();
    credential(&mut out, a, b, "authorization");
    credential(&mut out, a, b, "proxy-authorization");
    key_headers(&mut out, a, b);
    cookies(&mut out, a, b);
    clock(&mut out, a, b);
    out
}

fn credential(out: &mut Vec<Change>, a: &Entry, b: &Entry, name: &str) {
    let (va, vb) = (a.request_header(name), b.request_header(name));
    let (va, vb) = (va.map(str::trim), vb.map(str::trim));
    match (va, vb) {
        (Some(x), Some(y)) if x != y => {
            let (sa, ca) = split_scheme(x);
            let (sb, cb) = split_scheme(y);
            let mut d = format!(
                "{name}: {sa}{} → {sb}{}",
                placeholder(Secret::Token, ca),
                placeholder(Secret::Token, cb)
            );
            if let Some(c) = claims_moved(ca, cb) {
                d.push_str(&format!("; {c}"));
            }
            out.push(change(name, "swapped", d));
        }
        (Some(x), None) if !x.is_empty() => {
            let (s, c) = split_scheme(x);
            out.push(change(
                name,
                "gone",
                format!(
                    "{name} no longer sent (was {s}{})",
                    placeholder(Secret::Token, c)
                ),
            ));
        }
        (None, Some(y)) if !y.is_empty() => {
            let (s, c) = split_scheme(y);
            out.push(change(
                name,
                "added",
                format!("{name} sent now: {s}{}", placeholder(Secret::Token, c)),
            ));
        }
        _ => {}
    }
}

/// `("Bearer ", "eyJ…")`; no scheme: `("", value)`.
fn split_scheme(v: &str) -> (String, &str) {
    match v.split_once(' ') {
        Some((s, c)) if !c.trim().is_empty() => (format!("{s} "), c.trim()),
        _ => (String::new(), v),
    }
}

/// The claims that differ between two JWTs, as one sentence; None when either is not one.
fn claims_moved(a: &str, b: &str) -> Option<String> {
    let (Ok(Token::Jws(x)), Ok(Token::Jws(y))) = (decode(a), decode(b)) else {
        return None;
    };
    let mut parts = Vec::new();
    let time = |t: Option<f64>| t.map_or("none".to_string(), format_utc);
    if x.exp != y.exp {
        parts.push(format!("exp {} → {}", time(x.exp), time(y.exp)));
    }
    if x.iat != y.iat {
        parts.push(format!("iat {} → {}", time(x.iat), time(y.iat)));
    }
    if x.aud != y.aud {
        parts.push(format!("aud {} → {}", x.aud.join(" "), y.aud.join(" ")));
    }
    if x.iss != y.iss {
        parts.push(format!(
            "iss {} → {}",
            x.iss.unwrap_or_default(),
            y.iss.unwrap_or_default()
        ));
    }
    if x.sub != y.sub {
        parts.push("sub changed (another subject)".to_string());
    }
    if x.scopes != y.scopes {
        parts.push(format!(
            "scopes {} → {}",
            x.scopes.join(" "),
            y.scopes.join(" ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// API-key headers (not Authorization or Cookie): swapped, gone or added, by name.
fn key_headers(out: &mut Vec<Change>, a: &Entry, b: &Entry) {
    let keyed = |e: &Entry| -> Vec<(String, String)> {
        e.request_headers
            .iter()
            .filter(|h| {
                let n = h.name.to_ascii_lowercase();
                n != "authorization"
                    && n != "proxy-authorization"
                    && n != "cookie"
                    && secret_header(&h.name).is_some()
            })
            .take(32)
            .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
            .collect()
    };
    let (ka, kb) = (keyed(a), keyed(b));
    for (n, v) in &ka {
        match kb.iter().find(|(m, _)| m == n) {
            Some((_, w)) if w != v => out.push(change(
                n,
                "swapped",
                format!(
                    "{n}: {} → {}",
                    placeholder(Secret::Key, v),
                    placeholder(Secret::Key, w)
                ),
            )),
            None => out.push(change(n, "gone", format!("{n} no longer sent"))),
            _ => {}
        }
    }
    for (n, _) in kb.iter().filter(|(n, _)| !ka.iter().any(|(m, _)| m == n)) {
        out.push(change(n, "added", format!("{n} sent now")));
    }
}

fn cookies(out: &mut Vec<Change>, a: &Entry, b: &Entry) {
    if a.cookie_header_unseen || b.cookie_header_unseen {
        return;
    }
    let jar = |e: &Entry| -> Vec<(String, String)> {
        e.request_headers_named("cookie")
            .flat_map(|v| {
                parse_cookie_header(v)
                    .0
                    .into_iter()
                    .map(|p| (p.name.to_string(), p.value.to_string()))
            })
            .take(256)
            .collect()
    };
    let (ja, jb) = (jar(a), jar(b));
    let gone: Vec<&str> = ja
        .iter()
        .filter(|(n, _)| !jb.iter().any(|(m, _)| m == n))
        .map(|(n, _)| n.as_str())
        .collect();
    let added: Vec<&str> = jb
        .iter()
        .filter(|(n, _)| !ja.iter().any(|(m, _)| m == n))
        .map(|(n, _)| n.as_str())
        .collect();
    let changed: Vec<&str> = ja
        .iter()
        .filter(|(n, v)| jb.iter().any(|(m, w)| m == n && w != v))
        .map(|(n, _)| n.as_str())
        .collect();
    for (list, what, verb) in [
        (gone, "gone", "no longer sent"),
        (added, "added", "sent now"),
        (changed, "changed", "has a new value"),
    ] {
        if list.is_empty() {
            continue;
        }
        let s = if list.len() == 1 { "" } else { "s" };
        out.push(change(
            "cookie",
            what,
            format!("cookie{s} {verb}: {}", names(&list)),
        ));
    }
}

fn names(list: &[&str]) -> String {
    let mut s = list
        .iter()
        .take(MAX_NAMED)
        .map(|n| if n.is_empty() { "(no name)" } else { n })
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > MAX_NAMED {
        s.push_str(&format!(" and {} more", list.len() - MAX_NAMED));
    }
    s
}

/// Server `Date` minus client start time, ms; None when either is unknown.
pub fn skew_ms(e: &Entry) -> Option<f64> {
    let server = parse_http_date(e.response_header("date")?)? * 1000.0;
    let client = e.started_ms?;
    Some(server - client)
}

fn clock(out: &mut Vec<Change>, a: &Entry, b: &Entry) {
    let (Some(sa), Some(sb)) = (skew_ms(a), skew_ms(b)) else {
        return;
    };
    let moved = sb - sa;
    if moved.abs() < CLOCK_NOISE_MS {
        return;
    }
    let dir = if moved > 0.0 { "ahead" } else { "behind" };
    out.push(change(
        "clock",
        "moved",
        format!(
            "clock moved: the server's clock is {} further {dir} of this browser's than before (now {} {})",
            format_duration(moved.abs() / 1000.0),
            format_duration(sb.abs() / 1000.0),
            if sb >= 0.0 { "ahead" } else { "behind" }
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Header;
    use crate::parse::jwt::b64url_encode;

    fn jwt(claims: &str) -> String {
        format!(
            "{}.{}.c2lnbmF0dXJl",
            b64url_encode(br#"{"alg":"HS256"}"#),
            b64url_encode(claims.as_bytes())
        )
    }

    fn req(headers: &[(&str, &str)], started: Option<f64>, date: Option<&str>) -> Entry {
        Entry {
            method: "GET".into(),
            url: "https://api.test/me".into(),
            status: 200,
            started_ms: started,
            request_headers: headers.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
            response_headers: date
                .map(|d| vec![Header::new("Date", d)])
                .unwrap_or_default(),
            ..Entry::default()
        }
    }

    /// (what, a, b, changes as `what/change` ids, words the details must hold, words they
    /// must not)
    type Case<'a> = (
        &'a str,
        Entry,
        Entry,
        Vec<&'a str>,
        Vec<&'a str>,
        Vec<&'a str>,
    );

    #[test]
    fn changes() {
        let t1 = jwt(r#"{"sub":"1","exp":1800000000,"aud":"api"}"#);
        let t2 = jwt(r#"{"sub":"1","exp":1800003600,"aud":"other"}"#);
        let b1 = format!("Bearer {t1}");
        let b2 = format!("Bearer {t2}");
        let noon = 1_795_000_000_000.0; // client ms
        let cases: Vec<Case> = vec![
            (
                "same",
                req(&[("Authorization", &b1)], None, None),
                req(&[("Authorization", &b1)], None, None),
                vec![],
                vec![],
                vec![],
            ),
            (
                "token swapped, claims moved",
                req(&[("Authorization", &b1)], None, None),
                req(&[("Authorization", &b2)], None, None),
                vec!["authorization/swapped"],
                vec!["Bearer ", "exp 2027-01-15", "aud api → other"],
                vec![&t1, &t2],
            ),
            (
                "opaque token swapped",
                req(&[("Authorization", "Bearer abc123secret")], None, None),
                req(&[("Authorization", "Bearer zzz999secret")], None, None),
                vec!["authorization/swapped"],
                vec!["Bearer "],
                vec!["abc123secret", "zzz999secret"],
            ),
            (
                "authorization gone",
                req(&[("Authorization", &b1)], None, None),
                req(&[], None, None),
                vec!["authorization/gone"],
                vec!["no longer sent"],
                vec![&t1],
            ),
            (
                "authorization added",
                req(&[], None, None),
                req(&[("Authorization", &b1)], None, None),
                vec!["authorization/added"],
                vec!["sent now"],
                vec![&t1],
            ),
            (
                "cookie gone",
                req(&[("Cookie", "sid=s3cret; theme=dark")], None, None),
                req(&[("Cookie", "theme=dark")], None, None),
                vec!["cookie/gone"],
                vec!["cookie no longer sent: sid"],
                vec!["s3cret"],
            ),
            (
                "cookie changed and added",
                req(&[("Cookie", "sid=a1")], None, None),
                req(&[("Cookie", "sid=b2; csrf=x9")], None, None),
                vec!["cookie/added", "cookie/changed"],
                vec!["sent now: csrf", "new value: sid"],
                vec!["a1", "b2", "x9"],
            ),
            (
                "api key swapped",
                req(&[("X-Api-Key", "key-one-1111")], None, None),
                req(&[("X-Api-Key", "key-two-2222")], None, None),
                vec!["x-api-key/swapped"],
                vec![],
                vec!["key-one", "key-two"],
            ),
            (
                "clock moved",
                req(&[], Some(noon), Some("Sun, 19 Nov 2026 08:53:20 GMT")),
                req(
                    &[],
                    Some(noon + 60_000.0),
                    Some("Sun, 19 Nov 2026 09:04:20 GMT"),
                ),
                vec!["clock/moved"],
                vec!["10 min further ahead"],
                vec![],
            ),
            (
                "clock noise",
                req(&[], Some(noon), Some("Sun, 19 Nov 2026 08:53:20 GMT")),
                req(
                    &[],
                    Some(noon + 60_000.0),
                    Some("Sun, 19 Nov 2026 08:54:21 GMT"),
                ),
                vec![],
                vec![],
                vec![],
            ),
        ];
        for (what, a, b, ids, has, hasnt) in cases {
            let got = diff(&a, &b);
            let mut got_ids: Vec<String> = got
                .iter()
                .map(|c| format!("{}/{}", c.what, c.change))
                .collect();
            got_ids.sort();
            let mut want: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
            want.sort();
            assert_eq!(got_ids, want, "{what}: {got:?}");
            let text: String = got
                .iter()
                .map(|c| c.detail.clone())
                .collect::<Vec<_>>()
                .join(" | ");
            for w in has {
                assert!(text.contains(w), "{what}: {w:?} not in {text:?}");
            }
            for w in hasnt {
                assert!(!text.contains(w), "{what}: {w:?} leaked in {text:?}");
            }
        }
    }
}
