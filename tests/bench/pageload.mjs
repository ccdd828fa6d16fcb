#!/usr/bin/env node
// Page-load cost of the why401 extension in real headless Chromium, on the same page as the
// independent bench (shared/bench/pageload.mjs): 120 images, 120 scripts and 120 fetches
// carrying Authorization, served from 127.0.0.1 with a fixed delay per response. Both pages:
//   --fails 0   no fetch answers 401 (why401 stays in cheap mode)
//   --fails 1   3 of the 120 fetches answer 401 (why401 switches to full capture)
// Setups:
//   none      no extension
//   minimal   one onHeadersReceived listener (tests/bench/ext-minimal = shared min-observer)
//   refextra  request + response headers with extraHeaders (tests/bench/ext-reference-extra)
//   why401    dist/chrome (or --why401 DIR)
//   aa        a second copy of why401: the A/A control. why401 ÷ aa can only differ from 1 by
//             the bench's noise, so its interval is the precision of this run
//   before    another build (--before DIR): an A/B of two builds in one run
// Default setups: none,minimal,why401,aa on the page without 401s (the tight goal: the control
// beside it); none,minimal,refextra,why401 on the page with 401s.
//
// Method (chosen from measurements on the 2-core machine, see README "Cost to browsing"):
// - Per generation, one fresh browser per setup, all open at once; after --warm loads each
//   (a fresh browser's first loads, and why401's switch to full capture on the page with
//   401s), --rounds rounds of one load per setup, in a shuffled order (seeded), so the setups
//   share the machine's moments. --generations fresh sets of browsers.
// - A load is timed by the page (performance.now() when every fetch is done after load), and
//   the CPU time of each of the browser's processes over it is read from /proc.
// - Per-load times vary by 7–15% (cv) on an idle 2-core machine, and pairing loads by round
//   removes little of it (per-round correlation 0–0.5): the work of one load itself varies, in
//   every Chromium process together. So a ratio is printed as the median of per-round ratios
//   with a 95% bootstrap interval, and a goal is judged by the interval: met when all of it is
//   within the goal, missed when none of it is, otherwise not settled by this run.
// - Where the two extensions register the same events (why401's cheap mode and the minimal
//   observer: each request costs both one onHeadersReceived event with responseHeaders), they
//   differ only by their own JavaScript: the CPU time of the extension's process (summed over
//   every load, so precise where wall time is not) bounds what why401 adds.
//
// Prints, per delay and page: each setup's median ms, p25/p75 and CPU ms per load by process;
// the ratios with intervals. With --json one JSON line (see `result` below).
//
//   node tests/bench/pageload.mjs [--rounds 15] [--generations 2] [--warm 2] [--delays 0,20]
//     [--fails 0,1] [--setups S,...] [--why401 DIR] [--before DIR] [--seed 1] [--json]

import { createRequire } from "node:module";
import http from "node:http";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arg, root } from "./args.mjs";

const { chromium } = createRequire(join(process.cwd(), "x.js"))("playwright-core");
const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(arg("--rounds", "15"));
const GENERATIONS = Number(arg("--generations", "2"));
const WARM = Number(arg("--warm", "2"));
const DELAYS = arg("--delays", "0,20").split(",").map(Number);
const FAILS = arg("--fails", "0,1").split(",").map(Number);
const SEED = Number(arg("--seed", "1"));
const WHY401 = resolve(arg("--why401", join(root, "dist/chrome")));
const DIRS = {
  none: null,
  minimal: join(here, "ext-minimal"),
  refextra: join(here, "ext-reference-extra"),
  why401: WHY401,
  aa: null, // a copy of WHY401, made below (a second unpacked extension of its own path)
  before: arg("--before") ? resolve(arg("--before")) : null,
};
const DEFAULT_SETUPS = { 0: "none,minimal,why401,aa", 1: "none,minimal,refextra,why401" };
const setupsFor = (fail) => arg("--setups", DEFAULT_SETUPS[fail] ?? DEFAULT_SETUPS[1]).split(",");
const ALL_SETUPS = [...new Set(FAILS.flatMap(setupsFor))];
for (const s of ALL_SETUPS) {
  if (!(s in DIRS)) throw new Error(`unknown setup ${s}`);
  if (s === "before" && !DIRS.before) throw new Error("setup before needs --before DIR");
  const dir = s === "aa" ? WHY401 : DIRS[s];
  if (dir && !existsSync(join(dir, "manifest.json"))) {
    console.error(`no manifest.json in ${dir} (run make first)`);
    process.exit(2);
  }
}
const tmp = mkdtempSync(join(tmpdir(), "why401-pageload-"));
if (ALL_SETUPS.includes("aa")) {
  DIRS.aa = join(tmp, "why401-aa");
  cpSync(WHY401, DIRS.aa, { recursive: true });
}

