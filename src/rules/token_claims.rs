//! Token claims: `insufficient-scope`, `audience-mismatch`, `issuer-mismatch`, `token-rejected`.
//!
//! **What it finds.** The server's own words about a token it refused: the RFC 6750
//! challenge (`error="insufficient_scope"`, `error="invalid_token"`, `scope="…"`) and known
//! error texts (the message table and the general reader), compared with the token's claims
//! (`scope`/`scp`, `aud`, `iss`), and the claims compared with what the API declared (its
//! resource identifier and trusted issuers: challenge parameters, RFC 9728 metadata).
//! A name alone is never a cause: an issuer on another host than the API is an identity
//! provider, the normal case, and an audience need not be the API's host name. Those show
//! as neutral lines in the credentials view.
//!
//! **Why it causes a 401.** A token for another API, from an issuer the API does not trust,
//! or without the permission the endpoint needs is refused even though it is valid.
//! `token-rejected` is the general case: the server said the token is invalid and nothing
//! more specific is known (bad signature, revoked, signing key rotated, wrong environment).
//! `insufficient_scope` is normally a 403, but some APIs answer 401.
//!
//! **Example.** `WWW-Authenticate: Bearer error="insufficient_scope", scope="orders:write"`
//! with a token whose `scope` is `orders:read` → "The token lacks the permission
//! `orders:write`".
//!
//! **Fix.** Request a token for this API (audience) with the needed scopes from the
//! issuer the API trusts.

use crate::cause::{Cause, CauseId};
use crate::facts::{Facts, TokenFacts, TokenPlace};
use crate::model::Ctx;
use crate::parse::authorization::SchemeKind;

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    scope(facts, out);
    audience(facts, out);
    issuer(facts, out);
    rejected(facts, out);
    wrong_kind(facts, out);
}

/// The bearer token's own claims say it is not an access token: `type`, `token_type`,
/// `token_use` (Cognito) or `typ` is `refresh` or `id` (a refresh or ID token sent where
/// an access token belongs). The claim and its value, when so.
pub(crate) fn not_access_token(facts: &Facts) -> Option<(String, String)> {
    let t = facts
        .tokens
        .iter()
        .find(|t| matches!(t.place, TokenPlace::Header(_)))?;
    let j = t.jws()?;
    ["type", "token_type", "token_use", "typ"]
        .iter()
        .find_map(|k| {
            let v = j.claims.get(*k)?.as_str()?.to_ascii_lowercase();
            matches!(v.as_str(), "refresh" | "refresh_token" | "id" | "id_token")
                .then(|| (k.to_string(), crate::facts::cut(&v, 40).to_string()))
        })
}

/// **What it finds.** A refresh token or an ID token sent as the bearer token.
/// **Why it causes a 401.** APIs accept access tokens only; the others are for the token
/// endpoint or for the client. **Example.** `{"type":"refresh"}` in `Authorization: Bearer`.
/// **Fix.** Send the access token; use the refresh token only at the token endpoint.
fn wrong_kind(facts: &Facts, out: &mut Vec<Cause>) {
    if facts.proxy {
        return;
    }
    let Some((claim, value)) = not_access_token(facts) else {
        return;
    };
    // A refresh token is never a bearer token; an ID token is for some APIs (API Gateway's
    // Cognito authorizers, Cloud Run), so it is only a hint.
    let refresh = value.starts_with("refresh");
    let (what, conf) = if refresh {
        ("a refresh token", 0.65)
    } else {
        ("an ID token", 0.35)
    };
    let mut c = token_rejected(facts, format!("the bearer token ({what})"), conf);
    c.title = format!("The bearer token is {what}, not an access token");
    c.explanation = if refresh {
        format!("The token's own `{claim}` claim says it is a refresh token. APIs accept access tokens: a refresh token belongs to the token endpoint only. The app sent the wrong one of the tokens it holds.")
    } else {
        format!("The token's own `{claim}` claim says it is an ID token. Most APIs accept access tokens only (an ID token tells the client who signed in); a few take ID tokens (API Gateway with a Cognito authorizer, Cloud Run). If this API is not one of them, the app sent the wrong one of the tokens it holds.")
    };
    c.fix_user = vec![
        "Sign out and sign in again; if it keeps happening, report it to the site.".to_string(),
    ];
    c.fix_dev = vec!["Send the access token in Authorization; use the refresh token only to get new tokens at the token endpoint, and the ID token only to learn who signed in.".to_string()];
    out.push(c.evidence(format!("token claim `{claim}`: {value}")));
}

