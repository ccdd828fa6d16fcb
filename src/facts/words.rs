//! Server words: what the server said about the failure, read once for the rules.
//!
//! Two readers, ranked: the message table (exact, cited wordings of known stacks) and the
//! general reader ([`crate::messages::reader`]) for every other stack. Both become
//! [`MsgHit`]s; a general reading carries a lower weight and says which words it read and
//! in which field. [`ServerSaid`] is the server's own main message, shown with every finding.

use super::{server_messages_without, MsgHit};
use crate::cause::CauseId;
use crate::messages::reader::{self, Reading};
use crate::parse::body;
use crate::parse::challenge::Challenge;

/// The server's own main message (masked and cut where it is shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSaid {
    /// Where it sat: `error_description of the WWW-Authenticate challenge`,
    /// `JSON field "message"`, `the body`.
    pub place: String,
    pub text: String,
}

/// Weight of a general reading, by where its words sat: a challenge's `error_description`
/// and a JSON message field are written for people about this failure; a whole plain body
/// less surely; a title or code least.
fn weight_of(key: &str) -> f64 {
    match key {
        "error_description" => 0.5,
        "message" | "errordescription" | "detail" | "msg" | "errormessage" | "error_message"
        | "description" | "reason" | "faultstring" | "details" | "hint" | "cause" => 0.45,
        "text" => 0.4,
        _ => 0.35,
    }
}

/// What was sent decides what some words mean ("expired" of a session cookie's request).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sent {
    /// A bearer token or a JWT in a cookie.
    pub token: bool,
    /// A session-like cookie.
    pub session_cookie: bool,
    /// An API key (header or query).
    pub api_key: bool,
    /// An Authorization (or Proxy-Authorization) header of any scheme.
    pub auth: bool,
}

/// The cause a reading supports, given what was sent.
pub fn cause_of(r: Reading, sent: Sent) -> CauseId {
    let session_only = sent.session_cookie && !sent.token && !sent.api_key;
    match r {
        // "Session expired or invalid" of a request that carried a token and no session
        // cookie: the token is the session (Salesforce-style); refused, no more specific.
        Reading::SessionGone if sent.token && !sent.session_cookie => CauseId::TokenRejected,
        Reading::SessionGone => CauseId::SessionExpired,
        Reading::TokenExpired if session_only => CauseId::SessionExpired,
        Reading::TokenExpired => CauseId::TokenExpired,
        Reading::TokenNotYetValid => CauseId::TokenNotYetValid,
        Reading::TokenRevokedOrForged | Reading::TokenInvalid if session_only => {
            CauseId::SessionExpired
        }
        Reading::TokenRevokedOrForged | Reading::TokenInvalid if sent.api_key && !sent.token => {
            CauseId::CredentialsRejected
        }
        Reading::TokenRevokedOrForged | Reading::TokenInvalid => CauseId::TokenRejected,
        Reading::TokenMalformed => CauseId::TokenMalformed,
        Reading::HeaderMalformed => CauseId::AuthorizationMalformed,
        Reading::ScopeInsufficient => CauseId::InsufficientScope,
        Reading::AudienceWrong => CauseId::AudienceMismatch,
        Reading::IssuerWrong => CauseId::IssuerMismatch,
        Reading::NothingArrived | Reading::NotSignedIn => CauseId::NoCredentials,
        Reading::WrongPassword | Reading::KeyInvalid => CauseId::CredentialsRejected,
        Reading::Refused if sent.token && !sent.api_key => CauseId::TokenRejected,
        // A token's signature when a token was sent; else a signed request's (AWS, OAuth
        // 1.0a, webhooks): the key or secret it was signed with is wrong.
        Reading::SignatureInvalid if session_only => CauseId::SessionExpired,
        Reading::SignatureInvalid if sent.token => CauseId::TokenRejected,
        Reading::SignatureInvalid => CauseId::CredentialsRejected,
        Reading::SchemeUnsupported => CauseId::SchemeMismatch,
        Reading::ClockOff => CauseId::ClockSkew,
        // "Token not found": of a request that carried nothing, nothing arrived; else the
        // server does not know the one it got.
        Reading::TokenUnknown
            if !(sent.token || sent.session_cookie || sent.api_key || sent.auth) =>
        {
            CauseId::NoCredentials
        }
        Reading::TokenUnknown if session_only => CauseId::SessionExpired,
        Reading::TokenUnknown if sent.api_key && !sent.token => CauseId::CredentialsRejected,
        Reading::TokenUnknown => CauseId::TokenRejected,
        Reading::Refused => CauseId::CredentialsRejected,
    }
}

