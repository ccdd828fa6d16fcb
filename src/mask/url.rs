//! [`MaskedUrl`]: a URL with its secrets replaced by placeholders.

use super::names::secret_name;
use super::shape::secret_shape;
use super::text::mask_text_at;
use super::{is_placeholder, label_len_at, placeholder, Kind};
use std::borrow::Cow;

/// Longest URL kept; a longer one is cut (at a delimiter, so no secret is cut in half).
pub const MAX_URL: usize = 4096;

/// How deep URLs nested in parameter values (`redirect_uri=https%3A…`) are masked.
pub(crate) const MAX_DEPTH: usize = 3;

/// A URL with userinfo, secret-named parameters and secret-shaped values masked. The
/// string is private: the only way to get one is [`MaskedUrl::new`], which masks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MaskedUrl(pub(super) String);

impl MaskedUrl {
    /// Masks `raw` (cut to [`MAX_URL`] bytes first). Masking a masked URL changes nothing.
    pub fn new(raw: &str) -> MaskedUrl {
        MaskedUrl(mask_url(raw, 0))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// At most `max` bytes (never cutting a placeholder), `…` marking a cut.
    pub fn cut(&self, max: usize) -> MaskedUrl {
        MaskedUrl(super::cut(&self.0, max))
    }
}

/// Byte index of the first char of `s` matching `pred`, skipping numbered placeholders
/// (`‹token #1›` holds a `#` and a space that are not delimiters).
pub(crate) fn find_outside(s: &str, pred: impl Fn(char) -> bool) -> Option<usize> {
    let mut i = 0;
    while i < s.len() {
        if let Some(l) = label_len_at(s, i) {
            i += l;
            continue;
        }
        let c = s[i..].chars().next()?;
        if pred(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

fn rfind_outside(s: &str, ch: char) -> Option<usize> {
    let mut last = None;
    let mut from = 0;
    while let Some(i) = find_outside(&s[from..], |c| c == ch) {
        last = Some(from + i);
        from += i + ch.len_utf8();
    }
    last
}

fn split_outside(s: &str, ch: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some(i) = find_outside(rest, |c| c == ch) {
        parts.push(&rest[..i]);
        rest = &rest[i + ch.len_utf8()..];
    }
    parts.push(rest);
    parts
}

fn split_once_outside(s: &str, ch: char) -> Option<(&str, &str)> {
    find_outside(s, |c| c == ch).map(|i| (&s[..i], &s[i + ch.len_utf8()..]))
}

/// Percent-decodes (and `+` → space when `form`), lossily; invalid escapes stay as they are.
pub fn pct_decode(s: &str, form: bool) -> Cow<'_, str> {
    if !(s.contains('%') || form && s.contains('+')) {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if form => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Cuts `raw` to [`MAX_URL`] bytes; when cut, drops the part after the last delimiter (a
/// value cut in half may be a secret that no longer looks like one) and marks it `…`.
fn cut_raw(raw: &str) -> Cow<'_, str> {
    if raw.len() <= MAX_URL {
        return Cow::Borrowed(raw);
    }
    let head = crate::parse::cut(raw, MAX_URL);
    let end = head.rfind(['/', '?', '&', '#', ';', '=', '@']).unwrap_or(0);
    // Keep the delimiter (ASCII): `&pad=…`.
    let end = if end == 0 { 0 } else { end + 1 };
    Cow::Owned(format!("{}…", &head[..end]))
}

pub(crate) fn mask_url(raw: &str, depth: usize) -> String {
    let url = cut_raw(raw);
    let url = url.as_ref();
    let (rest, frag) = match split_once_outside(url, '#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let (base, query) = match split_once_outside(rest, '?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(url.len());
    // scheme://authority
    let path = match base.find("://") {
        Some(i)
            if base[..i]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) =>
        {
            let after = &base[i + 3..];
            let end = find_outside(after, |c| c == '/' || c == '\\').unwrap_or(after.len());
            out.push_str(&base[..i + 3]);
            authority(&mut out, &after[..end]);
            &after[end..]
        }
        _ => base,
    };
    let segs: Vec<String> = split_outside(path, '/')
        .into_iter()
        .map(|seg| segment(seg, depth))
        .collect();
    out.push_str(&segs.join("/"));
    if let Some(q) = query {
        out.push('?');
        out.push_str(&params(q, '&', depth));
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(&params(f, '&', depth));
    }
    out
}

/// `user:password@host` → `user:‹password #1›@host`; a userinfo without a password (often
/// a token: `https://TOKEN@github.com`) is masked whole.
fn authority(out: &mut String, auth: &str) {
    let Some(at) = rfind_outside(auth, '@') else {
        out.push_str(auth);
        return;
    };
    let (info, host) = (&auth[..at], &auth[at..]);
    if info.is_empty() || is_placeholder(info) {
        out.push_str(info);
    } else {
        match split_once_outside(info, ':') {
            Some((user, pass)) => {
                if secret_shape(&pct_decode(user, false)).is_some() {
                    out.push_str(&placeholder(Kind::Token, &pct_decode(user, false)));
                } else {
                    out.push_str(user);
                }
                out.push(':');
                if pass.is_empty() || is_placeholder(pass) {
                    out.push_str(pass);
                } else {
                    out.push_str(&placeholder(Kind::Password, &pct_decode(pass, false)));
                }
            }
            None => out.push_str(&placeholder(Kind::Token, &pct_decode(info, false))),
        }
    }
    out.push_str(host);
}

/// A path segment: masked whole when secret-shaped; `;name=value` parameters by name.
fn segment(seg: &str, depth: usize) -> String {
    let (head, matrix) = match split_once_outside(seg, ';') {
        Some((h, m)) => (h, Some(m)),
        None => (seg, None),
    };
    let mut out = match shaped(head) {
        Some(p) => p,
        // Secret words inside a segment (`key,JWT`).
        None if depth < MAX_DEPTH => {
            let d = pct_decode(head, false);
            let m = mask_text_at(&d, depth + 1);
            if m != d {
                m
            } else {
                head.to_string()
            }
        }
        None => head.to_string(),
    };
    if let Some(m) = matrix {
        out.push(';');
        out.push_str(&params(m, ';', depth));
    }
    out
}

/// The placeholder of a secret-shaped (percent-encoded) value, if it is one.
fn shaped(v: &str) -> Option<String> {
    if v.is_empty() || is_placeholder(v) {
        return None;
    }
    let d = pct_decode(v, false);
    secret_shape(&d).map(|k| placeholder(k, &d))
}

/// `a=1&token=x` with secret values masked: by name, by shape, or inside a nested URL.
pub(crate) fn params(s: &str, sep: char, depth: usize) -> String {
    let parts: Vec<String> = split_outside(s, sep)
        .into_iter()
        .map(|kv| match split_once_outside(kv, '=') {
            Some((k, v)) => format!("{k}={}", param_value(k, v, depth)),
            None => shaped(kv).unwrap_or_else(|| kv.to_string()),
        })
        .collect();
    parts.join(&sep.to_string())
}

fn param_value(name: &str, v: &str, depth: usize) -> String {
    if v.is_empty() || is_placeholder(v) {
        return v.to_string();
    }
    let d = pct_decode(v, true);
    if let Some(kind) = secret_name(name) {
        return placeholder(kind, &d);
    }
    if let Some(kind) = secret_shape(&d) {
        return placeholder(kind, &d);
    }
    // Secret words or a URL inside the value (`redirect_uri=https%3A…`, `a=x#b=JWT`):
    // masked word by word, shown decoded.
    if depth < MAX_DEPTH {
        let m = mask_text_at(&d, depth + 1);
        if m != d {
            return m;
        }
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::Numbering;
    use super::*;

    fn shown(raw: &str) -> String {
        let mut s = MaskedUrl::new(raw).0;
        Numbering::default().string(&mut s);
        s
    }

    #[test]
    fn url_table() {
        let cases = [
            (
                "https://x.com/a?q=1&access_token=s3cr3t&z=2",
                "https://x.com/a?q=1&access_token=‹token #1›&z=2",
            ),
            ("https://bob:pw@x.com/", "https://bob:‹password #1›@x.com/"),
            (
                "https://ghp_abc@github.com/o/r.git",
                "https://‹token #1›@github.com/o/r.git",
            ),
            (
                "https://x.com/cb?code=abc&state=xyz#id_token=t",
                "https://x.com/cb?code=‹code #1›&state=‹value #2›#id_token=‹token #3›",
            ),
            (
                "https://a/cb#access_token=x&state=1",
                "https://a/cb#access_token=‹token #1›&state=‹value #2›",
            ),
            ("https://a/doc#section-2", "https://a/doc#section-2"),
            ("https://a/p#x?token=1", "https://a/p#x?token=‹token #1›"),
            // Look-alike names and empty values stay.
            (
                "https://x.com/a?code=&passage=1&tokens=2",
                "https://x.com/a?code=&passage=1&tokens=2",
            ),
            // Any case and spelling of a secret name.
            (
                "https://x/?authToken=1&private_token=2&ACCESS-TOKEN=3",
                "https://x/?authToken=‹token #1›&private_token=‹token #2›&ACCESS-TOKEN=‹token #3›",
            ),
            (
                "https://s3.x/o?X-Amz-Credential=AK%2F1&X-Amz-Signature=ab",
                "https://s3.x/o?X-Amz-Credential=‹key #1›&X-Amz-Signature=‹signature #2›",
            ),
            // A JWT under any name, and in a path segment.
            (
                "https://x/r?foo=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
                "https://x/r?foo=‹token #1›",
            ),
            (
                "https://x/verify/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln/done",
                "https://x/verify/‹token #1›/done",
            ),
            // A long random value, whatever its name or place.
            (
                "https://x/k/a8F3kQ9zL2mX7vB1nR4tY6wP/x?id=9f86d081884c7d659a2feaa0c55ad015",
                "https://x/k/‹secret #1›/x?id=‹secret #2›",
            ),
            // Matrix parameters, nested URLs.
            (
                "https://x/app;jsessionid=ABC123?x=1",
                "https://x/app;jsessionid=‹token #1›?x=1",
            ),
            (
                "https://x/login?return_to=https%3A%2F%2Fy%2Fcb%3Ftoken%3Dabc",
                "https://x/login?return_to=https://y/cb?token=‹token #1›",
            ),
            // The same secret twice: the same placeholder.
            (
                "https://u:hunter22@x/?password=hunter22",
                "https://u:‹password #1›@x/?password=‹password #1›",
            ),
            // Secret words inside a value or a segment.
            (
                "https://x/?a=1#a=aa0AA00a0A00Aa00Aaa0A0a0AA0aA0A0#b=2",
                "https://x/?a=1#a=‹secret #1›#b=2",
            ),
            (
                "https://x/v1/k,a8F3kQ9zL2mX7vB1nR4tY6wP/x",
                "https://x/v1/k,‹secret #1›/x",
            ),
            ("", ""),
            ("not a url", "not a url"),
        ];
        for (raw, want) in cases {
            let got = shown(raw);
            assert_eq!(got, want, "{raw}");
            assert_eq!(shown(&got), want, "masking twice changes nothing: {want}");
        }
    }

    #[test]
    fn long_urls_are_cut_at_a_delimiter() {
        let secret = "s".repeat(5000);
        let m = shown(&format!("https://x.com/a?key=v&pad={secret}"));
        assert_eq!(m, "https://x.com/a?key=‹key #1›&pad=…");
        let m = shown(&format!("https://x.com/{}é", "p/".repeat(3000)));
        assert!(m.len() <= MAX_URL + 4 && m.ends_with('…'), "{}", m.len());
    }

    #[test]
    fn hostile_brackets_do_not_hide_delimiters() {
        let m = shown("https://x/?a=‹&token=s3cr3t#‹token #");
        assert!(!m.contains("s3cr3t"), "{m}");
    }

    proptest::proptest! {
        /// Any text: no panic, and masking the shown (numbered) URL again changes nothing.
        #[test]
        fn masks_any_text_idempotently(s in "(https?://)?[a-zA-Z0-9:@/?&=#%.;,‹› _~+-]{0,120}") {
            let once = shown(&s);
            proptest::prop_assert_eq!(shown(&once), once);
        }

        #[test]
        fn secret_named_values_never_survive(
            name in proptest::sample::select(vec!["token", "access_token", "password", "X-Amz-Signature", "client_secret", "code"]),
            v in "[A-Za-z0-9]{6,30}",
            prefix in "[a-z]{1,5}=[a-z0-9]{0,5}&",
        ) {
            let m = shown(&format!("https://x.test/p?{prefix}{name}={v}#{name}={v}"));
            proptest::prop_assert!(!m.contains(&v), "{}", m);
        }
    }

    #[test]
    fn hostile_inputs_are_bounded() {
        let nested = "https://x/?r=".repeat(500) + "token=abc";
        let m = shown(&nested);
        assert!(!m.contains("token=abc"), "{m}");
        let quotes = "password=\"".repeat(3000);
        let _ = super::super::MaskedText::text(&quotes);
        let bearer = format!("password=Bearer{}", " Bearer".repeat(3000));
        let _ = super::super::MaskedText::text(&bearer);
    }

    #[test]
    fn pct() {
        assert_eq!(pct_decode("a%2Fb+c", true), "a/b c");
        assert_eq!(pct_decode("a%2", false), "a%2");
        assert_eq!(pct_decode("%zz%41", false), "%zzA");
        assert_eq!(pct_decode("%", false), "%");
    }
}