/// The token the server most likely checked: the bearer token, else a session-like cookie JWT.
fn main_token<'a>(facts: &'a Facts) -> Option<&'a TokenFacts<'a>> {
    facts
        .tokens
        .iter()
        .find(|t| matches!(t.place, TokenPlace::Header(_)))
        .or_else(|| {
            facts.tokens.iter().find(|t| {
                matches!(
                    t.place,
                    TokenPlace::Cookie {
                        session_like: true,
                        ..
                    }
                )
            })
        })
}

fn challenge_ev(facts: &Facts) -> Option<crate::cause::Evidence> {
    let c = facts.challenges.iter().find(|c| c.error().is_some())?;
    let mut s = format!(
        "{}: {} error=\"{}\"",
        facts.challenge_header,
        c.scheme,
        c.error().unwrap_or("")
    );
    if let Some(d) = c.error_description() {
        s.push_str(&format!(
            ", error_description=\"{}\"",
            crate::mask::MaskedText::text(d).cut(300)
        ));
    }
    if let Some(sc) = c.scope() {
        s.push_str(&format!(", scope=\"{}\"", crate::facts::cut(sc, 300)));
    }
    Some(crate::cause::Evidence::challenge(s))
}

fn scope(facts: &Facts, out: &mut Vec<Cause>) {
    let err = facts.challenge_error();
    let required: Vec<&str> = facts
        .challenges
        .iter()
        .filter_map(|c| c.scope())
        .flat_map(|s| s.split_whitespace())
        .take(32)
        .collect();
    let token = main_token(facts).and_then(|t| t.jws());
    let have: Vec<&str> = token
        .map(|j| j.scopes.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !have.contains(r))
        .collect();
    let msg = facts.message_for(CauseId::InsufficientScope);
    let (conf, title) = if err.as_deref() == Some("insufficient_scope") {
        let t = if missing.is_empty() {
            "The server says the token lacks the permission (scope) this request needs".to_string()
        } else {
            format!(
                "The token lacks the permission {} this request needs",
                list(&missing)
            )
        };
        (0.95, t)
    } else if !missing.is_empty() && token.is_some() && !have.is_empty() {
        (
            0.75,
            format!(
                "The token lacks the permission {} the server asks for",
                list(&missing)
            ),
        )
    } else if let Some(m) = msg {
        (
            0.5 + 0.4 * m.weight.clamp(0.0, 1.0),
            "The server says the token lacks a permission this request needs".to_string(),
        )
    } else {
        return;
    };
    let mut c = Cause::new(CauseId::InsufficientScope, conf, title)
        .explain("The token is accepted as genuine, but it does not carry the permission (scope or role) this endpoint requires. The server names the scopes it wants in its challenge; a token has to be requested with them. (The standard answer for this is 403; some APIs answer 401.)")
        .fix_user("Sign out and in again, and accept the permissions the app asks for; if your account lacks the role, ask an administrator.")
        .fix_dev("Request the token with the scopes the endpoint needs (see the challenge's `scope`), and make sure the user or client is granted them; answer 403 (not 401) for insufficient scope.");
    if let Some(e) = challenge_ev(facts) {
        c = c.evidence(e);
    }
    if token.is_some() {
        c = c.evidence(if have.is_empty() {
            "the token carries no scope, scp or roles claim".to_string()
        } else {
            format!(
                "the token's scopes: {}",
                crate::facts::cut(&have.join(" "), 400)
            )
        });
    }
    if let Some(m) = msg {
        c = c.evidence(msg_ev(m));
    }
    out.push(c);
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .take(6)
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn msg_ev(m: &crate::facts::MsgHit) -> crate::cause::Evidence {
    crate::rules::msg_evidence(m)
}

/// The server's own short text (error_description, or a short body) naming one of `words`
/// as a whole word: (the text, from the challenge).
fn server_text_names(facts: &Facts, words: &[&str]) -> Option<(crate::mask::MaskedText, bool)> {
    let names = |text: &str| {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| words.iter().any(|k| w.eq_ignore_ascii_case(k)))
    };
    for c in &facts.challenges {
        if let Some(d) = c.error_description().filter(|d| names(d)) {
            return Some((crate::mask::MaskedText::text(d).cut(200), true));
        }
    }
    let body = facts
        .body
        .map(str::trim)
        .filter(|b| !b.is_empty() && b.len() <= 1024)?;
    names(body).then(|| {
        let ct = facts.entry.response_header("content-type");
        (crate::mask::MaskedText::body(ct, body).cut(200), false)
    })
}

