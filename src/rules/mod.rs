//! The rules: one module per family of causes (`shared/causes.md`), each a function from
//! [`Facts`] to zero or more [`Cause`]s. [`run`] calls every family, then [`finish`] merges,
//! ranks and completes the list.
//!
//! # Ranking
//!
//! Causes are ordered by *band*, then *tier*, then confidence (highest first), then
//! catalogue order (so the order is deterministic):
//!
//! - band 0: causes that explain the failure, with confidence ≥ 0.4;
//! - band 1: `retry-loop`: the loop is what the person sees, but it is a symptom; a cause
//!   that explains why each attempt failed ranks above it, so the loop comes second; it is
//!   first only when it is the most specific thing known;
//! - band 2: explaining causes below 0.4 (hints);
//! - band 3: `missing-challenge`: a server defect that explains nothing about *why*, so
//!   it never ranks above a cause that explains the failure;
//! - band 4: `unknown`.
//!
//! Within a band, tier 0 holds the specific causes (a malformed header, an expired token, a
//! dropped or blocked credential, a rejected preflight, ...), tier 1 the general ones
//! (`token-rejected`, `credentials-rejected`, `no-credentials`, `gateway-rejected`) that
//! say *that* something was refused rather than *why*.
//!
//! The confidence shown orders the list: a cause ranked below another is shown at most as
//! sure as it (its confidence is lowered to the one above), so the numbers never rise down
//! the list (a property test checks it on random exchanges; the accuracy test on every
//! fixture).
//!
//! # Merging
//!
//! One cause per id: duplicates merge (highest confidence wins the title and text; evidence,
//! fixes and stale cookies are unioned). `token-rejected` means "no more specific reason",
//! so it is dropped when a more specific token cause is present, and its evidence moves
//! to that cause.
//!
//! # When nothing explains the failure
//!
//! `unknown` (with the general checklist) appears only when no other cause fits. When the
//! only causes are symptoms (`missing-challenge`, `retry-loop`), they are shown without
//! `unknown`, and the general checklist is appended to the first one's fixes — except in a
//! sanitized capture, where the credentials are hidden: there the symptoms are folded into
//! `unknown`'s evidence, since they cannot be told apart from an invisible cause.

pub mod authorization_shape;
pub mod chunks;
pub mod cookies;
pub mod credentials_absent;
pub mod fallback;
pub mod refresh;
pub mod refused;
pub mod server;
pub mod tamper;
pub mod token_claims;
pub mod token_shape;
pub mod token_times;

#[cfg(test)]
pub(crate) mod testkit;

use crate::cause::{Cause, CauseId, Evidence};
use crate::facts::Facts;
use crate::model::Ctx;

/// A family's check function.
pub type Check = fn(&Facts, &Ctx, &mut Vec<Cause>);

/// Every family's check, in a fixed order.
pub const FAMILIES: &[(&str, Check)] = &[
    ("credentials_absent", credentials_absent::check),
    ("tamper", tamper::check),
    ("authorization_shape", authorization_shape::check),
    ("token_shape", token_shape::check),
    ("token_times", token_times::check),
    ("token_claims", token_claims::check),
    ("refused", refused::check),
    ("cookies", cookies::check),
    ("chunks", chunks::check),
    ("refresh", refresh::check),
    ("server", server::check),
];

/// Runs every family on the facts and returns the ranked, merged causes (never empty).
pub fn run(facts: &Facts, ctx: &Ctx) -> Vec<Cause> {
    let mut out = Vec::new();
    for (_, check) in FAMILIES {
        check(facts, ctx, &mut out);
    }
    finish(out, facts, ctx)
}