// ---- the page and its server (as shared/bench/pageload.mjs) --------------------------------

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const N = 120;
const page = `<!doctype html><title>load</title><body>${Array.from({ length: N }, (_, i) => `<img src="/i/${i}.png">`).join("")}
${Array.from({ length: N }, (_, i) => `<script src="/s/${i}.js"></script>`).join("")}
<script>
const tok = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIiwiZXhwIjoxNTc3ODM2ODAwfQ.c2ln';
window.addEventListener('load', async () => {
  await Promise.all(Array.from({ length: ${N} }, (_, i) => fetch('/api/' + i, { headers: { Authorization: 'Bearer ' + tok } }).then(r => r.text())));
  window.done = performance.now();
});
</script>`;
let delay = 0;
let fail = 0;
function serve(req, res) {
  const nostore = { "cache-control": "no-store" };
  if (req.url === "/") { res.writeHead(200, { ...nostore, "content-type": "text/html" }); return res.end(page); }
  if (req.url.startsWith("/i/")) { res.writeHead(200, { ...nostore, "content-type": "image/png" }); return res.end(png); }
  if (req.url.startsWith("/s/")) { res.writeHead(200, { ...nostore, "content-type": "text/javascript" }); return res.end("window.x=(window.x||0)+1;"); }
  if (req.url.startsWith("/api/")) {
    if (fail && +req.url.slice(5) % 40 === 7) {
      res.writeHead(401, { "www-authenticate": 'Bearer error="invalid_token"', "content-type": "application/json", date: new Date().toUTCString() });
      return res.end('{"error":"expired"}');
    }
    res.writeHead(200, { ...nostore, "content-type": "application/json" }); return res.end('{"ok":true}');
  }
  res.writeHead(404); res.end();
}
const server = http.createServer((req, res) => setTimeout(() => serve(req, res), req.url === "/" ? 0 : delay));
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// ---- CPU time of a browser's processes, by kind (Linux /proc) -------------------------------

const TICK_MS = 10; // USER_HZ is 100 on Linux
const KINDS = ["browser", "renderer", "extension", "network", "other"];

/** {ppid, ticks (own + reaped children's utime and stime)}, or null. */
function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}
const cmdline = (pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, "utf8"); } catch { return ""; } };

/** What a Chromium process of the tree does, from its command line. */
function kind(pid, rootPid) {
  if (pid === rootPid) return "browser";
  const c = cmdline(pid);
  if (c.includes("--extension-process")) return "extension";
  if (c.includes("--type=renderer")) return "renderer";
  if (c.includes("NetworkService")) return "network";
  return "other";
}

/** pid → procStat of every process now. */
function processes() {
  const procs = new Map();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    const st = procStat(e);
    if (st) procs.set(Number(e), st);
  }
  return procs;
}

/** The pid of the browser started with profile `dir` (the process whose command line names it
 * and whose parent's does not), or null. Found once per browser: it lives as long as the browser. */
