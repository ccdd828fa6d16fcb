//! `WWW-Authenticate` / `Proxy-Authenticate` challenges, by the RFC 9110 §11.6.1 grammar:
//!
//! ```text
//! WWW-Authenticate = #challenge
//! challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! auth-param = token BWS "=" BWS ( token / quoted-string )
//! token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! ```
//!
//! One header value may hold several challenges; after a comma, a `token BWS "="` is the
//! next auth-param, anything else starts a new challenge. The parser keeps going past
//! errors (each reported with its byte offset) and tolerates unquoted values holding
//! characters a token cannot (reported, value kept). Call once per header line.

use super::{is_tchar, CaretLabel, ParseError};
use std::borrow::Cow;
use std::fmt;

/// One challenge: a scheme and either a token68 or auth-params.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge<'a> {
    pub scheme: &'a str,
    pub token68: Option<&'a str>,
    /// Names as written; values unquoted and unescaped. A repeated name keeps its first value.
    pub params: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> Challenge<'a> {
    /// The param with this name (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
    /// True when the scheme is `scheme` (case-insensitive).
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }
    /// RFC 6750 `error` (`invalid_token`, `insufficient_scope`, `invalid_request`).
    pub fn error(&self) -> Option<&str> {
        self.param("error")
    }
    /// RFC 6750 `error_description`.
    pub fn error_description(&self) -> Option<&str> {
        self.param("error_description")
    }
    /// RFC 6750 `scope`.
    pub fn scope(&self) -> Option<&str> {
        self.param("scope")
    }
    /// Digest `stale=true` (case-insensitive, quoted or not).
    pub fn stale(&self) -> bool {
        self.param("stale")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }
}

/// Writes the challenge back in canonical form (every param value quoted).
impl fmt::Display for Challenge<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.scheme)?;
        if let Some(t) = self.token68 {
            return write!(f, " {t}");
        }
        for (i, (n, v)) in self.params.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            write!(f, "{n}=\"")?;
            for c in v.chars() {
                if c == '"' || c == '\\' {
                    f.write_str("\\")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str("\"")?;
        }
        Ok(())
    }
}

/// A syntax problem in a challenge list; parsing continues after it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChallengeError {
    /// The header value is empty.
    Empty,
    /// Where a challenge should start, no auth scheme.
    ExpectedScheme,
    /// Where an auth-param should start, no name.
    ExpectedParamName,
    /// `name=` with nothing after it (kept with an empty value).
    ExpectedValue,
    /// A quoted string runs to the end of the value (kept up to there).
    UnterminatedQuote,
    /// A character the grammar does not allow here.
    Unexpected(char),
    /// Two auth-params not separated by a comma (parsed anyway).
    MissingComma,
    /// The same auth-param twice in one challenge (the first is kept).
    DuplicateParam(String),
}

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChallengeError::Empty => f.write_str("the header is empty"),
            ChallengeError::ExpectedScheme => f.write_str("expected an auth scheme"),
            ChallengeError::ExpectedParamName => f.write_str("expected a parameter name"),
            ChallengeError::ExpectedValue => f.write_str("expected a value after '='"),
            ChallengeError::UnterminatedQuote => f.write_str("quoted string is not closed"),
            ChallengeError::Unexpected(c) => write!(f, "unexpected {c:?}"),
            ChallengeError::MissingComma => f.write_str("missing ',' between two parameters"),
            ChallengeError::DuplicateParam(n) => write!(f, "parameter `{n}` appears twice"),
        }
    }
}

impl CaretLabel for ChallengeError {}

