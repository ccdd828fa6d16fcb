//! The `why401` binary, run for real: error paths, the `--json` contract, `--entry`,
//! `--markdown`, colour, the `token` command and `curl -v` text on standard input.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-11-25T14:05:00Z";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_why401"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file in a fresh temp dir that lives as long as the test.
struct Tmp(PathBuf);

impl Tmp {
    fn new(name: &str, content: &[u8]) -> Tmp {
        let dir = std::env::temp_dir().join(format!("why401-cli-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp dir");
        let p = dir.join(name);
        std::fs::write(&p, content).expect("write tmp");
        Tmp(p)
    }
    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 path")
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        if let Some(d) = self.0.parent() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

fn jwt(header: Value, claims: Value, sig: &str) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(sig)
    )
}

/// 2026-11-25T14:02:00Z.
const T_REQ: i64 = 1_795_615_320;

fn expired_jwt() -> String {
    jwt(
        json!({"alg": "RS256", "typ": "JWT", "kid": "k1"}),
        json!({"iss": "https://id.example.com", "sub": "user-42", "aud": "api", "iat": T_REQ - 7200, "exp": T_REQ - 3600}),
        "the-secret-signature-bytes",
    )
}

fn entry(url: &str, status: i64, req: Value, resp: Value, started: &str) -> Value {
    json!({
        "startedDateTime": started,
        "_resourceType": "fetch",
        "request": {"method": "GET", "url": url, "httpVersion": "http/2.0", "headers": req, "cookies": [], "headersSize": -1},
        "response": {"status": status, "statusText": "", "httpVersion": "http/2.0", "headers": resp, "cookies": [],
                     "content": {"size": 0, "mimeType": "application/json", "text": "{}"}, "redirectURL": "", "headersSize": -1}
    })
}

fn har() -> String {
    let bearer = format!("Bearer {}", expired_jwt());
    json!({"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "128.0"}, "entries": [
        entry("https://app.example.com/", 200, json!([{"name": "Cookie", "value": "sid=abc"}]), json!([]), "2026-11-25T14:01:00.000Z"),
        entry("https://api.example.com/v1/me", 401,
              json!([{"name": "Authorization", "value": bearer}, {"name": "Origin", "value": "https://app.example.com"}]),
              json!([{"name": "WWW-Authenticate", "value": "Bearer error=\"invalid_token\", error_description=\"The token expired\""},
                     {"name": "Date", "value": "Wed, 25 Nov 2026 14:02:00 GMT"},
                     {"name": "x-request-id", "value": "req-7f3a"}]),
              "2026-11-25T14:02:00.000Z"),
        entry("https://api.example.com/v1/ok", 200, json!([]), json!([]), "2026-11-25T14:02:01.000Z"),
        entry("https://api.example.com/v1/admin", 401, json!([]), json!([]), "2026-11-25T14:02:02.000Z"),
    ]}})
    .to_string()
}

