//! One masking for everything shown, copied or printed: URLs, header values, bodies and
//! the credentials views. Nothing else in the crate masks.
//!
//! **By construction.** What reaches a report's URLs is a [`MaskedUrl`], and text taken
//! from a header value or a body is a [`MaskedText`]: both keep their string private and
//! are built only by masking (deserialising one masks again), so a raw URL cannot be put
//! where a masked one is expected. Rules build evidence from these types.
//!
//! **What is masked.** URL userinfo; query, fragment, form and JSON values under a secret
//! name ([`names`]); any JWT-shaped or long random-looking value in a URL (query,
//! fragment, path segment), a body or a server message, whatever its name ([`shape`]);
//! Authorization, Cookie, Set-Cookie and API-key header values; URLs in `Location`.
//!
//! **Placeholders.** A secret becomes a marker holding its kind and a keyed fingerprint
//! (SipHash; see [`placeholder`]). [`number_report`] then turns markers into
//! `‹token #1›`, `‹password #2›`, numbered in reading order of the report: the same secret
//! gets the same placeholder everywhere in one report, so a reader still sees that the
//! same token went to two requests. Numbering only reads markers, never secrets.

pub mod export;
pub mod names;
pub mod shape;
pub mod text;
pub mod url;

use crate::cause::Evidence;
use crate::report::{AuthView, Finding, Report, SessionView, TokenView};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
#[cfg(not(target_arch = "wasm32"))]
use std::hash::BuildHasher;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::OnceLock;

pub use text::MaskedText;
pub use url::MaskedUrl;

/// What a secret is, for its placeholder's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Token,
    Password,
    Key,
    Signature,
    Code,
    Cookie,
    Secret,
    /// Not a credential, but redacted by the HAR sanitizers (state, email, client id).
    Value,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Token,
        Kind::Password,
        Kind::Key,
        Kind::Signature,
        Kind::Code,
        Kind::Cookie,
        Kind::Secret,
        Kind::Value,
    ];
    /// The word in the placeholder: `token` in `‹token #1›`.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Token => "token",
            Kind::Password => "password",
            Kind::Key => "key",
            Kind::Signature => "signature",
            Kind::Code => "code",
            Kind::Cookie => "cookie",
            Kind::Secret => "secret",
            Kind::Value => "value",
        }
    }
    /// The one-letter tag inside a marker.
    fn tag(self) -> char {
        match self {
            Kind::Token => 't',
            Kind::Password => 'p',
            Kind::Key => 'k',
            Kind::Signature => 's',
            Kind::Code => 'c',
            Kind::Cookie => 'o',
            Kind::Secret => 'x',
            Kind::Value => 'v',
        }
    }
    fn from_tag(c: char) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.tag() == c)
    }
}

/// Opens and closes a marker (Unicode private-use characters).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// Bytes of a marker: OPEN (3) + tag (1) + 16 hex + CLOSE (3).
const MARKER_LEN: usize = 23;

/// A keyed SipHash of the secret. Natively the key is random per process (markers never
/// leave it). In wasm the key is fixed: the extension stores marked findings across
/// restarts of its background (fingerprints, no secret) and numbers them together later.
fn fingerprint(secret: &str) -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static KEY: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
        KEY.get_or_init(Default::default).hash_one(secret)
    }
    #[cfg(target_arch = "wasm32")]
    {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        secret.hash(&mut h);
        h.finish()
    }
}

/// The placeholder marker of `secret`. The same secret gives the same marker in a process
/// (in wasm: always, see `fingerprint`);
/// [`number_report`] turns markers into `‹kind #n›`.
pub fn placeholder(kind: Kind, secret: &str) -> String {
    format!("{OPEN}{}{:016x}{CLOSE}", kind.tag(), fingerprint(secret))
}

/// A secret shown as its placeholder and length: `‹cookie #2› (32 bytes)`, or `(empty)`.
pub fn value(kind: Kind, secret: &str) -> String {
    if secret.is_empty() {
        "(empty)".to_string()
    } else {
        format!("{} ({} bytes)", placeholder(kind, secret), secret.len())
    }
}

/// True when `s` is one placeholder (a marker or a numbered `‹kind #n›`), already masked.
pub fn is_placeholder(s: &str) -> bool {
    (s.len() == MARKER_LEN && marker_at(s, 0).is_some()) || label_len_at(s, 0) == Some(s.len())
}

/// The (kind, fingerprint) of a marker starting at byte `i`.
fn marker_at(s: &str, i: usize) -> Option<(Kind, u64)> {
    let m = s.get(i..i + MARKER_LEN)?;
    let mut cs = m.chars();
    if cs.next()? != OPEN {
        return None;
    }
    let kind = Kind::from_tag(cs.next()?)?;
    let hex = m.get(4..20)?;
    if !m.ends_with(CLOSE) {
        return None;
    }
    Some((kind, u64::from_str_radix(hex, 16).ok()?))
}

