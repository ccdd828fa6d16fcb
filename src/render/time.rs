//! Times as a person reads them: "3 min ago (14:02:00 UTC)". `now` comes from the caller.

use crate::parse::date::{format_duration, format_utc};

/// "3 min ago", "in 5 min", "just now" for `then_ms` against `now_ms`.
pub fn ago(then_ms: f64, now_ms: f64) -> String {
    if !then_ms.is_finite() || !now_ms.is_finite() {
        return String::new();
    }
    let d = (now_ms - then_ms) / 1000.0;
    if d.abs() < 5.0 {
        "just now".to_string()
    } else if d > 0.0 {
        format!("{} ago", format_duration(d))
    } else {
        format!("in {}", format_duration(-d))
    }
}

/// "3 min ago (2026-11-25 14:02:00 UTC)".
pub fn ago_utc(then_ms: f64, now_ms: f64) -> String {
    if !then_ms.is_finite() {
        return String::new();
    }
    format!(
        "{} ({})",
        ago(then_ms, now_ms),
        format_utc(then_ms / 1000.0)
    )
}

/// Confidence 0.0–1.0 as "92 %".
pub fn percent(confidence: f64) -> String {
    let c = if confidence.is_finite() {
        confidence.clamp(0.0, 1.0)
    } else {
        0.0
    };
    format!("{} %", (c * 100.0).round() as u32)
}
