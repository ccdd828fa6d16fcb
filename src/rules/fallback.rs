//! Fallback: `unknown`, with the general checklist.
//!
//! **What it finds.** Nothing specific: no other rule fits. It is produced only by
//! [`crate::rules::finish`] when the list would otherwise be empty.
//!
//! **Why a 401 happens anyway.** The reasons the capture cannot show: the credential is
//! wrong in a way only the server knows, the account lacks access, the server is
//! misconfigured.
//!
//! **Example.** A 401 with `WWW-Authenticate: Bearer` to a request whose credentials are not
//! visible (a sanitized HAR) → "why401 cannot tell why this request was refused".
//!
//! **Fix.** The checklist: URL and http vs https, sign in again, clear the site's cookies,
//! check the device clock, 401 versus 403, what to send support.

use crate::cause::{Cause, CauseId};
use crate::facts::Facts;
use crate::model::Ctx;

/// The general checklist for the person using the site.
pub fn checklist_user() -> Vec<String> {
    vec![
        "Check the address: the exact URL, and https:// rather than http://.".to_string(),
        "Sign out and sign in again.".to_string(),
        "Clear this site's cookies, then sign in again.".to_string(),
        "Check that your device's date, time and time zone are set automatically.".to_string(),
        "If it still fails, contact the site's support with: the time of the failure in UTC, the full URL, and the request id shown here.".to_string(),
    ]
}

/// The general checklist for the site's developers.
pub fn checklist_dev() -> Vec<String> {
    vec![
        "Look up the request in the server's logs by its request id and time; the auth middleware usually logs the exact reason.".to_string(),
        "Answer 401 only for missing or invalid credentials (with a WWW-Authenticate header saying which), and 403 when the user is known but not allowed.".to_string(),
        "Say the reason in the body (e.g. RFC 6750 error and error_description), so clients and people can act on it.".to_string(),
    ]
}

/// The schemes the relevant challenges offer, comma-separated ("Bearer, Basic").
pub fn schemes_offered(facts: &Facts) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in &facts.challenges {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(c.scheme)) {
            names.push(c.scheme);
        }
    }
    names.join(", ")
}

/// Adds `unknown` with the checklist. Called only when nothing else fits.
pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    let mut c = Cause::new(CauseId::Unknown, 0.1, "why401 cannot tell why this request was refused")
        .explain("None of the known causes fits what this capture shows. The credential may be wrong in a way only the server can see (revoked, unknown user, no access), or the capture does not show the part that matters. The checklist below covers the usual reasons.");
    if facts.sanitized {
        c = c.evidence("the capture was exported without cookies and Authorization headers, so the credentials cannot be checked");
    } else if facts.request_unseen {
        c = c.evidence(
            "why401 did not see this request's headers, so the credentials cannot be checked",
        );
    } else if facts.cookies_unseen {
        c = c.evidence(
            "why401 did not see this request's Cookie header, so the cookies sent cannot be checked",
        );
    }
    let offered = schemes_offered(facts);
    if !offered.is_empty() {
        c = c.evidence(crate::cause::Evidence::challenge(format!(
            "{}: {offered}",
            facts.challenge_header
        )));
    }
    for m in facts.messages.iter().take(5) {
        c = c.evidence(crate::rules::msg_evidence(m));
    }
    if let Some(b) = facts.body.map(str::trim).filter(|b| !b.is_empty()) {
        c = c.evidence(format!(
            "response body starts: \"{}\"",
            crate::mask::MaskedText::body(facts.entry.response_header("content-type"), b).cut(200)
        ));
    }
    for f in checklist_user() {
        c = c.fix_user(f);
    }
    for f in checklist_dev() {
        c = c.fix_dev(f);
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "sanitized, challenge present: unknown",
            text: "GET https://api.example.com/me\n@sanitized\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: Some(Unknown),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "sanitized without a challenge: unknown, the missing challenge as evidence",
            text: "GET https://api.example.com/me\n@sanitized\n\n401\n",
            first: Some(Unknown),
            present: &[],
            absent: &[MissingChallenge],
        },
        Case {
            name: "something explains: no unknown",
            text: "GET https://api.example.com/me\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[Unknown],
        },
        Case {
            name: "opaque bearer, challenge with unrecognised error: unknown",
            text: "GET https://api.example.com/me\nAuthorization: Bearer opaque-token-123\n\n401\nWWW-Authenticate: Bearer error=\"something_else\"\n",
            first: Some(Unknown),
            present: &[],
            absent: &[TokenRejected],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_unknown() {
        let c = cause(CASES[0].text, Unknown);
        assert_eq!(c.title, "why401 cannot tell why this request was refused");
        assert_eq!(c.fix_user.len(), 5);
        assert!(c.fix_user[4].contains("request id"));
        assert_eq!(
            c.evidence,
            vec![
                "the capture was exported without cookies and Authorization headers, so the credentials cannot be checked",
                "WWW-Authenticate: Bearer"
            ]
        );
    }
}
