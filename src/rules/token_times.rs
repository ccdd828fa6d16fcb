//! Token times: `token-expired`, `token-not-yet-valid`, `clock-skew`.
//!
//! **What it finds.** A JWT in play (the bearer token, or a JWT in a cookie) whose `exp` has
//! passed, or whose `nbf` (or `iat`) lies in the future, judged by the server's clock (its
//! `Date` header) — the clock the server itself checks with — or by the client's clock when
//! the server sent no Date. And clocks that disagree by more than a minute: the device and
//! the server, or the token's issuer and the API.
//!
//! **Why it causes a 401.** Servers refuse a token outside its validity window. When the
//! device clock is wrong, the app believes an expired token is still good and never
//! refreshes it, or the token only fails on one of two servers whose clocks disagree.
//!
//! **Leeway.** Times within [`LEEWAY_S`] (60 s) of the boundary count with lower confidence:
//! libraries allow 0–300 s, and request latency blurs the readings.
//!
//! **Example.** `Authorization: Bearer eyJ…` with `exp` = 11:00 UTC, answered 401 with
//! `Date: Tue, 25 Nov 2025 14:00:00 GMT` → "The sign-in token expired 3 h before this request".
//!
//! **Fix.** Sign in again (users); refresh before `exp`, retry once on 401, keep server
//! clocks on NTP (developers).

use crate::cause::{Cause, CauseId, Evidence};
use crate::facts::{Facts, TokenFacts, TokenPlace, LEEWAY_S};
use crate::model::Ctx;
use crate::rules::{cookie_label, dur, server_says, utc};

pub fn check(facts: &Facts, ctx: &Ctx, out: &mut Vec<Cause>) {
    let (client_s, client_is_request) = facts.clocks.client_secs(ctx);
    let server_s = facts.clocks.server_secs();
    let mut flipped: Option<&'static str> = None;
    for t in &facts.tokens {
        let Some(j) = t.jws() else { continue };
        let judge = Judge {
            facts,
            t,
            client_s,
            client_is_request,
            server_s,
            weight: place_weight(t),
        };
        if let Some(exp) = j.exp.filter(|v| v.is_finite()) {
            flipped = flipped.or(check_exp(&judge, exp, out));
        }
        let start = j
            .nbf
            .filter(|v| v.is_finite())
            .map(|v| ("nbf", v))
            .or(j.iat.filter(|v| v.is_finite()).map(|v| ("iat", v)));
        if let Some((claim, at)) = start {
            flipped = flipped.or(check_start(&judge, claim, at, out));
        }
    }
    check_skew(facts, client_is_request, flipped, out);
    let shown_valid = facts.tokens.iter().any(|t| t.jws().is_some())
        && !out.iter().any(|c| c.id == CauseId::TokenExpired);
    server_says(facts, CauseId::TokenExpired, out, 0.45, 0.45, |_, conf| {
        let mut text = "The server's error message says the sign-in token has expired. Tokens carry an expiry time; after it, the app must refresh the token or ask you to sign in again.".to_string();
        if shown_valid {
            text.push_str(" (The token in this capture was not expired by the clocks it records: the server may have checked another token, or its clock is off.)");
        }
        Cause::new(
            CauseId::TokenExpired,
            conf,
            "The server says the sign-in token has expired",
        )
        .explain(text)
        .fix_user("Sign in again, or reload the page so the app fetches a fresh token.")
        .fix_dev("Refresh the access token before `exp` and retry once with a fresh token on 401.")
    });
    server_says(
        facts,
        CauseId::TokenNotYetValid,
        out,
        0.45,
        0.4,
        |_, conf| {
            Cause::new(CauseId::TokenNotYetValid, conf, "The server says the token is not valid yet")
            .explain("The server's error message says the token's start time (`nbf` or `iat`) lies in its future. That happens when the server that issued the token has a clock ahead of the API's clock.")
            .fix_user("Wait a minute and try again; if it keeps failing, report it to the site with the time of the failure.")
            .fix_dev("Keep the token issuer's and the API's clocks in sync (NTP), and allow a 30–60 s leeway on `nbf`/`iat`.")
        },
    );
    server_says(facts, CauseId::ClockSkew, out, 0.35, 0.4, |_, conf| {
        Cause::new(CauseId::ClockSkew, conf, "The server's message points at a clock difference")
            .explain("The server's error message says the times in the request (a token or a signature) do not fit its clock. Clocks that disagree by minutes make valid credentials look expired or not yet valid.")
            .fix_user("Set your device's date and time to update automatically (network time), then try again.")
            .fix_dev("Keep servers on NTP and allow a small leeway on time checks.")
    });
}

