use super::*;
use crate::cause::CauseId;
use std::collections::BTreeSet;

/// The pattern's text with each `*` replaced by a realistic variable part.
fn literal(p: &Pattern) -> String {
    p.text()
        .replace('*', "api://3fa85f64-5717-4562-b3fc-2c963f66afa6")
}

/// A JSON error body carrying the message the way APIs usually do.
fn json_body(m: &Message) -> String {
    let text = literal(&m.pattern);
    let value = match m.pattern {
        Pattern::Contains(_) => serde_json::json!({
            "timestamp": "2026-03-01T10:00:00Z",
            "status": 401,
            "error": "Unauthorized",
            "message": format!("Request failed: {text}"),
            "path": "/api/orders"
        }),
        Pattern::Code(_) => serde_json::json!({
            "error": "invalid_request",
            "error_description": format!("{text}: the request could not be completed.\r\nTrace ID: 0000aaaa-11bb"),
            "error_codes": [1]
        }),
        Pattern::Exact(_) => serde_json::json!({ "detail": text }),
    };
    value.to_string()
}

/// An HTML page carrying the message (quotes as entities, line breaks inside).
fn html_body(m: &Message) -> String {
    let text = literal(&m.pattern)
        .replace('"', "&quot;")
        .replace(' ', "\n   ");
    match m.pattern {
        Pattern::Exact(_) => text,
        _ => format!("<!DOCTYPE html>\n<html><head><title>Error</title></head>\n<body>\n<h1>Error</h1>\n<p>{text}</p>\n</body></html>\n"),
    }
}

fn has_cause(hits: &[MessageHit], cause: CauseId) -> bool {
    hits.iter().any(|h| h.cause == cause)
}

#[test]
fn table_is_sound() {
    assert!(MESSAGES.len() >= 80, "{} entries", MESSAGES.len());
    let stacks: BTreeSet<&str> = MESSAGES.iter().map(|m| m.stack).collect();
    assert!(stacks.len() >= 12, "{} stacks", stacks.len());
    let mut seen = BTreeSet::new();
    for m in MESSAGES {
        let t = m.pattern.text();
        assert!(!t.trim().is_empty(), "empty pattern in {}", m.stack);
        assert!(t.is_ascii(), "non-ASCII pattern {t:?}");
        assert!(
            m.weight > 0.0 && m.weight <= 1.0,
            "{t:?} weight {}",
            m.weight
        );
        assert!(
            !m.meaning.is_empty() && !m.source.is_empty(),
            "{t:?} lacks meaning or source"
        );
        assert!(
            seen.insert((m.stack, t.to_ascii_lowercase())),
            "duplicate {t:?} in {}",
            m.stack
        );
        if let Pattern::Code(c) = m.pattern {
            assert!(
                !c.contains(' ') && !c.contains('*'),
                "code {c:?} must be one word"
            );
        }
        if !matches!(m.pattern, Pattern::Contains(_)) {
            assert!(!t.contains('*'), "only Contains may use *: {t:?}");
        }
    }
}

#[test]
fn every_entry_hits_its_cause_in_a_json_body() {
    for m in MESSAGES {
        let body = json_body(m);
        let hits = match_messages(&body);
        assert!(
            has_cause(&hits, m.cause),
            "{:?} ({}) not found as {:?} in {body}\nhits: {hits:#?}",
            m.pattern,
            m.stack,
            m.cause
        );
    }
}

#[test]
fn every_entry_hits_its_cause_in_an_html_page() {
    for m in MESSAGES {
        let body = html_body(m);
        let hits = match_messages(&body);
        assert!(
            has_cause(&hits, m.cause),
            "{:?} ({}) not found in {body}",
            m.pattern,
            m.stack
        );
    }
}

#[test]
fn matching_ignores_case() {
    for m in MESSAGES {
        let upper = json_body(m).to_uppercase();
        let lower = json_body(m).to_lowercase();
        for body in [upper, lower] {
            assert!(
                has_cause(&match_messages(&body), m.cause),
                "{:?} missed in {body}",
                m.pattern
            );
        }
    }
}

struct Case {
    stack: &'static str,
    body: &'static str,
    cause: CauseId,
}

