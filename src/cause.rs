//! The cause catalogue (`shared/causes.md`): ids are a public contract, never renamed or reused.

use crate::mask::MaskedText;
use serde::{Deserialize, Serialize};

/// A cause id from the catalogue. Serialised as its kebab-case id (`"token-expired"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CauseId {
    // The request carried no usable credentials.
    NoCredentials,
    CookiesNotSent,
    CredentialsDroppedOnRedirect,
    PreflightRejected,
    CredentialsStripped,
    InsecureTransport,
    ExtensionModified,
    // The Authorization header is malformed.
    AuthorizationMalformed,
    SchemeMismatch,
    BasicMalformed,
    TokenMalformed,
    UnsignedToken,
    // Well formed but not accepted.
    TokenExpired,
    TokenNotYetValid,
    ClockSkew,
    InsufficientScope,
    AudienceMismatch,
    IssuerMismatch,
    TokenRejected,
    CredentialsRejected,
    SessionExpired,
    DuplicateCookies,
    OversizedCookies,
    RefreshRace,
    // The server side.
    MissingChallenge,
    DigestStale,
    NegotiateNotConfigured,
    GatewayRejected,
    ProxyAuthRequired,
    RetryLoop,
    Unknown,
}

impl CauseId {
    /// Every id, in catalogue order.
    pub const ALL: [CauseId; 31] = [
        CauseId::NoCredentials,
        CauseId::CookiesNotSent,
        CauseId::CredentialsDroppedOnRedirect,
        CauseId::PreflightRejected,
        CauseId::CredentialsStripped,
        CauseId::InsecureTransport,
        CauseId::ExtensionModified,
        CauseId::AuthorizationMalformed,
        CauseId::SchemeMismatch,
        CauseId::BasicMalformed,
        CauseId::TokenMalformed,
        CauseId::UnsignedToken,
        CauseId::TokenExpired,
        CauseId::TokenNotYetValid,
        CauseId::ClockSkew,
        CauseId::InsufficientScope,
        CauseId::AudienceMismatch,
        CauseId::IssuerMismatch,
        CauseId::TokenRejected,
        CauseId::CredentialsRejected,
        CauseId::SessionExpired,
        CauseId::DuplicateCookies,
        CauseId::OversizedCookies,
        CauseId::RefreshRace,
        CauseId::MissingChallenge,
        CauseId::DigestStale,
        CauseId::NegotiateNotConfigured,
        CauseId::GatewayRejected,
        CauseId::ProxyAuthRequired,
        CauseId::RetryLoop,
        CauseId::Unknown,
    ];

    /// The public id, e.g. `"token-expired"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CauseId::NoCredentials => "no-credentials",
            CauseId::CookiesNotSent => "cookies-not-sent",
            CauseId::CredentialsDroppedOnRedirect => "credentials-dropped-on-redirect",
            CauseId::PreflightRejected => "preflight-rejected",
            CauseId::CredentialsStripped => "credentials-stripped",
            CauseId::ExtensionModified => "extension-modified",
            CauseId::InsecureTransport => "insecure-transport",
            CauseId::AuthorizationMalformed => "authorization-malformed",
            CauseId::SchemeMismatch => "scheme-mismatch",
            CauseId::BasicMalformed => "basic-malformed",
            CauseId::TokenMalformed => "token-malformed",
            CauseId::UnsignedToken => "unsigned-token",
            CauseId::TokenExpired => "token-expired",
            CauseId::TokenNotYetValid => "token-not-yet-valid",
            CauseId::ClockSkew => "clock-skew",
            CauseId::InsufficientScope => "insufficient-scope",
            CauseId::AudienceMismatch => "audience-mismatch",
            CauseId::IssuerMismatch => "issuer-mismatch",
            CauseId::TokenRejected => "token-rejected",
            CauseId::CredentialsRejected => "credentials-rejected",
            CauseId::SessionExpired => "session-expired",
            CauseId::DuplicateCookies => "duplicate-cookies",
            CauseId::OversizedCookies => "oversized-cookies",
            CauseId::RefreshRace => "refresh-race",
            CauseId::MissingChallenge => "missing-challenge",
            CauseId::DigestStale => "digest-stale",
            CauseId::NegotiateNotConfigured => "negotiate-not-configured",
            CauseId::GatewayRejected => "gateway-rejected",
            CauseId::ProxyAuthRequired => "proxy-auth-required",
            CauseId::RetryLoop => "retry-loop",
            CauseId::Unknown => "unknown",
        }
    }

    /// The id for a public string, if it is in the catalogue.
    pub fn parse(s: &str) -> Option<CauseId> {
        CauseId::ALL.into_iter().find(|id| id.as_str() == s)
    }
}

