//! `Cookie` request header and `Set-Cookie` response header (RFC 6265bis §5.7), read the
//! way browsers read them: tolerant, with problems reported rather than refused.

use super::date::parse_cookie_date;
use super::{offset_in, CaretLabel, ParseError};
use std::fmt;

/// Largest name + value a browser stores (RFC 6265bis §5.7, step 5).
pub const MAX_NAME_VALUE_BYTES: usize = 4096;
/// Longest attribute value a browser reads (RFC 6265bis §5.7, step 8).
pub const MAX_ATTRIBUTE_VALUE_BYTES: usize = 1024;

/// One `name=value` of a Cookie header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookiePair<'a> {
    /// Empty when the piece had no `=` (browser behaviour: a value with no name).
    pub name: &'a str,
    /// As sent, including any surrounding double quotes.
    pub value: &'a str,
    /// Byte offset of the pair (its name, or its value when nameless) in the header value.
    pub offset: usize,
}

/// A problem in a Cookie header. The pair is still returned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieError {
    /// A piece with no `=`: kept as a pair with an empty name (browser behaviour).
    NoEquals,
    /// `=value`.
    EmptyName,
    /// `a=1;;b=2`.
    EmptyPiece,
    /// A character RFC 6265 does not allow in a cookie (kept as sent).
    InvalidChar(char),
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CookieError::NoEquals => {
                f.write_str("cookie without '=' (taken as a value with an empty name)")
            }
            CookieError::EmptyName => f.write_str("cookie with an empty name"),
            CookieError::EmptyPiece => f.write_str("empty cookie between two ';'"),
            CookieError::InvalidChar(c) => write!(f, "{c:?} is not allowed in a cookie"),
        }
    }
}

impl CaretLabel for CookieError {}

fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// RFC 6265 `cookie-octet`, plus `"` (quotes are checked for placement separately).
fn is_cookie_char(c: char) -> bool {
    matches!(c, '\x21' | '\x23'..='\x2B' | '\x2D'..='\x3A' | '\x3C'..='\x5B' | '\x5D'..='\x7E')
}

/// Parses a Cookie header value. Never fails: problems are listed with offsets. Missing
/// spaces after `;`, empty values, quoted values and names without `=` are tolerated.
pub fn parse_cookie_header(value: &str) -> (Vec<CookiePair<'_>>, Vec<ParseError<CookieError>>) {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    let pieces: Vec<&str> = value.split(';').collect();
    let last = pieces.len().saturating_sub(1);
    for (k, piece) in pieces.into_iter().enumerate() {
        let p = piece.trim_matches(is_wsp);
        let at = offset_in(value, piece) + (piece.len() - piece.trim_start_matches(is_wsp).len());
        if p.is_empty() {
            // A trailing `;` (or an empty header) is harmless; an inner one is reported.
            if k != last && !value.trim_matches(is_wsp).is_empty() {
                errs.push(ParseError::new(CookieError::EmptyPiece, at));
            }
            continue;
        }
        let (name, val) = match p.split_once('=') {
            Some((n, v)) => (n.trim_end_matches(is_wsp), v.trim_start_matches(is_wsp)),
            None => {
                errs.push(ParseError::new(CookieError::NoEquals, at));
                (&p[..0], p)
            }
        };
        if name.is_empty() && p.starts_with('=') {
            errs.push(ParseError::new(CookieError::EmptyName, at));
        }
        // Quotes around the whole value are allowed; anything else outside cookie-octet is not.
        let inner = val
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(val);
        if let Some((i, c)) = name
            .char_indices()
            .map(|(i, c)| (offset_in(value, name) + i, c))
            .chain(
                inner
                    .char_indices()
                    .map(|(i, c)| (offset_in(value, inner) + i, c)),
            )
            .find(|&(_, c)| !is_cookie_char(c) || c == '"')
        {
            errs.push(ParseError::new(CookieError::InvalidChar(c), i));
        }
        out.push(CookiePair {
            name,
            value: val,
            offset: at,
        });
    }
    (out, errs)
}

/// Writes pairs as a Cookie header value (`a=1; b=2`), the way browsers send them.
pub fn format_cookie_header(pairs: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for (i, (n, v)) in pairs.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        if !n.is_empty() {
            s.push_str(n);
            s.push('=');
        }
        s.push_str(v);
    }
    s
}

