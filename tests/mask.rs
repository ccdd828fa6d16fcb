//! Property test of the one masking: random secrets planted in random places of random
//! exchanges (a HAR read like the CLI reads it) never appear in the text, Markdown or JSON
//! report. The popup and the page render the same JSON report (tests/wasm.rs checks the
//! report the renderer receives).
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use proptest::prelude::*;
use serde_json::{json, Value};
use why401::model::Ctx;
use why401::{diagnose, input, output};

const CTX: Ctx = Ctx::at(1_764_079_320_000.0);

/// A secret and how it looks.
#[derive(Clone, Debug)]
enum Secret {
    /// 32–48 random base62 characters (an API key, an opaque token).
    Random(String),
    /// A signed-looking JWT with random claims and signature.
    Jwt(String),
    /// 10–20 random letters and digits (a password: short, so masked by name only).
    Password(String),
}

impl Secret {
    fn text(&self) -> &str {
        match self {
            Secret::Random(s) | Secret::Jwt(s) | Secret::Password(s) => s,
        }
    }
    /// Secret by its shape (JWT or long random): masked under any name.
    fn shaped(&self) -> bool {
        !matches!(self, Secret::Password(_))
    }
    /// The parts that must never be shown: the whole value, and for a JWT its signature.
    fn needles(&self) -> Vec<String> {
        let mut v = vec![self.text().to_string()];
        if let Secret::Jwt(t) = self {
            v.push(t.rsplit('.').next().unwrap_or("").to_string());
            v.push(t.split('.').nth(1).unwrap_or("").to_string());
        }
        let s = self.text();
        // Any 12-character window: a cut or partly masked secret is a leak too.
        if s.len() >= 16 {
            let mid = s.len() / 2 - 6;
            for at in [0, mid, s.len() - 12] {
                if s.is_char_boundary(at) && s.is_char_boundary(at + 12) {
                    v.push(s[at..at + 12].to_string());
                }
            }
        }
        v.retain(|n| n.len() >= 8);
        v
    }
}

fn base62(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9]{{{min},{max}}}")).unwrap()
}

fn secret() -> impl Strategy<Value = Secret> {
    prop_oneof![
        base62(32, 48).prop_map(Secret::Random),
        (
            base62(4, 12),
            1_700_000_000u64..1_800_000_000,
            base62(43, 43)
        )
            .prop_map(|(sub, exp, sig)| {
                let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
                let c = URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"{sub}","exp":{exp}}}"#));
                Secret::Jwt(format!("{h}.{c}.{sig}"))
            }),
        base62(10, 20).prop_map(Secret::Password),
    ]
}

/// Where a secret goes.
#[derive(Clone, Copy, Debug)]
enum Place {
    Userinfo,
    QueryNamed,
    QueryAnyName,
    PathSegment,
    Fragment,
    Bearer,
    Basic,
    Cookie,
    SetCookie,
    Location,
    ApiKeyHeader,
    FormBody,
    JsonBody,
    HopUrl,
    PreflightUrl,
    /// Inside the server's words: a JSON message, a plain-text body, a challenge.
    JsonMessage,
    TextBody,
    ChallengeDescription,
}

const PLACES: [Place; 18] = [
    Place::Userinfo,
    Place::QueryNamed,
    Place::QueryAnyName,
    Place::PathSegment,
    Place::Fragment,
    Place::Bearer,
    Place::Basic,
    Place::Cookie,
    Place::SetCookie,
    Place::Location,
    Place::ApiKeyHeader,
    Place::FormBody,
    Place::JsonBody,
    Place::HopUrl,
    Place::PreflightUrl,
    Place::JsonMessage,
    Place::TextBody,
    Place::ChallengeDescription,
];

/// Secret names as the sources spell them (any of them must be masked).
const NAMES: &[&str] = &[
    "access_token",
    "authToken",
    "private_token",
    "access-token",
    "auth_token",
    "oauth_token",
    "refreshToken",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "sig",
    "Signature",
    "X-Goog-Signature",
    "SAMLResponse",
    "SAMLRequest",
    "RelayState",
    "code",
    "id_token",
    "client_secret",
    "password",
    "state",
    "api_key",
    "key",
    "token",
];

const API_KEY_HEADERS: &[&str] = &[
    "X-Api-Key",
    "api-key",
    "apikey",
    "X-Auth-Token",
    "Private-Token",
    "X-Access-Token",
    "Ocp-Apim-Subscription-Key",
    "X-Amz-Security-Token",
];

#[derive(Default)]
struct Exchange {
    url: String,
    hop: Option<(String, String)>,
    preflight: Option<String>,
    req: Vec<(String, String)>,
    resp: Vec<(String, String)>,
    body: Option<(String, String)>,
}

