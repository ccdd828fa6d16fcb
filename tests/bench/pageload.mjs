#!/usr/bin/env node
// Page-load cost of the why401 extension in real headless Chromium, the same way as the
// independent bench (shared/bench/pageload.mjs): a local page of 120 images, 120 scripts and
// 120 fetches carrying Authorization, served from 127.0.0.1 with a fixed delay per response;
// one fresh browser per block of loads (so each block starts as a person's browser does, in
// why401's cheap mode, and on the page with 401s switches to full capture at its first load);
// setups alternate block by block, in a rotating order. Both pages are measured:
//   --fail 0  no fetch answers 401 (why401 stays in cheap mode)
//   --fail 1  3 of the 120 fetches answer 401 (why401 switches to full capture)
// Setups:
//   none      no extension
//   minimal   one onHeadersReceived listener (tests/bench/ext-minimal = shared min-observer)
//   refextra  request + response headers with extraHeaders (tests/bench/ext-reference-extra)
//   why401    dist/chrome (or --why401 DIR)
//   before    another build to compare with (--before DIR, e.g. a copy of dist/chrome made
//             before a change): A/B in alternating blocks of one run
// Each load is timed by the page (performance.now() when every fetch finished after load).
// Prints medians over all loads per setup, p25/p75 and the spread of the block medians, and
// ratios; with --json one JSON line:
// {"0":{"0":{"none":ms,...},"1":{...}},"20":{...}} (delay → fail → setup → median ms).
//
//   node tests/bench/pageload.mjs [--loads 8] [--blocks 4] [--delays 0,20] [--fails 0,1] [--setups none,minimal,refextra,why401] [--before DIR] [--json]

import { createRequire } from "node:module";
import http from "node:http";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arg, root } from "./args.mjs";

const { chromium } = createRequire(join(process.cwd(), "x.js"))("playwright-core");
const here = dirname(fileURLToPath(import.meta.url));
const LOADS = Number(arg("--loads", "8"));
const BLOCKS = Number(arg("--blocks", "4"));
const DELAYS = arg("--delays", "0,20").split(",").map(Number);
const FAILS = arg("--fails", "0,1").split(",").map(Number);
const DIRS = {
  none: null,
  minimal: join(here, "ext-minimal"),
  refextra: join(here, "ext-reference-extra"),
  why401: resolve(arg("--why401", join(root, "dist/chrome"))),
  before: arg("--before") ? resolve(arg("--before")) : null,
};
const SETUPS = arg("--setups", "none,minimal,refextra,why401").split(",");
for (const s of SETUPS) {
  if (!(s in DIRS)) throw new Error(`unknown setup ${s}`);
  if (s === "before" && !DIRS.before) throw new Error("setup before needs --before DIR");
  if (DIRS[s] && !existsSync(join(DIRS[s], "manifest.json"))) {
    console.error(`no manifest.json in ${DIRS[s]} (run make first)`);
    process.exit(2);
  }
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

// ---- CPU time of the browser's processes (Linux /proc): a figure that waiting for a busy
// machine's cores does not inflate, unlike time-to-done (other jobs on the cores stretch the
// wall clock far more than the goals are held to; CPU time moves much less).

/** {ppid, own (utime+stime), reaped (cutime+cstime)} in clock ticks, or null. */
function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}
const cmdline = (pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, "utf8"); } catch { return ""; } };
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ms used so far by the browser started with `dir` as its profile and every process under
 * it (children it reaped included); null when /proc cannot tell. */
function browserCpu(dir) {
  const all = new Map();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    const st = procStat(e);
    if (st) all.set(Number(e), st);
  }
  let root = null;
  for (const [pid, st] of all) {
    if (cmdline(pid).includes(dir) && !cmdline(st.ppid).includes(dir)) { root = pid; break; }
  }
  if (root === null) return null;
  const kids = new Map();
  for (const [pid, st] of all) {
    if (!kids.has(st.ppid)) kids.set(st.ppid, []);
    kids.get(st.ppid).push(pid);
  }
  let ticks = 0;
  for (const stack = [root]; stack.length;) {
    const pid = stack.pop();
    const st = all.get(pid);
    if (st) ticks += st.own + st.reaped;
    stack.push(...(kids.get(pid) ?? []));
  }
  return ticks * TICK_MS;
}

