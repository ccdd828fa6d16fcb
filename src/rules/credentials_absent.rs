//! Credentials absent: `no-credentials`, `cookies-not-sent`, `credentials-dropped-on-redirect`,
//! `preflight-rejected`, `credentials-stripped`, `insecure-transport`.
//!
//! **What it finds.** A request that reached the server without usable credentials, and why:
//! none were attached; the site's cookies were held back by their attributes (SameSite,
//! Secure, partitioning) or the fetch's credentials mode; a cross-origin redirect dropped
//! Authorization; a CORS preflight (which never carries credentials) was answered 401;
//! credentials were sent but the server says none arrived (removed on the way); plain http.
//!
//! **Why it causes a 401.** The server cannot tell who is asking.
//!
//! **Absence in a sanitized capture proves nothing**: a HAR exported without sensitive data
//! has no Cookie or Authorization headers, so `no-credentials`, `cookies-not-sent` and
//! `credentials-stripped` are never concluded from absence there.
//!
//! **Example.** A page on `https://app.example.com` fetches `https://api.other.net/me`; the
//! jar holds `sid` (SameSite=Lax) for `api.other.net`; the request carries no cookie →
//! "The browser did not send the cookie `sid`: SameSite=Lax on a cross-site request".
//!
//! **Fix.** Users: sign in, open the site over https, allow its cookies. Developers: attach
//! credentials (`credentials: 'include'`), set cookie attributes for the way the cookie is
//! used, answer preflights without auth, call final URLs, forward Authorization on every hop.

use crate::cause::{Cause, CauseId};
use crate::facts::{Facts, JarSource, NotSent, NotSentReason};
use crate::mask::MaskedUrl;
use crate::model::Ctx;
use crate::parse::authorization::SchemeKind;
use crate::rules::fallback::schemes_offered;
use crate::rules::server_says;

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    if facts.preflight.is_preflight {
        preflight(facts, out);
        return;
    }
    if facts.proxy {
        // A 407 is about the proxy's credentials; the site's cookies do not matter.
        return;
    }
    dropped_on_redirect(facts, out);
    if !facts.sanitized && !facts.cookies_unseen {
        cookies_not_sent(facts, out);
        no_credentials(facts, out);
    }
    if !facts.sanitized && !facts.request_unseen {
        stripped(facts, out);
    }
    insecure(facts, out);
    // The server's word that nothing arrived: when nothing was sent (or the capture cannot show it).
    if let (Some(m), Some(c)) = (
        facts.message_for(CauseId::NoCredentials),
        out.iter_mut()
            .find(|c| c.id == CauseId::CredentialsDroppedOnRedirect),
    ) {
        // The server confirms that nothing arrived after the redirect.
        c.evidence.push(crate::rules::msg_evidence(m));
    } else if (facts.sanitized || (facts.cookies_unseen && facts.relevant_auth().is_none()))
        && facts
            .message_for(CauseId::NoCredentials)
            .is_some_and(|m| m.reading == Some(crate::messages::reader::Reading::NotSignedIn))
    {
        // "Not signed in" where the credentials are hidden: it cannot tell "nothing was sent"
        // from "the session is unknown", so it concludes nothing.
    } else if (facts.sanitized
        || (facts.cookies_unseen && facts.relevant_auth().is_none())
        || !facts.carried_credentials())
        // A sign-in form post carries its credentials in the body.
        && !facts.login_attempt()
    {
        let (sanitized, unseen, cookies_unseen) =
            (facts.sanitized, facts.request_unseen, facts.cookies_unseen);
        server_says(facts, CauseId::NoCredentials, out, 0.4, 0.45, |_, conf| {
            let text = if unseen {
                "The server's error message says the request carried no credentials. why401 did not see this request's headers, so it cannot tell whether the browser attached none (not signed in) or something on the way removed them."
            } else if cookies_unseen {
                "The server's error message says the request carried no credentials. The request had no Authorization header; why401 did not see its Cookie header, so it cannot tell whether the browser sent no session cookie (not signed in) or something on the way removed it."
            } else if sanitized {
                "The server's error message says the request carried no credentials. This capture was exported without cookies and Authorization headers, so it cannot show whether the browser attached none (not signed in) or something on the way removed them."
            } else {
                "The server's error message says the request carried no credentials, and the request indeed had no Authorization header and no cookies: you are not signed in, or the app did not attach its credentials."
            };
            Cause::new(CauseId::NoCredentials, conf, "The server says no credentials arrived")
                .explain(text)
                .fix_user("Sign in to the site (again), then retry.")
                .fix_dev("Attach the credentials (`Authorization: Bearer <token>`, or `credentials: 'include'` for cookies), and check that every proxy forwards them.")
        });
    }
}

