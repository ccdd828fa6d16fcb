//! The general reader: what a server's own words say about a 401, for stacks that are not in
//! the message table. It reads a short text (an `error_description`, a JSON message field,
//! a plain body) the way a person would: a *subject* (token, session, API key, password,
//! scope, audience, issuer, signature, Authorization header, credentials) and a *qualifier*
//! (expired, revoked, missing, invalid, insufficient, ...) in the same clause, a few words
//! apart, not negated ("has **not** expired" is no reading), or a standalone phrase
//! ("unauthenticated", "bad credentials", "login required").
//!
//! What it finds is weaker than an exact cited message (the table) and stronger than a guess;
//! the rules weigh it so. Every reading says which words it read, so the evidence shows them.
//! Bounded: at most [`MAX_WORDS`] words of a text are read.

/// What the words say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reading {
    /// The session expired, is unknown, or ended (signed out, server restarted).
    SessionGone,
    /// The token expired.
    TokenExpired,
    /// The token is not valid yet.
    TokenNotYetValid,
    /// The token was revoked or its signature does not verify.
    TokenRevokedOrForged,
    /// The token is invalid, no reason given.
    TokenInvalid,
    /// The token was not found ("token not found", "no such token"): missing from the
    /// request, or unknown to the server; which one depends on what was sent.
    TokenUnknown,
    /// The token does not decode.
    TokenMalformed,
    /// The Authorization header itself is malformed ("the Authorization header was
    /// malformed", "expected the format Bearer TOKEN").
    HeaderMalformed,
    /// Permissions or scopes are not enough.
    ScopeInsufficient,
    /// The audience is wrong.
    AudienceWrong,
    /// The issuer is wrong or untrusted.
    IssuerWrong,
    /// No credentials, no token, no Authorization header, no API key arrived (about the
    /// request).
    NothingArrived,
    /// Nobody is signed in ("unauthenticated", "login required"): about the person's state,
    /// so it cannot tell "nothing was sent" from "the session is unknown".
    NotSignedIn,
    /// The user name or password is wrong.
    WrongPassword,
    /// The API key (or subscription/access key) is invalid.
    KeyInvalid,
    /// A request signature (HMAC-signed request, OAuth 1.0a) or a token's signature does not
    /// verify; which one depends on what was sent.
    SignatureInvalid,
    /// The Authorization scheme is unknown or not supported ("unknown authentication
    /// scheme", "unsupported authorization type").
    SchemeUnsupported,
    /// The request's time is off: a timestamp outside the server's window ("timestamp
    /// expired", "RequestTimeTooSkewed", "not within 600s of server time").
    ClockOff,
    /// The credentials were refused, no reason given ("bad credentials", "authentication
    /// failed", "unable to authenticate you"): what was refused is what was sent.
    Refused,
}

impl Reading {
    /// Plain words for the evidence line.
    pub fn meaning(self) -> &'static str {
        match self {
            Reading::SessionGone => "the session expired or is unknown to the server",
            Reading::TokenExpired => "the token expired",
            Reading::TokenNotYetValid => "the token is not valid yet",
            Reading::TokenRevokedOrForged => {
                "the token was revoked or its signature does not verify"
            }
            Reading::TokenInvalid => "the token is invalid",
            Reading::TokenUnknown => "the token was not found (missing, or unknown to the server)",
            Reading::TokenMalformed => "the token does not decode",
            Reading::HeaderMalformed => "the Authorization header is malformed",
            Reading::ScopeInsufficient => "the permissions or scopes are not enough",
            Reading::AudienceWrong => "the token's audience is wrong",
            Reading::IssuerWrong => "the token's issuer is wrong or untrusted",
            Reading::NothingArrived => "no credentials reached the server",
            Reading::NotSignedIn => "the server does not consider anyone signed in",
            Reading::WrongPassword => "the user name or password is wrong",
            Reading::KeyInvalid => "the API key is invalid",
            Reading::Refused => "the credentials it was sent were refused",
            Reading::SignatureInvalid => "the signature does not verify",
            Reading::ClockOff => "the request's time is outside the server's window",
            Reading::SchemeUnsupported => "the authorization scheme is not one it supports",
        }
    }
}

/// A judgement of a particular credential (expired, forged, wrong audience, a wrong key or
/// password) rather than words also said of a request that carried nothing ("invalid
/// session", "token not found", "authentication error"). A cited message (`None`: from the
/// table) is specific.
pub fn specific(r: Option<Reading>) -> bool {
    !matches!(
        r,
        Some(
            // "Invalid API key" and "invalid username or password" are many APIs' default
            // answer to a request without any.
            Reading::KeyInvalid
                | Reading::WrongPassword
                | Reading::TokenInvalid
                | Reading::TokenUnknown
                | Reading::SessionGone
                | Reading::Refused
                | Reading::NotSignedIn
                | Reading::NothingArrived
        )
    )
}

