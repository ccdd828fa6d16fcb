//! Masking for the panel's "Export sanitized HAR": the same secrets as a report masks, but
//! replaced so the exported file still *diagnoses the same* when loaded back (web page,
//! CLI): a credential keeps its header, scheme, cookie name and length, and stays
//! well-formed; only what would let someone use it is gone.
//!
//! - A JWT keeps its header and claims (a report shows them decoded) and loses its
//!   signature: `eyJhbGc….eyJzdWI….why401-masked-signature-1-xx` (same length).
//! - Any other credential (Authorization/Proxy-Authorization credential, cookie value,
//!   Set-Cookie value, API-key header) becomes a filler of the same length:
//!   `why401-masked-token-2-xxxx`. The same secret gets the same filler across the file,
//!   so "the same token went twice" still reads.
//! - Everything else goes through [`MaskedText`] / [`MaskedUrl`] as in a report, and the
//!   markers are numbered over the file (`‹token #1›`).

use super::names::{normalize, secret_header};
use super::{placeholder, Kind, MaskedText, MaskedUrl, Numbering};
use std::collections::HashMap;

/// Values a page sends in place of a credential by mistake: not secrets, and what a
/// diagnosis says about them (`Bearer undefined`).
const NOT_SECRETS: &[&str] = &[
    "undefined",
    "null",
    "none",
    "nil",
    "false",
    "true",
    "nan",
    "[object Object]",
];

/// Masks the values of one exported file; one per file, so fillers and placeholders
/// are numbered over the whole file.
#[derive(Default)]
pub struct ExportMask {
    fillers: HashMap<String, usize>,
    numbering: Numbering,
    /// Every credential replaced (at least [`MIN_SCRUBBED`] bytes) and its filler, for
    /// [`Self::scrub`]. At most [`MAX_SCRUBBED`].
    replaced: Vec<(String, String)>,
}

/// Credentials shorter than this are not searched for elsewhere (too likely to be words).
const MIN_SCRUBBED: usize = 8;
/// Credentials searched for elsewhere in the file.
const MAX_SCRUBBED: usize = 256;

impl ExportMask {
    /// A URL as in a report, placeholders numbered.
    pub fn url(&mut self, raw: &str) -> String {
        let mut u = MaskedUrl::new(raw);
        self.numbering.url(&mut u);
        u.as_str().to_string()
    }

    /// A body as in a report (JSON field by field, forms by parameter), numbered.
    pub fn body(&mut self, content_type: Option<&str>, body: &str) -> String {
        let mut s = MaskedText::body(content_type, body).as_str().to_string();
        self.numbering.string(&mut s);
        s
    }

    /// A header value: credentials keep their shape ([`Self::credential`]), the rest as in
    /// a report.
    pub fn header(&mut self, name: &str, value: &str) -> String {
        let v = value.trim();
        match normalize(name).as_str() {
            "authorization" | "proxyauthorization" => match v.split_once(' ') {
                Some((scheme, cred)) if scheme.eq_ignore_ascii_case("basic") => {
                    format!("{scheme} {}", self.basic(cred.trim()))
                }
                Some((scheme, cred)) if !cred.trim().is_empty() => {
                    // A repeated scheme (`Bearer Bearer …`) is part of the shape.
                    let cred = cred.trim();
                    let (again, rest) = match cred.split_once(' ') {
                        Some((w, r)) if w.eq_ignore_ascii_case(scheme) => (w, r.trim()),
                        _ => ("", cred),
                    };
                    let sep = if again.is_empty() { "" } else { " " };
                    format!(
                        "{scheme} {again}{sep}{}",
                        self.credential(Kind::Token, rest)
                    )
                }
                _ => self.credential(Kind::Token, v),
            },
            "cookie" => self.pairs(v, false),
            "setcookie" => self.pairs(v, true),
            _ => match secret_header(name) {
                Some(kind) => self.credential(kind, v),
                None => {
                    let mut s = MaskedText::header(name, value).as_str().to_string();
                    self.numbering.string(&mut s);
                    s
                }
            },
        }
    }