fn preflight(facts: &Facts, out: &mut Vec<Cause>) {
    if facts.status != 401 {
        return;
    }
    let p = &facts.preflight;
    let mut c = Cause::new(CauseId::PreflightRejected, 0.97, "The CORS preflight (OPTIONS) was answered 401")
        .evidence(format!(
            "OPTIONS {} with Access-Control-Request-Method: {}{}",
            MaskedUrl::new(&facts.entry.url).cut(300),
            p.requested_method.as_deref().unwrap_or("(not captured)"),
            p.requested_headers.as_deref().map(|h| format!(", Access-Control-Request-Headers: {h}")).unwrap_or_default()
        ))
        .explain("Before a cross-origin request that sends an Authorization header, JSON, or a method other than GET/POST, the browser first asks the server for permission with an OPTIONS request (the preflight). Browsers never attach credentials to a preflight, so a server that demands authentication for OPTIONS answers 401, and the browser then does not send the real request at all: the page sees a network or CORS error instead of the answer.")
        .fix_user("Nothing to fix on your side: report it to the site (the request id below helps).")
        .fix_dev("Answer OPTIONS preflights before authentication: 204 with Access-Control-Allow-Origin, -Methods and -Headers (Express: register cors() before the auth middleware; Spring Security: enable .cors() so preflights are permitted; nginx/API gateways: let OPTIONS bypass the auth step).");
    if let Some((_, index, method, status, error)) = &p.actual {
        c = c.evidence(format!(
            "the real request (entry {index}, {method}) then {}",
            match (status, error) {
                (0 | -1, Some(e)) => format!("failed: {e} (no response)"),
                (0 | -1, None) => "failed without a response".to_string(),
                (s, _) => format!("got status {s}"),
            }
        ));
    }
    out.push(c);
}

fn dropped_on_redirect(facts: &Facts, out: &mut Vec<Cause>) {
    let Some(d) = &facts.dropped_auth else { return };
    let crossing = d
        .crossing
        .as_ref()
        .map(|(from, to)| (MaskedUrl::new(from), MaskedUrl::new(to)));
    let (conf, title, text) = match &crossing {
        Some((from, to)) => (
            0.9,
            format!("The Authorization header was dropped at the redirect from {from} to {to}"),
            format!("The request first went to {} with an Authorization header. The server redirected it to another origin ({to}), and browsers — like curl and most HTTP clients — remove Authorization when a redirect crosses origins, so the final request arrived without credentials. A redirect from http to https, or to another host name, is enough.", MaskedUrl::new(&d.had_url).cut(300)),
        ),
        None => (
            0.55,
            "The Authorization header sent on an earlier hop is missing after the redirect".to_string(),
            format!("The request first went to {} with an Authorization header and was redirected; the request that followed did not carry it. Browsers keep headers set by the page on same-origin redirects, so the app or a navigation likely started a fresh request without it.", MaskedUrl::new(&d.had_url).cut(300)),
        ),
    };
    let mut c = Cause::new(CauseId::CredentialsDroppedOnRedirect, conf, title)
        .explain(text)
        .fix_user("Use the final address directly (for example https:// rather than http://, with the exact host name).")
        .fix_dev("Call the final URL directly (scheme, host and trailing slash exactly as the server wants) so no redirect happens; with curl, use the final URL (or --location-trusted only for a target you trust).");
    for h in &facts.redirects {
        c = c.evidence(format!(
            "{} {} → {}{}{}",
            h.status,
            MaskedUrl::new(&h.url).cut(200),
            MaskedUrl::new(&h.next).cut(200),
            if h.had_authorization {
                " (this hop carried Authorization)"
            } else {
                ""
            },
            if h.cross_origin {
                " (cross-origin)"
            } else {
                ""
            }
        ));
    }
    out.push(c.evidence("the final request carried no Authorization header"));
}

fn is_session(n: &NotSent) -> bool {
    n.cookie.credential
}

fn main_reason(list: &[&NotSent]) -> NotSentReason {
    list.iter()
        .find(|n| is_session(n))
        .or(list.first())
        .map(|n| n.reason.clone())
        .unwrap_or(NotSentReason::Unexplained)
}

/// The reason history gives for a Secure cookie set from a plain-http page.
const SECURE_OVER_HTTP: &str = "a Secure cookie set over plain http";

