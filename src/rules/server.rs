//! The server side: `missing-challenge`, `digest-stale`, `negotiate-not-configured`,
//! `gateway-rejected`, `proxy-auth-required`, `retry-loop`.
//!
//! **What it finds.** A 401 without WWW-Authenticate (a server defect: secondary, it never
//! explains *why*); a Digest challenge with `stale=true`; a Negotiate/NTLM/Kerberos challenge
//! the browser did not answer; a gateway, CDN, WAF or identity-aware proxy that refused the
//! request itself; a 407 from a proxy; the same endpoint failing again and again within
//! seconds (a refresh or login loop).
//!
//! **Why it causes a 401.** Each is a server-side reason (or symptom) of the refusal.
//!
//! **Example.** `WWW-Authenticate: Negotiate` with no Authorization sent → "The server asks
//! for Windows sign-in (Negotiate), and the browser did not answer".
//!
//! **Fix.** See each cause's fixes: allow-list the host for integrated auth, retry Digest with
//! the new nonce, send the gateway's API key, give the proxy its credentials, break the loop.

use crate::cause::{Cause, CauseId};
use crate::facts::Facts;
use crate::model::Ctx;
use crate::parse::authorization::SchemeKind;
use crate::rules::{dur, server_says};

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    proxy(facts, out);
    missing(facts, out);
    digest_stale(facts, out);
    negotiate(facts, out);
    gateway(facts, out);
    retry_loop(facts, out);
    server_says(
        facts,
        CauseId::NegotiateNotConfigured,
        out,
        0.4,
        0.45,
        |_, conf| {
            Cause::new(CauseId::NegotiateNotConfigured, conf, "The server says Windows sign-in (Kerberos/NTLM) failed")
            .explain("The server's error message says integrated Windows authentication did not work: the browser sent no ticket, or the ticket was not accepted.")
            .fix_user("Make sure you are on the company network (VPN) and ask IT to allow integrated sign-in for this site in your browser.")
            .fix_dev("Check the service principal (SPN) and the browser allow lists (AuthServerAllowlist, network.negotiate-auth.trusted-uris).")
        },
    );
}

fn proxy(facts: &Facts, out: &mut Vec<Cause>) {
    if !facts.proxy {
        return;
    }
    let offered = crate::rules::fallback::schemes_offered(facts);
    let sent = facts.proxy_auth.as_ref();
    let mut c = Cause::new(
        CauseId::ProxyAuthRequired,
        match (sent.is_some(), facts.has_challenge_header) {
            (false, true) => 0.97,
            (false, false) => 0.85,
            (true, _) => 0.8,
        },
        if sent.is_some() { "The proxy refused its credentials (407)" } else { "A proxy between you and the site wants credentials (407)" },
    )
    .explain("The 407 comes from a proxy server on the way to the site (a company or school proxy), not from the site itself. The proxy wants you to sign in to it before it forwards anything; the site never saw the request.")
    .fix_user("Enter your proxy (network) user name and password when the browser asks, or check the proxy settings of your system; ask your IT department if unsure.")
    .fix_user("For command-line tools: pass proxy credentials (curl `--proxy-user user:password`, or `https_proxy=http://user:password@proxy:port`).")
    .fix_dev("Nothing to change in the site; if a proxy must let this host through without authentication, add it to the proxy's allow list.");
    c = c.evidence(if offered.is_empty() {
        "407 without a Proxy-Authenticate header (the proxy does not say how to authenticate)"
            .to_string()
    } else {
        format!("Proxy-Authenticate: {offered}")
    });
    c = c.evidence(match sent {
        Some(a) => format!(
            "Proxy-Authorization: {} credential sent",
            if a.scheme().is_empty() {
                "(no scheme)"
            } else {
                a.scheme()
            }
        ),
        None => "no Proxy-Authorization header in the request".to_string(),
    });
    out.push(c);
}

fn missing(facts: &Facts, out: &mut Vec<Cause>) {
    if facts.proxy
        || facts.status != 401
        || facts.has_challenge_header
        || facts.preflight.is_preflight
    {
        return;
    }
    out.push(
        Cause::new(CauseId::MissingChallenge, 0.3, "The 401 has no WWW-Authenticate header")
            .evidence("no WWW-Authenticate header in the 401 response")
            .explain("HTTP requires a 401 to say how to authenticate in a WWW-Authenticate header. This server leaves it out, so neither the browser nor a tool can tell which kind of credentials it wants. Many web APIs do this on purpose (to avoid the browser's sign-in popup); it does not say why the request failed, only that the server does not tell.")
            .fix_user("Look at the response body for the server's own explanation.")
            .fix_dev("Send `WWW-Authenticate: Bearer` (with `error=\"invalid_token\"` and an `error_description` when a token was refused), or answer 403 if it is not about authentication."),
    );
}

