//! API keys and access tokens recognised by their issuers' published prefixes. Names the
//! kind and, where the prefix says it, the mode (`test` / `live`): a test key sent to a live
//! endpoint (or the reverse) is a classic 401.

use super::{Family, Session};

struct Prefix {
    prefix: &'static str,
    kind: &'static str,
    mode: Option<&'static str>,
    docs: &'static str,
}

const fn p(
    prefix: &'static str,
    kind: &'static str,
    mode: Option<&'static str>,
    docs: &'static str,
) -> Prefix {
    Prefix {
        prefix,
        kind,
        mode,
        docs,
    }
}

// GitHub: https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
const GH: &str = "https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/";
// Stripe: https://docs.stripe.com/keys
const STRIPE: &str = "https://docs.stripe.com/keys";
// Slack: https://api.slack.com/concepts/token-types
const SLACK: &str = "https://api.slack.com/concepts/token-types";
// AWS: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
const AWS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids";

/// Longest prefixes first where one is a prefix of another (`sk-ant-` before `sk-`).
const PREFIXES: &[Prefix] = &[
    p(
        "github_pat_",
        "GitHub fine-grained personal access token",
        None,
        GH,
    ),
    p("ghp_", "GitHub personal access token (classic)", None, GH),
    p("gho_", "GitHub OAuth access token", None, GH),
    p("ghu_", "GitHub App user-to-server token", None, GH),
    p(
        "ghs_",
        "GitHub App installation (server-to-server) token",
        None,
        GH,
    ),
    p(
        "ghr_",
        "GitHub refresh token (not an access token)",
        None,
        GH,
    ),
    // GitLab: https://docs.gitlab.com/security/tokens/#token-prefixes
    p(
        "glpat-",
        "GitLab personal access token",
        None,
        "https://docs.gitlab.com/security/tokens/#token-prefixes",
    ),
    p(
        "gldt-",
        "GitLab deploy token",
        None,
        "https://docs.gitlab.com/security/tokens/#token-prefixes",
    ),
    p("sk_live_", "Stripe secret key", Some("live"), STRIPE),
    p("sk_test_", "Stripe secret key", Some("test"), STRIPE),
    p("rk_live_", "Stripe restricted key", Some("live"), STRIPE),
    p("rk_test_", "Stripe restricted key", Some("test"), STRIPE),
    p(
        "pk_live_",
        "Stripe publishable key (not for server calls)",
        Some("live"),
        STRIPE,
    ),
    p(
        "pk_test_",
        "Stripe publishable key (not for server calls)",
        Some("test"),
        STRIPE,
    ),
    p("xoxb-", "Slack bot token", None, SLACK),
    p("xoxp-", "Slack user token", None, SLACK),
    p("xoxa-", "Slack app token", None, SLACK),
    p("xoxe.xoxp-", "Slack rotating user token", None, SLACK),
    p(
        "xoxe-",
        "Slack refresh token (not an access token)",
        None,
        SLACK,
    ),
    p(
        "xoxr-",
        "Slack refresh token (not an access token)",
        None,
        SLACK,
    ),
    p("xoxs-", "Slack session token", None, SLACK),
    p("xoxo-", "Slack legacy token", None, SLACK),
    p("xapp-", "Slack app-level token", None, SLACK),
    p("AKIA", "AWS access key id (long-term)", None, AWS),
    p(
        "ASIA",
        "AWS access key id (temporary, needs its session token)",
        None,
        AWS,
    ),
    // Google: https://developers.google.com/identity/protocols/oauth2 ; https://cloud.google.com/docs/authentication/api-keys
    p(
        "ya29.",
        "Google OAuth 2.0 access token (expires after about an hour)",
        None,
        "https://developers.google.com/identity/protocols/oauth2",
    ),
    p(
        "AIza",
        "Google API key (not an OAuth token)",
        None,
        "https://cloud.google.com/docs/authentication/api-keys",
    ),
    // Anthropic: https://docs.anthropic.com/en/api/getting-started
    p(
        "sk-ant-",
        "Anthropic API key",
        None,
        "https://docs.anthropic.com/en/api/getting-started",
    ),
    // OpenAI: https://platform.openai.com/docs/api-reference/authentication
    p(
        "sk-proj-",
        "OpenAI project API key",
        None,
        "https://platform.openai.com/docs/api-reference/authentication",
    ),
    p(
        "sk-",
        "OpenAI API key",
        None,
        "https://platform.openai.com/docs/api-reference/authentication",
    ),
    // npm: https://docs.npmjs.com/about-access-tokens
    p(
        "npm_",
        "npm access token",
        None,
        "https://docs.npmjs.com/about-access-tokens",
    ),
    // Hugging Face: https://huggingface.co/docs/hub/security-tokens
    p(
        "hf_",
        "Hugging Face access token",
        None,
        "https://huggingface.co/docs/hub/security-tokens",
    ),
    // Shopify: https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens
    p(
        "shpat_",
        "Shopify Admin API access token",
        None,
        "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens",
    ),
    // SendGrid: https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys
    p(
        "SG.",
        "SendGrid API key",
        None,
        "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys",
    ),
    // DigitalOcean: https://docs.digitalocean.com/reference/api/create-personal-access-token/
    p(
        "dop_v1_",
        "DigitalOcean personal access token",
        None,
        "https://docs.digitalocean.com/reference/api/create-personal-access-token/",
    ),
];

