//! Refresh races: `refresh-race`.
//!
//! **What it finds.** Earlier in the capture, two or more token refreshes (POSTs with
//! `grant_type=refresh_token`) that used the same refresh token within seconds of each
//! other, a later one refused (`invalid_grant`, or a 400/401), and then this 401 on a request
//! that carried an Authorization header (or whose headers were not seen).
//!
//! **Why it causes a 401.** With rotating refresh tokens each refresh token is good for one
//! use. When two tabs (or two parallel calls) refresh at once, the second uses a token the
//! first already spent; servers with reuse detection take that for a stolen token and
//! revoke the whole grant, so every token of the session stops working.
//!
//! **Example.** Two tabs wake up, both POST `grant_type=refresh_token&refresh_token=R1`
//! 200 ms apart; the first gets 200, the second 400 `invalid_grant`; the API calls that
//! follow answer 401.
//!
//! **Fix.** Users: sign in again, and keep one tab of the app open for a while. Developers:
//! one refresh in flight per session across tabs (Web Locks `navigator.locks.request`, or a
//! BroadcastChannel leader), or a short reuse grace period on the server.

use crate::cause::{Cause, CauseId, Evidence};
use crate::facts::Facts;
use crate::model::Ctx;

/// Refreshes of one token this close together are a race, not a retry after a failure.
const RACE_MS: f64 = 10_000.0;

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    // Refreshes mint tokens sent in Authorization: a failure that carried none (a cookie
    // session of the same site, say) is not this story. Unseen headers may have carried one.
    if facts.proxy || (facts.auth.is_none() && !facts.request_unseen) {
        return;
    }
    for g in &facts.refreshes {
        if g.calls.len() < 2 {
            continue;
        }
        let first = &g.calls[0];
        let Some(refused) = g.calls.iter().skip(1).find(|c| c.refused) else {
            continue;
        };
        let close = match (first.started_ms, refused.started_ms) {
            (Some(a), Some(b)) => (b - a).abs() <= RACE_MS,
            // No times: adjacent in the capture is the best reading there is.
            _ => refused.pos - first.pos <= 3,
        };
        if !close {
            continue;
        }
        let gap = match (first.started_ms, refused.started_ms) {
            (Some(a), Some(b)) if (b - a).abs() < 1000.0 => {
                format!(" {} ms apart", (b - a).abs().round())
            }
            (Some(a), Some(b)) => format!(
                " {} apart",
                crate::parse::date::format_duration(((b - a) / 1000.0).abs())
            ),
            _ => String::new(),
        };
        let mut c = Cause::new(
            CauseId::RefreshRace,
            if refused.invalid_grant { 0.9 } else { 0.75 },
            format!("{} token refreshes used the same refresh token{gap}, and the server revoked the session", g.calls.len()),
        )
        .explain("The app refreshed its tokens more than once with the same refresh token (two tabs or two parallel calls at once). The server rotates refresh tokens: each is good for one use, and a second use looks like a stolen token, so it refused it and revoked the whole session. The requests after that answer 401.")
        .fix_user("Sign in again. Until the site fixes it, keep one tab of this app open at a time.")
        .fix_dev("Allow one refresh in flight per session across tabs: take a Web Lock (navigator.locks.request('token-refresh', ...)) or elect one tab over a BroadcastChannel, and let the other tabs wait for its result.")
        .fix_dev("Or give rotated refresh tokens a short reuse grace period on the server (a few seconds in which the previous token still returns the same new tokens).");
        for call in g.calls.iter().take(4) {
            c = c.evidence(format!(
                "entry {}: POST {} with grant_type=refresh_token (refresh token of {} bytes) → {}{}",
                call.pos,
                call.url,
                g.token_len,
                call.status,
                if call.invalid_grant { " invalid_grant" } else { "" }
            ));
        }
        if let Some(ms) = first.started_ms {
            c = c.evidence(Evidence::Clock {
                clock: "the first refresh".to_string(),
                at_s: ms / 1000.0,
            });
        }
        c = c.evidence(format!(
            "this 401 (entry {}) comes after the refused refresh (entry {})",
            facts.pos, refused.pos
        ));
        out.push(c);
        return;
    }
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "two tabs refresh with one token; the second is refused; then 401",
            text: "POST https://idp.example.com/token\n@started $T-5s\n@body grant_type=refresh_token&refresh_token=R1abc&client_id=app\n\n200\nContent-Type: application/json\n\n{\"access_token\":\"a2\",\"refresh_token\":\"R2\"}\n----\nPOST https://idp.example.com/token\n@started $T-5s\n@body grant_type=refresh_token&refresh_token=R1abc&client_id=app\n\n400\nContent-Type: application/json\n\n{\"error\":\"invalid_grant\",\"error_description\":\"grant request is invalid\"}\n----\nGET https://api.example.com/me\n@started $T\nAuthorization: Bearer opaque-access-token-a2\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(RefreshRace),
            present: &[],
            absent: &[],
        },
        Case {
            // The extension sees statuses, not bodies: a bare 400 is the refusal.
            name: "the refused refresh's body unseen (the extension): the 400 is enough",
            text: "POST https://idp.example.com/token\n@started $T-2s\n@body grant_type=refresh_token&refresh_token=R1abc\n\n200\n----\nPOST https://idp.example.com/token\n@started $T-2s\n@body grant_type=refresh_token&refresh_token=R1abc\n\n400\n----\nGET https://app.example.com/api/me\n@started $T\nAuthorization: Bearer opaque-access-token-a2\n\n401\nWWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\"\n",
            first: Some(RefreshRace),
            present: &[TokenRejected],
            absent: &[],
        },
        Case {
            // The same site's cookie-session request after a race: not the race's token.
            name: "a race, then a 401 on a request without Authorization: not this story",
            text: "POST https://app.example.com/oauth/token\n@started $T-5s\n@body grant_type=refresh_token&refresh_token=R1abc\n\n200\n----\nPOST https://app.example.com/oauth/token\n@started $T-5s\n@body grant_type=refresh_token&refresh_token=R1abc\n\n400\n\n{\"error\":\"invalid_grant\"}\n----\nGET https://app.example.com/dup/api\n@started $T\nCookie: sid=abc\n\n401\nWWW-Authenticate: Cookie realm=\"app\"\n",
            first: None,
            present: &[],
            absent: &[RefreshRace],
        },
        Case {
            name: "two refreshes with different tokens are no race",
            text: "POST https://idp.example.com/token\n@started $T-5s\n@body grant_type=refresh_token&refresh_token=R1abc\n\n200\n----\nPOST https://idp.example.com/token\n@started $T-4s\n@body grant_type=refresh_token&refresh_token=R2abc\n\n400\n\n{\"error\":\"invalid_grant\"}\n----\nGET https://api.example.com/me\n@started $T\nAuthorization: Bearer opaque-access-token-a2\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[RefreshRace],
        },
        Case {
            name: "the same token refreshed minutes apart (a retry, not a race)",
            text: "POST https://idp.example.com/token\n@started $T-10m\n@body grant_type=refresh_token&refresh_token=R1abc\n\n200\n----\nPOST https://idp.example.com/token\n@started $T-1m\n@body grant_type=refresh_token&refresh_token=R1abc\n\n400\n\n{\"error\":\"invalid_grant\"}\n----\nGET https://api.example.com/me\n@started $T\nAuthorization: Bearer opaque-access-token-a2\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[RefreshRace],
        },
        Case {
            name: "two refreshes of one token, both accepted: no race",
            text: "POST https://idp.example.com/token\n@started $T-5s\n@body grant_type=refresh_token&refresh_token=R1abc\n\n200\n----\nPOST https://idp.example.com/token\n@started $T-5s\n@body grant_type=refresh_token&refresh_token=R1abc\n\n200\n----\nGET https://api.example.com/me\n@started $T\nAuthorization: Bearer opaque-access-token-a2\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[RefreshRace],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }
}
