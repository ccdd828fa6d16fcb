//! The shapes of a HAR read by the lenient blocks: entries, requests, responses, content,
//! Chrome's `_initiator`, pages, and the seeds that stream `log.entries` into [`State`].

use super::lenient::{
    drain_map, drain_seq, other_shapes_are, Capped, Count, FromMap, Headers, Key, Num, Obj, Text,
};
use super::{cut_str, State};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

#[derive(Default)]
pub(super) struct RawEntry<'a> {
    pub(super) started: Text<'a>,
    pub(super) pageref: Text<'a>,
    pub(super) request: Option<RawRequest<'a>>,
    pub(super) response: Option<RawResponse<'a>>,
    pub(super) resource_type: Text<'a>,
    pub(super) initiator: Option<Initiator>,
    pub(super) error: Text<'a>,
}

#[derive(Default)]
pub(super) struct RawRequest<'a> {
    pub(super) method: Text<'a>,
    pub(super) url: Text<'a>,
    pub(super) http_version: Text<'a>,
    pub(super) headers: Headers<'a>,
    pub(super) cookies: Count,
    pub(super) headers_size: Num,
    pub(super) post_data: Option<RawPostData>,
}

/// `request.postData`: only its text is kept.
#[derive(Default)]
pub(super) struct RawPostData {
    pub(super) text: Capped,
}

impl<'de> FromMap<'de> for RawPostData {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut p = RawPostData::default();
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "text" => p.text = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(p)
    }
}

#[derive(Default)]
pub(super) struct RawResponse<'a> {
    pub(super) status: Num,
    pub(super) status_text: Text<'a>,
    pub(super) http_version: Text<'a>,
    pub(super) headers: Headers<'a>,
    pub(super) cookies: Count,
    pub(super) content: Option<RawContent<'a>>,
    pub(super) redirect_url: Text<'a>,
    pub(super) headers_size: Num,
    pub(super) error: Text<'a>,
}

#[derive(Default)]
pub(super) struct RawContent<'a> {
    pub(super) text: Capped,
    pub(super) encoding: Text<'a>,
    pub(super) mime_type: Text<'a>,
}

/// Chrome's `_initiator`: `{type, url, stack: {callFrames: [{url}]}}`; keeps the first URL.
#[derive(Default)]
pub(super) struct Initiator {
    pub(super) url: Option<String>,
}

pub(super) struct Stack(pub(super) Option<String>);
pub(super) struct CallFrames(pub(super) Option<String>);
pub(super) struct Frame(pub(super) Option<String>);

impl<'de> FromMap<'de> for RawEntry<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut e = RawEntry::default();
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "startedDateTime" => e.started = map.next_value()?,
                "pageref" => e.pageref = map.next_value()?,
                "request" => e.request = map.next_value::<Obj<RawRequest<'de>>>()?.0,
                "response" => e.response = map.next_value::<Obj<RawResponse<'de>>>()?.0,
                "_resourceType" => e.resource_type = map.next_value()?,
                "_initiator" => e.initiator = map.next_value::<Obj<Initiator>>()?.0,
                "_error" => e.error = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(e)
    }
}

impl<'de> FromMap<'de> for RawRequest<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut r = RawRequest::default();
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "method" => r.method = map.next_value()?,
                "url" => r.url = map.next_value()?,
                "httpVersion" => r.http_version = map.next_value()?,
                "headers" => r.headers = map.next_value()?,
                "cookies" => r.cookies = map.next_value()?,
                "headersSize" => r.headers_size = map.next_value()?,
                "postData" => r.post_data = map.next_value::<Obj<RawPostData>>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(r)
    }
}

impl<'de> FromMap<'de> for RawResponse<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut r = RawResponse::default();
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "status" => r.status = map.next_value()?,
                "statusText" => r.status_text = map.next_value()?,
                "httpVersion" => r.http_version = map.next_value()?,
                "headers" => r.headers = map.next_value()?,
                "cookies" => r.cookies = map.next_value()?,
                "content" => r.content = map.next_value::<Obj<RawContent<'de>>>()?.0,
                "redirectURL" => r.redirect_url = map.next_value()?,
                "headersSize" => r.headers_size = map.next_value()?,
                "_error" => r.error = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(r)
    }
}

impl<'de> FromMap<'de> for RawContent<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut c = RawContent::default();
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "text" => c.text = map.next_value()?,
                "encoding" => c.encoding = map.next_value()?,
                "mimeType" => c.mime_type = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(c)
    }
}

impl<'de> FromMap<'de> for Initiator {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut url = None;
        let mut stack_url = None;
        let mut preflight = false;
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                // A preflight's `url` is the request it guards, not who initiated it.
                "type" => {
                    preflight = map
                        .next_value::<Text<'de>>()?
                        .0
                        .is_some_and(|t| t == "preflight")
                }
                "url" => url = next_string(&mut map, 4096)?,
                "stack" => stack_url = map.next_value::<Obj<Stack>>()?.0.and_then(|s| s.0),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if preflight {
            url = None;
        }
        Ok(Initiator {
            url: url.filter(|u| !u.is_empty()).or(stack_url),
        })
    }
}