/// One reading with the words that gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub reading: Reading,
    /// The words read, as they appear (lowercased), e.g. `["session", "expired"]`.
    pub words: Vec<String>,
}

/// Most words read from one text.
pub const MAX_WORDS: usize = 200;
/// Most words between a subject and its qualifier ("the access token you sent could not be
/// found").
const WINDOW: usize = 7;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Subject {
    Token,
    Session,
    Key,
    Password,
    Credentials,
    Scope,
    Audience,
    Issuer,
    Signature,
    Header,
    /// The Authorization scheme ("authorization scheme", "auth type").
    Scheme,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Qual {
    Expired,
    Gone,
    Revoked,
    Bad,
    Missing,
    Insufficient,
    NotYet,
    Malformed,
    /// "valid": means nothing alone; negated ("did not pass a valid token") it is `Bad`.
    Valid,
}

/// Subjects: word sequences (lowercase) → subject.
const SUBJECTS: &[(&[&str], Subject)] = &[
    (&["access", "token"], Subject::Token),
    (&["id", "token"], Subject::Token),
    (&["bearer", "token"], Subject::Token),
    (&["auth", "token"], Subject::Token),
    (&["token"], Subject::Token),
    (&["tokens"], Subject::Token),
    (&["jwt"], Subject::Token),
    (&["jws"], Subject::Token),
    (&["accesstoken"], Subject::Token),
    (&["authtoken"], Subject::Token),
    (&["session"], Subject::Session),
    (&["sessions"], Subject::Session),
    (&["sessionid"], Subject::Session),
    (&["api", "key"], Subject::Key),
    (&["apikey"], Subject::Key),
    (&["subscription", "key"], Subject::Key),
    (&["access", "key"], Subject::Key),
    (&["app", "key"], Subject::Key),
    (&["client", "key"], Subject::Key),
    (&["key"], Subject::Key),
    (&["password"], Subject::Password),
    (&["passwd"], Subject::Password),
    (&["passphrase"], Subject::Password),
    (&["username"], Subject::Password),
    (&["user", "name"], Subject::Password),
    (&["login", "credentials"], Subject::Password),
    (&["credentials"], Subject::Credentials),
    (&["credential"], Subject::Credentials),
    (&["scope"], Subject::Scope),
    (&["scopes"], Subject::Scope),
    (&["permission"], Subject::Scope),
    (&["permissions"], Subject::Scope),
    (&["privilege"], Subject::Scope),
    (&["privileges"], Subject::Scope),
    (&["role"], Subject::Scope),
    (&["roles"], Subject::Scope),
    (&["audience"], Subject::Audience),
    (&["this", "resource"], Subject::Audience),
    (&["the", "resource"], Subject::Audience),
    (&["resource", "indicator"], Subject::Audience),
    (&["aud"], Subject::Audience),
    (&["issuer"], Subject::Issuer),
    (&["iss"], Subject::Issuer),
    (&["signature"], Subject::Signature),
    (&["authorization", "header"], Subject::Header),
    (&["auth", "header"], Subject::Header),
    (&["authorization"], Subject::Header),
    // A key that signs tokens is the token's signature, not a credential of its own.
    (&["signature", "key"], Subject::Signature),
    (&["signing", "key"], Subject::Signature),
    (&["verification", "key"], Subject::Signature),
    (&["public", "key"], Subject::Signature),
    (&["secret", "key"], Subject::Key),
    (&["client", "secret"], Subject::Key),
    (&["secret"], Subject::Key),
    (&["security", "token"], Subject::Token),
    (&["tokenid"], Subject::Token),
    (&["token", "id"], Subject::Token),
    (&["authorization", "scheme"], Subject::Scheme),
    (&["authentication", "scheme"], Subject::Scheme),
    (&["authorization", "schema"], Subject::Scheme),
    (&["authentication", "schema"], Subject::Scheme),
    (&["auth", "scheme"], Subject::Scheme),
    (&["authorization", "type"], Subject::Scheme),
    (&["authentication", "type"], Subject::Scheme),
    (&["auth", "type"], Subject::Scheme),
    (&["scheme"], Subject::Scheme),
    (&["refresh", "token"], Subject::Token),
];

/// Qualifiers: word sequences → qualifier. Sequences that begin with a negation carry it
/// themselves and are never read as negated.
const QUALS: &[(&[&str], Qual)] = &[
    (&["expired"], Qual::Expired),
    (&["expire"], Qual::Expired),
    (&["expiry"], Qual::Expired),
    (&["timed", "out"], Qual::Expired),
    (&["timeout"], Qual::Expired),
    (&["no", "longer", "valid"], Qual::Expired),
    (&["not", "found"], Qual::Gone),
    (&["not", "be", "found"], Qual::Gone),
    (&["no", "such"], Qual::Gone),
    (&["could", "not", "be", "found"], Qual::Gone),
    (&["cannot", "be", "found"], Qual::Gone),
    (&["valid"], Qual::Valid),
    (&["unknown"], Qual::Gone),
    (&["does", "not", "exist"], Qual::Gone),
    (&["doesn't", "exist"], Qual::Gone),
    (&["no", "longer", "exists"], Qual::Gone),
    (&["ended"], Qual::Gone),
    (&["terminated"], Qual::Gone),
    (&["logged", "out"], Qual::Revoked),
    (&["signed", "out"], Qual::Revoked),
    (&["revoked"], Qual::Revoked),
    (&["blacklisted"], Qual::Revoked),
    (&["blocklisted"], Qual::Revoked),
    (&["invalidated"], Qual::Revoked),
    (&["disabled"], Qual::Revoked),
    (&["invalid"], Qual::Bad),
    (&["incorrect"], Qual::Bad),
    (&["wrong"], Qual::Bad),
    (&["bad"], Qual::Bad),
    (&["mismatch"], Qual::Bad),
    (&["unexpected"], Qual::Bad),
    (&["untrusted"], Qual::Bad),
    (&["not", "trusted"], Qual::Bad),
    (&["not", "valid"], Qual::Bad),
    (&["not", "correct"], Qual::Bad),
    (&["not", "recognized"], Qual::Bad),
    (&["not", "recognised"], Qual::Bad),
    (&["unrecognized"], Qual::Bad),
    (&["rejected"], Qual::Bad),
    (&["does", "not", "match"], Qual::Bad),
    (&["do", "not", "match"], Qual::Bad),
    (&["doesn't", "match"], Qual::Bad),
    (&["verification", "failed"], Qual::Bad),
    (&["failed", "verification"], Qual::Bad),
    (&["does", "not", "verify"], Qual::Bad),
    (&["could", "not", "be", "verified"], Qual::Bad),
    (&["cannot", "be", "verified"], Qual::Bad),
    (&["could", "not", "be", "validated"], Qual::Bad),
    (&["not", "able", "to", "validate"], Qual::Bad),
    (&["unable", "to", "validate"], Qual::Bad),
    (&["could", "not", "validate"], Qual::Bad),
    (&["couldn't", "validate"], Qual::Bad),
    (&["cannot", "validate"], Qual::Bad),
    (&["can't", "validate"], Qual::Bad),
    (&["failed", "to", "validate"], Qual::Bad),
    (&["validation", "failed"], Qual::Bad),
    (&["failed", "validation"], Qual::Bad),
    (&["unable", "to", "verify"], Qual::Bad),
    (&["could", "not", "verify"], Qual::Bad),
    (&["couldn't", "verify"], Qual::Bad),
    (&["cannot", "verify"], Qual::Bad),
    (&["failed", "to", "verify"], Qual::Bad),
    (&["not", "accepted"], Qual::Bad),
    (&["unrecognised"], Qual::Bad),
    (&["unsupported"], Qual::Bad),
    (&["not", "supported"], Qual::Bad),
    (&["tampered"], Qual::Revoked),
    (&["forged"], Qual::Revoked),
    (&["deactivated"], Qual::Revoked),
    (&["deleted"], Qual::Gone),
    (&["missing"], Qual::Missing),
    (&["not", "provided"], Qual::Missing),
    (&["not", "present"], Qual::Missing),
    (&["not", "supplied"], Qual::Missing),
    (&["not", "sent"], Qual::Missing),
    (&["not", "set"], Qual::Missing),
    (&["absent"], Qual::Missing),
    (&["is", "empty"], Qual::Missing),
    (&["insufficient"], Qual::Insufficient),
    (&["not", "enough"], Qual::Insufficient),
    (&["lacks"], Qual::Insufficient),
    (&["lacking"], Qual::Insufficient),
    (&["does", "not", "have"], Qual::Insufficient),
    (&["do", "not", "have"], Qual::Insufficient),
    (&["doesn't", "have"], Qual::Insufficient),
    (&["don't", "have"], Qual::Insufficient),
    (&["not", "granted"], Qual::Insufficient),
    (&["not", "yet", "valid"], Qual::NotYet),
    (&["not", "active", "yet"], Qual::NotYet),
    (&["used", "before"], Qual::NotYet),
    (&["before", "nbf"], Qual::NotYet),
    (&["immature"], Qual::NotYet),
    (&["malformed"], Qual::Malformed),
    (&["badly", "formed"], Qual::Malformed),
    (&["could", "not", "be", "decoded"], Qual::Malformed),
    (&["could", "not", "decode"], Qual::Malformed),
    (&["cannot", "be", "decoded"], Qual::Malformed),
    (&["not", "enough", "segments"], Qual::Malformed),
    (&["wrong", "number", "of", "segments"], Qual::Malformed),
];

/// Standalone phrases.
const PHRASES: &[(&[&str], Reading)] = &[
    (&["unauthenticated"], Reading::NotSignedIn),
    (&["not", "authenticated"], Reading::NotSignedIn),
    (&["authentication", "required"], Reading::NotSignedIn),
    (&["authentication", "is", "required"], Reading::NotSignedIn),
    (&["login", "required"], Reading::NotSignedIn),
    (&["login", "is", "required"], Reading::NotSignedIn),
    (&["must", "be", "logged", "in"], Reading::NotSignedIn),
    (&["must", "be", "signed", "in"], Reading::NotSignedIn),
    (&["must", "log", "in"], Reading::NotSignedIn),
    (&["not", "logged", "in"], Reading::NotSignedIn),
    (&["not", "signed", "in"], Reading::NotSignedIn),
    (&["no", "credentials"], Reading::NothingArrived),
    (&["no", "token"], Reading::NothingArrived),
    (&["no", "auth", "token"], Reading::NothingArrived),
    (&["no", "access", "token"], Reading::NothingArrived),
    (&["no", "bearer", "token"], Reading::NothingArrived),
    (&["no", "authorization", "header"], Reading::NothingArrived),
    (&["no", "authorization"], Reading::NothingArrived),
    (&["no", "api", "key"], Reading::NothingArrived),
    (&["no", "tokenid"], Reading::NothingArrived),
    (&["no", "token", "id"], Reading::NothingArrived),
    (&["no", "apikey"], Reading::NothingArrived),
    (&["no", "session"], Reading::NothingArrived),
    (&["anonymous", "access"], Reading::NotSignedIn),
    (&["token", "required"], Reading::NothingArrived),
    (&["token", "is", "required"], Reading::NothingArrived),
    (&["api", "key", "required"], Reading::NothingArrived),
    (&["api", "key", "is", "required"], Reading::NothingArrived),
    (&["credentials", "required"], Reading::NothingArrived),
    (&["credentials", "are", "required"], Reading::NothingArrived),
    (&["bad", "credentials"], Reading::Refused),
    (&["invalid", "credentials"], Reading::Refused),
    (&["wrong", "credentials"], Reading::Refused),
    (&["incorrect", "credentials"], Reading::Refused),
    (&["authentication", "failed"], Reading::Refused),
    (&["authentication", "failure"], Reading::Refused),
    (&["authentication", "error"], Reading::Refused),
    (&["auth", "failure"], Reading::Refused),
    (&["auth", "failed"], Reading::Refused),
    (&["invalid", "authentication"], Reading::Refused),
    (&["invalid", "auth"], Reading::Refused),
    (&["unable", "to", "authenticate"], Reading::Refused),
    (&["could", "not", "authenticate"], Reading::Refused),
    (&["couldn't", "authenticate"], Reading::Refused),
    (&["cannot", "authenticate"], Reading::Refused),
    (&["can't", "authenticate"], Reading::Refused),
    (&["failed", "to", "authenticate"], Reading::Refused),
    (&["not", "able", "to", "authenticate"], Reading::Refused),
    (&["timestamp", "expired"], Reading::ClockOff),
    (&["timestamp", "has", "expired"], Reading::ClockOff),
    (&["timestamp", "is", "too", "old"], Reading::ClockOff),
    (&["timestamp", "out", "of", "range"], Reading::ClockOff),
    (&["request", "time", "too", "skewed"], Reading::ClockOff),
    (&["too", "skewed"], Reading::ClockOff),
    (&["clock", "skew"], Reading::ClockOff),
    (&["of", "server", "time"], Reading::ClockOff),
    (
        &["unknown", "authentication", "scheme"],
        Reading::SchemeUnsupported,
    ),
    (
        &["unknown", "authentication", "schema"],
        Reading::SchemeUnsupported,
    ),
    (
        &["unknown", "authorization", "scheme"],
        Reading::SchemeUnsupported,
    ),
    (
        &["unsupported", "authentication", "scheme"],
        Reading::SchemeUnsupported,
    ),
    (
        &["unsupported", "authorization", "scheme"],
        Reading::SchemeUnsupported,
    ),
    (
        &["unsupported", "authorization", "type"],
        Reading::SchemeUnsupported,
    ),
    (
        &["unsupported", "auth", "scheme"],
        Reading::SchemeUnsupported,
    ),
    (
        &["invalid", "authorization", "scheme"],
        Reading::SchemeUnsupported,
    ),
    (
        &["invalid", "authentication", "scheme"],
        Reading::SchemeUnsupported,
    ),
    (&["scheme", "not", "supported"], Reading::SchemeUnsupported),
    (
        &["scheme", "is", "not", "supported"],
        Reading::SchemeUnsupported,
    ),
    (
        &["authentication", "scheme", "not", "supported"],
        Reading::SchemeUnsupported,
    ),
    (&["login", "failed"], Reading::WrongPassword),
    (&["invalid", "login"], Reading::WrongPassword),
    (&["invalid", "username"], Reading::WrongPassword),
    (&["invalid", "user"], Reading::WrongPassword),
    (&["access", "denied", "invalid"], Reading::WrongPassword),
    (&["account", "locked"], Reading::WrongPassword),
    (&["insufficient", "scope"], Reading::ScopeInsufficient),
    (&["insufficient", "permissions"], Reading::ScopeInsufficient),
    (&["insufficient", "privileges"], Reading::ScopeInsufficient),
    (&["session", "expired"], Reading::SessionGone),
    (&["session", "timeout"], Reading::SessionGone),
    (&["token", "expired"], Reading::TokenExpired),
    (&["expired", "token"], Reading::TokenExpired),
    (&["jwt", "expired"], Reading::TokenExpired),
];

/// Negations that, just before a qualifier, undo it.
const NEGATIONS: &[&str] = &[
    "not", "never", "isn't", "wasn't", "hasn't", "haven't", "aren't", "weren't", "didn't",
    "doesn't", "don't", "no", "without", "nor",
];

/// Reads one text. Readings come once each, in the order of [`Reading`]'s variants.
pub fn read(text: &str) -> Vec<Found> {
    const TOKEN_FAMILY: &[Reading] = &[
        Reading::TokenExpired,
        Reading::TokenNotYetValid,
        Reading::TokenRevokedOrForged,
        Reading::TokenMalformed,
        Reading::TokenInvalid,
        Reading::TokenUnknown,
    ];
    let mut out: Vec<Found> = Vec::new();
    for sentence in clauses(text) {
        let mut found = read_clauses(&sentence);
        // "expired, revoked, malformed, or invalid": a list of possibilities names none.
        let offers = sentence.iter().flatten().any(|w| w == "or");
        let all: Vec<String> = sentence.iter().flatten().cloned().collect();
        let mut kinds: Vec<Qual> = Vec::new();
        for (_, _, q) in find_all(&all, QUALS) {
            if !kinds.contains(&q) {
                kinds.push(q);
            }
        }
        let token_readings = found
            .iter()
            .filter(|f| TOKEN_FAMILY.contains(&f.reading))
            .count();
        if offers && token_readings >= 1 && kinds.len() >= 2 {
            let mut words: Vec<String> = found
                .iter()
                .filter(|f| TOKEN_FAMILY.contains(&f.reading))
                .flat_map(|f| f.words.clone())
                .collect();
            words.dedup();
            found.retain(|f| !TOKEN_FAMILY.contains(&f.reading));
            found.push(Found {
                reading: Reading::TokenInvalid,
                words,
            });
        }
        // "Missing or invalid credentials": a list of possibilities, so "missing" is no news
        // that nothing arrived.
        if offers
            && kinds.contains(&Qual::Missing)
            && kinds
                .iter()
                .any(|q| matches!(q, Qual::Bad | Qual::Expired | Qual::Revoked | Qual::Gone))
            && found.iter().any(|f| f.reading == Reading::NothingArrived)
        {
            found.retain(|f| f.reading != Reading::NothingArrived);
            if found.is_empty() {
                found.push(Found {
                    reading: Reading::Refused,
                    words: vec![
                        "missing".to_string(),
                        "or".to_string(),
                        "invalid".to_string(),
                    ],
                });
            }
        }
        for f in found {
            if !out.iter().any(|o| o.reading == f.reading) {
                out.push(f);
            }
        }
    }
    finish(out)
}

fn read_clauses(clauses: &[Vec<String>]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for clause in clauses {
        let words = &clause;
        let mut push = |r: Reading, w: Vec<String>| {
            if !out.iter().any(|f| f.reading == r) {
                out.push(Found {
                    reading: r,
                    words: w,
                });
            }
        };
        for (seq, r) in PHRASES {
            if let Some(i) = find_seq(words, seq) {
                if !negated(words, i) {
                    push(*r, seq.iter().map(|s| s.to_string()).collect());
                }
            }
        }
        let subjects = find_all(words, SUBJECTS);
        let quals = find_all(words, QUALS);
        for &(si, slen, s) in &subjects {
            for &(qi, qlen, q) in &quals {
                let gap = if qi >= si + slen {
                    qi - (si + slen)
                } else if si >= qi + qlen {
                    si - (qi + qlen)
                } else {
                    continue;
                };
                if gap > WINDOW {
                    continue;
                }
                let q_seq = QUALS
                    .iter()
                    .find(|(seq, _)| {
                        seq.len() == qlen
                            && words
                                .get(qi..qi + qlen)
                                .is_some_and(|w| w.iter().zip(seq.iter()).all(|(a, b)| a == b))
                    })
                    .map(|(seq, _)| *seq)
                    .unwrap_or(&[]);
                let carries_negation = q_seq.first().is_some_and(|w| {
                    NEGATIONS.contains(w)
                        || w.ends_with("n't")
                        || *w == "cannot"
                        || *w == "could"
                        || *w == "does"
                        || *w == "do"
                });
                let q = if q == Qual::Valid {
                    // Only a negated "valid" says something: "not a valid token".
                    let from = qi.saturating_sub(3);
                    if !words[from..qi]
                        .iter()
                        .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
                    {
                        continue;
                    }
                    Qual::Bad
                } else {
                    if !carries_negation && negated(words, qi) {
                        continue;
                    }
                    q
                };
                if let Some(r) = combine(s, q) {
                    let mut w: Vec<String> = words[si..si + slen].to_vec();
                    w.extend(words[qi..qi + qlen].iter().cloned());
                    push(r, w);
                }
            }
        }
    }
    // "invalid" beside a more specific reason about the token says nothing more.
    let specific = out.iter().any(|f| {
        matches!(
            f.reading,
            Reading::TokenExpired
                | Reading::TokenNotYetValid
                | Reading::TokenRevokedOrForged
                | Reading::TokenMalformed
                | Reading::AudienceWrong
                | Reading::IssuerWrong
                | Reading::SignatureInvalid
        )
    });
    if specific {
        out.retain(|f| f.reading != Reading::TokenInvalid);
    }
    // "User (role: guests) missing scopes": the scopes of an anonymous visitor; nobody is
    // signed in, which is the reason.
    if clauses
        .iter()
        .flatten()
        .any(|w| matches!(w.as_str(), "guest" | "guests" | "anonymous"))
        && out.iter().any(|f| f.reading == Reading::ScopeInsufficient)
    {
        out.retain(|f| f.reading != Reading::ScopeInsufficient);
        if !out.iter().any(|f| f.reading == Reading::NotSignedIn) {
            out.push(Found {
                reading: Reading::NotSignedIn,
                words: vec!["guests".to_string()],
            });
        }
    }
    // "refused" beside what was refused and why says nothing more.
    if out.iter().any(|f| {
        !matches!(
            f.reading,
            Reading::Refused | Reading::NothingArrived | Reading::NotSignedIn
        )
    }) {
        out.retain(|f| f.reading != Reading::Refused);
    }
    out
}

/// Readings in a stable order.
fn finish(mut out: Vec<Found>) -> Vec<Found> {
    crate::sort::sort_by_key(&mut out, |f| f.reading);
    out
}

fn combine(s: Subject, q: Qual) -> Option<Reading> {
    use Qual::*;
    use Subject::*;
    Some(match (s, q) {
        (Session, Expired | Gone | Revoked | Bad) => Reading::SessionGone,
        (Session, Missing) => Reading::NothingArrived,
        (Token, Expired) => Reading::TokenExpired,
        (Token, NotYet) => Reading::TokenNotYetValid,
        (Token, Revoked) => Reading::TokenRevokedOrForged,
        (Token, Bad) => Reading::TokenInvalid,
        (Token, Gone) => Reading::TokenUnknown,
        (Token, Missing) => Reading::NothingArrived,
        (Token | Signature, Malformed) => Reading::TokenMalformed,
        (Header, Malformed) => Reading::HeaderMalformed,
        // "Signature has expired" (PyJWT and its users) is the token's expiry.
        (Signature, Expired) => Reading::TokenExpired,
        (Signature, Bad | Gone | Revoked) => Reading::SignatureInvalid,
        (Key, Bad | Gone | Revoked | Expired) => Reading::KeyInvalid,
        (Key, Missing) => Reading::NothingArrived,
        (Password, Bad | Gone) => Reading::WrongPassword,
        (Credentials, Bad | Gone | Revoked) => Reading::Refused,
        (Credentials | Header, Missing) => Reading::NothingArrived,
        (Scope, Insufficient | Missing) => Reading::ScopeInsufficient,
        (Audience, Bad) => Reading::AudienceWrong,
        (Issuer, Bad | Gone) => Reading::IssuerWrong,
        (Credentials, Expired) => Reading::TokenExpired,
        (Scheme, Bad | Gone) => Reading::SchemeUnsupported,
        _ => return None,
    })
}

/// Clauses of lowercase words: split on punctuation, `but`, `however`. A sentence that
/// offers alternatives (`either … or`, `whether`) states nothing, so its clauses are dropped.
fn clauses(text: &str) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    let mut n = 0usize;
    for sentence in sentences(text).into_iter().take(MAX_WORDS) {
        let cl = sentence_clauses(sentence);
        if cl.iter().flatten().any(|w| w == "either" || w == "whether") {
            continue;
        }
        let mut kept = Vec::new();
        for c in cl {
            n += c.len();
            if n > MAX_WORDS {
                break;
            }
            kept.push(c);
        }
        out.push(kept);
        if n > MAX_WORDS {
            break;
        }
    }
    out
}