/// Byte length of a numbered label `‹word #n›` starting at byte `i`, if one does.
pub(crate) fn label_len_at(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?.strip_prefix('‹')?;
    // A label is short: its `›` within 24 bytes (cut at a char boundary: what follows may
    // be another label, whose `‹` a byte cut would split).
    let end = crate::parse::cut(rest, 24).find('›')?;
    let inner = &rest[..end];
    let (word, n) = inner.split_once(" #")?;
    let ok = Kind::ALL.iter().any(|k| k.word() == word)
        && !n.is_empty()
        && n.len() <= 6
        && n.bytes().all(|b| b.is_ascii_digit());
    ok.then_some('‹'.len_utf8() + end + '›'.len_utf8())
}

/// Cuts masked text to at most `max` bytes at a char boundary, never inside a marker or a
/// label (so no part of a fingerprint is shown), marking the cut with `…`.
pub fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = crate::parse::cut(s, max).len();
    // Back off to the start of a marker or label the cut falls inside.
    let head = &s[..end];
    if let Some(open) = head.rfind(OPEN) {
        if !head[open..].contains(CLOSE) {
            end = open;
        }
    }
    if let Some(open) = s[..end].rfind('‹') {
        if label_len_at(s, open).is_some_and(|l| open + l > end) {
            end = open;
        }
    }
    format!("{}…", &s[..end])
}

/// Turns markers into numbered placeholders, numbered by first appearance.
#[derive(Default)]
pub struct Numbering {
    seen: Vec<(u64, String)>,
}

impl Numbering {
    /// Replaces every marker in `s`.
    pub fn string(&mut self, s: &mut String) {
        if !s.contains(OPEN) {
            return;
        }
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while let Some(off) = s[i..].find(OPEN) {
            let at = i + off;
            out.push_str(&s[i..at]);
            match marker_at(s, at) {
                Some((kind, fp)) => {
                    out.push_str(&self.label(kind, fp));
                    i = at + MARKER_LEN;
                }
                None => {
                    // A stray marker character (hostile input): dropped.
                    i = at + OPEN.len_utf8();
                }
            }
        }
        out.push_str(&s[i..]);
        *s = out;
    }

    fn label(&mut self, kind: Kind, fp: u64) -> String {
        if let Some((_, l)) = self.seen.iter().find(|(f, _)| *f == fp) {
            return l.clone();
        }
        let l = format!("‹{} #{}›", kind.word(), self.seen.len() + 1);
        self.seen.push((fp, l.clone()));
        l
    }

    fn strings<'a>(&mut self, it: impl IntoIterator<Item = &'a mut String>) {
        for s in it {
            self.string(s);
        }
    }

    /// Every string in a JSON value (keys stay: they come from the input's structure).
    pub fn json(&mut self, v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => self.string(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| self.json(v)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|v| self.json(v)),
            _ => {}
        }
    }

    pub fn url(&mut self, u: &mut MaskedUrl) {
        self.string(&mut u.0);
    }

    pub fn token(&mut self, t: &mut TokenView) {
        self.json(&mut t.header);
        self.json(&mut t.claims);
        self.string(&mut t.signature);
        self.strings(&mut t.unusual);
        self.strings(&mut t.about);
        if let Some(e) = &mut t.error {
            self.string(e);
        }
        for tv in &mut t.times {
            self.strings(tv.at_request.iter_mut().chain(tv.by_server.iter_mut()));
        }
    }

    pub fn session(&mut self, v: &mut SessionView) {
        self.json(&mut v.payload);
        self.strings(v.secret.iter_mut().chain(v.notes.iter_mut()));
        for tv in &mut v.times {
            self.strings(tv.at_request.iter_mut().chain(tv.by_server.iter_mut()));
        }
    }

    pub fn evidence(&mut self, e: &mut Evidence) {
        match e {
            Evidence::Server {
                text,
                stack,
                meaning,
            } => self.strings([&mut text.0, stack, meaning]),
            Evidence::Challenge(s) => self.string(&mut s.0),
            Evidence::Note(s) => self.string(s),
            Evidence::Claim { meaning, place, .. } => {
                self.strings(meaning.iter_mut().chain(std::iter::once(place)))
            }
            Evidence::Clock { clock, .. } => self.string(clock),
            Evidence::CookieNotSent { cookie, why } => self.strings([cookie, why]),
        }
    }

    pub fn auth(&mut self, a: &mut AuthView) {
        self.string(&mut a.masked);
        self.strings(a.basic_user.iter_mut().chain(a.problems.iter_mut()));
        if let Some(t) = &mut a.token {
            self.token(t);
        }
        if let Some(v) = &mut a.session {
            self.session(v);
        }
    }

    /// Every string of a finding, in reading order.
    pub fn finding(&mut self, f: &mut Finding) {
        self.url(&mut f.url);
        self.string(&mut f.method);
        if let Some(s) = &mut f.server_said {
            self.strings([&mut s.text.0, &mut s.place]);
        }
        for c in &mut f.causes {
            self.string(&mut c.title);
            self.string(&mut c.explanation);
            for e in &mut c.evidence {
                self.evidence(e);
            }
            self.strings(&mut c.fix_user);
            self.strings(&mut c.fix_dev);
            for s in &mut c.stale_cookies {
                self.strings([&mut s.name, &mut s.domain, &mut s.path, &mut s.why]);
            }
        }
        let cr = &mut f.credentials;
        for a in cr
            .authorization
            .iter_mut()
            .chain(&mut cr.proxy_authorization)
        {
            self.auth(a);
        }
        for ct in &mut cr.cookie_tokens {
            self.string(&mut ct.cookie);
            self.token(&mut ct.token);
        }
        for v in &mut cr.sessions {
            self.string(&mut v.cookie);
            self.session(v);
        }
        for k in &mut cr.api_keys {
            self.strings([&mut k.place, &mut k.masked]);
            if let Some(v) = &mut k.recognised {
                self.session(v);
            }
        }
        for s in &mut f.cookies.sent {
            self.strings([&mut s.name, &mut s.value_masked]);
        }
        for n in &mut f.cookies.not_sent {
            self.strings([&mut n.name, &mut n.reason]);
        }
        for h in &mut f.redirects {
            self.url(&mut h.url);
        }
        self.strings(f.request_ids.values_mut());
    }
}