/// SameSite attribute value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSite {
    Strict,
    Lax,
    None,
}

/// A parsed Set-Cookie header, borrowing the input.
#[derive(Clone, Debug, PartialEq)]
pub struct SetCookie<'a> {
    pub name: &'a str,
    pub value: &'a str,
    /// Leading dot stripped; case kept as written. `None` when absent or empty.
    pub domain: Option<&'a str>,
    /// `None` when absent, empty or not starting with `/` (the default path applies).
    pub path: Option<&'a str>,
    /// Unix seconds; `None` when absent or not a date by the cookie-date algorithm.
    pub expires: Option<f64>,
    /// Seconds; `None` when absent or not an integer. Takes precedence over `expires`.
    pub max_age: Option<i64>,
    pub secure: bool,
    pub http_only: bool,
    /// `None` when absent or an unknown value (RFC 6265bis treats that as absent).
    pub same_site: Option<SameSite>,
    pub partitioned: bool,
    /// Name plus value bytes.
    pub bytes: usize,
}

impl SetCookie<'_> {
    /// True when this Set-Cookie removes the cookie (Max-Age <= 0, or Expires not in the
    /// future when there is no Max-Age).
    pub fn deletes(&self, now_secs: f64) -> bool {
        match (self.max_age, self.expires) {
            (Some(m), _) => m <= 0,
            (None, Some(e)) => e <= now_secs,
            _ => false,
        }
    }
}

/// Why a browser ignores a Set-Cookie header entirely.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SetCookieError {
    /// The header value is empty.
    Empty,
    /// Not produced: RFC 6265bis reads a pair without `=` as a value with an empty name.
    NoEquals,
    /// Name and value are both empty.
    EmptyNameAndValue,
    /// A control character (other than tab) anywhere in the header.
    ControlChar,
    /// Name plus value over [`MAX_NAME_VALUE_BYTES`].
    TooLarge(usize),
}

impl fmt::Display for SetCookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetCookieError::Empty => f.write_str("empty Set-Cookie"),
            SetCookieError::NoEquals => f.write_str("no '=' in the name=value pair"),
            SetCookieError::EmptyNameAndValue => {
                f.write_str("both name and value are empty: the browser ignores it")
            }
            SetCookieError::ControlChar => {
                f.write_str("control character in the cookie: the browser ignores it")
            }
            SetCookieError::TooLarge(n) => write!(
                f,
                "name+value is {n} bytes, over the {MAX_NAME_VALUE_BYTES}-byte limit: the browser ignores it"
            ),
        }
    }
}

impl CaretLabel for SetCookieError {}

/// Parses a Set-Cookie header value (RFC 6265bis §5.7). `Err` means a browser ignores
/// the whole header; attributes it would ignore are simply absent.
pub fn parse_set_cookie(value: &str) -> Result<SetCookie<'_>, ParseError<SetCookieError>> {
    if value.trim_matches(is_wsp).is_empty() {
        return Err(ParseError::new(SetCookieError::Empty, 0));
    }
    if let Some(i) = value.find(|c: char| c.is_ascii_control() && c != '\t') {
        return Err(ParseError::new(SetCookieError::ControlChar, i));
    }
    let (pair, attrs) = value.split_once(';').unwrap_or((value, ""));
    let (name, val) = match pair.split_once('=') {
        Some((n, v)) => (n.trim_matches(is_wsp), v.trim_matches(is_wsp)),
        None => (&pair[..0], pair.trim_matches(is_wsp)),
    };
    let bytes = name.len() + val.len();
    if bytes == 0 {
        return Err(ParseError::new(SetCookieError::EmptyNameAndValue, 0));
    }
    if bytes > MAX_NAME_VALUE_BYTES {
        let at = if name.is_empty() { val } else { name };
        return Err(ParseError::new(
            SetCookieError::TooLarge(bytes),
            offset_in(value, at),
        ));
    }
    let mut c = SetCookie {
        name,
        value: val,
        domain: None,
        path: None,
        expires: None,
        max_age: None,
        secure: false,
        http_only: false,
        same_site: None,
        partitioned: false,
        bytes,
    };
    for av in attrs.split(';') {
        let (k, v) = match av.split_once('=') {
            Some((k, v)) => (k.trim_matches(is_wsp), v.trim_matches(is_wsp)),
            None => (av.trim_matches(is_wsp), ""),
        };
        if v.len() > MAX_ATTRIBUTE_VALUE_BYTES {
            continue;
        }
        let is = |n: &str| k.eq_ignore_ascii_case(n);
        if is("expires") {
            // Later attributes win (the last one in the list is used).
            if let Some(t) = parse_cookie_date(v) {
                c.expires = Some(t);
            }
        } else if is("max-age") {
            if let Some(n) = parse_max_age(v) {
                c.max_age = Some(n);
            }
        } else if is("domain") {
            let d = v.strip_prefix('.').unwrap_or(v);
            if !d.is_empty() {
                c.domain = Some(d);
            }
        } else if is("path") {
            c.path = v.starts_with('/').then_some(v);
        } else if is("secure") {
            c.secure = true;
        } else if is("httponly") {
            c.http_only = true;
        } else if is("partitioned") {
            c.partitioned = true;
        } else if is("samesite") {
            c.same_site = if v.eq_ignore_ascii_case("strict") {
                Some(SameSite::Strict)
            } else if v.eq_ignore_ascii_case("lax") {
                Some(SameSite::Lax)
            } else if v.eq_ignore_ascii_case("none") {
                Some(SameSite::None)
            } else {
                None
            };
        }
    }
    Ok(c)
}

