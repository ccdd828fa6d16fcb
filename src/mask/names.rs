//! Names whose values are secrets: query, fragment, form and JSON field names, and headers.
//!
//! Names are compared normalised: percent-decoded, ASCII-lowercased, every character that
//! is not a letter or digit dropped, so `access_token`, `access-token`, `accessToken`,
//! `Access.Token` and `ACCESS_TOKEN` are one name (`accesstoken`).
//!
//! Sources (every name they redact is here, plus the ones the issue lists):
//! - Google's HAR sanitizer, `harsanitizer/static/wordlist.json`
//!   (<https://github.com/google/har-sanitizer>): state, shdf, usg, password, email, code,
//!   code_verifier, client_secret, client_id, token, access_token, authenticity_token,
//!   id_token, appID, challenge, facetID, assertion, fcParams, serverData, Authorization,
//!   auth, x-client-data, SAMLRequest, SAMLResponse.
//! - Cloudflare's HAR sanitizer, `src/lib/har_sanitize.tsx` `defaultWordList`
//!   (<https://github.com/cloudflare/har-sanitizer>): the list above plus code_challenge and
//!   vses2; it also cuts every JWT's signature whatever its name (done here by shape, see
//!   [`super::shape`]).
//! - Chrome DevTools' "Export HAR (sanitized)" (the default since Chrome 130) drops the
//!   Cookie, Set-Cookie and Authorization headers and nothing else (query strings and
//!   bodies stay; `tests/capture/README.md`, `sanitized-*.har`): see [`SECRET_HEADERS`].
//! - The API-key headers and query parameters the diagnosis itself reads as credentials
//!   (`facts::api_keys`): a test fails if one of them is not masked.
//! - Presigned URLs: AWS SigV4 (`X-Amz-Signature`, `X-Amz-Credential`,
//!   `X-Amz-Security-Token`), S3 SigV2 (`AWSAccessKeyId`, `Signature`), Google Cloud
//!   Storage (`X-Goog-Signature`, `X-Goog-Credential`, `GoogleAccessId`), Azure SAS (`sig`),
//!   CloudFront (`Signature`, `Policy`, `Key-Pair-Id`).
//! - OAuth 1/2, OIDC, SAML, CAS and common APIs: refresh_token, oauth_token,
//!   oauth_verifier, oauth_signature, id_token_hint, logout_token, device_code, user_code,
//!   client_assertion, RelayState, ticket, private_token (GitLab), api_key, apikey, key
//!   (Google APIs), subscription-key (Azure APIM), session ids (sid, jsessionid, phpsessid).

use super::Kind;

/// Exact normalised names, with the kind of secret they hold.
pub const SECRET_NAMES: &[(&str, Kind)] = &[
    // Google / Cloudflare HAR sanitizers.
    ("state", Kind::Value),
    ("shdf", Kind::Value),
    ("usg", Kind::Value),
    ("password", Kind::Password),
    ("email", Kind::Value),
    ("code", Kind::Code),
    ("codeverifier", Kind::Code),
    ("codechallenge", Kind::Code),
    ("clientsecret", Kind::Secret),
    ("clientid", Kind::Value),
    ("token", Kind::Token),
    ("accesstoken", Kind::Token),
    ("authenticitytoken", Kind::Token),
    ("idtoken", Kind::Token),
    ("appid", Kind::Value),
    ("challenge", Kind::Code),
    ("facetid", Kind::Value),
    ("assertion", Kind::Token),
    ("fcparams", Kind::Value),
    ("serverdata", Kind::Value),
    ("authorization", Kind::Token),
    ("auth", Kind::Token),
    ("xclientdata", Kind::Value),
    ("samlrequest", Kind::Token),
    ("samlresponse", Kind::Token),
    ("vses2", Kind::Value),
    // Tokens and sessions.
    ("refreshtoken", Kind::Token),
    ("authtoken", Kind::Token),
    ("privatetoken", Kind::Token),
    ("oauthtoken", Kind::Token),
    ("oauthverifier", Kind::Code),
    ("oauthsignature", Kind::Signature),
    ("idtokenhint", Kind::Token),
    ("logouttoken", Kind::Token),
    ("devicecode", Kind::Code),
    ("usercode", Kind::Code),
    ("clientassertion", Kind::Token),
    ("relaystate", Kind::Value),
    ("ticket", Kind::Token),
    ("jwt", Kind::Token),
    ("session", Kind::Token),
    ("sessionid", Kind::Token),
    ("sid", Kind::Token),
    ("jsessionid", Kind::Token),
    ("phpsessid", Kind::Token),
    ("csrf", Kind::Token),
    ("xsrf", Kind::Token),
    ("nonce", Kind::Value),
    ("otp", Kind::Code),
    // Passwords and keys.
    ("passwd", Kind::Password),
    ("pass", Kind::Password),
    ("pwd", Kind::Password),
    ("secret", Kind::Secret),
    ("key", Kind::Key),
    ("apikey", Kind::Key),
    ("appkey", Kind::Key),
    ("appid", Kind::Key),
    ("userkey", Kind::Key),
    ("hapikey", Kind::Key),
    ("authkey", Kind::Key),
    ("subscriptionkey", Kind::Key),
    ("accesskey", Kind::Key),
    ("privatekey", Kind::Key),
    // Presigned URLs.
    ("sig", Kind::Signature),
    ("signature", Kind::Signature),
    ("xamzsignature", Kind::Signature),
    ("xamzcredential", Kind::Key),
    ("xamzsecuritytoken", Kind::Token),
    ("awsaccesskeyid", Kind::Key),
    ("xgoogsignature", Kind::Signature),
    ("xgoogcredential", Kind::Key),
    ("googleaccessid", Kind::Key),
    ("policy", Kind::Value),
    ("keypairid", Kind::Key),
];

