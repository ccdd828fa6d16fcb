//! Refused credentials: `credentials-rejected`, `session-expired`.
//!
//! **What it finds.** Well-formed Basic or Digest credentials (or a form sign-in) that the
//! server refused, and session cookies the server refused: it deletes them in this very
//! response (Set-Cookie with Max-Age=0 or a past Expires), the cookie holds an expired JWT,
//! or the server's message says the session expired.
//!
//! **Why it causes a 401.** Wrong password, locked account; a session the server no longer
//! knows (expired, signed out elsewhere, server restarted).
//!
//! **Example.** `Cookie: sessionid=…` answered 401 with `Set-Cookie: sessionid=; Max-Age=0`
//! → "The server ended your session: it deleted the cookie `sessionid` in this response".
//!
//! **Fix.** Sign in again (clear the stale cookie first); developers: renew sessions on
//! activity and answer with a clear "session expired" message.

use crate::cause::{Cause, CauseId, Evidence};
use crate::facts::{Facts, TokenPlace};
use crate::messages::reader::Reading;
use crate::model::Ctx;
use crate::parse::authorization::SchemeKind;
use crate::rules::{cookie_ref, utc};

pub fn check(facts: &Facts, ctx: &Ctx, out: &mut Vec<Cause>) {
    rejected(facts, out);
    if !facts.proxy {
        // First, so that the weaker readings below see it and stay out.
        session_age(facts, ctx, out);
        session(facts, ctx, out);
        session_claims(facts, ctx, out);
    }
}

/// A signed session cookie's own timestamp (Flask, Django, Tornado, ...): when it is older
/// than the lifetime the site gave that cookie when it set it (its Max-Age / Expires, seen
/// earlier in the capture), the session is past the site's usual lifetime: evidence for
/// `session-expired`. Any session-expired cause also gets the timestamp as evidence.
fn session_age(facts: &Facts, ctx: &Ctx, out: &mut Vec<Cause>) {
    let (client_s, _) = facts.clocks.client_secs(ctx);
    let now = facts.clocks.server_secs().unwrap_or(client_s);
    for s in &facts.sessions {
        let Some(iat) = s.session.issued_s.filter(|v| v.is_finite()) else {
            continue;
        };
        let age = now - iat;
        let claim = Evidence::Claim {
            claim: "iat".to_string(),
            value: iat,
            meaning: Some(format!(
                "issued {} before the request (the cookie's own timestamp)",
                crate::parse::date::format_duration(age.max(0.0))
            )),
            place: format!("the {} in cookie `{}`", s.session.kind, s.name),
        };
        let over = s.lifetime_s.filter(|l| age > *l);
        if let Some(c) = out.iter_mut().find(|c| c.id == CauseId::SessionExpired) {
            c.evidence.push(claim);
            continue;
        }
        let Some(l) = over else {
            continue;
        };
        let mut c = Cause::new(
            CauseId::SessionExpired,
            0.7,
            format!(
                "The session in cookie `{}` is older than the site lets sessions live",
                s.name
            ),
        )
        .evidence(claim)
        .evidence(Evidence::Clock {
            clock: if facts.clocks.server_ms.is_some() {
                "the server's Date".to_string()
            } else {
                "the device's clock at the request".to_string()
            },
            at_s: now,
        })
        .evidence(format!(
            "the site set `{}` to last {} when it set it; this one was issued {} before the request",
            s.name,
            crate::parse::date::format_duration(l),
            crate::parse::date::format_duration(age)
        ))
        .explain("The session cookie carries its own signing time. It is older than the lifetime the site gives its sessions, so the server treats it as expired, even though the browser still sends it.")
        .fix_user(format!("Sign in again (clear the cookie `{}` first if the site keeps refusing).", s.name))
        .fix_dev("Refresh the session cookie on activity (re-sign it on each response) or give the cookie the same lifetime as the server-side check, and answer with a clear \"session expired\".");
        if let Some(r) = cookie_ref(
            &s.name,
            None,
            None,
            "older than the site's session lifetime",
        ) {
            c = c.stale(r);
        }
        out.push(c);
    }
}

