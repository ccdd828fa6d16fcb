//! The pipeline: a capture in, a report out. For every 401/407 (bounded by
//! [`limits::MAX_FINDINGS`]) build the [`Facts`] from the capture up to that entry, run the
//! rules, and build the redacted [`Finding`].
//!
//! A CORS preflight answered 401 is itself a finding (with `preflight-rejected` first); the
//! real request it blocked (status 0, `net::ERR_FAILED`) is named in that finding's evidence
//! rather than reported again.

use crate::facts::{Facts, History};
use crate::model::{limits, Capture, Ctx};
use crate::parse::authorization::parse_authorization;
use crate::parse::challenge::parse_challenges;
use crate::report::{Finding, Report};
use crate::{rules, views};

/// The note added when a capture is sanitized and its reader did not say so.
pub const SANITIZED_NOTE: &str = "This HAR was exported without cookies and Authorization headers (\"sanitized\"), so why401 cannot see the credentials. In Chrome DevTools: Network panel → gear → check \"Allow to generate HAR with sensitive data\", then \"Export HAR (with sensitive data)\". In Firefox the export includes them.";

/// Diagnoses every 401/407 in the capture. Never panics; linear in the capture's size.
/// Secrets are placeholders numbered over the whole report ([`crate::mask`]).
pub fn diagnose(capture: &Capture, ctx: &Ctx) -> Report {
    let mut report = diagnose_unnumbered(capture, ctx);
    crate::mask::number_report(&mut report);
    report
}

/// [`diagnose`] with placeholder markers not yet numbered, for a caller that numbers a
/// larger whole (the pasted-line analyses, the popup's findings).
pub fn diagnose_unnumbered(capture: &Capture, ctx: &Ctx) -> Report {
    diagnose_each(capture, ctx, |_| {})
}

/// [`diagnose_unnumbered`], handing each finding to `each` as soon as it is made (in capture
/// order, before the next one is diagnosed): for a caller that shows findings as they come.
pub fn diagnose_each(capture: &Capture, ctx: &Ctx, mut each: impl FnMut(&mut Finding)) -> Report {
    let mut report = Report {
        findings: Vec::new(),
        notes: capture.notes.clone(),
    };
    if capture.sanitized
        && !report
            .notes
            .iter()
            .any(|n| n.to_ascii_lowercase().contains("sanitized"))
    {
        report.notes.push(SANITIZED_NOTE.to_string());
    }
    let mut hist = History::new(capture, ctx);
    let mut total = 0usize;
    let mut handshakes: Vec<usize> = Vec::new();
    for (pos, e) in capture.entries.iter().enumerate() {
        if !e.is_auth_failure() {
            continue;
        }
        if !capture.sanitized && answered_by_retry(&capture.entries, pos) {
            handshakes.push(e.index);
            continue;
        }
        total += 1;
        if report.findings.len() >= limits::MAX_FINDINGS {
            continue;
        }
        let Some(f) = Facts::build(&mut hist, pos) else {
            continue;
        };
        let causes = rules::run(&f, ctx);
        report.findings.push(views::finding(&f, causes, ctx));
        if let Some(last) = report.findings.last_mut() {
            each(last);
        }
    }
    if !handshakes.is_empty() {
        let (what, it) = match handshakes.len() {
            1 => ("One 401/407".to_string(), "it is"),
            n => (format!("{n} 401/407 answers"), "they are"),
        };
        report.notes.push(format!(
            "{what} answered a request that carried no credentials, and the client then repeated the request with credentials of a scheme the challenge offered: the normal challenge and response (as curl --digest or a browser's sign-in dialog do), so {it} not listed as failures."
        ));
    }
    if total > limits::MAX_FINDINGS {
        report.notes.push(format!(
            "{total} requests were answered 401 or 407; only the first {} are diagnosed.",
            limits::MAX_FINDINGS
        ));
    }
    if total == 0 {
        report.notes.push(if capture.entries.is_empty() {
            "The capture holds no requests.".to_string()
        } else {
            format!(
                "None of the {} requests in this capture was answered 401 or 407.",
                capture.entries.len()
            )
        });
        let failed = capture.entries.iter().filter(|e| e.status <= 0).count();
        if failed > 0 {
            report.notes.push(format!(
                "{failed} request(s) failed without a response (blocked, CORS or network errors). If a CORS preflight was refused, export the HAR again with the OPTIONS requests included."
            ));
        }
    }
    report
}

