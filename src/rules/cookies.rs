//! Cookie hygiene: `duplicate-cookies`, `oversized-cookies`.
//!
//! **What it finds.** The same cookie name more than once in one Cookie header (copies with
//! different Domain or Path), and cookies too large to travel: one over 4096 bytes, a
//! Cookie header over 8 KB, or a Set-Cookie the browser refused because it was too large.
//!
//! **Why it causes a 401.** Browsers send duplicates longest path first, then oldest first;
//! most servers read the first copy (some the last). When that copy is an old session, you
//! look signed out even right after signing in. Oversized headers are cut or refused by
//! servers and proxies (nginx: 8 KB per header line by default; Apache: 8190 bytes; Node.js:
//! 16 KB for all headers), so the session cookie never arrives whole.
//!
//! **Example.** `Cookie: sid=old; sid=new`, the jar holding `sid` for `.example.com` (set
//! yesterday) and for `app.example.com` (set today) → "The cookie `sid` was sent 2 times".
//!
//! **Fix.** Clear the stale copies (the extension offers exactly those) or the site's
//! cookies; developers: set and delete a cookie with one Domain and Path, keep cookies small.

use crate::cause::{Cause, CauseId};
use crate::facts::{Facts, KnownCookie};
use crate::model::Ctx;
use crate::rules::utc;

/// One cookie's name+value limit in browsers (RFC 6265bis: at least 4096 bytes).
pub const MAX_COOKIE_BYTES: usize = 4096;
/// Cookie header size where common servers start refusing (nginx default buffer).
pub const HEADER_WARN_BYTES: usize = 8 * 1024;
/// Cookie header size beyond which most servers and proxies refuse.
pub const HEADER_FAIL_BYTES: usize = 16 * 1024;

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    if facts.proxy {
        return;
    }
    duplicates(facts, out);
    oversized(facts, out);
}

fn copy_desc(c: &KnownCookie) -> String {
    let mut s = format!("domain {}, path {}", c.display_domain(), c.path);
    if let (Some(at), Some(by)) = (c.set_at_ms, c.set_by) {
        s.push_str(&format!(", set by entry {by} at {}", utc(at / 1000.0)));
    }
    s
}