fn digest_stale(facts: &Facts, out: &mut Vec<Cause>) {
    let Some(ch) = facts
        .challenges
        .iter()
        .find(|c| c.is("Digest") && c.stale())
    else {
        return;
    };
    out.push(
        Cause::new(CauseId::DigestStale, 0.9, "The Digest nonce expired (stale=true): retry, no new password needed")
            .evidence(crate::cause::Evidence::challenge(format!("{}: Digest realm=\"{}\", stale=true", facts.challenge_header, ch.realm().unwrap_or(""))))
            .explain("With Digest authentication the server hands out a nonce that expires. stale=true says the user name and password were right, but the nonce they were combined with is too old. The client should simply repeat the request with the new nonce from this challenge.")
            .fix_user("Retry the request (reload); you do not need to type the password again.")
            .fix_dev("Let the client retry automatically with the new nonce when stale=true; lengthen the nonce lifetime if this happens often."),
    );
}

fn negotiate(facts: &Facts, out: &mut Vec<Cause>) {
    let Some(ch) = facts
        .challenges
        .iter()
        .find(|c| c.is("Negotiate") || c.is("NTLM") || c.is("Kerberos"))
    else {
        return;
    };
    let sent = facts.relevant_auth();
    let answered = sent.is_some_and(|a| {
        matches!(a.kind(), SchemeKind::Negotiate | SchemeKind::Ntlm)
            || a.scheme().eq_ignore_ascii_case("kerberos")
    });
    let other_answered = sent.is_some() && !answered;
    if other_answered {
        return;
    }
    let host = facts.host().to_string();
    let (conf, title, text) = if answered {
        (
            0.45,
            format!("Windows sign-in ({}) was tried and refused", ch.scheme),
            format!("The browser answered the {} challenge, but the server asked again: the Kerberos ticket or NTLM exchange failed (no ticket for this host's service name, the account is not allowed, or a proxy broke the connection-based NTLM handshake).", ch.scheme),
        )
    } else {
        (
            if facts.challenges.iter().all(|c| c.is("Negotiate") || c.is("NTLM") || c.is("Kerberos")) { 0.8 } else { 0.55 },
            format!("The server asks for Windows sign-in ({}), and the browser did not answer", ch.scheme),
            format!("The server wants integrated Windows authentication ({}). Browsers answer it only for hosts on their allow list (and only when the machine has a domain ticket); for other hosts they send nothing, and the 401 stands. {host} is probably not on that list, or this machine is not signed in to the domain.", ch.scheme),
        )
    };
    out.push(
        Cause::new(CauseId::NegotiateNotConfigured, conf, title)
            .evidence(crate::cause::Evidence::challenge(format!("{}: {}", facts.challenge_header, ch.scheme)))
            .evidence(match sent {
                Some(a) => format!("{}: {} sent", a.header, a.scheme()),
                None => "no Authorization header in the request".to_string(),
            })
            .explain(text)
            .fix_user(format!("Ask your IT department to allow integrated sign-in for {host} (Chrome/Edge: the AuthServerAllowlist policy; Firefox: network.negotiate-auth.trusted-uris in about:config), and make sure you are signed in to the company network (VPN)."))
            .fix_dev("Register the service principal (SPN) for the host name users type, keep Negotiate behind proxies that preserve the connection, and offer a fallback sign-in for unmanaged machines."),
    );
}

fn gateway(facts: &Facts, out: &mut Vec<Cause>) {
    let Some(g) = &facts.gateway else { return };
    let own = facts
        .messages
        .iter()
        .any(|m| m.cause == CauseId::GatewayRejected);
    // The gateway's own message, or a header only the gateway writes on its own refusals.
    let conf = if own || g.weight >= 0.85 {
        0.6 + 0.3 * g.weight.clamp(0.0, 1.0)
    } else {
        0.2 + 0.3 * g.weight.clamp(0.0, 1.0)
    };
    let mut c = Cause::new(CauseId::GatewayRejected, conf, format!("{} refused the request before it reached the application", g.name))
        .explain(format!("The 401 was written by {}, which sits in front of the application (a gateway, CDN, firewall or access proxy). Its own rule refused the request: a missing or wrong API or subscription key, an access policy that does not include you, or an IP allow list. The application itself never saw the request.", g.name))
        .fix_user("Sign in through the site's own sign-in page again (access proxies keep their own session), or check that you use the right API key.")
        .fix_dev(format!("Check {}'s configuration and logs for this request (request id below): the key header it expects, its access policy, its allowed origins and IPs.", g.name));
    for e in g.evidence.iter().take(5) {
        c = c.evidence(e.clone());
    }
    for m in facts
        .messages
        .iter()
        .filter(|m| m.cause == CauseId::GatewayRejected)
        .take(3)
    {
        c = c.evidence(crate::rules::msg_evidence(m));
    }
    out.push(c);
}

