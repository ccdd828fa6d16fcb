//! Token shape: `token-malformed`, `unsigned-token`.
//!
//! **What it finds.** A bearer token (or cookie value) that claims to be a JWT (its first
//! segment is a JOSE header with `alg`; for a bearer token, also one that starts like one
//! but does not decode) and does not decode (bad base64url, JSON that does not parse, a wrong number of segments — often a
//! token cut short, or two tokens glued together), and JWTs with `alg: none` or an empty
//! signature.
//!
//! **Why it causes a 401.** A server cannot read a broken token, and must refuse an unsigned
//! one (anyone could have written its claims).
//!
//! **Example.** `Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4` (cut after the
//! claims) → "The bearer token is not a valid JWT: a JWT has 3 dot-separated segments".
//!
//! **Fix.** Send the whole token as issued (users: sign in again); developers: check what
//! writes the header (truncation, concatenation, storage limits), never accept `alg: none`.

use crate::cause::{Cause, CauseId};
use crate::facts::{Facts, TokenFacts, TokenPlace};
use crate::model::Ctx;
use crate::parse::jwt::{JwtError, Token};
use crate::rules::{cookie_label, server_says};

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    for t in &facts.tokens {
        match &t.decoded {
            Err(e) => malformed(t, &e.kind, e.offset, out),
            Ok(Token::Jws(j)) => {
                let alg_none = j
                    .alg
                    .as_deref()
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case("none"));
                if alg_none || j.signature_len == 0 {
                    let what = if alg_none {
                        "`alg: none`"
                    } else {
                        "an empty signature"
                    };
                    let mut c = Cause::new(
                        CauseId::UnsignedToken,
                        if matches!(t.place, TokenPlace::Header(_)) { 0.95 } else { 0.75 },
                        format!("{} is not signed ({what})", subject(t)),
                    )
                    .evidence(format!(
                        "{}: header alg = {}, signature {} bytes",
                        place(t),
                        j.alg.as_deref().map(|a| format!("\"{a}\"")).unwrap_or_else(|| "(missing)".to_string()),
                        j.signature_len
                    ))
                    .explain(
                        "A JWT proves who you are only through its signature. This one has none, so anyone could have written its claims, and servers are required to refuse it. Unsigned tokens come from development setups, test fixtures, or a misconfigured issuer.",
                    )
                    .fix_user("Sign in again; if the app keeps sending an unsigned token, report it to the site.")
                    .fix_dev("Have the issuer sign tokens (RS256/ES256 or HS256 with a real key); check which code path produces the unsigned token (a mock or test issuer left enabled).")
                    .fix_dev("Never accept `alg: none` on the API: pin the expected algorithms in the JWT library.");
                    if let Some(r) =
                        crate::rules::token_cookie_ref(&t.place, "holds an unsigned JWT")
                    {
                        c = c.stale(r);
                    }
                    out.push(c);
                }
            }
            Ok(Token::Jwe(_)) => {}
        }
    }
    server_says(facts, CauseId::TokenMalformed, out, 0.4, 0.45, |_, conf| {
        Cause::new(CauseId::TokenMalformed, conf, "The server says the token is malformed")
            .explain("The server's error message says it could not read the token: it is cut, encoded twice, or not the kind of token the server expects (an opaque token where a JWT is expected, or the reverse).")
            .fix_user("Sign in again so the app gets a fresh token.")
            .fix_dev("Check what writes the token into the request: truncation, double encoding, or the wrong token type (ID token vs access token).")
    });
    server_says(facts, CauseId::UnsignedToken, out, 0.45, 0.45, |_, conf| {
        Cause::new(CauseId::UnsignedToken, conf, "The server says the token is not signed")
            .explain("The server's error message says the token carries no valid signature (`alg: none` or an empty signature), which servers must refuse.")
            .fix_user("Sign in again; if it keeps happening, report it to the site.")
            .fix_dev("Have the issuer sign tokens, and never accept `alg: none`.")
    });
}

fn subject(t: &TokenFacts) -> String {
    match &t.place {
        TokenPlace::Header(h) => format!("The bearer token in the {h} header"),
        TokenPlace::Cookie { name, .. } => format!("The token in cookie `{name}`"),
    }
}

fn place(t: &TokenFacts) -> String {
    match &t.place {
        TokenPlace::Header(h) => format!("{h}: Bearer"),
        TokenPlace::Cookie {
            name, domain, path, ..
        } => cookie_label(name, domain.as_deref(), path.as_deref()),
    }
}