#[test]
fn json_output_follows_the_contract() {
    let f = Tmp::new("a.har", har().as_bytes());
    let o = run(&["diagnose", "--json", "--now", NOW, f.path()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    let findings = v["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 2, "one finding per 401: {v:#}");
    assert!(v["notes"].is_array());
    for f in findings {
        assert!(
            f["entry"].is_u64() && f["url"].is_string() && f["method"].is_string(),
            "{f:#}"
        );
        assert_eq!(f["status"], 401);
        assert!(
            f["credentials"].is_object() && f["request_ids"].is_object(),
            "{f:#}"
        );
        let causes = f["causes"].as_array().expect("causes array");
        assert!(!causes.is_empty(), "never empty: {f:#}");
        for c in causes {
            let id = c["id"].as_str().expect("id");
            assert!(
                why401::cause::CauseId::parse(id).is_some(),
                "catalogue id: {id}"
            );
            let conf = c["confidence"].as_f64().expect("confidence");
            assert!((0.0..=1.0).contains(&conf));
            assert!(c["title"].as_str().is_some_and(|t| !t.is_empty()));
            for k in ["evidence", "fix_user", "fix_dev"] {
                assert!(
                    c[k].as_array()
                        .is_some_and(|a| a.iter().all(Value::is_string)),
                    "{k}: {c:#}"
                );
            }
        }
    }
    let first = &findings[0];
    assert_eq!(first["entry"], 1);
    assert_eq!(first["url"], "https://api.example.com/v1/me");
    assert_eq!(first["request_ids"]["x-request-id"], "req-7f3a");
    let text = o.stdout.clone();
    let s = String::from_utf8_lossy(&text);
    assert!(
        !s.contains(&URL_SAFE_NO_PAD.encode("the-secret-signature-bytes")),
        "the signature never appears"
    );
    // Reproducible with --now.
    let again = run(&["diagnose", "--json", "--now", NOW, f.path()]);
    assert_eq!(again.stdout, o.stdout);
}

#[test]
fn entry_option() {
    let f = Tmp::new("b.har", har().as_bytes());
    let o = run(&["diagnose", "--json", "--now", NOW, "--entry", "3", f.path()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let fs = v["findings"].as_array().expect("findings");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0]["entry"], 3);

    let o = run(&["diagnose", "--entry", "2", f.path()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("entry 2 has status 200") && e.contains("Entries with 401/407: 1, 3"),
        "{e}"
    );

    let o = run(&["diagnose", "--entry", "99", f.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no entry 99"), "{}", stderr(&o));
}

#[test]
fn text_markdown_and_colour() {
    let f = Tmp::new("c.har", har().as_bytes());
    let o = run(&["diagnose", "--now", NOW, f.path()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(
        t.starts_with("HAR file · 4 requests · 2 answered 401/407"),
        "{t}"
    );
    assert!(
        t.contains("401 Unauthorized GET https://api.example.com/v1/me"),
        "{t}"
    );
    assert!(
        t.contains("Likely causes") && t.contains("x-request-id: req-7f3a"),
        "{t}"
    );
    assert!(
        !t.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );

    let o = run(&["diagnose", "--now", NOW, "--color", "always", f.path()]);
    assert!(stdout(&o).contains("\x1b["));

    let o = run(&["diagnose", "--markdown", "--now", NOW, f.path()]);
    assert_eq!(o.status.code(), Some(0));
    let m = stdout(&o);
    assert!(m.starts_with("# why401 report: 2 failed requests"), "{m}");
    assert!(m.contains("| x-request-id | `req-7f3a` |"), "{m}");
    assert!(!m.contains(&URL_SAFE_NO_PAD.encode("the-secret-signature-bytes")));
}

#[test]
fn curl_output_on_stdin() {
    let curl = "\
* Connected to api.example.com (203.0.113.7) port 443
* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384
> GET /v1/me HTTP/2
> Host: api.example.com
> Authorization: Basic Ym9iOmh1bnRlcjJ4eXo=
>
< HTTP/2 401
< www-authenticate: Basic realm=\"api\"
< date: Wed, 25 Nov 2026 14:02:00 GMT
<
{\"error\":\"invalid credentials\"}
";
    let o = run_stdin(&["diagnose", "--json", "--now", NOW, "-"], curl.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["findings"][0]["url"], "https://api.example.com/v1/me");
    assert_eq!(v["findings"][0]["status"], 401);
    let out = stdout(&o);
    assert!(
        !out.contains("hunter2xyz") && !out.contains("Ym9iOmh1bnRlcjJ4eXo"),
        "the Basic password never appears: {out}"
    );
    let o = run_stdin(&["diagnose", "--now", NOW, "-"], curl.as_bytes());
    assert!(
        stdout(&o).starts_with("curl -v output · 1 request · 1 answered 401/407"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn error_paths() {
    let dir = std::env::temp_dir();
    let missing = dir.join("why401-does-not-exist.har");
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("empty.har", b"   \n".to_vec(), &["empty"]),
        (
            "nothar.json",
            br#"{"hello": "world"}"#.to_vec(),
            &["not a HAR", "no log.entries", "\"hello\""],
        ),
        (
            "cut.har",
            har().as_bytes()[..har().len() / 2].to_vec(),
            &["not complete JSON", "line 1, column", "cut short"],
        ),
        (
            "junk.bin",
            vec![0, 159, 146, 150, 1, 2, 3, 0, 255, 254, 0, 7],
            &["binary data"],
        ),
        (
            "x.har.gz",
            vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0],
            &["gzip", "gunzip"],
        ),
        (
            "prose.txt",
            b"hello, this is not http".to_vec(),
            &["No HTTP request, response or header line"],
        ),
        (
            "token.txt",
            expired_jwt().into_bytes(),
            &["JWT", "why401 token"],
        ),
    ];
    for (name, content, wants) in cases {
        let f = Tmp::new(name, &content);
        let o = run(&["diagnose", f.path()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.starts_with("why401: "), "{name}: {e}");
        for w in wants {
            assert!(e.contains(w), "{name}: {w:?} not in {e:?}");
        }
        assert!(
            !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
            "{name}: {e}"
        );
        assert!(o.stdout.is_empty(), "{name}: nothing on stdout");
    }
    let o = run(&["diagnose", missing.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
    let o = run(&["diagnose", dir.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    let f = Tmp::new("d.har", har().as_bytes());
    let o = run(&["diagnose", "--now", "yesterday", f.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--now \"yesterday\" is not a time"),
        "{}",
        stderr(&o)
    );
    // Usage errors are clap's, also exit 2.
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["diagnose"]).status.code(), Some(2));
    assert_eq!(
        run(&["diagnose", "--json", "--markdown", f.path()])
            .status
            .code(),
        Some(2)
    );
    let help = stdout(&run(&["--help"]));
    assert!(
        help.contains("Exit status") && help.contains("diagnose") && help.contains("token"),
        "{help}"
    );
}

#[test]
fn token_command_other_formats() {
    // A real Flask session cookie (Flask 3.1.3): decoded, not a broken JWT.
    let flask = "session=eyJ1c2VyIjoiYWxpY2UifQ.awyBwg.ev4Gr7oAZUVFVjWQ-RzwlN5NLeE";
    let o = run(&["token", "--now", NOW, flask]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.starts_with("Cookie session: Flask / itsdangerous signed session"),
        "{s}"
    );
    assert!(s.contains("alice") && s.contains("issued"), "{s}");
    assert!(!s.contains("ev4Gr7oAZUVFVjWQ"), "signature shown: {s}");

    // An API key: kind and mode; the key itself masked.
    let key = "sk_test_51HabcdefghijklmnopQRST";
    let o = run(&["token", "--json", key]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["kind"], "Stripe secret key");
    assert_eq!(v["mode"], "test");
    assert!(!o.stdout.windows(key.len()).any(|w| w == key.as_bytes()));

    // A Cookie header: each cookie.
    let o = run(&[
        "token",
        "Cookie: PHPSESSID=q4bs9lf1g5v8d1fh3bq7m2a0n6; theme=dark",
    ]);
    let s = stdout(&o);
    assert!(s.contains("Cookie PHPSESSID: PHP session id"), "{s}");
    assert!(s.contains("Cookie theme: 4 bytes, not a format"), "{s}");
    assert!(!s.contains("q4bs9lf1g5v8d1fh3bq7m2a0n6"), "{s}");
}

#[test]
fn token_command() {
    let t = expired_jwt();
    let o = run(&["token", "--now", NOW, &t]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.starts_with("JWT (decoded, not verified)"), "{s}");
    for w in [
        "RS256",
        "user-42",
        "https://id.example.com",
        "exp",
        "iat",
        "UTC",
    ] {
        assert!(s.contains(w), "{w:?} missing in {s}");
    }
    assert!(
        !s.contains(&URL_SAFE_NO_PAD.encode("the-secret-signature-bytes")),
        "{s}"
    );

    let o = run(&["token", "--json", "--now", NOW, &format!("Bearer {t}")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["header"]["alg"], "RS256");
    assert_eq!(v["claims"]["sub"], "user-42");
    assert!(
        v["times"]
            .as_array()
            .is_some_and(|a| a.iter().any(|t| t["claim"] == "exp")),
        "{v:#}"
    );
    assert!(v["signature"].is_string());

    let o = run_stdin(
        &["token", "--now", NOW, "-"],
        format!("Authorization: Bearer {t}\n").as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("user-42"));

    let none = jwt(json!({"alg": "none"}), json!({"sub": "x"}), "");
    let o = run(&["token", "--now", NOW, &none]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("none"), "{}", stdout(&o));

    let broken = "eyJhbGciOiJIUzI1NiJ9.not*base64.sig";
    let o = run(&["token", broken]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a token that does not decode exits 2"
    );
    assert!(stdout(&o).contains("Does not decode"), "{}", stdout(&o));

    let o = run(&["token", ""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));
}

/// A HAR whose 401s carry secrets in ten places: the binary's text, Markdown and JSON
/// hold none of them, and the same token shows as the same placeholder.
#[test]
fn no_secret_in_any_output() {
    let s: Vec<String> = (0..10)
        .map(|i| format!("Zq{i}k8Xw3Lm9Vb2Nt7Rp4Hc6Yd1Jf5Gs0"))
        .collect();
    let token = jwt(
        json!({"alg": "RS256", "typ": "JWT"}),
        json!({"sub": "user-42", "exp": T_REQ + 3600}),
        &s[0],
    );
    let sig = token.rsplit('.').next().unwrap().to_string();
    let hop = format!(
        "https://bob:{}@api.example.com/v1/login?password={}",
        s[1], s[2]
    );
    let last = format!(
        "https://api.example.com/v1/me/{}?authToken={}#id_token={token}",
        s[3], s[4]
    );
    let har = json!({"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "128.0"}, "entries": [
        {"startedDateTime": "2026-11-25T14:01:59.000Z",
         "request": {"method": "GET", "url": hop, "httpVersion": "http/2.0", "cookies": [], "headersSize": -1,
                     "headers": [{"name": "Authorization", "value": format!("Bearer {token}")}]},
         "response": {"status": 302, "statusText": "", "httpVersion": "http/2.0", "cookies": [], "headersSize": -1,
                      "headers": [{"name": "Location", "value": last}],
                      "content": {"size": 0, "mimeType": "text/plain", "text": ""}, "redirectURL": last}},
        {"startedDateTime": "2026-11-25T14:02:00.000Z",
         "request": {"method": "GET", "url": last, "httpVersion": "http/2.0", "cookies": [], "headersSize": -1,
                     "headers": [{"name": "Cookie", "value": format!("sid={}", s[5])},
                                 {"name": "X-Api-Key", "value": s[6]},
                                 {"name": "Authorization", "value": format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("bob:{}", s[1])))}]},
         "response": {"status": 401, "statusText": "", "httpVersion": "http/2.0", "cookies": [], "headersSize": -1,
                      "headers": [{"name": "Set-Cookie", "value": format!("sid={}; Path=/", s[7])},
                                  {"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                      "content": {"size": 0, "mimeType": "application/x-www-form-urlencoded",
                                  "text": format!("error=denied&client_secret={}&session={}", s[8], s[9])},
                      "redirectURL": ""}}
    ]}})
    .to_string();
    let f = Tmp::new("secrets.har", har.as_bytes());
    for args in [vec![], vec!["--markdown"], vec!["--json"]] {
        let mut a = vec!["diagnose", "--now", NOW, f.path()];
        a.extend(args.iter().copied());
        let o = run(&a);
        let out = stdout(&o);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        for secret in s.iter().chain([&sig]) {
            assert!(
                !out.contains(secret.as_str()),
                "{args:?}: {secret} in\n{out}"
            );
        }
        assert!(
            out.contains("‹password #"),
            "{args:?}: placeholders shown\n{out}"
        );
    }
    // The password in the hop's userinfo and in the Basic header: one placeholder.
    let json: Value =
        serde_json::from_slice(&run(&["diagnose", "--json", "--now", NOW, f.path()]).stdout)
            .unwrap();
    let hop_url = json["findings"][0]["redirects"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let basic = json["findings"][0]["credentials"]["authorization"]["masked"]
        .as_str()
        .unwrap()
        .to_string();
    let p = hop_url
        .split("bob:")
        .nth(1)
        .unwrap()
        .split('@')
        .next()
        .unwrap();
    assert!(basic.contains(p), "{hop_url} / {basic}");
}

#[test]
fn completions_are_printed_for_each_shell_and_name_the_commands() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef why401"),
        ("fish", "complete -c why401"),
        ("elvish", "why401"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(text.contains(marker), "{shell}: no {marker:?}");
        for cmd in ["diagnose", "token", "json", "markdown", "completions"] {
            assert!(text.contains(cmd), "{shell}: {cmd} is not completed");
        }
    }
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}