fn retry_loop(facts: &Facts, out: &mut Vec<Cause>) {
    let r = &facts.repeats;
    if !r.is_loop {
        return;
    }
    let n = r.within_10s.max(r.within_60s);
    let span = r
        .span_ms
        .map(|ms| dur(ms / 1000.0))
        .unwrap_or_else(|| "a short time".to_string());
    let target = if r.exact {
        "this URL"
    } else {
        "this endpoint (ignoring the query string)"
    };
    out.push(
        Cause::new(
            CauseId::RetryLoop,
            if r.exact { 0.9 } else { 0.7 },
            format!("The same request failed {n} times in {span}: a retry or sign-in loop"),
        )
        .evidence(format!("{n} answers 401/407 for {} {} within {span}", facts.method, target))
        .evidence(format!("earlier failures: entries {}", r.earlier.iter().rev().take(8).map(|p| p.to_string()).collect::<Vec<_>>().join(", ")))
        .explain("The app keeps repeating a request the server keeps refusing: typically a token refresh that returns the same bad token, or a sign-in redirect that lands back on a page that fails again. Repeating will not help until the underlying cause (the other causes listed) is fixed.")
        .fix_user("Stop the loop: close the tab, clear this site's cookies, then sign in again.")
        .fix_dev("Retry a 401 at most once, and only after obtaining a new credential; on a second 401, sign the user out instead of retrying."),
    );
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const LOOP: &str = "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n@started $T-4s\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n----\nGET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n@started $T-2s\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n----\nGET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n@started $T\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n";

    const CASES: &[Case] = &[
        Case {
            name: "407 with Proxy-Authenticate",
            text: "GET http://example.com/\n\n407\nProxy-Authenticate: Basic realm=\"corp\"\n",
            first: Some(ProxyAuthRequired),
            present: &[],
            absent: &[MissingChallenge, NoCredentials],
        },
        Case {
            name: "407 without Proxy-Authenticate",
            text: "GET http://example.com/\n\n407\n",
            first: Some(ProxyAuthRequired),
            present: &[],
            absent: &[MissingChallenge],
        },
        Case {
            name: "401 is not a proxy",
            text: "GET http://example.com/\n\n401\nProxy-Authenticate: Basic realm=\"corp\"\n",
            first: None,
            present: &[],
            absent: &[ProxyAuthRequired],
        },
        Case {
            name: "missing challenge is never first when something explains",
            text: "GET https://api.example.com/me\nAuthorization: Bearer null\n\n401\n",
            first: Some(AuthorizationMalformed),
            present: &[MissingChallenge],
            absent: &[],
        },
        Case {
            name: "challenge present: no missing-challenge",
            text: "GET https://api.example.com/me\n\n401\nWWW-Authenticate: Bearer\n",
            first: None,
            present: &[],
            absent: &[MissingChallenge],
        },
        Case {
            name: "digest stale",
            text: "GET https://intra.example.com/\nAuthorization: Digest username=\"a\", nonce=\"n\", response=\"r\"\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"m2\", stale=TRUE\n",
            first: Some(DigestStale),
            present: &[],
            absent: &[],
        },
        Case {
            name: "digest not stale",
            text: "GET https://intra.example.com/\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"m2\", stale=false\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[DigestStale],
        },
        Case {
            name: "negotiate unanswered",
            text: "GET https://intra.example.com/\n\n401\nWWW-Authenticate: Negotiate\nWWW-Authenticate: NTLM\n",
            first: Some(NegotiateNotConfigured),
            present: &[NoCredentials],
            absent: &[],
        },
        Case {
            name: "negotiate answered and refused (weaker)",
            text: "GET https://intra.example.com/\nAuthorization: Negotiate YIIabc\n\n401\nWWW-Authenticate: Negotiate\n",
            first: Some(NegotiateNotConfigured),
            present: &[],
            absent: &[SchemeMismatch],
        },
        Case {
            name: "negotiate offered, Basic answered: not negotiate",
            text: "GET https://intra.example.com/\nAuthorization: Basic $BASIC(a:b)\n\n401\nWWW-Authenticate: Negotiate\nWWW-Authenticate: Basic realm=\"x\"\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[NegotiateNotConfigured],
        },
        Case { name: "three 401s in 4 s: loop, second after the reason", text: LOOP, first: Some(TokenRejected), present: &[RetryLoop], absent: &[] },
        Case {
            name: "two 401s: no loop",
            text: "GET https://api.example.com/me\n@started $T-2s\n\n401\n----\nGET https://api.example.com/me\n@started $T\n\n401\n",
            first: None,
            present: &[],
            absent: &[RetryLoop],
        },
        Case {
            name: "three 401s over a minute: no loop",
            text: "GET https://api.example.com/me\n@started $T-50s\n\n401\n----\nGET https://api.example.com/me\n@started $T-25s\n\n401\n----\nGET https://api.example.com/me\n@started $T\n\n401\n",
            first: None,
            present: &[],
            absent: &[RetryLoop],
        },
        Case {
            name: "query-insensitive loop",
            text: "GET https://api.example.com/me?t=1\n@started $T-4s\n\n401\n----\nGET https://api.example.com/me?t=2\n@started $T-2s\n\n401\n----\nGET https://api.example.com/me?t=3\n@started $T\n\n401\n",
            first: Some(NoCredentials),
            present: &[RetryLoop],
            absent: &[],
        },
        Case {
            name: "AWS API Gateway's own refusal",
            text: "GET https://abc.execute-api.eu-west-1.amazonaws.com/prod/me\nAuthorization: Bearer opaque-token-value-123\n\n401\nx-amzn-ErrorType: UnauthorizedException\nx-amz-apigw-id: Abc=\nx-amzn-RequestId: 1-2-3\n\n{\"message\":\"Unauthorized\"}",
            first: Some(GatewayRejected),
            present: &[],
            absent: &[],
        },
        Case {
            name: "Azure APIM missing subscription key",
            text: "GET https://contoso.azure-api.net/orders\n\n401\nWWW-Authenticate: AzureApiManagementKey realm=\"https://contoso.azure-api.net/orders\",name=\"Ocp-Apim-Subscription-Key\",type=\"header\"\n\n{ \"statusCode\": 401, \"message\": \"Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.\" }",
            first: Some(GatewayRejected),
            present: &[],
            absent: &[],
        },
        Case {
            name: "Kong key-auth",
            text: "GET https://api.example.com/v1/items\n\n401\nServer: kong/3.4.2\nWWW-Authenticate: Key realm=\"kong\"\n\n{\"message\":\"No API key found in request\"}",
            first: Some(GatewayRejected),
            present: &[],
            absent: &[],
        },
        Case {
            name: "plain nginx is not a gateway",
            text: "GET https://api.example.com/v1/items\n\n401\nServer: nginx/1.25\nWWW-Authenticate: Bearer\n\nUnauthorized",
            first: Some(NoCredentials),
            present: &[],
            absent: &[GatewayRejected],
        },
        Case {
            name: "Digest challenge without stale",
            text: "GET https://intra.example.com/\nAuthorization: Digest username=\"a\", nonce=\"n\", response=\"r\"\n\n401\nWWW-Authenticate: Digest realm=\"r\", nonce=\"m2\"\n",
            first: Some(CredentialsRejected),
            present: &[],
            absent: &[DigestStale],
        },
        Case {
            name: "407 with credentials sent and re-challenged",
            text: "GET http://example.com/\nProxy-Authorization: Basic $BASIC(me:pw)\n\n407\nProxy-Authenticate: Basic realm=\"corp\"\n",
            first: Some(ProxyAuthRequired),
            present: &[CredentialsRejected],
            absent: &[NoCredentials],
        },
        Case {
            name: "407: the site's cookies and their tokens are not blamed",
            text: "GET http://example.com/\nCookie: session=$JWT{\"exp\":$T-1h}\n@started $T\n\n407\nProxy-Authenticate: Basic realm=\"corp\"\n",
            first: Some(ProxyAuthRequired),
            present: &[],
            absent: &[TokenExpired, SessionExpired, CookiesNotSent],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_negotiate() {
        let c = cause(CASES[7].text, NegotiateNotConfigured);
        assert_eq!(
            c.title,
            "The server asks for Windows sign-in (Negotiate), and the browser did not answer"
        );
        assert_eq!(
            c.explanation,
            "The server wants integrated Windows authentication (Negotiate). Browsers answer it only for hosts on their allow list (and only when the machine has a domain ticket); for other hosts they send nothing, and the 401 stands. intra.example.com is probably not on that list, or this machine is not signed in to the domain."
        );
    }

    #[test]
    fn snapshot_loop() {
        let c = cause(LOOP, RetryLoop);
        assert_eq!(
            c.title,
            "The same request failed 3 times in 4 s: a retry or sign-in loop"
        );
    }
}
