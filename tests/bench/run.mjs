#!/usr/bin/env node
// `make bench`: runs every benchmark of issue 12's table and writes target/bench/summary.json
// (every figure and ratio), then regenerates the README's performance section from it
// (tests/bench/readme.mjs). Each part is a script of its own, runnable alone:
//   wasm size        each face's wasm (dist/chrome: background, popup, panel; dist/www: page), raw and gzip -9
//   diagnose.mjs     one 401 → diagnosis through the real bindings in Node (p50, p99)
//   pageload.mjs     page-load cost, both pages (no 401 / 3 401s), 0 and 20 ms, ÷ references
//   www.mjs          the web page: 30 MB HAR worker ÷ JSON.parse; 150 MB HAR main-thread tasks
//   ext.mjs          401 → badge; popup opened → first finding
//   cargo bench har  the CLI on a 20k-entry HAR ÷ serde_json parse to a Value
// The machine is shared: run under `nice` (the Makefile does), read the spreads, and compare
// only runs made under the same conditions. Benchmarks only: `make test` runs none of this.
//
//   node tests/bench/run.mjs [--quick] [--only size,diagnose,pageload,www,ext,cli] [--no-readme]
//   BENCH_ROUNDS / BENCH_GENERATIONS set the page-load bench's rounds per generation of browsers
//   and generations (pageload.mjs: the more, the narrower its intervals).

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { arg, root } from "./args.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(root, "target/bench");
mkdirSync(OUT, { recursive: true });
const QUICK = process.argv.includes("--quick");
const ONLY = arg("--only", "size,diagnose,pageload,www,ext,cli").split(",");
// --out FILE: write the summary there (default target/bench/summary.json).
// --dist DIR: benchmark a copy of dist/ (e.g. a "before" build kept aside) instead of dist/.
const DIST = resolve(arg("--dist", join(root, "dist")));
const ROUNDS = process.env.BENCH_ROUNDS ?? (QUICK ? "3" : "15");
const GENERATIONS = process.env.BENCH_GENERATIONS ?? (QUICK ? "1" : "2");

/** Runs a bench script; its last stdout line is its JSON. Output is shown as it comes. */
function node(script, args) {
  console.log(`\n== ${script} ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [join(here, script), ...args, "--json"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  const lines = (r.stdout ?? "").trim().split("\n");
  console.log(lines.slice(0, -1).join("\n"));
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
  return JSON.parse(lines.at(-1));
}

const started = new Date();
const summary = {
  when: started.toISOString(),
  machine: {
    cores: cpus().length,
    load_average_at_start: loadavg()[0],
    node: process.version,
    // (stderr dropped: Debian's wrapper script prints a shell error about memory sizes.)
    chromium: (() => { try { return execFileSync("/usr/bin/chromium", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { return null; } })(),
  },
  commit: (() => { try { return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim(); } catch { return null; } })(),
};
// A part that fails leaves its figures out and the reason in, and the others still run.
const part = (name, fn) => {
  if (!ONLY.includes(name)) return;
  try {
    summary[name] = fn();
  } catch (e) {
    console.error(`bench ${name}: ${e.message}`);
    summary[name] = { error: String(e.message) };
  }
};

part("cli", () => {
  console.log("\n== cargo bench --bench har");
  const r = spawnSync("cargo", ["bench", "--bench", "har"], { cwd: root, stdio: "inherit", env: { ...process.env, CARGO_PROFILE_BENCH_PANIC: "unwind" } });
  if (r.status !== 0) throw new Error(`cargo bench failed (exit ${r.status})`);
  return JSON.parse(readFileSync(join(OUT, "har.json"), "utf8"));
});
part("size", () => {
  // One wasm per face (Makefile `wasm`); the headline figure is the background's, which every
  // tab's first 401 loads.
  const faces = {};
  for (const [face, file] of [["background", "chrome/why401_diagnose_bg.wasm"], ["popup", "chrome/why401_render_bg.wasm"], ["panel", "chrome/why401_panel_bg.wasm"], ["page", "www/why401_bg.wasm"]]) {
    const wasm = readFileSync(join(DIST, file));
    faces[face] = { file: `dist/${file}`, raw_bytes: wasm.length, gz_bytes: gzipSync(wasm, { level: 9 }).length };
    console.log(`== wasm ${face}: ${faces[face].raw_bytes} B raw, ${faces[face].gz_bytes} B gzipped (dist/${file})`);
  }
  return { raw_bytes: faces.background.raw_bytes, gz_bytes: faces.background.gz_bytes, goal_gz_bytes: 150 * 1024, faces };
});
part("diagnose", () => {
  const r = node("diagnose.mjs", ["--runs", QUICK ? "500" : "3000", "--pkg", join(DIST, "chrome")]);
  return { binding: r.binding, p50_ms: r.p50, p99_ms: r.p99, runs: r.runs, detail: { marked: r.marked, latest: r.latest ?? null }, goal: { p50_ms: 0.2, p99_ms: 0.5 } };
});
part("pageload", () => {
  const r = node("pageload.mjs", ["--rounds", ROUNDS, "--generations", GENERATIONS, "--why401", join(DIST, "chrome")]);
  const out = { ...r.method };
  for (const [delay, byFail] of Object.entries(r)) {
    if (delay === "method") continue;
    for (const [fail, c] of Object.entries(byFail)) {
      const m = Object.fromEntries(Object.entries(c.setups).map(([k, v]) => [k, v.median_ms]));
      out[`delay${delay}_fail${fail}`] = {
        median_ms: m,
        cpu_ms: Object.fromEntries(Object.entries(c.setups).map(([k, v]) => [k, v.cpu_ms])),
        ratio_to_none: Object.fromEntries(Object.keys(m).map((k) => [k, c.ratios[`${k}/none`]?.median ?? (k === "none" ? 1 : null)])),
        // {median, lo, hi (95% interval), of_medians, rounds}; `aa` is why401 ÷ its copy.
        why401_over_minimal: c.ratios["why401/minimal"] ?? null,
        why401_over_refextra: c.ratios["why401/refextra"] ?? null,
        aa: c.ratios["why401/aa"] ?? null,
        // why401's extension process beyond the minimal observer's (the page without 401s) or
        // the reference's (the page with them), CPU ms per load {ms, lo, hi}.
        extension_extra_ms: c.extension_extra[fail === "0" ? "why401-minimal" : "why401-refextra"] ?? null,
      };
    }
  }
  return out;
});
part("www", () => node("www.mjs", ["--runs", QUICK ? "1" : "3", "--www", join(DIST, "www")]));
part("ext", () => node("ext.mjs", ["--runs", QUICK ? "5" : "15", "--ext", join(DIST, "chrome")]));
summary.took_s = Math.round((Date.now() - started) / 1000);

// The previous summary's parts that this run did not measure (--only) are kept, marked.
const path = resolve(arg("--out", join(OUT, "summary.json")));
if (existsSync(path) && ONLY.length < 6) {
  try {
    const old = JSON.parse(readFileSync(path, "utf8"));
    for (const k of ["size", "diagnose", "pageload", "www", "ext", "cli"]) if (!(k in summary) && old[k]) summary[k] = { ...old[k], from_run: old[k].from_run ?? old.when };
  } catch {}
}
writeFileSync(path, JSON.stringify(summary, null, 2) + "\n");
console.log(`\nwrote ${path} (${summary.took_s} s)`);
if (!process.argv.includes("--no-readme")) {
  const r = spawnSync(process.execPath, [join(here, "readme.mjs"), path], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