/// The server's words in this response: table hits first, then general readings for causes
/// the table did not find, and the main message.
pub fn read(
    body: Option<&str>,
    status_text: &str,
    challenges: &[Challenge<'_>],
    challenge_header: &str,
    sent: Sent,
    without: &[&str],
) -> (Vec<MsgHit>, Option<ServerSaid>) {
    let mut messages: Vec<MsgHit> = Vec::new();
    if let Some(b) = body {
        messages.extend(server_messages_without(b, without));
    }
    for c in challenges {
        if let Some(d) = c.error_description() {
            for m in server_messages_without(d, without) {
                if !messages
                    .iter()
                    .any(|x| x.cause == m.cause && x.matched == m.matched)
                {
                    messages.push(m);
                }
            }
        }
    }

    // The texts, with where they sat.
    let mut texts: Vec<(String, String, String)> = Vec::new(); // (place, key, text)
    for c in challenges.iter().take(8) {
        if let Some(d) = c.error_description().filter(|d| !d.trim().is_empty()) {
            texts.push((
                format!("error_description of the {challenge_header} challenge"),
                "error_description".to_string(),
                crate::parse::cut(d, body::MAX_TEXT).to_string(),
            ));
        }
    }
    // A reason phrase of the server's own ("401 no such token 'gha'"), not the standard one.
    let reason = status_text.trim();
    if !reason.is_empty()
        && !matches!(
            reason.to_ascii_lowercase().as_str(),
            "unauthorized" | "unauthorised" | "proxy authentication required" | "ok"
        )
    {
        texts.push((
            "the status line".to_string(),
            "message".to_string(),
            crate::parse::cut(reason, body::MAX_TEXT).to_string(),
        ));
    }
    let body_texts = body.map(body::texts).unwrap_or_default();
    for t in &body_texts {
        texts.push((t.field.label(), t.field.key(), t.text.clone()));
    }
    let mut general: Vec<MsgHit> = Vec::new();
    for (place, key, text) in &texts {
        for f in reader::read(text) {
            let cause = cause_of(f.reading, sent);
            if messages
                .iter()
                .any(|m| m.cause == cause && !m.stack.is_empty())
                || general.iter().any(|m| m.cause == cause)
            {
                continue;
            }
            general.push(MsgHit {
                reading: Some(f.reading),
                stack: String::new(),
                cause,
                weight: weight_of(key),
                meaning: format!(
                    "read in {place}: the words {} say {}",
                    f.words
                        .iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(" "),
                    f.reading.meaning()
                ),
                matched: crate::parse::cut(text, 200).to_string(),
            });
        }
    }
    // "Refused" (often a code field: `authentication_error`) beside another reading of the
    // same response says nothing more.
    if general.iter().any(|m| m.reading != Some(Reading::Refused)) {
        general.retain(|m| m.reading != Some(Reading::Refused));
    }
    messages.extend(general);

    let said = texts
        .iter()
        .find(|(_, k, _)| k == "error_description")
        .map(|(p, _, t)| ServerSaid {
            place: p.clone(),
            text: t.clone(),
        })
        .or_else(|| {
            body::main_of(&body_texts).map(|t| ServerSaid {
                place: t.field.label(),
                text: t.text.clone(),
            })
        })
        .or_else(|| {
            texts
                .iter()
                .find(|(p, _, _)| p == "the status line")
                .map(|(p, _, t)| ServerSaid {
                    place: p.clone(),
                    text: t.clone(),
                })
        });
    (messages, said)
}

/// [`read`]'s inputs: the body, each challenge's `error_description`, the challenge
/// header's name, what was sent (token, session cookie, API key).
type MemoKey = (
    Option<String>,
    String,
    Vec<Option<String>>,
    String,
    [bool; 4],
);

/// [`read`]'s results by its inputs, kept for one capture (a History): failures of one API
/// mostly share their body and challenge, so each is read once. At most [`MEMO_MAX`] kept,
/// searched in order (a list, not a hash map: less code in the background's wasm).
#[derive(Default)]
pub struct Memo(Vec<(MemoKey, Said)>);

/// What [`read`] returns: the table hits and the main message.
type Said = (Vec<MsgHit>, Option<ServerSaid>);

const MEMO_MAX: usize = 64;

impl Memo {
    /// [`read`], from the memo when these inputs were read before (`without` is the
    /// capture's, the same for every call on one memo).
    pub fn read(
        &mut self,
        body: Option<&str>,
        status_text: &str,
        challenges: &[Challenge<'_>],
        challenge_header: &str,
        sent: Sent,
        without: &[&str],
    ) -> (Vec<MsgHit>, Option<ServerSaid>) {
        let key: MemoKey = (
            body.map(str::to_string),
            status_text.to_string(),
            challenges
                .iter()
                .map(|c| c.error_description().map(str::to_string))
                .collect(),
            challenge_header.to_string(),
            [sent.token, sent.session_cookie, sent.api_key, sent.auth],
        );
        if let Some((_, found)) = self.0.iter().find(|(k, _)| *k == key) {
            return found.clone();
        }
        let out = read(
            body,
            status_text,
            challenges,
            challenge_header,
            sent,
            without,
        );
        if self.0.len() < MEMO_MAX {
            self.0.push((key, out.clone()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::challenge::parse_challenges;

    fn causes(body: &str, ch: &str, sent: Sent) -> Vec<(CauseId, bool)> {
        let (cs, _) = parse_challenges(ch);
        let (m, _) = read(Some(body), "", &cs, "WWW-Authenticate", sent, &[]);
        m.iter().map(|h| (h.cause, h.stack.is_empty())).collect()
    }

    #[test]
    fn general_readings_by_what_was_sent() {
        let tok = Sent {
            token: true,
            ..Sent::default()
        };
        let cookie = Sent {
            session_cookie: true,
            ..Sent::default()
        };
        let key = Sent {
            api_key: true,
            ..Sent::default()
        };
        assert_eq!(
            causes(
                r#"{"message":"token got invalidated by an admin"}"#,
                "",
                tok
            ),
            vec![(CauseId::TokenRejected, true)]
        );
        assert_eq!(
            causes(
                r#"{"message":"token got invalidated by an admin"}"#,
                "",
                cookie
            ),
            vec![(CauseId::SessionExpired, true)]
        );
        assert_eq!(
            causes(r#"{"error":{"message":"The key is invalid"}}"#, "", key),
            vec![(CauseId::CredentialsRejected, true)]
        );
        assert_eq!(
            causes(
                "",
                "Bearer error=\"invalid_token\", error_description=\"session ended\"",
                cookie
            ),
            vec![(CauseId::SessionExpired, true)]
        );
        assert!(causes(r#"{"message":"Unauthorized"}"#, "", tok)
            .iter()
            .all(|(_, general)| !general));
    }

    #[test]
    fn table_hit_wins_over_general_reading() {
        // A cited wording (Flask-JWT-Extended) is not read again by the general reader.
        let tok = Sent {
            token: true,
            ..Sent::default()
        };
        let got = causes(r#"{"msg":"Token has expired"}"#, "", tok);
        assert!(got.contains(&(CauseId::TokenExpired, false)), "{got:?}");
        assert!(!got.contains(&(CauseId::TokenExpired, true)), "{got:?}");
    }

    #[test]
    fn server_said_prefers_error_description() {
        let (cs, _) =
            parse_challenges("Bearer error=\"invalid_token\", error_description=\"kid not found\"");
        let (_, said) = read(
            Some(r#"{"message":"nope"}"#),
            "Unauthorized",
            &cs,
            "WWW-Authenticate",
            Sent::default(),
            &[],
        );
        assert_eq!(said.unwrap().text, "kid not found");
        let (_, said) = read(
            Some(r#"{"title":"Unauthorized","detail":"Session gone"}"#),
            "",
            &[],
            "WWW-Authenticate",
            Sent::default(),
            &[],
        );
        let s = said.unwrap();
        assert_eq!(
            (s.place.as_str(), s.text.as_str()),
            ("JSON field \"detail\"", "Session gone")
        );
    }
}
