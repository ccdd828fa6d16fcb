//! Lenient serde building blocks: a field of the wrong JSON type reads as absent instead
//! of failing the whole file; strings are borrowed from the input when they have no escapes.

use super::{cut_str, RAW_TEXT_CAP};
use crate::model::limits;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// A string field; numbers and booleans become their text; anything else is absent.
#[derive(Default)]
pub(super) struct Text<'a>(pub(super) Option<Cow<'a, str>>);

/// A number field; numeric strings are read too.
#[derive(Default)]
pub(super) struct Num(pub(super) Option<f64>);

/// Number of elements of an array field (0 when not an array).
#[derive(Default)]
pub(super) struct Count(pub(super) usize);

/// The first [`RAW_TEXT_CAP`] bytes of a string field.
#[derive(Default)]
pub(super) struct Capped(pub(super) Option<String>);

/// Header list: `[{name, value}]` (HAR) or `{name: value}` (some tools).
#[derive(Default)]
pub(super) struct Headers<'a> {
    pub(super) list: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Headers in the input (may exceed `list.len()`).
    pub(super) total: usize,
    /// Sum of `name: value\r\n` over all headers, for the headers-size check.
    pub(super) bytes: usize,
}

macro_rules! other_shapes_are {
    ($v:expr) => {
        fn visit_bool<E: ::serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($v)
        }
        fn visit_i64<E: ::serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($v)
        }
        fn visit_u64<E: ::serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($v)
        }
        fn visit_f64<E: ::serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($v)
        }
        fn visit_str<E: ::serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($v)
        }
        fn visit_unit<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($v)
        }
        fn visit_none<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($v)
        }
    };
}

pub(super) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<usize, A::Error> {
    let mut n = 0;
    while seq.next_element::<IgnoredAny>()?.is_some() {
        n += 1;
    }
    Ok(n)
}

pub(super) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: ::serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E: ::serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v))))
            }
            fn visit_bool<E: ::serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_f64<E: ::serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_unit<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|_| Text(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|_| Text(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Num(Some(v as f64)))
            }
            fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Num(Some(v as f64)))
            }
            fn visit_f64<E: ::serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Num(Some(v)))
            }
            fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Num(v.trim().parse::<f64>().ok().filter(|x| x.is_finite())))
            }
            fn visit_bool<E: ::serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Num(None))
            }
            fn visit_unit<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Num(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|_| Num(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|_| Num(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            other_shapes_are!(Count(0));
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(Count)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|_| Count(0))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Capped {
    /// Reads the value raw (serde_json skips a string without copying or unescaping it) and
    /// decodes only the first [`RAW_TEXT_CAP`] bytes: bodies are the bulk of a HAR's bytes.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&'de serde_json::value::RawValue>::deserialize(d)?.get();
        Ok(Capped(
            raw.strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .map(|body| decode_capped(body, RAW_TEXT_CAP)),
        ))
    }
}

/// The text of a JSON string's inside (`body`: valid JSON string content, between the
/// quotes), cut to at most `cap` bytes at a character boundary: what decoding the whole
/// string and cutting it gives, with only the first `cap` bytes decoded. A lone surrogate
/// escape becomes U+FFFD; anything not a valid escape is kept as it is (never panics).
pub(super) fn decode_capped(body: &str, cap: usize) -> String {
    let mut out = String::with_capacity(body.len().min(cap.saturating_add(4)));
    let mut rest = body;
    while out.len() < cap.saturating_add(1) {
        let Some(at) = rest.find('\\') else {
            out.push_str(cut_str(rest, cap.saturating_add(1) - out.len()));
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (c, used) = unescape(rest);
        out.push(c);
        rest = &rest[used..];
    }
    cut_str(&out, cap).to_string()
}

/// The character of the escape at the start of `s` (which starts with a backslash), and the
/// bytes it takes.
fn unescape(s: &str) -> (char, usize) {
    let b = s.as_bytes();
    let simple = match b.get(1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let Some(hi) = hex4(s, 2) else {
                return ('\\', 1);
            };
            if (0xD800..0xDC00).contains(&hi) && b.get(6) == Some(&b'\\') && b.get(7) == Some(&b'u')
            {
                if let Some(lo) = hex4(s, 8).filter(|lo| (0xDC00..0xE000).contains(lo)) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return (char::from_u32(c).unwrap_or('\u{fffd}'), 12);
                }
            }
            return (char::from_u32(hi).unwrap_or('\u{fffd}'), 6);
        }
        _ => return ('\\', 1),
    };
    (simple, 2)
}