/// How much a token in this place is likely the credential the server checks.
fn place_weight(t: &TokenFacts) -> f64 {
    match &t.place {
        TokenPlace::Header(_) => 1.0,
        TokenPlace::Cookie {
            session_like: true, ..
        } => 0.95,
        TokenPlace::Cookie { .. } => 0.75,
    }
}

fn where_(t: &TokenFacts) -> String {
    match &t.place {
        TokenPlace::Header(h) => format!("the bearer token in the {h} header"),
        TokenPlace::Cookie {
            name, domain, path, ..
        } => format!(
            "the JWT in {}",
            cookie_label(name, domain.as_deref(), path.as_deref())
        ),
    }
}

fn subject(t: &TokenFacts) -> String {
    match &t.place {
        TokenPlace::Header(_) => "The sign-in token".to_string(),
        TokenPlace::Cookie { name, .. } => format!("The sign-in token in cookie `{name}`"),
    }
}

fn add_cookie(t: &TokenFacts, c: Cause, why: &str) -> Cause {
    match &t.place {
        TokenPlace::Cookie { name, .. } => {
            let c = c.fix_user(format!("Clear the stale cookie `{name}` for this site (or all of the site's cookies), then sign in again."));
            match crate::rules::token_cookie_ref(&t.place, why) {
                Some(r) => c.stale(r),
                None => c,
            }
        }
        TokenPlace::Header(_) => c,
    }
}

/// One token's time claims under judgement: the token, the clocks they are read against
/// (the client's, and whether it is the request's own time; the server's Date), and how
/// much the token is the credential the server checks.
#[derive(Clone, Copy)]
struct Judge<'a, 'c> {
    facts: &'a Facts<'c>,
    t: &'a TokenFacts<'c>,
    client_s: f64,
    client_is_request: bool,
    server_s: Option<f64>,
    weight: f64,
}