    /// A credential: a JWT-shaped value (`eyJ…`) keeps its header and claims and loses its
    /// signature; a placeholder word a page sent by mistake (`undefined`, `null`, ...) stays;
    /// anything else becomes a [`Self::filler`].
    pub fn credential(&mut self, kind: Kind, secret: &str) -> String {
        if secret.is_empty() || NOT_SECRETS.iter().any(|w| secret.eq_ignore_ascii_case(w)) {
            return secret.to_string();
        }
        let bare = secret.trim_matches('"');
        if bare.starts_with("eyJ") && bare.contains('.') {
            let parts: Vec<&str> = bare.split('.').collect();
            if parts.len() < 3 {
                return secret.to_string();
            }
            let (head, sig) = parts.split_at(2);
            let masked = self.filler(Kind::Signature, &sig.join("."));
            return secret.replacen(bare, &format!("{}.{masked}", head.join(".")), 1);
        }
        self.filler(kind, secret)
    }

    /// A Basic credential: the user name stays (a report shows it), the password becomes a
    /// filler, re-encoded; a value that is not `user:password` in base64 keeps its shape.
    fn basic(&mut self, cred: &str) -> String {
        let Ok((decoded, _)) = crate::parse::base64_decode(cred, false) else {
            return self.filler(Kind::Token, cred);
        };
        let Ok(text) = String::from_utf8(decoded) else {
            return self.filler(Kind::Token, cred);
        };
        let masked = match text.split_once(':') {
            Some((user, pass)) => format!("{user}:{}", self.filler(Kind::Password, pass)),
            None => self.filler(Kind::Token, &text),
        };
        crate::parse::base64_encode(masked.as_bytes(), false)
    }

    /// The secret with every letter and digit replaced, in order, by the letters of
    /// `why401masked{kind}{n}` (repeated): same length, same punctuation, so the value's
    /// shape (dots, quotes, padding, separators) and what is said about it stay; its content
    /// is gone. The same secret gets the same filler across the file.
    fn filler(&mut self, kind: Kind, secret: &str) -> String {
        let next = self.fillers.len() + 1;
        let n = *self
            .fillers
            .entry(placeholder(kind, secret))
            .or_insert(next);
        let pattern: Vec<char> = format!("why401masked{}{n}", kind.word()).chars().collect();
        let mut i = 0;
        let out: String = secret
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    i += 1;
                    pattern[(i - 1) % pattern.len()]
                } else if c.is_ascii() {
                    c
                } else {
                    'x'
                }
            })
            .collect();
        if secret.len() >= MIN_SCRUBBED
            && self.replaced.len() < MAX_SCRUBBED
            && !self.replaced.iter().any(|(s, _)| s == secret)
        {
            self.replaced.push((secret.to_string(), out.clone()));
        }
        out
    }

    /// Replaces every credential this mask replaced wherever else it appears in `v` (a page
    /// that echoes a session id in a URL path or an HTML body): no credential value of the
    /// original is left in the file. Call after every header is masked.
    pub fn scrub(&mut self, v: &mut serde_json::Value) {
        self.replaced.sort_by_key(|r| std::cmp::Reverse(r.0.len()));
        scrub(v, &self.replaced);
    }

    /// `a=1; b=2` (Cookie) or `a=1; Path=/; …` (Set-Cookie: only the first pair is a value).
    fn pairs(&mut self, v: &str, set_cookie: bool) -> String {
        let mut out = Vec::new();
        for (i, piece) in v.split(';').take(512).enumerate() {
            if set_cookie && i > 0 {
                out.push(piece.to_string());
                continue;
            }
            match piece.split_once('=') {
                Some((name, value)) => {
                    let (q, inner) = match value.strip_prefix('"').and_then(|x| x.strip_suffix('"'))
                    {
                        Some(inner) => ("\"", inner),
                        None => ("", value),
                    };
                    out.push(format!(
                        "{name}={q}{}{q}",
                        self.credential(Kind::Cookie, inner)
                    ));
                }
                None => out.push(piece.to_string()),
            }
        }
        out.join(";")
    }
}