fn rejected(facts: &Facts, out: &mut Vec<Cause>) {
    let msg = facts.message_for(CauseId::CredentialsRejected);
    // Generic refusal pages of known stacks (nginx, Apache) match with low weight: they say
    // nothing alone. A general reading is the server's own words about this failure.
    let strong_msg = msg.filter(|m| m.weight >= 0.4 || m.stack.is_empty());
    // A bare key (`Authorization: <key>`, RubyGems, Backblaze B2) is a credential too.
    let a = facts
        .relevant_auth()
        .filter(|a| a.well_formed() || a.bare_token());
    // A scheme the server does not offer was not even checked (scheme-mismatch).
    let offered = |kind: SchemeKind| {
        facts.challenges.is_empty()
            || facts
                .challenges
                .iter()
                .any(|c| SchemeKind::of(c.scheme) == kind)
    };
    // Unless the server's words say it read and refused them: then the challenge's scheme
    // names are a formality (Stripe offers Basic and takes Bearer too).
    if a.is_some_and(|a| !offered(a.kind())) && strong_msg.is_none() {
        return;
    }
    let who = if facts.proxy { "proxy" } else { "server" };
    let (conf, title, ev) = match a.map(|a| (a.kind(), a)) {
        // The server says nothing arrived (credentials-stripped's evidence), or that it does
        // not take this scheme (scheme-mismatch's), and not that it refused them: the
        // password was never checked.
        Some((SchemeKind::Basic, _))
            if strong_msg.is_none()
                && (facts.message_for(CauseId::NoCredentials).is_some_and(|m| {
                    m.reading.is_some_and(|r| r != Reading::NotSignedIn)
                }) || facts.message_for(CauseId::SchemeMismatch).is_some()) =>
        {
            return
        }
        Some((SchemeKind::Basic, a)) => {
            let user = match &a.basic {
                Some(Ok(b)) => b.user.clone(),
                _ => String::new(),
            };
            let pw = match &a.basic {
                Some(Ok(b)) => b.password_len,
                _ => 0,
            };
            let default_pw = matches!(&a.basic, Some(Ok(b)) if b.default_password);
            let rechallenged = facts.challenges.iter().any(|c| c.is("Basic"));
            let conf = if strong_msg.is_some() {
                0.85
            } else if rechallenged {
                0.75
            } else {
                0.55
            };
            (
                conf,
                format!(
                    "The {who} refused the user name or password (user `{}`)",
                    crate::facts::cut(&user, 64)
                ),
                {
                    let mut ev = vec![format!(
                        "{}: Basic, user `{}`, password of {pw} characters (bytes)",
                        a.header,
                        crate::facts::cut(&user, 64)
                    )];
                    if default_pw {
                        ev.push("this looks like a default password (a factory or example password such as `admin` or `password`): servers refuse them once it has been changed".to_string());
                    }
                    ev
                },
            )
        }
        Some((SchemeKind::Digest, _)) if facts.challenges.iter().any(|c| c.stale()) => return,
        Some((SchemeKind::Digest, a)) => (
            if strong_msg.is_some() { 0.85 } else { 0.7 },
            format!("The {who} refused the Digest credentials"),
            vec![format!(
                "{}: Digest, well formed; the new challenge is not stale",
                a.header
            )],
        ),
        Some((kind, a)) => match strong_msg {
            Some(m) => (
                0.45 + 0.4 * m.weight.clamp(0.0, 1.0),
                format!("The {who} refused the credentials"),
                vec![],
            ),
            // A credential of a scheme of its own (`token …`, `Bot …`, `SSWS …`) refused
            // without a word: refused is all that is known (Bearer is token-rejected's).
            None if matches!(kind, SchemeKind::Other | SchemeKind::None)
                && !facts.proxy
                && !facts.has_challenge_header
                && facts.stated_reason().is_none()
                && facts.message_for(CauseId::NoCredentials).is_none() =>
            {
                (
                    0.35,
                    if a.scheme().is_empty() {
                        format!("The {who} refused the key sent without a scheme")
                    } else {
                        format!("The {who} refused the {} credential", a.scheme())
                    },
                    vec![
                        format!("{}: {} …", a.header, if a.scheme().is_empty() { "(a bare key)" } else { a.scheme() }),
                        "the server gave no reason: no challenge, no words it would explain the 401 with".to_string(),
                    ],
                )
            }
            None => return,
        },
        None if !facts.api_keys.is_empty() && !facts.proxy => {
            // A key in a header of its own or the query: refused unless the server says
            // none arrived (credentials-stripped) or a gateway answered (gateway-rejected).
            if facts.gateway.as_ref().is_some_and(|g| g.weight >= 0.5)
                || (facts
                    .message_for(CauseId::NoCredentials)
                    .is_some_and(|m| m.reading != Some(Reading::NotSignedIn))
                    && facts.message_for(CauseId::CredentialsRejected).is_none())
            {
                return;
            }
            let k = &facts.api_keys[0];
            if k.token && facts.message_for(CauseId::TokenRejected).is_some() {
                // A token in a header or the query, refused as a token: token-rejected.
                return;
            }
            let mut ev = vec![format!(
                "{}: an API key or token of {} bytes was sent",
                k.label(),
                k.len
            )];
            if k.placeholder {
                ev.push("the key is empty or a placeholder word, not a real key".to_string());
            }
            (
                match msg {
                    Some(m) => 0.5 + 0.4 * m.weight.clamp(0.0, 1.0),
                    None if k.placeholder => 0.8,
                    None => 0.5,
                },
                format!("The {who} refused the API key sent in the {}", k.label()),
                ev,
            )
        }
        None => match (
            strong_msg.filter(|_| facts.method.eq_ignore_ascii_case("POST")),
            facts.login_attempt(),
        ) {
            // The server judged credentials the capture does not show (a signed form post,
            // a header why401 does not know): its words are what is known.
            (Some(m), false)
                if m.reading.is_some_and(|r| r != Reading::WrongPassword)
                    && crate::messages::reader::specific(m.reading) =>
            {
                (
                    0.45 + 0.4 * m.weight.clamp(0.0, 1.0),
                    format!("The {who} refused the credentials it was sent"),
                    vec!["the credentials themselves are not in this capture (request body, or a header why401 does not read)".to_string()],
                )
            }
            (Some(m), _) => (
                0.5 + 0.4 * m.weight.clamp(0.0, 1.0),
                "The sign-in was refused: wrong user name or password".to_string(),
                vec![],
            ),
            (None, true) => (
                0.45,
                "The sign-in was refused (probably a wrong user name or password)".to_string(),
                vec![format!(
                    "POST {} answered 401",
                    crate::mask::MaskedUrl::new(&facts.entry.url).cut(200)
                )],
            ),
            _ => return,
        },
    };
    let mut c = Cause::new(CauseId::CredentialsRejected, conf, title)
        .explain(format!("The request carried credentials in the right format, and the {who} still refused them: the password or user name is wrong, or the account is locked, disabled or not allowed here. (With Basic authentication, asking for the credentials again is how a server says \"wrong password\".)"))
        .fix_user("Check the user name and password (caps lock, keyboard layout) and try again; reset the password if needed.")
        .fix_user("If the browser remembered a wrong password, close all its windows (browsers keep Basic credentials until then) and try again.")
        .fix_dev("Check the server's authentication log for the reason (unknown user, wrong password, locked account) and say it in the response body.");
    if a.is_none() && !facts.api_keys.is_empty() {
        c.explanation = format!("The request carried an API key (in the {}), and the {who} refused it: the key is wrong, revoked or expired, belongs to another environment (a test key against the live API), or lacks access to this API.", facts.api_keys[0].label());
        c.fix_user = vec!["Check the API key you configured (copy it again from the provider's dashboard), and that it is for this environment.".to_string()];
        c.fix_dev = vec!["Check the key in the provider's console (revoked, expired, restricted to other APIs, IPs or referrers) and send it under the exact header or parameter name the API documents.".to_string()];
    }
    for e in ev {
        c = c.evidence(e);
    }
    if let Some(m) = msg {
        c = c.evidence(crate::rules::msg_evidence(m));
    }
    out.push(c);
}