fn hex4(s: &str, at: usize) -> Option<u32> {
    let h = s.get(at..at + 4)?;
    if h.bytes().all(|c| c.is_ascii_hexdigit()) {
        u32::from_str_radix(h, 16).ok()
    } else {
        None
    }
}

/// An object key, borrowed when it has no escapes.
pub(super) struct Key<'a>(pub(super) Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: ::serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// An object read key by key; any other JSON shape reads as `None`.
pub(super) trait FromMap<'de>: Sized {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Some(T)` when the value is an object, `None` for any other shape.
pub(super) struct Obj<T>(pub(super) Option<T>);

impl<'de, T: FromMap<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: FromMap<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            other_shapes_are!(Obj(None));
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|_| Obj(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::from_map(map).map(|t| Obj(Some(t)))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for Headers<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Headers<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a header list")
            }
            other_shapes_are!(Headers::default());
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut h = Headers::default();
                while let Some(Obj(item)) = seq.next_element::<Obj<HeaderItem<'de>>>()? {
                    if let Some(HeaderItem {
                        name: Some(n),
                        value,
                    }) = item
                    {
                        h.push(n, value.unwrap_or(Cow::Borrowed("")));
                    }
                }
                Ok(h)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut h = Headers::default();
                while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
                    let Text(v) = map.next_value::<Text<'de>>()?;
                    h.push(k, v.unwrap_or(Cow::Borrowed("")));
                }
                Ok(h)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'a> Headers<'a> {
    fn push(&mut self, name: Cow<'a, str>, value: Cow<'a, str>) {
        self.total += 1;
        self.bytes = self.bytes.saturating_add(name.len() + value.len() + 4);
        if self.list.len() < limits::MAX_HEADERS {
            self.list.push((name, value));
        }
    }
}

pub(super) struct HeaderItem<'a> {
    pub(super) name: Option<Cow<'a, str>>,
    pub(super) value: Option<Cow<'a, str>>,
}

impl<'de> FromMap<'de> for HeaderItem<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut h = HeaderItem {
            name: None,
            value: None,
        };
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "name" => h.name = map.next_value::<Text<'de>>()?.0,
                "value" => h.value = map.next_value::<Text<'de>>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(h)
    }
}

pub(super) use other_shapes_are;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The inside of `s` as a JSON string, with some characters written as `\u` escapes.
    fn escaped(s: &str, unicode_every: usize) -> String {
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if unicode_every > 0 && i % unicode_every == 0 {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04X}"));
                }
            } else {
                let j = serde_json::to_string(&c.to_string()).unwrap();
                out.push_str(&j[1..j.len() - 1]);
            }
        }
        out
    }

    #[test]
    fn decodes_escapes_and_cuts() {
        let cases: &[(&str, usize, &str)] = &[
            (r#"a\"b\\c\/d\n\t\r\b\f"#, 100, "a\"b\\c/d\n\t\r\u{8}\u{c}"),
            (r"\u00e9\u00E9", 100, "éé"),
            (r"\ud83d\ude00!", 100, "😀!"),
            (r"\ud83dx", 100, "\u{fffd}x"),
            (r"\ude00", 100, "\u{fffd}"),
            (r"abcdef", 3, "abc"),
            (r"ab\u00e9", 3, "ab"),
            (r"ab\u00e9", 4, "abé"),
            (r"😀😀", 5, "😀"),
            ("", 10, ""),
            (r"\", 10, "\\"),
            (r"\u12", 10, "\\u12"),
        ];
        for (body, cap, want) in cases {
            assert_eq!(decode_capped(body, *cap), *want, "{body:?} cap {cap}");
        }
    }

    #[test]
    fn capped_reads_strings_and_nothing_else() {
        for (json, want) in [
            (r#""a\u0041""#, Some("aA")),
            ("12", None),
            ("null", None),
            (r#"{"a":"b"}"#, None),
            (r#"["x"]"#, None),
        ] {
            let c: Capped = serde_json::from_str(json).unwrap();
            assert_eq!(c.0.as_deref(), want, "{json}");
        }
    }

    proptest! {
        /// The same text as serde_json's decoding of the whole string, cut.
        #[test]
        fn same_as_serde_json_then_cut(s in "\\PC{0,200}", every in 0usize..4, cap in 0usize..300) {
            let inside = escaped(&s, every);
            let full: String = serde_json::from_str(&format!("\"{inside}\"")).unwrap();
            prop_assert_eq!(decode_capped(&inside, cap), cut_str(&full, cap));
        }

        #[test]
        fn never_panics(s in "[\\\\u0-9a-fA-FdD\"x😀]{0,40}", cap in 0usize..50) {
            let out = decode_capped(&s, cap);
            prop_assert!(out.len() <= cap);
        }
    }
}