impl<'de> FromMap<'de> for Stack {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        one_field(map, "callFrames", |m| Ok(m.next_value::<CallFrames>()?.0)).map(Stack)
    }
}

impl<'de> Deserialize<'de> for CallFrames {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CallFrames;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("call frames")
            }
            other_shapes_are!(CallFrames(None));
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut first = None;
                while let Some(Obj(f)) = seq.next_element::<Obj<Frame>>()? {
                    if first.is_none() {
                        first = f.and_then(|f| f.0);
                    }
                }
                Ok(CallFrames(first))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|_| CallFrames(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> FromMap<'de> for Frame {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        one_field(map, "url", |m| {
            Ok(next_string(m, 4096)?.filter(|u| !u.is_empty()))
        })
        .map(Frame)
    }
}

/// The next value as an owned string cut to `max` bytes; absent unless a string, number or bool.
fn next_string<'de, A: MapAccess<'de>>(
    map: &mut A,
    max: usize,
) -> Result<Option<String>, A::Error> {
    Ok(map
        .next_value::<Text<'de>>()?
        .0
        .map(|c| cut_str(&c, max).to_string()))
}

/// An object read for one field only: `read` reads the value under `key` (the last one wins);
/// every other value is skipped.
fn one_field<'de, A: MapAccess<'de>, T>(
    mut map: A,
    key: &str,
    mut read: impl FnMut(&mut A) -> Result<Option<T>, A::Error>,
) -> Result<Option<T>, A::Error> {
    let mut out = None;
    while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
        if k == key {
            out = read(&mut map)?;
        } else {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(out)
}

pub(super) struct Creator(pub(super) Option<String>);

impl<'de> FromMap<'de> for Creator {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        one_field(map, "name", |m| next_string(m, 200)).map(Creator)
    }
}

pub(super) struct Page {
    pub(super) id: Option<String>,
    pub(super) title: Option<String>,
}

impl<'de> FromMap<'de> for Page {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut p = Page {
            id: None,
            title: None,
        };
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "id" => p.id = next_string(&mut map, 1024)?,
                "title" => p.title = next_string(&mut map, 8192)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(p)
    }
}

// ---- the document: {"log": {creator, pages, entries}} (or the log object itself) ----------

/// Pages kept (for `document_url`); more are read and dropped.
pub(super) const MAX_PAGES: usize = 10_000;

pub(super) struct TopSeed<'s> {
    pub(super) st: &'s mut State,
}

pub(super) struct LogSeed<'s> {
    pub(super) st: &'s mut State,
}

pub(super) struct EntriesSeed<'s> {
    pub(super) st: &'s mut State,
}

pub(super) struct PagesSeed<'s> {
    pub(super) st: &'s mut State,
}

/// One field of the log object (`entries`, `pages`, `creator`); any other is skipped.
fn log_field<'de, A: MapAccess<'de>>(
    st: &mut State,
    key: &str,
    map: &mut A,
) -> Result<(), A::Error> {
    match key {
        "entries" => map.next_value_seed(EntriesSeed { st }),
        "pages" => map.next_value_seed(PagesSeed { st }),
        "creator" => {
            if let Some(Creator(Some(n))) = map.next_value::<Obj<Creator>>()?.0 {
                st.creator = n;
            }
            Ok(())
        }
        _ => map.next_value::<IgnoredAny>().map(|_| ()),
    }
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR object")
    }
    fn visit_bool<E: ::serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.st.top_kind = "true or false";
        Ok(())
    }
    fn visit_i64<E: ::serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.st.top_kind = "a number";
        Ok(())
    }
    fn visit_u64<E: ::serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.st.top_kind = "a number";
        Ok(())
    }
    fn visit_f64<E: ::serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.st.top_kind = "a number";
        Ok(())
    }
    fn visit_str<E: ::serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.st.top_kind = "a string";
        Ok(())
    }
    fn visit_unit<E: ::serde::de::Error>(self) -> Result<(), E> {
        self.st.top_kind = "null";
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.st.top_kind = "an array";
        drain_seq(seq).map(|_| ())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.st.top_kind = "object";
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            if self.st.top_keys.len() < 6 {
                self.st.top_keys.push(cut_str(&k, 40).to_string());
            }
            match k.as_ref() {
                "log" => {
                    self.st.saw_log = true;
                    map.next_value_seed(LogSeed { st: self.st })?;
                }
                // Some tools write the log object itself.
                _ => log_field(self.st, &k, &mut map)?,
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for LogSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the log object")
    }
    other_shapes_are!(());
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        drain_seq(seq).map(|_| ())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            log_field(self.st, &k, &mut map)?;
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the entries array")
    }
    other_shapes_are!(());
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        drain_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.st.saw_entries = true;
        while let Some(Obj(e)) = seq.next_element::<Obj<RawEntry<'de>>>()? {
            self.st.add(e.unwrap_or_default());
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for PagesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PagesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the pages array")
    }
    other_shapes_are!(());
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        drain_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(Obj(p)) = seq.next_element::<Obj<Page>>()? {
            if let Some(Page {
                id: Some(id),
                title: Some(title),
            }) = p
            {
                if self.st.pages.len() < MAX_PAGES {
                    self.st.pages.push((id, title));
                }
            }
        }
        Ok(())
    }
}