/// Adds the session cookies' own timestamps to a session-expired cause that lacks them.
fn session_claims(facts: &Facts, ctx: &Ctx, out: &mut [Cause]) {
    let Some(c) = out.iter_mut().find(|c| c.id == CauseId::SessionExpired) else {
        return;
    };
    if c.evidence
        .iter()
        .any(|e| matches!(e, Evidence::Claim { claim, .. } if claim == "iat"))
    {
        return;
    }
    let (client_s, _) = facts.clocks.client_secs(ctx);
    let now = facts.clocks.server_secs().unwrap_or(client_s);
    for s in &facts.sessions {
        if let Some(iat) = s.session.issued_s.filter(|v| v.is_finite()) {
            c.evidence.push(Evidence::Claim {
                claim: "iat".to_string(),
                value: iat,
                meaning: Some(format!(
                    "issued {} before the request (the cookie's own timestamp)",
                    crate::parse::date::format_duration((now - iat).max(0.0))
                )),
                place: format!("the {} in cookie `{}`", s.session.kind, s.name),
            });
        }
    }
}

fn session(facts: &Facts, ctx: &Ctx, out: &mut Vec<Cause>) {
    // 1. This response deletes cookies the request carried.
    for d in facts.deleted.iter().filter(|d| d.was_sent).take(5) {
        let session = crate::facts::session_like(&d.name);
        let domain = if d.host_only {
            d.domain.clone()
        } else {
            format!(".{}", d.domain)
        };
        let origin = facts
            .cookies
            .pairs
            .iter()
            .find(|p| p.name == d.name)
            .and_then(|p| p.origin.as_ref());
        let stale = match origin {
            Some(o) => Some(o.to_ref("deleted by the server")),
            None => cookie_ref(
                &d.name,
                Some(&domain),
                Some(&d.path),
                "deleted by the server",
            ),
        };
        let mut c = Cause::new(
            CauseId::SessionExpired,
            if session { 0.9 } else { 0.6 },
            format!("The server ended your session: it deleted the cookie `{}` in this response", d.name),
        )
        .evidence(format!("Cookie: `{}` was sent", d.name))
        .evidence(format!("Set-Cookie in the 401 response deletes `{}` (domain {domain}, path {}) with Max-Age=0 or a past Expires", d.name, d.path))
        .explain("The request carried a session cookie, and the server answered by deleting it: it no longer accepts that session (it expired, you signed out elsewhere, or the server forgot its sessions).")
        .fix_user("Sign in again.")
        .fix_dev("Extend sessions on activity (sliding expiry) and tell the app the session ended (a body like {\"error\":\"session_expired\"}) so it can send the user to sign in.");
        if let Some(r) = stale {
            c = c.stale(r);
        }
        out.push(c);
    }
    // 2. A session cookie holds an expired JWT.
    let (client_s, _) = facts.clocks.client_secs(ctx);
    let now = facts.clocks.server_secs().unwrap_or(client_s);
    for t in &facts.tokens {
        let TokenPlace::Cookie {
            name, session_like, ..
        } = &t.place
        else {
            continue;
        };
        let Some(exp) = t.jws().and_then(|j| j.exp).filter(|v| v.is_finite()) else {
            continue;
        };
        if exp > now {
            continue;
        }
        let mut c = Cause::new(
            CauseId::SessionExpired,
            // Below token-expired, which names the same evidence more precisely.
            if *session_like { 0.6 } else { 0.45 },
            format!("The session cookie `{name}` holds an expired token"),
        )
        .evidence(format!("cookie `{name}`: JWT with exp {} ({})", exp, utc(exp)))
        .explain("Your session is stored in a cookie as a signed token, and that token's expiry has passed, so the server no longer accepts the session.")
        .fix_user(format!("Clear the stale cookie `{name}` (or all of this site's cookies) and sign in again."))
        .fix_dev("Renew the session token before it expires (sliding sessions or a refresh endpoint), and clear the cookie when it is refused.");
        if let Some(r) = crate::rules::token_cookie_ref(&t.place, "holds an expired JWT") {
            c = c.stale(r);
        }
        out.push(c);
    }
    // 3. The server's own words; without them, the bare-session reading (below).
    if facts.relevant_auth().is_some() || !facts.api_keys.is_empty() {
        return;
    }
    let Some(m) = facts.message_for(CauseId::SessionExpired) else {
        bare_session(facts, out);
        return;
    };
    let mut sent: Vec<&crate::facts::SentCookie> = facts
        .cookies
        .pairs
        .iter()
        .filter(|p| p.session_like)
        .collect();
    if sent.is_empty() {
        sent = facts.cookies.pairs.iter().collect();
    }
    if sent.is_empty() {
        return;
    }
    let conf = 0.5 + 0.4 * m.weight.clamp(0.0, 1.0);
    if let Some(c) = out.iter_mut().find(|c| c.id == CauseId::SessionExpired) {
        c.evidence.push(crate::rules::msg_evidence(m));
        c.confidence = c.confidence.max(conf);
        return;
    }
    let msg = Some(m);
    let title = "The server says your session expired".to_string();
    let mut c = Cause::new(CauseId::SessionExpired, conf, title)
        .explain("The request carried a session cookie, but the server did not accept it: the session it points to has expired or was ended (signed out elsewhere, password changed, server restarted).")
        .fix_user("Sign in again; if that does not help, clear this site's cookies and sign in again.")
        .fix_dev("Answer with a clear reason (session expired vs. not signed in) and clear the dead cookie with Set-Cookie Max-Age=0.");
    for p in sent.iter().take(3) {
        c = c.evidence(match &p.origin {
            Some(o) => format!("{} was sent ({} bytes)", o.label(), p.bytes),
            None => format!("cookie `{}` was sent ({} bytes)", p.name, p.bytes),
        });
        if msg.is_some() {
            if let Some(o) = &p.origin {
                c = c.stale(o.to_ref("session refused by the server"));
            }
        }
    }
    if let Some(m) = msg {
        c = c.evidence(crate::rules::msg_evidence(m));
    }
    out.push(c);
}

