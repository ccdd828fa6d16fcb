//! The server's own words in a response body: the human-readable messages of a JSON error
//! (the usual fields: `message`, `error`, `error_description`, `detail`, `title`, `reason`,
//! `msg`, `description`, nested `error.message`, `errors[].message`, RFC 9457 problem
//! details), the message elements of an XML error (`<Message>`, `<Code>`, `<faultstring>`),
//! or the text of a plain-text or HTML body.
//!
//! Pure: it says which text sits in which field, never what it means (that is
//! `messages::reader`). Bounded: at most [`MAX_TEXTS`] texts of at most [`MAX_TEXT`] bytes,
//! a JSON walk of at most [`MAX_DEPTH`] levels, and only the body the capture kept.

use serde_json::Value;

/// Most texts returned.
pub const MAX_TEXTS: usize = 8;
/// Longest text kept (bytes, cut at a char boundary).
pub const MAX_TEXT: usize = 400;
/// Deepest JSON nesting walked.
pub const MAX_DEPTH: usize = 4;

/// Where a text sat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// A JSON string at this path (`message`, `error.message`, `errors[0].detail`).
    Json(String),
    /// The text of an XML element (`Message`, `Code`): the element's name.
    Xml(String),
    /// The whole body, as plain text (HTML tags removed).
    Text,
}

impl Field {
    /// `JSON field "error.message"` / `the body`.
    pub fn label(&self) -> String {
        match self {
            Field::Json(p) => format!("JSON field \"{p}\""),
            Field::Xml(n) => format!("XML element <{n}>"),
            Field::Text => "the body".to_string(),
        }
    }
    /// The last path part, lowercased (`message`, `error_description`), or `text`.
    pub fn key(&self) -> String {
        match self {
            Field::Json(p) => p
                .rsplit('.')
                .next()
                .unwrap_or(p)
                .split('[')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase(),
            Field::Xml(n) => n.to_ascii_lowercase(),
            Field::Text => "text".to_string(),
        }
    }
}

/// One human-readable text of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyText {
    pub field: Field,
    pub text: String,
}

/// JSON keys (and XML element names) whose string values are messages for people
/// (lowercase; `-`, `_` and `.` ignored).
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "error",
    "errordescription",
    "detail",
    "details",
    "title",
    "reason",
    "msg",
    "description",
    "errormessage",
    "errormsg",
    "error_message",
    "cause",
    "statusmessage",
    "statustext",
    "hint",
    "status",
    "code",
    "errorcode",
    "type",
    "faultstring",
    "summary",
    "errorsummary",
    "tag",
    "errortext",
    "usermessage",
    "developermessage",
    "displaymessage",
    "localizedmessage",
];

/// Keys that hold nested errors worth walking into.
const NESTED_KEYS: &[&str] = &["error", "errors", "fault", "detail", "details", "problem"];

fn norm_key(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '_' && *c != '-' && *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The human-readable texts of a response body, in reading order: JSON message fields when
/// the body is JSON, else the plain text (HTML reduced to its text). Empty when the body
/// holds no words.
pub fn texts(body: &str) -> Vec<BodyText> {
    let t = body.trim();
    if t.is_empty() {
        return Vec::new();
    }
    if t.starts_with('{') || t.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            let mut out = Vec::new();
            walk(&v, "", 0, &mut out);
            return out;
        }
    }
    if looks_xml(t) {
        let out = xml_texts(t);
        if !out.is_empty() {
            return out;
        }
    }
    let text = if looks_html(t) || looks_xml(t) {
        html_text(t)
    } else {
        collapse(t)
    };
    if text.is_empty() {
        return Vec::new();
    }
    vec![BodyText {
        field: Field::Text,
        text: cut(&text),
    }]
}

/// The one text that best says what the server said: the first message-like field, else
/// the plain text.
pub fn main_text(body: &str) -> Option<BodyText> {
    main_of(&texts(body)).cloned()
}

/// The one of `texts` (from [`texts`]) that best says what the server said.
pub fn main_of(all: &[BodyText]) -> Option<&BodyText> {
    let rank = |b: &BodyText| match b.field.key().as_str() {
        "errordescription" | "error_description" | "message" | "detail" | "msg"
        | "errormessage" | "error_message" | "description" | "reason" | "faultstring"
        | "errorsummary" | "summary" | "usermessage" | "developermessage" | "displaymessage"
        | "localizedmessage" | "errortext" => 0,
        "text" => 1,
        "error" | "title" | "details" | "hint" | "cause" => 2,
        _ => 3,
    };
    all.iter()
        .filter(|b| b.text.chars().any(char::is_alphabetic))
        .min_by_key(|b| rank(b))
}