fn is_token68(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    errs: Vec<ParseError<ChallengeError>>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn at_char(&self) -> char {
        self.s
            .get(self.i..)
            .and_then(|r| r.chars().next())
            .unwrap_or(' ')
    }
    fn err(&mut self, kind: ChallengeError, at: usize) {
        self.errs.push(ParseError::new(kind, at));
    }
    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn skip_list_separators(&mut self) {
        while matches!(self.peek(), Some(b',' | b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn token(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        (self.i > start).then(|| &self.s[start..self.i])
    }
    /// Skips to the next top-level ',' (or the end), stepping over quoted strings.
    fn skip_to_comma(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b',' => return,
                b'"' => {
                    let _ = self.quoted(false);
                }
                _ => self.i += 1,
            }
        }
    }
    /// At `token BWS "="`: the start of an auth-param (not of a new challenge).
    fn is_param_start(&self) -> bool {
        let mut j = self.i;
        let start = j;
        while self.b.get(j).copied().is_some_and(is_tchar) {
            j += 1;
        }
        if j == start {
            return false;
        }
        while matches!(self.b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        self.b.get(j) == Some(&b'=')
    }
    /// A token68 followed by OWS and then ',' or the end.
    fn try_token68(&mut self) -> Option<&'a str> {
        let start = self.i;
        let mut j = start;
        while self.b.get(j).copied().is_some_and(is_token68) {
            j += 1;
        }
        if j == start {
            return None;
        }
        while self.b.get(j) == Some(&b'=') {
            j += 1;
        }
        let end = j;
        while matches!(self.b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if matches!(self.b.get(j), None | Some(b',')) {
            self.i = end;
            Some(&self.s[start..end])
        } else {
            None
        }
    }
    /// A quoted string starting at the current `"`. Reports an unterminated one
    /// (when `report`) and takes everything up to the end.
    fn quoted(&mut self, report: bool) -> Cow<'a, str> {
        let open = self.i;
        self.i += 1;
        let start = self.i;
        let mut owned: Option<String> = None;
        let mut seg_start = start;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    let tail = &self.s[seg_start..self.i];
                    self.i += 1;
                    return match owned {
                        Some(mut o) => {
                            o.push_str(tail);
                            Cow::Owned(o)
                        }
                        None => Cow::Borrowed(tail),
                    };
                }
                b'\\' => {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(&self.s[seg_start..self.i]);
                    self.i += 1;
                    match self.s.get(self.i..).and_then(|r| r.chars().next()) {
                        Some(ch) => {
                            o.push(ch);
                            self.i += ch.len_utf8();
                        }
                        // A lone `\` at the very end escapes nothing: drop it (the text
                        // before it is already in `o`).
                        None => {
                            seg_start = self.i;
                            break;
                        }
                    }
                    seg_start = self.i;
                }
                _ => self.i += 1,
            }
        }
        if report {
            self.err(ChallengeError::UnterminatedQuote, open);
        }
        self.i = self.b.len();
        let tail = self.s.get(seg_start..).unwrap_or("");
        match owned {
            Some(mut o) => {
                o.push_str(tail);
                Cow::Owned(o)
            }
            None => Cow::Borrowed(tail),
        }
    }
    /// One auth-param; on a syntax error reports it and skips to the next comma.
    fn param(&mut self, ch: &mut Challenge<'a>) {
        let name_at = self.i;
        let Some(name) = self.token() else {
            let kind = match self.peek() {
                Some(b'=') | Some(b'"') => ChallengeError::ExpectedParamName,
                _ => ChallengeError::Unexpected(self.at_char()),
            };
            self.err(kind, name_at);
            self.skip_to_comma();
            return;
        };
        self.skip_ows();
        if self.peek() != Some(b'=') {
            let kind = match self.peek() {
                None => ChallengeError::ExpectedValue,
                Some(_) => ChallengeError::Unexpected(self.at_char()),
            };
            self.err(kind, self.i);
            self.skip_to_comma();
            return;
        }
        self.i += 1;
        self.skip_ows();
        let value = match self.peek() {
            Some(b'"') => self.quoted(true),
            None | Some(b',') => {
                self.err(ChallengeError::ExpectedValue, self.i);
                Cow::Borrowed("")
            }
            Some(_) => {
                // A token; tolerate other characters up to a delimiter (reported).
                let start = self.i;
                let mut bad: Option<usize> = None;
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b' ' | b'\t' | b'"') {
                        break;
                    }
                    if !is_tchar(c) && bad.is_none() {
                        bad = Some(self.i);
                    }
                    // Step over a whole character.
                    let len = self.s[self.i..].chars().next().map_or(1, char::len_utf8);
                    self.i += len;
                }
                if let Some(b) = bad {
                    let c = self.s[b..].chars().next().unwrap_or(' ');
                    self.err(ChallengeError::Unexpected(c), b);
                }
                Cow::Borrowed(&self.s[start..self.i])
            }
        };
        if ch.params.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            self.err(ChallengeError::DuplicateParam(name.to_string()), name_at);
        } else {
            ch.params.push((name, value));
        }
    }
}

