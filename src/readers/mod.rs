//! The readers: what turns a person's input into a [`crate::model::Capture`] (or a decoded
//! credential). HAR files ([`har`]), `curl -v` output and pasted header blocks ([`raw`]), and
//! input detection with the paste analysis ([`input`]). The core below them never sees the
//! input's format.

#[cfg(not(target_arch = "wasm32"))]
pub mod capture;
pub mod har;
pub mod input;
pub mod raw;
