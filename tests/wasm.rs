//! The wasm bindings, run in Node by wasm-bindgen-test-runner (`make test-wasm`).
//! Rendering needs a DOM: tests/e2e/www.mjs covers it in Chromium.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use why401::cause::{Cause, CauseId};
use why401::render::dom::shown;
use why401::report::{AuthView, Credentials, Finding, Report, TokenView};
use why401::wasm;

const NOW_MS: f64 = 1_764_091_200_000.0; // 2025-11-25 17:20:00 UTC

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn err_text(e: JsValue) -> String {
    e.as_string()
        .unwrap_or_else(|| panic!("the error is not a string: {e:?}"))
}

fn sample_report() -> Report {
    let token = TokenView {
        header: serde_json::json!({"alg": "RS256", "typ": "JWT"}),
        claims: serde_json::json!({"sub": "user-4711", "exp": 1764079320}),
        signature: "masked (342 bytes)".into(),
        ..TokenView::default()
    };
    Report {
        findings: vec![Finding {
            entry: 0,
            url: why401::mask::MaskedUrl::new("https://api.example.com/v1/orders"),
            method: "GET".into(),
            status: 401,
            started_ms: Some(1_764_080_400_000.0),
            causes: vec![Cause::new(
                CauseId::TokenExpired,
                0.95,
                "Your sign-in token expired",
            )],
            credentials: Credentials {
                authorization: Some(AuthView {
                    scheme: "Bearer".into(),
                    masked: "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.••••".into(),
                    token: Some(token),
                    ..AuthView::default()
                }),
                ..Credentials::default()
            },
            ..Finding::default()
        }],
        notes: vec![],
    }
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn registrable_domain_follows_the_public_suffix_list() {
    for (host, want) in [
        ("a.b.example.co.uk", "example.co.uk"),
        ("App.Example.COM.", "example.com"),
        ("user.github.io", "user.github.io"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ] {
        assert_eq!(wasm::registrable_domain(host), want, "{host}");
    }
}

#[wasm_bindgen_test]
fn cookie_site_is_the_host_for_public_suffixes_and_ip_literals() {
    for (host, domain, subdomains) in [
        ("www.example.com", "example.com", true),
        ("github.io", "github.io", false),
        ("[::1]", "[::1]", false),
        ("[2001:db8::1]", "[2001:db8::1]", false),
        ("127.0.0.1", "127.0.0.1", false),
    ] {
        let v = wasm::cookie_site(host).expect("serialises");
        assert_eq!(
            get(&v, "domain").as_string().as_deref(),
            Some(domain),
            "{host}"
        );
        assert_eq!(get(&v, "subdomains").as_bool(), Some(subdomains), "{host}");
    }
}

#[wasm_bindgen_test]
fn reports_become_plain_js_objects() {
    let v = wasm::to_js(&sample_report()).expect("serialises");
    let findings = get(&v, "findings");
    assert!(Array::is_array(&findings));
    let f = Array::from(&findings).get(0);
    let claims = get(
        &get(&get(&get(&f, "credentials"), "authorization"), "token"),
        "claims",
    );
    // A plain object (JSON-compatible), not a JS Map.
    assert!(claims.is_object() && !claims.is_instance_of::<js_sys::Map>());
    assert_eq!(
        get(&claims, "sub").as_string().as_deref(),
        Some("user-4711")
    );
    assert!(get(&get(&f, "causes"), "0").is_object());
    let id = get(&Array::from(&get(&f, "causes")).get(0), "id");
    assert_eq!(id.as_string().as_deref(), Some("token-expired"));
    let json = js_sys::JSON::stringify(&v).expect("stringifies");
    assert!(String::from(json).contains("\"status\":401"));
    // And back: what the page hands to render/reportMarkdown reads as the same Report.
    let back: Report = serde_wasm_bindgen::from_value(v).expect("reads back");
    assert_eq!(back, sample_report());
}

#[wasm_bindgen_test]
fn report_markdown_reads_a_js_report() {
    let v = wasm::to_js(&sample_report()).unwrap();
    let md = wasm::report_markdown(v.clone(), None, NOW_MS).expect("markdown");
    assert!(md.contains("token-expired"), "{md}");
    assert!(md.contains("api.example.com"), "{md}");
    let one = wasm::report_markdown(v, Some(0), NOW_MS).expect("markdown of finding 0");
    assert!(one.contains("token-expired"), "{one}");
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_string_not_a_panic() {
    let cases: Vec<(JsValue, Option<u32>, f64, &str)> = vec![
        (
            JsValue::from_str("not a report"),
            None,
            NOW_MS,
            "expected shape",
        ),
        (JsValue::NULL, None, NOW_MS, "expected shape"),
        (Object::new().into(), None, NOW_MS, "expected shape"),
        (
            wasm::to_js(&sample_report()).unwrap(),
            Some(7),
            NOW_MS,
            "no finding 7",
        ),
        (
            wasm::to_js(&sample_report()).unwrap(),
            None,
            f64::NAN,
            "nowMs",
        ),
    ];
    for (report, finding, now, want) in cases {
        let e = wasm::report_markdown(report, finding, now).expect_err("must fail");
        let text = err_text(e);
        assert!(text.contains(want), "{text:?} should say {want:?}");
    }
}

#[wasm_bindgen_test]
fn shown_makes_bidi_and_controls_visible_and_cuts_long_values() {
    let cases = [
        ("a\u{202E}b", "a⟨U+202E⟩b"),
        ("x\ny\tz", "x\ny\tz"),
        ("\u{0}\u{7}", "⟨U+0000⟩⟨U+0007⟩"),
        ("zero\u{200B}width", "zero⟨U+200B⟩width"),
        ("\u{2066}iso\u{2069}", "⟨U+2066⟩iso⟨U+2069⟩"),
        (
            "<img src=x onerror=alert(1)>",
            "<img src=x onerror=alert(1)>",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(shown(input), want);
    }
    let long = "é".repeat(why401::render::dom::MAX_SHOWN_CHARS + 10);
    assert!(shown(&long).ends_with("… (10 more characters)"));
}

/// `{"alg":"RS256","typ":"JWT"}.{"sub":"user-4711",…,"exp":EXP}.SIG`
fn jwt_with_exp(exp: u64, sig: &str) -> String {
    use base64::Engine;
    let b = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.{sig}",
        b(r#"{"alg":"RS256","typ":"JWT"}"#),
        b(&format!(
            r#"{{"sub":"user-4711","aud":"https://api.example.com","scope":"orders:read","iat":1764075720,"exp":{exp}}}"#
        ))
    )
}

/// Expired at 2025-11-25 14:02:00 UTC, 18 min before the server's Date.
fn expired_jwt(sig: &str) -> String {
    jwt_with_exp(1_764_079_320, sig)
}

const SECRET_SIG: &str = "c2VjcmV0LXNpZ25hdHVyZS10aGF0LW11c3Qtbm90LWxlYWs";

/// The extension's capture as JSON text (what background.js hands over).
fn capture_json(auth: &str, www_auth: &str) -> JsValue {
    let json = serde_json::json!({
        "source": {"extension": {"browser": "chrome"}},
        "entries": [{
            "index": 0,
            "started_ms": 1_764_080_400_000.0_f64,
            "method": "GET",
            "url": "https://api.example.com/v1/orders",
            "request_headers": [{"name": "Authorization", "value": auth}],
            "status": 401,
            "status_text": "Unauthorized",
            "response_headers": [
                {"name": "Date", "value": "Tue, 25 Nov 2025 14:20:00 GMT"},
                {"name": "WWW-Authenticate", "value": www_auth}
            ]
        }],
        "client_now_ms": 1_764_080_400_000.0_f64
    });
    js_sys::JSON::parse(&json.to_string()).expect("valid JSON")
}

fn top_cause(report: &JsValue) -> String {
    let f = Array::from(&get(report, "findings")).get(0);
    let c = Array::from(&get(&f, "causes")).get(0);
    get(&c, "id").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn diagnose_capture_names_the_top_cause() {
    let cases = [
        (
            format!("Bearer {}", expired_jwt(SECRET_SIG)),
            r#"Bearer realm="api", error="invalid_token", error_description="The access token expired""#,
            "token-expired",
        ),
        (
            format!("Bearer {}", jwt_with_exp(4_102_444_800, SECRET_SIG)),
            r#"Bearer realm="api", error="insufficient_scope", scope="orders:write""#,
            "insufficient-scope",
        ),
    ];
    for (auth, challenge, want) in cases {
        let report =
            wasm::diagnose_capture(capture_json(&auth, challenge), NOW_MS).expect("diagnoses");
        assert_eq!(top_cause(&report), want, "for {challenge}");
    }
}

#[wasm_bindgen_test]
fn report_markdown_masks_the_signature() {
    let auth = format!("Bearer {}", expired_jwt(SECRET_SIG));
    let report = wasm::diagnose_capture(
        capture_json(&auth, r#"Bearer error="invalid_token""#),
        NOW_MS,
    )
    .expect("diagnoses");
    let text = String::from(js_sys::JSON::stringify(&report).unwrap());
    assert!(
        !text.contains(SECRET_SIG),
        "the Report carries the signature"
    );
    let md = wasm::report_markdown(report, None, NOW_MS).expect("markdown");
    assert!(!md.contains(SECRET_SIG), "{md}");
    assert!(md.contains("user-4711"), "claims are in the report: {md}");
}

/// Secrets in ten places of an extension capture: none reaches the report the popup and
/// the page render (Node has no DOM, so the renderer's input is checked: it renders text
/// nodes from this report and nothing else) nor the copied Markdown.
#[wasm_bindgen_test]
fn diagnose_capture_masks_secrets_in_every_place() {
    let s: Vec<String> = (0..10)
        .map(|i| format!("s3cr3t{i}Xq9Lm2Vb7Zt4Kp8Wn5Rj1Hc6"))
        .collect();
    let jwt = jwt_with_exp(4_102_444_800, &s[9]);
    let json = serde_json::json!({
        "source": {"extension": {"browser": "chrome"}},
        "entries": [
            {"index": 0, "method": "OPTIONS", "url": format!("https://api.example.com/v1/o?api_key={}", s[0]),
             "request_headers": [{"name": "Access-Control-Request-Method", "value": "POST"}],
             "status": 401, "response_headers": []},
            {"index": 1, "method": "GET", "url": format!("https://bob:{}@old.example.com/v1/me?state={}", s[1], s[2]),
             "request_headers": [{"name": "Authorization", "value": format!("Bearer {jwt}")}],
             "status": 302, "redirect_url": format!("https://api.example.com/v1/me/{}?x=1#access_token={}", s[3], s[4]),
             "response_headers": [{"name": "Location", "value": format!("https://api.example.com/v1/me/{}?x=1#access_token={}", s[3], s[4])}]},
            {"index": 2, "method": "GET", "url": format!("https://api.example.com/v1/me/{}?x=1#access_token={}", s[3], s[4]),
             "request_headers": [
                 {"name": "Cookie", "value": format!("sid={}", s[5])},
                 {"name": "X-Api-Key", "value": s[6]}],
             "status": 401,
             "response_headers": [
                 {"name": "Set-Cookie", "value": format!("sid={}; Path=/; Secure", s[7])},
                 {"name": "Content-Type", "value": "application/json"}],
             "response_body": format!("{{\"error\":\"unknown\",\"refresh_token\":\"{}\"}}", s[8])}
        ]
    });
    let capture = js_sys::JSON::parse(&json.to_string()).expect("valid JSON");
    let report = wasm::diagnose_capture(capture, NOW_MS).expect("diagnoses");
    let text = String::from(js_sys::JSON::stringify(&report).unwrap());
    let md = wasm::report_markdown(report, None, NOW_MS).expect("markdown");
    assert!(text.contains("‹"), "placeholders are shown: {text}");
    for secret in &s {
        assert!(
            !text.contains(secret.as_str()),
            "{secret} in the report: {text}"
        );
        assert!(
            !md.contains(secret.as_str()),
            "{secret} in the Markdown: {md}"
        );
    }
}

/// The popup stores findings diagnosed one by one and shows them together: marked findings
/// carry fingerprint markers, and the copied report numbers them over all the findings, so
/// one token sent by two requests is one placeholder.
#[wasm_bindgen_test]
fn marked_findings_are_numbered_together() {
    let token = "a8F3kQ9zL2mX7vB1nR4tY6wPq0Z5cE7u";
    let other = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg";
    let finding = |t: &str| {
        let capture = capture_json(&format!("Bearer {t}"), r#"Bearer error="invalid_token""#);
        let r = wasm::diagnose_capture_marked(capture, NOW_MS).expect("diagnoses");
        Array::from(&get(&r, "findings")).get(0)
    };
    let findings = Array::new();
    for t in [other, token, token] {
        findings.push(&finding(t));
    }
    let report = Object::new();
    Reflect::set(&report, &JsValue::from_str("findings"), &findings).unwrap();
    Reflect::set(&report, &JsValue::from_str("notes"), &Array::new()).unwrap();
    let stored = String::from(js_sys::JSON::stringify(&report).unwrap());
    assert!(
        !stored.contains(token) && !stored.contains('‹'),
        "markers, not numbers: {stored}"
    );
    let md = wasm::report_markdown(report.into(), None, NOW_MS).expect("markdown");
    assert!(!md.contains(token) && !md.contains(other), "{md}");
    assert!(!md.contains('\u{E000}'), "every marker numbered: {md}");
    assert_eq!(md.matches("Bearer ‹token #1›").count(), 1, "{md}");
    assert_eq!(md.matches("Bearer ‹token #2›").count(), 2, "{md}");
}

#[wasm_bindgen_test]
fn diagnose_capture_refuses_bad_input_with_a_message() {
    let bad: Vec<(JsValue, f64, &str)> = vec![
        (
            JsValue::from_str("GET / HTTP/1.1"),
            NOW_MS,
            "expected shape",
        ),
        (
            js_sys::JSON::parse(r#"{"entries": 5}"#).unwrap(),
            NOW_MS,
            "expected shape",
        ),
        (
            js_sys::JSON::parse(r#"{"entries": [{"status": "401"}]}"#).unwrap(),
            NOW_MS,
            "expected shape",
        ),
        (capture_json("Bearer x", "Bearer"), f64::INFINITY, "nowMs"),
    ];
    for (capture, now, want) in bad {
        let e = wasm::diagnose_capture(capture, now).expect_err("must fail");
        let text = err_text(e);
        assert!(text.contains(want), "{text:?} should say {want:?}");
    }
    // Empty and odd-but-valid captures are not errors.
    let r = wasm::diagnose_capture(Object::new().into(), NOW_MS).expect("an empty capture is fine");
    assert_eq!(Array::from(&get(&r, "findings")).length(), 0);
}

fn kind_of(text: &str) -> String {
    let a =
        wasm::analyze_text(text.to_string(), NOW_MS).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
    get(&a, "kind").as_string().unwrap_or_default()
}

fn curl_401(auth: &str, challenge: &str) -> String {
    format!(
        "> GET /v1/orders HTTP/2\n> Host: api.example.com\n> Authorization: {auth}\n>\n< HTTP/2 401\n< date: Tue, 25 Nov 2025 14:20:00 GMT\n< www-authenticate: {challenge}\n<\n"
    )
}

fn small_har(auth: &str) -> String {
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "1"}, "entries": [{
        "startedDateTime": "2025-11-25T14:20:00.000Z", "time": 1,
        "request": {"method": "GET", "url": "https://api.example.com/v1/orders", "httpVersion": "HTTP/1.1",
            "headers": [{"name": "Authorization", "value": auth}], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 401, "statusText": "Unauthorized", "httpVersion": "HTTP/1.1",
            "headers": [{"name": "Date", "value": "Tue, 25 Nov 2025 14:20:00 GMT"},
                        {"name": "WWW-Authenticate", "value": "Bearer error=\"invalid_token\""}],
            "cookies": [], "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}
    }]}})
    .to_string()
}

#[wasm_bindgen_test]
fn analyze_text_detects_the_kind() {
    let token = expired_jwt(SECRET_SIG);
    let cases = [
        (token.clone(), "jwt"),
        (format!("Authorization: Bearer {token}"), "authorization"),
        ("Cookie: sid=abc; theme=dark".to_string(), "cookie"),
        (
            curl_401(
                &format!("Bearer {token}"),
                r#"Bearer error="invalid_token""#,
            ),
            "curl",
        ),
        (small_har(&format!("Bearer {token}")), "har"),
    ];
    for (text, want) in cases {
        assert_eq!(kind_of(&text), want, "{text}");
    }
}

#[wasm_bindgen_test]
fn analyze_text_diagnoses_captures_and_never_leaks_the_signature() {
    let token = expired_jwt(SECRET_SIG);
    let a = wasm::analyze_text(
        curl_401(
            &format!("Bearer {token}"),
            r#"Bearer error="invalid_token""#,
        ),
        NOW_MS,
    )
    .unwrap();
    assert_eq!(top_cause(&get(&a, "report")), "token-expired");
    let json = String::from(js_sys::JSON::stringify(&a).unwrap());
    assert!(!json.contains(SECRET_SIG));
}

#[wasm_bindgen_test]
fn analyze_text_errors_are_strings() {
    for text in [
        "",
        "   \n",
        "\u{0}\u{1}\u{2}\u{3}binary\u{0}\u{0}\u{0}\u{0}",
    ] {
        let e = wasm::analyze_text(text.to_string(), NOW_MS).expect_err("must fail");
        assert!(!err_text(e).is_empty());
    }
    let e = wasm::analyze_text("x".into(), f64::NAN).expect_err("NaN now");
    assert!(err_text(e).contains("nowMs"));
}

#[wasm_bindgen_test]
fn analyze_har_reports_phases_and_matches_analyze_text() {
    let har = small_har(&format!("Bearer {}", expired_jwt(SECRET_SIG)));
    let seen = Array::new();
    let push = seen.clone();
    let cb = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
        push.push(&p);
    });
    let f: &js_sys::Function = cb.as_ref().unchecked_ref();
    let a = wasm::analyze_har(har.clone(), NOW_MS, f).expect("analyses");
    let phases: Vec<String> = seen.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(phases, ["parsing", "diagnosing"]);
    let b = wasm::analyze_text(har, NOW_MS).unwrap();
    assert_eq!(get(&a, "kind").as_string().as_deref(), Some("har"));
    assert_eq!(top_cause(&get(&a, "report")), top_cause(&get(&b, "report")));
    // Not a HAR: the same as analyzeText.
    let t = wasm::analyze_har("Cookie: a=b".into(), NOW_MS, f).expect("falls back");
    assert_eq!(get(&t, "kind").as_string().as_deref(), Some("cookie"));
}

// ---- DevTools panel bindings (src/render/panel.rs) ----------------------------------------

const PANEL_HAR: &str = r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
 {"startedDateTime":"2025-11-25T17:10:00.000Z","request":{"method":"GET","url":"https://api.example.com/me","headers":[{"name":"Authorization","value":"Bearer opaque-panel-secret-0001"},{"name":"Cookie","value":"sid=panel-cookie-secret-0001"}]},"response":{"status":200,"statusText":"","headers":[],"content":{}}},
 {"startedDateTime":"2025-11-25T17:11:00.000Z","request":{"method":"GET","url":"https://api.example.com/me","headers":[{"name":"Authorization","value":"Bearer opaque-panel-secret-0002"}]},"response":{"status":401,"statusText":"","headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\""}],"content":{}}}
]}}"#;

