//! Authorization shape: `authorization-malformed`, `scheme-mismatch`, `basic-malformed`.
//!
//! **What it finds.** An Authorization (or, for a 407, Proxy-Authorization) header whose
//! shape is wrong: no scheme, a scheme with nothing after it, quotes, line breaks or stray
//! whitespace around the token, the scheme twice, a placeholder such as `Bearer undefined`,
//! or the header sent twice. A scheme that none of the server's challenges offer. Basic
//! credentials that are not base64 or decode without a colon.
//!
//! **Why it causes a 401.** The server cannot find a credential in a header it cannot parse,
//! and ignores schemes it does not support.
//!
//! **Example.** `Authorization: Bearer undefined` → "The Authorization header holds the
//! placeholder `undefined` instead of a token".
//!
//! **Fix.** Developers: write the header as `Bearer <token>` from a token that exists;
//! users: sign in again (the app lost its token).

use crate::cause::{Cause, CauseId};
use crate::facts::{AuthFacts, Facts};
use crate::messages::reader::Reading;
use crate::model::Ctx;
use crate::parse::authorization::{AuthProblem, BasicError, SchemeKind};
use crate::rules::server_says;

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    let Some(a) = facts.relevant_auth() else {
        return;
    };
    malformed(facts, a, out);
    scheme_mismatch(facts, a, out);
    basic(a, out);
    let h = a.header;
    server_says(
        facts,
        CauseId::AuthorizationMalformed,
        out,
        0.4,
        0.45,
        |_, conf| {
            Cause::new(CauseId::AuthorizationMalformed, conf, format!("The server says the {h} header is malformed"))
            .explain(format!("The server's error message says it could not parse the {h} header: it expects `Scheme credential` (for example `Bearer <token>`) with a single space and nothing else."))
            .fix_user("Sign in again or reload the page; if it keeps happening, report it to the site.")
            .fix_dev(format!("Build the header as `{h}: Bearer <token>` from a token that exists."))
        },
    );
    server_says(facts, CauseId::SchemeMismatch, out, 0.4, 0.45, |_, conf| {
        Cause::new(CauseId::SchemeMismatch, conf, "The server says it does not accept this kind of credential")
            .explain(format!("The server's error message says the {h} header uses a scheme it does not support (for example Basic where it wants Bearer)."))
            .fix_user("Check that you are using the right kind of key or sign-in for this API.")
            .fix_dev("Send the scheme the server accepts, or enable the one the client uses.")
    });
    server_says(facts, CauseId::BasicMalformed, out, 0.4, 0.45, |_, conf| {
        Cause::new(CauseId::BasicMalformed, conf, "The server says the Basic credentials do not decode")
            .explain("The server's error message says the Basic credentials are not base64 of `user:password`.")
            .fix_user("Re-enter the user name and password.")
            .fix_dev("Send `Basic base64(user + \":\" + password)` (UTF-8).")
    });
}

fn problem_rank(p: &AuthProblem) -> (u8, f64) {
    #[allow(unreachable_patterns)] // AuthProblem is non_exhaustive: new kinds fall through.
    match p {
        AuthProblem::Placeholder(_) => (0, 0.95),
        AuthProblem::NoScheme => (1, 0.9),
        AuthProblem::EmptyCredentials => (2, 0.9),
        AuthProblem::SchemeTwice => (3, 0.9),
        AuthProblem::Quoted => (4, 0.8),
        AuthProblem::LineBreak => (5, 0.8),
        AuthProblem::BadSeparator => (4, 0.85),
        AuthProblem::InvalidChar(_) => (6, 0.7),
        AuthProblem::StrayWhitespace => (7, 0.55),
        _ => (8, 0.6),
    }
}

/// A problem's text safe to show: a Basic placeholder may be the password itself.
fn shown(a: &AuthFacts, p: &crate::parse::ParseError<AuthProblem>) -> String {
    match &p.kind {
        AuthProblem::Placeholder(_) if a.kind() == SchemeKind::Basic => {
            format!(
                "byte {}: a placeholder instead of a real user name or password",
                p.offset
            )
        }
        _ => p.to_string(),
    }
}

