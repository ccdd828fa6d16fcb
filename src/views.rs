//! Views: the redacted pieces of a [`Finding`] built from [`Facts`]: the credentials
//! (decoded, secrets masked), cookies sent and not sent, clocks, redirect hops, request ids.
//!
//! Nothing secret leaves here: URLs are [`MaskedUrl`]s; tokens, passwords and cookie values
//! become placeholders with their length ([`crate::mask`]).

use crate::cause::Cause;
use crate::facts::{cut, AuthFacts, Facts, SentCookies, TokenFacts, TokenPlace};
use crate::mask::{self, Kind, MaskedUrl};
use crate::model::Ctx;
use crate::parse::authorization::{decode_basic, AuthProblem, SchemeKind};
use crate::parse::jwt::{self, JwtError, Token};
use crate::parse::session::{self, Family, Session};
use crate::parse::url::parse_url;
use crate::parse::ParseError;
use crate::report::{
    AuthView, Clocks, CookieToken, CookiesView, Credentials, Finding, Hop, NotSentCookie,
    SentCookie, SessionView, TimeView, TokenView,
};
use serde_json::Value;

/// Seconds in a (non-leap) year, for "exp years ahead".
const YEAR_S: f64 = 365.0 * 86400.0;

/// Builds the finding for one failed request.
pub fn finding(f: &Facts, causes: Vec<Cause>, ctx: &Ctx) -> Finding {
    Finding {
        entry: f.entry.index,
        url: MaskedUrl::new(&f.entry.url),
        method: cut(&f.entry.method, 32).to_string(),
        status: f.status,
        started_ms: f.entry.started_ms.filter(|v| v.is_finite()),
        causes,
        credentials: credentials(f, ctx),
        request_ids: f.request_ids.clone(),
        cookies: cookies(f),
        clocks: clocks(f),
        redirects: f
            .redirects
            .iter()
            .map(|h| Hop {
                url: MaskedUrl::new(&h.url),
                status: h.status,
                had_authorization: h.had_authorization,
            })
            .collect(),
        server_said: f.server_said.as_ref().map(|s| crate::report::ServerSaid {
            place: s.place.clone(),
            text: mask::MaskedText::text(&s.text).cut(300),
        }),
    }
}

/// The credentials in play, decoded and masked.
pub fn credentials(f: &Facts, ctx: &Ctx) -> Credentials {
    let (req, srv) = (f.clocks.client_ms, f.clocks.server_ms);
    let header_token = |a: &AuthFacts| {
        f.tokens
            .iter()
            .find(|t| t.place == TokenPlace::Header(a.header))
    };
    Credentials {
        authorization: f
            .auth
            .as_ref()
            .map(|a| auth_view(a, header_token(a), req, srv, ctx)),
        proxy_authorization: f
            .proxy_auth
            .as_ref()
            .map(|a| auth_view(a, header_token(a), req, srv, ctx)),
        cookie_tokens: cookie_tokens(&f.tokens, req, srv, ctx),
        api_keys: f
            .api_keys
            .iter()
            .map(|k| crate::report::ApiKeyView {
                place: k.label(),
                masked: if k.placeholder {
                    format!("{:?} (a placeholder, not a key)", cut(&k.value, 64))
                } else {
                    format!(
                        "{} ({} bytes)",
                        mask::placeholder(Kind::Key, &k.value),
                        k.len
                    )
                },
                recognised: crate::parse::session::decode("", &k.value)
                    .map(|s| session_view("", &s, ctx, req, srv)),
            })
            .collect(),
        sessions: f
            .sessions
            .iter()
            .map(|s| {
                let mut v = session_view(&s.name, &s.session, ctx, req, srv);
                if !s.missing_chunks.is_empty() {
                    v.notes.push(format!(
                        "parts not sent: {}: the server cannot read the cookie at all",
                        s.missing_chunks.join(", ")
                    ));
                }
                if let Some(l) = s.lifetime_s {
                    v.notes.push(format!(
                        "the site set this cookie to last {}",
                        crate::parse::date::format_duration(l)
                    ));
                }
                v
            })
            .collect(),
    }
}

