//! A tiny DOM builder over web-sys. Every string from data becomes a text node (never
//! markup), passes through [`shown`] (bidi and control characters made visible, long
//! values cut), and no attribute name ever comes from data.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// Values longer than this (in chars) are cut for display; the cut is said.
pub const MAX_SHOWN_CHARS: usize = 2_000;

pub type R<T = ()> = Result<T, JsValue>;

/// Builds elements in one document.
pub struct Dom {
    doc: Document,
    /// Heading tags of sections and subheadings ([`Dom::section_head`], [`Dom::subhead`]).
    heads: std::cell::Cell<(&'static str, &'static str)>,
}

impl Dom {
    pub fn new(doc: Document) -> Self {
        Dom {
            doc,
            heads: std::cell::Cell::new(("h3", "h4")),
        }
    }

    /// The tag of a section's heading here: `h3` in a finding (under the list's `h2`).
    pub fn section_head(&self) -> &'static str {
        self.heads.get().0
    }

    /// The tag of a subheading here: `h4` in a finding's `h3` sections.
    pub fn subhead(&self) -> &'static str {
        self.heads.get().1
    }

    /// Runs `f` for content that sits right under a heading `level` (`"h1"`, `"h2"`), so that
    /// heading levels never skip one: under `h1`, sections get `h2` and subheadings `h3`;
    /// under `h2`, both get `h3`.
    pub fn under<T>(&self, level: &str, f: impl FnOnce() -> T) -> T {
        let heads = match level {
            "h1" => ("h2", "h3"),
            "h2" => ("h3", "h3"),
            _ => ("h3", "h4"),
        };
        let was = self.heads.replace(heads);
        let out = f();
        self.heads.set(was);
        out
    }

    /// A new element `tag` with `class` (empty: none).
    pub fn el(&self, tag: &str, class: &str) -> R<Element> {
        let e = self.doc.create_element(tag)?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        Ok(e)
    }

    /// A new element appended to `parent`.
    pub fn add(&self, parent: &Element, tag: &str, class: &str) -> R<Element> {
        let e = self.el(tag, class)?;
        parent.append_child(&e)?;
        Ok(e)
    }

    /// A new element holding `text` (from data: made safe by [`shown`]), appended to `parent`.
    pub fn text(&self, parent: &Element, tag: &str, class: &str, text: &str) -> R<Element> {
        let e = self.add(parent, tag, class)?;
        e.set_text_content(Some(&shown(text)));
        Ok(e)
    }

    /// Like [`Dom::text`], with `code` spans between backticks shown as `<code>` (text
    /// nodes still; an unpaired backtick stays as it is).
    pub fn rich(&self, parent: &Element, tag: &str, class: &str, text: &str) -> R<Element> {
        let e = self.add(parent, tag, class)?;
        let parts: Vec<&str> = text.split('`').collect();
        let paired = parts.len() % 2 == 1;
        let last = parts.len().saturating_sub(1);
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 && (paired || i != last) {
                self.text(&e, "code", "w4-code-inline", part)?;
            } else {
                if i % 2 == 1 {
                    self.put(&e, "`")?;
                }
                if !part.is_empty() {
                    self.put(&e, part)?;
                }
            }
        }
        Ok(e)
    }

    /// A `<ul>` of [`Dom::rich`] items under a heading; nothing when `items` is empty.
    pub fn rich_list(&self, parent: &Element, heading: &str, class: &str, items: &[String]) -> R {
        if items.is_empty() {
            return Ok(());
        }
        self.text(parent, self.subhead(), "w4-subhead", heading)?;
        let ul = self.add(parent, "ul", class)?;
        for item in items {
            self.rich(&ul, "li", "", item)?;
        }
        Ok(())
    }

    /// Appends a bare text node.
    pub fn put(&self, parent: &Element, text: &str) -> R {
        let t = self.doc.create_text_node(&shown(text));
        parent.append_child(&t)?;
        Ok(())
    }

    /// A `<button type="button" data-action=…>` with a label, appended to `parent`.
    pub fn button(&self, parent: &Element, action: &str, label: &str) -> R<Element> {
        let b = self.text(parent, "button", "w4-button", label)?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-action", action)?;
        Ok(b)
    }

    /// A `<ul>` of text items under a heading; nothing when `items` is empty.
    pub fn list(&self, parent: &Element, heading: &str, class: &str, items: &[String]) -> R {
        if items.is_empty() {
            return Ok(());
        }
        self.text(parent, self.subhead(), "w4-subhead", heading)?;
        let ul = self.add(parent, "ul", class)?;
        for item in items {
            self.text(&ul, "li", "", item)?;
        }
        Ok(())
    }

    /// A `<dl>` row: term and definition.
    pub fn row(&self, dl: &Element, term: &str, def: &str) -> R<Element> {
        self.text(dl, "dt", "", term)?;
        self.text(dl, "dd", "w4-data", def)
    }
}

/// Data text as it is safe to show: bidi overrides/isolates, zero-width and control
/// characters (but newline and tab) become visible `⟨U+202E⟩` markers, so a hostile value
/// cannot reorder or hide what is around it; values over [`MAX_SHOWN_CHARS`] are cut.
pub fn shown(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_SHOWN_CHARS * 4));
    for (n, c) in s.chars().enumerate() {
        if n >= MAX_SHOWN_CHARS {
            let rest = s.chars().count().saturating_sub(n);
            out.push_str(&format!("… ({rest} more characters)"));
            break;
        }
        if is_hidden(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
        | '\u{061c}' | '\u{feff}')
}