fn malformed(facts: &Facts, a: &AuthFacts, out: &mut Vec<Cause>) {
    let h = a.header;
    // Basic credentials that do not decode are basic-malformed's business.
    let basic_broken = matches!(a.basic, Some(Err(_)));
    let problems: Vec<&crate::parse::ParseError<AuthProblem>> = a
        .parsed
        .problems
        .iter()
        .filter(|p| !(basic_broken && matches!(p.kind, AuthProblem::InvalidChar(_))))
        .collect();
    let main = problems.iter().min_by_key(|p| problem_rank(&p.kind).0);
    if let Some(p) = main {
        let (_, mut conf) = problem_rank(&p.kind);
        // A mere deviation from the grammar (an odd character, stray whitespace) is a hint,
        // and no hint at all when the server's words give another reason: it read the
        // credential.
        // Without a scheme, a server that judges the token (expired, invalid) read it
        // anyway: some APIs take a bare token (Backblaze B2, PocketBase).
        // The server's words say the header's form is the trouble (malformed, another
        // scheme, nothing arrived): then a deviation is no longer slight.
        let format_words = facts.message_for(CauseId::AuthorizationMalformed).is_some()
            || facts.message_for(CauseId::SchemeMismatch).is_some()
            || facts
                .message_for(CauseId::NoCredentials)
                .is_some_and(|m| m.reading == Some(Reading::NothingArrived));
        let slight = crate::facts::slight_here(&a.parsed, &p.kind) && !format_words;
        let bare = matches!(p.kind, AuthProblem::NoScheme) && !format_words;
        let other_reason = facts
            .stated_reason()
            .is_some_and(|m| m.reading != Some(Reading::TokenMalformed));
        if slight {
            conf = 0.3;
        }
        // Without a scheme and without a challenge naming one, the API's convention is
        // unknown: many take a bare key (RubyGems, Backblaze B2, AssemblyAI). A bare JWT is
        // then a hint (SPAs that forget `Bearer `); a bare opaque key is no evidence.
        let mut bare_unasked = false;
        if bare && facts.challenges.is_empty() {
            if a.bearer_token().is_some_and(|t| t.jws().is_some()) {
                conf = 0.3;
            } else {
                bare_unasked = true;
            }
        }
        let keep = !((slight || bare) && other_reason) && !bare_unasked;
        let p = *p;
        #[allow(unreachable_patterns)]
        let (title, text) = match &p.kind {
            AuthProblem::Placeholder(_) if a.kind() == SchemeKind::Basic => (
                format!("The Basic credentials in the {h} header hold a placeholder instead of a real user name or password"),
                "The user name or password is a placeholder word (the kind found in examples and templates), not a real credential, so the server refuses it.".to_string(),
            ),
            AuthProblem::Placeholder(ph) => (
                format!("The {h} header holds the placeholder `{ph}` instead of a token"),
                format!("The app wrote the {h} header before it had a token: `{ph}` is what JavaScript prints for a missing or wrong value. The server sees no credential at all. This usually happens when the token was not loaded yet, was cleared at sign-out, or is read from the wrong place."),
            ),
            AuthProblem::NoScheme => (
                format!("The {h} header has no scheme (expected `Bearer <token>`)"),
                format!("An {h} header starts with a scheme word such as `Bearer` or `Basic`, then the credential. This one has only the credential, so the server does not know how to read it."),
            ),
            AuthProblem::EmptyCredentials => (
                format!("The {h} header has a scheme but no credentials"),
                format!("The {h} header names a scheme (`{}`) with nothing after it: the app had no token or password to put there.", a.scheme()),
            ),
            AuthProblem::SchemeTwice => (
                format!("The {h} header repeats its scheme (`{0} {0} …`)", a.scheme()),
                format!("The scheme word appears twice, so the server reads the second `{}` as the credential. The token was probably stored with its scheme already in front and the app added it again.", a.scheme()),
            ),
            AuthProblem::Quoted => (
                format!("The credential in the {h} header is wrapped in quotes"),
                "The token is sent with quote characters around it (often a JSON string stored and sent as-is), so it does not match the token the server issued.".to_string(),
            ),
            AuthProblem::LineBreak => (
                format!("The {h} header contains a line break"),
                "A line break inside the header value splits or corrupts the credential (often a token read from a file with its trailing newline).".to_string(),
            ),
            AuthProblem::BadSeparator => (
                format!("The {h} header separates scheme and credential with `:` or `=` instead of a space"),
                format!("The header must read `{} <credential>` with a single space; a colon or equals sign after the scheme makes the server read a different scheme name.", a.scheme()),
            ),
            AuthProblem::InvalidChar(ch) => (
                format!("The credential in the {h} header contains {ch:?}, which such credentials cannot hold"),
                "Tokens in this header use only letters, digits and `-._~+/=`. Another character means the value was encoded twice, URL-encoded, or is not the credential at all.".to_string(),
            ),
            AuthProblem::StrayWhitespace => (
                format!("The {h} header has stray whitespace around the credential"),
                "Extra spaces or tabs around the token: many servers tolerate them, some compare the token byte by byte and refuse it.".to_string(),
            ),
            other => (format!("The {h} header is malformed: {other}"), format!("The {h} header does not have the shape `Scheme credentials`.")),
        };
        let mut c = Cause::new(CauseId::AuthorizationMalformed, conf, title).explain(text);
        for p in problems.iter().take(8) {
            c = c.evidence(format!(
                "{h} ({} bytes): {}",
                a.parsed.raw.len(),
                shown(a, p)
            ));
        }
        c = c
            .fix_user("Sign in again or reload the page; if it keeps happening, report it to the site.")
            .fix_dev(format!("Build the header as `{h}: Bearer <token>` only when a token exists (no placeholder, no quotes, no newline, one scheme)."));
        if keep {
            out.push(c);
        }
    }
    if a.count > 1 {
        out.push(
            Cause::new(CauseId::AuthorizationMalformed, 0.8, format!("The request carried {} {h} headers", a.count))
                .evidence(format!("{} {h} headers in one request", a.count))
                .explain(format!("Only one {h} header is allowed. Servers and proxies read the first, the last, or join them with a comma, so the credential they see may not be the one intended."))
                .fix_user("Reload the page; if it persists, disable extensions that add headers and report it to the site.")
                .fix_dev(format!("Set the {h} header in one place only (an HTTP client interceptor and per-request code both adding it is the usual cause).")),
        );
    }
    if a.kind() == SchemeKind::Bearer && a.scheme() != "Bearer" && a.parsed.problems.is_empty() {
        out.push(
            Cause::new(CauseId::AuthorizationMalformed, 0.25, format!("The scheme is written `{}`, not `Bearer`", a.scheme()))
                .evidence(format!("{h}: {} …", a.scheme()))
                .explain("Auth schemes are case-insensitive by the standard, but some servers compare the prefix `Bearer ` exactly and ignore other spellings.")
                .fix_dev("Write the scheme as `Bearer`; make the server's parser case-insensitive."),
        );
    }
}