fn cookies_not_sent(facts: &Facts, out: &mut Vec<Cause>) {
    if facts.jar.source == JarSource::Unknown {
        return;
    }
    let relevant: Vec<&NotSent> = facts
        .jar
        .not_sent
        .iter()
        .filter(|n| n.reason.explains())
        .collect();
    if relevant.is_empty() {
        return;
    }
    let any_session = relevant.iter().any(|n| is_session(n));
    let reason = main_reason(&relevant);
    let sent_session = facts.cookies.pairs.iter().any(|p| p.session_like);
    let mut conf: f64 = match (&reason, any_session) {
        // insecure-transport names the root cause; this one comes second.
        (NotSentReason::SecureOnHttp | NotSentReason::Refused(SECURE_OVER_HTTP), true) => 0.75,
        (NotSentReason::CredentialsMode, true) => 0.7,
        (NotSentReason::CredentialsMode, false) => 0.35,
        (NotSentReason::ThirdPartyBlocked, true) => 0.75,
        (_, true) => 0.85,
        (_, false) => 0.4,
    };
    if sent_session || facts.relevant_auth().is_some() {
        conf -= 0.3;
    }
    if facts.jar.source == JarSource::History {
        conf -= 0.05;
    }
    let mut names: Vec<String> = Vec::new();
    for n in &relevant {
        let q = format!("`{}`", n.cookie.name);
        if !names.contains(&q) && names.len() < 5 {
            names.push(q);
        }
    }
    let short = match &reason {
        NotSentReason::SecureOnHttp => "it is Secure and the request used plain http".to_string(),
        NotSentReason::CredentialsMode => {
            "the cross-origin fetch did not include credentials".to_string()
        }
        NotSentReason::ThirdPartyBlocked => {
            "third-party cookies are blocked on this cross-site request".to_string()
        }
        r => r.text(),
    };
    let title = if relevant.len() == 1 {
        format!(
            "The browser did not send the cookie {}: {short}",
            names.join("")
        )
    } else {
        format!(
            "The browser did not send {} of the site's cookies ({}): {short}",
            relevant.len(),
            names.join(", ")
        )
    };
    let page = facts
        .top_level
        .as_ref()
        .map(|u| u.origin())
        .unwrap_or_else(|| "(unknown page)".to_string());
    let target = facts.url.as_ref().map(|u| u.origin()).unwrap_or_default();
    let (text, user, dev) = match &reason {
        NotSentReason::SecureOnHttp => (
            "The cookie is marked Secure, so browsers send it only over https. This request used plain http, so it went without the cookie and the server did not recognise you.".to_string(),
            "Open the site with https:// (not http://).",
            "Redirect http to https (and send HSTS) so the app is never used over plain http; link and call the API with https URLs.",
        ),
        NotSentReason::SameSiteStrict | NotSentReason::SameSiteLax | NotSentReason::SameSiteDefaultLax => (
            format!("The request went from a page on {page} to {target}, which is another site. The cookie's SameSite setting keeps browsers from sending it on cross-site requests (Lax allows only top-level navigations; cookies without SameSite are treated as Lax by Chrome). So the request arrived without your session."),
            "Open the site the request goes to directly (not embedded in or called from another site), or ask the site to fix it.",
            "Serve the API from the same site as the page (same registrable domain), or set the cookie `SameSite=None; Secure` (add `Partitioned` for embedded use) and call it with `credentials: 'include'`.",
        ),
        NotSentReason::SameSiteNoneInsecure => (
            "The cookie is set with SameSite=None but without Secure; browsers refuse such cookies, so it never travels (or was never stored).".to_string(),
            "Nothing to fix on your side; report it to the site.",
            "Set cross-site cookies with both `SameSite=None` and `Secure` (over https).",
        ),
        NotSentReason::Partitioned { .. } => (
            format!("The cookie is partitioned (CHIPS): the browser keeps it only for pages on the top-level site it was set under, and this request came from a page on {page}."),
            "Open the site the way you signed in to it (directly, or embedded in the same page as before).",
            "Set the partitioned cookie under the top-level site where the request is made, or use an unpartitioned first-party cookie.",
        ),
        NotSentReason::Refused(_) => (
            "The server tried to set the cookie, but the browser refused to store it, so it never travelled.".to_string(),
            "Nothing to fix on your side; report it to the site.",
            "Fix the Set-Cookie the browser refuses (see the evidence).",
        ),
        NotSentReason::ThirdPartyBlocked => (
            format!("The request went from a page on {page} to {target}, another site. The cookie allows cross-site use (SameSite=None; Secure), but the browser did not send it: third-party cookies are blocked (browser setting, tracking protection), or the page's fetch did not ask for credentials."),
            "Allow cookies for this site in the browser's settings (or turn off tracking protection for the page), or open the site directly and sign in there.",
            "Do not rely on third-party cookies: serve the API from the page's own site, use Partitioned cookies (CHIPS) or token-based auth; call it with `credentials: 'include'`.",
        ),
        _ if facts.cross_origin != Some(true) => (
            "The request carried no cookies at all, although the site has cookies that match it and nothing in their attributes holds them back. That is what a script request does when the page's fetch() uses credentials: 'omit' (or an XMLHttpRequest/fetch wrapper configured not to send cookies).".to_string(),
            "Nothing to fix on your side; report it to the site.",
            "Send cookies with the request: `fetch(url, { credentials: 'same-origin' })` (the default) or `'include'`; check the HTTP client's settings (e.g. axios `withCredentials`).",
        ),
        _ => (
            format!("The request from {page} to {target} is cross-origin and carried no cookies at all, although the site has cookies that match it. That is what fetch() does by default (credentials 'same-origin') and with credentials: 'omit', and what XMLHttpRequest does without withCredentials."),
            "Nothing to fix on your side; report it to the site.",
            "Call the API with `fetch(url, { credentials: 'include' })` (XHR: `withCredentials = true`) and answer with `Access-Control-Allow-Credentials: true` and an explicit Access-Control-Allow-Origin.",
        ),
    };
    let mut c = Cause::new(CauseId::CookiesNotSent, conf, title)
        .explain(text)
        .fix_user(user)
        .fix_dev(dev);
    for n in relevant.iter().take(10) {
        c = c.evidence(crate::cause::Evidence::CookieNotSent {
            cookie: n.cookie.label(),
            why: n.reason.text(),
        });
    }
    if let Some(cs) = facts.cross_site {
        c = c.evidence(format!(
            "the page {page} and the request {target} are {}",
            if cs {
                "cross-site"
            } else if facts.cross_origin == Some(true) {
                "same-site but cross-origin"
            } else {
                "same-origin"
            }
        ));
    }
    c = c.evidence(match facts.jar.source {
        JarSource::Browser => "source: the browser's cookie jar",
        _ => "source: Set-Cookie headers of earlier responses in this capture",
    });
    out.push(c);
}