function browserRoot(dir) {
  for (const [pid, st] of processes()) {
    if (cmdline(pid).includes(dir) && !cmdline(st.ppid).includes(dir)) return pid;
  }
  return null;
}

/** CPU ms used so far by the browser `rootPid` and every process under it, by kind (and
 * `all`); null without a root. */
function browserCpu(rootPid) {
  if (rootPid === null) return null;
  const procs = processes();
  const kids = new Map();
  for (const [pid, st] of procs) {
    if (!kids.has(st.ppid)) kids.set(st.ppid, []);
    kids.get(st.ppid).push(pid);
  }
  const out = Object.fromEntries([...KINDS, "all"].map((k) => [k, 0]));
  for (const stack = [rootPid]; stack.length;) {
    const pid = stack.pop();
    const st = procs.get(pid);
    if (st) {
      out[kind(pid, rootPid)] += st.ticks * TICK_MS;
      out.all += st.ticks * TICK_MS;
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return out;
}

// ---- loads -----------------------------------------------------------------------------------

/** A fresh browser for `setup`, with a page open. */
async function launch(setup) {
  const dir = mkdtempSync(join(tmp, "profile-"));
  const ext = DIRS[setup];
  const args = ext ? [...flags, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : flags;
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: "/usr/bin/chromium", headless: true, args });
  return { setup, ctx, root: browserRoot(dir), page: await ctx.newPage() };
}

/** One load: {ms (the page's own clock), cpu (ms by process kind, or null)}. */
async function load(b) {
  const c0 = browserCpu(b.root);
  await b.page.goto(url, { waitUntil: "load" });
  await b.page.waitForFunction(() => window.done !== undefined, null, { timeout: 60_000 });
  const ms = await b.page.evaluate(() => window.done);
  const c1 = browserCpu(b.root);
  const cpu = c0 && c1 ? Object.fromEntries(Object.keys(c1).map((k) => [k, c1[k] - c0[k]])) : null;
  return { ms, cpu };
}

// ---- statistics --------------------------------------------------------------------------------

/** mulberry32: the seeded generator of the round orders and the bootstrap. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const shuffle = (a) => {
  const s = [...a];
  for (let i = s.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [s[i], s[j]] = [s[j], s[i]];
  }
  return s;
};
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (a, q) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))];
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;

/** The median of `xs` with a 95% percentile-bootstrap interval (2,000 resamples). */
function withInterval(xs, stat = median) {
  const boot = [];
  for (let i = 0; i < 2000; i++) boot.push(stat(xs.map(() => xs[Math.floor(rand() * xs.length)])));
  boot.sort((x, y) => x - y);
  return { value: stat(xs), lo: boot[49], hi: boot[1949] };
}

/** a ÷ b: the median of per-round ratios (rounds pair loads made side by side) and its 95%
 * interval; the ratio of the two medians beside it. */
function ratio(loads, a, b) {
  if (!loads[a] || !loads[b]) return null;
  const per = loads[a].map((l, i) => l.ms / loads[b][i].ms);
  const r = withInterval(per);
  return { median: r.value, lo: r.lo, hi: r.hi, of_medians: median(loads[a].map((l) => l.ms)) / median(loads[b].map((l) => l.ms)), rounds: per.length };
}

/** What a's own process costs beyond b's, CPU ms per load (means over every load, so the
 * 10 ms clock ticks average out), with a 95% interval over paired rounds. */
function extensionExtra(loads, a, b) {
  if (!loads[a] || !loads[b]) return null;
  const d = loads[a].flatMap((l, i) => (l.cpu && loads[b][i].cpu ? [l.cpu.extension - loads[b][i].cpu.extension] : []));
  if (!d.length) return null;
  const r = withInterval(d, mean);
  return { ms: r.value, lo: r.lo, hi: r.hi };
}

const fmt = (r) => (r ? `${r.median.toFixed(3)} [${r.lo.toFixed(3)}, ${r.hi.toFixed(3)}]` : "—");

// ---- the run -----------------------------------------------------------------------------------

const t0 = Date.now();
/** delay → fail → {setups: {name: {median_ms, p25_ms, p75_ms, cpu_ms: {kind: mean}}}, ratios, ...} */
const result = { method: { rounds: ROUNDS, generations: GENERATIONS, warm: WARM, seed: SEED } };
try {
  for (const d of DELAYS) {
    result[d] = {};
    for (const f of FAILS) {
      delay = d;
      fail = f;
      const setups = setupsFor(f);
      const loads = Object.fromEntries(setups.map((s) => [s, []]));
      for (let g = 0; g < GENERATIONS; g++) {
        const browsers = [];
        try {
          for (const s of setups) browsers.push(await launch(s));
          for (let w = 0; w < WARM; w++) for (const b of browsers) await load(b);
          for (let r = 0; r < ROUNDS; r++) for (const b of shuffle(browsers)) loads[b.setup].push(await load(b));
        } finally {
          for (const b of browsers) await b.ctx.close().catch(() => {});
        }
      }
      const c = { setups: {} };
      for (const s of setups) {
        const ms = loads[s].map((l) => l.ms);
        const read = loads[s].filter((l) => l.cpu); // (a load whose browser /proc could not find has none)
        const cpu = read.length ? Object.fromEntries([...KINDS, "all"].map((k) => [k, mean(read.map((l) => l.cpu[k]))])) : null;
        c.setups[s] = { median_ms: median(ms), p25_ms: quantile(ms, 0.25), p75_ms: quantile(ms, 0.75), loads: ms.length, cpu_ms: cpu };
      }
      c.ratios = {};
      for (const [a, b] of [["minimal", "none"], ["refextra", "none"], ["why401", "none"], ["why401", "minimal"], ["why401", "refextra"], ["why401", "aa"], ["before", "minimal"], ["before", "refextra"], ["why401", "before"]]) {
        const r = ratio(loads, a, b);
        if (r) c.ratios[`${a}/${b}`] = r;
      }
      c.extension_extra = {};
      for (const [a, b] of [["why401", "minimal"], ["why401", "refextra"], ["why401", "aa"], ["why401", "before"]]) {
        const e = extensionExtra(loads, a, b);
        if (e) c.extension_extra[`${a}-${b}`] = e;
      }
      result[d][f] = c;

      console.log(`delay ${d} ms, ${f ? "3 of 120 fetches answer 401" : "no 401"}: ${GENERATIONS} generations × ${ROUNDS} rounds (after ${WARM} warm-up loads each)`);
      for (const s of setups) {
        const x = c.setups[s];
        const cpu = x.cpu_ms ? `; CPU ms per load ${x.cpu_ms.all.toFixed(0)} (${KINDS.map((k) => `${k} ${x.cpu_ms[k].toFixed(0)}`).join(", ")})` : "";
        console.log(`  ${s.padEnd(9)} ${x.median_ms.toFixed(1).padStart(7)} ms  (p25 ${x.p25_ms.toFixed(0)}, p75 ${x.p75_ms.toFixed(0)})${cpu}`);
      }
      console.log(`  median of per-round ratios [95% interval]: ${Object.entries(c.ratios).map(([k, r]) => `${k.replace("/", " ÷ ")} ${fmt(r)}`).join("; ")}`);
      const ex = Object.entries(c.extension_extra);
      if (ex.length) console.log(`  extension process, CPU ms per load beyond: ${ex.map(([k, e]) => `${k.replace("-", " − ")} ${e.ms.toFixed(1)} [${e.lo.toFixed(1)}, ${e.hi.toFixed(1)}]`).join("; ")}`);
    }
  }
} finally {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`page-load bench took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (process.argv.includes("--json")) console.log(JSON.stringify(result));