fn check_exp(j: &Judge, exp: f64, out: &mut Vec<Cause>) -> Option<&'static str> {
    let Judge {
        facts,
        t,
        client_s,
        client_is_request,
        server_s,
        weight,
    } = *j;
    let by_client = client_s - exp;
    let exp_ev = Evidence::Claim {
        claim: "exp".into(),
        value: exp,
        meaning: None,
        place: where_(t),
    };
    let client_ev = Evidence::Clock {
        clock: if client_is_request {
            "the device's clock at the request".into()
        } else {
            "now (this diagnosis)".into()
        },
        at_s: client_s,
    };
    match server_s {
        Some(s) if s - exp >= 0.0 => {
            let late = s - exp;
            // Valid by the device's clock, expired by the server's: the clocks are the cause.
            let flipped = by_client < 0.0 && client_is_request && s - client_s > LEEWAY_S;
            let conf = (if flipped {
                0.7
            } else if late > LEEWAY_S {
                0.95
            } else {
                0.7
            }) * weight;
            let date = facts.clocks.date_header.clone().unwrap_or_default();
            let mut c = Cause::new(
                CauseId::TokenExpired,
                conf,
                format!("{} expired {} before this request", subject(t), dur(late)),
            )
            .evidence(exp_ev)
            .evidence(format!(
                "the server's Date: {date} ({}), {} after exp",
                utc(s),
                dur(late)
            ));
            let client_ok = by_client < 0.0;
            let mut text = format!(
                "Sign-in tokens carry an expiry time (`exp`). This one expired at {}, and the server's clock said {} when the request arrived, so the server refused it. The app should have refreshed the token or asked you to sign in again.",
                utc(exp),
                utc(s)
            );
            if client_is_request {
                c = c.evidence(client_ev);
                if client_ok {
                    text.push_str(&format!(
                        " Your device's clock still showed the token as valid ({} left), which is likely why the app did not refresh it: the device clock is {} behind the server.",
                        dur(by_client),
                        dur(s - client_s)
                    ));
                }
            }
            c = c
                .explain(text)
                .fix_user("Sign in again, or reload the page so the app fetches a fresh token.")
                .fix_dev("Refresh the access token before `exp` (for example when less than a minute is left) and retry once with a fresh token on 401.")
                .fix_dev("Judge expiry by the server's time: use `expires_in` from the token response or the response's `Date`, not the device clock alone.");
            if client_ok && client_is_request {
                c = c.fix_user("Set your device's clock to update automatically (network time).");
            }
            out.push(add_cookie(t, c, "holds an expired JWT"));
            flipped.then_some("expired")
        }
        Some(s) => {
            // Valid by the server's clock.
            if by_client >= LEEWAY_S && client_is_request {
                let c = Cause::new(
                    CauseId::ClockSkew,
                    0.45 * weight,
                    format!("Only your device's clock says the token expired ({} ahead of the server)", dur(client_s - s)),
                )
                .evidence(exp_ev)
                .evidence(client_ev)
                .evidence(format!("the server's Date: {}: the token still had {} left", utc(s), dur(exp - s)))
                .explain("By the server's clock the token was still valid, but your device's clock is ahead and already past the token's expiry. Apps that check expiry on the device may drop or refuse to send a token the server would still accept.")
                .fix_user("Set your device's clock to update automatically (network time).")
                .fix_dev("Compare token expiry against server time (the `Date` of a response, or `expires_in`), not the device clock alone.");
                out.push(c);
            }
            None
        }
        None => {
            if by_client < 0.0 {
                return None;
            }
            let conf = weight
                * match (client_is_request, by_client > LEEWAY_S) {
                    (true, true) => 0.85,
                    (true, false) => 0.6,
                    (false, true) => 0.55,
                    (false, false) => 0.35,
                };
            let title = if client_is_request {
                format!(
                    "{} expired {} before this request",
                    subject(t),
                    dur(by_client)
                )
            } else {
                format!("{} has expired ({} ago)", subject(t), dur(by_client))
            };
            let judge = if client_is_request {
                "The server sent no Date header, so this is judged by the device's clock."
            } else {
                "Neither the request time nor the server's Date is known, so this is judged by the time of this diagnosis: the token may still have been valid when the request was sent."
            };
            let c = Cause::new(CauseId::TokenExpired, conf, title)
                .evidence(exp_ev)
                .evidence(client_ev)
                .explain(format!(
                    "Sign-in tokens carry an expiry time (`exp`). This one expired at {}. {judge} Servers refuse expired tokens.",
                    utc(exp)
                ))
                .fix_user("Sign in again, or reload the page so the app fetches a fresh token.")
                .fix_dev("Refresh the access token before `exp` and retry once with a fresh token on 401.")
                .fix_dev("Send a `Date` header on every response so clients and tools can judge times by the server's clock.");
            out.push(add_cookie(t, c, "holds an expired JWT"));
            None
        }
    }
}

