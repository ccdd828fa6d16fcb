//! HAR throughput and memory (`cargo bench --bench har`, run by `make bench`).
//!
//! Generates (never commits) a realistic ~40 MB HAR of 20,000 entries: pages, scripts and
//! images, JSON API calls with bearer tokens and cookies, redirects, Set-Cookies, and ~200
//! failures of different kinds (expired token, no credentials, wrong Basic password,
//! insufficient scope, deleted session, gateway, proxy 407, rejected preflight). Then it
//! times `parse_har` and `diagnose` (median of several runs, MB/s), reads the peak memory
//! of each phase (VmHWM, reset through /proc/self/clear_refs), and runs the release CLI
//! end to end on the same file (wall time, peak RSS of the child via wait4).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;
use why401::model::Ctx;

const ENTRIES: usize = 20_000;
const RUNS: usize = 5;
/// 2026-11-25T14:00:00Z.
const T0: f64 = 1_795_615_200.0;

fn jwt(claims: Value) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "typ": "JWT", "kid": "2026-11"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode([7u8; 64])
    )
}

fn iso(secs: f64) -> String {
    let days = (secs / 86_400.0).floor() as i64;
    let rem = secs - days as f64 * 86_400.0;
    let (h, m, s) = (
        (rem / 3600.0) as i64,
        ((rem % 3600.0) / 60.0) as i64,
        rem % 60.0,
    );
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:06.3}Z")
}

fn h(name: &str, value: &str) -> Value {
    json!({"name": name, "value": value})
}

fn common_req(host: &str) -> Vec<Value> {
    vec![
        h(":authority", host),
        h(":method", "GET"),
        h(":scheme", "https"),
        h("accept", "application/json, text/plain, */*"),
        h("accept-language", "en-GB,en;q=0.9"),
        h("sec-fetch-mode", "cors"),
        h("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"),
    ]
}

fn common_resp() -> Vec<Value> {
    vec![
        h("content-type", "application/json; charset=utf-8"),
        h("date", "Wed, 25 Nov 2026 14:02:00 GMT"),
        h("server", "envoy"),
        h(
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        ),
        h("vary", "Origin, Accept-Encoding"),
        h("x-request-id", "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"),
        h("access-control-allow-origin", "https://app.example.com"),
        h("access-control-allow-credentials", "true"),
    ]
}

/// One entry: `(method, url)`, request headers, status, response headers, content, type.
fn entry(
    i: usize,
    (method, url): (&str, &str),
    req: Vec<Value>,
    status: i64,
    resp: Vec<Value>,
    content: Value,
    kind: &str,
) -> Value {
    json!({
        "_initiator": {"type": "script", "stack": {"callFrames": [{"functionName": "request", "scriptId": "42",
            "url": "https://app.example.com/static/js/main.4f9c2a.js", "lineNumber": 1, "columnNumber": 28811}]}},
        "_priority": "High",
        "_resourceType": kind,
        "cache": {},
        "connection": "443",
        "pageref": format!("page_{}", i / 2000 + 1),
        "request": {"method": method, "url": url, "httpVersion": "http/2.0", "headers": req, "queryString": [],
                    "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "http/2.0", "headers": resp, "cookies": [],
                     "content": content, "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 1800,
                     "_error": null, "_fetchedViaServiceWorker": false},
        "serverIPAddress": "203.0.113.7",
        "startedDateTime": iso(T0 + i as f64 * 0.15),
        "time": 48.2,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 45.0, "receive": 1.9,
                    "_blocked_queueing": 0.8, "_workerStart": -1, "_workerReady": -1}
    })
}

