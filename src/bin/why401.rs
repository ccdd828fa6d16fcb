//! The `why401` command: diagnose a HAR file, `curl -v` output or pasted headers, or decode
//! a token. The library does the work; this file reads files, the clock and the terminal.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use why401::model::{limits, Ctx};
use why401::{diagnose, input, output, parse, report, views};

const EXIT_CODES: &str = "\
Exit status:
  0  the input was read and diagnosed (whether or not it holds 401s)
  1  internal error (a bug in why401; please report it)
  2  usage error, or the input could not be read: missing file, not a HAR or text,
     truncated JSON, a token that does not decode";

#[derive(Parser)]
#[command(
    name = "why401",
    version,
    about = "Tells you why a site or an API answered 401 Unauthorized (or 407), and what to do.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Diagnose the 401/407 responses in a HAR file, `curl -v` output or pasted headers.
    #[command(after_help = EXIT_CODES)]
    Diagnose(DiagnoseArgs),
    /// Decode a JWT: header, claims, times (from now and in UTC), what is unusual.
    #[command(after_help = EXIT_CODES)]
    Token(TokenArgs),
    /// Print a shell completion script, e.g. `why401 completions bash > ~/.local/share/bash-completion/completions/why401`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

#[derive(Parser)]
struct DiagnoseArgs {
    /// A HAR file, a text file with `curl -v` output or headers, or - for standard input.
    #[arg(value_name = "FILE|-")]
    input: String,
    /// Print the report as JSON (a stable contract: fields may be added, none renamed).
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print a support-ticket report in Markdown (secrets masked).
    #[arg(long)]
    markdown: bool,
    /// Only this entry (its index in the HAR's log.entries).
    #[arg(long, value_name = "N")]
    entry: Option<usize>,
    /// Diagnose as if now were TIME (RFC 3339, or Unix seconds), for reproducible output.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Leave out one stack's knowledge (its message-table entries, its gateway recognition):
    /// diagnose as for a stack nobody has seen. For the accuracy test; repeatable.
    #[arg(long = "without-stack", value_name = "STACK", hide = true)]
    without_stack: Vec<String>,
}

#[derive(Parser)]
struct TokenArgs {
    /// The token or cookie: a JWT, a session cookie, an API key (`Bearer ...`,
    /// `Authorization: ...`, `name=value` and `Cookie: a=1; b=2` are accepted), or - for
    /// standard input.
    #[arg(value_name = "TOKEN|-", allow_hyphen_values = false)]
    token: String,
    /// Print the decoded token as JSON.
    #[arg(long)]
    json: bool,
    /// Read times against TIME instead of the clock (RFC 3339, or Unix seconds).
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A failure to report: the message, and the exit status.
struct Fail(String, u8);

fn usage(msg: impl Into<String>) -> Fail {
    Fail(msg.into(), 2)
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "why401: internal error{at}: {msg}\nThis is a bug in why401. Please report it, with the input that \
             caused it if you can share it (remove secrets first)."
        );
        std::process::exit(1);
    }));
    let cli = Cli::parse();
    let res = match cli.cmd {
        Cmd::Diagnose(a) => run_diagnose(a),
        Cmd::Token(a) => run_token(a),
        Cmd::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "why401", &mut std::io::stdout());
            Ok(0)
        }
    };
    match res {
        Ok(code) => ExitCode::from(code),
        Err(Fail(msg, code)) => {
            eprintln!("why401: {msg}");
            ExitCode::from(code)
        }
    }
}