fn header(n: &str, v: &str) -> Value {
    json!({"name": n, "value": v})
}

fn entry(
    method: &str,
    url: &str,
    req: &[(String, String)],
    status: i64,
    resp: &[(String, String)],
    body: Option<&(String, String)>,
    redirect: &str,
) -> Value {
    let (mime, text) = body.cloned().unwrap_or_default();
    json!({
        "time": 10,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1",
            "headers": req.iter().map(|(n, v)| header(n, v)).collect::<Vec<_>>(),
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1",
            "headers": resp.iter().map(|(n, v)| header(n, v)).collect::<Vec<_>>(),
            "cookies": [], "content": {"size": text.len(), "mimeType": mime, "text": text},
            "redirectURL": redirect, "headersSize": -1, "bodySize": -1},
        "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 0}
    })
}

impl Exchange {
    fn har(&self) -> String {
        let mut entries = Vec::new();
        if let Some(p) = &self.preflight {
            let req = vec![
                (
                    "Access-Control-Request-Method".to_string(),
                    "POST".to_string(),
                ),
                ("Origin".into(), "https://app.example.com".into()),
            ];
            entries.push(entry("OPTIONS", p, &req, 401, &[], None, ""));
            entries.push(entry("POST", p, &[], 0, &[], None, ""));
        }
        if let Some((hop, location)) = &self.hop {
            let req = vec![(
                "Authorization".to_string(),
                "Bearer shortopaque".to_string(),
            )];
            let resp = vec![("Location".to_string(), location.clone())];
            entries.push(entry("GET", hop, &req, 302, &resp, None, location));
        }
        entries.push(entry(
            "GET",
            &self.url,
            &self.req,
            401,
            &self.resp,
            self.body.as_ref(),
            "",
        ));
        for (i, e) in entries.iter_mut().enumerate() {
            e["startedDateTime"] = json!(format!("2025-11-25T14:0{i}:00.000Z"));
        }
        json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [], "entries": entries}})
        .to_string()
    }
}

/// Plants `secret` at `place`; `name` picks a secret name, `any` is an arbitrary name.
fn plant(x: &mut Exchange, place: Place, s: &Secret, name: &str, any: &str) {
    let v = s.text();
    let q = |u: &mut String, kv: String| {
        u.push(if u.contains('?') { '&' } else { '?' });
        u.push_str(&kv);
    };
    match place {
        Place::Userinfo => x.url = x.url.replacen("https://", &format!("https://user:{v}@"), 1),
        Place::QueryNamed => q(&mut x.url, format!("{name}={v}")),
        Place::QueryAnyName if s.shaped() => q(&mut x.url, format!("{any}={v}")),
        Place::QueryAnyName => q(&mut x.url, format!("{name}={v}")),
        Place::PathSegment if s.shaped() => x.url = x.url.replacen("/v1/", &format!("/v1/{v}/"), 1),
        Place::PathSegment => q(&mut x.url, format!("{name}={v}")),
        Place::Fragment if s.shaped() => x.url.push_str(&format!("#{any}={v}")),
        Place::Fragment => x.url.push_str(&format!("#{name}={v}")),
        Place::Bearer => x.req.push(("Authorization".into(), format!("Bearer {v}"))),
        Place::Basic => x.req.push((
            "Authorization".into(),
            format!("Basic {}", STANDARD.encode(format!("alice:{v}"))),
        )),
        Place::Cookie => x
            .req
            .push(("Cookie".into(), format!("theme=dark; sid={v}"))),
        Place::SetCookie => x.resp.push((
            "Set-Cookie".into(),
            format!("sid={v}; Path=/; Secure; HttpOnly"),
        )),
        Place::Location => {
            let to = x.url.clone();
            x.hop = Some((
                "http://api.example.com/v1/me".into(),
                format!("{to}&{name}={v}"),
            ));
            x.url = format!("{to}&{name}={v}");
        }
        Place::ApiKeyHeader => {
            let h = API_KEY_HEADERS[name.len() % API_KEY_HEADERS.len()];
            x.req.push((h.into(), v.into()));
        }
        Place::FormBody => {
            x.body = Some((
                "application/x-www-form-urlencoded".into(),
                format!("user=alice&{name}={v}&remember=1"),
            ))
        }
        Place::JsonBody => {
            x.body = Some((
                "application/json".into(),
                json!({"error": "invalid_request", name: v}).to_string(),
            ))
        }
        Place::HopUrl => {
            let hop = format!("https://old.example.com/v1/me?{name}={v}");
            x.hop = Some((hop, x.url.clone()));
        }
        Place::JsonMessage | Place::TextBody | Place::ChallengeDescription => {
            // A shaped secret anywhere in a sentence; a password after its name.
            let msg = if s.shaped() {
                format!("The token {v} was revoked, sign in again")
            } else {
                format!("Sign-in failed: {name}={v} is not accepted")
            };
            match place {
                Place::JsonMessage => {
                    x.body = Some((
                        "application/json".into(),
                        json!({"error": "unauthorized", "message": msg}).to_string(),
                    ))
                }
                Place::TextBody => x.body = Some(("text/plain".into(), msg)),
                _ => x.resp.push((
                    "WWW-Authenticate".into(),
                    format!("Bearer error=\"invalid_token\", error_description=\"{msg}\""),
                )),
            }
        }
        Place::PreflightUrl => {
            x.preflight = Some(format!("https://api.example.com/v1/orders?{name}={v}"))
        }
    }
}