fn check_start(j: &Judge, claim: &str, at: f64, out: &mut Vec<Cause>) -> Option<&'static str> {
    let Judge {
        facts,
        t,
        client_s,
        client_is_request,
        server_s,
        weight,
    } = *j;
    // `iat` in the future is refused by fewer libraries than `nbf`.
    let base = if claim == "nbf" { 0.9 } else { 0.7 };
    let meaning = if claim == "nbf" {
        "not valid before"
    } else {
        "issued at"
    };
    let ev = Evidence::Claim {
        claim: claim.to_string(),
        value: at,
        meaning: Some(meaning.to_string()),
        place: where_(t),
    };
    let (now, by_server) = match server_s {
        Some(s) => (s, true),
        None => (client_s, false),
    };
    let early = at - now;
    if early <= LEEWAY_S {
        return None;
    }
    // Not valid yet by the server's clock, fine by the device's: the clocks are the cause.
    let flipped = by_server && client_is_request && at - client_s <= LEEWAY_S;
    let conf = if flipped {
        0.7
    } else if by_server {
        base
    } else if client_is_request {
        base - 0.2
    } else {
        base - 0.4
    };
    let clock = if by_server {
        "the server's clock"
    } else if client_is_request {
        "the device's clock"
    } else {
        "the time of this diagnosis"
    };
    let mut c = Cause::new(
        CauseId::TokenNotYetValid,
        conf * weight,
        format!(
            "{} only becomes valid {} after {clock} at the request",
            subject(t),
            dur(early)
        ),
    )
    .evidence(ev)
    .evidence(format!("{clock}: {}", utc(now)));
    let mut text = format!(
        "The token says it is valid only from {} (`{claim}`), but {clock} said {} — {} earlier. Servers refuse tokens that are not valid yet.",
        utc(at),
        utc(now),
        dur(early)
    );
    if by_server {
        text.push_str(" This usually means the server that issued the token has a clock ahead of the API's clock.");
        if let Some(d) = facts.clocks.date_header.as_deref() {
            c = c.evidence(format!("the server's Date header: {d}"));
        }
    }
    c = c
        .explain(text)
        .fix_user("Wait a minute and try again; if it keeps failing, report it to the site with the time of the failure.")
        .fix_dev("Keep the token issuer's and the API's clocks in sync (NTP), and allow a small leeway (30–60 s) for `nbf`/`iat` checks.");
    out.push(add_cookie(t, c, "holds a JWT that is not valid yet"));
    flipped.then_some("not valid yet")
}

fn check_skew(
    facts: &Facts,
    client_is_request: bool,
    flipped: Option<&'static str>,
    out: &mut Vec<Cause>,
) {
    if let (Some(skew_ms), true) = (facts.clocks.skew_ms, client_is_request) {
        let skew = skew_ms / 1000.0;
        if let (true, Some(state)) = (skew.abs() > LEEWAY_S, flipped) {
            out.push(flipped_skew(facts, skew, state));
        } else if skew.abs() > LEEWAY_S {
            let conf = if skew.abs() > 300.0 && !facts.tokens.is_empty() {
                0.5
            } else if skew.abs() > 300.0 {
                0.4
            } else {
                0.3
            };
            let dir = if skew > 0.0 { "behind" } else { "ahead of" };
            let client = facts.clocks.client_ms.unwrap_or(0.0) / 1000.0;
            let server = facts.clocks.server_ms.unwrap_or(0.0) / 1000.0;
            let title = format!("Your device's clock is {} {dir} the server's", dur(skew));
            let cause = Cause::new(CauseId::ClockSkew, conf, title);
            out.push(
                clock_readings(cause, facts, client, server, skew)
                    .explain(format!(
                        "The device's clock and the server's clock differ by {} (more than a minute, so it is not network delay). Sign-in tokens and one-time codes are checked against clocks: when they disagree, an app can keep a token the server already considers expired, or a code can be refused.",
                        dur(skew)
                    ))
                    .fix_user("Set your device's date and time to update automatically (network time), then sign in again.")
                    .fix_dev("Keep servers on NTP; judge token expiry by server time (`expires_in`, the response's `Date`), not the device clock."),
            );
        }
    }
    // The token issuer's clock against the API's.
    if let Some(api) = facts.clocks.skew_ms {
        for s in &facts.clocks.issuer_skews {
            let diff = (s.skew_ms - api) / 1000.0;
            if diff.abs() <= LEEWAY_S {
                continue;
            }
            let dir = if diff > 0.0 { "ahead of" } else { "behind" };
            // The root cause of a token-time failure it explains: ranked just above it.
            let conf = out
                .iter()
                .filter(|c| c.id == CauseId::TokenNotYetValid || c.id == CauseId::TokenExpired)
                .map(|c| (c.confidence + 0.05).min(0.95))
                .fold(0.55, f64::max);
            out.push(
                Cause::new(CauseId::ClockSkew, conf, format!("The token issuer's clock is {} {dir} the API's clock", dur(diff)))
                    .evidence(format!("{}: its Date headers are {} off the device's clock ({} responses)", s.host, dur(s.skew_ms / 1000.0), s.samples))
                    .evidence(format!("{}: its Date header is {} off the device's clock", facts.host(), dur(api / 1000.0)))
                    .explain(format!(
                        "The server that issues the tokens ({}) and the API ({}) disagree on the time by {}. Tokens issued by one are then too new or already expired for the other.",
                        s.host,
                        facts.host(),
                        dur(diff)
                    ))
                    .fix_user("Nothing to fix on your device; report it to the site with the time of the failure.")
                    .fix_dev("Sync the issuer's and the API's clocks (NTP) and allow a 30–60 s leeway on `exp`/`nbf`/`iat`."),
            );
        }
    }
}