fn no_credentials(facts: &Facts, out: &mut Vec<Cause>) {
    if facts.proxy
        || facts.relevant_auth().is_some()
        || !facts.api_keys.is_empty()
        || facts.dropped_auth.is_some()
        || facts.login_attempt()
    {
        return;
    }
    // The server judged a credential (its signature, its expiry, its key): it received one
    // that this capture does not show (in the body, or a header why401 does not know).
    // Only a specific judgement counts: "invalid session", "no valid token", "token not
    // found" and "authentication error" are said of nothing sent too.
    if facts.stated_reason().is_some_and(|m| {
        m.cause != CauseId::InsufficientScope && crate::messages::reader::specific(m.reading)
    }) {
        return;
    }
    let session_not_sent = facts
        .jar
        .not_sent
        .iter()
        .any(|n| n.reason.explains() && n.cookie.credential);
    if session_not_sent {
        return;
    }
    let offered = schemes_offered(facts);
    let asks = if offered.is_empty() {
        "Its 401 says it wants to know who you are.".to_string()
    } else {
        format!(
            "It asks for credentials ({}: {offered}).",
            facts.challenge_header
        )
    };
    let host = facts.host().to_string();
    if facts.cookies.pairs.is_empty() {
        let mut conf: f64 = if offered.is_empty() { 0.7 } else { 0.8 };
        if facts.jar.source == JarSource::Browser && facts.jar.matching.is_empty() {
            conf = 0.85;
        }
        if facts.jar.not_sent.iter().any(|n| n.reason.explains()) {
            conf = 0.55;
        }
        let mut c = Cause::new(CauseId::NoCredentials, conf, "The request carried no credentials: no Authorization header and no cookies")
            .explain(format!("The server wants to know who you are, but the request carried nothing that identifies you: no Authorization header and no cookies for {host}. {asks} Either you are not signed in (or the sign-in was cleared), or the app did not attach the credentials it has."))
            .evidence("no Authorization header in the request")
            .evidence("no Cookie header in the request")
            .fix_user("Sign in to the site (again), then retry.")
            .fix_user("If you are signed in, reload the page; if the site is embedded in another site, open it directly.")
            .fix_dev("Attach the credentials: `Authorization: Bearer <token>` for tokens, or `credentials: 'include'` on cross-origin fetch for cookies.")
            .fix_dev("Check that sign-in has stored the token before the first API call is made.");
        if facts.jar.source == JarSource::Browser {
            c = c.evidence(format!(
                "the browser holds {} cookie(s) matching this URL",
                facts.jar.matching.len()
            ));
        }
        if !offered.is_empty() {
            c = c.evidence(crate::cause::Evidence::challenge(format!(
                "{}: {offered}",
                facts.challenge_header
            )));
        }
        out.push(c);
    } else if !facts.cookies.pairs.iter().any(|p| p.session_like) && facts.tokens.is_empty() {
        let names: Vec<&str> = facts.cookies.pairs.iter().take(8).map(|p| p.name).collect();
        out.push(
            Cause::new(CauseId::NoCredentials, 0.35, "The request carried no sign-in cookie and no Authorization header")
                .explain(format!("The request carried cookies, but none that looks like a sign-in session, and no Authorization header. {asks} You may not be signed in on {host}, or the sign-in cookie has another name than usual."))
                .evidence("no Authorization header in the request")
                .evidence(format!("cookies sent: {}", names.join(", ")))
                .fix_user("Sign in to the site (again), then retry.")
                .fix_dev("Check which cookie carries the session and why it is absent (not set, expired, or not sent)."),
        );
    }
}

fn accepted_scheme(facts: &Facts, kind: SchemeKind) -> bool {
    facts.challenges.is_empty()
        || facts.challenges.iter().any(|c| {
            let k = crate::parse::authorization::SchemeKind::of(c.scheme);
            k == kind
                || (matches!(k, SchemeKind::Negotiate | SchemeKind::Ntlm)
                    && matches!(kind, SchemeKind::Negotiate | SchemeKind::Ntlm))
        })
}

