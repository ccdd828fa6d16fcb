//! Accuracy over the fixture corpus: every fixture in `tests/fixtures/expected.json` is run
//! through the real binary (`why401 diagnose --json FILE`) and its top cause compared with
//! the expected one. All misses are collected and shown in one table; the count of fixtures
//! per expected top id is printed too (run with `--nocapture` to see it when green).
//!
//! expected.json: `{"fixtures": [{"file": "har/x.har", "entry": 3, "top": "token-expired",
//! "absent": ["..."], "note_contains": "sanitized", "now": "2026-11-25T14:05:00Z"}]}`.
//! - `entry` (optional): that finding only; otherwise every 401/407 finding of the file.
//! - `top`: the id expected first. `null`: no diagnosis is expected (no finding, or only
//!   `unknown`), and `note_contains` must then appear in the report's notes.
//! - `absent`: ids that must not appear anywhere in those findings' causes.
//! - `listed` (optional): ids that must appear among those findings' causes.
//! - `note_contains` (optional): a report note must contain it (case-insensitive).
//! - `now` (optional): passed as `--now` (RFC 3339 or Unix seconds).
//!
//! `WHY401_EXPECTED=/path/expected.json` runs another corpus (paths relative to its folder).
//!
//! **Two figures.** Every fixture is diagnosed twice: with the full message table, and
//! *leave-one-stack-out*: with its own stack's knowledge (message-table entries, gateway
//! recognition; `stacks` in expected.json) removed, as a stack nobody has seen. The first
//! must pass every fixture; the second must reach [`LOSO_MIN_TOP1`] top-1 with no must-not
//! violation. Both are printed per stack. Every finding's shown confidences must also never
//! rise down the list.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Miss {
    fixture: String,
    entry: String,
    expected: String,
    got: String,
    why: String,
}

fn corpus() -> (PathBuf, Vec<Value>, Vec<Value>) {
    let path = std::env::var_os("WHY401_EXPECTED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expected.json")
        });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the fixture corpus is required: cannot read {} ({e}). It is produced by tests/capture/run.sh \
             (real servers, captured with Chromium and curl).",
            path.display()
        )
    });
    let doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let fixtures = doc["fixtures"].as_array().cloned().unwrap_or_default();
    let stacks = doc["stacks"].as_array().cloned().unwrap_or_default();
    assert!(
        !fixtures.is_empty(),
        "{} lists no fixtures: the corpus is required",
        path.display()
    );
    (
        path.parent().map(Path::to_path_buf).unwrap_or_default(),
        fixtures,
        stacks,
    )
}

/// A fixture's stack group and the knowledge to leave out for it (see `stacks` in
/// expected.json): the first matching entry names the group, all matching entries' knowledge
/// is left out. `None` when no entry matches.
fn stack_of(fx: &Value, stacks: &[Value]) -> Option<(String, Vec<String>)> {
    let stack = fx["stack"].as_str().unwrap_or("").to_lowercase();
    let mut group = None;
    let mut knowledge: Vec<String> = Vec::new();
    for st in stacks {
        let hit = st["contains"].as_array().is_some_and(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .any(|c| stack.contains(&c.to_lowercase()))
        });
        if !hit {
            continue;
        }
        group.get_or_insert_with(|| st["group"].as_str().unwrap_or("?").to_string());
        for k in st["knowledge"].as_array().into_iter().flatten() {
            if let Some(k) = k.as_str().filter(|k| !knowledge.iter().any(|x| x == k)) {
                knowledge.push(k.to_string());
            }
        }
    }
    group.map(|g| (g, knowledge))
}

/// Per stack group: fixtures, full-table top-1 passes and full passes, leave-one-stack-out
/// top-1 passes and must-not violations.
#[derive(Default)]
struct Tally {
    fixtures: usize,
    top1: usize,
    pass: usize,
    loso_top1: usize,
    loso_must_not: usize,
}