/// The server's short text that names a claim, as evidence: a challenge's
/// `error_description`, or the response body.
fn names_claim(text: crate::mask::MaskedText, challenge: bool) -> crate::cause::Evidence {
    if challenge {
        crate::cause::Evidence::challenge(format!("error_description: \"{text}\""))
    } else {
        crate::cause::Evidence::Server {
            text,
            stack: String::new(),
            meaning: "the response body names this claim".to_string(),
        }
    }
}

/// A token was sent (bearer or a token cookie): the server's words can be about it.
fn token_sent(facts: &Facts) -> bool {
    facts
        .relevant_auth()
        .is_some_and(|a| a.kind() == SchemeKind::Bearer)
        || !facts.tokens.is_empty()
}

fn audience(facts: &Facts, out: &mut Vec<Cause>) {
    let token = main_token(facts);
    let j = token.and_then(|t| t.jws());
    let msg = facts.message_for(CauseId::AudienceMismatch);
    let aud_ev = j.map(|j| {
        if j.aud.is_empty() {
            "the token has no aud claim".to_string()
        } else {
            format!(
                "the token's aud: {}",
                crate::facts::cut(&j.aud.join(", "), 300)
            )
        }
    });
    if let Some(m) = msg {
        let mut c = Cause::new(CauseId::AudienceMismatch, 0.5 + 0.4 * m.weight.clamp(0.0, 1.0), "The token was issued for another API (audience)")
            .evidence(msg_ev(m))
            .explain("A token names the API it is meant for in its `aud` (audience) claim. The server says this token's audience is not itself, so it refuses it, even though the token is genuine. This happens when an app sends a token obtained for another API, or when the API's configured audience differs from what the issuer puts in tokens.")
            .fix_user("Sign out and in again; if it persists, report it to the site.")
            .fix_dev("Request the token with this API's audience/resource (e.g. `audience=` or `resource=` at the authorization server), or fix the API's expected audience setting.");
        if let Some(e) = aud_ev.clone() {
            c = c.evidence(e);
        }
        out.push(c);
        return;
    }
    if let Some((text, challenge)) =
        server_text_names(facts, &["aud", "audience", "audiences"]).filter(|_| token_sent(facts))
    {
        let mut c = Cause::new(
            CauseId::AudienceMismatch,
            if challenge { 0.8 } else { 0.65 },
            "The server says the token was issued for another API (audience)",
        )
        .evidence(names_claim(text, challenge))
        .explain("A token names the API it is meant for in its `aud` (audience) claim. The server's error names the audience as the problem: this token was obtained for another API, or the API expects a different audience than the issuer puts in tokens.")
        .fix_user("Sign out and in again; if it persists, report it to the site.")
        .fix_dev("Request the token with this API's audience/resource (e.g. `audience=` or `resource=` at the authorization server), or fix the API's expected audience setting.");
        if let Some(e) = aud_ev {
            c = c.evidence(e);
        }
        out.push(c);
        return;
    }
    // A comparison with an audience the server declared (challenge, RFC 9728 metadata).
    // A host name alone is no evidence: many APIs use an audience that is not their host.
    let Some(j) = j else { return };
    let Some((declared, place)) = facts.declared.audiences.first() else {
        return;
    };
    if j.aud.is_empty()
        || j.aud
            .iter()
            .any(|a| crate::facts::declared::same_identifier(a, declared))
    {
        return;
    }
    let mut c = Cause::new(
        CauseId::AudienceMismatch,
        0.7,
        format!("The token is meant for {}, not for this API ({})", crate::facts::cut(&j.aud.join(", "), 120), crate::facts::cut(declared, 120)),
    )
    .explain("A token names the API it is meant for in its `aud` (audience) claim. This API declared its own identifier, and the token's audience does not name it, so an API that checks the audience refuses the token.")
    .fix_user("Sign out and in again; if it persists, report it to the site.")
    .fix_dev("Request the token for this API's resource identifier (`audience=` or `resource=` at the authorization server), or fix the API's expected audience.");
    if let Some(e) = aud_ev {
        c = c.evidence(e);
    }
    out.push(c.evidence(format!(
        "the API declared its audience as {} ({place})",
        crate::facts::cut(declared, 200)
    )));
}