impl std::fmt::Display for CauseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cookie named by a cause, precise enough for the extension to remove exactly that copy:
/// name, domain, host-only, path, partition and store identify one copy in a browser.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CookieRef {
    pub name: String,
    /// As browsers show it: a domain cookie with its leading dot (`.example.com`), a
    /// host-only cookie as the bare host (`app.example.com`).
    pub domain: String,
    pub path: String,
    /// No Domain attribute: sent to `domain` exactly, never to its subdomains.
    #[serde(default)]
    pub host_only: bool,
    /// Top-level site of a partitioned (CHIPS) copy (`https://top.example`); absent when
    /// the copy is not partitioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<String>,
    /// The browser's cookie store holding the copy (extension captures), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    /// Why this copy is stale ("expired JWT", "shadowed duplicate", "deleted by the server", ...).
    pub why: String,
}

/// One piece of evidence. Its kind decides how causes merge (the server's words move from a
/// general cause to the specific one that explains them); its words are made only when it is
/// shown ([`std::fmt::Display`]). Serialised as that text (the `--json` contract: evidence is
/// a list of strings); read back as [`Evidence::Note`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Evidence {
    /// The server's words: a cited message of a known stack, or a general reading.
    Server {
        /// The words, masked and cut.
        text: MaskedText,
        /// The stack whose known wording matched; empty for a general reading.
        stack: String,
        /// What they mean (for a general reading: which words were read, and where).
        meaning: String,
    },
    /// What the server's challenge says (`WWW-Authenticate: Bearer error="invalid_token"`),
    /// masked: build it with [`Evidence::challenge`].
    Challenge(MaskedText),
    /// A token's time claim (`exp`, `nbf`, `iat`) and where the token was.
    Claim {
        claim: String,
        /// Unix seconds, as in the token.
        value: f64,
        /// What the claim means, when worth saying ("not valid before").
        meaning: Option<String>,
        /// "the bearer token in the Authorization header", "the JWT in cookie `sid`".
        place: String,
    },
    /// A clock reading the claims were judged against.
    Clock {
        /// "the device's clock at the request", "now (this diagnosis)".
        clock: String,
        /// Unix seconds.
        at_s: f64,
    },
    /// A cookie of the site that the request did not carry, and why.
    CookieNotSent {
        /// "cookie `sid` (domain .example.com, path /)".
        cookie: String,
        why: String,
    },
    /// Anything else, in words: a claim against a clock, a cookie and why it was not sent,
    /// what the request carried.
    Note(String),
}

impl Evidence {
    /// The server's challenge in words, its secrets masked.
    pub fn challenge(text: impl AsRef<str>) -> Evidence {
        Evidence::Challenge(MaskedText::text(text.as_ref()))
    }

    /// The server's own words (its message or its challenge), as opposed to readings of
    /// what was sent.
    pub fn is_servers_words(&self) -> bool {
        matches!(self, Evidence::Server { .. } | Evidence::Challenge(_))
    }