/// `why401 diagnose --json` on a file (leaving out the knowledge of the stacks in
/// `without`): the report, or why it failed.
fn diagnose(file: &Path, now: Option<&str>, without: &[String]) -> Result<Value, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_why401"));
    cmd.arg("diagnose").arg("--json");
    if let Some(n) = now {
        cmd.arg("--now").arg(n);
    }
    for w in without {
        cmd.arg("--without-stack").arg(w);
    }
    let o = cmd
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run why401: {e}"))?;
    if !o.status.success() {
        return Err(format!(
            "exit {:?}: {}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).trim()
        ));
    }
    serde_json::from_slice(&o.stdout).map_err(|e| format!("--json output is not JSON: {e}"))
}

fn top3(f: &Value) -> String {
    let causes = f["causes"].as_array().cloned().unwrap_or_default();
    if causes.is_empty() {
        return "(no causes)".into();
    }
    causes
        .iter()
        .take(3)
        .map(|c| {
            format!(
                "{} {:.0}%",
                c["id"].as_str().unwrap_or("?"),
                c["confidence"].as_f64().unwrap_or(0.0) * 100.0
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn ids(f: &Value) -> Vec<String> {
    f["causes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn now_arg(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What one run says of one fixture.
struct Judged {
    /// The expected top cause came first in every finding (or no diagnosis, as expected).
    top_ok: bool,
    /// Ids from `absent` that were listed.
    must_not: Vec<String>,
    /// Every check passed (top, absent, note).
    pass: bool,
    misses: Vec<(String, String)>,
}

fn judge(
    report: &Result<Value, String>,
    entry: Option<u64>,
    top: &Option<String>,
    absent: &[String],
    listed: &[String],
    note: &Option<String>,
) -> Judged {
    let mut j = Judged {
        top_ok: true,
        must_not: Vec::new(),
        pass: true,
        misses: Vec::new(),
    };
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            j.top_ok = false;
            j.pass = false;
            j.misses.push(("-".into(), e.clone()));
            return j;
        }
    };
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| entry.map_or(true, |e| f["entry"].as_u64() == Some(e)))
                .collect()
        })
        .unwrap_or_default();
    let notes: Vec<String> = report["notes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().map(str::to_lowercase))
                .collect()
        })
        .unwrap_or_default();
    match top {
        Some(t) => {
            if findings.is_empty() {
                j.top_ok = false;
                j.misses.push((
                    "(no finding)".into(),
                    format!(
                        "no 401/407 finding{}",
                        entry.map(|e| format!(" for entry {e}")).unwrap_or_default()
                    ),
                ));
            }
            for f in &findings {
                if ids(f).first() != Some(t) {
                    j.top_ok = false;
                    j.misses
                        .push((top3(f), format!("entry {}: wrong top cause", f["entry"])));
                }
            }
        }
        None => {
            for f in &findings {
                let got = ids(f);
                if !(got.is_empty() || got.len() == 1 && got[0] == "unknown") {
                    j.top_ok = false;
                    j.misses.push((
                        top3(f),
                        format!("entry {}: a diagnosis where none is expected", f["entry"]),
                    ));
                }
            }
        }
    }
    for f in &findings {
        let got = ids(f);
        let unlisted: Vec<&String> = listed.iter().filter(|l| !got.contains(l)).collect();
        if !unlisted.is_empty() {
            j.top_ok = false;
            j.misses.push((
                top3(f),
                format!("entry {}: does not list {:?}", f["entry"], unlisted),
            ));
        }
        let bad: Vec<String> = absent.iter().filter(|a| got.contains(a)).cloned().collect();
        if !bad.is_empty() {
            j.misses.push((
                top3(f),
                format!("entry {}: must not list {:?}", f["entry"], bad),
            ));
            j.must_not.extend(bad);
        }
        // The list makes sense on its face: shown confidences never rise down the list.
        let conf: Vec<f64> = f["causes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| c["confidence"].as_f64().unwrap_or(0.0))
                    .collect()
            })
            .unwrap_or_default();
        if conf.windows(2).any(|w| w[1] > w[0]) {
            j.top_ok = false;
            j.misses.push((
                top3(f),
                format!("entry {}: confidences rise down the list", f["entry"]),
            ));
        }
    }
    if let Some(n) = note {
        if !notes.iter().any(|x| x.contains(n.as_str())) {
            j.misses.push((
                format!("notes: {notes:?}"),
                format!("no note containing {n:?}"),
            ));
            j.pass = false;
        }
    }
    j.pass = j.pass && j.top_ok && j.must_not.is_empty();
    j
}