/// Merges duplicates, applies subsumption, ranks, and guarantees a non-empty list.
pub fn finish(out: Vec<Cause>, facts: &Facts, ctx: &Ctx) -> Vec<Cause> {
    let mut merged: Vec<Cause> = Vec::new();
    for c in out {
        if !c.confidence.is_finite() {
            continue;
        }
        if let Some(m) = merged.iter_mut().find(|m| m.id == c.id) {
            merge(m, c);
        } else {
            merged.push(c);
        }
    }
    // token-rejected = "refused with no more specific reason".
    const SPECIFIC_TOKEN: &[CauseId] = &[
        CauseId::TokenExpired,
        CauseId::TokenNotYetValid,
        CauseId::AudienceMismatch,
        CauseId::IssuerMismatch,
        CauseId::InsufficientScope,
        CauseId::UnsignedToken,
        CauseId::TokenMalformed,
        CauseId::ClockSkew,
    ];
    if let Some(i) = merged.iter().position(|c| c.id == CauseId::TokenRejected) {
        if let Some(j) = merged
            .iter()
            .position(|c| SPECIFIC_TOKEN.contains(&c.id) && c.confidence >= 0.5)
        {
            let tr = merged.remove(i);
            let j = if j > i { j - 1 } else { j };
            if let Some(target) = merged.get_mut(j) {
                // Only the server's own words move over.
                for e in tr.evidence.into_iter().filter(Evidence::is_servers_words) {
                    if !target.evidence.contains(&e) {
                        target.evidence.push(e);
                    }
                }
            }
        }
    }
    crate::sort::sort_by(&mut merged, |a, b| {
        rank_key(a)
            .cmp(&rank_key(b))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(catalogue_pos(a.id).cmp(&catalogue_pos(b.id)))
    });
    shown_in_order(&mut merged);
    if merged.is_empty() {
        let mut v = Vec::new();
        fallback::check(facts, ctx, &mut v);
        return v;
    }
    if facts.sanitized && merged.iter().all(|c| is_symptom(c.id)) {
        // The capture hides the credentials: symptoms alone are no diagnosis.
        let mut v = Vec::new();
        fallback::check(facts, ctx, &mut v);
        if let Some(u) = v.first_mut() {
            for c in &merged {
                u.evidence.push(format!("also seen: {}", c.title).into());
            }
        }
        return v;
    }
    if merged.iter().all(|c| is_symptom(c.id)) {
        if let Some(first) = merged.first_mut() {
            for f in fallback::checklist_user() {
                if !first.fix_user.contains(&f) {
                    first.fix_user.push(f);
                }
            }
            for f in fallback::checklist_dev() {
                if !first.fix_dev.contains(&f) {
                    first.fix_dev.push(f);
                }
            }
        }
    }
    merged
}

/// The confidence shown orders the list: a cause that the bands and tiers rank below
/// another is never shown surer than it. Its confidence is lowered to the one above it
/// (the ranking's judgement "less sure than that"), so the list makes sense on its face.
fn shown_in_order(causes: &mut [Cause]) {
    let mut ceiling = f64::INFINITY;
    for c in causes.iter_mut() {
        if c.confidence > ceiling {
            c.confidence = ceiling;
        }
        ceiling = c.confidence;
    }
}

/// Symptoms: they do not say why the request failed.
pub fn is_symptom(id: CauseId) -> bool {
    matches!(
        id,
        CauseId::MissingChallenge | CauseId::RetryLoop | CauseId::Unknown
    )
}

/// (band, tier) as documented in the module doc.
pub fn rank_key(c: &Cause) -> (u8, u8) {
    let band = match c.id {
        CauseId::Unknown => 4,
        CauseId::MissingChallenge => 3,
        CauseId::RetryLoop => 1,
        _ if c.confidence >= 0.4 => 0,
        _ => 2,
    };
    (band, tier(c.id))
}

/// Specificity tier: 0 says why, 1 says only that something was refused.
pub fn tier(id: CauseId) -> u8 {
    match id {
        CauseId::TokenRejected
        | CauseId::CredentialsRejected
        | CauseId::NoCredentials
        | CauseId::GatewayRejected => 1,
        _ => 0,
    }
}

fn catalogue_pos(id: CauseId) -> usize {
    CauseId::ALL
        .iter()
        .position(|x| *x == id)
        .unwrap_or(usize::MAX)
}