    /// The shown text contains `pat`.
    pub fn contains(&self, pat: &str) -> bool {
        self.to_string().contains(pat)
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::Server {
                text,
                stack,
                meaning,
            } if stack.is_empty() => write!(f, "server message: \"{text}\" ({meaning})"),
            Evidence::Server {
                text,
                stack,
                meaning,
            } => write!(
                f,
                "server message: \"{text}\" (known wording of {stack}: {meaning})"
            ),
            Evidence::Claim {
                claim,
                value,
                meaning,
                place,
            } => {
                let utc = crate::parse::date::format_utc(*value);
                match meaning {
                    Some(m) => write!(f, "{claim} = {value} ({utc}, \"{m}\") in {place}"),
                    None => write!(f, "{claim} = {value} ({utc}) in {place}"),
                }
            }
            Evidence::Clock { clock, at_s } => {
                write!(f, "{clock}: {}", crate::parse::date::format_utc(*at_s))
            }
            Evidence::CookieNotSent { cookie, why } => write!(f, "{cookie}: not sent: {why}"),
            Evidence::Challenge(s) => write!(f, "{s}"),
            Evidence::Note(s) => f.write_str(s),
        }
    }
}

impl From<String> for Evidence {
    fn from(s: String) -> Self {
        Evidence::Note(s)
    }
}

impl From<&str> for Evidence {
    fn from(s: &str) -> Self {
        Evidence::Note(s.to_string())
    }
}

impl PartialEq<str> for Evidence {
    fn eq(&self, other: &str) -> bool {
        match self {
            Evidence::Note(s) => s == other,
            Evidence::Challenge(s) => s.as_str() == other,
            _ => {
                let shown = self.to_string();
                shown.as_str() == other
            }
        }
    }
}

impl PartialEq<&str> for Evidence {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Evidence::Note)
    }
}

/// One diagnosed cause: what went wrong, how sure we are, what shows it, what to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cause {
    pub id: CauseId,
    /// 0.0 (a guess) to 1.0 (proven by the evidence).
    pub confidence: f64,
    /// One line, plain words: "Your sign-in token expired 3 h ago".
    pub title: String,
    /// The exact readings that support it: header, cookie name+domain+path, claim and value,
    /// clock readings with their difference, the server's words. Secrets already masked.
    pub evidence: Vec<Evidence>,
    /// A few sentences a non-expert can follow.
    pub explanation: String,
    /// What the person using the site can do.
    pub fix_user: Vec<String>,
    /// What the site's or API's developers can do.
    pub fix_dev: Vec<String>,
    /// Stale cookies this cause blames (offered to the "Clear stale cookies" action).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale_cookies: Vec<CookieRef>,
}

impl Cause {
    /// A cause with its id, confidence and title; fill the rest with the builder methods.
    pub fn new(id: CauseId, confidence: f64, title: impl Into<String>) -> Self {
        Cause {
            id,
            confidence: confidence.clamp(0.0, 1.0),
            title: title.into(),
            evidence: Vec::new(),
            explanation: String::new(),
            fix_user: Vec::new(),
            fix_dev: Vec::new(),
            stale_cookies: Vec::new(),
        }
    }
    pub fn evidence(mut self, e: impl Into<Evidence>) -> Self {
        self.evidence.push(e.into());
        self
    }
    pub fn explain(mut self, text: impl Into<String>) -> Self {
        self.explanation = text.into();
        self
    }
    pub fn fix_user(mut self, f: impl Into<String>) -> Self {
        self.fix_user.push(f.into());
        self
    }
    pub fn fix_dev(mut self, f: impl Into<String>) -> Self {
        self.fix_dev.push(f.into());
        self
    }
    pub fn stale(mut self, c: CookieRef) -> Self {
        self.stale_cookies.push(c);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for id in CauseId::ALL {
            assert_eq!(CauseId::parse(id.as_str()), Some(id));
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
        }
        assert_eq!(CauseId::parse("nope"), None);
    }
}