fn issuer(facts: &Facts, out: &mut Vec<Cause>) {
    let token = main_token(facts);
    let j = token.and_then(|t| t.jws());
    let iss_ev = j.map(|j| match &j.iss {
        Some(i) => format!("the token's iss: {}", crate::facts::cut(i, 300)),
        None => "the token has no iss claim".to_string(),
    });
    if let Some(m) = facts.message_for(CauseId::IssuerMismatch) {
        let mut c = Cause::new(CauseId::IssuerMismatch, 0.5 + 0.4 * m.weight.clamp(0.0, 1.0), "The token comes from an issuer this API does not trust")
            .evidence(msg_ev(m))
            .explain("A token names who issued it in its `iss` claim, and an API accepts tokens only from the issuers it is configured for. The server says this token's issuer is not one of them: typically a token from another environment (staging vs production), another tenant, or an old issuer URL.")
            .fix_user("Sign out and in again on the same site (not another environment of it).")
            .fix_dev("Make the API's trusted issuer match the `iss` the authorization server puts in tokens (exact string, including trailing slash and tenant), and use the same environment for sign-in and API.");
        if let Some(e) = iss_ev {
            c = c.evidence(e);
        }
        out.push(c);
        return;
    }
    if let Some((text, challenge)) =
        server_text_names(facts, &["iss", "issuer"]).filter(|_| token_sent(facts))
    {
        let mut c = Cause::new(
            CauseId::IssuerMismatch,
            if challenge { 0.8 } else { 0.65 },
            "The server says the token comes from an issuer it does not trust",
        )
        .evidence(names_claim(text, challenge))
        .explain("A token names who issued it in its `iss` claim, and an API accepts tokens only from the issuers it is configured for. The server's error names the issuer as the problem: typically a token from another environment (staging vs production), another tenant, or an old issuer URL.")
        .fix_user("Sign out and in again on the same site (not another environment of it).")
        .fix_dev("Make the API's trusted issuer match the `iss` the authorization server puts in tokens (exact string, including trailing slash and tenant).");
        if let Some(e) = iss_ev {
            c = c.evidence(e);
        }
        out.push(c);
        return;
    }
    // A comparison with the issuers the server declared (challenge, RFC 9728 metadata).
    // An issuer on another host than the API is normal (an identity provider) and proves
    // nothing; the credentials view shows it as a neutral line.
    let Some(j) = j else { return };
    let Some(iss) = j.iss.as_deref() else { return };
    if facts.declared.issuers.is_empty()
        || facts
            .declared
            .issuers
            .iter()
            .any(|(d, _)| crate::facts::declared::same_identifier(d, iss))
    {
        return;
    }
    let (declared, place) = &facts.declared.issuers[0];
    let mut c = Cause::new(
        CauseId::IssuerMismatch,
        0.7,
        format!("The token was issued by {}, which this API does not list as a trusted issuer", crate::facts::cut(iss, 120)),
    )
    .explain("A token names who issued it in its `iss` claim, and an API accepts tokens only from the issuers it is configured for. This API declared the issuers it trusts, and the token's issuer is not among them: typically a token from another environment, another tenant, or an old issuer URL.")
    .fix_user("Sign out and in again on the same site (not another environment of it).")
    .fix_dev("Make the API's trusted issuer match the `iss` the authorization server puts in tokens (exact string, including trailing slash and tenant), and use the same environment for sign-in and API.");
    if let Some(e) = iss_ev {
        c = c.evidence(e);
    }
    out.push(c.evidence(format!(
        "the API trusts {} ({place})",
        crate::facts::cut(declared, 200)
    )));
}