fn family(s: &str) -> &'static str {
    match s.to_ascii_lowercase().as_str() {
        "negotiate" | "ntlm" | "kerberos" => "negotiate",
        "bearer" => "bearer",
        "basic" => "basic",
        "digest" => "digest",
        _ => "other",
    }
}

/// A challenge scheme that spells the sent one with more around it (`BearerGetter`,
/// `Bearer-JWT`, `JWTBearer`): the server's own name for the same scheme, not another.
fn variant(offered: &str, sent: &str) -> bool {
    let (o, s) = (offered.to_ascii_lowercase(), sent.to_ascii_lowercase());
    s.len() >= 3 && o != s && (o.starts_with(&s) || o.ends_with(&s))
}

fn scheme_mismatch(facts: &Facts, a: &AuthFacts, out: &mut Vec<Cause>) {
    let Some(scheme) = a.parsed.scheme.filter(|s| !s.is_empty()) else {
        return;
    };
    if facts.challenges.is_empty()
        || a.parsed
            .problems
            .iter()
            .any(|p| matches!(p.kind, AuthProblem::NoScheme))
    {
        return;
    }
    let sent = family(scheme);
    let offered = |c: &crate::parse::challenge::Challenge| {
        let f = family(c.scheme);
        if sent == "other" || f == "other" {
            c.scheme.eq_ignore_ascii_case(scheme) || variant(c.scheme, scheme)
        } else {
            f == sent
        }
    };
    if facts.challenges.iter().any(offered) {
        return;
    }
    let mut names: Vec<&str> = Vec::new();
    for c in &facts.challenges {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(c.scheme)) {
            names.push(c.scheme);
        }
    }
    let list = names.join(", ");
    // The server's words give a reason about the credential it read (expired, revoked, ...):
    // it did read it, so the scheme name is a formality, never ranked above that reason.
    let stated = facts.stated_reason();
    let conf = if stated.is_some() { 0.3 } else { 0.8 };
    let mut c = Cause::new(
        CauseId::SchemeMismatch,
        conf,
        format!("The request used {scheme}, but the server only offers {list}"),
    );
    if let Some(m) = stated {
        c = c.evidence(format!(
            "but the server's words give another reason, so it did read the credential: {}",
            crate::rules::msg_evidence(m)
        ));
    }
    out.push(
        c
            .evidence(format!("{}: {scheme} …", a.header))
            .evidence(crate::cause::Evidence::challenge(format!("{}: offers {list}", facts.challenge_header)))
            .explain(format!(
                "The server lists the ways it accepts credentials in its {} header: {list}. The request sent a {scheme} credential, which it does not accept, so it answers as if no credential were sent. A proxy or gateway in front of the API with its own authentication (for example web-server Basic auth) gives the same picture.",
                facts.challenge_header
            ))
            .fix_user("Check that you are using the right address for this API (and the right kind of key or sign-in).")
            .fix_dev(format!("Send the scheme the server offers ({list}), or enable {scheme} on the server; check whether a proxy in front of the API adds its own authentication.")),
    );
}