fn walk(v: &Value, path: &str, depth: usize, out: &mut Vec<BodyText>) {
    if depth > MAX_DEPTH || out.len() >= MAX_TEXTS {
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter().take(64) {
                if out.len() >= MAX_TEXTS {
                    return;
                }
                let nk = norm_key(k);
                let p = if path.is_empty() {
                    k.chars().take(64).collect::<String>()
                } else {
                    format!("{path}.{}", k.chars().take(64).collect::<String>())
                };
                match val {
                    Value::String(s) if MESSAGE_KEYS.contains(&nk.as_str()) => {
                        let s = collapse(s);
                        if !s.is_empty() && s.chars().any(char::is_alphabetic) {
                            out.push(BodyText {
                                field: Field::Json(p),
                                text: cut(&s),
                            });
                        }
                    }
                    Value::Object(_) | Value::Array(_) if NESTED_KEYS.contains(&nk.as_str()) => {
                        walk(val, &p, depth + 1, out)
                    }
                    _ => {}
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().take(8).enumerate() {
                walk(item, &format!("{path}[{i}]"), depth + 1, out);
            }
        }
        _ => {}
    }
}

/// An XML document (not HTML): `<?xml`, or a first element that is not an HTML one.
fn looks_xml(t: &str) -> bool {
    t.starts_with("<?xml") || (t.starts_with('<') && !looks_html(t) && t.ends_with('>'))
}

/// The texts of an XML error's message elements (`<Message>text</Message>`), in document
/// order: elements whose name (without a namespace prefix) is a message key and whose
/// content is text, not more elements.
fn xml_texts(t: &str) -> Vec<BodyText> {
    let t = crate::parse::cut(t, 16 * 1024);
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find('<') {
        if out.len() >= MAX_TEXTS {
            break;
        }
        let after = &rest[i + 1..];
        let Some(end) = after.find('>') else { break };
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with(['/', '?', '!']) || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        if !MESSAGE_KEYS.contains(&norm_key(local).as_str()) {
            continue;
        }
        let Some(close) = rest.find('<') else { break };
        if !rest[close..].starts_with(&format!("</{name}")) {
            continue;
        }
        let text = collapse(
            &rest[..close]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'"),
        );
        if text.chars().any(char::is_alphabetic) {
            out.push(BodyText {
                field: Field::Xml(local.chars().take(64).collect()),
                text: cut(&text),
            });
        }
    }
    out
}

fn looks_html(t: &str) -> bool {
    let head = crate::parse::cut(t, 256).to_ascii_lowercase();
    head.starts_with("<!doctype")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.starts_with("<h1")
        || head.starts_with("<title")
        || head.starts_with("<p")
}

/// The text of an HTML page: `<title>` and the body's text, tags, scripts and styles gone.
fn html_text(t: &str) -> String {
    let t = crate::parse::cut(t, 16 * 1024);
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let after = &rest[i..];
        let lower_tag: String = after
            .chars()
            .skip(1)
            .take(7)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower_tag.starts_with("script") || lower_tag.starts_with("style") {
            let close = if lower_tag.starts_with("script") {
                "</script"
            } else {
                "</style"
            };
            after
                .to_ascii_lowercase()
                .find(close)
                .map(|j| j + close.len())
                .unwrap_or(after.len())
        } else {
            0
        };
        let from = &after[skip_to.min(after.len())..];
        // `from` starts inside the closing tag (or the tag itself): drop up to '>'.
        match from.find('>') {
            Some(j) => rest = &from[j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    collapse(&decoded)
}

fn collapse(s: &str) -> String {
    let s = crate::parse::cut(s, 16 * 1024);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut(s: &str) -> String {
    let c = crate::parse::cut(s, MAX_TEXT);
    if c.len() < s.len() {
        format!("{c}…")
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (body, [(where, text)]): the texts read, in order.
    type Rows<'a> = &'a [(&'a str, &'a [(&'a str, &'a str)])];

    fn check(rows: Rows) {
        for (body, want) in rows {
            let got = fields(body);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{body}");
        }
    }

    fn fields(body: &str) -> Vec<(String, String)> {
        texts(body)
            .into_iter()
            .map(|b| (b.field.label(), b.text))
            .collect()
    }

    #[test]
    fn json_shapes() {
        let rows: &[(&str, &[(&str, &str)])] = &[
            (
                r#"{"message":"Session expired"}"#,
                &[("JSON field \"message\"", "Session expired")],
            ),
            (
                r#"{"error":{"code":401,"message":"Invalid API key"}}"#,
                &[("JSON field \"error.message\"", "Invalid API key")],
            ),
            (
                r#"{"errors":[{"message":"token revoked"}]}"#,
                &[("JSON field \"errors[0].message\"", "token revoked")],
            ),
            (
                r#"{"type":"about:blank","title":"Unauthorized","status":401,"detail":"The access token expired"}"#,
                &[
                    ("JSON field \"detail\"", "The access token expired"),
                    ("JSON field \"title\"", "Unauthorized"),
                    ("JSON field \"type\"", "about:blank"),
                ],
            ),
            (
                r#"{"error":"invalid_token","error_description":"The token is revoked"}"#,
                &[
                    ("JSON field \"error\"", "invalid_token"),
                    ("JSON field \"error_description\"", "The token is revoked"),
                ],
            ),
            (
                r#"{"msg":"Missing Authorization Header"}"#,
                &[("JSON field \"msg\"", "Missing Authorization Header")],
            ),
            (r#"{"data":null,"count":3}"#, &[]),
            (
                r#"[{"reason":"no session"}]"#,
                &[("JSON field \"[0].reason\"", "no session")],
            ),
            (
                r#"{"error_summary":"expired_access_token/","error":{".tag":"expired_access_token"}}"#,
                &[
                    ("JSON field \"error..tag\"", "expired_access_token"),
                    ("JSON field \"error_summary\"", "expired_access_token/"),
                ],
            ),
            (
                r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
                &[
                    ("JSON field \"errorCode\"", "E0000011"),
                    ("JSON field \"errorSummary\"", "Invalid token provided"),
                ],
            ),
        ];
        check(rows);
    }

    #[test]
    fn text_and_html() {
        assert_eq!(
            fields("  Unauthorized:\n session   gone "),
            vec![(
                "the body".to_string(),
                "Unauthorized: session gone".to_string()
            )]
        );
        assert_eq!(
            fields("<html><head><title>401 Authorization Required</title><style>p{}</style></head><body><h1>Login required</h1><script>var x='<b>';</script></body></html>"),
            vec![("the body".to_string(), "401 Authorization Required Login required".to_string())]
        );
        assert!(fields("").is_empty());
        assert!(fields("   ").is_empty());
    }

    #[test]
    fn xml_errors() {
        let rows: &[(&str, &[(&str, &str)])] = &[
            (
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors><RequestID>x</RequestID></Response>"#,
                &[
                    ("XML element <Code>", "AuthFailure"),
                    (
                        "XML element <Message>",
                        "AWS was not able to validate the provided access credentials",
                    ),
                ],
            ),
            (
                r#"<soap:Envelope xmlns:soap="x"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Token expired &amp; refused</faultstring></soap:Fault></soap:Body></soap:Envelope>"#,
                &[("XML element <faultstring>", "Token expired & refused")],
            ),
            // No message element: the text of the whole document.
            (
                "<d:error xmlns:d=\"DAV:\"><s:exception>Sabre</s:exception></d:error>",
                &[("the body", "Sabre")],
            ),
        ];
        check(rows);
    }

    #[test]
    fn main_text_prefers_messages() {
        let m =
            main_text(r#"{"title":"Unauthorized","status":401,"detail":"Token expired"}"#).unwrap();
        assert_eq!(m.text, "Token expired");
        let m = main_text(r#"{"error":"invalid_grant"}"#).unwrap();
        assert_eq!(m.text, "invalid_grant");
        assert!(main_text(r#"{"status":401}"#).is_none());
    }

    #[test]
    fn bounded() {
        let long = format!("{{\"message\":\"{}\"}}", "a".repeat(5000));
        let t = texts(&long);
        assert_eq!(t.len(), 1);
        assert!(t[0].text.len() <= MAX_TEXT + 3);
        let deep = "{\"error\":".repeat(200) + "\"x\"" + &"}".repeat(200);
        let _ = texts(&deep);
        let many = format!("[{}]", vec![r#"{"message":"m"}"#; 100].join(","));
        assert!(texts(&many).len() <= MAX_TEXTS);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;
        proptest! {
            #[test]
            fn never_panics_and_bounded(s in ".{0,2000}") {
                let t = texts(&s);
                prop_assert!(t.len() <= MAX_TEXTS);
                for b in t { prop_assert!(b.text.len() <= MAX_TEXT + 3); }
                let _ = main_text(&s);
            }
            #[test]
            fn html_never_panics(s in "(<[a-z/!]{0,8}[^<>]{0,20}>?|[^<]{0,20}){0,40}") {
                let _ = texts(&format!("<html>{s}"));
            }
            #[test]
            fn xml_never_panics_and_bounded(s in "(<[A-Za-z/?!:]{0,10}[^<>]{0,12}>?|[^<]{0,20}){0,40}") {
                let t = texts(&format!("<?xml {s}>"));
                prop_assert!(t.len() <= MAX_TEXTS);
                for b in t { prop_assert!(b.text.len() <= MAX_TEXT + 3); }
            }
        }
    }
}