/// The tokens found in cookies, decoded and read against the clocks.
pub fn cookie_tokens(
    tokens: &[TokenFacts],
    request_ms: Option<f64>,
    server_ms: Option<f64>,
    ctx: &Ctx,
) -> Vec<CookieToken> {
    tokens
        .iter()
        .filter_map(|t| match &t.place {
            TokenPlace::Cookie { name, .. } => Some(CookieToken {
                cookie: name.clone(),
                token: view_of(&t.decoded, t.raw, ctx, request_ms, server_ms),
            }),
            TokenPlace::Header(_) => None,
        })
        .collect()
}

/// An Authorization-style header, decoded and masked: its scheme, shape problems, Basic
/// user, and `token` (its bearer token, when it is one) read against the clocks.
pub fn auth_view(
    a: &AuthFacts,
    token: Option<&TokenFacts>,
    request_ms: Option<f64>,
    server_ms: Option<f64>,
    ctx: &Ctx,
) -> AuthView {
    let scheme = a.scheme().to_string();
    let cred = a.parsed.credentials.trim();
    let mut view = AuthView {
        scheme: cut(&scheme, 64).to_string(),
        ..Default::default()
    };
    for p in a.parsed.problems.iter().take(8) {
        view.problems.push(match &p.kind {
            // A Basic "placeholder" may be the real password: never echo it.
            AuthProblem::Placeholder(_) if a.kind() == SchemeKind::Basic => {
                format!(
                    "byte {}: a placeholder instead of a real user name or password",
                    p.offset
                )
            }
            _ => p.to_string(),
        });
    }
    if a.count > 1 {
        view.problems.push(format!(
            "the request carried {} {} headers",
            a.count, a.header
        ));
    }
    view.masked = if a.has_placeholder() && a.kind() != SchemeKind::Basic {
        // A placeholder is not a secret; showing it is the point.
        cut(a.parsed.raw.trim(), 200).to_string()
    } else {
        match a.kind() {
            SchemeKind::Bearer => match token {
                Some(t) => format!(
                    "{} {} ({} bytes, JWT, signature masked)",
                    view.scheme,
                    mask::placeholder(Kind::Token, t.raw),
                    t.raw.len()
                ),
                None => format!("{} {}", view.scheme, opaque(cred)),
            },
            SchemeKind::Basic => match (&a.basic, decode_basic(cred)) {
                (Some(Ok(b)), Ok(d)) => format!(
                    "{} {} ({} bytes: user \"{}\", password masked)",
                    view.scheme,
                    mask::placeholder(Kind::Password, &d.password),
                    cred.len(),
                    cut(&b.user, 64)
                ),
                _ => format!("{} {}", view.scheme, mask::value(Kind::Token, cred)),
            },
            _ if scheme.is_empty() => mask::value(Kind::Token, cred),
            _ => format!("{} {}", view.scheme, mask::value(Kind::Token, cred)),
        }
    };
    if let Some(Ok(b)) = &a.basic {
        view.basic_user = Some(cut(&b.user, 256).to_string());
        view.basic_password_len = Some(b.password_len);
    }
    if let Some(Err(e)) = &a.basic {
        view.problems.push(e.to_string());
    }
    if let Some(t) = token {
        view.token = Some(view_of(&t.decoded, t.raw, ctx, request_ms, server_ms));
    } else if matches!(a.kind(), SchemeKind::Bearer | SchemeKind::Other) && !a.has_placeholder() {
        let bare = cred.trim_matches(|c| c == '"' || c == '\'');
        view.session =
            session::decode("", bare).map(|s| session_view("", &s, ctx, request_ms, server_ms));
    }
    view
}

/// A session's readable content with secret-named fields (`csrf_token`, `access_token`,
/// `password`, ...; [`mask::names::secret_name`]) as placeholders with their length, at
/// any depth.
fn masked_payload(v: Option<&Value>) -> Value {
    fn walk(v: &mut Value, depth: usize) {
        if depth > 32 {
            return;
        }
        match v {
            Value::Object(o) => {
                for (k, val) in o.iter_mut() {
                    match (mask::names::secret_name(k), val.as_str()) {
                        (Some(kind), Some(text)) => *val = Value::String(mask::value(kind, text)),
                        _ => walk(val, depth + 1),
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, depth + 1)),
            _ => {}
        }
    }
    let mut out = v.cloned().unwrap_or(Value::Null);
    walk(&mut out, 0);
    out
}

/// The family id of a recognised format (stable, in the JSON).
pub fn family_id(f: Family) -> &'static str {
    match f {
        Family::Itsdangerous => "itsdangerous",
        Family::Django => "django",
        Family::CookieSignature => "cookie-signature",
        Family::CookieSession => "cookie-session",
        Family::CookieSessionSig => "cookie-session-sig",
        Family::Tornado => "tornado",
        Family::Json => "json",
        Family::Rails => "rails",
        Family::Laravel => "laravel",
        Family::AspNetCore => "aspnetcore",
        Family::AspNetChunks => "aspnetcore-chunks",
        Family::Paseto => "paseto",
        Family::OpaqueId => "opaque-id",
        Family::ApiKey => "api-key",
    }
}