/// Sentences: split after `.` `!` `?` `;` followed by a space (or at a line break), so
/// `e.g.`, `i.e.` and dotted names stay inside their sentence.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        let end_here = c == '\n'
            || (c.is_whitespace() && prev.is_some_and(|(_, p)| matches!(p, '.' | '!' | '?' | ';')));
        if end_here {
            let s = &text[start..i];
            let short_abbrev = s
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .is_some_and(|w| {
                    matches!(
                        w.to_ascii_lowercase().as_str(),
                        "e.g." | "i.e." | "etc." | "vs."
                    )
                });
            if !short_abbrev || c == '\n' {
                out.push(s);
                start = i;
            }
        }
        prev = Some((i, c));
        if out.len() >= MAX_WORDS {
            break;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn sentence_clauses(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    let mut count = 0usize;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Vec<String>>, count: &mut usize| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        let w = w.trim_matches('\'').to_string();
        if w.is_empty() {
            return;
        }
        *count += 1;
        if w == "but" || w == "however" || w == "although" || w == "though" {
            out.push(Vec::new());
        } else if let Some(last) = out.last_mut() {
            last.push(w);
        }
    };
    let mut prev_lower = false;
    let mut prev_space = true;
    for ch in text.chars() {
        if count >= MAX_WORDS {
            break;
        }
        // " - ", en and em dashes separate clauses ("Not Authorized - Invalid Token").
        let dash = matches!(ch, '\u{2013}' | '\u{2014}') || (ch == '-' && prev_space);
        prev_space = ch.is_whitespace();
        if ch.is_alphanumeric() || ch == '\'' || ch == '\u{2019}' {
            // camelCase splits (`tokenExpired` → token expired).
            if ch.is_uppercase() && prev_lower {
                flush(&mut word, &mut out, &mut count);
            }
            prev_lower = ch.is_lowercase();
            let c = if ch == '\u{2019}' { '\'' } else { ch };
            word.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            // "missing/invalid": a slash after a qualifier offers alternatives, like "or".
            let alternative = ch == '/'
                && QUALS
                    .iter()
                    .any(|(seq, _)| seq.len() == 1 && seq[0] == word.as_str());
            flush(&mut word, &mut out, &mut count);
            if alternative {
                if let Some(last) = out.last_mut() {
                    last.push("or".to_string());
                }
            }
            if dash || matches!(ch, '.' | ';' | '!' | '?' | ',' | ':' | '(' | ')' | '\n') {
                out.push(Vec::new());
            }
        }
    }
    flush(&mut word, &mut out, &mut count);
    out.retain(|c| !c.is_empty());
    out
}