/// Realistic bodies and error_description values, as each stack sends them.
const BODIES: &[Case] = &[
    Case { stack: table::SIMPLEJWT, cause: CauseId::TokenRejected,
        body: r#"{"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token is invalid or expired"}]}"# },
    Case { stack: table::DRF, cause: CauseId::NoCredentials,
        body: r#"{"detail":"Authentication credentials were not provided."}"# },
    Case { stack: table::SPRING, cause: CauseId::TokenExpired,
        body: r#"Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Jwt expired at 2026-02-11T15:28:59Z", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1""# },
    Case { stack: table::SPRING, cause: CauseId::NoCredentials,
        body: r#"{"timestamp":"2026-03-01T10:00:00.000+00:00","status":401,"error":"Unauthorized","message":"Full authentication is required to access this resource","path":"/api/orders"}"# },
    Case { stack: table::ASPNET, cause: CauseId::TokenExpired,
        body: r#"Bearer error="invalid_token", error_description="The token expired at '03/01/2026 09:12:44'""# },
    Case { stack: table::ASPNET, cause: CauseId::AudienceMismatch,
        body: r#"Bearer error="invalid_token", error_description="The audience 'api://3fa85f64-5717-4562-b3fc-2c963f66afa6' is invalid""# },
    Case { stack: table::IDMODEL, cause: CauseId::TokenMalformed,
        body: r#"{"error":{"code":"InvalidAuthenticationToken","message":"IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format."}}"# },
    Case { stack: table::FLASK_JWT, cause: CauseId::NoCredentials,
        body: "{\n  \"msg\": \"Missing Authorization Header\"\n}\n" },
    Case { stack: table::FLASK_JWT, cause: CauseId::CookiesNotSent,
        body: r#"{"msg":"Missing cookie \"access_token_cookie\""}"# },
    Case { stack: table::EXPRESS_JWT, cause: CauseId::NoCredentials,
        body: "UnauthorizedError: No authorization token was found\n    at /app/node_modules/express-jwt/dist/index.js:138:38" },
    Case { stack: table::JSONWEBTOKEN, cause: CauseId::AudienceMismatch,
        body: r#"{"name":"JsonWebTokenError","message":"jwt audience invalid. expected: https://api.example.com"}"# },
    Case { stack: table::JOSE, cause: CauseId::TokenExpired,
        body: r#"Bearer realm="api", error="invalid_token", error_description="\"exp\" claim timestamp check failed""# },
    Case { stack: table::FASTAPI, cause: CauseId::NoCredentials,
        body: r#"{"detail":"Not authenticated"}"# },
    Case { stack: table::LARAVEL, cause: CauseId::NoCredentials,
        body: r#"{"message":"Unauthenticated."}"# },
    Case { stack: table::DEVISE, cause: CauseId::SessionExpired,
        body: r#"{"error":"Your session expired. Please sign in again to continue."}"# },
    Case { stack: table::DEVISE, cause: CauseId::CredentialsRejected,
        body: r#"{"error":"Invalid Email or password."}"# },
    Case { stack: table::KEYCLOAK, cause: CauseId::IssuerMismatch,
        body: r#"Bearer realm="shop", error="invalid_token", error_description="Invalid token issuer. Expected 'http://keycloak:8080/realms/shop', but was 'https://auth.example.com/realms/shop'""# },
    Case { stack: table::KEYCLOAK, cause: CauseId::TokenRejected,
        body: r#"{"error":"invalid_token","error_description":"Token verification failed"}"# },
    Case { stack: table::ENTRA, cause: CauseId::SessionExpired,
        body: r#"{"error":"invalid_grant","error_description":"AADSTS50133: Session is invalid due to expiration or recent password change.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-01-09 02:02:12Z","error_codes":[50133]}"# },
    Case { stack: table::ENTRA, cause: CauseId::TokenExpired,
        body: "AADSTS700024: Client assertion is not within its valid time range. Current time: 2023-08-01T11:08:01.5274809Z, assertion valid from 2023-08-01T09:28:26.0000000Z" },
    Case { stack: table::AWS_APIGW, cause: CauseId::GatewayRejected,
        body: r#"{"message":"Missing Authentication Token"}"# },
    Case { stack: table::AWS_APIGW, cause: CauseId::SchemeMismatch,
        body: r#"{"message":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'."}"# },
    Case { stack: table::AWS_APIGW, cause: CauseId::AudienceMismatch,
        body: r#"Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience""# },
    Case { stack: table::KONG, cause: CauseId::GatewayRejected,
        body: r#"{"message":"No API key found in request","request_id":"7d1a0b0e3f2d4c2e"}"# },
    Case { stack: table::KONG, cause: CauseId::GatewayRejected,
        body: "{\n  \"message\":\"No API key found in request\",\n  \"hint\":\"No `apikey` request header or url param was found.\"\n}" },
    Case { stack: table::SUPABASE, cause: CauseId::TokenExpired,
        body: r#"{"code":403,"error_code":"bad_jwt","msg":"invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired"}"# },
    Case { stack: table::POSTGREST, cause: CauseId::TokenExpired,
        body: r#"{"code":"PGRST301","details":null,"hint":null,"message":"JWT expired"}"# },
    Case { stack: table::POSTGREST, cause: CauseId::TokenRejected,
        body: r#"{"message":"JWSError JWSInvalidSignature"}"# },
    Case { stack: table::FIREBASE, cause: CauseId::TokenExpired,
        body: r#"{"error":{"code":"auth/id-token-expired","message":"Firebase ID token has expired. Get a fresh ID token from your client app and try again (auth/id-token-expired). See https://firebase.google.com/docs/auth/admin/verify-id-tokens for details on how to retrieve an ID token."}}"# },
    Case { stack: table::FIREBASE, cause: CauseId::AudienceMismatch,
        body: r#"Firebase ID token has incorrect "aud" (audience) claim. Expected "shop-prod" but got "shop-staging"."# },
    Case { stack: table::NGINX, cause: CauseId::CredentialsRejected,
        body: "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n" },
    Case { stack: table::APACHE, cause: CauseId::CredentialsRejected,
        body: "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>401 Unauthorized</title>\n</head><body>\n<h1>Unauthorized</h1>\n<p>This server could not verify that you\nare authorized to access the document\nrequested.  Either you supplied the wrong\ncredentials (e.g., bad password), or your\nbrowser doesn't understand how to supply\nthe credentials required.</p>\n</body></html>\n" },
    Case { stack: table::APIM, cause: CauseId::GatewayRejected,
        body: r#"{ "statusCode": 401, "message": "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API." }"# },
    Case { stack: table::ENVOY, cause: CauseId::NoCredentials,
        body: "Jwt is missing" },
    Case { stack: table::ENVOY, cause: CauseId::IssuerMismatch,
        body: "Jwt issuer is not configured" },
    Case { stack: table::APIGEE, cause: CauseId::GatewayRejected,
        body: r#"{"fault":{"faultstring":"Invalid ApiKey","detail":{"errorcode":"oauth.v2.InvalidApiKey"}}}"# },
    Case { stack: table::APIGEE, cause: CauseId::TokenExpired,
        body: r#"{"fault":{"faultstring":"Access Token expired","detail":{"errorcode":"keymanagement.service.access_token_expired"}}}"# },
    Case { stack: table::RAILS, cause: CauseId::CredentialsRejected,
        body: "HTTP Basic: Access denied.\n" },
    Case { stack: table::GOLANG_JWT, cause: CauseId::TokenRejected,
        body: r#"{"error":"token signature is invalid: signature is invalid"}"# },
    Case { stack: table::OAUTH_RFC, cause: CauseId::InsufficientScope,
        body: r#"Bearer realm="example", error="insufficient_scope", scope="orders:write""# },
];

#[test]
fn realistic_bodies_per_stack() {
    for case in BODIES {
        let hits = match_messages(case.body);
        let best = hits.iter().find(|h| h.cause == case.cause);
        assert!(
            best.is_some(),
            "{}: no {:?} in {}\nhits: {hits:#?}",
            case.stack,
            case.cause,
            case.body
        );
        assert!(
            hits.iter().any(|h| h.stack == case.stack),
            "{}: stack not recognised in {}\nhits: {hits:#?}",
            case.stack,
            case.body
        );
    }
}

#[test]
fn realistic_bodies_rank_the_specific_cause_first() {
    // The strongest hit names the specific cause, not a generic one.
    let cases: &[(&str, CauseId)] = &[
        (
            r#"{"error":"unauthorized","message":"Jwt expired at 2026-02-11T15:28:59Z"}"#,
            CauseId::TokenExpired,
        ),
        (
            r#"{"error":"invalid_token","error_description":"The signature key was not found"}"#,
            CauseId::TokenRejected,
        ),
        (
            r#"{"message":"Unauthorized","detail":"Authentication credentials were not provided."}"#,
            CauseId::NoCredentials,
        ),
    ];
    for (body, cause) in cases {
        let hits = match_messages(body);
        assert_eq!(
            hits.first().map(|h| h.cause),
            Some(*cause),
            "{body}: {hits:#?}"
        );
    }
}

#[test]
fn evidence_keeps_the_original_text() {
    let body = r#"{"detail":"Given token not valid for any token type","code":"token_not_valid"}"#;
    let hits = match_messages(body);
    let first = hits.first().expect("a hit");
    assert_eq!(first.stack, table::SIMPLEJWT);
    assert_eq!(first.matched, "Given token not valid for any token type");
    let aad = match_messages(
        r#"{"error_description":"AADSTS50126: Error validating credentials due to invalid username or password.\r\nTrace ID: 0000"}"#,
    );
    assert_eq!(
        aad.first().map(|h| h.matched.as_str()),
        Some("AADSTS50126: Error validating credentials due to invalid username or password.")
    );

    let apache = "<p>This server could not verify that you\nare authorized to access the document\nrequested.  Either</p>";
    let hit = match_messages(apache)
        .into_iter()
        .next()
        .expect("apache hit");
    assert_eq!(
        hit.matched,
        "This server could not verify that you are authorized to access the document requested."
    );

    let long = format!("The audience '{}' is invalid", "a".repeat(190));
    let hit = match_messages(&long)
        .into_iter()
        .next()
        .expect("audience hit");
    assert!(
        hit.matched.chars().count() <= MATCHED_MAX_CHARS + 1,
        "{}",
        hit.matched
    );
    assert!(hit.matched.ends_with('…'));
}

/// What the rules will show a person, for two typical bodies.
#[test]
fn snapshot_of_hits() {
    let show = |body: &str| {
        match_messages(body)
            .iter()
            .map(|h| format!("{} {:.2} [{}] {}", h.cause, h.weight, h.stack, h.matched))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let spring = r#"Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Jwt expired at 2026-02-11T15:28:59Z", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1""#;
    assert_eq!(
        show(spring),
        "token-expired 0.90 [Spring Security] Jwt expired at 2026-02-11T15:28:59Z\n\
         token-rejected 0.45 [Spring Security] An error occurred while attempting to decode the Jwt: Jwt expired at 2026-02-11T15:28:59Z\n\
         token-rejected 0.30 [OAuth 2.0 (RFC 6749 / RFC 6750)] invalid_token"
    );
    let supabase = r#"{"code":403,"error_code":"bad_jwt","msg":"invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired"}"#;
    assert_eq!(
        show(supabase),
        "token-expired 0.80 [golang-jwt (Go)] token is expired\n\
         token-rejected 0.60 [Supabase Auth (GoTrue)] invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired"
    );
}

#[test]
fn duplicates_collapse() {
    // "Token has expired" (Flask-JWT-Extended) lies inside Firebase's message: one hit.
    let body = "Firebase ID token has expired. Get a fresh ID token from your client app and try again (auth/id-token-expired).";
    let hits = match_messages(body);
    let expired: Vec<_> = hits
        .iter()
        .filter(|h| h.cause == CauseId::TokenExpired)
        .collect();
    assert_eq!(expired.len(), 1, "{hits:#?}");
    assert_eq!(expired[0].stack, table::FIREBASE);
}

#[test]
fn codes_match_whole_words_only() {
    assert!(has_cause(
        &match_messages("AADSTS50126: Error validating credentials"),
        CauseId::CredentialsRejected
    ));
    assert!(!has_cause(
        &match_messages("AADSTS501261: something else"),
        CauseId::CredentialsRejected
    ));
    assert!(!has_cause(
        &match_messages("XAADSTS50126"),
        CauseId::CredentialsRejected
    ));
    assert!(!has_cause(
        &match_messages("my_invalid_token_counter=3"),
        CauseId::TokenRejected
    ));
    assert!(has_cause(
        &match_messages("error=\"invalid_token\""),
        CauseId::TokenRejected
    ));
}

#[test]
fn wildcards_stay_short() {
    assert!(has_cause(
        &match_messages("The issuer 'https://sts.windows.net/abc/' is invalid"),
        CauseId::IssuerMismatch
    ));
    let far = format!("The issuer '{}' is invalid", "x".repeat(WILDCARD_SPAN + 10));
    assert!(!has_cause(&match_messages(&far), CauseId::IssuerMismatch));
}

#[test]
fn ordinary_pages_give_no_strong_hits() {
    let pages = [
        "<html><head><title>Welcome</title></head><body><h1>Hello</h1><p>Your cart has expired items. The offer expired yesterday.</p></body></html>",
        r#"{"status":"ok","items":[{"id":1,"name":"Token of appreciation","expired":false}]}"#,
        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        "Lorem ipsum dolor sit amet, session consectetur adipiscing elit; password reset link sent.",
        r#"{"message":"Please sign in to see your orders","signed_in":false}"#,
        "",
        "   \n\t  ",
    ];
    for page in pages {
        let strong: Vec<_> = match_messages(page)
            .into_iter()
            .filter(|h| h.weight >= 0.5)
            .collect();
        assert!(strong.is_empty(), "{page}: {strong:#?}");
    }
    // The bare status text is evidence of nothing in particular.
    let hits = match_messages("Unauthorized");
    assert!(hits.iter().all(|h| h.weight <= 0.2), "{hits:#?}");
}

#[test]
fn only_the_first_max_body_bytes_are_scanned() {
    let mut body = "x".repeat(limits::MAX_BODY);
    body.push_str("Jwt is expired");
    body.push_str(&"y".repeat(10 * 1024 * 1024));
    assert!(match_messages(&body).is_empty());

    let mut early = String::from(r#"{"detail":"Authentication credentials were not provided."} "#);
    early.push_str(&"z".repeat(10 * 1024 * 1024));
    assert!(has_cause(&match_messages(&early), CauseId::NoCredentials));

    // A multi-byte char straddling the cut point does not panic.
    let mut straddle = "é".repeat(limits::MAX_BODY / 2 + 3);
    straddle.insert(0, 'a');
    let _ = match_messages(&straddle);
}

#[test]
fn hostile_repetition_is_bounded() {
    // Many near-misses of long and wildcard patterns.
    let body =
        "the audience ' ".repeat(2_000) + &"aadsts5012 ".repeat(1_000) + &"jwt ".repeat(3_000);
    let _ = match_messages(&body);
    let escapes = "\\u00".repeat(5_000) + &"&#".repeat(5_000) + &"\\".repeat(5_000);
    let _ = match_messages(&escapes);
}

#[test]
fn hits_are_capped_and_sorted() {
    let body: String = MESSAGES
        .iter()
        .map(json_body)
        .collect::<Vec<_>>()
        .join("\n");
    let hits = match_messages(&body);
    assert!(hits.len() <= MAX_HITS);
    assert!(
        hits.windows(2).all(|w| w[0].weight >= w[1].weight),
        "{hits:#?}"
    );
}

fn h(name: &str, value: &str) -> Header {
    Header::new(name, value)
}

#[test]
fn gateways_from_real_header_sets() {
    struct G {
        headers: Vec<Header>,
        body: Option<&'static str>,
        name: &'static str,
        min: f64,
    }
    let cases = vec![
        G { name: "AWS API Gateway", min: 0.85, body: Some(r#"{"message":"Unauthorized"}"#), headers: vec![
            h("Content-Type", "application/json"), h("x-amzn-RequestId", "9f1c2a9e-0b5d-4d8a-9c1e-2b7f6d3e4a5b"),
            h("x-amzn-ErrorType", "UnauthorizedException"), h("x-amz-apigw-id", "Q2Qm5F3JIAMEZ9A="),
        ]},
        G { name: "AWS API Gateway", min: 0.75, body: Some(r#"{"message":"Unauthorized"}"#), headers: vec![
            h("date", "Wed, 13 May 2020 04:07:30 GMT"), h("content-length", "26"),
            h("www-authenticate", r#"Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience""#),
            h("apigw-requestid", "Mc7UVioPPHcEKPA="),
        ]},
        G { name: "Google Cloud Identity-Aware Proxy", min: 0.9, body: Some("Invalid IAP credentials: empty token"), headers: vec![
            h("x-goog-iap-generated-response", "true"), h("content-type", "text/html; charset=UTF-8"), h("server", "Google Frontend"),
        ]},
        G { name: "Kong", min: 0.85, body: Some(r#"{"message":"No API key found in request"}"#), headers: vec![
            h("Content-Type", "application/json; charset=utf-8"), h("WWW-Authenticate", r#"Key realm="kong""#),
            h("Server", "kong/3.4.2"), h("X-Kong-Response-Latency", "1"),
        ]},
        G { name: "Azure API Management", min: 0.9, body: Some(r#"{ "statusCode": 401, "message": "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." }"#), headers: vec![
            h("Content-Type", "application/json"), h("Date", "Sun, 01 Mar 2026 10:00:00 GMT"),
        ]},
        G { name: "Cloudflare Access", min: 0.85, body: None, headers: vec![
            h("location", "https://example.cloudflareaccess.com/cdn-cgi/access/login/app.example.com?kid=abc&redirect_url=%2F"),
            h("server", "cloudflare"), h("cf-ray", "8a1b2c3d4e5f6a7b-FRA"),
        ]},
        G { name: "oauth2-proxy", min: 0.7, body: Some("Unauthorized"), headers: vec![
            h("Set-Cookie", "_oauth2_proxy_csrf=abc; Path=/; Expires=Sun, 01 Mar 2026 10:15:00 GMT; HttpOnly; Secure"),
        ]},
        G { name: "Apigee", min: 0.85, body: Some(r#"{"fault":{"faultstring":"Failed to resolve API Key variable request.queryparam.apikey","detail":{"errorcode":"steps.oauth.v2.FailedToResolveAPIKey"}}}"#), headers: vec![
            h("content-type", "application/json"),
        ]},
        G { name: "Envoy (or Istio)", min: 0.7, body: Some("Jwt is missing"), headers: vec![
            h("www-authenticate", r#"Bearer realm="http://api.example.com/orders""#), h("server", "istio-envoy"),
        ]},
    ];
    for c in cases {
        let got = detect_gateway(&c.headers, c.body);
        let got = got.unwrap_or_else(|| panic!("{}: nothing detected", c.name));
        assert_eq!(got.name, c.name, "{got:#?}");
        assert!(
            got.weight >= c.min && got.weight <= 1.0,
            "{}: weight {}",
            c.name,
            got.weight
        );
        assert!(!got.evidence.is_empty());
    }
}

#[test]
fn plain_servers_are_not_gateways() {
    let nginx = vec![
        h("Server", "nginx/1.25.3"),
        h("WWW-Authenticate", r#"Basic realm="Restricted""#),
    ];
    let page =
        "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body></body></html>";
    assert_eq!(detect_gateway(&nginx, Some(page)), None);
    let apache = vec![h("Server", "Apache/2.4.58 (Debian)")];
    assert_eq!(detect_gateway(&apache, Some("Unauthorized")), None);
    let app = vec![
        h("Server", "gunicorn"),
        h("Content-Type", "application/json"),
    ];
    assert_eq!(
        detect_gateway(&app, Some(r#"{"detail":"Not authenticated"}"#)),
        None
    );
    assert_eq!(detect_gateway(&[], None), None);
}

#[test]
fn a_relayed_kong_response_is_weak_evidence() {
    let headers = vec![
        h("Via", "kong/2.5.0"),
        h("X-Kong-Upstream-Latency", "26"),
        h("X-Kong-Proxy-Latency", "2"),
    ];
    let got = detect_gateway(
        &headers,
        Some(r#"{"detail":"Authentication credentials were not provided."}"#),
    )
    .expect("kong");
    assert_eq!(got.name, "Kong");
    assert!(got.weight < 0.5, "{got:#?}");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_stays_bounded(s in "\\PC{0,400}") {
            let hits = match_messages(&s);
            prop_assert!(hits.len() <= MAX_HITS);
            for hit in &hits {
                prop_assert!(hit.matched.chars().count() <= MATCHED_MAX_CHARS + 1);
                prop_assert!(hit.weight > 0.0 && hit.weight <= 1.0);
            }
        }

        #[test]
        fn escapes_and_entities_never_panic(s in "[\\\\u&#;x0-9a-fA-F\"' \\n]{0,300}") {
            let _ = match_messages(&s);
            let _ = detect_gateway(&[Header::new("set-cookie", s.clone()), Header::new("location", s.clone())], Some(&s));
        }

        #[test]
        fn a_known_message_is_found_anywhere(prefix in "[a-z ]{0,200}", suffix in "[a-z ]{0,200}") {
            let body = format!("{prefix} Jwt is expired {suffix}");
            prop_assert!(match_messages(&body).iter().any(|h| h.cause == CauseId::TokenExpired));
        }
    }
}
