//! The timeline on small captures: what is in it and as what, redirects carried or dropped,
//! diffs attached to the request they describe, stored findings merged once, and no secret
//! value in the serialised view.

use super::*;
use crate::model::{Header, Source};
use crate::parse::jwt::b64url_encode;

const NOW: f64 = 1_795_000_000_000.0;

fn jwt(claims: &str) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJlLXNlY3JldA",
        b64url_encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64url_encode(claims.as_bytes())
    )
}

fn e(
    i: usize,
    method: &str,
    url: &str,
    status: i64,
    req: &[(&str, &str)],
    resp: &[(&str, &str)],
) -> Entry {
    Entry {
        index: i,
        started_ms: Some(NOW - 60_000.0 + i as f64 * 1_000.0),
        method: method.into(),
        url: url.into(),
        status,
        request_headers: req.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
        response_headers: resp.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
        resource_type: Some("fetch".into()),
        ..Entry::default()
    }
}

fn story() -> (Capture, String, String) {
    let old = jwt(r#"{"sub":"1","exp":1794999000,"aud":"api"}"#);
    let new = jwt(r#"{"sub":"1","exp":1795003600,"aud":"api"}"#);
    let bearer_old = format!("Bearer {old}");
    let bearer_new = format!("Bearer {new}");
    let mut signin = e(
        0,
        "POST",
        "https://app.test/api/login",
        200,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &[("Set-Cookie", "sid=abcdef0123456789; Path=/; HttpOnly")],
    );
    signin.request_body = Some("user=a&password=hunter2hunter2".into());
    let entries = vec![
        signin,
        e(1, "GET", "https://app.test/app.js", 200, &[], &[]),
        e(
            2,
            "GET",
            "https://api.test/me",
            200,
            &[
                ("Authorization", &bearer_old),
                ("Cookie", "sid=abcdef0123456789"),
            ],
            &[],
        ),
        e(
            3,
            "OPTIONS",
            "https://api.test/me",
            204,
            &[("Access-Control-Request-Method", "GET")],
            &[],
        ),
        e(
            4,
            "GET",
            "https://api.test/me",
            401,
            &[("Authorization", &bearer_new)],
            &[("WWW-Authenticate", "Bearer error=\"invalid_token\"")],
        ),
        e(
            5,
            "GET",
            "https://api.test/v1/",
            301,
            &[("Authorization", &bearer_new)],
            &[("Location", "https://api2.test/v1/")],
        ),
        e(
            6,
            "GET",
            "https://api2.test/v1/",
            401,
            &[],
            &[("WWW-Authenticate", "Bearer")],
        ),
    ];
    (
        Capture {
            source: Source::Har {
                creator: "test".into(),
            },
            entries,
            ..Capture::default()
        },
        old,
        new,
    )
}

#[test]
fn kinds_in_order() {
    let (c, _, _) = story();
    let t = build(&c, &Ctx::at(NOW));
    let got: Vec<(Option<usize>, &str)> = t.items.iter().map(|i| (i.entry, i.kind.id())).collect();
    assert_eq!(
        got,
        vec![
            (Some(0), "sign-in"),
            (Some(2), "credentialed"),
            (Some(3), "preflight"),
            (Some(4), "unauthorized"),
            (Some(5), "redirect"),
            (Some(6), "unauthorized"),
        ]
    );
    assert!(t
        .items
        .iter()
        .filter(|i| i.kind == Kind::Unauthorized)
        .all(|i| i.finding.is_some()));
}

#[test]
fn token_swap_and_cookie_gone_are_a_diff_of_the_401() {
    let (c, _, _) = story();
    let t = build(&c, &Ctx::at(NOW));
    let item = t.items.iter().find(|i| i.entry == Some(4)).unwrap();
    let d = item.diff.as_ref().expect("a diff against entry 2");
    assert_eq!((d.against, d.against_status), (2, 200));
    let ids: Vec<String> = d
        .changes
        .iter()
        .map(|c| format!("{}/{}", c.what, c.change))
        .collect();
    assert_eq!(ids, vec!["authorization/swapped", "cookie/gone"]);
    let swap = &d.changes[0].detail;
    assert!(swap.contains("‹token #") && swap.contains("exp "), "{swap}");
    // The preflight does not count as "the previous request".
    assert!(t
        .items
        .iter()
        .find(|i| i.entry == Some(3))
        .unwrap()
        .diff
        .is_none());
}

#[test]
fn redirect_dropped_the_authorization() {
    let (c, _, _) = story();
    let t = build(&c, &Ctx::at(NOW));
    let r = t
        .items
        .iter()
        .find(|i| i.entry == Some(5))
        .unwrap()
        .redirect
        .as_ref()
        .unwrap();
    assert_eq!(r.credentials, "dropped");
    assert!(
        r.detail.contains("without Authorization") && r.detail.contains("401"),
        "{}",
        r.detail
    );

    let mut c2 = c.clone();
    c2.entries[6]
        .request_headers
        .push(Header::new("Authorization", "Bearer x"));
    let t2 = build(&c2, &Ctx::at(NOW));
    let r2 = t2
        .items
        .iter()
        .find(|i| i.entry == Some(5))
        .unwrap()
        .redirect
        .as_ref()
        .unwrap();
    assert_eq!(r2.credentials, "carried");
}

#[test]
fn no_secret_in_the_view() {
    let (c, old, new) = story();
    let t = build(&c, &Ctx::at(NOW));
    let json = serde_json::to_string(&t).unwrap();
    for secret in [
        old.rsplit('.').next().unwrap(),
        new.rsplit('.').next().unwrap(),
        "abcdef0123456789",
        "hunter2hunter2",
    ] {
        assert!(!json.contains(secret), "{secret} in the view");
    }
    assert!(!json.contains('\u{e000}'), "unnumbered markers left");
}

#[test]
fn stored_findings_merge_once_in_time_order() {
    let (c, _, _) = story();
    let ctx = Ctx::at(NOW);
    let full = crate::diagnose::diagnose_unnumbered(&c, &ctx);
    // The panel saw only the last three entries; the background stored every failure.
    let mut late = c.clone();
    late.entries.drain(..5);
    let t = panel_view(&late, Some(&full), &ctx);
    let got: Vec<(&str, &str)> = t
        .items
        .iter()
        .map(|i| (i.source.as_str(), i.kind.id()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("background", "unauthorized"),
            ("devtools", "redirect"),
            ("devtools", "unauthorized")
        ]
    );
    assert_eq!(t.items[0].finding.as_ref().unwrap().entry, 4);
}

#[test]
fn bounded() {
    let (c, _, _) = story();
    let mut big = c.clone();
    let one = c.entries[2].clone();
    big.entries = (0..MAX_ITEMS + 50)
        .map(|i| Entry {
            index: i,
            ..one.clone()
        })
        .collect();
    let t = build(&big, &Ctx::at(NOW));
    assert_eq!(t.items.len(), MAX_ITEMS);
    assert_eq!(t.items.last().unwrap().entry, Some(MAX_ITEMS + 49));
    assert!(t.notes.iter().any(|n| n.contains("newest")));
}