/** One block: a fresh browser, two warm-up loads, LOADS timed loads (and their CPU ms per load). */
async function block(setup) {
  const dir = mkdtempSync(join(tmpdir(), "why401-pageload-"));
  const ext = DIRS[setup];
  const args = ext ? [...flags, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : flags;
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: "/usr/bin/chromium", headless: true, args });
  try {
    const p = await ctx.newPage();
    const times = [];
    let cpu0 = null;
    for (let i = 0; i < LOADS + 2; i++) {
      if (i === 2) cpu0 = browserCpu(dir);
      await p.goto(url, { waitUntil: "load" });
      await p.waitForFunction(() => window.done !== undefined, null, { timeout: 60_000 });
      if (i >= 2) times.push(await p.evaluate(() => window.done));
    }
    const cpu1 = browserCpu(dir);
    times.cpu = cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / LOADS : null;
    return times;
  } finally {
    await ctx.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const t0 = Date.now();
const out = {};
for (const d of DELAYS) {
  out[d] = {};
  for (const f of FAILS) {
    delay = d;
    fail = f;
    const times = Object.fromEntries(SETUPS.map((s) => [s, []]));
    const blockMedians = Object.fromEntries(SETUPS.map((s) => [s, []]));
    const cpu = Object.fromEntries(SETUPS.map((s) => [s, []]));
    for (let b = 0; b < BLOCKS; b++) {
      for (let k = 0; k < SETUPS.length; k++) {
        const s = SETUPS[(k + b) % SETUPS.length];
        const t = await block(s);
        times[s].push(...t);
        blockMedians[s].push(median(t));
        if (t.cpu !== null) cpu[s].push(t.cpu);
      }
    }
    const m = Object.fromEntries(SETUPS.map((s) => [s, median(times[s])]));
    out[d][f] = m;
    console.log(`delay ${d} ms, ${f ? "3 of 120 fetches answer 401" : "no 401"}: medians over ${BLOCKS}×${LOADS} loads`);
    for (const s of SETUPS) {
      const base = m.none ?? m[SETUPS[0]];
      const sorted = [...times[s]].sort((x, y) => x - y);
      const bm = blockMedians[s].map((x) => x.toFixed(0)).join(" ");
      console.log(`  ${s.padEnd(9)} ${m[s].toFixed(1).padStart(7)} ms  ÷${m.none ? "none" : SETUPS[0]} ${(m[s] / base).toFixed(3)}  (p25 ${sorted[sorted.length >> 2].toFixed(0)}, p75 ${sorted[(3 * sorted.length) >> 2].toFixed(0)}; block medians ${bm})`);
    }
    const r = (a, b) => (m[a] && m[b] ? [`${a} ÷ ${b} ${(m[a] / m[b]).toFixed(3)}`] : []);
    const ratios = [...r("why401", "minimal"), ...r("why401", "refextra"), ...r("before", "minimal"), ...r("before", "refextra"), ...r("why401", "before")];
    if (ratios.length) console.log(`  ${ratios.join("; ")}`);
    // Rounds (one block of each setup, next to each other in time) are paired: the median of
    // the per-round ratios follows the machine's load drift less than the ratio of medians.
    const paired = (a, b) => (blockMedians[a]?.length && blockMedians[b]?.length ? [`${a} ÷ ${b} ${median(blockMedians[a].map((x, i) => x / blockMedians[b][i])).toFixed(3)}`] : []);
    const pr = [...paired("why401", "minimal"), ...paired("why401", "refextra"), ...paired("why401", "before")];
    if (pr.length) console.log(`  paired by round (median of per-round ratios): ${pr.join("; ")}`);
    const cm = Object.fromEntries(SETUPS.filter((s) => cpu[s].length).map((s) => [s, median(cpu[s])]));
    if (Object.keys(cm).length) {
      console.log(`  CPU ms per load (browser + its processes; median of blocks): ${SETUPS.filter((s) => s in cm).map((s) => `${s} ${cm[s].toFixed(0)} [${cpu[s].map((x) => x.toFixed(0)).join(" ")}]`).join(", ")}`);
      const c = (a, b) => (cm[a] && cm[b] ? [`${a} ÷ ${b} ${(cm[a] / cm[b]).toFixed(3)}`] : []);
      const cr = [...c("why401", "minimal"), ...c("why401", "refextra"), ...c("before", "minimal"), ...c("before", "refextra"), ...c("why401", "before")];
      if (cr.length) console.log(`  CPU ratios: ${cr.join("; ")}`);
    }
  }
}
server.close();
console.log(`page-load bench took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (process.argv.includes("--json")) console.log(JSON.stringify(out));