/// Normalised suffixes that make any name secret (`csrftoken`, `xvaulttoken`, `dbpassword`).
pub const SECRET_SUFFIXES: &[(&str, Kind)] = &[
    ("token", Kind::Token),
    ("secret", Kind::Secret),
    ("password", Kind::Password),
    ("passwd", Kind::Password),
    ("apikey", Kind::Key),
    ("accesskey", Kind::Key),
    ("secretkey", Kind::Key),
    ("privatekey", Kind::Key),
    ("subscriptionkey", Kind::Key),
    ("functionskey", Kind::Key),
    ("signature", Kind::Signature),
    ("credential", Kind::Key),
    ("credentials", Kind::Key),
    ("sessionid", Kind::Token),
    ("sessid", Kind::Token),
];

/// Header names (normalised) whose whole value is a secret, beyond the names above:
/// Chrome's sanitized HAR drops Cookie, Set-Cookie and Authorization; API-key headers
/// (`X-Api-Key`, `api-key`, `X-Auth-Token`, `Private-Token`, `X-Access-Token`,
/// `Ocp-Apim-Subscription-Key`, `X-Amz-Security-Token`, ...) match the names and suffixes.
pub const SECRET_HEADERS: &[(&str, Kind)] = &[
    ("authorization", Kind::Token),
    ("proxyauthorization", Kind::Token),
    ("cookie", Kind::Cookie),
    ("setcookie", Kind::Cookie),
    ("xapikey", Kind::Key),
    ("xauth", Kind::Token),
    ("xamzsecuritytoken", Kind::Token),
    ("ocpapimsubscriptionkey", Kind::Key),
    ("xgoogapikey", Kind::Key),
    ("xfunctionskey", Kind::Key),
    ("xclientdata", Kind::Value),
];