fn rejected(facts: &Facts, out: &mut Vec<Cause>) {
    if facts.relevant_auth().is_none() {
        // A token sent in a header of its own or in the query (`?access_token=`).
        if let (Some(k), Some(m)) = (
            facts.api_keys.iter().find(|k| k.token && !k.placeholder),
            facts.message_for(CauseId::TokenRejected),
        ) {
            out.push(
                token_rejected(
                    facts,
                    format!("the token in the {}", k.label()),
                    0.5 + 0.3 * m.weight.clamp(0.0, 1.0),
                )
                .evidence(format!(
                    "{}: a token of {} bytes was sent",
                    k.label(),
                    k.len
                ))
                .evidence(msg_ev(m)),
            );
            return;
        }
    }
    let Some(a) = facts.relevant_auth() else {
        // A session cookie JWT refused with invalid_token.
        if facts.challenge_error().as_deref() == Some("invalid_token") {
            if let Some(t) = main_token(facts).filter(|t| t.jws().is_some()) {
                out.push(token_rejected(facts, t.label(), 0.7));
                return;
            }
        }
        // The server judged a token this capture does not show (no Authorization, no
        // cookies, no key): its words are what is known.
        if !facts.carried_credentials()
            && !facts.sanitized
            && facts.message_for(CauseId::NoCredentials).is_none()
        {
            let refused = facts.message_for(CauseId::CredentialsRejected);
            if let Some(m) = facts
                .message_for(CauseId::TokenRejected)
                .filter(|m| refused.is_none() && crate::messages::reader::specific(m.reading))
            {
                out.push(
                    token_rejected(facts, "a token".to_string(), 0.45 + 0.3 * m.weight.clamp(0.0, 1.0))
                        .evidence("the token itself is not in this capture (request body, URL, or a header why401 does not read)")
                        .evidence(msg_ev(m)),
                );
            }
        }
        return;
    };
    // Bearer, or a token under a scheme of its own (`token …`, `Bot …`, `JWT …`).
    let bearer = a.kind() == SchemeKind::Bearer;
    let usable = (a.well_formed() && (bearer || a.kind() == SchemeKind::Other)) || a.bare_token();
    if !usable || facts.proxy {
        return;
    }
    let err = facts.challenge_error();
    let msg = facts.message_for(CauseId::TokenRejected);
    let label = main_token(facts)
        .map(|t| t.label())
        .unwrap_or_else(|| "the bearer token".to_string());
    if err.as_deref() == Some("invalid_token") {
        out.push(token_rejected(facts, label, 0.8));
    } else if let Some(m) = msg {
        out.push(
            token_rejected(facts, label, 0.5 + 0.3 * m.weight.clamp(0.0, 1.0)).evidence(msg_ev(m)),
        );
    } else if bearer
        && err.is_none()
        // No challenge, or only the server's own name for Bearer (`BearerGetter`).
        && (!facts.has_challenge_header
            || facts.challenges.iter().all(|c| {
                c.error().is_none()
                    && !c.is("Bearer")
                    && c.scheme.to_ascii_lowercase().contains("bearer")
            }))
        && facts.stated_reason().is_none()
        // "Authentication required" is the server's state words, not news that nothing
        // arrived: a token was sent.
        && facts
            .message_for(CauseId::NoCredentials)
            .map_or(true, |m| m.reading == Some(crate::messages::reader::Reading::NotSignedIn))
    {
        // Bearer sent, refused, and the server says nothing (or only "Unauthorized"). A
        // well-formed token that decodes and is unexpired is most likely refused for what
        // only the server sees (signature, revocation).
        let live = main_token(facts).and_then(|t| t.jws()).is_some_and(|j| {
            j.exp
                .is_some_and(|e| e > facts.clocks.server_secs().unwrap_or(e - 1.0))
        });
        out.push(
            token_rejected(facts, label, if live { 0.45 } else { 0.35 })
                .evidence("the server gave no reason: no challenge, no known error text"),
        );
    }
}