fn generate() -> String {
    let good = jwt(
        json!({"iss": "https://id.example.com", "sub": "user-42", "aud": "api", "scope": "read write",
                          "iat": T0 - 600.0, "exp": T0 + 3000.0}),
    );
    let expired = jwt(
        json!({"iss": "https://id.example.com", "sub": "user-42", "aud": "api", "scope": "read",
                             "iat": T0 - 7200.0, "exp": T0 - 3600.0}),
    );
    let body_json = json!({"items": (0..2).map(|k| json!({"id": k, "name": format!("Item number {k}"),
        "description": "A description of an item in the list.",
        "tags": ["alpha", "beta", "gamma"], "updated": "2026-11-25T13:59:00Z"})).collect::<Vec<_>>()})
    .to_string();
    let html = format!(
        "<!doctype html><html><head><title>App</title></head><body>{}</body></html>",
        "<div class=\"row\">content</div>".repeat(10)
    );
    let png = STANDARD.encode(vec![0x89u8; 300]);
    let mut entries = Vec::with_capacity(ENTRIES);
    for i in 0..ENTRIES {
        let api = format!(
            "https://api.example.com/v1/items/{i}?page={}&sort=name",
            i % 7
        );
        let e = if i % 100 == 99 {
            // ~200 failures of eight kinds.
            let mut req = common_req("api.example.com");
            let mut resp = common_resp();
            let mut status = 401;
            let body = json!({"error": "unauthorized"}).to_string();
            match (i / 100) % 8 {
                0 => {
                    req.push(h("authorization", &format!("Bearer {expired}")));
                    resp.push(h("www-authenticate", "Bearer error=\"invalid_token\", error_description=\"The access token expired\""));
                }
                1 => resp.push(h("www-authenticate", "Bearer realm=\"api\"")),
                2 => {
                    req.push(h("authorization", "Basic Ym9iOndyb25nLXBhc3N3b3Jk"));
                    resp.push(h(
                        "www-authenticate",
                        "Basic realm=\"admin\", charset=\"UTF-8\"",
                    ));
                }
                3 => {
                    req.push(h("authorization", &format!("Bearer {good}")));
                    resp.push(h(
                        "www-authenticate",
                        "Bearer error=\"insufficient_scope\", scope=\"admin\"",
                    ));
                }
                4 => {
                    req.push(h(
                        "cookie",
                        "sid=s%3A8f7e6d5c4b3a2910.abcdefghijklmnop; theme=dark; consent=yes",
                    ));
                    resp.push(h(
                        "set-cookie",
                        "sid=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
                    ));
                }
                5 => {
                    resp.push(h("x-amzn-errortype", "UnauthorizedException"));
                    resp.push(h("x-amz-apigw-id", "AbCdEfGhIjKlMnO="));
                }
                6 => {
                    status = 407;
                    resp.push(h("proxy-authenticate", "Basic realm=\"corp-proxy\""));
                }
                _ => {
                    req.push(h("access-control-request-method", "GET"));
                    req.push(h("access-control-request-headers", "authorization"));
                }
            }
            let method = if (i / 100) % 8 == 7 { "OPTIONS" } else { "GET" };
            let kind = if method == "OPTIONS" {
                "preflight"
            } else {
                "fetch"
            };
            entry(
                i,
                (method, &api),
                req,
                status,
                resp,
                json!({"size": body.len(), "mimeType": "application/json", "text": body}),
                kind,
            )
        } else {
            match i % 10 {
                0 => {
                    let mut resp = vec![
                        h("content-type", "text/html; charset=utf-8"),
                        h("date", "Wed, 25 Nov 2026 14:02:00 GMT"),
                    ];
                    resp.push(h(
                        "set-cookie",
                        &format!(
                            "sid=s%3A{i:08x}.signature; Path=/; HttpOnly; Secure; SameSite=Lax"
                        ),
                    ));
                    resp.push(h("set-cookie", "theme=dark; Path=/; Max-Age=31536000"));
                    entry(
                        i,
                        ("GET", "https://app.example.com/dashboard"),
                        common_req("app.example.com"),
                        200,
                        resp,
                        json!({"size": html.len(), "mimeType": "text/html", "text": html}),
                        "document",
                    )
                }
                1 => {
                    let mut resp = common_resp();
                    resp.push(h("location", "https://app.example.com/dashboard"));
                    let mut e = entry(
                        i,
                        ("GET", "https://app.example.com/"),
                        common_req("app.example.com"),
                        302,
                        resp,
                        json!({"size": 0, "mimeType": "x-unknown"}),
                        "document",
                    );
                    e["response"]["redirectURL"] = json!("https://app.example.com/dashboard");
                    e
                }
                2 | 3 => entry(
                    i,
                    ("GET", &format!("https://cdn.example.com/img/{i}.png")),
                    common_req("cdn.example.com"),
                    200,
                    vec![
                        h("content-type", "image/png"),
                        h("cache-control", "public, max-age=31536000"),
                    ],
                    json!({"size": 300, "mimeType": "image/png", "text": png, "encoding": "base64"}),
                    "image",
                ),
                _ => {
                    let mut req = common_req("api.example.com");
                    req.push(h("authorization", &format!("Bearer {good}")));
                    req.push(h("cookie", "theme=dark; consent=yes"));
                    entry(
                        i,
                        ("GET", &api),
                        req,
                        200,
                        common_resp(),
                        json!({"size": body_json.len(), "mimeType": "application/json", "text": body_json}),
                        "fetch",
                    )
                }
            }
        };
        entries.push(e);
    }
    let pages: Vec<Value> = (0..ENTRIES / 2000 + 1)
        .map(|p| json!({"startedDateTime": iso(T0), "id": format!("page_{}", p + 1), "title": "https://app.example.com/dashboard", "pageTimings": {}}))
        .collect();
    json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": pages, "entries": entries}})
        .to_string()
}

fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false when not possible.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The generator runs in a child process, so that its memory does not inflate the
    // numbers below (a child's ru_maxrss starts from its parent's size at fork).
    if let Some(i) = args.iter().position(|a| a == "--generate-into") {
        let path = args.get(i + 1).expect("--generate-into PATH");
        std::fs::write(path, generate()).expect("write the generated HAR");
        return;
    }
    // `cargo bench` passes `--bench`; a filter argument other than "har" skips us.
    if args.iter().any(|a| !a.starts_with('-') && a != "har") {
        return;
    }
    let dir = target_dir().join("bench");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("bench-20k.har");
    let t = Instant::now();
    let exe = std::env::current_exe().expect("own path");
    let ok = std::process::Command::new(exe)
        .arg("--generate-into")
        .arg(&file)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "generating the HAR failed");
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let mb = bytes as f64 / (1024.0 * 1024.0);
    println!(
        "generated {} ({mb:.1} MB, {ENTRIES} entries, ~{} failures) in {:.2} s",
        file.display(),
        ENTRIES / 100,
        t.elapsed().as_secs_f64()
    );
    let cli_ms = cli(&file, mb);

    let rss_empty = status_kb("VmRSS:").unwrap_or(0);
    let text = std::fs::read_to_string(&file).expect("read the generated HAR");
    let ctx = Ctx::at((T0 + 3600.0) * 1000.0);
    let mut scan_ms = Vec::new();
    let mut value_ms = Vec::new();
    let mut parse_ms = Vec::new();
    let mut diag_ms = Vec::new();
    let (mut findings, mut entries) = (0, 0);
    let (mut parse_peak, mut diag_peak) = (0, 0);
    let rss_text = status_kb("VmRSS:").unwrap_or(0);
    let can_reset = reset_peak();
    for _ in 0..RUNS {
        let t = Instant::now();
        let _: serde::de::IgnoredAny = serde_json::from_str(&text).expect("valid JSON");
        scan_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        reset_peak();
        let t = Instant::now();
        let cap = why401::har::parse_har(&text).expect("the generated HAR parses");
        parse_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        parse_peak = parse_peak.max(status_kb("VmHWM:").unwrap_or(0));
        entries = cap.entries.len();
        reset_peak();
        let t = Instant::now();
        let report = why401::diagnose::diagnose(&cap, &ctx);
        diag_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        diag_peak = diag_peak.max(status_kb("VmHWM:").unwrap_or(0));
        findings = report.findings.len();
        drop(report);
        drop(cap);
    }
    // After the memory readings above: a Value of this file takes ~400 MB, which the
    // allocator keeps.
    for _ in 0..RUNS {
        let t = Instant::now();
        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        value_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(v);
    }
    let (s, p, d) = (median(scan_ms), median(parse_ms), median(diag_ms));
    let v = median(value_ms);
    println!(
        "json scan   median {s:8.1} ms  {:7.1} MB/s  (serde_json skipping everything: the floor)",
        mb / (s / 1000.0)
    );
    println!(
        "json Value  median {v:8.1} ms  {:7.1} MB/s  (serde_json to a Value: parsing the JSON at all)",
        mb / (v / 1000.0)
    );
    println!(
        "parse_har   median {p:8.1} ms  {:7.1} MB/s  ({entries} entries)",
        mb / (p / 1000.0)
    );
    println!("diagnose    median {d:8.1} ms  ({findings} findings)");
    println!(
        "in-process  total  {:8.1} ms  {:7.1} MB/s",
        p + d,
        mb / ((p + d) / 1000.0)
    );
    // For `make bench`'s summary (tests/bench/run.mjs).
    let summary = json!({
        "mb": mb, "entries": entries, "findings": findings,
        "value_parse_ms": v, "parse_har_ms": p, "diagnose_ms": d, "cli_ms": cli_ms,
        "cli_over_value": cli_ms.map(|c| c / v),
    });
    let _ = std::fs::write(dir.join("har.json"), summary.to_string());
    if let Some(c) = cli_ms {
        println!("cli ÷ Value {:8.2}", c / v);
    }
    let mib = |kb: u64| kb as f64 / 1024.0;
    if can_reset {
        println!(
            "memory      {:.0} MB before reading; {:.0} MB with the text; peak {:.0} MB parsing (+{:.0} MB), {:.0} MB diagnosing",
            mib(rss_empty),
            mib(rss_text),
            mib(parse_peak),
            mib(parse_peak.saturating_sub(rss_text)),
            mib(diag_peak)
        );
    } else {
        println!(
            "memory      peak {:.0} MB (VmHWM; could not reset it per phase)",
            mib(status_kb("VmHWM:").unwrap_or(0))
        );
    }
}

