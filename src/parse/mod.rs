//! Parsers for what a 401 is made of: Authorization, JWT, challenges, cookies, dates, URLs.
//!
//! Pure and policy-free: each parser says what the bytes are and where they are broken
//! (byte offsets into the input), never whether that is a cause of a 401. Nothing here
//! panics on any input, and work is bounded by the input length.

pub mod authorization;
pub mod body;
pub mod challenge;
pub mod cookie;
pub mod date;
pub mod jwt;
pub mod session;
pub mod url;

use std::fmt;

/// A problem found at a byte offset of the parsed input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError<K> {
    pub kind: K,
    /// Byte offset into the input the parser was given (always on a char boundary,
    /// at most the input length).
    pub offset: usize,
}

impl<K> ParseError<K> {
    pub fn new(kind: K, offset: usize) -> Self {
        ParseError { kind, offset }
    }

    /// The same error with its offset moved by `by` bytes (for an input embedded in a
    /// larger one, e.g. a token inside an Authorization header).
    pub fn shifted(self, by: usize) -> Self {
        ParseError {
            kind: self.kind,
            offset: self.offset.saturating_add(by),
        }
    }
}

/// How an error kind reads under the caret, given the character at the offset.
/// The default is the kind's `Display`.
pub trait CaretLabel: fmt::Display {
    fn caret_label(&self, found: Option<char>) -> String {
        let _ = found;
        self.to_string()
    }
}

impl<K: CaretLabel> ParseError<K> {
    /// The input (cut around the offset if long, control characters made visible) and a
    /// `^` line under the offset with `byte N: <what is wrong>`.
    ///
    /// ```text
    /// Bearer eyJhbGciOi+JIUzI1NiJ9
    ///                  ^ byte 17: '+' is not valid base64url
    /// ```
    pub fn caret(&self, input: &str) -> String {
        let at = floor_char_boundary(input, self.offset);
        let found = input.get(at..).and_then(|s| s.chars().next());
        let label = format!("byte {}: {}", self.offset, self.kind.caret_label(found));
        caret_at(input, self.offset, &label)
    }
}

impl<K: fmt::Display> fmt::Display for ParseError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}", self.offset, self.kind)
    }
}

impl<K: fmt::Debug + fmt::Display> std::error::Error for ParseError<K> {}

/// Characters shown before / after the offset when the input is cut.
const CARET_BEFORE: usize = 40;
const CARET_AFTER: usize = 30;

/// Renders `input` on one line (cut around `offset` when long, `…` marking a cut,
/// control characters shown as visible symbols) and a second line with `^` under
/// `offset` followed by `label` (its control characters made visible too). Never slices
/// inside a UTF-8 character.
pub fn caret_at(input: &str, offset: usize, label: &str) -> String {
    let at = floor_char_boundary(input, offset);
    let (head, tail) = input.split_at(at);
    // Window: up to CARET_BEFORE chars before, CARET_AFTER chars from the offset.
    let head_chars = head.chars().count();
    let start = if head_chars > CARET_BEFORE {
        head.char_indices()
            .nth(head_chars - CARET_BEFORE)
            .map_or(0, |(i, _)| i)
    } else {
        0
    };
    let end = tail
        .char_indices()
        .nth(CARET_AFTER)
        .map_or(tail.len(), |(i, _)| i);
    let shown_head = head.get(start..).unwrap_or("");
    let shown_tail = tail.get(..end).unwrap_or("");
    let mut line = String::with_capacity(shown_head.len() + shown_tail.len() + 8);
    let mut col = 0usize;
    if start > 0 {
        line.push('…');
        col += 1;
    }
    for c in shown_head.chars() {
        line.push(visible(c));
        col += 1;
    }
    for c in shown_tail.chars() {
        line.push(visible(c));
    }
    if end < tail.len() {
        line.push('…');
    }
    let mut out = line.trim_end_matches(' ').to_string();
    out.push('\n');
    out.extend(std::iter::repeat(' ').take(col));
    out.push_str("^ ");
    // The label may quote the input (a placeholder): keep it on its line too.
    out.extend(label.chars().map(visible));
    out
}

/// One printable character standing for `c` (control characters made visible).
fn visible(c: char) -> char {
    match c {
        '\n' => '↵',
        '\r' => '␍',
        '\t' => '→',
        c if c.is_control() => '�',
        c => c,
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub fn cut(s: &str, max: usize) -> &str {
    s.get(..floor_char_boundary(s, max)).unwrap_or("")
}

/// The largest char boundary `<= i` (and `<= s.len()`).
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offset of `sub` inside `whole` (`sub` must be a subslice of `whole`; otherwise 0).
pub(crate) fn offset_in(whole: &str, sub: &str) -> usize {
    let w = whole.as_ptr() as usize;
    let s = sub.as_ptr() as usize;
    if s >= w && s <= w + whole.len() {
        s - w
    } else {
        0
    }
}

/// RFC 9110 `tchar`.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Why base64 text does not decode: the byte offset of a bad character (or misplaced
/// `=`), or the end offset when the length is impossible (cut short).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum B64Error {
    BadChar(usize),
    Truncated(usize),
}

/// Decodes base64 (`url`: the `-_` alphabet, else `+/`), padding optional. Returns the
/// bytes and whether `=` padding was present. Trailing bits are ignored.
pub(crate) fn base64_decode(s: &str, url: bool) -> Result<(Vec<u8>, bool), B64Error> {
    let bytes = s.as_bytes();
    let (c62, c63) = if url { (b'-', b'_') } else { (b'+', b'/') };
    let valid = |b: u8| b.is_ascii_alphanumeric() || b == c62 || b == c63;
    let data_len = bytes.iter().position(|&b| b == b'=').unwrap_or(bytes.len());
    let data = bytes.get(..data_len).unwrap_or(&[]);
    if let Some(i) = data.iter().position(|&b| !valid(b)) {
        return Err(B64Error::BadChar(i));
    }
    let pad = bytes.len() - data_len;
    if pad > 0 {
        let only_pad = bytes
            .get(data_len..)
            .unwrap_or(&[])
            .iter()
            .all(|&b| b == b'=');
        if !only_pad || pad > 2 || bytes.len() % 4 != 0 || data_len % 4 < 2 {
            return Err(B64Error::BadChar(data_len));
        }
    }
    if data_len % 4 == 1 {
        return Err(B64Error::Truncated(s.len()));
    }
    let mut out = Vec::with_capacity(data_len / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut nbits = 0u32;
    for &b in data {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b if b == c62 => 62,
            _ => 63,
        };
        acc = (acc << 6) | u32::from(v);
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((acc >> nbits) as u8);
            acc &= (1 << nbits) - 1;
        }
    }
    Ok((out, pad > 0))
}

