//! Delegated listeners, bound once per root (one leaked closure per root for the page's
//! lifetime, none per render):
//! - `click` on any `[data-action]` inside the root dispatches a bubbling
//!   `CustomEvent("why401-action", {detail: {action, finding, cookies, site}})` on the root.
//!   `clear-site` asks twice: the first click turns the button into "Really clear all cookies
//!   of example.com?", the second dispatches; a click elsewhere in the root disarms it.
//! - `toggle` (captured) on a `details[data-finding][data-lazy]` builds that finding's full
//!   view on first open, so a HAR with thousands of 401s renders only summaries up front.

use super::dom::{Dom, R};
use super::{finding, Ctx};
use crate::names;
use crate::report::Report;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element, Event};

/// What the lazy listener needs to build a finding after the render returned.
pub struct State {
    pub report: Report,
    pub ctx: Ctx,
}

/// Roots rendered so far (a page has one or two), newest last.
const MAX_ROOTS: usize = 8;

thread_local! {
    static ROOTS: RefCell<Vec<(Element, Rc<State>)>> = const { RefCell::new(Vec::new()) };
}

pub fn set_state(root: &Element, state: Rc<State>) {
    ROOTS.with(|r| {
        let mut r = r.borrow_mut();
        r.retain(|(e, _)| !e.is_same_node(Some(root)));
        if r.len() >= MAX_ROOTS {
            r.remove(0);
        }
        r.push((root.clone(), state));
    });
}

pub fn state(root: &Element) -> Option<Rc<State>> {
    ROOTS.with(|r| {
        r.borrow()
            .iter()
            .find(|(e, _)| e.is_same_node(Some(root)))
            .map(|(_, s)| s.clone())
    })
}

/// Indices of the findings whose `<details>` is open now.
pub fn open_findings(root: &Element) -> Vec<usize> {
    let mut out = Vec::new();
    if let Ok(list) = root.query_selector_all("details[data-finding][open]") {
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                if let Some(n) = e.get_attribute("data-finding").and_then(|v| v.parse().ok()) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// Binds the delegated listeners to `root` once.
pub fn bind(root: &Element) -> R {
    if root.has_attribute("data-w4-bound") {
        return Ok(());
    }
    root.set_attribute("data-w4-bound", "")?;
    let click = Closure::<dyn FnMut(Event)>::new(|ev: Event| {
        let _ = on_click(&ev);
    });
    root.add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
    click.forget();
    let toggle = Closure::<dyn FnMut(Event)>::new(|ev: Event| {
        let _ = on_toggle(&ev);
    });
    root.add_event_listener_with_callback_and_bool(
        "toggle",
        toggle.as_ref().unchecked_ref(),
        true,
    )?;
    toggle.forget();
    Ok(())
}

fn root_of(ev: &Event) -> Option<Element> {
    ev.current_target()?.dyn_into::<Element>().ok()
}

fn on_click(ev: &Event) -> R {
    let Some(root) = root_of(ev) else {
        return Ok(());
    };
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Ok(());
    };
    let button = target.closest("[data-action]")?;
    disarm(&root, button.as_ref())?;
    let Some(button) = button else { return Ok(()) };
    if !root.contains(Some(&button)) {
        return Ok(());
    }
    let Some(action) = button.get_attribute("data-action") else {
        return Ok(());
    };
    if action == names::action::CLEAR_SITE && !button.has_attribute("data-armed") {
        let confirm = button
            .get_attribute("data-confirm")
            .unwrap_or_else(|| "Really clear all cookies of this site?".into());
        button.set_attribute("data-label", &button.text_content().unwrap_or_default())?;
        button.set_text_content(Some(&confirm));
        button.set_attribute("data-armed", "")?;
        button.class_list().add_1("w4-armed")?;
        return Ok(());
    }
    if action == names::action::CLEAR_SITE {
        restore(&button)?;
    }
    let detail = js_sys::Object::new();
    js_sys::Reflect::set(&detail, &"action".into(), &JsValue::from_str(&action))?;
    let finding = button
        .get_attribute("data-finding")
        .and_then(|v| v.parse::<u32>().ok())
        .map(JsValue::from)
        .unwrap_or(JsValue::NULL);
    js_sys::Reflect::set(&detail, &"finding".into(), &finding)?;
    let cookies = match button.get_attribute("data-cookies") {
        Some(json) => js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
        None => JsValue::NULL,
    };
    js_sys::Reflect::set(&detail, &"cookies".into(), &cookies)?;
    if let Some(site) = button.get_attribute("data-site") {
        js_sys::Reflect::set(&detail, &"site".into(), &JsValue::from_str(&site))?;
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail);
    let event = CustomEvent::new_with_event_init_dict(names::event::ACTION, &init)?;
    root.dispatch_event(&event)?;
    Ok(())
}

/// Puts armed confirm buttons (other than `keep`) back to their first label.
fn disarm(root: &Element, keep: Option<&Element>) -> R {
    let list = root.query_selector_all("[data-armed]")?;
    for i in 0..list.length() {
        if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            if keep.is_some_and(|k| k.is_same_node(Some(&e))) {
                continue;
            }
            restore(&e)?;
        }
    }
    Ok(())
}

fn restore(button: &Element) -> R {
    if let Some(label) = button.get_attribute("data-label") {
        button.set_text_content(Some(&label));
    }
    button.remove_attribute("data-armed")?;
    button.class_list().remove_1("w4-armed")?;
    Ok(())
}

fn on_toggle(ev: &Event) -> R {
    let Some(root) = root_of(ev) else {
        return Ok(());
    };
    let Some(details) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Ok(());
    };
    if !details.has_attribute("data-lazy") || !details.has_attribute("open") {
        return Ok(());
    }
    let Some(index) = details
        .get_attribute("data-finding")
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return Ok(());
    };
    let Some(state) = state(&root) else {
        return Ok(());
    };
    // A windowed list (`window`) holds only its own findings: `data-slot` is the place there.
    let slot = details
        .get_attribute("data-slot")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(index);
    let Some(f) = state.report.findings.get(slot) else {
        return Ok(());
    };
    let Some(doc) = root.owner_document() else {
        return Ok(());
    };
    details.remove_attribute("data-lazy")?;
    let dom = Dom::new(doc);
    let body = dom.add(&details, "div", "w4-body")?;
    finding::render(&dom, &body, f, index, &state.ctx)
}