fn key_chars(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// A value (after an optional `Bearer `/`token ` scheme, stripped by the caller) that starts
/// with a known prefix and has a key's alphabet and length.
pub fn decode(v: &str) -> Option<Session> {
    if !(16..=512).contains(&v.len()) || !key_chars(v) {
        return None;
    }
    let p = PREFIXES.iter().find(|p| v.starts_with(p.prefix))?;
    // AWS ids are exactly 20 upper-case characters.
    if p.prefix.len() == 4
        && p.prefix.starts_with('A')
        && p.prefix != "AIza"
        && (v.len() != 20
            || !v
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
    {
        return None;
    }
    let mut s = Session::new(Family::ApiKey, p.kind);
    s.mode = p.mode;
    s.docs = Some(p.docs);
    s.secret = Some(v.to_string());
    s.notes.push(format!(
        "recognised by its prefix `{}`{}",
        p.prefix,
        p.mode
            .map(|m| format!(": a {m}-mode key"))
            .unwrap_or_default()
    ));
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table() {
        type Want = Option<(&'static str, Option<&'static str>)>;
        let cases: &[(&str, Want)] = &[
            (
                "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                Some(("GitHub personal access token (classic)", None)),
            ),
            (
                "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuv",
                Some(("GitHub fine-grained personal access token", None)),
            ),
            (
                "glpat-abcdefghij0123456789",
                Some(("GitLab personal access token", None)),
            ),
            (
                "sk_test_51Habcdefghijklmnop",
                Some(("Stripe secret key", Some("test"))),
            ),
            (
                "sk_live_51Habcdefghijklmnop",
                Some(("Stripe secret key", Some("live"))),
            ),
            ("xoxb-1234-5678-abcdefghij", Some(("Slack bot token", None))),
            (
                "AKIAIOSFODNN7EXAMPLE",
                Some(("AWS access key id (long-term)", None)),
            ),
            ("AKIAnotanawskeyatall", None),
            (
                "ya29.a0AfH6SMBxabcdefgh",
                Some((
                    "Google OAuth 2.0 access token (expires after about an hour)",
                    None,
                )),
            ),
            (
                "sk-ant-api03-abcdefghijklmnop",
                Some(("Anthropic API key", None)),
            ),
            (
                "sk-abcdefghijklmnopqrstuvwx",
                Some(("OpenAI API key", None)),
            ),
            ("ghp_short", None),
            ("hello world ghp_abcdefghijklmnop", None),
        ];
        for (v, want) in cases {
            let got = decode(v);
            assert_eq!(
                got.as_ref().map(|s| (s.kind.as_str(), s.mode)),
                *want,
                "{v}"
            );
        }
    }

    #[test]
    fn every_prefix_has_docs() {
        for p in PREFIXES {
            assert!(p.docs.starts_with("https://"), "{}", p.prefix);
        }
    }

    proptest! {
        #[test]
        fn prop_never_panics(v in "\\PC{0,100}") {
            let _ = decode(&v);
        }

        #[test]
        fn prop_stripe_mode(body in "[A-Za-z0-9]{16,40}", live: bool) {
            let m = if live { "live" } else { "test" };
            let s = decode(&format!("sk_{m}_{body}")).unwrap();
            prop_assert_eq!(s.mode, Some(m));
        }
    }
}