fn run_diagnose(a: DiagnoseArgs) -> Result<u8, Fail> {
    let mut ctx = ctx(a.now.as_deref())?;
    if !a.without_stack.is_empty() {
        // Once per process: the names live as long as the diagnosis.
        let names: Vec<&'static str> = a
            .without_stack
            .iter()
            .map(|s| &*Box::leak(s.clone().into_boxed_str()))
            .collect();
        ctx.without_stacks = Box::leak(names.into_boxed_slice());
    }
    let bytes = read_input(&a.input)?;
    let text =
        input::text_from_bytes(&bytes).map_err(|e| usage(format!("{}: {e}", name(&a.input))))?;
    let (kind, mut capture) =
        input::capture(&text).map_err(|e| usage(format!("{}: {e}", name(&a.input))))?;
    drop(bytes);
    let total = capture.entries.len();
    if let Some(n) = a.entry {
        // Raw text numbers every exchange 0: prefer the one that failed.
        let pos = capture
            .entries
            .iter()
            .position(|e| e.index == n && e.is_auth_failure())
            .or_else(|| capture.entries.iter().position(|e| e.index == n));
        let Some(pos) = pos else {
            return Err(usage(format!(
                "there is no entry {n}: the entries are numbered 0 to {}.",
                capture.entries.iter().map(|e| e.index).max().unwrap_or(0)
            )));
        };
        let e = &capture.entries[pos];
        if !e.is_auth_failure() {
            let failing: Vec<String> = capture
                .entries
                .iter()
                .filter(|e| e.is_auth_failure())
                .take(20)
                .map(|e| e.index.to_string())
                .collect();
            let which = if failing.is_empty() {
                "No entry has status 401 or 407.".to_string()
            } else {
                format!("Entries with 401/407: {}.", failing.join(", "))
            };
            return Err(usage(format!(
                "entry {n} has status {}, not 401 or 407. {which}",
                e.status
            )));
        }
        // A failure is diagnosed with the entries before it: nothing after it is needed.
        capture.entries.truncate(pos + 1);
    }
    let mut report = diagnose::diagnose(&capture, &ctx);
    if let Some(n) = a.entry {
        report.findings.retain(|f| f.entry == n);
    }
    let out = if a.json {
        let mut s = serde_json::to_string_pretty(&report)
            .map_err(|e| Fail(format!("internal error: {e}"), 1))?;
        s.push('\n');
        s
    } else if a.markdown {
        output::markdown(&report, None, &ctx)
    } else {
        let color = use_color(a.color);
        let failing = report.findings.len();
        let head = format!(
            "{} · {} request{} · {} answered 401/407\n\n",
            kind.label(),
            total,
            if total == 1 { "" } else { "s" },
            failing
        );
        let head = if color {
            format!("\x1b[2m{head}\x1b[0m")
        } else {
            head
        };
        head + &output::text(&report, color)
    };
    write_out(&out)?;
    Ok(0)
}

fn run_token(a: TokenArgs) -> Result<u8, Fail> {
    let ctx = ctx(a.now.as_deref())?;
    let raw = if a.token == "-" {
        let bytes = read_input("-")?;
        input::text_from_bytes(&bytes)
            .map_err(|e| usage(e.to_string()))?
            .into_owned()
    } else {
        a.token.clone()
    };
    let token = strip_token(&raw);
    if token.is_empty() {
        return Err(usage("the token is empty."));
    }
    let color = use_color(a.color);
    let mut out = String::new();
    let mut json = Vec::new();
    let mut code = 0u8;
    let mut numbering = why401::mask::Numbering::default();
    for (name, value) in pairs(token) {
        let value = value.trim().trim_matches('"');
        let jwt_like = why401::parse::jwt::looks_like_jwt(value)
            && why401::parse::jwt::header_has_alg(value) != Some(false);
        let session = if jwt_like {
            None
        } else {
            why401::parse::session::decode(name, value)
        };
        if let Some(sess) = session {
            let mut v = views::session_view(name, &sess, &ctx, None, None);
            numbering.session(&mut v);
            if a.json {
                json.push(serde_json::to_value(&v).unwrap_or_default());
            } else {
                out.push_str(&output::session_text(&v, color));
            }
        } else if jwt_like
            || (why401::parse::jwt::header_has_alg(value) != Some(false)
                && (value.starts_with("eyJ") || name.is_empty()))
        {
            let view: report::TokenView = views::token_view(value, &ctx, None, None);
            if view.error.is_some() {
                code = 2;
            }
            if a.json {
                json.push(serde_json::to_value(&view).unwrap_or_default());
            } else {
                if !name.is_empty() {
                    out.push_str(&format!("Cookie {name}: "));
                }
                out.push_str(&output::token_text(&view, color));
            }
        } else {
            let what = if name.is_empty() {
                "The value".to_string()
            } else {
                format!("Cookie {name}")
            };
            let line = format!(
                "{what}: {} bytes, not a format why401 recognises{}\n",
                value.len(),
                if why401::parse::jwt::header_has_alg(value) == Some(false) {
                    " (base64 JSON without `alg`: not a JWT)"
                } else {
                    " (an opaque value)"
                }
            );
            if a.json {
                json.push(serde_json::json!({ "cookie": name, "bytes": value.len(), "recognised": false }));
            } else {
                out.push_str(&line);
            }
        }
    }
    let out = if a.json {
        let v = if json.len() == 1 {
            json.pop().unwrap_or_default()
        } else {
            serde_json::Value::Array(json)
        };
        let mut s = serde_json::to_string_pretty(&v)
            .map_err(|e| Fail(format!("internal error: {e}"), 1))?;
        s.push('\n');
        s
    } else {
        out
    };
    write_out(&out)?;
    Ok(code)
}