/// Parses one header value holding one or more challenges. Call once per header line.
/// Never fails: whatever could be read is returned with the errors found.
pub fn parse_challenges(value: &str) -> (Vec<Challenge<'_>>, Vec<ParseError<ChallengeError>>) {
    let mut p = Parser {
        s: value,
        b: value.as_bytes(),
        i: 0,
        errs: Vec::new(),
    };
    let mut out = Vec::new();
    if value.trim_matches([' ', '\t', ',']).is_empty() {
        p.err(ChallengeError::Empty, 0);
        return (out, p.errs);
    }
    'challenges: loop {
        p.skip_list_separators();
        if p.peek().is_none() {
            break;
        }
        let Some(scheme) = p.token() else {
            let kind = match p.peek() {
                Some(b'=') | Some(b'"') => ChallengeError::ExpectedScheme,
                _ => ChallengeError::Unexpected(p.at_char()),
            };
            p.err(kind, p.i);
            p.skip_to_comma();
            continue;
        };
        let mut ch = Challenge {
            scheme,
            token68: None,
            params: Vec::new(),
        };
        let ws_start = p.i;
        p.skip_ows();
        match p.peek() {
            None | Some(b',') => {
                out.push(ch);
                continue;
            }
            Some(_) if p.i == ws_start => {
                p.err(ChallengeError::Unexpected(p.at_char()), p.i);
                p.skip_to_comma();
                out.push(ch);
                continue;
            }
            Some(_) => {}
        }
        if let Some(t) = p.try_token68() {
            ch.token68 = Some(t);
            out.push(ch);
            continue;
        }
        'params: loop {
            p.param(&mut ch);
            loop {
                p.skip_ows();
                match p.peek() {
                    None => break 'params,
                    Some(b',') => {
                        p.skip_list_separators();
                        if p.peek().is_some() && p.is_param_start() {
                            continue 'params;
                        }
                        break 'params;
                    }
                    Some(_) if p.is_param_start() => {
                        p.err(ChallengeError::MissingComma, p.i);
                        continue 'params;
                    }
                    Some(_) => {
                        p.err(ChallengeError::Unexpected(p.at_char()), p.i);
                        p.skip_to_comma();
                    }
                }
            }
        }
        out.push(ch);
        if p.peek().is_none() {
            break 'challenges;
        }
    }
    (out, p.errs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ChallengeError as E;

    /// Renders challenges as `scheme[token68]{k=v,...}` for compact table rows.
    fn show(cs: &[Challenge<'_>]) -> String {
        cs.iter()
            .map(|c| {
                let mut s = c.scheme.to_string();
                if let Some(t) = c.token68 {
                    s.push_str(&format!("[{t}]"));
                }
                if !c.params.is_empty() {
                    let ps: Vec<String> =
                        c.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    s.push_str(&format!("{{{}}}", ps.join(",")));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn table() {
        type Row<'a> = (&'a str, &'a str, Vec<(ChallengeError, usize)>);
        let cases: Vec<Row> = vec![
            ("Basic", "Basic", vec![]),
            ("Negotiate", "Negotiate", vec![]),
            ("NTLM", "NTLM", vec![]),
            ("Negotiate, NTLM", "Negotiate | NTLM", vec![]),
            (r#"Basic realm="a""#, "Basic{realm=a}", vec![]),
            (
                r#"Basic realm="a", Bearer"#,
                "Basic{realm=a} | Bearer",
                vec![],
            ),
            (
                r#"Bearer realm="x", error="invalid_token""#,
                "Bearer{realm=x,error=invalid_token}",
                vec![],
            ),
            (
                r#"Bearer realm="api", error="invalid_token", error_description="The access token expired""#,
                "Bearer{realm=api,error=invalid_token,error_description=The access token expired}",
                vec![],
            ),
            (
                r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#,
                r#"Newauth{realm=apps,type=1,title=Login to "apps"} | Basic{realm=simple}"#,
                vec![],
            ),
            (
                r#"Digest realm="x", nonce="abc", qop="auth,auth-int", algorithm=SHA-256, stale=TRUE"#,
                "Digest{realm=x,nonce=abc,qop=auth,auth-int,algorithm=SHA-256,stale=TRUE}",
                vec![],
            ),
            ("Negotiate YIIGhgYJ+/==", "Negotiate[YIIGhgYJ+/==]", vec![]),
            ("Negotiate abc=, NTLM", "Negotiate[abc=] | NTLM", vec![]),
            (
                "Bearer realm = \"x\" ,  scope=\"a b\"",
                "Bearer{realm=x,scope=a b}",
                vec![],
            ),
            (", ,Basic realm=x,,", "Basic{realm=x}", vec![]),
            (
                "Basic realm=x, Digest realm=y, nonce=z",
                "Basic{realm=x} | Digest{realm=y,nonce=z}",
                vec![],
            ),
            (
                "DPoP algs=\"ES256 PS256\", Bearer scope=\"files\"",
                "DPoP{algs=ES256 PS256} | Bearer{scope=files}",
                vec![],
            ),
            // errors, with recovery
            ("", "", vec![(E::Empty, 0)]),
            ("  ", "", vec![(E::Empty, 0)]),
            (
                r#"Basic realm="unterminated"#,
                "Basic{realm=unterminated}",
                vec![(E::UnterminatedQuote, 12)],
            ),
            // Found by fuzzing (fuzz/parse_challenge): a `\` ending an unterminated quoted
            // string repeated the text before it.
            (
                r#"Digest realm="ab\"#,
                "Digest{realm=ab}",
                vec![(E::UnterminatedQuote, 13)],
            ),
            (
                r#"Basic realm="a\"b\"#,
                r#"Basic{realm=a"b}"#,
                vec![(E::UnterminatedQuote, 12)],
            ),
            (
                r#"Digest realm="x" nonce="y""#,
                "Digest{realm=x,nonce=y}",
                vec![(E::MissingComma, 17)],
            ),
            // `realm=` alone is a valid token68 by the grammar
            ("Bearer realm=, Basic", "Bearer[realm=] | Basic", vec![]),
            (
                "Bearer a=1, realm=, Basic",
                "Bearer{a=1,realm=} | Basic",
                vec![(E::ExpectedValue, 18)],
            ),
            (
                "Bearer a=1, realm=",
                "Bearer{a=1,realm=}",
                vec![(E::ExpectedValue, 18)],
            ),
            (
                "Bearer realm=http://x/a, Basic",
                "Bearer{realm=http://x/a} | Basic",
                vec![(E::Unexpected(':'), 17)],
            ),
            (
                "Bearer realm=\"a\", realm=\"b\"",
                "Bearer{realm=a}",
                vec![(E::DuplicateParam("realm".into()), 18)],
            ),
            ("=x, Basic", "Basic", vec![(E::ExpectedScheme, 0)]),
            (
                "Basic\"x\", Bearer",
                "Basic | Bearer",
                vec![(E::Unexpected('"'), 5)],
            ),
            (
                "Bearer a=1 junk, Basic",
                "Bearer{a=1} | Basic",
                vec![(E::Unexpected('j'), 11)],
            ),
            (
                "Bearer é=1, Basic",
                "Bearer | Basic",
                vec![(E::Unexpected('é'), 7)],
            ),
        ];
        for (v, want, errs) in cases {
            let (cs, es) = parse_challenges(v);
            assert_eq!(show(&cs), want, "{v:?}");
            let got: Vec<_> = es.into_iter().map(|e| (e.kind, e.offset)).collect();
            assert_eq!(got, errs, "{v:?}");
        }
    }

    #[test]
    fn accessors() {
        let (cs, _) = parse_challenges(
            r#"Bearer realm="api", error="insufficient_scope", error_description="need \"write\"", scope="read write", Digest realm="d", nonce="n", stale=TRUE"#,
        );
        assert_eq!(cs.len(), 2);
        let b = &cs[0];
        assert!(b.is("bearer") && !b.is("basic"));
        assert_eq!(b.realm(), Some("api"));
        assert_eq!(b.error(), Some("insufficient_scope"));
        assert_eq!(b.error_description(), Some("need \"write\""));
        assert_eq!(b.scope(), Some("read write"));
        assert!(!b.stale());
        assert!(matches!(b.params[2].1, Cow::Owned(_)));
        assert!(matches!(b.params[0].1, Cow::Borrowed(_)));
        assert!(cs[1].stale());
        assert_eq!(cs[1].param("NONCE"), Some("n"));
    }

    #[test]
    fn display_and_caret() {
        let (cs, _) = parse_challenges(r#"Basic realm="a\"b", charset=UTF-8"#);
        assert_eq!(cs[0].to_string(), r#"Basic realm="a\"b", charset="UTF-8""#);
        let v = r#"Basic realm="oops"#;
        let (_, es) = parse_challenges(v);
        assert_eq!(
            es[0].caret(v),
            "Basic realm=\"oops\n            ^ byte 12: quoted string is not closed"
        );
    }

    fn arb_challenge() -> impl Strategy<Value = (String, Option<String>, Vec<(String, String)>)> {
        (
            "[A-Za-z][A-Za-z0-9-]{0,10}",
            prop::option::of("[A-Za-z0-9._~+/-]{1,20}={0,2}"),
            prop::collection::vec(("[a-z_]{1,10}", "\\PC{0,20}"), 0..4),
        )
    }

    proptest! {
        #[test]
        fn prop_never_panics(s in "\\PC{0,120}") {
            let (_, es) = parse_challenges(&s);
            for e in &es {
                prop_assert!(e.offset <= s.len() && s.is_char_boundary(e.offset), "{:?}", e);
                let _ = e.caret(&s);
            }
        }

        #[test]
        fn prop_grammar_soup(s in "[a-zA-Z=,\" \\\\\t]{0,80}") {
            let (cs, es) = parse_challenges(&s);
            for e in &es {
                prop_assert!(e.offset <= s.len());
            }
            prop_assert!(cs.len() <= s.len());
        }

        #[test]
        fn prop_bytes(b in proptest::collection::vec(any::<u8>(), 0..200)) {
            let s = String::from_utf8_lossy(&b);
            let (_, es) = parse_challenges(&s);
            for e in &es {
                prop_assert!(s.is_char_boundary(e.offset));
            }
        }

        #[test]
        fn prop_round_trip(list in prop::collection::vec(arb_challenge(), 1..4)) {
            let mut want = Vec::new();
            let mut parts = Vec::new();
            for (scheme, t68, params) in &list {
                // Dedupe names (case-insensitive), as the parser keeps the first.
                let mut ps: Vec<(String, String)> = Vec::new();
                for (k, v) in params {
                    if !ps.iter().any(|(n, _)| n.eq_ignore_ascii_case(k)) {
                        ps.push((k.clone(), v.clone()));
                    }
                }
                let c = Challenge {
                    scheme,
                    token68: if ps.is_empty() { t68.as_deref() } else { None },
                    params: ps.iter().map(|(k, v)| (k.as_str(), Cow::Borrowed(v.as_str()))).collect(),
                };
                parts.push(c.to_string());
                want.push((scheme.clone(), c.token68.map(str::to_string), ps));
            }
            let header = parts.join(", ");
            let (cs, es) = parse_challenges(&header);
            prop_assert!(es.is_empty(), "{:?} in {}", es, header);
            let got: Vec<_> = cs.iter().map(|c| (
                c.scheme.to_string(),
                c.token68.map(str::to_string),
                c.params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>(),
            )).collect();
            prop_assert_eq!(got, want, "{}", header);
        }
    }
}