fn find_seq(words: &[String], seq: &[&str]) -> Option<usize> {
    if seq.is_empty() || words.len() < seq.len() {
        return None;
    }
    (0..=words.len() - seq.len())
        .find(|&i| words[i..i + seq.len()].iter().zip(seq).all(|(a, b)| a == b))
}

/// Every occurrence of the table's sequences: (start, length, value), longest first at a
/// start, and no occurrence inside a longer one.
fn find_all<T: Copy>(words: &[String], table: &[(&[&str], T)]) -> Vec<(usize, usize, T)> {
    let mut out: Vec<(usize, usize, T)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let best = table
            .iter()
            .filter(|(seq, _)| {
                words.len() >= i + seq.len()
                    && words[i..i + seq.len()]
                        .iter()
                        .zip(seq.iter())
                        .all(|(a, b)| a == b)
            })
            .max_by_key(|(seq, _)| seq.len());
        match best {
            Some((seq, v)) => {
                out.push((i, seq.len(), *v));
                i += seq.len();
            }
            None => i += 1,
        }
    }
    out
}

/// A negation within the two words before `i` ("has not expired", "never expired").
fn negated(words: &[String], i: usize) -> bool {
    let from = i.saturating_sub(2);
    words[from..i]
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
}

#[cfg(test)]
mod tests {
    use super::Reading::*;
    use super::*;

