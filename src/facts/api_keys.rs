//! Credentials outside Authorization and Cookie: API keys and tokens sent in a header of their
//! own (`X-Api-Key`, `Ocp-Apim-Subscription-Key`, `Private-Token`, ...) or in the query string
//! (`api_key`, `key`, `access_token`, ...). A request that carries one did carry credentials.

use crate::model::Entry;
use crate::parse::url::Url;

/// Request headers that carry an API key or token (lowercase).
pub const KEY_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "apikey",
    "x-apikey",
    "x-api-token",
    "api-token",
    "x-auth-token",
    "x-access-token",
    "x-auth-key",
    "x-token",
    "private-token",
    "job-token",
    "x-gitlab-token",
    "ocp-apim-subscription-key",
    "x-functions-key",
    "x-goog-api-key",
    "x-amz-security-token",
    "x-csrf-token-auth",
    "x-app-key",
    "x-application-key",
    "x-client-secret",
    "x-secret-key",
    "x-session-token",
    "x-user-token",
    "x-authorization",
    "x-id-token",
    "x-jwt-assertion",
    "x-hasura-admin-secret",
    "x-shopify-access-token",
    "x-figma-token",
    "x-vault-token",
    "x-consul-token",
    "x-nomad-token",
    "x-algolia-api-key",
    "x-rapidapi-key",
    "x-apikey-token",
    "dd-api-key",
    "x-postmark-server-token",
    "x-tableau-auth",
];

/// Query parameters that carry an API key or token (compared case-insensitively, `-` = `_`).
pub const KEY_PARAMS: &[&str] = &[
    "api_key",
    "apikey",
    "key",
    "access_token",
    "token",
    "auth",
    "auth_token",
    "authtoken",
    "private_token",
    "subscription_key",
    "subscription-key",
    "app_key",
    "appkey",
    "client_secret",
    "jwt",
    "code",
    "sig",
    "signature",
    "x-amz-security-token",
    "appid",
    "app_id",
    "user_key",
    "hapikey",
    "oauth_token",
    "oauth_signature",
    "password",
];

/// A path segment that can only be a secret: 24+ characters of mixed-case letters and
/// digits (random base62/base64, as in `/bot<id>:<token>/` or webhook URLs), where ids are
/// numbers, hex, UUIDs or slugs.
fn secret_segment(seg: &str) -> bool {
    let alnum = seg.chars().filter(char::is_ascii_alphanumeric).count();
    alnum >= 24
        && seg.len() <= 512
        && seg.chars().any(|c| c.is_ascii_uppercase())
        && seg.chars().any(|c| c.is_ascii_lowercase())
        && seg.chars().any(|c| c.is_ascii_digit())
        && seg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '~' | '%'))
}

/// Where a key travelled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyPlace {
    Header(String),
    Query(String),
    /// A segment of the URL path (`/bot<token>/getMe`, webhook URLs).
    Path,
}

/// One API key or token sent outside Authorization and Cookie. The value is never kept:
/// only its length and whether it was empty or a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    pub place: KeyPlace,
    pub len: usize,
    /// The value (cut to 1 KB), for the masked view and prefix recognition; never shown.
    pub value: String,
    /// Empty, or a placeholder word (`undefined`, `${KEY}`, ...).
    pub placeholder: bool,
    /// Its name says it is an OAuth access or ID token (`access_token`, `id_token`, `jwt`;
    /// RFC 6750 §2.3), not a key: a refusal is then `token-rejected`. Personal access tokens
    /// in headers of their own (`Private-Token`, `X-Auth-Token`) are API keys.
    pub token: bool,
}

impl ApiKey {
    /// `header X-Api-Key` / `query parameter api_key`.
    pub fn label(&self) -> String {
        match &self.place {
            KeyPlace::Header(h) => format!("header {h}"),
            KeyPlace::Query(q) => format!("query parameter {q}"),
            KeyPlace::Path => "URL path".to_string(),
        }
    }
}