/// `Max-Age`: an optional `-` then digits only; saturates instead of overflowing.
fn parse_max_age(v: &str) -> Option<i64> {
    let (neg, digits) = match v.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, v),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        n = n.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    Some(if neg { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs(v: &str) -> Vec<(&str, &str, usize)> {
        parse_cookie_header(v)
            .0
            .into_iter()
            .map(|p| (p.name, p.value, p.offset))
            .collect()
    }
    fn errs(v: &str) -> Vec<(CookieError, usize)> {
        parse_cookie_header(v)
            .1
            .into_iter()
            .map(|e| (e.kind, e.offset))
            .collect()
    }

    #[test]
    fn cookie_header_table() {
        type Row<'a> = (
            &'a str,
            Vec<(&'a str, &'a str, usize)>,
            Vec<(CookieError, usize)>,
        );
        let cases: Vec<Row> = vec![
            ("a=1; b=2", vec![("a", "1", 0), ("b", "2", 5)], vec![]),
            ("a=1;b=2", vec![("a", "1", 0), ("b", "2", 4)], vec![]),
            ("a=; b=", vec![("a", "", 0), ("b", "", 4)], vec![]),
            (
                "a=\"x y\"",
                vec![("a", "\"x y\"", 0)],
                vec![(CookieError::InvalidChar(' '), 4)],
            ),
            ("a=\"xy\"", vec![("a", "\"xy\"", 0)], vec![]),
            (
                "flag; a=1",
                vec![("", "flag", 0), ("a", "1", 6)],
                vec![(CookieError::NoEquals, 0)],
            ),
            ("=v", vec![("", "v", 0)], vec![(CookieError::EmptyName, 0)]),
            (
                "a=1;; b=2",
                vec![("a", "1", 0), ("b", "2", 6)],
                vec![(CookieError::EmptyPiece, 4)],
            ),
            ("a=1; ", vec![("a", "1", 0)], vec![]),
            ("", vec![], vec![]),
            ("  a = 1 ", vec![("a", "1", 2)], vec![]),
            ("a=b=c", vec![("a", "b=c", 0)], vec![]),
            (
                "a=1,b=2",
                vec![("a", "1,b=2", 0)],
                vec![(CookieError::InvalidChar(','), 3)],
            ),
            (
                "sé=1",
                vec![("sé", "1", 0)],
                vec![(CookieError::InvalidChar('é'), 1)],
            ),
        ];
        for (v, p, e) in cases {
            assert_eq!(pairs(v), p, "{v:?}");
            assert_eq!(errs(v), e, "{v:?}");
        }
    }

    #[test]
    fn set_cookie_attributes() {
        let c = parse_set_cookie(
            "sid=abc123; Domain=.Example.com; Path=/app; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=-1; Secure; HttpOnly; SameSite=lax; Partitioned",
        )
        .unwrap();
        assert_eq!((c.name, c.value), ("sid", "abc123"));
        assert_eq!(c.domain, Some("Example.com"));
        assert_eq!(c.path, Some("/app"));
        assert_eq!(c.expires, Some(1_445_412_480.0));
        assert_eq!(c.max_age, Some(-1));
        assert!(c.secure && c.http_only && c.partitioned);
        assert_eq!(c.same_site, Some(SameSite::Lax));
        assert_eq!(c.bytes, 9);
        assert!(c.deletes(0.0));
    }

    #[test]
    fn set_cookie_table() {
        // (header, name, value, same_site, path, max_age, expires)
        type Row<'a> = (
            &'a str,
            &'a str,
            &'a str,
            Option<SameSite>,
            Option<&'a str>,
            Option<i64>,
            Option<f64>,
        );
        let cases: Vec<Row> = vec![
            ("a=b", "a", "b", None, None, None, None),
            (
                "a=b; SameSite=None; Secure",
                "a",
                "b",
                Some(SameSite::None),
                None,
                None,
                None,
            ),
            (
                "a=b; samesite=STRICT",
                "a",
                "b",
                Some(SameSite::Strict),
                None,
                None,
                None,
            ),
            (
                "a=b; SameSite=Lax; SameSite=bogus",
                "a",
                "b",
                None,
                None,
                None,
                None,
            ),
            ("a=b; SameSite", "a", "b", None, None, None, None),
            ("a=b; Path=", "a", "b", None, None, None, None),
            ("a=b; Path=app", "a", "b", None, None, None, None),
            (
                "a=b; Path=/x; Path=/y",
                "a",
                "b",
                None,
                Some("/y"),
                None,
                None,
            ),
            ("a=b; Max-Age=3600", "a", "b", None, None, Some(3600), None),
            ("a=b; Max-Age=0", "a", "b", None, None, Some(0), None),
            ("a=b; Max-Age=1e3", "a", "b", None, None, None, None),
            ("a=b; Max-Age=+5", "a", "b", None, None, None, None),
            (
                "a=b; Max-Age=99999999999999999999999",
                "a",
                "b",
                None,
                None,
                Some(i64::MAX),
                None,
            ),
            ("a=b; Expires=garbage", "a", "b", None, None, None, None),
            (
                "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "a",
                "b",
                None,
                None,
                None,
                Some(0.0),
            ),
            ("novalue", "", "novalue", None, None, None, None),
            (" a = b ;", "a", "b", None, None, None, None),
            ("a=\"quoted\"", "a", "\"quoted\"", None, None, None, None),
            ("a=\tb\t", "a", "b", None, None, None, None),
        ];
        for (h, n, v, ss, path, ma, ex) in cases {
            let c = parse_set_cookie(h).unwrap_or_else(|e| panic!("{h:?}: {e}"));
            assert_eq!((c.name, c.value), (n, v), "{h:?}");
            assert_eq!(c.same_site, ss, "{h:?}");
            assert_eq!(c.path, path, "{h:?}");
            assert_eq!(c.max_age, ma, "{h:?}");
            assert_eq!(c.expires, ex, "{h:?}");
        }
        let d = parse_set_cookie("a=b; Domain=").unwrap();
        assert_eq!(d.domain, None);
        let d = parse_set_cookie("a=b; domain=example.com").unwrap();
        assert_eq!(d.domain, Some("example.com"));
        let long = format!("a=b; Path=/{}", "x".repeat(2000));
        assert_eq!(parse_set_cookie(&long).unwrap().path, None);
    }

    #[test]
    fn set_cookie_errors() {
        let big = format!("n={}", "v".repeat(4096));
        let cases: Vec<(&str, SetCookieError, usize)> = vec![
            ("", SetCookieError::Empty, 0),
            ("  ", SetCookieError::Empty, 0),
            ("=", SetCookieError::EmptyNameAndValue, 0),
            ("; Secure", SetCookieError::EmptyNameAndValue, 0),
            ("a=b\nc", SetCookieError::ControlChar, 3),
            ("a=b; Path=/\x00", SetCookieError::ControlChar, 11),
            (&big, SetCookieError::TooLarge(4097), 0),
        ];
        for (h, kind, off) in cases {
            let e = parse_set_cookie(h).unwrap_err();
            assert_eq!((e.kind, e.offset), (kind, off), "{h:?}");
        }
        let max = format!("n={}", "v".repeat(4095));
        assert_eq!(
            parse_set_cookie(&max).map(|c| c.bytes),
            Ok(4096),
            "4096 bytes is fine"
        );
    }

    #[test]
    fn deletes_table() {
        let now = 1_000_000.0;
        for (h, want) in [
            ("a=b", false),
            ("a=b; Max-Age=0", true),
            ("a=b; Max-Age=-10", true),
            ("a=b; Max-Age=10", false),
            ("a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT", true),
            ("a=b; Expires=Thu, 01 Jan 2099 00:00:00 GMT", false),
            (
                "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60",
                false,
            ),
        ] {
            assert_eq!(parse_set_cookie(h).unwrap().deletes(now), want, "{h}");
        }
    }

    proptest! {
        #[test]
        fn prop_cookie_never_panics(s in "\\PC{0,100}") {
            let (ps, es) = parse_cookie_header(&s);
            for p in &ps {
                prop_assert!(p.offset <= s.len() && s.is_char_boundary(p.offset));
            }
            for e in &es {
                prop_assert!(e.offset <= s.len() && s.is_char_boundary(e.offset));
                let _ = e.caret(&s);
            }
            if let Err(e) = parse_set_cookie(&s) {
                prop_assert!(s.is_char_boundary(e.offset));
                let _ = e.caret(&s);
            }
        }

        #[test]
        fn prop_bytes(b in proptest::collection::vec(any::<u8>(), 0..200)) {
            let s = String::from_utf8_lossy(&b);
            let (ps, es) = parse_cookie_header(&s);
            for p in &ps { prop_assert!(s.is_char_boundary(p.offset)); }
            for e in &es { prop_assert!(s.is_char_boundary(e.offset)); }
            if let Err(e) = parse_set_cookie(&s) {
                prop_assert!(s.is_char_boundary(e.offset));
            }
        }

        #[test]
        fn prop_cookie_round_trip(list in prop::collection::vec(("[A-Za-z0-9_.!#$%&'*+^`|~-]{1,12}", "[A-Za-z0-9_.!#$%&'()*+/:<>?@\\[\\]^`{|}~-]{0,20}"), 0..8)) {
            let refs: Vec<(&str, &str)> = list.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let header = format_cookie_header(&refs);
            let (ps, es) = parse_cookie_header(&header);
            prop_assert!(es.is_empty(), "{:?}", es);
            let got: Vec<(&str, &str)> = ps.iter().map(|p| (p.name, p.value)).collect();
            prop_assert_eq!(got, refs);
            for p in &ps {
                prop_assert!(header[p.offset..].starts_with(p.name));
            }
        }

        #[test]
        fn prop_set_cookie_round_trip(
            name in "[A-Za-z0-9_-]{1,12}", value in "[A-Za-z0-9_.-]{0,30}",
            max_age in proptest::option::of(-100_000i64..100_000_000),
            secure: bool, http_only: bool,
            ss in proptest::option::of(prop::sample::select(vec![SameSite::Strict, SameSite::Lax, SameSite::None])),
            path in proptest::option::of("/[a-z/]{0,10}"),
        ) {
            let mut h = format!("{name}={value}");
            if let Some(m) = max_age { h.push_str(&format!("; Max-Age={m}")); }
            if secure { h.push_str("; Secure"); }
            if http_only { h.push_str("; HttpOnly"); }
            if let Some(s) = ss { h.push_str(&format!("; SameSite={s:?}")); }
            if let Some(p) = &path { h.push_str(&format!("; Path={p}")); }
            let c = parse_set_cookie(&h).unwrap();
            prop_assert_eq!((c.name, c.value), (name.as_str(), value.as_str()));
            prop_assert_eq!(c.max_age, max_age);
            prop_assert_eq!((c.secure, c.http_only), (secure, http_only));
            prop_assert_eq!(c.same_site, ss);
            prop_assert_eq!(c.path, path.as_deref());
            prop_assert_eq!(c.bytes, name.len() + value.len());
        }
    }
}