fn stripped(facts: &Facts, out: &mut Vec<Cause>) {
    let Some(a) = facts.relevant_auth() else {
        key_not_received(facts, out);
        return;
    };
    if !a.well_formed()
        || !accepted_scheme(facts, a.kind())
        || server_read_it(facts)
        // "Access token required" to a refresh token: it arrived, and is the wrong kind.
        || crate::rules::token_claims::not_access_token(facts).is_some()
    {
        return;
    }
    let msg = nothing_arrived(facts);
    // A bare `Bearer` challenge is the RFC 6750 answer to "no token"; but when the body gives
    // some other reason (FastAPI sends a bare challenge with every error), it is no evidence.
    let body_silent = facts.body.map(str::trim).map_or(true, |b| {
        b.is_empty() || (b.len() <= 64 && !b.contains(' '))
    });
    let bare_bearer = a.kind() == SchemeKind::Bearer
        && body_silent
        && facts.challenge_error().is_none()
        && facts.challenges.iter().any(|c| c.is("Bearer"))
        && facts
            .messages
            .iter()
            .all(|m| m.cause == CauseId::NoCredentials || m.cause == CauseId::CredentialsStripped);
    let (conf, why) = if let Some(m) = msg {
        (
            0.6 + 0.3 * m.weight.clamp(0.0, 1.0),
            crate::rules::msg_evidence(m),
        )
    } else if bare_bearer {
        (
            0.55,
            crate::cause::Evidence::challenge(format!("{}: a Bearer challenge without an error code, which RFC 6750 §3.1 prescribes for a request that carried no token", facts.challenge_header)),
        )
    } else {
        return;
    };
    let h = a.header;
    out.push(
        Cause::new(CauseId::CredentialsStripped, conf, "The server says no credentials arrived, but the browser sent them")
            .evidence(format!("{h}: {} credential sent ({} bytes, well formed)", a.scheme(), a.parsed.credentials.len()))
            .evidence(why)
            .explain(format!("The request carried a well-formed {} credential in its {h} header, yet the server answered as if there were none. Something between the browser and the application removed the header: a proxy, load balancer, CDN, WAF or VPN, or a server setting (Apache with PHP-CGI or mod_wsgi does not pass Authorization to the application by default).", a.scheme()))
            .fix_user("Try another network (without VPN or corporate proxy); if it still fails, report it to the site with the request id.")
            .fix_dev("Make every hop forward Authorization: Apache `CGIPassAuth On` (or `SetEnvIf Authorization \"(.*)\" HTTP_AUTHORIZATION=$1`), mod_wsgi `WSGIPassAuthorization On`; check proxy_set_header/header allow lists in nginx, the CDN (CloudFront origin request policy) and the WAF."),
    );
}

/// The server's words that nothing arrived: a cited message, or a general reading about the
/// request ("no token", "no Authorization header"). Words about the person's state ("not
/// signed in", "authentication required") are not news that something was removed: many
/// servers say them of a wrong password too.
fn nothing_arrived<'f>(facts: &'f Facts) -> Option<&'f crate::facts::MsgHit> {
    facts
        .message_for(CauseId::CredentialsStripped)
        .or_else(|| facts.message_for(CauseId::NoCredentials))
        .filter(|m| m.reading != Some(crate::messages::reader::Reading::NotSignedIn))
}

/// The server's answer shows it read the credential: its challenge judges the token
/// (`invalid_token`, `insufficient_scope`), or its words give a reason about it (expired,
/// revoked, wrong audience). A generic "not provided" beside that is a framework's default
/// text, not news that nothing arrived.
fn server_read_it(facts: &Facts) -> bool {
    matches!(
        facts.challenge_error().as_deref(),
        Some("invalid_token" | "insufficient_scope")
    ) || facts.stated_reason().is_some()
}

/// An API key was sent (header or query), and the server says no credentials arrived: the
/// key was removed on the way, or travelled under a name the server does not read.
fn key_not_received(facts: &Facts, out: &mut Vec<Cause>) {
    let Some(k) = facts.api_keys.iter().find(|k| !k.placeholder) else {
        return;
    };
    if server_read_it(facts) {
        return;
    }
    let Some(m) = nothing_arrived(facts) else {
        return;
    };
    if facts.message_for(CauseId::CredentialsRejected).is_some() {
        return;
    }
    out.push(
        Cause::new(CauseId::CredentialsStripped, 0.55 + 0.3 * m.weight.clamp(0.0, 1.0), "The server says no key arrived, but the request sent one")
            .evidence(format!("{}: an API key or token of {} bytes was sent", k.label(), k.len))
            .evidence(crate::rules::msg_evidence(m))
            .explain(format!("The request carried an API key in the {}, yet the server answered as if there were none. Either something on the way (a proxy, CDN or gateway) removed it, or the server reads the key under another header or parameter name than the one used.", k.label()))
            .fix_user("Check the API's documentation for the exact header or parameter name of the key, and try without VPN or proxy.")
            .fix_dev("Send the key under the name the API documents; make every proxy forward that header (many strip unknown or `X-` headers)."),
    );
}

