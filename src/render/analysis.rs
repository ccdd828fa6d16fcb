//! The page's views of an `input::Analysis`: what was detected, the notes (a sanitized HAR
//! explained first), then the findings, or the token, Cookie or Set-Cookie view.

use super::actions::State;
use super::dom::{Dom, R};
use super::{finding, list, View};
use crate::names::view;
use web_sys::Element;

/// The label of an `input::Kind` id.
pub fn kind_label(kind: &str) -> &str {
    match kind {
        "har" => "HAR file",
        "curl" => "curl -v output",
        "headers" => "HTTP headers",
        "jwt" => "JWT",
        "authorization" => "Authorization header",
        "cookie" => "Cookie header",
        "set-cookie" => "Set-Cookie header",
        "extension" => "browser capture",
        "unknown" => "nothing I recognise",
        other => other,
    }
}

pub fn render(dom: &Dom, root: &Element, view: &View, state: &State, open: Option<&[usize]>) -> R {
    match view.kind.as_str() {
        "" | view::EMPTY => return Ok(()),
        view::LOADING => return skeleton(dom, root),
        view::ERROR => {
            let msg = view.error.as_deref().unwrap_or("Something went wrong.");
            let e = dom.text(root, "pre", "w4-error", msg)?;
            e.set_attribute("role", "alert")?;
            return Ok(());
        }
        _ => {}
    }
    let p = dom.add(root, "p", "w4-detected")?;
    p.set_attribute("data-kind", &super::dom::shown(&view.kind))?;
    dom.put(&p, "Detected: ")?;
    dom.text(&p, "strong", "", kind_label(&view.kind))?;
    let mut notes: Vec<String> = view.notes.clone();
    for n in &state.report.notes {
        if !notes.contains(n) {
            notes.push(n.clone());
        }
    }
    notes_box(dom, root, &notes)?;
    if let Some(e) = &view.error {
        let e = dom.text(root, "pre", "w4-error", e)?;
        e.set_attribute("role", "alert")?;
    }
    let ctx = &state.ctx;
    if view.report.is_some() {
        if state.report.findings.is_empty() {
            dom.text(
                root,
                "p",
                "w4-empty",
                "No request here was answered 401 or 407, so there is nothing to diagnose.",
            )?;
        } else {
            list::render(dom, root, &state.report, ctx, open)?;
        }
    }
    if view.report.is_none() || state.report.findings.is_empty() {
        if let Some(a) = &view.authorization {
            // Its token, if any, is shown inside.
            let sec = dom.add(root, "section", "w4-section w4-auth-view")?;
            dom.text(&sec, "h2", "w4-h2", "Authorization")?;
            dom.under("h2", || finding::auth(dom, &sec, "Authorization", a, ctx))?;
        } else if let Some(t) = &view.token {
            let sec = dom.add(root, "section", "w4-section w4-token-view")?;
            dom.text(&sec, "h2", "w4-h2", "Token (decoded, not verified)")?;
            dom.under("h2", || finding::token(dom, &sec, t, ctx))?;
        }
        if let Some(c) = &view.cookies {
            if c.sent.is_empty() && c.not_sent.is_empty() {
                dom.text(root, "p", "w4-empty", "The Cookie header holds no cookie.")?;
            } else {
                dom.under("h1", || finding::cookies(dom, root, c, ctx, None))?;
            }
        }
        if let Some(v) = &view.set_cookie {
            set_cookie(dom, root, v)?;
        }
        for ct in &view.cookie_tokens {
            let sec = dom.add(root, "section", "w4-section w4-cookie-token")?;
            sec.set_attribute("data-cookie-token", &super::dom::shown(&ct.cookie))?;
            dom.text(
                &sec,
                "h2",
                "w4-h2",
                &format!("JWT in cookie {} (decoded, not verified)", ct.cookie),
            )?;
            dom.under("h2", || finding::token(dom, &sec, &ct.token, ctx))?;
        }
        for v in &view.sessions {
            let sec = dom.add(root, "section", "w4-section w4-session")?;
            sec.set_attribute("data-session", &super::dom::shown(&v.family))?;
            dom.text(
                &sec,
                "h2",
                "w4-h2",
                &format!("Cookie {}: {}", v.cookie, v.kind),
            )?;
            dom.under("h2", || finding::session(dom, &sec, v, ctx))?;
        }
    }
    Ok(())
}

/// Notes about the input, shown first.
pub fn notes_box(dom: &Dom, parent: &Element, notes: &[String]) -> R {
    if notes.is_empty() {
        return Ok(());
    }
    let aside = dom.add(parent, "aside", "w4-notes")?;
    aside.set_attribute("role", "note")?;
    dom.text(&aside, "h2", "w4-h2", "About this input")?;
    let ul = dom.add(&aside, "ul", "")?;
    for n in notes {
        dom.text(&ul, "li", "", n)?;
    }
    Ok(())
}

/// Set-Cookie readings (an array of JSON objects, or one) as definition lists.
fn set_cookie(dom: &Dom, parent: &Element, v: &serde_json::Value) -> R {
    let sec = dom.add(parent, "section", "w4-section w4-set-cookie")?;
    dom.text(&sec, "h2", "w4-h2", "Set-Cookie")?;
    let items: Vec<&serde_json::Value> = match v {
        serde_json::Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for item in items {
        let dl = dom.add(&sec, "dl", "w4-dl w4-set-cookie-item")?;
        match item {
            serde_json::Value::Object(map) => {
                for (k, val) in map {
                    let s = match val {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => "—".to_string(),
                        other => other.to_string(),
                    };
                    dom.row(&dl, k, &s)?;
                }
            }
            other => {
                dom.row(&dl, "Value", &other.to_string())?;
            }
        }
    }
    Ok(())
}

/// Grey placeholder blocks that hold the space while work is under way.
pub fn skeleton(dom: &Dom, parent: &Element) -> R {
    let d = dom.add(parent, "div", "w4-skeleton")?;
    d.set_attribute("aria-busy", "true")?;
    d.set_attribute("aria-label", "Loading")?;
    for _ in 0..3 {
        dom.add(&d, "div", "w4-skeleton-line")?;
    }
    Ok(())
}