/// The release binary end to end: wall time and the child's peak RSS. Its median wall ms.
fn cli(file: &Path, mb: f64) -> Option<f64> {
    let exe = target_dir().join("release").join("why401");
    if !exe.exists() {
        println!(
            "cli         skipped: {} not built (run `make cli` first)",
            exe.display()
        );
        return None;
    }
    let mut walls = Vec::new();
    let mut peak_kb = 0i64;
    for _ in 0..3 {
        let t = Instant::now();
        // Reaped by wait4 in `wait_rusage`, which also reads its peak memory.
        #[allow(clippy::zombie_processes)]
        let child = std::process::Command::new(&exe)
            .args(["diagnose", "--json", "--now", "2026-11-25T15:00:00Z"])
            .arg(file)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn why401");
        let (ok, rss) = wait_rusage(child.id());
        walls.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(ok, "why401 diagnose failed on the generated HAR");
        peak_kb = peak_kb.max(rss);
    }
    let w = median(walls);
    println!(
        "cli         median {w:8.1} ms  {:7.1} MB/s  peak RSS {:.0} MB ({:.1}× the file)",
        mb / (w / 1000.0),
        peak_kb as f64 / 1024.0,
        peak_kb as f64 / 1024.0 / mb
    );
    Some(w)
}

/// Waits for the child with wait4: (exited 0, peak RSS in KiB).
fn wait_rusage(pid: u32) -> (bool, i64) {
    let mut status = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for our own child.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut ru) };
    let ok = r > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, ru.ru_maxrss)
}