/// `access-Token` → `accesstoken`: percent-decoded, lowercased, letters and digits only.
pub fn normalize(name: &str) -> String {
    let decoded = super::url::pct_decode(name, false);
    decoded
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The kind of secret a field or parameter of this name holds, if it holds one.
pub fn secret_name(name: &str) -> Option<Kind> {
    let n = normalize(name);
    if n.is_empty() {
        return None;
    }
    SECRET_NAMES
        .iter()
        .find(|(s, _)| *s == n)
        .or_else(|| {
            SECRET_SUFFIXES
                .iter()
                .find(|(s, _)| n.len() > s.len() && n.ends_with(s))
        })
        .map(|(_, k)| *k)
}

/// The kind of secret a header of this name holds, if its value is secret: the names
/// above, and every header the diagnosis reads as an API key
/// ([`crate::facts::api_keys::KEY_HEADERS`]).
pub fn secret_header(name: &str) -> Option<Kind> {
    let n = normalize(name);
    SECRET_HEADERS
        .iter()
        .find(|(s, _)| *s == n)
        .map(|(_, k)| *k)
        .or_else(|| secret_name(name))
        .or_else(|| {
            let lower = name.trim().to_ascii_lowercase();
            crate::facts::api_keys::KEY_HEADERS
                .contains(&lower.as_str())
                .then_some(Kind::Key)
        })
        .or_else(|| {
            // A product's own key header (`X-Gotify-Key`, `X-Emby-Token` is a suffix above);
            // not the request headers that end in "key" and hold none (`Idempotency-Key`,
            // `Sec-WebSocket-Key`).
            let lower = name.trim().to_ascii_lowercase();
            (lower.ends_with("-key")
                && !lower.starts_with("sec-")
                && !lower.contains("idempotency")
                && !lower.contains("cache"))
            .then_some(Kind::Key)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name the sources redact, as they spell it. Dropping one fails here.
    const MUST_MASK: &[&str] = &[
        // Google har-sanitizer wordlist.json
        "state",
        "shdf",
        "usg",
        "password",
        "email",
        "code",
        "code_verifier",
        "client_secret",
        "client_id",
        "token",
        "access_token",
        "authenticity_token",
        "id_token",
        "appID",
        "challenge",
        "facetID",
        "assertion",
        "fcParams",
        "serverData",
        "Authorization",
        "auth",
        "x-client-data",
        "SAMLRequest",
        "SAMLResponse",
        // Cloudflare har-sanitizer defaultWordList additions
        "code_challenge",
        "vses2",
        // The list
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
        "RelayState",
        // Others named in the module doc
        "refresh_token",
        "oauth_verifier",
        "oauth_signature",
        "id_token_hint",
        "logout_token",
        "device_code",
        "user_code",
        "client_assertion",
        "ticket",
        "api_key",
        "apikey",
        "api-key",
        "key",
        "subscription-key",
        "Subscription-Key",
        "sid",
        "jsessionid",
        "PHPSESSID",
        "session",
        "sessionid",
        "jwt",
        "passwd",
        "pass",
        "PASS",
        "pwd",
        "secret",
        "AWSAccessKeyId",
        "X-Goog-Credential",
        "GoogleAccessId",
        "Policy",
        "Key-Pair-Id",
        "csrf_token",
        "_csrf",
        "xsrf-token",
        "X-Vault-Token",
        "db_password",
        "client.secret",
        "access%5Ftoken",
    ];

    /// Names that look alike and are no secret.
    const MUST_KEEP: &[&str] = &[
        "q",
        "page",
        "passage",
        "tokens",
        "keys",
        "monkey",
        "state2",
        "codes",
        "redirect_uri",
        "scope",
        "response_type",
        "lang",
        "",
        "_",
        "%%",
    ];

    #[test]
    fn every_source_name_is_secret() {
        for n in MUST_MASK {
            assert!(secret_name(n).is_some(), "{n:?} must be secret");
        }
        for n in MUST_KEEP {
            assert_eq!(secret_name(n), None, "{n:?} is no secret");
        }
    }

    #[test]
    fn api_key_headers() {
        for h in [
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "Set-Cookie",
            "X-Api-Key",
            "api-key",
            "apikey",
            "X-Auth-Token",
            "Private-Token",
            "X-Access-Token",
            "Ocp-Apim-Subscription-Key",
            "X-Amz-Security-Token",
            "X-Goog-Api-Key",
            "X-Functions-Key",
            "X-Auth",
            "X-CSRF-Token",
            "X-Shopify-Access-Token",
        ] {
            assert!(secret_header(h).is_some(), "{h}");
        }
        assert!(secret_header("X-Gotify-Key").is_some());
        for h in [
            "Content-Type",
            "Accept",
            "X-Request-Id",
            "Location",
            "Date",
            "Idempotency-Key",
            "Sec-WebSocket-Key",
        ] {
            assert_eq!(secret_header(h), None, "{h}");
        }
    }

    #[test]
    fn every_credential_the_diagnosis_reads_is_masked() {
        for p in crate::facts::api_keys::KEY_PARAMS {
            assert!(secret_name(p).is_some(), "query parameter {p}");
        }
        for h in crate::facts::api_keys::KEY_HEADERS {
            assert!(secret_header(h).is_some(), "header {h}");
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(secret_name("db_password"), Some(Kind::Password));
        assert_eq!(secret_name("X-Amz-Signature"), Some(Kind::Signature));
        assert_eq!(secret_name("refreshToken"), Some(Kind::Token));
        assert_eq!(secret_name("api_key"), Some(Kind::Key));
        assert_eq!(normalize("Access.Token"), "accesstoken");
    }
}