/// The 401/407 at `pos` is the first half of a challenge and response: its request carried
/// no credential header (Authorization, or Proxy-Authorization for a 407), and one of the
/// next few requests repeats it (same method and URL, within a minute when times are known)
/// with that header in a scheme the challenge offered.
fn answered_by_retry(entries: &[crate::model::Entry], pos: usize) -> bool {
    let Some(e) = entries.get(pos) else {
        return false;
    };
    let (cred, chal) = if e.status == 407 {
        ("proxy-authorization", "proxy-authenticate")
    } else {
        ("authorization", "www-authenticate")
    };
    let has = |x: &crate::model::Entry, name: &str| {
        x.request_headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(name))
    };
    if e.request_headers_unseen || has(e, cred) {
        return false;
    }
    let offered: Vec<&str> = e
        .response_headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(chal))
        .take(8)
        .flat_map(|h| parse_challenges(&h.value).0)
        .map(|c| c.scheme)
        .collect();
    if offered.is_empty() {
        return false;
    }
    let url = e.url.split('#').next().unwrap_or("");
    entries.iter().skip(pos + 1).take(4).any(|n| {
        let soon = match (e.started_ms, n.started_ms) {
            (Some(a), Some(b)) => (0.0..=60_000.0).contains(&(b - a)),
            _ => true,
        };
        soon && n.method.eq_ignore_ascii_case(&e.method)
            && n.url.split('#').next().unwrap_or("") == url
            && n.request_headers.iter().any(|h| {
                h.name.eq_ignore_ascii_case(cred)
                    && parse_authorization(&h.value)
                        .scheme
                        .is_some_and(|s| offered.iter().any(|o| o.eq_ignore_ascii_case(s)))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cause::CauseId;
    use crate::model::{Entry, Header};
    use crate::rules::testkit::*;

    #[test]
    fn one_finding_per_failure_in_order() {
        let cap = capture("GET https://a.example.com/\n\n200\n----\nGET https://api.example.com/me\n\n401\nWWW-Authenticate: Bearer\n----\nGET http://example.com/\n\n407\nProxy-Authenticate: Basic realm=\"p\"\n");
        let r = diagnose(&cap, &ctx());
        assert_eq!(r.findings.len(), 2);
        assert_eq!(r.findings[0].entry, 1);
        assert_eq!(r.findings[0].causes[0].id, CauseId::NoCredentials);
        assert_eq!(r.findings[1].status, 407);
        assert_eq!(r.findings[1].causes[0].id, CauseId::ProxyAuthRequired);
        for f in &r.findings {
            assert!(!f.causes.is_empty());
        }
    }

    #[test]
    fn every_finding_shows_the_server_s_words_masked() {
        let jwt = jwt("{\"exp\":1}");
        let text = format!("GET https://api.example.com/me\n\n401\n\n{{\"title\":\"Unauthorized\",\"detail\":\"Token {jwt} was revoked by admin\"}}");
        let cap = capture(&text);
        let r = diagnose(&cap, &ctx());
        let said = r.findings[0]
            .server_said
            .as_ref()
            .expect("the server's words");
        assert_eq!(said.place, "JSON field \"detail\"");
        assert_eq!(said.text.as_str(), "Token ‹token #1› was revoked by admin");
        // No words: nothing to show.
        let cap = capture("GET https://api.example.com/me\n\n401\n");
        assert!(diagnose(&cap, &ctx()).findings[0].server_said.is_none());
    }

    #[test]
    fn api_keys_show_masked_in_the_credentials() {
        let key = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        let cap = capture(&format!(
            "GET https://api.example.com/v1/items?api_key=k_live_9f8e7d6c5b4a3\nX-Api-Key: {key}\n\n401\n"
        ));
        let r = diagnose(&cap, &ctx());
        let keys = &r.findings[0].credentials.api_keys;
        let places: Vec<&str> = keys.iter().map(|k| k.place.as_str()).collect();
        assert_eq!(places, vec!["header X-Api-Key", "query parameter api_key"]);
        assert!(keys[0].masked.starts_with("‹key #"), "{}", keys[0].masked);
        let kind = keys[0]
            .recognised
            .as_ref()
            .map(|v| v.kind.as_str())
            .unwrap_or("");
        assert!(kind.contains("GitHub"), "{kind}");
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            !json.contains(key) && !json.contains("k_live_9f8e7d6c5b4a3"),
            "{json}"
        );
    }

    #[test]
    fn a_challenge_answered_by_the_retry_is_no_failure() {
        // curl --digest: the first request carries nothing, the retry answers the challenge.
        let cap = capture("GET https://intra.example.com/report\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\"\n----\nGET https://intra.example.com/report\nAuthorization: Digest username=\"alice\", realm=\"r\", nonce=\"n\", uri=\"/report\", response=\"x\"\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n2\", qop=\"auth\"\n");
        let r = diagnose(&cap, &ctx());
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].causes[0].id, CauseId::CredentialsRejected);
        assert!(r
            .notes
            .iter()
            .any(|n| n.starts_with("One 401/407 answered")));
        // Not answered (another URL, or a scheme the challenge did not offer): a failure.
        for retry in [
            "GET https://intra.example.com/other\nAuthorization: Digest username=\"a\"\n\n200\n",
            "GET https://intra.example.com/report\nAuthorization: Bearer abc\n\n200\n",
        ] {
            let cap = capture(&format!("GET https://intra.example.com/report\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\"\n----\n{retry}"));
            assert_eq!(diagnose(&cap, &ctx()).findings.len(), 1, "{retry}");
        }
    }

    #[test]
    fn no_failures_gets_a_note() {
        let cap = capture("GET https://a.example.com/\n\n200\n");
        let r = diagnose(&cap, &ctx());
        assert!(r.findings.is_empty());
        assert_eq!(
            r.notes,
            vec!["None of the 1 requests in this capture was answered 401 or 407."]
        );
        let r = diagnose(&Capture::default(), &ctx());
        assert_eq!(r.notes, vec!["The capture holds no requests."]);
    }

    #[test]
    fn sanitized_note_added_once() {
        let cap = capture(
            "GET https://api.example.com/me\n@sanitized\n\n401\nWWW-Authenticate: Bearer\n",
        );
        let r = diagnose(&cap, &ctx());
        assert_eq!(r.notes, vec![SANITIZED_NOTE.to_string()]);
        let mut cap2 = cap.clone();
        cap2.notes.push("The HAR is sanitized: no cookies.".into());
        let r = diagnose(&cap2, &ctx());
        assert_eq!(r.notes.len(), 1);
        assert!(r.findings[0]
            .causes
            .iter()
            .all(|c| c.id != CauseId::NoCredentials));
    }

    #[test]
    fn preflight_then_failed_request() {
        let cap = capture("OPTIONS https://api.example.com/orders\nAccess-Control-Request-Method: POST\n\n401\n----\nPOST https://api.example.com/orders\n@error net::ERR_FAILED\n\n0\n");
        let r = diagnose(&cap, &ctx());
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].causes[0].id, CauseId::PreflightRejected);
        assert!(r.findings[0].causes[0]
            .evidence
            .iter()
            .any(|e| e.contains("net::ERR_FAILED")));
        assert!(r.findings[0]
            .causes
            .iter()
            .all(|c| c.id != CauseId::MissingChallenge));
    }

    #[test]
    fn request_ids_collected() {
        let cap = capture("GET https://api.example.com/me\ntraceparent: 00-abc-def-01\n\n401\nX-Request-Id: req-123\nCF-Ray: 8a1b2c3d4e5f-FRA\nX-Other: no\n");
        let r = diagnose(&cap, &ctx());
        let ids = &r.findings[0].request_ids;
        assert_eq!(ids.get("x-request-id").map(String::as_str), Some("req-123"));
        assert_eq!(
            ids.get("cf-ray").map(String::as_str),
            Some("8a1b2c3d4e5f-FRA")
        );
        assert_eq!(
            ids.get("traceparent (sent)").map(String::as_str),
            Some("00-abc-def-01")
        );
        assert!(!ids.contains_key("x-other"));
    }

    #[test]
    fn expired_token_end_to_end() {
        let cap = capture("GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"sub\":\"u\",\"exp\":$T-3h}\n@started $T\n\n401\nDate: $D\nWWW-Authenticate: Bearer error=\"invalid_token\"\nX-Request-Id: r1\n");
        let r = diagnose(&cap, &ctx());
        let f = &r.findings[0];
        assert_eq!(f.causes[0].id, CauseId::TokenExpired);
        assert_eq!(f.clocks.skew_ms, Some(0.0));
        assert!(f
            .credentials
            .authorization
            .as_ref()
            .unwrap()
            .token
            .is_some());
    }

    #[test]
    fn garbage_never_panics() {
        let weird = [
            "",
            "http://",
            "https://[::1",
            "://x",
            "https://ü.example/ä?ä=ö#ü",
            "https://x.com/%%%",
            "x",
        ];
        for url in weird {
            for auth in [
                "",
                "Bearer",
                "Bearer ",
                "Basic ===",
                "Bearer eyJ.eyJ.",
                "Bearer ....",
                "Digest",
                "\u{0}",
                "Bearer eyJ\u{e9}.x.y",
            ] {
                let e = Entry {
                    method: "GET".into(),
                    url: url.into(),
                    status: 401,
                    started_ms: Some(f64::NAN),
                    request_headers: vec![
                        Header::new("Authorization", auth),
                        Header::new("Cookie", "a=b; a=c; ;=;==; é=ü"),
                    ],
                    response_headers: vec![
                        Header::new("WWW-Authenticate", "Bearer error=\"invalid_token, realm="),
                        Header::new("Set-Cookie", "a=; Max-Age=-1; Domain=.; Path="),
                        Header::new("Date", "not a date"),
                        Header::new("Location", "//"),
                    ],
                    redirect_url: Some("\u{7f}".into()),
                    ..Default::default()
                };
                let cap = Capture {
                    entries: vec![e.clone(), e],
                    client_now_ms: Some(f64::INFINITY),
                    ..Default::default()
                };
                let r = diagnose(&cap, &Ctx::at(f64::NAN));
                assert_eq!(r.findings.len(), 2);
                for f in r.findings {
                    assert!(!f.causes.is_empty());
                }
            }
        }
    }

    #[test]
    fn many_failures_are_bounded() {
        // 20,000 entries, every other one a 401 on a few endpoints with cookies and Set-Cookie.
        let mut entries = Vec::new();
        for i in 0..20_000usize {
            let fail = i % 2 == 1;
            entries.push(Entry {
                index: i,
                method: "GET".into(),
                url: format!(
                    "https://api{}.example.com/v1/items/{}?page={}",
                    i % 7,
                    i % 13,
                    i
                ),
                started_ms: Some((NOW as f64 + i as f64) * 1000.0),
                status: if fail { 401 } else { 200 },
                request_headers: vec![
                    Header::new("Cookie", "sid=abc; theme=dark"),
                    Header::new("Authorization", "Bearer opaque123"),
                ],
                response_headers: vec![
                    Header::new(
                        "Set-Cookie",
                        format!("sid=v{i}; Path=/; Secure; SameSite=Lax"),
                    ),
                    Header::new("Date", http_date(NOW + i as i64)),
                ],
                ..Default::default()
            });
        }
        let cap = Capture {
            entries,
            ..Default::default()
        };
        // Bounded work is checked by what comes out (the finding cap and its note); speed is
        // measured by `make bench`, never by a timed test.
        let r = diagnose(&cap, &ctx());
        assert_eq!(r.findings.len(), limits::MAX_FINDINGS);
        assert!(r.notes.iter().any(|n| n.contains("only the first")));
    }
}