fn basic(a: &AuthFacts, out: &mut Vec<Cause>) {
    let Some(Err(e)) = &a.basic else { return };
    if matches!(e.kind, BasicError::Empty) {
        return;
    }
    let cred = a.parsed.credentials.trim();
    let mut text = "Basic credentials are `user:password` encoded in base64. ".to_string();
    match e.kind {
        BasicError::NotBase64 if cred.contains(':') => {
            text.push_str("These contain a colon but are not base64: the user name and password seem to have been sent as plain text, without encoding.")
        }
        BasicError::NotBase64 => text.push_str("These are not valid base64, so the server cannot decode them."),
        BasicError::NotUtf8 => text.push_str("These decode to bytes that are not text, so they were probably encoded twice or are not Basic credentials at all."),
        BasicError::NoColon => text.push_str("These decode, but without the colon between user name and password (often only a token or API key was encoded)."),
        _ => {}
    }
    out.push(
        Cause::new(CauseId::BasicMalformed, 0.9, format!("The Basic credentials do not decode: {}", e.kind))
            .evidence(format!("{}: Basic, {} bytes of credentials: {e}", a.header, cred.len()))
            .explain(text)
            .fix_user("Re-enter the user name and password.")
            .fix_dev("Send `Basic base64(user + \":\" + password)` (UTF-8), e.g. `btoa(user + ':' + password)` for ASCII or `curl -u user:password`."),
    );
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "Bearer undefined",
            text: "GET https://api.example.com/me\nAuthorization: Bearer undefined\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(AuthorizationMalformed),
            present: &[],
            absent: &[SchemeMismatch, CredentialsStripped, NoCredentials],
        },
        Case {
            name: "Bearer [object Object]",
            text: "GET https://api.example.com/me\nAuthorization: Bearer [object Object]\n\n401\n",
            first: Some(AuthorizationMalformed),
            present: &[],
            absent: &[],
        },
        Case {
            name: "no scheme",
            text: "GET https://api.example.com/me\nAuthorization: $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(AuthorizationMalformed),
            present: &[],
            absent: &[SchemeMismatch],
        },
        Case {
            name: "Bearer Bearer",
            text: "GET https://api.example.com/me\nAuthorization: Bearer Bearer $JWT{\"exp\":$T+1h}\n\n401\n",
            first: Some(AuthorizationMalformed),
            present: &[],
            absent: &[],
        },
        Case {
            name: "quoted token",
            text: "GET https://api.example.com/me\nAuthorization: Bearer \"$JWT{\"exp\":$T+1h}\"\n\n401\n",
            first: Some(AuthorizationMalformed),
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "well-formed bearer is fine",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: None,
            present: &[],
            absent: &[AuthorizationMalformed, SchemeMismatch, BasicMalformed],
        },
        Case {
            name: "bearer sent, only Basic offered",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Basic realm=\"nginx\"\n",
            first: Some(SchemeMismatch),
            present: &[],
            absent: &[AuthorizationMalformed],
        },
        Case {
            name: "Basic sent, only Bearer offered",
            text: "GET https://api.example.com/me\nAuthorization: Basic $BASIC(a:b)\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\n",
            first: Some(SchemeMismatch),
            present: &[],
            absent: &[],
        },
        Case {
            name: "scheme offered among several",
            text: "GET https://api.example.com/me\nAuthorization: Basic $BASIC(a:b)\n\n401\nWWW-Authenticate: Bearer realm=\"api\"\nWWW-Authenticate: Basic realm=\"api\"\n",
            first: None,
            present: &[],
            absent: &[SchemeMismatch],
        },
        Case {
            name: "NTLM answers a Negotiate challenge family",
            text: "GET https://intra.example.com/\nAuthorization: NTLM TlRMTVNTUAABAAAA\n\n401\nWWW-Authenticate: Negotiate\n",
            first: None,
            present: &[],
            absent: &[SchemeMismatch],
        },
        Case {
            name: "no challenge, no mismatch",
            text: "GET https://api.example.com/me\nAuthorization: Token abc123\n\n401\n",
            first: None,
            present: &[],
            absent: &[SchemeMismatch],
        },
        Case {
            name: "Basic plain text user:pass",
            text: "GET https://api.example.com/me\nAuthorization: Basic alice:secret\n\n401\nWWW-Authenticate: Basic realm=\"x\"\n",
            first: Some(BasicMalformed),
            present: &[],
            absent: &[CredentialsRejected],
        },
        Case {
            name: "Basic without a colon",
            text: "GET https://api.example.com/me\nAuthorization: Basic $BASIC(justakey)\n\n401\nWWW-Authenticate: Basic realm=\"x\"\n",
            first: Some(BasicMalformed),
            present: &[],
            absent: &[],
        },
        Case {
            name: "Basic that decodes is not malformed",
            text: "GET https://api.example.com/me\nAuthorization: Basic $BASIC(alice:s3cr3t-Pw)\n\n401\nWWW-Authenticate: Basic realm=\"x\"\n",
            first: None,
            present: &[],
            absent: &[BasicMalformed, AuthorizationMalformed],
        },
        Case {
            name: "407: Proxy-Authorization is the one judged",
            text: "GET http://example.com/\nProxy-Authorization: Bearer null\n\n407\nProxy-Authenticate: Basic realm=\"proxy\"\n",
            first: Some(AuthorizationMalformed),
            present: &[ProxyAuthRequired],
            absent: &[],
        },
        Case {
            name: "scheme name differs but the server states its reason",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"exp\":$T+1h}\n\n401\nWWW-Authenticate: Basic realm=\"api\"\n\n{\"message\":\"Your token has been revoked\"}",
            first: Some(TokenRejected),
            present: &[SchemeMismatch],
            absent: &[],
        },
        Case {
            name: "a challenge spelling Bearer with more around it is no other scheme",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"sub\":\"u\",\"exp\":$T+1h}\n@started $T\n\n401\nDate: $D\nWWW-Authenticate: BearerGetter\n\nUnauthorized",
            first: Some(TokenRejected),
            present: &[],
            absent: &[SchemeMismatch],
        },
        Case {
            name: "the server says the scheme is unknown",
            text: "GET https://api.example.com/v2/userinfo\nAuthorization: OAuth2 AQVp8cwndwLvgzpllxJ-VqqEeWbo6zQas7Dx\n\n401\n\n{\"message\":\"Unknown authentication schema\",\"status\":401}",
            first: Some(SchemeMismatch),
            present: &[],
            absent: &[NoCredentials],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_placeholder() {
        let c = cause(CASES[0].text, AuthorizationMalformed);
        assert_eq!(
            c.title,
            "The Authorization header holds the placeholder `undefined` instead of a token"
        );
        assert_eq!(
            c.explanation,
            "The app wrote the Authorization header before it had a token: `undefined` is what JavaScript prints for a missing or wrong value. The server sees no credential at all. This usually happens when the token was not loaded yet, was cleared at sign-out, or is read from the wrong place."
        );
    }

    #[test]
    fn basic_evidence_never_shows_the_password() {
        let c = cause(CASES[11].text, BasicMalformed);
        let all = format!("{} {} {:?}", c.title, c.explanation, c.evidence);
        assert!(!all.contains("alice:secret"), "{all}");
    }
}