#[wasm_bindgen_test]
fn panel_view_counts_and_export_masks() {
    let counts = why401::render::panel::panel_view_js(PANEL_HAR.into(), JsValue::NULL, NOW_MS)
        .expect("panelView");
    assert_eq!(get(&counts, "items").as_f64(), Some(2.0));
    assert_eq!(get(&counts, "failures").as_f64(), Some(1.0));
    let har = why401::render::panel::export_sanitized_har(PANEL_HAR.into()).expect("export");
    for secret in ["opaque-panel-secret", "panel-cookie-secret"] {
        assert!(!har.contains(secret), "{secret} in the export");
    }
    assert!(har.contains("why401"), "{har}");
}

#[wasm_bindgen_test]
fn panel_bindings_refuse_bad_input_with_a_message() {
    let e =
        why401::render::panel::panel_view_js("not json".into(), JsValue::NULL, NOW_MS).unwrap_err();
    assert!(err_text(e).contains("HAR"));
    let e = why401::render::panel::panel_view_js(PANEL_HAR.into(), JsValue::NULL, f64::NAN)
        .unwrap_err();
    assert!(err_text(e).contains("nowMs"));
    let e = why401::render::panel::panel_view_js(PANEL_HAR.into(), JsValue::from_str("x"), NOW_MS)
        .unwrap_err();
    assert!(err_text(e).contains("stored report"));
}

