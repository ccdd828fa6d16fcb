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
//! - `note_contains` (optional): a report note must contain it (case-insensitive).
//! - `now` (optional): passed as `--now` (RFC 3339 or Unix seconds).
//!
//! `WHY401_EXPECTED=/path/expected.json` runs another corpus (paths relative to its folder).

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

fn corpus() -> (PathBuf, Vec<Value>) {
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
    assert!(
        !fixtures.is_empty(),
        "{} lists no fixtures: the corpus is required",
        path.display()
    );
    (
        path.parent().map(Path::to_path_buf).unwrap_or_default(),
        fixtures,
    )
}

/// `why401 diagnose --json` on a file: the report, or why it failed.
fn diagnose(file: &Path, now: Option<&str>) -> Result<Value, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_why401"));
    cmd.arg("diagnose").arg("--json");
    if let Some(n) = now {
        cmd.arg("--now").arg(n);
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

#[test]
fn fixtures_get_their_expected_top_cause() {
    let (base, fixtures) = corpus();
    let mut reports: HashMap<(String, Option<String>), Result<Value, String>> = HashMap::new();
    let mut misses = Vec::new();
    let mut per_id: BTreeMap<String, (usize, usize)> = BTreeMap::new(); // id -> (fixtures, passed)
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
        let note = fx["note_contains"].as_str().map(str::to_lowercase);
        let now = now_arg(&fx["now"]);
        let entry_s = entry.map(|e| e.to_string()).unwrap_or_else(|| "all".into());
        let expected_s = top
            .clone()
            .unwrap_or_else(|| format!("(none; note {:?})", note.clone().unwrap_or_default()));
        let key_id = top.clone().unwrap_or_else(|| "(no diagnosis)".into());
        let counter = per_id.entry(key_id).or_default();
        counter.0 += 1;
        checked += 1;
        let mut miss = |got: String, why: String| {
            misses.push(Miss {
                fixture: file.clone(),
                entry: entry_s.clone(),
                expected: expected_s.clone(),
                got,
                why,
            });
        };
        if file.is_empty() {
            miss("-".into(), "fixture without \"file\"".into());
            continue;
        }
        let report = reports
            .entry((file.clone(), now.clone()))
            .or_insert_with(|| diagnose(&base.join(&file), now.as_deref()));
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                miss("-".into(), e.clone());
                continue;
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
        let note_ok = note
            .as_ref()
            .map_or(true, |n| notes.iter().any(|x| x.contains(n.as_str())));
        let mut ok = true;
        match &top {
            Some(t) => {
                if findings.is_empty() {
                    ok = false;
                    miss(
                        "(no finding)".into(),
                        format!(
                            "no 401/407 finding{}",
                            entry.map(|e| format!(" for entry {e}")).unwrap_or_default()
                        ),
                    );
                }
                for f in &findings {
                    let got = ids(f);
                    if got.first() != Some(t) {
                        ok = false;
                        miss(top3(f), format!("entry {}: wrong top cause", f["entry"]));
                    }
                }
            }
            None => {
                for f in &findings {
                    let got = ids(f);
                    if !(got.is_empty() || got.len() == 1 && got[0] == "unknown") {
                        ok = false;
                        miss(
                            top3(f),
                            format!("entry {}: a diagnosis where none is expected", f["entry"]),
                        );
                    }
                }
            }
        }
        for f in &findings {
            let got = ids(f);
            let bad: Vec<&String> = absent.iter().filter(|a| got.contains(a)).collect();
            if !bad.is_empty() {
                ok = false;
                miss(
                    top3(f),
                    format!("entry {}: must not list {:?}", f["entry"], bad),
                );
            }
        }
        if !note_ok {
            ok = false;
            miss(
                format!("notes: {notes:?}"),
                format!("no note containing {:?}", note.unwrap_or_default()),
            );
        }
        if ok {
            counter.1 += 1;
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
    println!("{summary}");

    if !misses.is_empty() {
        let w = |f: fn(&Miss) -> &str, min: usize| {
            misses
                .iter()
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
        let mut table = format!(
            "{} of {checked} fixtures missed:\n{:<wf$}  {:<we$}  {:<wx$}  {}\n",
            misses.len(),
            "fixture",
            "entry",
            "expected",
            "got (top 3) — why"
        );
        for m in &misses {
            table.push_str(&format!(
                "{:<wf$}  {:<we$}  {:<wx$}  {} — {}\n",
                m.fixture, m.entry, m.expected, m.got, m.why
            ));
        }
        panic!("{table}\n{summary}");
    }
}