/// A session cookie (and nothing else) was sent, and the server refused it saying only that
/// nobody is signed in, or saying nothing at all (no challenge, no words). The most likely
/// reading is a session the server no longer knows (expired, signed out elsewhere, server
/// restarted), said with the confidence such a reading deserves.
fn bare_session(facts: &Facts, out: &mut Vec<Cause>) {
    if out.iter().any(|c| c.id == CauseId::SessionExpired)
        || facts.sanitized
        || facts.cookies_unseen
        || facts.status != 401
    {
        return;
    }
    let sent: Vec<&crate::facts::SentCookie> = facts
        .cookies
        .pairs
        .iter()
        .filter(|p| p.session_like)
        .collect();
    // "Authentication failed" of a request whose only credential was the session cookie:
    // the cookie is what was refused (unless it was a sign-in form post).
    let refused = facts
        .messages
        .iter()
        .find(|m| m.reading == Some(Reading::Refused))
        .filter(|_| !facts.login_attempt());
    if sent.is_empty()
        || facts
            .stated_reason()
            .is_some_and(|m| refused.is_none() || m.reading != Some(Reading::Refused))
    {
        return;
    }
    let nothing_arrived = facts.message_for(CauseId::NoCredentials);
    let (conf, why) = match (nothing_arrived, refused) {
        (Some(m), _) => (
            0.55,
            format!(
                "the server answers as if nobody were signed in, though the session cookie was sent: {}",
                crate::rules::msg_evidence(m)
            ),
        ),
        (None, Some(m)) => (
            0.55,
            format!(
                "the server refused the credentials, and the session cookie was the only one sent: {}",
                crate::rules::msg_evidence(m)
            ),
        ),
        (None, None) if !facts.has_challenge_header => (
            0.45,
            "the server gave no reason: no challenge and no words it would explain the 401 with".to_string(),
        ),
        // It challenges again, but the cookie is one this server gave earlier in the capture
        // in exchange for credentials: the session it handed out is the one it refuses now.
        (None, None) if sent.iter().any(|p| p.origin.as_ref().is_some_and(|o| o.for_credentials)) => (
            0.45,
            "the server set this session cookie earlier in the capture, in answer to a request with credentials, and now asks for credentials again".to_string(),
        ),
        (None, None) => return,
    };
    let mut c = Cause::new(CauseId::SessionExpired, conf, "Your session is probably no longer known to the server")
        .explain("The request carried a session cookie and nothing else, and the server refused it without naming another reason. The most likely reading is that the session this cookie points to no longer exists on the server: it expired, you signed out in another tab or device, or the server restarted and forgot its sessions.")
        .fix_user("Sign in again; if that does not help, clear this site's cookies and sign in again.")
        .fix_dev("Say why in the 401 (session expired vs. not signed in), clear the dead cookie with Set-Cookie Max-Age=0, and keep sessions in a store that survives restarts.");
    for p in sent.iter().take(3) {
        c = c.evidence(match &p.origin {
            Some(o) => format!("{} was sent ({} bytes)", o.label(), p.bytes),
            None => format!("cookie `{}` was sent ({} bytes)", p.name, p.bytes),
        });
    }
    out.push(c.evidence(why));
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "Basic re-challenged: wrong password",
            text: "GET https://intra.example.com/\nAuthorization: Basic $BASIC(alice:wrong)\n\n401\nWWW-Authenticate: Basic realm=\"intra\"\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials, CredentialsStripped, BasicMalformed],
        },
        Case {
            name: "Basic without challenge: weaker, still rejected",
            text: "GET https://intra.example.com/\nAuthorization: Basic $BASIC(alice:wrong)\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[MissingChallenge],
            absent: &[],
        },
        Case {
            name: "Digest refused, not stale",
            text: "GET https://intra.example.com/\nAuthorization: Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"abc\"\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"m\", qop=\"auth\"\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[DigestStale],
        },
        Case {
            name: "Digest stale is not rejected credentials",
            text: "GET https://intra.example.com/\nAuthorization: Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"abc\"\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"m\", stale=true\n",
            first: Some(DigestStale),
            present: &[],
            absent: &[CredentialsRejected],
        },
        Case {
            name: "POST /login refused",
            text: "POST https://app.example.com/api/login\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[],
        },
        Case {
            name: "GET /login is not a sign-in attempt",
            text: "GET https://app.example.com/api/login\n\n401\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CredentialsRejected],
        },
        Case {
            name: "session cookie deleted by the 401",
            text: "GET https://app.example.com/api/me\nCookie: sessionid=abc123\n\n401\nSet-Cookie: sessionid=; Path=/; Max-Age=0\n",
            first: Some(SessionExpired),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "the 401 deletes a cookie that was not sent: no session-expired from deletion",
            text: "GET https://app.example.com/api/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nSet-Cookie: other=; Path=/; Max-Age=0\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[SessionExpired],
        },
        Case {
            name: "session cookie sent, refused without a word: session-expired, honestly",
            text: "GET https://app.example.com/api/me\nCookie: connect.sid=s%3Aabc\n\n401\n",
            first: Some(SessionExpired),
            present: &[MissingChallenge],
            absent: &[NoCredentials, Unknown],
        },
        Case {
            name: "expired JWT in a non-session cookie: weaker",
            text: "GET https://app.example.com/api/me\nCookie: prefs=$JWT{\"exp\":$T-1h}\n@started $T\n\n401\n",
            first: Some(TokenExpired),
            present: &[SessionExpired],
            absent: &[],
        },
        Case {
            name: "Basic with a default password, refused: well formed",
            text: "GET https://router.example.com/admin\nAuthorization: Basic $BASIC(admin:password)\n\n401\nWWW-Authenticate: Basic realm=\"admin\"\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[AuthorizationMalformed, BasicMalformed],
        },
        Case {
            name: "Basic admin:admin refused",
            text: "GET https://nas.example.com/\nAuthorization: Basic $BASIC(admin:admin)\n\n401\nWWW-Authenticate: Basic realm=\"nas\"\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[AuthorizationMalformed, BasicMalformed],
        },
        Case {
            name: "bare 401 to a session cookie",
            text: "GET https://app.example.com/api/me\nCookie: connect.sid=s%3Aabc.def\n\n401\n",
            first: Some(SessionExpired),
            present: &[MissingChallenge],
            absent: &[NoCredentials, Unknown],
        },
        Case {
            name: "session cookie, server says not authenticated",
            text: "GET https://app.example.com/api/me\nCookie: sessionid=abc123\n\n401\n\n{\"detail\":\"Not authenticated\"}",
            first: Some(SessionExpired),
            present: &[],
            absent: &[NoCredentials, CredentialsStripped],
        },
        Case {
            name: "session cookie, general words: session not found",
            text: "GET https://app.example.com/api/me\nCookie: PHPSESSID=abc123\n\n401\n\n{\"errors\":[{\"message\":\"Session not found\"}]}",
            first: Some(SessionExpired),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "cookie with a challenge of its own is no bare session",
            text: "GET https://app.example.com/api/me\nCookie: sid=abc\n\n401\nWWW-Authenticate: Bearer\n",
            first: None,
            present: &[],
            absent: &[SessionExpired],
        },
        Case {
            name: "a signed session value under any name is a session cookie",
            text: "GET https://app.example.com/api/me\nCookie: user=\"2|1:0|10:1795978597|4:user|8:YWxpY2U=|6e74fb37f3ea4201187166492d\"\n\n401\n\n<html><title>401: Unauthorized</title><body>401: Unauthorized</body></html>",
            first: Some(SessionExpired),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "analytics cookies only are no session",
            text: "GET https://app.example.com/api/me\nCookie: _ga=GA1.1.1234567890.1700000000; theme=dark\n\n401\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[SessionExpired],
        },
        Case {
            name: "load-balancer stickiness cookies are no session",
            text: "GET https://app.example.com/api/me\nCookie: AWSALB=Zk3q9Xv0cB7nP2sL4tR8wY1uE6iO5aD; ARRAffinity=8f3b2c1d0e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c\n\n401\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[SessionExpired],
        },
        Case {
            name: "a signed session cookie older than the lifetime the site gave it",
            text: "GET https://app.example.com/login\n@started $T-3h\n\n200\nSet-Cookie: user=2|1:0|10:$T-3h|4:user|8:YWxpY2U=|6415da000b1a28f3092d2f6fdb9628ded7278abcd40d4c6af56e788659bf8da6; Max-Age=3600; Path=/\n----\nGET https://app.example.com/api\n@started $T\nCookie: user=2|1:0|10:$T-3h|4:user|8:YWxpY2U=|6415da000b1a28f3092d2f6fdb9628ded7278abcd40d4c6af56e788659bf8da6\n\n401\n",
            first: Some(SessionExpired),
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "a signed session cookie younger than its lifetime is no evidence by itself",
            text: "GET https://app.example.com/login\n@started $T-30m\n\n200\nSet-Cookie: user=2|1:0|10:$T-30m|4:user|8:YWxpY2U=|6415da000b1a28f3092d2f6fdb9628ded7278abcd40d4c6af56e788659bf8da6; Max-Age=3600; Path=/\n----\nGET https://app.example.com/api\n@started $T\nCookie: user=2|1:0|10:$T-30m|4:user|8:YWxpY2U=|6415da000b1a28f3092d2f6fdb9628ded7278abcd40d4c6af56e788659bf8da6\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: None,
            present: &[],
            absent: &[SessionExpired],
        },
        Case {
            name: "the session cookie the server gave for Basic credentials, refused with a new challenge (syncthing restart)",
            text: "GET http://box.example.com/rest/version\nAuthorization: Basic $BASIC(alice:right)\n\n403\nSet-Cookie: sessionid-EF64U=4THrNyKR5G2tAYc5ruEDYhu7pVEHkPTM\n----\nGET http://box.example.com/rest/version\nCookie: sessionid-EF64U=4THrNyKR5G2tAYc5ruEDYhu7pVEHkPTM\n\n401\nWWW-Authenticate: Basic realm=\"Authorization Required\"\n\nNot Authorized",
            first: Some(SessionExpired),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "a token scheme of its own refused in plain words (GitHub-like)",
            text: "GET https://api.example.com/user\nAuthorization: token ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n401\nContent-Type: application/json\n\n{\"message\":\"Bad credentials\"}",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials, AuthorizationMalformed],
        },
        Case {
            name: "an API key refused over a challenge naming another scheme (Stripe-like)",
            text: "GET https://api.example.com/v1/charges\nAuthorization: Bearer sk_test_abcdefghijklmnopqrstuvwx\n\n401\nWWW-Authenticate: Basic realm=\"api\"\n\n{\"error\":{\"message\":\"Invalid API Key provided: sk_test_****uvwx\"}}",
            first: Some(CredentialsRejected),
            present: &[SchemeMismatch],
            absent: &[NoCredentials],
        },
        Case {
            name: "a key in a secret-named query parameter (appid) refused",
            text: "GET https://api.example.com/data?q=London&appid=fef81177a1b34597d56404be6a875712\n\n401\n\n{\"cod\":401,\"message\":\"Invalid API key. Please see the FAQ.\"}",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "a signed request refused in an XML error (AWS-like)",
            text: "GET https://ec2.example.com/?Action=Describe\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231115/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=abcdef\n\n401\nContent-Type: text/xml\n\n<?xml version=\"1.0\"?><Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors></Response>",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "a proxy answers its own refusal with 401 (tinyproxy)",
            text: "GET http://example.com/\nProxy-Authorization: Basic $BASIC(alice:wrong)\n\n401\nWWW-Authenticate: Basic realm=\"Tinyproxy\"\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "credentials the capture does not show, judged by the server (signed form post)",
            text: "POST https://api.example.com/v1/upload\n\n401\n\n{\"error\":{\"message\":\"Invalid Signature 4dd4a858. String to sign - 'public_id=sample'.\"}}",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials, TokenRejected],
        },
];

    #[test]
    fn session_age_evidence() {
        let case = CASES
            .iter()
            .find(|c| c.name.starts_with("a signed session cookie older"))
            .expect("case");
        let c = cause(case.text, SessionExpired);
        assert_eq!(
            c.title,
            "The session in cookie `user` is older than the site lets sessions live"
        );
        assert!(
            c.evidence
                .iter()
                .any(|e| e.to_string().contains("to last 1 h")),
            "{:?}",
            c.evidence
        );
    }

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_deleted() {
        let c = cause(CASES[6].text, SessionExpired);
        assert_eq!(
            c.title,
            "The server ended your session: it deleted the cookie `sessionid` in this response"
        );
        assert_eq!(
            c.explanation,
            "The request carried a session cookie, and the server answered by deleting it: it no longer accepts that session (it expired, you signed out elsewhere, or the server forgot its sessions)."
        );
        assert_eq!(c.stale_cookies.len(), 1);
        assert_eq!(c.stale_cookies[0].domain, "app.example.com");
        assert_eq!(c.stale_cookies[0].path, "/");
    }
}
