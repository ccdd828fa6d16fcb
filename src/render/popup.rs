//! The extension popup: `{kind: "extension", report, context: {tabUrl, hostAccess, undo,
//! browser}}`. An empty state that says what why401 does, a host-access notice, the
//! findings newest first (the newest open, with its action bar).

use super::actions::State;
use super::analysis::{notes_box, skeleton};
use super::dom::{Dom, R};
use super::finding::{host_path, undo_buttons};
use super::{list, Options, View};
use crate::names::{action, view};
use web_sys::Element;

pub fn render(
    dom: &Dom,
    root: &Element,
    view: &View,
    options: &Options,
    state: &State,
    open: Option<&[usize]>,
) -> R {
    let ctx = view.context.clone().unwrap_or_default();
    let head = dom.add(root, "header", "w4-popup-head")?;
    dom.text(&head, "h1", "w4-title", "why401")?;
    if let Some(url) = &ctx.tab_url {
        let (host, _) = host_path(url);
        let shown_host = if host.is_empty() {
            url.as_str()
        } else {
            host.as_str()
        };
        dom.text(&head, "span", "w4-tab", shown_host)?;
    }
    if view.kind == view::LOADING {
        return skeleton(dom, root);
    }
    if let Some(e) = &view.error {
        let e = dom.text(root, "pre", "w4-error", e)?;
        e.set_attribute("role", "alert")?;
    }
    if ctx.site_off == Some(true) {
        let n = dom.add(root, "div", "w4-notice")?;
        n.set_attribute("role", "note")?;
        n.set_attribute("data-site-off", "")?;
        dom.text(
            &n,
            "p",
            "",
            "why401 is off for this site (Options): nothing on it is captured, counted or \
             diagnosed.",
        )?;
        let b = dom.button(&n, action::SITE_ON, "Turn why401 on for this site")?;
        b.class_list().add_1("w4-primary")?;
        return Ok(());
    }
    let host_access = options.host_access.or(ctx.host_access).unwrap_or(true);
    if !host_access {
        let n = dom.add(root, "div", "w4-notice")?;
        n.set_attribute("role", "note")?;
        dom.text(
            &n,
            "p",
            "",
            "why401 cannot see this site's requests yet. Allow it to read this site's request \
             headers and cookies; nothing leaves your browser.",
        )?;
        let b = dom.button(&n, action::GRANT_HOST_ACCESS, "Allow access to this site")?;
        b.class_list().add_1("w4-primary")?;
    }
    let report = &state.report;
    notes_box(dom, root, &report.notes)?;
    if report.findings.is_empty() {
        if state.ctx.undo {
            let bar = dom.add(root, "div", "w4-actions")?;
            dom.text(&bar, "span", "w4-hint", "Cookies cleared.")?;
            undo_buttons(dom, &bar, None)?;
        }
        let e = dom.add(root, "div", "w4-empty-state")?;
        dom.text(&e, "h2", "w4-h2", "No 401 on this tab yet")?;
        dom.text(
            &e,
            "p",
            "",
            "why401 watches this tab for requests answered 401 Unauthorized or 407 Proxy \
             Authentication Required, and explains why: an expired token, a cookie the browser \
             did not send, a wrong audience or scope, a clock that is off, and more.",
        )?;
        dom.text(
            &e,
            "p",
            "",
            "Everything stays in your browser: nothing is sent anywhere, and what it saw is \
             forgotten when the tab closes.",
        )?;
        return Ok(());
    }
    list::render(dom, root, report, &state.ctx, open)
}