/// The background's binding (JSON text out) gives the same finding and notes as the object
/// form; for input that is not a capture, an error string, never a panic.
#[wasm_bindgen_test]
fn diagnose_latest_json_matches_the_object_form() {
    let auth = format!("Bearer {}", expired_jwt(SECRET_SIG));
    let capture = capture_json(&auth, r#"Bearer error="invalid_token""#);
    let from_json =
        why401::latest::diagnose_latest_json(capture.clone(), NOW_MS).expect("diagnoses");
    let from_object = why401::latest::diagnose_latest(capture.clone(), NOW_MS).expect("diagnoses");
    // Compared as JS sees them (JSON.parse, then JSON.stringify: 1.0 and 1 are one number).
    let js = |v: &JsValue| String::from(js_sys::JSON::stringify(v).expect("stringifies"));
    let parsed = js_sys::JSON::parse(&from_json).expect("JSON text");
    assert_eq!(js(&parsed), js(&from_object));
    let a: serde_json::Value = serde_json::from_str(&from_json).expect("JSON");
    assert_eq!(
        a["finding"]["causes"][0]["id"], "token-expired",
        "{from_json}"
    );
    assert!(
        !from_json.contains(SECRET_SIG),
        "the finding carries the signature"
    );
    for bad in ["\"\"", "null", "7", "{\"entries\": 7}"] {
        let v = js_sys::JSON::parse(bad).expect("JSON");
        let e = why401::latest::diagnose_latest_json(v, NOW_MS).expect_err(bad);
        assert!(err_text(e).starts_with("diagnoseLatestJson: "), "{bad}");
    }
    let e = why401::latest::diagnose_latest_json(capture, f64::NAN).expect_err("NaN");
    assert!(err_text(e).contains("nowMs"));
}