/// The device and the server disagree, and the token fails only by the server's clock.
fn flipped_skew(facts: &Facts, skew: f64, state: &str) -> Cause {
    let client = facts.clocks.client_ms.unwrap_or(0.0) / 1000.0;
    let server = facts.clocks.server_ms.unwrap_or(0.0) / 1000.0;
    let ahead = if skew > 0.0 {
        "the server is ahead"
    } else {
        "the server is behind"
    };
    let title = format!("Your device's clock and the server's differ by {} ({ahead}): the token is {state} only by the server's clock", dur(skew));
    let cause = Cause::new(CauseId::ClockSkew, 0.9, title);
    clock_readings(cause, facts, client, server, skew)
    .explain(format!(
        "The device's clock said {} and the server's said {}: {} apart. By the device's clock the token is fine; by the server's it is {state}, so the server refused it. One of the two clocks is wrong: if your device shows the right time, the server's clock is off.",
        utc(client),
        utc(server),
        dur(skew)
    ))
    .fix_user("Check that your device's date, time and time zone are set automatically. If they are right, the site's server clock is wrong: report it with the time of the failure.")
    .fix_dev("Keep servers on NTP (check the clock of the API host, its VM or container); judge token times by server time and allow a 30–60 s leeway.")
}

/// `c` with the two clock readings and their difference as evidence.
fn clock_readings(c: Cause, facts: &Facts, client_s: f64, server_s: f64, skew: f64) -> Cause {
    c.evidence(format!(
        "the device's clock when it sent the request: {}",
        utc(client_s)
    ))
    .evidence(format!(
        "the server's Date: {} ({}): a difference of {}",
        facts.clocks.date_header.as_deref().unwrap_or(""),
        utc(server_s),
        dur(skew)
    ))
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "bearer expired 3 h by the server's clock",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"sub\":\"u1\",\"exp\":$T-3h}\n@started $T\n\n401\nDate: $D\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenExpired),
            present: &[],
            absent: &[TokenRejected, ClockSkew, NoCredentials],
        },
        Case {
            name: "expired by the server, fine by a slow device clock",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T-5m}\n@started $T-10m\n\n401\nDate: $D\n",
            first: Some(ClockSkew),
            present: &[TokenExpired],
            absent: &[],
        },
        Case {
            name: "expired only by a fast device clock",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+5m}\n@started $T+10m\n\n401\nDate: $D\n",
            first: None,
            present: &[ClockSkew],
            absent: &[TokenExpired],
        },
        Case {
            name: "still valid: no time cause",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h,\"iat\":$T-5m}\n@started $T\n\n401\nDate: $D\n",
            first: None,
            present: &[],
            absent: &[TokenExpired, TokenNotYetValid, ClockSkew],
        },
        Case {
            name: "expired by client clock, no Date header",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T-2h}\n@started $T\n\n401\n",
            first: Some(TokenExpired),
            present: &[],
            absent: &[ClockSkew],
        },
        Case {
            name: "within leeway: expired 30 s by the server is still reported, lower",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T-30s}\n@started $T\n\n401\nDate: $D\n",
            first: Some(TokenExpired),
            present: &[],
            absent: &[ClockSkew],
        },
        Case {
            name: "nbf 10 min in the future by the server",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"nbf\":$T+10m,\"exp\":$T+1h}\n@started $T\n\n401\nDate: $D\n",
            first: Some(TokenNotYetValid),
            present: &[],
            absent: &[TokenExpired],
        },
        Case {
            name: "nbf 30 s ahead is within leeway",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"nbf\":$T+30s,\"exp\":$T+1h}\n@started $T\n\n401\nDate: $D\n",
            first: None,
            present: &[],
            absent: &[TokenNotYetValid],
        },
        Case {
            name: "iat in the future counts when nbf is absent",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"iat\":$T+5m,\"exp\":$T+1h}\n@started $T\n\n401\nDate: $D\n",
            first: Some(TokenNotYetValid),
            present: &[],
            absent: &[],
        },
        Case {
            name: "device 7 min behind, no token",
            text: "GET https://app.example.com/\n@started $T-7m\n\n401\nDate: $D\nWWW-Authenticate: Basic realm=\"x\"\n",
            first: None,
            present: &[ClockSkew],
            absent: &[TokenExpired],
        },
        Case {
            name: "30 s difference is latency, not skew",
            text: "GET https://app.example.com/\n@started $T-30s\n\n401\nDate: $D\n",
            first: None,
            present: &[],
            absent: &[ClockSkew],
        },
        Case {
            name: "expired JWT in a session cookie",
            text: "GET https://app.example.com/api\nCookie: session=$JWT{\"exp\":$T-1d}\n@started $T\n\n401\nDate: $D\n",
            first: Some(TokenExpired),
            present: &[SessionExpired],
            absent: &[],
        },
        Case {
            name: "no exp at all: nothing about times",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"sub\":\"x\"}\n@started $T\n\n401\nDate: $D\n",
            first: None,
            present: &[],
            absent: &[TokenExpired, TokenNotYetValid, ClockSkew],
        },
        Case {
            name: "issuer clock ahead of the API",
            text: "POST https://login.example.com/token\n@started $T-2m\n\n200\nDate: $D+3m\n----\nGET https://api.example.com/me\nAuthorization: Bearer $JWT{\"iss\":\"https://login.example.com\",\"iat\":$T+4m,\"exp\":$T+1h}\n@started $T\n\n401\nDate: $D\n",
            first: Some(ClockSkew),
            present: &[TokenNotYetValid],
            absent: &[TokenExpired],
        },
        Case {
            name: "server says the token expired (opaque token)",
            text: "GET https://api.example.com/me\nAuthorization: Bearer opaque-token-value-123456\n\n401\n\n{\"message\":\"jwt expired\"}",
            first: Some(TokenExpired),
            present: &[],
            absent: &[TokenRejected],
        },
        Case {
            name: "server 2 h behind: nbf now is not valid yet only by the server",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"nbf\":$T,\"iat\":$T,\"exp\":$T+15m}\n@started $T\n\n401\nDate: $D-2h\n",
            first: Some(ClockSkew),
            present: &[TokenNotYetValid],
            absent: &[TokenExpired],
        },
        Case {
            name: "device 10 min behind, token long expired by both clocks",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T-3h}\n@started $T-10m\n\n401\nDate: $D\n",
            first: Some(TokenExpired),
            present: &[ClockSkew],
            absent: &[],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_expired() {
        let c = cause(CASES[0].text, TokenExpired);
        assert_eq!(c.title, "The sign-in token expired 3 h before this request");
        assert_eq!(
            c.explanation,
            "Sign-in tokens carry an expiry time (`exp`). This one expired at 2025-11-25 11:00:00 UTC, and the server's clock said 2025-11-25 14:00:00 UTC when the request arrived, so the server refused it. The app should have refreshed the token or asked you to sign in again."
        );
        assert!(c.confidence >= 0.9);
        assert_eq!(c.evidence[0], "exp = 1764068400 (2025-11-25 11:00:00 UTC) in the bearer token in the Authorization header");
        assert!(
            c.evidence.iter().any(|e| e.contains("invalid_token")),
            "{:?}",
            c.evidence
        );
    }
}
