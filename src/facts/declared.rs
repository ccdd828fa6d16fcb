//! What the server declared about the tokens it accepts: the audience (resource identifier)
//! and the issuers (authorization servers) it trusts. A token's `aud` or `iss` is judged only
//! against such a declaration, never against a host name: an issuer on another host (an
//! identity provider) is the normal case.
//!
//! Sources: OAuth 2.0 Protected Resource Metadata (RFC 9728) documents seen in the capture
//! (`/.well-known/oauth-protected-resource…`: `resource`, `authorization_servers`), and
//! challenge parameters that name them (`resource`, `audience`, `issuer`,
//! `authorization_servers`).

use crate::model::Capture;
use crate::parse::challenge::Challenge;
use crate::parse::url::{parse_url, Url};
use serde_json::Value;

/// Most metadata documents indexed.
const MAX_DOCS: usize = 16;

/// One RFC 9728 metadata document seen in the capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceMetadata {
    pub pos: usize,
    /// The metadata document's URL.
    pub url: String,
    pub resource: Option<String>,
    pub authorization_servers: Vec<String>,
}

/// The RFC 9728 documents of a capture, in order (answered 200 with a JSON object).
pub fn index(capture: &Capture) -> Vec<ResourceMetadata> {
    let mut out = Vec::new();
    for (pos, e) in capture.entries.iter().enumerate() {
        if out.len() >= MAX_DOCS {
            break;
        }
        if e.status != 200 || !e.url.contains("/.well-known/oauth-protected-resource") {
            continue;
        }
        let Some(body) = e.response_body.as_deref() else {
            continue;
        };
        let Ok(Value::Object(m)) =
            serde_json::from_str::<Value>(crate::parse::cut(body, 64 * 1024))
        else {
            continue;
        };
        let resource = m
            .get("resource")
            .and_then(Value::as_str)
            .map(|s| crate::parse::cut(s, 512).to_string());
        let authorization_servers = m
            .get("authorization_servers")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .take(8)
                    .map(|s| crate::parse::cut(s, 512).to_string())
                    .collect()
            })
            .unwrap_or_default();
        out.push(ResourceMetadata {
            pos,
            url: crate::parse::cut(&e.url, 512).to_string(),
            resource,
            authorization_servers,
        });
    }
    out
}

/// What this API declared, for one failed request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    /// Audiences (resource identifiers) the API declared, with where.
    pub audiences: Vec<(String, String)>,
    /// Issuers the API trusts, with where.
    pub issuers: Vec<(String, String)>,
}

/// The declarations that apply to a request to `url`: its challenges' parameters, and the
/// latest metadata document before it whose `resource` is on the request's origin (or that
/// the challenge's `resource_metadata` names).
pub fn for_request(
    docs: &[ResourceMetadata],
    pos: usize,
    url: Option<&Url>,
    challenges: &[Challenge<'_>],
    challenge_header: &str,
) -> Declared {
    let mut d = Declared::default();
    let named_doc: Vec<&str> = challenges
        .iter()
        .filter_map(|c| c.param("resource_metadata"))
        .collect();
    for c in challenges {
        for p in ["resource", "audience"] {
            if let Some(v) = c.param(p).filter(|v| !v.trim().is_empty()) {
                d.audiences.push((
                    crate::parse::cut(v.trim(), 512).to_string(),
                    format!("the {challenge_header} challenge's {p} parameter"),
                ));
            }
        }
        for p in ["issuer", "authorization_servers"] {
            if let Some(v) = c.param(p) {
                for s in v.split_whitespace().take(8) {
                    d.issuers.push((
                        crate::parse::cut(s, 512).to_string(),
                        format!("the {challenge_header} challenge's {p} parameter"),
                    ));
                }
            }
        }
    }
    let origin = url.map(Url::origin);
    let doc = docs.iter().rev().filter(|m| m.pos < pos).find(|m| {
        named_doc.iter().any(|n| n.trim() == m.url)
            || m.resource
                .as_deref()
                .and_then(parse_url)
                .is_some_and(|r| Some(r.origin()) == origin)
    });
    if let Some(m) = doc {
        let place = format!(
            "the resource metadata at {}",
            crate::mask::MaskedUrl::new(&m.url)
        );
        if let Some(r) = &m.resource {
            d.audiences.push((r.clone(), place.clone()));
        }
        for s in &m.authorization_servers {
            d.issuers.push((s.clone(), place.clone()));
        }
    }
    d
}

/// Identifiers compared the way OAuth compares them, forgiving only a trailing slash.
pub fn same_identifier(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::challenge::parse_challenges;

    #[test]
    fn challenge_params_and_identifiers() {
        let (cs, _) = parse_challenges(
            "Bearer resource=\"https://api.x.test\", issuer=\"https://idp.x.test/\"",
        );
        let d = for_request(&[], 0, None, &cs, "WWW-Authenticate");
        assert_eq!(d.audiences[0].0, "https://api.x.test");
        assert_eq!(d.issuers[0].0, "https://idp.x.test/");
        assert!(same_identifier("https://idp.x.test/", "https://idp.x.test"));
        assert!(!same_identifier(
            "https://idp.x.test/a",
            "https://idp.x.test/b"
        ));
    }
}