fn malformed(t: &TokenFacts, kind: &JwtError, offset: usize, out: &mut Vec<Cause>) {
    let header = matches!(t.place, TokenPlace::Header(_));
    let segs = t.raw.split('.').count();
    let hint = match kind {
        JwtError::SegmentCount(n) if *n < 3 => " It looks cut short: something truncated it on the way (a storage or header size limit, a copy-paste).",
        JwtError::SegmentCount(n) if *n > 5 => " It has too many segments: two tokens may have been glued together.",
        JwtError::BadBase64 { .. } => " It contains characters that base64url does not use: it may have been URL-encoded, quoted or cut.",
        JwtError::BadJson { .. } | JwtError::NotAnObject { .. } => " Its pieces decode, but not to the JSON a JWT carries: it may be cut, or not a JWT at all.",
        _ => "",
    };
    let conf = if header { 0.9 } else { 0.55 };
    let mut c = Cause::new(CauseId::TokenMalformed, conf, format!("{} is not a valid JWT: {kind}", subject(t)))
        .evidence(format!("{}: {} bytes, {segs} dot-separated segment(s); at byte {offset}: {kind}", place(t), t.raw.len()))
        .explain(format!("The token has the shape of a JWT (it starts like one) but does not decode, so the server cannot read it.{hint}"))
        .fix_user("Sign in again so the app gets a fresh token.")
        .fix_dev("Log the token's length where it is written to the header and where it is read; look for truncation (cookie or header size limits), double encoding, or concatenation.");
    if let TokenPlace::Cookie { name, .. } = &t.place {
        c = c.fix_user(format!(
            "Clear the cookie `{name}` for this site, then sign in again."
        ));
        if let Some(r) = crate::rules::token_cookie_ref(&t.place, "holds a broken JWT") {
            c = c.stale(r);
        }
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "two segments: cut short",
            text: "GET https://api.example.com/me\nAuthorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenMalformed),
            present: &[],
            absent: &[TokenRejected, UnsignedToken],
        },
        Case {
            name: "bad base64 in claims",
            text: "GET https://api.example.com/me\nAuthorization: Bearer eyJhbGciOiJSUzI1NiJ9.e$$$.c2ln\n\n401\n",
            first: Some(TokenMalformed),
            present: &[],
            absent: &[],
        },
        Case {
            name: "a good JWT is not malformed",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWT{\"sub\":\"x\",\"exp\":$T+1h}\n\n401\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed, UnsignedToken],
        },
        Case {
            name: "opaque token with a dot is not a JWT candidate",
            text: "GET https://api.example.com/me\nAuthorization: Bearer ya29.a0AfH6SMBx\n\n401\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "alg none",
            text: "GET https://api.example.com/me\nAuthorization: Bearer $JWTNONE{\"sub\":\"x\",\"exp\":$T+1h}\n\n401\n",
            first: Some(UnsignedToken),
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "alg none in a session cookie",
            text: "GET https://app.example.com/api\nCookie: auth=$JWTNONE{\"sub\":\"x\"}\n\n401\n",
            first: Some(UnsignedToken),
            present: &[],
            absent: &[],
        },
        Case {
            name: "cookie that merely starts like a JWT chunk is not flagged",
            text: "GET https://app.example.com/api\nCookie: sb-auth-token.0=eyJhY2Nlc3NfdG9rZW4iOiJleUpo\n\n401\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "a Flask session cookie (three dotted parts) is not a broken JWT",
            text: "GET https://app.example.com/api\nCookie: session=eyJ1c2VyIjoiYWxpY2UifQ.awyBwg.ev4Gr7oAZUVFVjWQ-RzwlN5NLeE\n\n401\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed, UnsignedToken],
        },
        Case {
            name: "a compressed Flask session cookie is not a broken JWT",
            text: "GET https://app.example.com/api\nCookie: session=.eJyrVirKz0ktVrKKVkpMyc3MU9IZpQcFHaujVFqcWqRkpZSYk5mcqlQLAJG_hHU.awyBwg.cip-qLMj1RyXHcTSAjchyA8wtCk\n\n401\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "a Django signed-cookie session is not a broken JWT",
            text: "GET https://app.example.com/api\nCookie: sessionid=.eJyrVopPLC3JiC8tTi2Kz0xRslIyVNJBFktKTM5OzQNJpGQl5qXn6yXn55UUZSbpgZToQWWL9XzzU1JznKBqawE67h8t:1xXktm:a1MVn8jaayvNt6vm8U6bFNnvfvv50bzgUkmJXvSkBmA\n\n401\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "a Flask session sent as a bearer token is not a broken JWT",
            text: "GET https://api.example.com/me\nAuthorization: Bearer eyJ1c2VyIjoiYWxpY2UifQ.awyBwg.ev4Gr7oAZUVFVjWQ-RzwlN5NLeE\n\n401\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed],
        },
        Case {
            name: "a cookie whose header has alg but whose claims are cut is a broken JWT",
            text: "GET https://app.example.com/api\nCookie: auth=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4.c2ln\n\n401\n",
            first: Some(TokenMalformed),
            present: &[],
            absent: &[],
        },
        Case {
            name: "basic credentials are not tokens",
            text: "GET https://api.example.com/me\nAuthorization: Basic $BASIC(alice:secret)\n\n401\nWWW-Authenticate: Basic realm=\"api\"\n",
            first: None,
            present: &[],
            absent: &[TokenMalformed, UnsignedToken],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }

    #[test]
    fn snapshot_unsigned() {
        let c = cause(CASES[4].text, UnsignedToken);
        assert_eq!(
            c.title,
            "The bearer token in the Authorization header is not signed (`alg: none`)"
        );
        assert_eq!(
            c.explanation,
            "A JWT proves who you are only through its signature. This one has none, so anyone could have written its claims, and servers are required to refuse it. Unsigned tokens come from development setups, test fixtures, or a misconfigured issuer."
        );
        assert_eq!(
            c.evidence,
            vec!["Authorization: Bearer: header alg = \"none\", signature 0 bytes"]
        );
    }
}
