//! Dates: HTTP dates (RFC 9110 §5.6.7), cookie dates (RFC 6265 §5.1.1), ISO 8601 (HAR
//! `startedDateTime`), and formatting for people. Civil-date math is done here
//! (days-from-civil, after Howard Hinnant's algorithms), without a date crate.

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 }; // [0, 11]
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Unix seconds of a UTC date-time, or `None` when the date does not exist.
fn unix(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<f64> {
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60
    {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some((days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s)) as f64)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const LONG_DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month3(s: &str) -> Option<u32> {
    if s.len() != 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(s))
        .map(|i| i as u32 + 1)
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `HH:MM:SS`, two digits each.
fn hms(s: &str) -> Option<(u32, u32, u32)> {
    let mut it = s.split(':');
    let h = digits(it.next()?, 2, 2)?;
    let m = digits(it.next()?, 2, 2)?;
    let sec = digits(it.next()?, 2, 2)?;
    it.next().is_none().then_some((h, m, sec))
}

fn is_gmt(s: &str) -> bool {
    s.eq_ignore_ascii_case("GMT") || s.eq_ignore_ascii_case("UTC")
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// or asctime (`Sun Nov  6 08:49:37 1994`) → Unix seconds. `UTC` is accepted for `GMT`;
/// the day name is checked for form, not for agreement with the date.
pub fn parse_http_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.len() > 64 {
        return None;
    }
    let mut tok = s.split_ascii_whitespace();
    let first = tok.next()?;
    let t: Vec<&str> = tok.collect();
    if let Some(day) = first.strip_suffix(',') {
        match t.as_slice() {
            // IMF-fixdate
            [dd, mon, yyyy, time, gmt] if DAYS.iter().any(|d| d.eq_ignore_ascii_case(day)) => {
                let (h, mi, sec) = hms(time)?;
                if !is_gmt(gmt) {
                    return None;
                }
                unix(
                    i64::from(digits(yyyy, 4, 4)?),
                    month3(mon)?,
                    digits(dd, 2, 2)?,
                    h,
                    mi,
                    sec,
                )
            }
            // RFC 850
            [date, time, gmt]
                if LONG_DAYS.iter().any(|d| d.eq_ignore_ascii_case(day))
                    || DAYS.iter().any(|d| d.eq_ignore_ascii_case(day)) =>
            {
                let mut p = date.split('-');
                let dd = digits(p.next()?, 2, 2)?;
                let mon = month3(p.next()?)?;
                let yy = p.next()?;
                if p.next().is_some() || !is_gmt(gmt) {
                    return None;
                }
                let y = match yy.len() {
                    2 => {
                        let y = digits(yy, 2, 2)?;
                        i64::from(if y < 70 { 2000 + y } else { 1900 + y })
                    }
                    _ => i64::from(digits(yy, 4, 4)?),
                };
                let (h, mi, sec) = hms(time)?;
                unix(y, mon, dd, h, mi, sec)
            }
            _ => None,
        }
    } else {
        // asctime
        if !DAYS.iter().any(|d| d.eq_ignore_ascii_case(first)) {
            return None;
        }
        match t.as_slice() {
            [mon, d, time, yyyy] => {
                let (h, mi, sec) = hms(time)?;
                unix(
                    i64::from(digits(yyyy, 4, 4)?),
                    month3(mon)?,
                    digits(d, 1, 2)?,
                    h,
                    mi,
                    sec,
                )
            }
            _ => None,
        }
    }
}

fn is_delimiter(b: u8) -> bool {
    b == 0x09
        || (0x20..=0x2F).contains(&b)
        || (0x3B..=0x40).contains(&b)
        || (0x5B..=0x60).contains(&b)
        || (0x7B..=0x7E).contains(&b)
}

/// Leading 1..=max digits of `t` followed by a non-digit or the end (`min` digits at least).
fn lead_digits(t: &[u8], min: usize, max: usize) -> Option<(u32, usize)> {
    let n = t.iter().take_while(|b| b.is_ascii_digit()).count();
    if n < min || n > max {
        return None;
    }
    let mut v = 0u32;
    for &b in &t[..n] {
        v = v * 10 + u32::from(b - b'0');
    }
    Some((v, n))
}

/// RFC 6265 §5.1.1 `hms-time ( non-digit *OCTET )`.
fn cookie_time(t: &[u8]) -> Option<(u32, u32, u32)> {
    let (h, n1) = lead_digits(t, 1, 2)?;
    let rest = t.get(n1..)?.strip_prefix(b":")?;
    let (m, n2) = lead_digits(rest, 1, 2)?;
    let rest = rest.get(n2..)?.strip_prefix(b":")?;
    let (s, _) = lead_digits(rest, 1, 2)?;
    Some((h, m, s))
}

/// RFC 6265 §5.1.1 cookie-date algorithm (what browsers use for `Expires`) → Unix seconds.
pub fn parse_cookie_date(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (mut time, mut dom, mut month, mut year) = (None, None, None, None);
    for t in b.split(|&c| is_delimiter(c)).filter(|t| !t.is_empty()) {
        if time.is_none() {
            if let Some(x) = cookie_time(t) {
                time = Some(x);
                continue;
            }
        }
        if dom.is_none() {
            if let Some((d, _)) = lead_digits(t, 1, 2) {
                dom = Some(d);
                continue;
            }
        }
        if month.is_none() && t.len() >= 3 {
            if let Some(m) = std::str::from_utf8(&t[..3]).ok().and_then(month3) {
                month = Some(m);
                continue;
            }
        }
        if year.is_none() {
            if let Some((y, _)) = lead_digits(t, 2, 4) {
                year = Some(y);
                continue;
            }
        }
    }
    let (h, mi, sec) = time?;
    let mut y = year?;
    if (70..=99).contains(&y) {
        y += 1900;
    } else if y <= 69 {
        y += 2000;
    }
    let d = dom?;
    if !(1..=31).contains(&d) || y < 1601 || h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    unix(i64::from(y), month?, d, h, mi, sec)
}

/// ISO 8601 / RFC 3339 date-time (HAR `startedDateTime`) → Unix milliseconds.
/// `2026-11-25T14:02:00.123Z`, `+01:00` / `+0100` / `+01` offsets, fractional seconds of
/// any length, `T` or a space; no zone means UTC; a date alone means midnight UTC.
pub fn parse_iso8601(s: &str) -> Option<f64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b.len() > 64 {
        return None;
    }
    let num =
        |from: usize, len: usize| -> Option<u32> { digits(s.get(from..from + len)?, len, len) };
    let y = num(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let mo = num(5, 2)?;
    let d = num(8, 2)?;
    if b.len() == 10 {
        return unix(i64::from(y), mo, d, 0, 0, 0).map(|x| x * 1000.0);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let h = num(11, 2)?;
    if b.get(13) != Some(&b':') {
        return None;
    }
    let mi = num(14, 2)?;
    let mut i = 16;
    let mut sec = 0;
    let mut frac_ms = 0.0f64;
    if b.get(i) == Some(&b':') {
        sec = num(17, 2)?;
        i = 19;
        if matches!(b.get(i), Some(b'.' | b',')) {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
            // Up to 9 digits matter; later ones are checked but ignored.
            let keep = &s[start..i.min(start + 9)];
            let v: f64 = keep.parse().ok()?;
            frac_ms = v / 10f64.powi(keep.len() as i32) * 1000.0;
        }
    }
    let offset_min: i64 = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) => {
            let rest = &s[i + 1..];
            let (oh, om) = match rest.len() {
                2 => (digits(rest, 2, 2)?, 0),
                4 => (digits(rest.get(..2)?, 2, 2)?, digits(rest.get(2..)?, 2, 2)?),
                5 if rest.as_bytes()[2] == b':' => {
                    (digits(&rest[..2], 2, 2)?, digits(&rest[3..], 2, 2)?)
                }
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let m = i64::from(oh * 60 + om);
            if sign == b'-' {
                -m
            } else {
                m
            }
        }
        _ => return None,
    };
    let secs = unix(i64::from(y), mo, d, h, mi, sec)?;
    Some((secs - (offset_min * 60) as f64) * 1000.0 + frac_ms)
}

/// `2026-11-25 14:02:00 UTC` (seconds floored). Non-finite input gives `invalid time`.
pub fn format_utc(secs: f64) -> String {
    if !secs.is_finite() {
        return "invalid time".to_string();
    }
    // Clamp to ±1e15 s (about ±31 million years) so the integer math cannot overflow.
    let t = secs.floor().clamp(-1e15, 1e15) as i64;
    let days = t.div_euclid(86_400);
    let rem = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// A duration for people: `45 s`, `5 min 3 s`, `3 h 5 min`, `2 days 4 h`, `400 days`
/// (rounded to the second; negative durations get a leading `-`).
pub fn format_duration(secs: f64) -> String {
    if !secs.is_finite() {
        return "an unknown time".to_string();
    }
    let neg = secs < 0.0;
    let t = secs.abs().round().min(9.0e15) as u64;
    let sign = if neg && t > 0 { "-" } else { "" };
    let (d, h, m, s) = (t / 86_400, (t % 86_400) / 3600, (t % 3600) / 60, t % 60);
    let body = if t < 60 {
        format!("{s} s")
    } else if t < 3600 {
        if s > 0 {
            format!("{m} min {s} s")
        } else {
            format!("{m} min")
        }
    } else if t < 86_400 {
        if m > 0 {
            format!("{h} h {m} min")
        } else {
            format!("{h} h")
        }
    } else {
        let days = if d == 1 {
            "1 day".to_string()
        } else {
            format!("{d} days")
        };
        if d < 7 && h > 0 {
            format!("{days} {h} h")
        } else {
            days
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T1994: f64 = 784_111_777.0; // Sun, 06 Nov 1994 08:49:37 GMT

    #[test]
    fn civil_round_trip_known() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn http_dates_table() {
        let cases: &[(&str, Option<f64>)] = &[
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(T1994)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(T1994)),
            ("Sun Nov  6 08:49:37 1994", Some(T1994)),
            ("Sun Nov 06 08:49:37 1994", Some(T1994)),
            ("  Sun, 06 Nov 1994 08:49:37 GMT ", Some(T1994)),
            ("sun, 06 nov 1994 08:49:37 utc", Some(T1994)),
            ("Wed, 25 Nov 2026 14:02:00 GMT", Some(1_795_615_320.0)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0.0)),
            ("Sat, 29 Feb 2025 00:00:00 GMT", None),
            ("Sun, 06 Nov 1994 08:49:37 PST", None),
            ("Sun, 6 Nov 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 24:00:00 GMT", None),
            ("Sun, 06 Nov 1994 8:49:37 GMT", None),
            ("Sun 06 Nov 1994 08:49:37 GMT", None),
            ("", None),
            ("1994-11-06T08:49:37Z", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_http_date(s), *want, "{s:?}");
        }
    }

    #[test]
    fn cookie_dates_table() {
        let cases: &[(&str, Option<f64>)] = &[
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(T1994)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(T1994)),
            ("Sun Nov  6 08:49:37 1994", Some(T1994)),
            ("06 Nov 1994 08:49:37", Some(T1994)),
            ("Nov 6 1994 8:49:37", Some(T1994)),
            ("Sun, 06-Nov-1994 08:49:37 GMT", Some(T1994)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0.0)),
            ("Wed, 21 Oct 2015 07:28:00 GMT", Some(1_445_412_480.0)),
            ("Fri, 01 Jan 2038 00:00:01 GMT", Some(2_145_916_801.0)),
            ("01 Jan 69 00:00:00", Some(3_124_224_000.0)),
            ("Sun, 06 Nov 1600 08:49:37 GMT", None),
            ("Sun, 31 Feb 2020 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994", None),
            ("06 November 1994 08:49:37", Some(T1994)),
            ("garbage", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_cookie_date(s), *want, "{s:?}");
        }
    }

    #[test]
    fn iso8601_table() {
        let base = 1_795_615_320_000.0; // 2026-11-25T14:02:00Z in ms
        let cases: &[(&str, Option<f64>)] = &[
            ("2026-11-25T14:02:00Z", Some(base)),
            ("2026-11-25T14:02:00.123Z", Some(base + 123.0)),
            ("2026-11-25T14:02:00.1Z", Some(base + 100.0)),
            ("2026-11-25T14:02:00.123456789123Z", Some(base + 123.456789)),
            ("2026-11-25T15:02:00.000+01:00", Some(base)),
            ("2026-11-25T15:02:00+0100", Some(base)),
            ("2026-11-25T13:02:00-01", Some(base)),
            ("2026-11-25 14:02:00", Some(base)),
            ("2026-11-25t14:02z", Some(base)),
            ("2026-11-25", Some(1_795_564_800_000.0)),
            ("2026-11-25T14:02:00.Z", None),
            ("2026-13-25T14:02:00Z", None),
            ("2026-11-25T14:02:00+25:00", None),
            ("2026-11-25T14:02:00Zjunk", None),
            ("2026-11-25T14:02:00+1é1", None),
            ("2026-11-25T14:02:00+é:11", None),
            ("26-11-25", None),
            ("", None),
        ];
        for (s, want) in cases {
            match (parse_iso8601(s), want) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-3, "{s:?}: {a} vs {b}"),
                (a, b) => assert_eq!(a, *b, "{s:?}"),
            }
        }
    }

    #[test]
    fn formatting_table() {
        assert_eq!(format_utc(1_795_615_320.0), "2026-11-25 14:02:00 UTC");
        assert_eq!(format_utc(1_795_615_320.9), "2026-11-25 14:02:00 UTC");
        assert_eq!(format_utc(-1.0), "1969-12-31 23:59:59 UTC");
        assert_eq!(format_utc(f64::NAN), "invalid time");
        let d: &[(f64, &str)] = &[
            (0.0, "0 s"),
            (0.4, "0 s"),
            (45.0, "45 s"),
            (60.0, "1 min"),
            (303.0, "5 min 3 s"),
            (3.0 * 3600.0 + 300.0, "3 h 5 min"),
            (7200.0, "2 h"),
            (86_400.0, "1 day"),
            (2.0 * 86_400.0, "2 days"),
            (2.0 * 86_400.0 + 4.0 * 3600.0, "2 days 4 h"),
            (400.0 * 86_400.0 + 5.0, "400 days"),
            (-45.0, "-45 s"),
            (f64::INFINITY, "an unknown time"),
        ];
        for (s, want) in d {
            assert_eq!(format_duration(*s), *want, "{s}");
        }
    }

    fn imf(secs: i64) -> String {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let wd = DAYS[(days + 3).rem_euclid(7) as usize]; // 1970-01-01 was a Thursday
        let cap = |s: &str| format!("{}{}", s[..1].to_uppercase(), &s[1..]);
        format!(
            "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
            cap(wd),
            cap(MONTHS[m as usize - 1]),
            rem / 3600,
            (rem % 3600) / 60,
            rem % 60
        )
    }

    proptest! {
        #[test]
        fn prop_civil_round_trip(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn prop_http_date_round_trip(secs in 0i64..253_402_300_799) {
            let s = imf(secs);
            prop_assert_eq!(parse_http_date(&s), Some(secs as f64), "{}", s);
            prop_assert_eq!(parse_cookie_date(&s), Some(secs as f64), "{}", s);
            let iso = format_utc(secs as f64).replace(" UTC", "Z").replacen(' ', "T", 1);
            prop_assert_eq!(parse_iso8601(&iso), Some(secs as f64 * 1000.0), "{}", iso);
            // format_utc(parse_http_date(x)) agrees with the ISO form.
            prop_assert_eq!(format_utc(parse_http_date(&s).unwrap_or(f64::NAN)).replace(" UTC", "Z").replacen(' ', "T", 1), iso);
        }

        #[test]
        fn prop_never_panics(s in "\\PC{0,80}", x in any::<f64>()) {
            let _ = parse_http_date(&s);
            let _ = parse_cookie_date(&s);
            let _ = parse_iso8601(&s);
            let _ = format_utc(x);
            let _ = format_duration(x);
        }

        #[test]
        fn prop_date_soup(s in "[0-9A-Za-z:,+\\-. TZ]{0,40}") {
            let _ = parse_http_date(&s);
            if let Some(t) = parse_cookie_date(&s) {
                prop_assert!(t >= days_from_civil(1601, 1, 1) as f64 * 86_400.0);
            }
            let _ = parse_iso8601(&s);
        }

        #[test]
        fn prop_bytes(b in proptest::collection::vec(any::<u8>(), 0..100)) {
            let s = String::from_utf8_lossy(&b);
            let _ = parse_http_date(&s);
            let _ = parse_cookie_date(&s);
            let _ = parse_iso8601(&s);
        }
    }
}