/// A recognised non-JWT credential, its times read against the clocks, secrets masked.
pub fn session_view(
    cookie: &str,
    s: &Session,
    ctx: &Ctx,
    request_ms: Option<f64>,
    server_ms: Option<f64>,
) -> SessionView {
    let times = time_views(
        &[("iat", s.issued_s), ("exp", s.expires_s)],
        ctx,
        request_ms,
        server_ms,
    );
    let secret_kind = if s.family == Family::ApiKey {
        Kind::Key
    } else {
        Kind::Cookie
    };
    SessionView {
        cookie: cut(cookie, 256).to_string(),
        kind: s.kind.clone(),
        family: family_id(s.family).to_string(),
        readable: s.readable,
        payload: masked_payload(s.payload.as_ref()),
        times,
        signature: s.signature_len.map(|n| format!("masked ({n} bytes)")),
        secret: s.secret.as_deref().map(|v| mask::value(secret_kind, v)),
        mode: s.mode.map(str::to_string),
        notes: s.notes.clone(),
        docs: s.docs.map(str::to_string),
    }
}

/// An opaque token: its placeholder and length, and a vendor prefix (`ghp_`, `sk_`,
/// `xoxb-`: lowercase letters and `_` or `-` in the first 8 bytes) that tells its issuer.
fn opaque(s: &str) -> String {
    let prefix = s
        .find(['_', '-'])
        .filter(|&i| (2..8).contains(&i) && s[..i].bytes().all(|b| b.is_ascii_lowercase()))
        .map(|i| &s[..=i]);
    match prefix {
        Some(p) if s.len() >= 16 => format!(
            "{} ({} bytes, starts {p})",
            mask::placeholder(Kind::Token, s),
            s.len()
        ),
        _ => mask::value(Kind::Token, s),
    }
}

/// Decodes a JWT (never verifying it) and reads its times against the clocks.
/// `request_ms`: the client's time of the request; `server_ms`: the server's Date.
pub fn token_view(
    token: &str,
    ctx: &Ctx,
    request_ms: Option<f64>,
    server_ms: Option<f64>,
) -> TokenView {
    let t = token.trim();
    view_of(&jwt::decode(t), t, ctx, request_ms, server_ms)
}