    /// (text, readings expected; none other may appear)
    const CASES: &[(&str, &[Reading])] = &[
        ("Session expired, please sign in again", &[SessionGone]),
        ("401 Authorization Required", &[]),
        ("An access token is required", &[NothingArrived]),
        ("Access token is required", &[NothingArrived]),
        ("Your session has timed out.", &[SessionGone]),
        ("Session not found", &[SessionGone]),
        ("invalid session", &[SessionGone]),
        ("The access token expired", &[TokenExpired]),
        ("token_expired", &[TokenExpired]),
        ("tokenExpired", &[TokenExpired]),
        ("Token has expired", &[TokenExpired]),
        ("The token has not expired but its signature is invalid", &[SignatureInvalid]),
        ("Token is not expired", &[]),
        ("This token has been revoked", &[TokenRevokedOrForged]),
        ("JWT signature does not match locally computed signature", &[SignatureInvalid]),
        ("signature verification failed", &[SignatureInvalid]),
        ("Signature has expired", &[TokenExpired]),
        ("Invalid token", &[TokenInvalid]),
        ("jwt malformed", &[TokenMalformed]),
        ("Not enough segments", &[]),
        ("Token not yet valid", &[TokenNotYetValid]),
        ("Insufficient scope for this resource", &[ScopeInsufficient]),
        ("The token does not have the required permissions", &[ScopeInsufficient]),
        ("Missing required scope: orders:write", &[ScopeInsufficient]),
        ("Invalid audience", &[AudienceWrong]),
        ("The access token is not valid for this resource.", &[AudienceWrong]),
        ("You do not have access to this resource", &[]),
        ("Resource not found", &[]),
        ("Unexpected issuer https://x", &[IssuerWrong]),
        ("No authorization header was found", &[NothingArrived]),
        ("Authorization header is missing", &[NothingArrived]),
        ("Authentication credentials were not provided.", &[NothingArrived]),
        ("Unauthenticated.", &[NotSignedIn]),
        ("Not signed in", &[NotSignedIn]),
        ("Invalid username or password", &[WrongPassword]),
        ("Bad credentials", &[Refused]),
        ("AWS was not able to validate the provided access credentials", &[Refused]),
        ("Unable to authenticate you", &[Refused]),
        ("Couldn't authenticate you", &[Refused]),
        ("AuthFailure", &[Refused]),
        ("The signature key was not found", &[SignatureInvalid]),
        ("The security token included in the request is expired", &[TokenExpired]),
        ("expired_access_token/", &[TokenExpired]),
        ("Invalid client secret", &[KeyInvalid]),
        ("InvalidAuthenticationToken", &[TokenInvalid]),
        ("Session expired or invalid", &[SessionGone]),
        ("The access token you sent could not be found or is invalid.", &[TokenInvalid]),
        ("You did not pass a valid authentication token", &[TokenInvalid]),
        ("A valid token is required", &[NothingArrived]),
        ("Not Authorized - Invalid Token", &[TokenInvalid]),
        ("Unknown authentication schema", &[SchemeUnsupported]),
        ("Incorrect authorization scheme", &[SchemeUnsupported]),
        ("The `Authorization` http header of your request was malformed.", &[HeaderMalformed]),
        ("no tokenid specified", &[NothingArrived]),
        ("Authorization type not supported", &[SchemeUnsupported]),
        ("JWT Token not found", &[TokenUnknown]),
        ("no such token 'gha' for user 'terraform@pve'", &[TokenUnknown]),
        ("Missing or invalid credentials", &[Refused]),
        ("Authentication error, API token missing/invalid", &[TokenInvalid]),
        ("Timestamp expired: Given timestamp (2026-11-29T09:30:00Z) not within 600s of server time (2026-11-29T09:45:00Z)", &[ClockOff]),
        ("RequestTimeTooSkewed", &[ClockOff]),
        ("Invalid signature: you should have sent HmacSHA256Hex(...)", &[SignatureInvalid]),
        ("User (role: guests) missing scopes ([\"account\"])", &[NotSignedIn]),
        ("Your credentials have not been validated yet", &[]),
        ("The password is not correct", &[WrongPassword]),
        ("Invalid API key", &[KeyInvalid]),
        ("Access denied due to invalid subscription key.", &[KeyInvalid]),
        ("API key missing", &[NothingArrived]),
        ("The api_key is not valid", &[KeyInvalid]),
        ("Unauthorized", &[]),
        ("Hello world", &[]),
        ("", &[]),
        ("authorized", &[]),
        ("The access token provided is expired, revoked, malformed, or invalid for other reasons.", &[TokenInvalid]),
        ("The access token is invalid or has been revoked.", &[TokenInvalid]),
        ("The token expired. It was revoked or replaced.", &[TokenExpired]),
        ("Either you supplied the wrong credentials (e.g., bad password), or your browser doesn't understand how to supply the credentials required.", &[]),
    ];

    #[test]
    fn cases() {
        for (text, want) in CASES {
            let got: Vec<Reading> = read(text).into_iter().map(|f| f.reading).collect();
            let mut want = want.to_vec();
            want.sort();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn says_which_words() {
        let f = read("Your login session has expired");
        assert_eq!(f[0].reading, SessionGone);
        assert_eq!(f[0].words, vec!["session", "expired"]);
    }

    #[test]
    fn bounded() {
        let long = "word ".repeat(100_000) + "token expired";
        assert!(read(&long).is_empty());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;
        proptest! {
            #[test]
            fn never_panics(s in ".{0,500}") {
                let _ = read(&s);
            }
            #[test]
            fn negating_an_expiry_removes_it(subject in "(token|session|jwt)") {
                let pos = read(&format!("the {subject} has expired"));
                prop_assert!(!pos.is_empty());
                let neg = read(&format!("the {subject} has not expired"));
                prop_assert!(neg.iter().all(|f| f.reading != Reading::TokenExpired && f.reading != Reading::SessionGone));
            }
        }
    }
}