/// Numbers every placeholder of a report, in reading order (findings, then notes).
pub fn number_report(r: &mut Report) {
    let mut n = Numbering::default();
    for f in &mut r.findings {
        n.finding(f);
    }
    n.strings(&mut r.notes);
}

fn ser_str<S: Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

impl Serialize for MaskedUrl {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser_str(&self.0, ser)
    }
}

/// A URL read back (a report handed in from JavaScript) is masked again; masking a masked
/// URL changes nothing.
impl<'de> Deserialize<'de> for MaskedUrl {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        Ok(MaskedUrl::new(&s))
    }
}

impl Serialize for MaskedText {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser_str(&self.0, ser)
    }
}

/// Text read back (a report handed in from JavaScript) is masked again; masking masked text
/// changes nothing.
impl<'de> Deserialize<'de> for MaskedText {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        Ok(MaskedText::text(&s))
    }
}

impl fmt::Display for MaskedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for MaskedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_secret_same_placeholder_numbered_in_order() {
        let mut s = format!(
            "a {} b {} c {} d {}",
            placeholder(Kind::Token, "s3cr3t-one"),
            placeholder(Kind::Password, "hunter22"),
            placeholder(Kind::Cookie, "s3cr3t-one"),
            placeholder(Kind::Token, "other")
        );
        let mut n = Numbering::default();
        n.string(&mut s);
        assert_eq!(s, "a ‹token #1› b ‹password #2› c ‹token #1› d ‹token #3›");
        let mut again = s.clone();
        n.string(&mut again);
        assert_eq!(again, s, "numbering a numbered text changes nothing");
    }

    #[test]
    fn placeholders_are_recognised_and_never_cut_inside() {
        let m = placeholder(Kind::Key, "k");
        assert!(is_placeholder(&m));
        assert!(is_placeholder("‹token #12›"));
        assert!(!is_placeholder("‹token #12› x"));
        assert!(!is_placeholder("‹nope #1›"));
        assert!(!is_placeholder("‹token #›"));
        let s = format!("abc{m}def");
        for max in 0..s.len() {
            let c = cut(&s, max);
            assert!(
                c == format!("{}…", &s[..max.min(3)]) || c.contains(&m),
                "{max}: {c:?}"
            );
        }
        let l = "ab‹token #1›cd";
        assert_eq!(cut(l, 5), "ab…");
        assert_eq!(cut(l, 15), "ab…");
        assert_eq!(cut(l, 16), "ab‹token #1›…");
        // A stray marker character is dropped, not kept half-parsed.
        let mut s = format!("x{OPEN}tzz{CLOSE}y");
        Numbering::default().string(&mut s);
        assert_eq!(s, format!("xtzz{CLOSE}y"));
    }

    #[test]
    fn value_shows_length() {
        let mut v = value(Kind::Cookie, "abc");
        Numbering::default().string(&mut v);
        assert_eq!(v, "‹cookie #1› (3 bytes)");
        assert_eq!(value(Kind::Cookie, ""), "(empty)");
    }
}