fn duplicates(facts: &Facts, out: &mut Vec<Cause>) {
    for (name, count) in facts.cookies.duplicates().into_iter().take(5) {
        let values: Vec<&str> = facts
            .cookies
            .pairs
            .iter()
            .filter(|p| p.name == name)
            .map(|p| p.value)
            .collect();
        let same = values.windows(2).all(|w| w.first() == w.last());
        let session = crate::facts::session_like(name);
        // Jar copies in the order browsers send them: longer path first, then older first.
        let mut copies: Vec<&KnownCookie> = facts
            .jar
            .matching
            .iter()
            .filter(|c| c.name == name)
            .collect();
        crate::sort::sort_by(&mut copies, |a, b| {
            b.path.len().cmp(&a.path.len()).then(
                a.set_at_ms
                    .unwrap_or(0.0)
                    .total_cmp(&b.set_at_ms.unwrap_or(0.0)),
            )
        });
        let mut conf: f64 = if session { 0.65 } else { 0.45 };
        let mut stale: Vec<&KnownCookie> = Vec::new();
        let mut ev = vec![format!(
            "the Cookie header carries `{name}` {count} times ({})",
            if same {
                "all with the same value".to_string()
            } else {
                format!(
                    "values of {} bytes, not all equal",
                    values
                        .iter()
                        .map(|v| v.len().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        )];
        let mut reads = String::new();
        if copies.len() >= 2 {
            let all_timed = copies.iter().all(|c| c.set_at_ms.is_some());
            let fresh_idx = if all_timed {
                copies
                    .iter()
                    .enumerate()
                    .max_by(|a, b| {
                        a.1.set_at_ms
                            .unwrap_or(0.0)
                            .total_cmp(&b.1.set_at_ms.unwrap_or(0.0))
                    })
                    .map(|(i, _)| i)
            } else {
                // No creation times: keep the most specific copy (host-only, longest path).
                copies
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, c)| (c.host_only, c.path.len(), c.domain.len()))
                    .map(|(i, _)| i)
            }
            .unwrap_or(0);
            for (i, c) in copies.iter().enumerate() {
                let role = match (i == 0, i == fresh_idx) {
                    (true, true) => "sent first (what most servers read); the newest copy",
                    (true, false) => "sent first (what most servers read); likely stale",
                    (false, true) => "the newest copy, shadowed by the one sent first",
                    (false, false) => "likely stale",
                };
                ev.push(format!("copy {}: {} — {role}", i + 1, copy_desc(c)));
                if i != fresh_idx {
                    stale.push(c);
                }
            }
            if fresh_idx != 0 {
                conf = if all_timed {
                    0.85
                } else if session {
                    0.7
                } else {
                    0.5
                };
                reads = " The copy sent first — the one most servers read — is not the newest, so the server is likely reading an old session.".to_string();
            } else {
                conf = if session { 0.5 } else { 0.35 };
                reads = " The newest copy is sent first, so most servers read it; servers that read the last copy see the old one.".to_string();
            }
        }
        if same {
            conf = conf.min(0.25);
        }
        let mut c = Cause::new(CauseId::DuplicateCookies, conf, format!("The cookie `{name}` was sent {count} times"))
            .explain(format!(
                "The browser holds {count} cookies named `{name}` — same name, different Domain or Path — and sends them all. Browsers put the copy with the longer path first, then the older one; most servers read the first copy, some the last.{reads} When the copy the server reads is an old session, you appear signed out even right after signing in."
            ))
            .fix_dev("Always set and delete the cookie with the same Domain and Path; when changing them, also delete the old variant (Set-Cookie with the old Domain and Path and Max-Age=0). Prefer host-only `__Host-` cookies.");
        c = if stale.is_empty() {
            c.fix_user("Clear this site's cookies, then sign in again.")
        } else {
            c.fix_user("Clear the stale copies (listed in the evidence), then sign in again; clearing all of this site's cookies also works.")
        };
        for e in ev {
            c = c.evidence(e);
        }
        for s in stale {
            c = c.stale(s.to_ref("shadowed duplicate (likely stale)"));
        }
        out.push(c);
    }
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn oversized(facts: &Facts, out: &mut Vec<Cause>) {
    let big: Vec<&crate::facts::SentCookie> = facts
        .cookies
        .pairs
        .iter()
        .filter(|p| p.bytes > MAX_COOKIE_BYTES)
        .collect();
    let hb = facts.cookies.header_bytes;
    let mut conf: f64 = 0.0;
    let mut ev = Vec::new();
    let mut title = String::new();
    if hb > HEADER_WARN_BYTES {
        conf = if hb > HEADER_FAIL_BYTES { 0.8 } else { 0.6 };
        title = format!(
            "The Cookie header is {}: servers and proxies cut or refuse headers this large",
            kb(hb)
        );
        ev.push(format!(
            "Cookie header: {hb} bytes in {} cookies",
            facts.cookies.pairs.len()
        ));
        let mut sizes: Vec<&crate::facts::SentCookie> = facts.cookies.pairs.iter().collect();
        crate::sort::sort_by_key(&mut sizes, |p| std::cmp::Reverse(p.bytes));
        let top: Vec<String> = sizes
            .iter()
            .take(5)
            .map(|p| format!("`{}` {} bytes", p.name, p.bytes))
            .collect();
        ev.push(format!("largest: {}", top.join(", ")));
    }
    for p in big.iter().take(5) {
        if title.is_empty() {
            title = format!(
                "The cookie `{}` is {} bytes, over the {MAX_COOKIE_BYTES}-byte limit",
                p.name, p.bytes
            );
        }
        conf = conf.max(0.7);
        ev.push(format!(
            "cookie `{}`: {} bytes (name + value)",
            p.name, p.bytes
        ));
    }
    for r in facts.refused_sets.iter().take(5) {
        if title.is_empty() {
            title = format!("The server tried to set cookie `{}` of {} bytes; browsers refuse cookies over 4096 bytes", r.name, r.bytes);
        }
        conf = conf.max(if crate::facts::session_like(&r.name) {
            0.75
        } else {
            0.5
        });
        ev.push(format!(
            "Set-Cookie `{}` in entry {}: {}",
            r.name, r.entry, r.why
        ));
    }
    if conf == 0.0 {
        return;
    }
    let mut c = Cause::new(CauseId::OversizedCookies, conf, title)
        .explain("Cookies have size limits: browsers refuse a cookie over 4096 bytes, and servers and proxies limit the Cookie header (nginx: 8 KB per header line by default; Apache: 8190 bytes; Node.js: 16 KB for all headers). Past those limits the session cookie is dropped or cut, or the request refused, so the server cannot see your session.")
        .fix_user("Clear this site's cookies, then sign in again.")
        .fix_dev("Keep session cookies small (store an id, not the whole session or a large JWT); split or drop unneeded cookies; raise the server's header limits (nginx large_client_header_buffers) only as a stopgap.");
    for e in ev {
        c = c.evidence(e);
    }
    for p in big.iter().take(5) {
        if let Some(o) = &p.origin {
            c = c.stale(o.to_ref("oversized"));
        }
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "two session copies, history says the first-sent is older",
            text: "GET https://app.example.com/login\n@started $T-1d\n\n200\nSet-Cookie: sid=old; Domain=example.com; Path=/\n----\nGET https://app.example.com/login\n@started $T-1h\n\n200\nSet-Cookie: sid=new; Path=/\n----\nGET https://app.example.com/api/me\nCookie: sid=old; sid=new\n@started $T\n\n401\n",
            first: Some(DuplicateCookies),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "duplicates with the newest sent first: weaker",
            text: "GET https://app.example.com/login\n@started $T-1d\n\n200\nSet-Cookie: sid=old; Path=/\n----\nGET https://app.example.com/api/login\n@started $T-1h\n\n200\nSet-Cookie: sid=new; Path=/api\n----\nGET https://app.example.com/api/me\nCookie: sid=new; sid=old\n@started $T\n\n401\n",
            first: None,
            present: &[DuplicateCookies],
            absent: &[],
        },
        Case {
            name: "duplicates without any jar knowledge",
            text: "GET https://app.example.com/api/me\nCookie: session=aaa; session=bbb\n\n401\n",
            first: Some(DuplicateCookies),
            present: &[],
            absent: &[],
        },
        Case {
            name: "no duplicates",
            text: "GET https://app.example.com/api/me\nCookie: session=aaa; theme=dark\n\n401\n",
            first: None,
            present: &[],
            absent: &[DuplicateCookies, OversizedCookies],
        },
        Case {
            name: "identical duplicates are only a hint: the bare session reading leads",
            text: "GET https://app.example.com/api/me\nCookie: session=aaa; session=aaa\n\n401\n",
            first: Some(SessionExpired),
            present: &[DuplicateCookies, MissingChallenge],
            absent: &[],
        },
        Case {
            name: "a cookie over 4096 bytes",
            text: "GET https://app.example.com/api/me\nCookie: session=AAAA…5000\n\n401\n",
            first: Some(OversizedCookies),
            present: &[],
            absent: &[],
        },
        Case {
            name: "a big Cookie header of 4000-byte cookies",
            text: "GET https://app.example.com/api/me\nCookie: a=C…4000; b=C…4000; c=C…4000\n\n401\n",
            first: Some(OversizedCookies),
            present: &[],
            absent: &[],
        },
        Case {
            name: "4000 bytes total is fine",
            text: "GET https://app.example.com/api/me\nCookie: session=C…3990\n\n401\n",
            first: None,
            present: &[],
            absent: &[OversizedCookies],
        },
    ];

    /// Expands `X…N` into N copies of X (the format cannot hold kilobytes inline).
    fn big(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('…') {
            let (before, after) = rest.split_at(i);
            let ch = before.chars().last().unwrap();
            out.push_str(&before[..before.len() - ch.len_utf8()]);
            let after = &after['…'.len_utf8()..];
            let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
            out.push_str(&ch.to_string().repeat(digits.parse().unwrap()));
            rest = &after[digits.len()..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn cases() {
        let owned: Vec<(String, &Case)> = CASES.iter().map(|c| (big(c.text), c)).collect();
        let leaked: Vec<Case> = owned
            .iter()
            .map(|(t, c)| Case {
                name: c.name,
                text: Box::leak(t.clone().into_boxed_str()),
                first: c.first,
                present: c.present,
                absent: c.absent,
            })
            .collect();
        run_cases(&leaked);
    }

    #[test]
    fn snapshot_duplicate() {
        let c = cause(CASES[0].text, DuplicateCookies);
        assert_eq!(c.title, "The cookie `sid` was sent 2 times");
        assert_eq!(
            c.explanation,
            "The browser holds 2 cookies named `sid` — same name, different Domain or Path — and sends them all. Browsers put the copy with the longer path first, then the older one; most servers read the first copy, some the last. The copy sent first — the one most servers read — is not the newest, so the server is likely reading an old session. When the copy the server reads is an old session, you appear signed out even right after signing in."
        );
        assert!(c.confidence >= 0.8);
        assert_eq!(c.stale_cookies.len(), 1);
        assert_eq!(
            (
                c.stale_cookies[0].domain.as_str(),
                c.stale_cookies[0].path.as_str()
            ),
            (".example.com", "/")
        );
    }

    /// The stale copy is named exactly (host-only or not, partition, store), so the extension
    /// removes that copy and no other; `--json` only gains fields.
    #[test]
    fn stale_copy_identity() {
        let text = "GET https://app.example.com/api\nCookie: sid=old; sid=new\n@jar sid=old; domain=.example.com; path=/; partition=https://example.com\n@jar sid=new; domain=app.example.com; hostonly; path=/\n\n401\n";
        let c = cause(text, DuplicateCookies);
        assert_eq!(c.stale_cookies.len(), 1, "{:?}", c.stale_cookies);
        let s = &c.stale_cookies[0];
        assert_eq!(
            (s.domain.as_str(), s.host_only, s.partition_key.as_deref()),
            (".example.com", false, Some("https://example.com"))
        );
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(json["host_only"], false);
        assert_eq!(json["partition_key"], "https://example.com");
        assert!(json.get("store_id").is_none());
        let text = "GET https://app.example.com/api\nCookie: sid=old; sid=new\n@jar sid=old; domain=app.example.com; hostonly; path=/\n@jar sid=new; domain=app.example.com; hostonly; path=/api\n\n401\n";
        let c = cause(text, DuplicateCookies);
        let s = &c.stale_cookies[0];
        assert_eq!(
            (
                s.domain.as_str(),
                s.host_only,
                s.path.as_str(),
                s.partition_key.as_deref()
            ),
            ("app.example.com", true, "/", None)
        );
    }
}