fn insecure(facts: &Facts, out: &mut Vec<Cause>) {
    if !facts.plain_http() {
        return;
    }
    let secure_not_sent: Vec<&NotSent> = facts
        .jar
        .not_sent
        .iter()
        .filter(|n| {
            matches!(
                n.reason,
                NotSentReason::SecureOnHttp | NotSentReason::Refused(SECURE_OVER_HTTP)
            )
        })
        .collect();
    let msg = facts.message_for(CauseId::InsecureTransport);
    if secure_not_sent.is_empty() && msg.is_none() {
        return;
    }
    let url = facts.url.as_ref().map(|u| u.origin()).unwrap_or_default();
    let mut c = Cause::new(
        CauseId::InsecureTransport,
        if msg.is_some() { 0.9 } else { 0.85 },
        format!("The request used plain http ({url}), where the site's credentials are not sent"),
    )
    .explain("The request went over plain http. Credentials meant for https are then withheld (Secure cookies are never sent over http) or refused (servers that require TLS for authentication).")
    .fix_user(format!("Open the site with https:// instead: {}", url.replacen("http://", "https://", 1)))
    .fix_dev("Redirect every http request to https and send Strict-Transport-Security; use https URLs in the app's API base URL.");
    for n in secure_not_sent.iter().take(5) {
        c = c.evidence(match n.reason {
            NotSentReason::SecureOnHttp => {
                format!("{}: Secure, not sent over http", n.cookie.label())
            }
            _ => format!(
                "{}: set with Secure by a plain-http response{}; browsers refuse to store it",
                n.cookie.label(),
                n.cookie
                    .set_by
                    .map(|e| format!(" (entry {e})"))
                    .unwrap_or_default()
            ),
        });
    }
    if let Some(m) = msg {
        c = c.evidence(crate::rules::msg_evidence(m));
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "nothing sent, Bearer asked",
            text: "GET https://api.example.com/me\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[MissingChallenge, CookiesNotSent, CredentialsStripped],
        },
        Case {
            name: "nothing sent, no challenge",
            text: "GET https://api.example.com/me\n\n401\n",
            first: Some(NoCredentials),
            present: &[MissingChallenge],
            absent: &[Unknown],
        },
        Case {
            name: "sanitized HAR: absence proves nothing",
            text: "GET https://api.example.com/me\n@sanitized\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: None,
            present: &[],
            absent: &[NoCredentials, CookiesNotSent, CredentialsStripped],
        },
        Case {
            name: "a session cookie was sent: not no-credentials",
            text: "GET https://app.example.com/api\nCookie: sessionid=abc123\n\n401\n",
            first: None,
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "only analytics cookies: weak no-credentials",
            text: "GET https://app.example.com/api\nCookie: _ga=GA1.2.3; theme=dark\n\n401\nWWW-Authenticate: Bearer\n",
            first: None,
            present: &[NoCredentials],
            absent: &[],
        },
        Case {
            name: "SameSite=Lax session cookie on a cross-site fetch",
            text: "GET https://api.other.net/me\n@document https://app.example.com/\n@type fetch\n@jar sid=x; domain=.other.net; path=/; secure; samesite=lax\n\n401\n",
            first: Some(CookiesNotSent),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "SameSite=Lax on a top-level GET navigation is sent: not blamed",
            text: "GET https://api.other.net/me\n@document https://app.example.com/\n@type document\n@jar sid=x; domain=.other.net; path=/; secure; samesite=lax\n\n401\n",
            first: None,
            present: &[],
            absent: &[CookiesNotSent],
        },
        Case {
            name: "Secure cookie on http",
            text: "GET http://app.example.com/api\n@jar session=x; domain=app.example.com; hostonly; path=/; secure\n\n401\n",
            first: Some(InsecureTransport),
            present: &[CookiesNotSent],
            absent: &[],
        },
        Case {
            name: "Secure cookie on http://localhost is sent (trustworthy)",
            text: "GET http://localhost:3000/api\nCookie: session=x\n@jar session=x; domain=localhost; hostonly; path=/; secure\n\n401\n",
            first: None,
            present: &[],
            absent: &[CookiesNotSent, InsecureTransport],
        },
        Case {
            name: "path mismatch is not blamed",
            text: "GET https://app.example.com/api\n@jar sid=x; domain=app.example.com; hostonly; path=/admin\n\n401\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CookiesNotSent],
        },
        Case {
            name: "cross-origin same-site fetch without credentials",
            text: "GET https://api.example.com/me\n@document https://app.example.com/\n@type fetch\n@jar session=x; domain=.example.com; path=/; secure; samesite=lax\n\n401\n",
            first: Some(CookiesNotSent),
            present: &[],
            absent: &[],
        },
        Case {
            name: "cookie jar from history: Set-Cookie earlier, SameSite=Strict, cross-site now",
            text: "POST https://api.other.net/login\n\n200\nSet-Cookie: sid=abc; Path=/; Secure; HttpOnly; SameSite=Strict\n----\nGET https://api.other.net/me\n@document https://app.example.com/\n@type xhr\n\n401\n",
            first: Some(CookiesNotSent),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "cookie deleted in history is not expected",
            text: "POST https://api.other.net/login\n\n200\nSet-Cookie: sid=abc; Path=/; Secure; SameSite=Strict\n----\nPOST https://api.other.net/logout\n\n200\nSet-Cookie: sid=; Path=/; Max-Age=0\n----\nGET https://api.other.net/me\n@document https://app.example.com/\n\n401\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CookiesNotSent],
        },
        Case {
            name: "expired jar cookie is only a note",
            text: "GET https://api.example.com/me\n@started $T\n@jar sid=x; domain=api.example.com; hostonly; path=/; expires=$T-1h\n\n401\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CookiesNotSent],
        },
        Case {
            name: "partitioned for another top-level site",
            text: "GET https://widget.other.net/api\n@document https://shop.example.com/\n@jar sid=x; domain=widget.other.net; hostonly; path=/; secure; samesite=none; partition=https://blog.example.org\n\n401\n",
            first: Some(CookiesNotSent),
            present: &[],
            absent: &[],
        },
        Case {
            name: "third-party cookies blocked",
            text: "GET https://widget.other.net/api\n@document https://shop.example.com/\n@jar sid=x; domain=widget.other.net; hostonly; path=/; secure; samesite=none\n\n401\n",
            first: Some(CookiesNotSent),
            present: &[],
            absent: &[],
        },
        Case {
            name: "Authorization dropped at a cross-origin redirect",
            text: "GET http://api.example.com/v1/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n301\nLocation: https://api.example.com/v1/me\n----\nGET https://api.example.com/v1/me\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(CredentialsDroppedOnRedirect),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "redirect with Authorization kept: nothing dropped",
            text: "GET https://api.example.com/v1/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n307\nLocation: /v1/me/\n----\nGET https://api.example.com/v1/me/\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: None,
            present: &[],
            absent: &[CredentialsDroppedOnRedirect],
        },
        Case {
            name: "redirect chain via HAR redirectURL, relative",
            text: "GET https://old.example.com/me\nAuthorization: Basic $BASIC(a:b)\n@redirect https://new.example.com/me\n\n302\n----\nGET https://new.example.com/me\n\n401\nWWW-Authenticate: Basic realm=\"x\"\n",
            first: Some(CredentialsDroppedOnRedirect),
            present: &[],
            absent: &[],
        },
        Case {
            name: "preflight answered 401, real request failed",
            text: "OPTIONS https://api.example.com/orders\nAccess-Control-Request-Method: POST\nAccess-Control-Request-Headers: authorization,content-type\nOrigin: https://app.example.com\n@type preflight\n\n401\nWWW-Authenticate: Bearer\n----\nPOST https://api.example.com/orders\nAuthorization: Bearer x\n@error net::ERR_FAILED\n\n0\n",
            first: Some(PreflightRejected),
            present: &[],
            absent: &[NoCredentials, CredentialsStripped],
        },
        Case {
            name: "OPTIONS without Access-Control-Request-Method is not a preflight",
            text: "OPTIONS https://api.example.com/orders\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[PreflightRejected],
        },
        Case {
            name: "bearer sent, bare Bearer challenge: stripped",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: Some(CredentialsStripped),
            present: &[],
            absent: &[NoCredentials, TokenRejected],
        },
        Case {
            name: "bearer sent, challenge with error code: not stripped",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\n",
            first: Some(TokenRejected),
            present: &[],
            absent: &[CredentialsStripped],
        },
        Case {
            name: "malformed bearer is not stripped",
            text: "GET https://api.example.com/me\nAuthorization: Bearer null\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: Some(AuthorizationMalformed),
            present: &[],
            absent: &[CredentialsStripped],
        },
        Case {
            name: "Authorization gone after a same-origin redirect (weaker)",
            text: "GET https://api.example.com/v1/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n302\nLocation: /v2/me\n----\nGET https://api.example.com/v2/me\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(CredentialsDroppedOnRedirect),
            present: &[],
            absent: &[],
        },
        Case {
            name: "preflight recognised by its resource type",
            text: "OPTIONS https://api.example.com/orders\n@type preflight\n\n401\n",
            first: Some(PreflightRejected),
            present: &[],
            absent: &[MissingChallenge, NoCredentials],
        },
        Case {
            name: "DRF says credentials were not provided although a token was sent",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n\n{\"detail\":\"Authentication credentials were not provided.\"}",
            first: Some(CredentialsStripped),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "DRF message with nothing sent is no-credentials",
            text: "GET https://api.example.com/me\n\n401\nWWW-Authenticate: Token\n\n{\"detail\":\"Authentication credentials were not provided.\"}",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CredentialsStripped],
        },
        Case {
            name: "sanitized HAR with the server saying nothing arrived",
            text: "GET https://api.example.com/me\n@sanitized\n\n401\n\n{\"detail\":\"Authentication credentials were not provided.\"}",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CredentialsStripped, CookiesNotSent],
        },
        Case {
            name: "plain http without Secure cookies is not insecure-transport",
            text: "GET http://app.example.com/api\n@jar sid=x; domain=app.example.com; hostonly; path=/\n\n401\n",
            first: None,
            present: &[],
            absent: &[InsecureTransport],
        },
        Case {
            name: "https with a Secure cookie is not insecure-transport",
            text: "GET https://app.example.com/api\nCookie: sid=x\n@jar sid=x; domain=app.example.com; hostonly; path=/; secure\n\n401\n",
            first: None,
            present: &[],
            absent: &[InsecureTransport, CookiesNotSent],
        },
        Case {
            name: "request headers not seen (an image's 401 in the extension): absence proves nothing",
            text: "GET https://api.example.com/img/a.png\n@unseen\n@type image\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: None,
            present: &[],
            absent: &[NoCredentials, CookiesNotSent, CredentialsStripped],
        },
        Case {
            name: "request headers not seen: a matching jar cookie is not called unsent",
            text: "GET https://app.example.com/api\n@unseen\n@jar sid=x; domain=app.example.com; hostonly; path=/\n\n401\n",
            first: None,
            present: &[],
            absent: &[NoCredentials, CookiesNotSent],
        },
        Case {
            name: "Cookie header not seen, no Authorization: absence of cookies proves nothing",
            text: "GET https://app.example.com/api\n@cookie-unseen\n@jar sid=x; domain=app.example.com; hostonly; path=/\n\n401\nWWW-Authenticate: Cookie realm=\"app\"\n",
            first: None,
            present: &[],
            absent: &[NoCredentials, CookiesNotSent],
        },
        Case {
            name: "Cookie header not seen, a bearer token sent and the server saying nothing arrived: not no-credentials",
            text: "GET https://api.example.com/me\n@cookie-unseen\nAuthorization: Bearer abc.def.ghi\n\n401\nWWW-Authenticate: Bearer\n\n{\"detail\":\"Authentication credentials were not provided.\"}",
            first: Some(CredentialsStripped),
            present: &[],
            absent: &[NoCredentials, CookiesNotSent],
        },
        Case {
            name: "Cookie header not seen, the server saying nothing arrived",
            text: "GET https://app.example.com/me\n@cookie-unseen\n\n401\n\n{\"detail\":\"Authentication credentials were not provided.\"}",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CredentialsStripped, CookiesNotSent],
        },
        Case {
            name: "request headers not seen, the server saying nothing arrived",
            text: "GET https://api.example.com/me\n@unseen\n\n401\n\n{\"detail\":\"Authentication credentials were not provided.\"}",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CredentialsStripped, CookiesNotSent],
        },
        Case {
            name: "API key in X-Api-Key, refused without words",
            text: "GET https://api.example.com/v1/items\nX-Api-Key: k_live_0123456789\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in api-key, refused without words",
            text: "GET https://api.example.com/v1/items\napi-key: abcdef0123\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in apikey, refused without words",
            text: "GET https://api.example.com/v1/items\napikey: abcdef0123\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in X-Auth-Token, refused without words",
            text: "GET https://api.example.com/v1/items\nX-Auth-Token: tok_0123456789\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in Private-Token, refused without words",
            text: "GET https://api.example.com/v1/items\nPrivate-Token: glpat-0123456789abcdef\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in X-Access-Token, refused without words",
            text: "GET https://api.example.com/v1/items\nX-Access-Token: 0123456789abcdef\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in Ocp-Apim-Subscription-Key, refused without words",
            text: "GET https://api.example.com/v1/items\nOcp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef\n\n401\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in the query (api_key), refused",
            text: "GET https://api.example.com/v1/items?api_key=abcdef0123456789\n\n401\n\n{\"error\":\"Invalid API key\"}",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in the query (key), refused",
            text: "GET https://api.example.com/v1/items?key=abcdef0123456789\n\n401\n\n{\"error\":\"Invalid API key\"}",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key in the query (access_token), refused",
            text: "GET https://api.example.com/v1/items?access_token=abcdef0123456789\n\n401\n\n{\"error\":\"Invalid API key\"}",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "API key sent, server says none arrived",
            text: "GET https://api.example.com/v1/items\nX-Api-Key: k_0123456789\n\n401\n\n{\"message\":\"API key missing\"}",
            first: Some(CredentialsStripped),
            present: &[],
            absent: &[NoCredentials],
        },
        Case {
            name: "nothing at all sent: still no-credentials",
            text: "GET https://api.example.com/v1/items\n\n401\n\n{\"error\":\"No API key was provided\"}",
            first: Some(NoCredentials),
            present: &[],
            absent: &[CredentialsRejected],
        },
        Case {
            name: "a default 'not provided' body beside a challenge that judged the token: not stripped",
            text: "GET https://api.example.com/me\nAuthorization: Bearer opaque0123456789abcdef\n\n401\nWWW-Authenticate: Bearer realm=\"api\",error=\"invalid_token\",error_description=\"The access token has expired.\"\n\n{\"detail\":\"Authentication credentials were not provided.\"}",
            first: Some(TokenExpired),
            present: &[],
            absent: &[CredentialsStripped, NoCredentials],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_preflight() {
        let c = cause(CASES[19].text, PreflightRejected);
        assert_eq!(c.title, "The CORS preflight (OPTIONS) was answered 401");
        assert_eq!(
            c.evidence,
            vec![
                "OPTIONS https://api.example.com/orders with Access-Control-Request-Method: POST, Access-Control-Request-Headers: authorization,content-type",
                "the real request (entry 1, POST) then failed: net::ERR_FAILED (no response)"
            ]
        );
        assert!(c
            .explanation
            .starts_with("Before a cross-origin request that sends an Authorization header"));
    }

    #[test]
    fn snapshot_samesite() {
        let c = cause(CASES[5].text, CookiesNotSent);
        assert_eq!(c.title, "The browser did not send the cookie `sid`: SameSite=Lax on a cross-site request that is not a top-level navigation");
        assert_eq!(
            c.explanation,
            "The request went from a page on https://app.example.com to https://api.other.net, which is another site. The cookie's SameSite setting keeps browsers from sending it on cross-site requests (Lax allows only top-level navigations; cookies without SameSite are treated as Lax by Chrome). So the request arrived without your session."
        );
        assert_eq!(c.evidence[0], "cookie `sid` (domain .other.net, path /): not sent: SameSite=Lax on a cross-site request that is not a top-level navigation");
    }
}