fn view_of(
    decoded: &Result<Token, ParseError<JwtError>>,
    raw: &str,
    ctx: &Ctx,
    request_ms: Option<f64>,
    server_ms: Option<f64>,
) -> TokenView {
    let _ = raw;
    match decoded {
        Err(e) => TokenView {
            header: Value::Null,
            claims: Value::Null,
            signature: String::new(),
            error: Some(e.to_string()),
            ..Default::default()
        },
        Ok(Token::Jwe(j)) => TokenView {
            header: Value::Object(j.header.clone()),
            claims: Value::Null,
            times: Vec::new(),
            signature: "encrypted (JWE)".to_string(),
            encrypted: true,
            unusual: vec!["encrypted (JWE): the claims cannot be read without the key".to_string()],
            about: Vec::new(),
            error: None,
        },
        Ok(Token::Jws(j)) => {
            let now_s = ctx.now_ms / 1000.0;
            let times = time_views(
                &[("exp", j.exp), ("nbf", j.nbf), ("iat", j.iat)],
                ctx,
                request_ms,
                server_ms,
            );
            let mut unusual = Vec::new();
            let alg_none = j
                .alg
                .as_deref()
                .is_some_and(|a| a.trim().eq_ignore_ascii_case("none"));
            if alg_none {
                unusual.push("alg is \"none\": the token is not signed".to_string());
            } else if j.signature_len == 0 {
                unusual.push("the signature is empty".to_string());
            }
            if j.alg.is_none() {
                unusual.push("no alg in the header".to_string());
            }
            match (j.exp, j.iat) {
                (None, _) => unusual.push("no exp: the token never expires".to_string()),
                (Some(e), Some(i)) if e <= i => {
                    unusual.push("exp is not after iat: the token was born expired".to_string())
                }
                (Some(e), Some(i)) if e - i > YEAR_S => unusual.push(format!(
                    "exp is {} after iat (more than a year)",
                    crate::parse::date::format_duration(e - i)
                )),
                (Some(e), None) if e - now_s > YEAR_S => {
                    unusual.push("exp is more than a year ahead".to_string())
                }
                _ => {}
            }
            if let (Some(n), Some(e)) = (j.nbf, j.exp) {
                if n >= e {
                    unusual.push("nbf is not before exp: the token is never valid".to_string());
                }
            }
            if let Some(iss) = j.iss.as_deref() {
                if let Some(u) = parse_url(iss) {
                    if !u.is_secure() && !u.is_potentially_trustworthy() {
                        unusual.push("iss uses plain http".to_string());
                    }
                    if u.host == "localhost" || u.host.starts_with("127.") {
                        unusual.push("iss is localhost: a development issuer".to_string());
                    }
                }
            }
            if j.aud
                .iter()
                .any(|a| a.contains("localhost") || a.contains("127.0.0.1"))
            {
                unusual.push("aud names localhost".to_string());
            }
            for p in j.claim_problems.iter().take(8) {
                unusual.push(p.clone());
            }
            let mut about = Vec::new();
            if let Some(iss) = j.iss.as_deref() {
                about.push(match parse_url(iss) {
                    Some(u) => format!("issued by {} (iss {})", u.host, cut(iss, 200)),
                    None => format!("issued by {}", cut(iss, 200)),
                });
            }
            if !j.aud.is_empty() {
                about.push(format!("meant for {} (aud)", cut(&j.aud.join(", "), 200)));
            }
            TokenView {
                header: Value::Object(j.header.clone()),
                claims: Value::Object(j.claims.clone()),
                times,
                signature: if j.signature_len == 0 {
                    "empty".to_string()
                } else {
                    format!("masked ({} bytes)", j.signature_len)
                },
                encrypted: false,
                unusual,
                about,
                error: None,
            }
        }
    }
}

/// Time claims (`exp`, `nbf`, `iat`) read against now, the request's time and the server's
/// Date; claims without a finite value are left out.
fn time_views(
    claims: &[(&str, Option<f64>)],
    ctx: &Ctx,
    request_ms: Option<f64>,
    server_ms: Option<f64>,
) -> Vec<TimeView> {
    let now_s = ctx.now_ms / 1000.0;
    let req_s = request_ms.filter(|v| v.is_finite()).map(|v| v / 1000.0);
    let srv_s = server_ms.filter(|v| v.is_finite()).map(|v| v / 1000.0);
    let mut times = Vec::new();
    for &(claim, v) in claims {
        let Some(v) = v.filter(|v| v.is_finite()) else {
            continue;
        };
        times.push(TimeView {
            claim: claim.to_string(),
            value: v,
            utc: crate::parse::date::format_utc(v),
            from_now: relative(v - now_s),
            at_request: req_s.map(|r| reading(claim, v - r, "the request")),
            by_server: srv_s.map(|s| {
                format!(
                    "{} (the server's Date said {})",
                    reading(claim, v - s, "the server's clock"),
                    crate::parse::date::format_utc(s)
                )
            }),
        });
    }
    times
}

fn relative(d: f64) -> String {
    if d.abs() < 1.0 {
        "now".to_string()
    } else if d < 0.0 {
        format!("{} ago", crate::parse::date::format_duration(-d))
    } else {
        format!("in {}", crate::parse::date::format_duration(d))
    }
}

/// A claim read against a clock: `d` = claim - clock, seconds.
fn reading(claim: &str, d: f64, clock: &str) -> String {
    let span = crate::parse::date::format_duration(d.abs());
    match claim {
        "exp" if d <= 0.0 => format!("expired {span} before {clock}"),
        "exp" => format!("still valid for {span} at {clock}"),
        "nbf" if d > 0.0 => format!("not valid until {span} after {clock}"),
        "nbf" => format!("valid since {span} before {clock}"),
        _ if d > 0.0 => format!("issued {span} after {clock} (a clock is off)"),
        _ => format!("issued {span} before {clock}"),
    }
}

