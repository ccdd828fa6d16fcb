//! The one renderer: a [`View`] (an `input::Analysis`, or the extension's capture view) to DOM
//! nodes through web-sys, for the web page and the extension popup.
//!
//! Safety: every string from data becomes a text node via [`dom::Dom`]; no `innerHTML`, no
//! `on…` attribute, no `href`/`src` from data (URLs are shown as text). Bidi and control
//! characters are shown as `⟨U+202E⟩` markers.
//!
//! Actions: buttons carry `data-action` (and `data-finding`, `data-cookies`). One delegated
//! click listener per root (bound once, never per render) turns a click into a bubbling
//! `CustomEvent("why401-action", {detail: {action, finding, cookies}})` on the root; the JS
//! shell does the browser work. See [`actions`].

pub mod actions;
pub mod analysis;
pub mod dom;
pub mod finding;
pub mod list;
pub mod panel;
pub mod popup;
pub mod time;
pub mod timeline;
pub mod window;

use crate::names;
use crate::report::{AuthView, CookieToken, CookiesView, Report, TokenView};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// What to show: an `input::Analysis` as the page gets it, or the popup's
/// `{kind: "extension", report, context}`. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct View {
    /// `input::Kind` (`har`, `curl`, `jwt`, ...), `extension`, `loading`, `empty` or `error`.
    pub kind: String,
    pub report: Option<Report>,
    pub token: Option<TokenView>,
    pub cookies: Option<CookiesView>,
    #[serde(alias = "setCookie")]
    pub set_cookie: Option<serde_json::Value>,
    pub notes: Vec<String>,
    /// An Authorization line, decoded (page: a pasted header line).
    pub authorization: Option<AuthView>,
    /// JWTs in the values of a pasted Cookie or Set-Cookie line.
    #[serde(alias = "cookieTokens")]
    pub cookie_tokens: Vec<CookieToken>,
    /// Other cookies of a pasted Cookie line, recognised by format.
    pub sessions: Vec<crate::report::SessionView>,
    pub context: Option<ExtContext>,
    /// For `kind: "error"`: the message to show.
    #[serde(alias = "message")]
    pub error: Option<String>,
}

/// The popup's context, from the extension shell.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExtContext {
    pub tab_url: Option<String>,
    pub host_access: Option<bool>,
    /// Present right after a clear: what can be put back.
    pub undo: Option<serde_json::Value>,
    pub browser: Option<String>,
    /// why401 is off for the tab's site (the options' list): nothing there is captured.
    pub site_off: Option<bool>,
}

/// `options` of `render`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Options {
    /// `"page"` (default) or `"popup"`.
    pub mode: String,
    /// Now, Unix ms (for "3 min ago").
    pub now_ms: f64,
    /// Show cookie details (sizes, domains, decoded JWT claims of cookies). Values are never
    /// in a Report, so nothing secret can be revealed.
    pub reveal: bool,
    /// Overrides `context.hostAccess` when given.
    pub host_access: Option<bool>,
    /// Overrides `context.undo` when given.
    pub undo: Option<serde_json::Value>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: names::mode::PAGE.into(),
            now_ms: f64::NAN,
            reveal: false,
            host_access: None,
            undo: None,
        }
    }
}

impl Options {
    pub fn popup(&self) -> bool {
        self.mode == names::mode::POPUP
    }
}

/// What a finding's rendering needs besides the finding.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    pub popup: bool,
    pub now_ms: f64,
    pub reveal: bool,
    /// Undo is possible (popup): show Undo and Reload.
    pub undo: bool,
}

/// Replaces `root`'s children with the view. Errors are JS strings.
pub fn render(root: &Element, view: JsValue, options: JsValue) -> Result<(), JsValue> {
    let mut view: View = if view.is_undefined() || view.is_null() {
        View::default()
    } else {
        serde_wasm_bindgen::from_value(view).map_err(|e| {
            JsValue::from_str(&format!(
                "render: the view is not in the expected shape: {e}"
            ))
        })?
    };
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| {
            JsValue::from_str(&format!(
                "render: the options are not in the expected shape: {e}"
            ))
        })?
    };
    // Findings diagnosed one by one (the popup's) carry placeholder markers: numbered here,
    // over the whole report, as the copied report numbers them.
    if let Some(r) = &mut view.report {
        crate::mask::number_report(r);
    }
    render_view(root, view, &options)
}

/// [`render`] with the view already read.
pub fn render_view(root: &Element, view: View, options: &Options) -> Result<(), JsValue> {
    let doc = root
        .owner_document()
        .ok_or_else(|| JsValue::from_str("render: the root element has no document"))?;
    let dom = dom::Dom::new(doc);
    actions::bind(root)?;
    let previously_open = actions::open_findings(root);
    let previous = actions::state(root);
    root.set_text_content(None);
    root.class_list().add_1("w4-root")?;
    let _ = root
        .class_list()
        .toggle_with_force("w4-popup", options.popup());

    let undo = options
        .undo
        .as_ref()
        .or(view.context.as_ref().and_then(|c| c.undo.as_ref()))
        .is_some_and(|u| !u.is_null());
    let ctx = Ctx {
        popup: options.popup(),
        now_ms: options.now_ms,
        reveal: options.reveal,
        undo,
    };
    let report = view.report.clone().unwrap_or_default();
    // Keep the open findings open when the same report is drawn again (e.g. after "reveal").
    let keep = match &previous {
        Some(p) => same_findings(&p.report, &report),
        None => false,
    };
    let open = if keep { Some(previously_open) } else { None };
    let state = std::rc::Rc::new(actions::State {
        report,
        ctx: ctx.clone(),
    });
    actions::set_state(root, state.clone());

    if ctx.popup || view.kind == names::view::EXTENSION {
        popup::render(&dom, root, &view, options, &state, open.as_deref())
    } else {
        analysis::render(&dom, root, &view, &state, open.as_deref())
    }
}

fn same_findings(a: &Report, b: &Report) -> bool {
    a.findings.len() == b.findings.len()
        && a.findings
            .iter()
            .zip(&b.findings)
            .all(|(x, y)| x.entry == y.entry && x.url == y.url && x.started_ms == y.started_ms)
}
