#!/usr/bin/env node
// Writes the README's performance section (between the bench markers) from
// target/bench/summary.json, which `make bench` (tests/bench/run.mjs) writes. Also prints the
// table. Never edit the section by hand: run `make bench`, or this script on a summary.
//
//   node tests/bench/readme.mjs [target/bench/summary.json] [--print]

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const path = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? join(root, "target/bench/summary.json");
const s = JSON.parse(readFileSync(path, "utf8"));

const n = (x, d = 0) => (typeof x === "number" && Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) : "—");
const r3 = (x) => n(x, 3);
const met = (ok) => (ok === null ? "—" : ok ? "yes" : "**no**");
/** A page-load ratio: its median of per-round ratios and 95% interval. */
const interval = (r) => (r && typeof r === "object" ? `${r3(r.median)} [${r3(r.lo)}, ${r3(r.hi)}]` : r3(r));
/** Met when the whole 95% interval is within the goal, missed when none of it is; otherwise
 * this run cannot tell (the bench's noise is wider than the goal's margin). */
const verdict = (r, goal) => {
  if (!r || typeof r !== "object") return met(le(r, goal));
  if (r.hi <= goal) return "yes";
  if (r.lo > goal) return "**no**";
  return `not settled: interval ± ${n(((r.hi - r.lo) / 2) * 100, 1)}%`;
};
const le = (x, goal) => (typeof x === "number" && Number.isFinite(x) ? x <= goal : null);

/** The rows: [measure, figure, goal, met]. */
export function rows(s) {
  const out = [];
  const z = s.size ?? {};
  if (z.faces) {
    for (const [face, f] of Object.entries(z.faces)) out.push([`wasm, gzipped: ${face} (\`${f.file}\`)`, `${n(f.gz_bytes)} B (${n(f.raw_bytes)} raw)`, "≤ 150 KiB (153,600 B), then 100 KiB", met(le(f.gz_bytes, 153_600))]);
  } else out.push(["wasm, gzipped (`dist/chrome`)", `${n(z.gz_bytes)} B (${n(z.raw_bytes)} raw)`, "≤ 150 KiB (153,600 B), then 100 KiB", met(le(z.gz_bytes, 153_600))]);
  const d = s.diagnose ?? {};
  out.push([`one 401 → diagnosis (\`${d.binding ?? "?"}\` in Node: token + challenge + 20-cookie jar)`, `p50 ${n(d.p50_ms, 3)} ms, p99 ${n(d.p99_ms, 3)} ms`, "p50 ≤ 0.2 ms, p99 ≤ 0.5 ms", met(d.p50_ms === undefined ? null : d.p50_ms <= 0.2 && d.p99_ms <= 0.5)]);
  const p = s.pageload ?? {};
  const NAMES = { minimal: "minimal", refextra: "extraHeaders reference", why401: "why401" };
  // Per page: its label, what why401 is held to (summary key, setup, words) and the goal.
  const PAGES = [
    { fail: 0, label: "page without 401 (cheap mode)", key: "why401_over_minimal", ref: "minimal", what: "minimal", whose: "minimal observer", goal: 1.01, goalText: "why401 ÷ minimal observer ≤ 1.01" },
    { fail: 1, label: "the page with 3 401s (full capture)", key: "why401_over_refextra", ref: "refextra", what: "reference", whose: "reference", goal: 1.0, goalText: "why401 ÷ extraHeaders reference ≤ 1.00" },
  ];
  for (const pg of PAGES) {
    for (const delay of [0, 20]) {
      const c = p[`delay${delay}_fail${pg.fail}`];
      if (!c) continue;
      const r = c.ratio_to_none ?? {};
      const vsNone = Object.keys(NAMES).filter((k) => r[k] != null).map((k) => `${NAMES[k]} ${r3(r[k])}`).join(", ");
      const aa = c.aa ? `; A/A control (why401 ÷ a copy of itself) ${interval(c.aa)}` : "";
      const x = c.extension_extra_ms;
      const own = x && c.cpu_ms?.[pg.ref] ? `; why401's extension process beyond the ${pg.whose}'s: ${n(x.ms, 1)} ms CPU per load [${n(x.lo, 1)}, ${n(x.hi, 1)}] of ${n(c.cpu_ms[pg.ref].all)} ms the whole browser spends` : "";
      const fig = `÷ none: ${vsNone}; why401 ÷ ${pg.what} **${interval(c[pg.key])}**${aa}${own}`;
      out.push([`page-load, ${pg.label}, ${delay} ms per response`, fig, pg.goalText, verdict(c[pg.key], pg.goal)]);
    }
  }
  const w = s.www ?? {};
  // The goal's figure is the HAR of a real session's density (a failure in 100 entries); the
  // dense one (a failure in 4) shows what diagnosing adds. Both with the worker's split.
  for (const [key, goal] of [["har30", true], ["har30_dense", false]]) {
    const h = w[key];
    if (!h) continue;
    // (Summaries before the split have one 30 MB HAR, with a failure in 4 entries.)
    const what = `a failure in ${h.failures_every ?? 4} entries`;
    const split = h.read_ms != null ? ` (file read ${n(h.read_ms)} ms, parse ${n(h.parse_ms - h.read_ms)} ms, diagnosis ${n(h.worker_ms - h.parse_ms)} ms); with \`file.text()\` on both sides ${n(h.with_read_ratio, 2)}` : "";
    out.push([`web page, ${n(h.mb)} MB HAR, ${what} (${h.heading ?? "?"}): worker done ÷ \`JSON.parse\``, `${n(h.worker_ms)} ms ÷ ${n(h.json_parse_ms)} ms = **${n(h.ratio, 2)}**${split}`, goal ? "≤ 1.5" : "—", goal ? met(le(h.ratio, 1.5)) : "—"]);
  }
  const c = s.cli ?? {};
  if (c.cli_ms) out.push([`CLI, ${n(c.mb)} MB HAR of ${n(c.entries)} entries ÷ \`serde_json\` parse to a \`Value\``, `${n(c.cli_ms)} ms ÷ ${n(c.value_parse_ms)} ms = **${n(c.cli_over_value, 2)}**`, "≤ 1.5", met(le(c.cli_over_value, 1.5))]);
  if (w.har150) {
    const h = w.har150;
    out.push([`web page, ${n(h.mb)} MB HAR (${h.heading ?? "?"})`, `longest main-thread task ${n(h.longest_task_ms)} ms (${n(h.long_tasks)} over 50 ms); first finding ${n(h.first_finding_after_parse_ms)} ms after the parse; done in ${n(h.total_ms / 1000, 1)} s; page holds ${n(h.page_heap_mb, 1)} MB JS heap, ${n(h.page_elements)} elements`, "no task > 100 ms; first finding ≤ 1 s after the parse", met(h.longest_task_ms === undefined ? null : h.longest_task_ms <= 100 && h.first_finding_after_parse_ms !== null && h.first_finding_after_parse_ms <= 1000)]);
  }
  const e = s.ext ?? {};
  // The popup's floor (ext.mjs): an extension page with no script, first contentful paint.
  const floor = e.floor_fcp_ms !== undefined ? ` (floor: a static extension page paints in ${n(e.floor_fcp_ms)} ms)` : "";
  if (e.popup_ms !== undefined) out.push(["popup opened → first finding on screen; 401 → badge (background awake)", `${n(e.popup_ms)} ms${floor}; ${n(e.badge_ms)} ms`, "≤ 50 ms; ≤ 100 ms", met(le(e.popup_ms, 50) === null ? null : e.popup_ms <= 50 && e.badge_ms <= 100)]);
  return out;
}

