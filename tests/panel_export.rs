//! The DevTools panel's "Export sanitized HAR" loads back and diagnoses the same: for every
//! captured HAR fixture, export → read (the core's HAR reader, as the web page and the CLI
//! read it) → diagnose gives the same top cause for each 401/407, in the same order; and
//! no credential value of the original is left in the file.

use serde_json::Value;
use why401::diagnose::diagnose;
use why401::har::parse_har;
use why401::model::Ctx;
use why401::parse::date::parse_iso8601;
use why401::timeline::export::export_har;

fn fixtures() -> Vec<(String, f64)> {
    let text = std::fs::read_to_string("tests/fixtures/expected.json").unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut out: Vec<(String, f64)> = Vec::new();
    for f in v["fixtures"].as_array().unwrap() {
        let file = f["file"].as_str().unwrap();
        if !file.starts_with("har/") || out.iter().any(|(x, _)| x == file) {
            continue;
        }
        let now = f["now"]
            .as_str()
            .and_then(parse_iso8601)
            .unwrap_or(1_764_079_500_000.0);
        out.push((file.to_string(), now));
    }
    out
}

fn tops(report: &why401::report::Report) -> Vec<(String, i64, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.method.clone(),
                f.status,
                f.causes
                    .first()
                    .map(|c| c.id.as_str().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// Credential values of the original capture (Authorization credentials, cookie values,
/// JWT signatures) long enough to be told apart from ordinary text.
fn secrets(capture: &why401::model::Capture) -> Vec<String> {
    let mut out = Vec::new();
    for e in &capture.entries {
        for h in e.request_headers.iter().chain(&e.response_headers) {
            let n = h.name.to_ascii_lowercase();
            let v = h.value.trim();
            let vals: Vec<String> = match n.as_str() {
                "authorization" | "proxy-authorization" => {
                    vec![v.split_once(' ').map_or(v, |(_, c)| c).trim().to_string()]
                }
                "cookie" => v
                    .split(';')
                    .filter_map(|p| p.split_once('=').map(|(_, x)| x.trim().to_string()))
                    .collect(),
                "set-cookie" => v
                    .split(';')
                    .next()
                    .and_then(|p| p.split_once('=').map(|(_, x)| vec![x.trim().to_string()]))
                    .unwrap_or_default(),
                _ => vec![],
            };
            for s in vals {
                // A JWT's signature is the secret part; its claims stay readable.
                let s = if s.trim_matches('"').starts_with("eyJ") {
                    s.trim_matches('"')
                        .split('.')
                        .nth(2)
                        .unwrap_or("")
                        .to_string()
                } else {
                    s
                };
                if s.len() >= 12 {
                    out.push(s);
                }
            }
        }
    }
    out
}

#[test]
fn export_loads_back_and_diagnoses_the_same() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, now) in fixtures() {
        let text = std::fs::read_to_string(format!("tests/fixtures/{file}")).unwrap();
        let ctx = Ctx::at(now);
        let capture = parse_har(&text).unwrap();
        let before = tops(&diagnose(&capture, &ctx));
        let exported = export_har(&capture);
        let back = match parse_har(&exported) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{file}: the export does not read back: {e}"));
                continue;
            }
        };
        let after = tops(&diagnose(&back, &ctx));
        if before != after {
            failures.push(format!("{file}:\n  before {before:?}\n  after  {after:?}"));
        }
        for s in secrets(&capture) {
            if exported.contains(&s) {
                failures.push(format!(
                    "{file}: a credential value is left in the export: {}…",
                    &s[..6]
                ));
            }
        }
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} HAR fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {checked}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