/// Cookies sent (values masked) and the site's cookies not sent, with reasons.
pub fn cookies(f: &Facts) -> CookiesView {
    CookiesView {
        sent: sent_cookies(&f.cookies),
        not_sent: f
            .jar
            .not_sent
            .iter()
            .map(|n| NotSentCookie {
                name: n.cookie.name.clone(),
                domain: n.cookie.display_domain(),
                path: n.cookie.path.clone(),
                reason: n.reason.text(),
            })
            .collect(),
        header_bytes: f.cookies.header_bytes,
    }
}

/// The cookies a Cookie header carried, values masked, with their jar copy when known.
pub fn sent_cookies(c: &SentCookies) -> Vec<SentCookie> {
    c.pairs
        .iter()
        .map(|p| SentCookie {
            name: cut(p.name, 256).to_string(),
            value_masked: mask::value(Kind::Cookie, p.value),
            bytes: p.bytes,
            domain: p.origin.as_ref().map(|o| o.display_domain()),
            path: p.origin.as_ref().map(|o| o.path.clone()),
        })
        .collect()
}

/// The clocks that bear on the failure.
pub fn clocks(f: &Facts) -> Clocks {
    Clocks {
        client_ms: f.clocks.client_ms,
        server_ms: f.clocks.server_ms,
        skew_ms: f.clocks.skew_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::*;

    fn finding_of(text: &str) -> Finding {
        let cap = capture(text);
        let f = facts_of(&cap, cap.entries.len() - 1);
        let causes = crate::rules::run(&f, &ctx());
        let mut out = finding(&f, causes, &ctx());
        mask::Numbering::default().finding(&mut out);
        out
    }

    #[test]
    fn bearer_is_masked_and_decoded() {
        let token = jwt(&format!("{{\"sub\":\"u1\",\"exp\":{}}}", NOW - 3 * 3600));
        let text = format!("GET https://api.example.com/me\nAuthorization: Bearer {token}\n@started $T\n\n401\nDate: $D\n");
        let f = finding_of(&text);
        let a = f.credentials.authorization.expect("auth view");
        assert_eq!(a.scheme, "Bearer");
        assert_eq!(
            a.masked,
            format!(
                "Bearer ‹token #1› ({} bytes, JWT, signature masked)",
                token.len()
            )
        );
        let sig = token.rsplit('.').next().unwrap();
        let json = serde_json::to_string(&f.causes).unwrap() + &serde_json::to_string(&a).unwrap();
        assert!(!json.contains(sig), "signature leaked");
        let t = a.token.expect("token view");
        assert_eq!(t.claims["sub"], "u1");
        assert_eq!(t.signature, "masked (32 bytes)");
        assert_eq!(t.times[0].claim, "exp");
        assert_eq!(t.times[0].from_now, "3 h ago");
        assert_eq!(
            t.times[0].at_request.as_deref(),
            Some("expired 3 h before the request")
        );
        assert_eq!(
            t.times[0].by_server.as_deref(),
            Some("expired 3 h before the server's clock (the server's Date said 2025-11-25 14:00:00 UTC)")
        );
        assert!(t.unusual.is_empty(), "{:?}", t.unusual);
    }

    #[test]
    fn basic_password_never_shown() {
        let f = finding_of("GET https://x.example.com/\nAuthorization: Basic $BASIC(alice:hunter22)\n\n401\nWWW-Authenticate: Basic realm=\"x\"\n");
        let a = f.credentials.authorization.clone().unwrap();
        assert_eq!(a.basic_user.as_deref(), Some("alice"));
        assert_eq!(a.basic_password_len, Some(8));
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("hunter22"));
        assert!(
            !json.contains("YWxpY2U6aHVudGVyMjI"),
            "base64 of the credentials leaked"
        );
    }

    #[test]
    fn cookie_values_masked_and_not_sent_listed() {
        let f = finding_of("GET https://api.other.net/me\nCookie: theme=dark-secret-value\n@document https://app.example.com/\n@jar sid=s3cr3t; domain=.other.net; path=/; secure; samesite=lax\n@jar theme=dark-secret-value; domain=api.other.net; hostonly; path=/\n\n401\n");
        assert_eq!(f.cookies.sent.len(), 1);
        assert_eq!(f.cookies.sent[0].value_masked, "‹cookie #1› (17 bytes)");
        assert_eq!(f.cookies.sent[0].domain.as_deref(), Some("api.other.net"));
        assert_eq!(f.cookies.not_sent.len(), 1);
        assert_eq!(f.cookies.not_sent[0].domain, ".other.net");
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("s3cr3t") && !json.contains("dark-secret-value"));
    }

    #[test]
    fn token_view_unusual() {
        let c = ctx();
        let v = token_view(&jwt_none("{\"sub\":\"x\"}"), &c, None, None);
        assert!(v.unusual.iter().any(|u| u.contains("none")));
        assert!(v.unusual.iter().any(|u| u.contains("no exp")));
        assert_eq!(v.signature, "empty");
        let v = token_view(
            &jwt(&format!(
                "{{\"iat\":{NOW},\"exp\":{}}}",
                NOW + 3 * 365 * 86400
            )),
            &c,
            None,
            None,
        );
        assert!(
            v.unusual.iter().any(|u| u.contains("more than a year")),
            "{:?}",
            v.unusual
        );
        let v = token_view(
            &jwt(&format!("{{\"iat\":{NOW},\"exp\":{NOW}}}")),
            &c,
            None,
            None,
        );
        assert!(v.unusual.iter().any(|u| u.contains("born expired")));
        let v = token_view(
            &jwt("{\"iss\":\"http://localhost:8080/realms/x\",\"exp\":1}"),
            &c,
            None,
            None,
        );
        assert!(v.unusual.iter().any(|u| u.contains("localhost")));
    }

    #[test]
    fn token_view_errors_and_jwe() {
        let c = ctx();
        let v = token_view("eyJhbGciOiJSUzI1NiJ9.eyJzdWIi", &c, None, None);
        assert!(v.error.is_some());
        assert_eq!(v.claims, Value::Null);
        let v = token_view("", &c, None, None);
        assert!(v.error.is_some());
    }

    #[test]
    fn urls_and_hops_are_masked() {
        let f = finding_of("GET https://bob:pw1@a.example.com/x?access_token=t0ken1\n\n302\nLocation: https://api.example.com/me?code=c0de1\n----\nGET https://api.example.com/me?code=c0de1\n\n401\n");
        assert_eq!(f.url.as_str(), "https://api.example.com/me?code=‹code #1›");
        assert_eq!(f.redirects.len(), 1);
        assert_eq!(
            f.redirects[0].url.as_str(),
            "https://bob:‹password #2›@a.example.com/x?access_token=‹token #3›"
        );
        let json = serde_json::to_string(&f).unwrap();
        for s in ["pw1", "t0ken1", "c0de1"] {
            assert!(!json.contains(s), "{s} in {json}");
        }
    }

    #[test]
    fn basic_and_bearer_share_placeholders_with_urls() {
        let f = finding_of("GET https://alice:hunter22@x.example.com/\nAuthorization: Basic $BASIC(alice:hunter22)\n\n401\nWWW-Authenticate: Basic realm=\"x\"\n");
        assert_eq!(f.url.as_str(), "https://alice:‹password #1›@x.example.com/");
        let a = f.credentials.authorization.unwrap();
        assert_eq!(
            a.masked,
            "Basic ‹password #1› (20 bytes: user \"alice\", password masked)"
        );
    }

    #[test]
    fn placeholder_shown_as_is() {
        let f =
            finding_of("GET https://api.example.com/me\nAuthorization: Bearer undefined\n\n401\n");
        let a = f.credentials.authorization.unwrap();
        assert_eq!(a.masked, "Bearer undefined");
        assert!(!a.problems.is_empty());
    }

    #[test]
    fn opaque_tokens_show_only_a_prefix() {
        let f = finding_of("GET https://api.example.com/me\nAuthorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789\n\n401\n");
        let a = f.credentials.authorization.unwrap();
        assert_eq!(a.masked, "Bearer ‹token #1› (40 bytes, starts ghp_)");
        let f =
            finding_of("GET https://api.example.com/me\nAuthorization: Bearer Zm9vYmFy\n\n401\n");
        let a = f.credentials.authorization.unwrap();
        assert_eq!(a.masked, "Bearer ‹token #1› (8 bytes)");
    }
}