export function markdown(s) {
  const lines = [
    `Measured by \`make bench\` (tests/bench/run.mjs → \`target/bench/summary.json\`) on ${s.when?.slice(0, 16).replace("T", " ")} UTC, commit ${s.commit ?? "?"}: ${s.machine?.cores} cores (load average ${n(s.machine?.load_average_at_start, 1)} at the start: the machine is shared: at a high load page-load medians move by far more than the goals they are held to), ${s.machine?.chromium ?? "Chromium"}, Node ${s.machine?.node}. Page-load: ${s.pageload?.generations ?? "?"} generations of fresh browsers (one per setup, open together) × ${s.pageload?.rounds ?? "?"} rounds of one load each, in shuffled order; a ratio is the median of per-round ratios with its 95% bootstrap interval in brackets, and a goal is met only when the whole interval is within it.`,
    ...(s.runs?.note ? ["", `Parts measured in separate runs of the same scripts: ${s.runs.note} (page-load from ${s.runs.pageload?.slice(11, 16)} UTC, web page from ${s.runs.www?.slice(11, 16)} UTC).`] : []),
    "",
    "| measure | figure | goal | met |",
    "|---|---|---|---|",
    ...rows(s).map((r) => `| ${r.join(" | ")} |`),
  ];
  return lines.join("\n");
}

const START = "<!-- bench:start (generated by tests/bench/readme.mjs from target/bench/summary.json) -->";
const END = "<!-- bench:end -->";
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const md = markdown(s);
  if (process.argv.includes("--print")) {
    console.log(md);
  } else {
    const readme = join(root, "README.md");
    const text = readFileSync(readme, "utf8");
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    if (a < 0 || b < a) {
      console.error(`README.md has no bench markers (${START} … ${END})`);
      process.exit(1);
    }
    writeFileSync(readme, text.slice(0, a + START.length) + "\n" + md + "\n" + text.slice(b));
    console.log(`README.md: performance section written from ${path}`);
  }
}
