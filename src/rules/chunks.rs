//! Chunked cookies with a part missing: `cookies-not-sent` or `oversized-cookies`.
//!
//! **What it finds.** An ASP.NET Core chunked cookie (`.AspNetCore.Cookies=chunks-3` plus
//! `.AspNetCore.CookiesC1`..`C3`) whose request lacks one of the parts.
//!
//! **Why it causes a 401.** The server joins the parts before it decrypts them; with one
//! missing it cannot read the session at all and answers as if nobody were signed in. Parts
//! go missing because a part was too big to store (a browser refuses a cookie over 4096
//! bytes; the whole header may pass a server's limit), or because a part was not sent (a
//! different Path or Domain, deleted, blocked).
//!
//! **Example.** `Cookie: .AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC1=CfDJ8…` →
//! "The chunked cookie `.AspNetCore.Cookies` arrived without its part `.AspNetCore.CookiesC2`".
//!
//! **Fix.** Users: clear this site's cookies and sign in again. Developers: keep the
//! authentication ticket small (claims out of the cookie, a server-side `ITicketStore`), and
//! give every part the same Path and Domain.

use crate::cause::{Cause, CauseId, Evidence};
use crate::facts::Facts;
use crate::model::Ctx;
use crate::rules::cookies::{HEADER_WARN_BYTES, MAX_COOKIE_BYTES};

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    if facts.proxy || facts.cookies_unseen {
        return;
    }
    for s in &facts.sessions {
        if s.missing_chunks.is_empty() {
            continue;
        }
        let n = s.session.chunks.unwrap_or(0);
        let missing = s.missing_chunks.join("`, `");
        // Too big: a Set-Cookie for a part was refused, or the header is near the limits.
        let refused = facts
            .refused_sets
            .iter()
            .find(|r| s.missing_chunks.contains(&r.name));
        let big_part = facts
            .cookies
            .pairs
            .iter()
            .filter(|p| p.name.starts_with(s.name.as_str()))
            .map(|p| p.bytes)
            .max()
            .unwrap_or(0);
        let oversized = refused.is_some() || facts.cookies.header_bytes >= HEADER_WARN_BYTES;
        let id = if oversized {
            CauseId::OversizedCookies
        } else {
            CauseId::CookiesNotSent
        };
        let mut c = Cause::new(
            id,
            0.85,
            format!(
                "The chunked cookie `{}` arrived without its part `{missing}`",
                s.name
            ),
        )
        .evidence(format!(
            "Cookie: `{}=chunks-{n}`: the session is split in {n} parts; the request lacks `{missing}`",
            s.name
        ))
        .explain("The server stores your session in several cookies and reads it only when every part arrives. One is missing, so it cannot read the session at all and answers as if nobody were signed in.")
        .fix_user("Clear this site's cookies, then sign in again.")
        .fix_dev("Keep the authentication cookie small (move claims out of it, or store the ticket server-side with an ITicketStore / session store), and set every part with the same Path and Domain.");
        for m in &s.missing_chunks {
            let why = match refused.filter(|r| r.name == *m) {
                Some(r) => format!("the browser refused to store it: {}", r.why),
                None if oversized => format!(
                    "the Cookie header is {} bytes, past the {HEADER_WARN_BYTES}-byte limit of common servers",
                    facts.cookies.header_bytes
                ),
                None => "not in the request (a different Path or Domain, deleted, or never stored)".to_string(),
            };
            c = c.evidence(Evidence::CookieNotSent {
                cookie: format!("cookie `{m}`"),
                why,
            });
        }
        if big_part >= MAX_COOKIE_BYTES - 200 {
            c = c.evidence(format!(
                "the largest part sent is {big_part} bytes, at the {MAX_COOKIE_BYTES}-byte limit of one cookie"
            ));
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "a part of a chunked ASP.NET Core cookie not sent",
            text: "GET https://app.example.com/account\nCookie: .AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC1=CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n\n401\n",
            first: Some(CookiesNotSent),
            present: &[],
            absent: &[OversizedCookies, TokenMalformed],
        },
        Case {
            name: "every part sent: the usual bare-session reading, no chunk cause",
            text: "GET https://app.example.com/account\nCookie: .AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC1=CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; .AspNetCore.CookiesC2=AAAA\n\n401\n",
            first: Some(SessionExpired),
            present: &[],
            absent: &[CookiesNotSent, OversizedCookies],
        },
        Case {
            name: "a part the browser refused to store (too large)",
            text: "GET https://app.example.com/signin\n@started $T-1m\n\n302\nSet-Cookie: .AspNetCore.Cookies=chunks-2; Path=/\nSet-Cookie: .AspNetCore.CookiesC1=CfDJ8AAAA; Path=/\nSet-Cookie: .AspNetCore.CookiesC2=$BIG; Path=/\n----\nGET https://app.example.com/account\n@started $T\nCookie: .AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC1=CfDJ8AAAA\n\n401\n",
            first: Some(OversizedCookies),
            present: &[],
            absent: &[],
        },
    ];

    #[test]
    fn cases() {
        let big = "A".repeat(5000);
        let owned: Vec<(String, &Case)> = CASES
            .iter()
            .map(|c| (c.text.replace("$BIG", &big), c))
            .collect();
        for (text, c) in &owned {
            let causes = causes_of(text);
            let ids: Vec<_> = causes.iter().map(|c| c.id).collect();
            assert_eq!(ids.first().copied(), c.first, "{}: {ids:?}", c.name);
            for a in c.absent {
                assert!(!ids.contains(a), "{}: {a:?} in {ids:?}", c.name);
            }
        }
    }
}
