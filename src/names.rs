//! The names the Rust renderer and the JS shells share, defined once: the renderer's actions
//! (`data-action`), the event that carries them, view kinds and render modes. The JS shells
//! import them from `extension/names.js`, generated from here by [`js_module`]
//! (`make names`; `tests/names.rs` fails when the checked-in file is stale).

/// One name: the Rust/JS constant, its value, and what it means.
pub struct Name {
    pub ident: &'static str,
    pub value: &'static str,
    pub doc: &'static str,
}

macro_rules! names {
    ($(#[doc = $group:literal])* $table:ident, $type:literal: $($id:ident = $v:literal, $doc:literal;)*) => {
        $(#[doc = $group])*
        pub mod $table {
            $(#[doc = $doc] pub const $id: &str = $v;)*
            /// Every name of this group, in order.
            pub const ALL: &[super::Name] = &[$(super::Name { ident: stringify!($id), value: $v, doc: $doc },)*];
            /// The JSDoc type name of this group.
            pub const TYPE: &str = $type;
        }
    };
}

names! {
    /// What a renderer button asks the shell to do (`data-action`, `detail.action`).
    action, "Action":
    CLEAR_STALE = "clear-stale", "Remove exactly the stale cookie copies the finding names (`detail.cookies`).";
    CLEAR_SITE = "clear-site", "Remove every cookie of the site (`detail.site`; the renderer asks twice).";
    UNDO = "undo", "Put back what the last clear removed.";
    RELOAD = "reload", "Reload the tab.";
    REVEAL = "reveal", "Show or hide cookie details.";
    COPY_REPORT = "copy-report", "Copy the redacted Markdown report of `detail.finding`.";
    GRANT_HOST_ACCESS = "grant-host-access", "Ask for host access (`permissions.request`, inside the click).";
    SITE_ON = "site-on", "Turn why401 back on for the tab's site (it was off in the options).";
}

names! {
    /// `view.kind` values the shells pass to `render` (besides the input kinds of a pasted text).
    view, "ViewKind":
    EXTENSION = "extension", "The popup's capture view: `{kind, report, context}`.";
    LOADING = "loading", "A skeleton while the analysis runs.";
    EMPTY = "empty", "Nothing to show yet.";
    ERROR = "error", "An error message (`view.error`).";
}

names! {
    /// `options.mode` of `render`.
    mode, "Mode":
    PAGE = "page", "The web page (default).";
    POPUP = "popup", "The extension popup.";
}

names! {
    /// DOM events the renderer dispatches on its root.
    event, "EventName":
    ACTION = "why401-action", "A button was pressed: `CustomEvent` with `detail: {action, finding, cookies, site}`.";
}

/// Every group: (JS object name, names).
pub fn groups() -> [(&'static str, &'static str, &'static [Name]); 4] {
    [
        ("ACTION", action::TYPE, action::ALL),
        ("VIEW", view::TYPE, view::ALL),
        ("MODE", mode::TYPE, mode::ALL),
        ("EVENT", event::TYPE, event::ALL),
    ]
}

/// `extension/names.js`: each group as a frozen object of constants with a JSDoc union type.
pub fn js_module() -> String {
    let mut out = String::from(
        "// Generated from src/names.rs by `make names`: do not edit (tests/names.rs checks it).\n\
         // The names the Rust renderer and the JS shells share.\n",
    );
    for (object, ty, names) in groups() {
        let union: Vec<String> = names.iter().map(|n| format!("{:?}", n.value)).collect();
        out.push_str(&format!(
            "\n/** @typedef {{{}}} {ty} */\n\n",
            union.join(" | ")
        ));
        out.push_str(&format!("export const {object} = Object.freeze({{\n"));
        for n in names {
            out.push_str(&format!(
                "  /** {} @type {{{:?}}} */\n  {}: {:?},\n",
                n.doc, n.value, n.ident, n.value
            ));
        }
        out.push_str("});\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_unique_within_a_group_and_plain() {
        for (_, _, names) in groups() {
            for (i, a) in names.iter().enumerate() {
                assert!(a
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()));
                assert!(!a.doc.contains("*/"), "{} would end its JSDoc", a.ident);
                assert!(
                    names[i + 1..].iter().all(|b| b.value != a.value),
                    "{} twice",
                    a.value
                );
            }
        }
    }
}