fn merge(into: &mut Cause, other: Cause) {
    if other.confidence > into.confidence {
        into.confidence = other.confidence;
        into.title = other.title;
        into.explanation = other.explanation;
    }
    for e in other.evidence {
        if !into.evidence.contains(&e) {
            into.evidence.push(e);
        }
    }
    for f in other.fix_user {
        if !into.fix_user.contains(&f) {
            into.fix_user.push(f);
        }
    }
    for f in other.fix_dev {
        if !into.fix_dev.contains(&f) {
            into.fix_dev.push(f);
        }
    }
    for s in other.stale_cookies {
        if !into
            .stale_cookies
            .iter()
            .any(|x| x.name == s.name && x.domain == s.domain && x.path == s.path)
        {
            into.stale_cookies.push(s);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Shared wording helpers for the families
// ---------------------------------------------------------------------------------------

/// "3 h 12 min" for a span of seconds (sign ignored).
pub(crate) fn dur(secs: f64) -> String {
    crate::parse::date::format_duration(secs.abs())
}

/// "2025-11-25 14:02:00 UTC".
pub(crate) fn utc(secs: f64) -> String {
    crate::parse::date::format_utc(secs)
}

/// The cookie a token or cause names, when its domain and path are known.
pub(crate) fn cookie_ref(
    name: &str,
    domain: Option<&str>,
    path: Option<&str>,
    why: &str,
) -> Option<crate::cause::CookieRef> {
    let domain = domain?;
    Some(crate::cause::CookieRef {
        name: name.to_string(),
        host_only: !domain.starts_with('.'),
        domain: domain.to_string(),
        path: path?.to_string(),
        why: why.to_string(),
        ..Default::default()
    })
}

/// The cookie a token sits in: its jar copy exactly (partition and store too) when known,
/// else by name, domain and path.
pub(crate) fn token_cookie_ref(
    place: &crate::facts::TokenPlace,
    why: &str,
) -> Option<crate::cause::CookieRef> {
    match place {
        crate::facts::TokenPlace::Cookie {
            origin: Some(o), ..
        } => Some(o.to_ref(why)),
        crate::facts::TokenPlace::Cookie {
            name, domain, path, ..
        } => cookie_ref(name, domain.as_deref(), path.as_deref(), why),
        crate::facts::TokenPlace::Header(_) => None,
    }
}

/// Plain-words label of a cookie with its domain and path when known.
pub(crate) fn cookie_label(name: &str, domain: Option<&str>, path: Option<&str>) -> String {
    match (domain, path) {
        (Some(d), Some(p)) => format!("cookie `{name}` (domain {d}, path {p})"),
        _ => format!("cookie `{name}`"),
    }
}

/// `server message: "…" (known wording of Spring Security: what it means)`. The stack is the
/// one whose wording matched; several stacks share some texts, so it is not a verdict on
/// which software answered.
pub(crate) fn msg_evidence(m: &crate::facts::MsgHit) -> Evidence {
    Evidence::Server {
        text: crate::mask::MaskedText::text(&m.matched).cut(200),
        stack: m.stack.clone(),
        meaning: m.meaning.clone(),
    }
}

/// The server's own words for `id`: added as evidence to the cause of that id when a rule
/// already found it, else a new cause made by `make` (its confidence scaled by the
/// message's weight: `base + span × weight`).
pub(crate) fn server_says(
    facts: &Facts,
    id: CauseId,
    out: &mut Vec<Cause>,
    base: f64,
    span: f64,
    make: impl FnOnce(&crate::facts::MsgHit, f64) -> Cause,
) {
    let Some(m) = facts.message_for(id) else {
        return;
    };
    let ev = msg_evidence(m);
    let conf = base + span * m.weight.clamp(0.0, 1.0);
    if let Some(c) = out.iter_mut().find(|c| c.id == id) {
        if !c.evidence.contains(&ev) {
            c.evidence.push(ev);
        }
        c.confidence = c.confidence.max(conf);
        return;
    }
    out.push(make(m, conf).evidence(ev));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::*;

    fn c(id: CauseId, conf: f64) -> Cause {
        Cause::new(id, conf, id.as_str())
    }

    #[test]
    fn ranking_bands_and_tiers() {
        let cap = capture("GET https://api.example.com/x\n\n401\n");
        let f = facts_of(&cap, 0);
        let got = finish(
            vec![
                c(CauseId::MissingChallenge, 0.9),
                c(CauseId::RetryLoop, 0.95),
                c(CauseId::TokenRejected, 0.8),
                c(CauseId::AudienceMismatch, 0.3),
                c(CauseId::CookiesNotSent, 0.85),
                c(CauseId::DuplicateCookies, 0.5),
            ],
            &f,
            &ctx(),
        );
        let ids: Vec<_> = got.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            vec![
                CauseId::CookiesNotSent,
                CauseId::DuplicateCookies,
                CauseId::TokenRejected,
                CauseId::RetryLoop,
                CauseId::AudienceMismatch,
                CauseId::MissingChallenge
            ]
        );
    }

    #[test]
    fn merges_ids_and_subsumes_token_rejected() {
        let cap = capture("GET https://api.example.com/x\n\n401\n");
        let f = facts_of(&cap, 0);
        let got = finish(
            vec![
                c(CauseId::TokenRejected, 0.8)
                    .evidence(Evidence::challenge(
                        "WWW-Authenticate: Bearer error=\"invalid_token\"",
                    ))
                    .evidence("token header: alg RS256"),
                c(CauseId::TokenExpired, 0.9).evidence("exp"),
                c(CauseId::TokenExpired, 0.7).evidence("cookie exp"),
            ],
            &f,
            &ctx(),
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, CauseId::TokenExpired);
        assert_eq!(
            got[0].evidence,
            vec![
                "exp",
                "cookie exp",
                "WWW-Authenticate: Bearer error=\"invalid_token\""
            ]
        );
    }

    #[test]
    fn never_empty_and_symptoms_get_checklist() {
        let cap = capture("GET https://api.example.com/x\n\n401\n");
        let f = facts_of(&cap, 0);
        let got = finish(vec![], &f, &ctx());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, CauseId::Unknown);
        let got = finish(vec![c(CauseId::MissingChallenge, 0.3)], &f, &ctx());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, CauseId::MissingChallenge);
        assert!(got[0].fix_user.len() >= 4, "{:?}", got[0].fix_user);
    }

    #[test]
    fn shown_confidence_orders_the_list() {
        // A general cause (tier 1) surer than a specific one still ranks below it; its shown
        // confidence is lowered so the list never rises.
        let cap = capture("GET https://api.example.com/x\n\n401\n");
        let f = facts_of(&cap, 0);
        let got = finish(
            vec![
                c(CauseId::CredentialsRejected, 0.9),
                c(CauseId::CookiesNotSent, 0.6),
                c(CauseId::MissingChallenge, 0.8),
            ],
            &f,
            &ctx(),
        );
        let shown: Vec<(CauseId, f64)> = got.iter().map(|c| (c.id, c.confidence)).collect();
        assert_eq!(
            shown,
            vec![
                (CauseId::CookiesNotSent, 0.6),
                (CauseId::CredentialsRejected, 0.6),
                (CauseId::MissingChallenge, 0.6)
            ]
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use crate::model::Capture;
        use crate::rules::testkit::*;
        use proptest::prelude::*;

        /// Pieces of random exchanges: request headers, response headers, bodies.
        const REQ: &[&str] = &[
            "Authorization: Bearer $JWT{\"exp\":$T-1h,\"iss\":\"https://login.idp.test/\"}",
            "Authorization: Bearer $JWT{\"exp\":$T+1h,\"aud\":\"https://api.other.test\"}",
            "Authorization: Bearer undefined",
            "Authorization: Basic $BASIC(admin:admin)",
            "Authorization: Basic $BASIC(bob)",
            "Authorization: Bearer $JWTNONE{\"sub\":\"x\"}",
            "Cookie: sid=abc123; theme=dark",
            "Cookie: sid=a; sid=b",
            "Cookie: token=$JWT{\"exp\":$T-2h}",
            "X-Api-Key: k_123456",
            "@document https://app.other.test/",
            "@started $T",
            "@jar sid=v; domain=.example.com; path=/; samesite=lax",
        ];
        const RESP: &[&str] = &[
            "WWW-Authenticate: Bearer",
            "WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"The token expired\"",
            "WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"write\"",
            "WWW-Authenticate: Basic realm=\"x\"",
            "WWW-Authenticate: Digest realm=\"x\", nonce=\"n\", stale=true",
            "WWW-Authenticate: Negotiate",
            "Set-Cookie: sid=; Max-Age=0; Path=/",
            "Date: $D+3h",
            "Date: $D",
            "x-amzn-ErrorType: UnauthorizedException",
        ];
        const BODY: &[&str] = &[
            "",
            "{\"message\":\"Session expired\"}",
            "{\"error\":{\"message\":\"Invalid API key\"}}",
            "Unauthorized",
            "{\"detail\":\"Authentication credentials were not provided.\"}",
            "{\"title\":\"Unauthorized\",\"detail\":\"Token revoked\"}",
        ];

        fn exchange(
            req: &[usize],
            resp: &[usize],
            body: usize,
            url: usize,
            status: usize,
        ) -> String {
            let urls = [
                "https://api.example.com/me",
                "http://127.0.0.1:8000/api",
                "https://example.com/login",
            ];
            let mut t = format!("GET {}\n", urls[url % urls.len()]);
            for i in req {
                t.push_str(REQ[i % REQ.len()]);
                t.push('\n');
            }
            t.push_str(&format!("\n{}\n", [401, 407, 401][status % 3]));
            for i in resp {
                t.push_str(RESP[i % RESP.len()]);
                t.push('\n');
            }
            let b = BODY[body % BODY.len()];
            if !b.is_empty() {
                t.push_str(&format!("\n{b}"));
            }
            t
        }

        proptest! {
            #[test]
            fn shown_confidences_never_rise_down_the_list(
                req in proptest::collection::vec(0usize..64, 0..5),
                resp in proptest::collection::vec(0usize..64, 0..4),
                body in 0usize..64, url in 0usize..8, status in 0usize..8,
            ) {
                let text = exchange(&req, &resp, body, url, status);
                let cap: Capture = capture(&text);
                let report = crate::diagnose::diagnose(&cap, &ctx());
                for f in &report.findings {
                    prop_assert!(!f.causes.is_empty());
                    for w in f.causes.windows(2) {
                        prop_assert!(w[0].confidence >= w[1].confidence, "{text}\n{:?}", f.causes.iter().map(|c| (c.id, c.confidence)).collect::<Vec<_>>());
                    }
                }
            }
        }
    }

    #[test]
    fn non_finite_confidence_is_dropped() {
        let cap = capture("GET https://api.example.com/x\n\n401\n");
        let f = facts_of(&cap, 0);
        let mut bad = c(CauseId::TokenExpired, 0.5);
        bad.confidence = f64::NAN;
        let got = finish(vec![bad], &f, &ctx());
        assert_eq!(got[0].id, CauseId::Unknown);
    }
}