/// The API keys a request carried (at most 8).
pub fn api_keys(entry: &Entry, url: Option<&Url>) -> Vec<ApiKey> {
    let mut out = Vec::new();
    for h in entry
        .request_headers
        .iter()
        .take(crate::model::limits::MAX_HEADERS)
    {
        if out.len() >= 8 {
            break;
        }
        let lower = h.name.to_ascii_lowercase();
        // Any header the masking treats as secret (`X-Typesense-Api-Key`), but the ones read
        // elsewhere (Authorization, Cookie) and CSRF tokens (no credential by themselves).
        let secret = crate::mask::names::secret_header(&h.name).is_some()
            && !matches!(
                lower.as_str(),
                "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
            )
            && !lower.contains("csrf")
            && !lower.contains("xsrf");
        if KEY_HEADERS.contains(&lower.as_str()) || secret {
            out.push(key(
                KeyPlace::Header(crate::parse::cut(&h.name, 64).to_string()),
                &h.value,
            ));
        }
    }
    if let Some(q) = url.and_then(|u| u.query.as_deref()) {
        for kv in q.split('&').take(64) {
            if out.len() >= 8 {
                break;
            }
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let norm = k.to_ascii_lowercase().replace('-', "_");
            // Any name the masking treats as secret (`auth_key`, `oauth_signature`,
            // `client-secret`), with a value that is more than a number.
            let by_name = crate::mask::names::secret_name(k).is_some()
                && v.len() >= 8
                && !v.bytes().all(|b| b.is_ascii_digit());
            if (KEY_PARAMS.iter().any(|p| p.replace('-', "_") == norm) || by_name) && !v.is_empty()
            {
                out.push(key(
                    KeyPlace::Query(crate::parse::cut(k, 64).to_string()),
                    v,
                ));
            }
        }
    }
    if let Some(u) = url {
        for seg in u.path.split('/').take(32) {
            if out.len() >= 8 {
                break;
            }
            if secret_segment(seg) {
                out.push(key(KeyPlace::Path, seg));
            }
        }
    }
    out
}

fn key(place: KeyPlace, value: &str) -> ApiKey {
    let v = value.trim();
    let name = match &place {
        KeyPlace::Header(n) | KeyPlace::Query(n) => n.to_ascii_lowercase(),
        KeyPlace::Path => String::new(),
    };
    ApiKey {
        token: matches!(
            name.replace('-', "_").as_str(),
            "access_token" | "accesstoken" | "id_token" | "jwt" | "x_id_token" | "x_jwt_assertion"
        ),
        place,
        len: v.len(),
        value: crate::parse::cut(v, 1024).to_string(),
        placeholder: v.is_empty() || crate::parse::authorization::placeholder(v).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Header;
    use crate::parse::url::parse_url;

    fn entry(url: &str, headers: &[(&str, &str)]) -> Entry {
        Entry {
            url: url.to_string(),
            method: "GET".into(),
            request_headers: headers
                .iter()
                .map(|(n, v)| Header {
                    name: n.to_string(),
                    value: v.to_string(),
                })
                .collect(),
            ..Entry::default()
        }
    }

    /// (url, request headers, keys found)
    type Row = (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static [&'static str],
    );

    #[test]
    fn headers_and_query() {
        let rows: &[Row] = &[
            (
                "https://api.x.test/v1",
                &[("X-Api-Key", "abc123")],
                &["header X-Api-Key"],
            ),
            (
                "https://api.x.test/v1",
                &[("api-key", "abc")],
                &["header api-key"],
            ),
            (
                "https://api.x.test/v1",
                &[("apikey", "abc")],
                &["header apikey"],
            ),
            (
                "https://api.x.test/v1",
                &[("X-Auth-Token", "abc")],
                &["header X-Auth-Token"],
            ),
            (
                "https://api.x.test/v1",
                &[("Private-Token", "glpat-x")],
                &["header Private-Token"],
            ),
            (
                "https://api.x.test/v1",
                &[("X-Access-Token", "abc")],
                &["header X-Access-Token"],
            ),
            (
                "https://api.x.test/v1",
                &[("Ocp-Apim-Subscription-Key", "abc")],
                &["header Ocp-Apim-Subscription-Key"],
            ),
            (
                "https://api.x.test/v1?api_key=abc",
                &[],
                &["query parameter api_key"],
            ),
            (
                "https://api.x.test/v1?key=abc&q=1",
                &[],
                &["query parameter key"],
            ),
            (
                "https://api.x.test/v1?access_token=abc",
                &[],
                &["query parameter access_token"],
            ),
            (
                "https://api.x.test/v1?API-KEY=abc",
                &[],
                &["query parameter API-KEY"],
            ),
            ("https://api.x.test/v1?api_key=", &[], &[]),
            ("https://api.x.test/v1?q=key", &[("Accept", "x")], &[]),
        ];
        for (url, headers, want) in rows {
            let e = entry(url, headers);
            let u = parse_url(url);
            let got: Vec<String> = api_keys(&e, u.as_ref()).iter().map(ApiKey::label).collect();
            assert_eq!(got, *want, "{url} {headers:?}");
        }
    }

    #[test]
    fn placeholder_keys() {
        let e = entry("https://api.x.test/", &[("X-Api-Key", "undefined")]);
        assert!(api_keys(&e, None)[0].placeholder);
        let e = entry("https://api.x.test/", &[("X-Api-Key", "")]);
        assert!(api_keys(&e, None)[0].placeholder);
    }
}