/// `name=value` (a cookie), `Cookie: a=1; b=2` (each cookie), or a bare value (name empty).
/// A bare base64 value's `=` padding is not a separator: the name must be a cookie-name
/// token and the value non-empty.
fn pairs(t: &str) -> Vec<(&str, &str)> {
    let is_name = |n: &str| {
        !n.is_empty()
            && n.len() <= 128
            && n.bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
    };
    fn split(p: &str, is_name: impl Fn(&str) -> bool) -> Option<(&str, &str)> {
        let (n, v) = p.trim().split_once('=')?;
        (is_name(n.trim()) && !v.is_empty() && !v.bytes().all(|b| b == b'=')).then(|| (n.trim(), v))
    }
    if let Some(rest) = t
        .get(..7)
        .filter(|h| h.eq_ignore_ascii_case("cookie:"))
        .and_then(|_| t.get(7..))
    {
        let v: Vec<(&str, &str)> = rest
            .split(';')
            .filter_map(|p| split(p, is_name))
            .take(64)
            .collect();
        if !v.is_empty() {
            return v;
        }
    }
    if t.contains("; ") {
        let v: Vec<(&str, &str)> = t
            .split(';')
            .filter_map(|p| split(p, is_name))
            .take(64)
            .collect();
        if v.len() > 1 {
            return v;
        }
    }
    match split(t, is_name) {
        Some(p) => vec![p],
        None => vec![("", t)],
    }
}

/// `Authorization: Bearer x`, `Bearer x`, `"x"` → `x`.
fn strip_token(s: &str) -> &str {
    let mut t = s.trim();
    if let Some((n, v)) = t.split_once(':') {
        if n.trim().eq_ignore_ascii_case("authorization")
            || n.trim().eq_ignore_ascii_case("proxy-authorization")
        {
            t = v.trim();
        }
    }
    if let Some((scheme, rest)) = t.split_once(char::is_whitespace) {
        if scheme.eq_ignore_ascii_case("bearer") {
            t = rest.trim();
        }
    }
    t.trim_matches(|c| c == '"' || c == '\'')
}

fn ctx(now: Option<&str>) -> Result<Ctx, Fail> {
    let now_ms = match now {
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0),
        Some(s) => parse_now(s).ok_or_else(|| {
            usage(format!(
                "--now {s:?} is not a time: give RFC 3339 (2026-11-25T14:02:00Z) or Unix seconds (1795615320)."
            ))
        })?,
    };
    Ok(Ctx::at(now_ms))
}

/// RFC 3339 or Unix seconds (milliseconds when 13 digits or more) → Unix ms.
fn parse_now(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        if !n.is_finite() {
            return None;
        }
        return Some(if n.abs() >= 1e12 { n } else { n * 1000.0 });
    }
    parse::date::parse_iso8601(s)
}

fn name(path: &str) -> String {
    if path == "-" {
        "standard input".into()
    } else {
        path.to_string()
    }
}

/// The bytes of a file or of standard input, at most [`limits::MAX_INPUT_BYTES`].
fn read_input(path: &str) -> Result<Vec<u8>, Fail> {
    let max = limits::MAX_INPUT_BYTES;
    let too_big = |n: u64| {
        usage(format!(
            "{} is {} MB; why401 reads at most {} MB. Export only the requests around the failure.",
            name(path),
            n / (1024 * 1024),
            max / (1024 * 1024)
        ))
    };
    let mut buf = Vec::new();
    if path == "-" {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            eprintln!("why401: reading standard input (paste, then Ctrl-D on a line of its own)…");
        }
        stdin
            .lock()
            .take(max as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| usage(format!("cannot read standard input: {e}")))?;
        if buf.len() > max {
            return Err(too_big(buf.len() as u64));
        }
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => usage(format!("{path}: no such file.")),
        std::io::ErrorKind::PermissionDenied => usage(format!("{path}: permission denied.")),
        _ => usage(format!("{path}: {e}")),
    })?;
    if meta.is_dir() {
        return Err(usage(format!(
            "{path} is a directory; give a HAR or text file."
        )));
    }
    if meta.len() > max as u64 {
        return Err(too_big(meta.len()));
    }
    let f = std::fs::File::open(path).map_err(|e| usage(format!("{path}: {e}")))?;
    f.take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| usage(format!("{path}: {e}")))?;
    if buf.len() > max {
        return Err(too_big(buf.len() as u64));
    }
    Ok(buf)
}

fn use_color(c: ColorChoice) -> bool {
    match c {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn write_out(s: &str) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fail(format!("cannot write the output: {e}"), 1)),
    }
}