/// One run of the binary: (file, --now, stacks left out).
type RunKey = (String, Option<String>, Vec<String>);

/// Leave-one-stack-out top-1 accuracy must reach this share, with no must-not violation.
const LOSO_MIN_TOP1: f64 = 0.90;

#[test]
fn fixtures_get_their_expected_top_cause() {
    let (base, fixtures, stacks) = corpus();
    let mut reports: HashMap<RunKey, Result<Value, String>> = HashMap::new();
    let mut misses = Vec::new();
    let mut loso_misses = Vec::new();
    let mut per_id: BTreeMap<String, (usize, usize)> = BTreeMap::new(); // id -> (fixtures, passed)
    let mut per_stack: BTreeMap<String, Tally> = BTreeMap::new();
    let mut checked = 0usize;

    for fx in &fixtures {
        let file = fx["file"].as_str().unwrap_or("").to_string();
        let entry = fx["entry"].as_u64();
        let top = fx["top"].as_str().map(str::to_string);
        let absent: Vec<String> = fx["absent"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let listed: Vec<String> = fx["listed"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let note = fx["note_contains"].as_str().map(str::to_lowercase);
        let now = now_arg(&fx["now"]);
        let entry_s = entry.map(|e| e.to_string()).unwrap_or_else(|| "all".into());
        let expected_s = top
            .clone()
            .unwrap_or_else(|| format!("(none; note {:?})", note.clone().unwrap_or_default()));
        let key_id = top.clone().unwrap_or_else(|| "(no diagnosis)".into());
        checked += 1;
        let counter = per_id.entry(key_id).or_default();
        counter.0 += 1;
        if file.is_empty() {
            misses.push(Miss {
                fixture: "-".into(),
                entry: entry_s,
                expected: expected_s,
                got: "-".into(),
                why: "fixture without \"file\"".into(),
            });
            continue;
        }
        let Some((group, knowledge)) = stack_of(fx, &stacks) else {
            misses.push(Miss {
                fixture: file.clone(),
                entry: entry_s,
                expected: expected_s,
                got: "-".into(),
                why: format!(
                    "stack {:?} matches no entry of \"stacks\" in expected.json: add one (with the message-table stacks it uses as \"knowledge\")",
                    fx["stack"].as_str().unwrap_or("")
                ),
            });
            continue;
        };
        let mut run = |without: &[String]| -> Judged {
            let r = reports
                .entry((file.clone(), now.clone(), without.to_vec()))
                .or_insert_with(|| diagnose(&base.join(&file), now.as_deref(), without));
            judge(r, entry, &top, &absent, &listed, &note)
        };
        let full = run(&[]);
        let loso = if knowledge.is_empty() {
            Judged {
                top_ok: full.top_ok,
                must_not: full.must_not.clone(),
                pass: full.pass,
                misses: full.misses.clone(),
            }
        } else {
            run(&knowledge)
        };
        let t = per_stack.entry(group).or_default();
        t.fixtures += 1;
        t.top1 += usize::from(full.top_ok);
        t.pass += usize::from(full.pass);
        t.loso_top1 += usize::from(loso.top_ok);
        t.loso_must_not += loso.must_not.len();
        if full.pass {
            counter.1 += 1;
        }
        for (got, why) in full.misses {
            misses.push(Miss {
                fixture: file.clone(),
                entry: entry_s.clone(),
                expected: expected_s.clone(),
                got,
                why,
            });
        }
        if !loso.top_ok || !loso.must_not.is_empty() {
            for (got, why) in loso.misses {
                loso_misses.push(Miss {
                    fixture: file.clone(),
                    entry: entry_s.clone(),
                    expected: expected_s.clone(),
                    got,
                    why: format!("without {}: {why}", knowledge.join(", ")),
                });
            }
        }
    }

    let mut summary = format!("Fixtures per expected top cause ({checked} fixtures):\n");
    for (id, (n, passed)) in &per_id {
        summary.push_str(&format!("  {id:<34} {n:>3} fixture(s), {passed:>3} pass\n"));
    }
    let missing: Vec<&str> = why401::cause::CauseId::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|id| !per_id.contains_key(*id))
        .collect();
    if !missing.is_empty() {
        summary.push_str(&format!("  ids with no fixture: {}\n", missing.join(", ")));
    }
    let pct = |a: usize, n: usize| {
        if n == 0 {
            100.0
        } else {
            100.0 * a as f64 / n as f64
        }
    };
    summary.push_str(&format!(
        "\nAccuracy per stack: full message table | leave-one-stack-out (the stack's own knowledge removed)\n  {:<40} {:>4}  {:>9} {:>9}  {:>9} {:>8}\n",
        "stack", "n", "top-1", "full pass", "LOSO top1", "must-not"
    ));
    let mut all = Tally::default();
    for (g, t) in &per_stack {
        summary.push_str(&format!(
            "  {:<40} {:>4}  {:>8.0}% {:>8.0}%  {:>8.0}% {:>8}\n",
            g,
            t.fixtures,
            pct(t.top1, t.fixtures),
            pct(t.pass, t.fixtures),
            pct(t.loso_top1, t.fixtures),
            t.loso_must_not
        ));
        all.fixtures += t.fixtures;
        all.top1 += t.top1;
        all.pass += t.pass;
        all.loso_top1 += t.loso_top1;
        all.loso_must_not += t.loso_must_not;
    }
    summary.push_str(&format!(
        "  {:<40} {:>4}  {:>8.1}% {:>8.1}%  {:>8.1}% {:>8}\n",
        "ALL",
        all.fixtures,
        pct(all.top1, all.fixtures),
        pct(all.pass, all.fixtures),
        pct(all.loso_top1, all.fixtures),
        all.loso_must_not
    ));
    println!("{summary}");

    let table = |title: String, ms: &[Miss]| {
        let w = |f: fn(&Miss) -> &str, min: usize| {
            ms.iter()
                .map(|m| f(m).chars().count())
                .max()
                .unwrap_or(0)
                .clamp(min, 48)
        };
        let (wf, we, wx) = (
            w(|m| &m.fixture, 7),
            w(|m| &m.entry, 5),
            w(|m| &m.expected, 8),
        );
        let mut t = format!(
            "{title}\n{:<wf$}  {:<we$}  {:<wx$}  {}\n",
            "fixture", "entry", "expected", "got (top 3) — why"
        );
        for m in ms {
            t.push_str(&format!(
                "{:<wf$}  {:<we$}  {:<wx$}  {} — {}\n",
                m.fixture, m.entry, m.expected, m.got, m.why
            ));
        }
        t
    };
    if !loso_misses.is_empty() {
        println!(
            "{}",
            table(
                "Leave-one-stack-out misses (what a new stack would get):".into(),
                &loso_misses
            )
        );
    }
    let loso_share = if all.fixtures == 0 {
        1.0
    } else {
        all.loso_top1 as f64 / all.fixtures as f64
    };
    let mut fail = String::new();
    if !misses.is_empty() {
        fail.push_str(&table(
            format!(
                "{} misses over {checked} fixtures (full message table):",
                misses.len()
            ),
            &misses,
        ));
    }
    if loso_share < LOSO_MIN_TOP1 || all.loso_must_not > 0 {
        fail.push_str(&format!(
            "\nleave-one-stack-out: top-1 {:.1}% (at least {:.0}% needed), {} must-not violation(s) (0 allowed)\n{}",
            100.0 * loso_share,
            100.0 * LOSO_MIN_TOP1,
            all.loso_must_not,
            table("Leave-one-stack-out misses:".into(), &loso_misses)
        ));
    }
    if !fail.is_empty() {
        panic!("{fail}\n{summary}");
    }
}