/// Every face of the CLI: text, Markdown, JSON (and Markdown with its escapes removed, so an
/// escaped `_` cannot hide a leak).
fn faces(har: &str) -> Vec<(&'static str, String)> {
    let (_, capture) = input::capture(har).expect("the HAR reads");
    let report = diagnose::diagnose(&capture, &CTX);
    let md = output::markdown(&report, None, &CTX);
    vec![
        ("text", output::text(&report, false)),
        ("markdown unescaped", md.replace('\\', "")),
        ("markdown", md),
        ("json", serde_json::to_string_pretty(&report).unwrap()),
    ]
}

fn place() -> impl Strategy<Value = Place> {
    (0..PLACES.len()).prop_map(|i| PLACES[i])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn planted_secrets_never_appear(
        plants in proptest::collection::vec((place(), secret(), 0..NAMES.len(), "[a-z]{1,8}"), 1..6),
    ) {
        let mut x = Exchange { url: "https://api.example.com/v1/me?page=2".into(), ..Exchange::default() };
        for (place, s, n, any) in &plants {
            plant(&mut x, *place, s, NAMES[*n], any);
        }
        let har = x.har();
        for (face, out) in faces(&har) {
            prop_assert!(!out.contains('\u{E000}'), "an unnumbered placeholder in {face}");
            for (place, s, _, _) in &plants {
                for needle in s.needles() {
                    prop_assert!(!out.contains(&needle), "{place:?} {s:?}: {needle:?} in {face}:\n{out}\nfrom {har}");
                }
            }
        }
    }
}

/// The same token sent twice shows as the same placeholder, and another token as another.
#[test]
fn the_same_secret_gets_the_same_placeholder() {
    let a = "a8F3kQ9zL2mX7vB1nR4tY6wPq0Z5cE7u";
    let b = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg";
    let mut x = Exchange {
        url: format!("https://api.example.com/v1/me?api_key={a}"),
        ..Exchange::default()
    };
    x.req.push(("Authorization".into(), format!("Bearer {a}")));
    x.req.push(("Cookie".into(), format!("sid={b}")));
    let (_, capture) = input::capture(&x.har()).unwrap();
    let r = diagnose::diagnose(&capture, &CTX);
    let f = &r.findings[0];
    assert_eq!(
        f.url.as_str(),
        "https://api.example.com/v1/me?api_key=‹key #1›"
    );
    assert!(
        f.credentials
            .authorization
            .as_ref()
            .unwrap()
            .masked
            .starts_with("Bearer ‹key #1› "),
        "{:?}",
        f.credentials.authorization
    );
    assert_eq!(
        f.cookies.sent[0].value_masked,
        format!("‹cookie #2› ({} bytes)", b.len())
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A pasted header line (what the page and `analyzeText` show): no secret in the analysis.
    #[test]
    fn pasted_lines_never_show_the_secret(s in secret(), which in 0..5usize) {
        let v = s.text();
        let line = match which {
            0 => format!("Authorization: Bearer {v}"),
            1 => format!("Authorization: Basic {}", STANDARD.encode(format!("alice:{v}"))),
            2 => format!("Cookie: theme=dark; sid={v}"),
            3 => format!("Set-Cookie: sid={v}; Path=/; Secure"),
            _ => format!("GET https://api.example.com/v1/me?access_token={v}\nX-Api-Key: {v}\n\nHTTP/1.1 401 Unauthorized\n"),
        };
        let a = input::analyze(&line, &CTX).expect("analyses");
        let json = serde_json::to_string(&a).unwrap();
        prop_assert!(!json.contains('\u{E000}'), "an unnumbered placeholder: {json}");
        for needle in s.needles() {
            prop_assert!(!json.contains(&needle), "{needle:?} in {json}");
        }
    }
}
