//! Dates: HTTP dates, cookie dates, ISO 8601, the civil-date math and the formatters.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::date::{
    civil_from_days, days_from_civil, format_duration, format_utc, parse_cookie_date,
    parse_http_date, parse_iso8601,
};

#[path = "common.rs"]
mod common;

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Unix seconds as an IMF-fixdate, for years 1970..=9999.
fn imf(secs: f64) -> Option<String> {
    let t = secs.floor() as i64;
    let days = t.div_euclid(86_400);
    let rem = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(1970..=9999).contains(&y) {
        return None;
    }
    Some(format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[m as usize - 1],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

fuzz_target!(|data: &[u8]| {
    // The civil-date math round-trips for any day within ±10^9 days.
    if data.len() >= 8 {
        let raw = i64::from_le_bytes(data[..8].try_into().unwrap());
        let z = raw % 1_000_000_000;
        let (y, m, d) = civil_from_days(z);
        assert!((1..=12).contains(&m) && (1..=31).contains(&d));
        assert_eq!(days_from_civil(y, m, d), z, "civil round trip of day {z}");
        let _ = format_utc(f64::from_bits(raw as u64));
        let _ = format_duration(f64::from_bits(raw as u64));
    }
    let Some(s) = common::text(data) else { return };
    if let Some(t) = parse_http_date(s) {
        assert!(t.is_finite() && t.fract() == 0.0, "http date {t}");
        let _ = format_utc(t);
        if let Some(again) = imf(t) {
            assert_eq!(parse_http_date(&again), Some(t), "{s:?} → {again:?}");
            assert_eq!(
                parse_cookie_date(&again),
                Some(t),
                "cookie date of {again:?}"
            );
        }
    }
    if let Some(t) = parse_cookie_date(s) {
        assert!(t.is_finite() && t.fract() == 0.0, "cookie date {t}");
        if let Some(again) = imf(t) {
            assert_eq!(parse_cookie_date(&again), Some(t), "{s:?} → {again:?}");
        }
    }
    if let Some(ms) = parse_iso8601(s) {
        assert!(ms.is_finite(), "iso date {ms}");
        let secs = (ms / 1000.0).floor();
        let f = format_utc(secs);
        // "YYYY-MM-DD hh:mm:ss UTC" → "YYYY-MM-DDThh:mm:ssZ" reads back (4-digit years).
        if f.len() == 23 && f.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            let iso = format!("{}T{}Z", &f[..10], &f[11..19]);
            assert_eq!(parse_iso8601(&iso), Some(secs * 1000.0), "{s:?} → {iso:?}");
        }
    }
});