fn scrub(v: &mut serde_json::Value, replaced: &[(String, String)]) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            for (secret, filler) in replaced {
                if s.contains(secret.as_str()) {
                    *s = s.replace(secret.as_str(), filler);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| scrub(x, replaced)),
        Value::Object(o) => o.values_mut().for_each(|x| scrub(x, replaced)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (header, value, must contain, must not contain)
    #[test]
    fn headers() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let cases: &[(&str, String, &[&str], &[&str])] = &[
            (
                "Authorization",
                format!("Bearer {jwt}"),
                &["Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.why401maskedsignature1"],
                &["SflKxw"],
            ),
            (
                "Authorization",
                "Basic dXNlcjpodW50ZXIy".into(),
                &["Basic dXNlcjp"],
                &["dXNlcjpodW50ZXIy"],
            ),
            (
                "Authorization",
                "Bearer undefined".into(),
                &["Bearer undefined"],
                &[],
            ),
            (
                "Authorization",
                "Bearer \"opaque-value-1\"".into(),
                &["Bearer \"why401-maske-d\""],
                &["opaque"],
            ),
            (
                "Cookie",
                "sid=s3cr3t-value-123; theme=dark".into(),
                &["sid=why401-maske-dco", "; theme=why4"],
                &["s3cr3t", "dark"],
            ),
            (
                "Set-Cookie",
                "sid=\"abcdef123456\"; Path=/; HttpOnly".into(),
                &["sid=\"why401masked\"; Path=/; HttpOnly"],
                &["abcdef"],
            ),
            (
                "X-Api-Key",
                "sk_live_0123456789abcdef0123".into(),
                &["wh_y401_"],
                &["0123456789abcdef"],
            ),
            (
                "Location",
                "https://app.test/cb?code=abc123def456&state=x".into(),
                &["‹code #1›"],
                &["abc123def456"],
            ),
            (
                "Content-Type",
                "application/json".into(),
                &["application/json"],
                &[],
            ),
        ];
        for (name, value, has, hasnt) in cases {
            let got = ExportMask::default().header(name, value);
            for h in *has {
                assert!(got.contains(h), "{name}: {h:?} not in {got:?}");
            }
            for h in *hasnt {
                assert!(!got.contains(h), "{name}: {h:?} leaked in {got:?}");
            }
        }
    }

    #[test]
    fn same_secret_same_filler_and_length_kept() {
        let mut m = ExportMask::default();
        let a = m.header("Authorization", "Bearer opaque-token-value-0001");
        let b = m.header("Authorization", "Bearer opaque-token-value-0001");
        let c = m.header("Authorization", "Bearer opaque-token-value-0002");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), "Bearer opaque-token-value-0001".len());
        assert_eq!(m.credential(Kind::Token, ""), "");
    }

    #[test]
    fn a_repeated_scheme_stays() {
        let mut e = ExportMask::default();
        let out = e.header("Authorization", "Bearer Bearer opaque-token-123");
        assert!(out.starts_with("Bearer Bearer "), "{out}");
        assert!(!out.contains("opaque-token-123"), "{out}");
        assert_eq!(out.len(), "Bearer Bearer opaque-token-123".len());
    }

    #[test]
    fn basic_keeps_the_user_and_the_colon() {
        let got = ExportMask::default().header("Authorization", "Basic dXNlcjpodW50ZXIy");
        let (decoded, _) =
            crate::parse::base64_decode(got.trim_start_matches("Basic "), false).unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "user:why401m");
    }

    #[test]
    fn scrub_replaces_echoes() {
        let mut m = ExportMask::default();
        let h = m.header("Cookie", "sid=NAgcpdBwsa7xpLedmP0J4J");
        let mut v = serde_json::json!({"a": ["see /interaction/NAgcpdBwsa7xpLedmP0J4J here"]});
        m.scrub(&mut v);
        let text = v.to_string();
        assert!(!text.contains("NAgcpd"), "{text}");
        assert!(text.contains(h.trim_start_matches("sid=")), "{text} / {h}");
    }
}