/// Encodes bytes as base64 (`url`: unpadded base64url, else padded standard base64).
pub fn base64_encode(bytes: &[u8], url: bool) -> String {
    let alphabet: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let chars = chunk.len() + 1;
        for k in 0..4 {
            if k < chars {
                out.push(char::from(alphabet[((n >> (18 - 6 * k)) & 63) as usize]));
            } else if !url {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct K;
    impl fmt::Display for K {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("is not valid base64url")
        }
    }
    impl CaretLabel for K {
        fn caret_label(&self, found: Option<char>) -> String {
            match found {
                Some(c) => format!("{c:?} {self}"),
                None => self.to_string(),
            }
        }
    }

    #[test]
    fn base64_table() {
        assert_eq!(base64_decode("", false), Ok((vec![], false)));
        assert_eq!(base64_decode("YQ", false), Ok((b"a".to_vec(), false)));
        assert_eq!(base64_decode("YQ==", false), Ok((b"a".to_vec(), true)));
        assert_eq!(base64_decode("YWI=", false), Ok((b"ab".to_vec(), true)));
        assert_eq!(base64_decode("Y", false), Err(B64Error::Truncated(1)));
        assert_eq!(base64_decode("YQ=", false), Err(B64Error::BadChar(2)));
        assert_eq!(base64_decode("YQ===", false), Err(B64Error::BadChar(2)));
        assert_eq!(base64_decode("Y=Q=", false), Err(B64Error::BadChar(1)));
        assert_eq!(base64_decode("a-b_", false), Err(B64Error::BadChar(1)));
        assert_eq!(base64_decode("a+b/", true), Err(B64Error::BadChar(1)));
        assert_eq!(
            base64_decode("+/+/", false),
            Ok((vec![0xfb, 0xff, 0xbf], false))
        );
        assert_eq!(base64_encode(b"ab", false), "YWI=");
        assert_eq!(base64_encode(b"ab", true), "YWI");
        assert_eq!(base64_encode(&[0xfb, 0xff], true), "-_8");
    }

    proptest::proptest! {
        #[test]
        fn prop_base64_round_trip(b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200), url: bool) {
            let enc = base64_encode(&b, url);
            proptest::prop_assert_eq!(base64_decode(&enc, url).map(|x| x.0), Ok(b));
        }

        #[test]
        fn prop_base64_never_panics(s in "\\PC{0,64}", url: bool) {
            match base64_decode(&s, url) {
                Ok(_) => {}
                Err(B64Error::BadChar(i)) => proptest::prop_assert!(i < s.len() && s.is_char_boundary(i)),
                Err(B64Error::Truncated(i)) => proptest::prop_assert_eq!(i, s.len()),
            }
        }

        #[test]
        fn prop_caret_never_panics(s in "\\PC{0,200}", off in 0usize..300) {
            let c = caret_at(&s, off, "x");
            proptest::prop_assert!(c.ends_with("^ x"));
        }
    }

    #[test]
    fn caret_short() {
        let e = ParseError::new(K, 17);
        assert_eq!(
            e.caret("Bearer eyJhbGciOi.JIUzI1NiJ9"),
            "Bearer eyJhbGciOi.JIUzI1NiJ9\n                 ^ byte 17: '.' is not valid base64url"
        );
        assert_eq!(e.to_string(), "byte 17: is not valid base64url");
    }

    #[test]
    fn caret_cuts_long_input_on_char_boundaries() {
        let input = format!("{}X{}", "é".repeat(100), "ü".repeat(100));
        let off = 200; // the X
        let s = ParseError::new(K, off).caret(&input);
        let mut lines = s.lines();
        let first = lines.next().unwrap();
        let second = lines.next().unwrap();
        assert!(first.starts_with('…') && first.ends_with('…'));
        let col = second.chars().position(|c| c == '^').unwrap();
        assert_eq!(first.chars().nth(col), Some('X'));
        assert!(second.ends_with("byte 200: 'X' is not valid base64url"));
    }

    #[test]
    fn caret_offset_inside_char_and_past_end() {
        let s = caret_at("aé", 2, "x");
        assert_eq!(s, "aé\n ^ x");
        let s = caret_at("ab", 99, "end");
        assert_eq!(s, "ab\n  ^ end");
        let s = caret_at("a\nb", 2, "here");
        assert_eq!(s, "a↵b\n  ^ here");
        // Found by fuzzing (fuzz/parse_authorization): a label quoting the input broke
        // the caret onto a third line.
        let s = caret_at("x", 0, "placeholder `a\nb\t`");
        assert_eq!(s, "x\n^ placeholder `a↵b→`");
    }
}
