//! why401: tells a person why a site or an API answered 401 Unauthorized (or 407), and how
//! to fix it. One core for the browser extension (wasm), the web page (wasm) and the CLI.
//!
//! Flow: input (HAR, raw text, extension capture; `readers/`) → [`model::Capture`] → parse → facts →
//! rules → [`report::Report`] → render (popup, page) or print (CLI).

pub mod cause;
pub mod diagnose;
pub mod facts;
pub mod mask;
pub mod messages;
pub mod model;
pub mod names;
pub mod output;
pub mod parse;
pub mod readers;
#[cfg(target_arch = "wasm32")]
pub mod render;
pub mod report;
pub mod rules;
pub mod sort;
pub mod timeline;
pub mod views;

/// The readers keep their old paths (`why401::har`, `why401::raw`, `why401::input`).
pub use readers::{har, input, raw};
#[cfg(target_arch = "wasm32")]
pub mod latest;
#[cfg(target_arch = "wasm32")]
pub mod stream;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