fn token_rejected(facts: &Facts, label: String, conf: f64) -> Cause {
    let mut c = Cause::new(CauseId::TokenRejected, conf, "The server refused the token as invalid")
        .explain(format!(
            "The server looked at {label} and refused it without saying more. The token is well formed and not expired, so the usual reasons are: its signature does not verify (the signing key was rotated, or it came from another environment or tenant), or it was revoked (signed out elsewhere, password changed)."
        ))
        .fix_user("Sign out and sign in again to get a new token.")
        .fix_dev("Check the API's log for the exact validation error (signature, key id `kid` not in the JWKS, revoked, audience, issuer) and return it in `error_description`.")
        .fix_dev("After rotating signing keys, keep the old key in the JWKS until issued tokens expire.");
    if let Some(e) = challenge_ev(facts) {
        c = c.evidence(e);
    }
    if let Some(j) = main_token(facts).and_then(|t| t.jws()) {
        c = c.evidence(format!(
            "token header: alg {}, kid {}",
            j.alg.as_deref().unwrap_or("(none)"),
            j.kid
                .as_deref()
                .map(|k| crate::facts::cut(k, 100))
                .unwrap_or("(none)")
        ));
    }
    c
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "insufficient_scope named, token lacks it",
            text: "POST https://api.example.com/orders\nAuthorization: Bearer $JWT{\"scope\":\"orders:read\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"orders:write\"\n",
            first: Some(InsufficientScope),
            present: &[],
            absent: &[TokenRejected, Unknown],
        },
        Case {
            name: "scope param without error code, token lacks it",
            text: "POST https://api.example.com/orders\nAuthorization: Bearer $JWT{\"scp\":[\"orders:read\"],\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer realm=\"api\", scope=\"orders:write\"\n",
            first: Some(InsufficientScope),
            present: &[],
            absent: &[],
        },
        Case {
            name: "scope param the token has: no scope cause",
            text: "GET https://api.example.com/orders\nAuthorization: Bearer $JWT{\"scope\":\"orders:read orders:write\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer realm=\"api\", scope=\"orders:write\", error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[InsufficientScope],
        },
        Case {
            name: "invalid_token with a good token",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"https://api.example.com\",\"exp\":$T+1h}\n@started $T\n\n401\nDate: $D\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"signature verification failed\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AudienceMismatch, TokenExpired],
        },
        Case {
            name: "aud names another host: a name, not evidence",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"https://api.other.net\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AudienceMismatch],
        },
        Case {
            name: "aud differs from the resource the challenge declares",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"https://api.other.net\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\", resource=\"https://api.example.com\"\n",
            first: Some(AudienceMismatch),
            present: &[],
            absent: &[TokenRejected],
        },
        Case {
            name: "aud equals the declared resource",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"https://api.example.com/\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\", resource=\"https://api.example.com\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AudienceMismatch],
        },
        Case {
            name: "iss not among the issuers the RFC 9728 metadata declares",
            text: "GET https://api.example.com/.well-known/oauth-protected-resource\n\n200\n\n{\"resource\":\"https://api.example.com\",\"authorization_servers\":[\"https://login.example.com/realms/prod\"]}\n----\nGET https://api.example.com/me\nAuthorization: Bearer $JWT{\"iss\":\"https://login.example.com/realms/staging\",\"aud\":\"https://api.example.com\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(IssuerMismatch),
            present: &[],
            absent: &[AudienceMismatch, TokenRejected],
        },
        Case {
            name: "an identity provider's iss on another host, local API: no issuer cause",
            text: "GET http://127.0.0.1:8000/api/me\nAuthorization: Bearer $JWT{\"iss\":\"https://login.example.com/realms/acme\",\"aud\":\"account\",\"exp\":$T-1h}\n@started $T\n\n401\nDate: $D\nWWW-Authenticate: Bearer\n",
            first: Some(TokenExpired),
            present: &[],
            absent: &[IssuerMismatch, AudienceMismatch],
        },
        Case {
            name: "a cloud user pool issuer against a localhost API: no issuer cause",
            text: "GET http://localhost:3000/api\nAuthorization: Bearer $JWT{\"iss\":\"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[IssuerMismatch, AudienceMismatch],
        },
        Case {
            name: "aud that is not a host is no hint",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"account\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AudienceMismatch],
        },
        Case {
            name: "aud on the same site is fine",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"https://example.com\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AudienceMismatch],
        },
        Case {
            name: "staging-looking issuer against a production API: a name, not evidence",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"iss\":\"https://auth.staging.example.com/\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[IssuerMismatch],
        },
        Case {
            name: "same environment issuer: no hint",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"iss\":\"https://auth.example.com/\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[IssuerMismatch],
        },
        Case {
            name: "expired token: token-rejected folds into token-expired",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T-1h}\n@started $T\n\n401\nDate: $D\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenExpired),
            present: &[],
            absent: &[TokenRejected],
        },
        Case {
            name: "bearer refused with no word at all",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\n",
            first: Some(TokenRejected),
            present: &[MissingChallenge],
            absent: &[Unknown],
        },
        Case {
            name: "insufficient_scope with an opaque token",
            text: "GET https://api.example.com/admin\nAuthorization: Bearer opaque-token-value-123456\n\n401\nWWW-Authenticate: Bearer error=\"insufficient_scope\"\n",
            first: Some(InsufficientScope),
            present: &[],
            absent: &[TokenRejected],
        },
        Case {
            name: "no scope information at all",
            text: "GET https://api.example.com/admin\nAuthorization: Bearer $JWT{\"scope\":\"read\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[InsufficientScope],
        },
        Case {
            name: "ASP.NET says the audience is invalid",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"api://other\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"The audience 'api://other' is invalid\"\n",
            first: Some(AudienceMismatch),
            present: &[],
            absent: &[TokenRejected],
        },
        Case {
            name: "jsonwebtoken says the issuer is invalid",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"iss\":\"https://auth.example.com/\",\"exp\":$T+1h}\n\n401\n\n{\"error\":\"jwt issuer invalid. expected: https://login.example.com/\"}",
            first: Some(IssuerMismatch),
            present: &[],
            absent: &[TokenRejected],
        },
        Case {
            name: "error_description names the aud claim",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"aud\":\"https://api.other.test\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"Unexpected 'aud' value\"\n",
            first: Some(AudienceMismatch),
            present: &[],
            absent: &[TokenRejected, IssuerMismatch],
        },
        Case {
            name: "short body names the issuer",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"iss\":\"https://idp.example.com/\",\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer\n\n{\"detail\":\"Token issuer not accepted\"}",
            first: Some(IssuerMismatch),
            present: &[],
            absent: &[AudienceMismatch, CredentialsStripped],
        },
        Case {
            name: "a word inside another word is no hint",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"audited: signature invalid\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AudienceMismatch, IssuerMismatch],
        },
        Case {
            name: "general words: token revoked (nested errors[].message)",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\n\n{\"errors\":[{\"message\":\"This token has been revoked\"}]}",
            first: Some(TokenRejected),
            present: &[],
            absent: &[NoCredentials, IssuerMismatch, AudienceMismatch],
        },
        Case {
            name: "general words: problem details say permissions are not enough",
            text: "GET https://api.example.com/admin\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nContent-Type: application/problem+json\n\n{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Insufficient permissions for this operation\"}",
            first: Some(InsufficientScope),
            present: &[],
            absent: &[TokenRejected],
        },
        Case {
            name: "general words: the audience is invalid",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\n\n{\"message\":\"Invalid audience\"}",
            first: Some(AudienceMismatch),
            present: &[],
            absent: &[IssuerMismatch],
        },
        Case {
            name: "access token in the query, refused as revoked",
            text: "GET https://api.example.com/orders?access_token=at_live_3Jk8Wq1Zr6Tx0Vb5Nm2p\n\n401\n\n{\"reason\":\"The access token is invalid or has been revoked.\"}",
            first: Some(TokenRejected),
            present: &[],
            absent: &[NoCredentials, CredentialsRejected],
        },
        Case {
            name: "RFC 6750's list of possibilities names none of them",
            text: "GET https://api.example.com/me\nAuthorization: Bearer opaque0123456789abcdef\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"The access token provided is expired, revoked, malformed, or invalid for other reasons.\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[TokenExpired, TokenMalformed],
        },
        Case {
            name: "live JWT refused with only 'Unauthorized'",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h,\"iss\":\"https://login.idp.test/realms/x\"}\n@started $T\n\n401\nDate: $D\n\n{\"detail\":\"Unauthorized\"}",
            first: Some(TokenRejected),
            present: &[MissingChallenge],
            absent: &[IssuerMismatch, NoCredentials],
        },
        Case {
            name: "a refresh token sent as the access token",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"sub\":\"u\",\"type\":\"refresh\",\"exp\":$T+1h}\n@started $T\n\n401\nDate: $D\n\n{\"message\":\"Access token required\"}",
            first: Some(TokenRejected),
            present: &[],
            absent: &[CredentialsStripped, NoCredentials],
        },
        Case {
            name: "a bearer token the server calls a session expired or invalid (Salesforce-like '!')",
            text: "GET https://api.example.com/services/data\nAuthorization: Bearer 00Dxx0000000000!AQ0AQabcdefghijklmnop\n\n401\nWWW-Authenticate: Token\n\n[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AuthorizationMalformed, SessionExpired],
        },
        Case {
            name: "a bare token (no scheme) the server calls invalid (Backblaze-like)",
            text: "GET https://api.example.com/b2api/v3/list\nAuthorization: 4_005f819702c660eb8144cfe45_01a45960_acct_DljE5qR0AsDUvvEG\n\n401\n\n{\"code\":\"bad_auth_token\",\"message\":\"Invalid authorization token\"}",
            first: Some(TokenRejected),
            present: &[],
            absent: &[AuthorizationMalformed, NoCredentials],
        },
        Case {
            name: "a live bearer token refused with only 'authentication required'",
            text: "GET https://api.example.com/v0/bases\nAuthorization: Bearer patfbhum5ZD6610Hp.5ec659208dc5abf1a23be302565c26\n\n401\n\n{\"error\":{\"type\":\"AUTHENTICATION_REQUIRED\",\"message\":\"Authentication required\"}}",
            first: Some(TokenRejected),
            present: &[],
            absent: &[NoCredentials, CredentialsStripped],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_scope() {
        let c = cause(CASES[0].text, InsufficientScope);
        assert_eq!(
            c.title,
            "The token lacks the permission `orders:write` this request needs"
        );
        assert_eq!(
            c.explanation,
            "The token is accepted as genuine, but it does not carry the permission (scope or role) this endpoint requires. The server names the scopes it wants in its challenge; a token has to be requested with them. (The standard answer for this is 403; some APIs answer 401.)"
        );
        assert_eq!(c.evidence[1], "the token's scopes: orders:read");
    }
}
