#!/usr/bin/env node
// Page-load cost of the why401 extension in real headless Chromium.
//
// A local page of 360 subresources (240 images, 30 stylesheets, 30 async scripts, 60 fetches),
// served from 127.0.0.1 with a fixed delay per response (0 and 20 ms), is loaded again and again
// in one browser per configuration:
//   none       no extension
//   minimal    one onHeadersReceived listener on all URLs (tests/bench/ext-minimal)
//   reference  request and response headers of every request into a Map (tests/bench/ext-reference)
//   ref+extra  the same with extraHeaders, which Chrome requires to show Cookie, Set-Cookie and
//              CORS preflights (tests/bench/ext-reference-extra)
//   why401     dist/chrome (in its default cheap mode: the page has no 401; see background.js)
// Configurations take turns in short blocks (so drift in the machine hits all alike); each
// load is timed by the page itself (performance.now() once the load event fired and every
// fetch finished), and the browser's CPU time (all its processes, from /proc) is read around it.
// Prints medians per configuration and their ratios to `none`. The CPU column is the steadier
// one on a busy machine; page load is what people feel.
//
//   node tests/bench/pageload.mjs [--loads 24] [--block 2] [--latency 0,20] [--configs none,minimal,reference,why401]

import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const LOADS = Number(arg("--loads", "24"));
const BLOCK = Number(arg("--block", "2"));
const LATENCIES = arg("--latency", "0,20").split(",").map(Number);
const EXTENSIONS = {
  none: null,
  minimal: join(here, "ext-minimal"),
  reference: join(here, "ext-reference"),
  "ref+extra": join(here, "ext-reference-extra"),
  why401: join(root, "dist/chrome"),
};
for (const extra of (arg("--extra", "") || "").split(",").filter(Boolean)) {
  const [name, dir] = extra.split("=");
  EXTENSIONS[name] = resolve(dir);
}
const CONFIGS = arg("--configs", Object.keys(EXTENSIONS).join(",")).split(",");
if (!existsSync(join(root, "dist/chrome/manifest.json")) && CONFIGS.includes("why401")) {
  console.error("dist/chrome is missing: run `make build` first.");
  process.exit(2);
}

// ---- the server ---------------------------------------------------------------------------

const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
let latency = 0;

function page(run) {
  const q = `r=${run}`;
  const parts = ["<!doctype html><meta charset=utf-8><title>loading</title>"];
  for (let i = 0; i < 30; i++) parts.push(`<link rel=stylesheet href="/css/${i}?${q}">`);
  for (let i = 0; i < 30; i++) parts.push(`<script async src="/js/${i}?${q}"></script>`);
  for (let i = 0; i < 240; i++) parts.push(`<img width=1 height=1 alt="" src="/img/${i}?${q}">`);
  parts.push(`<script>
const fetches = Promise.all(Array.from({ length: 60 }, (_, i) => fetch("/api/" + i + "?${q}", { headers: { Accept: "application/json" } }).then((r) => r.text())));
const loaded = new Promise((r) => addEventListener("load", r));
Promise.all([fetches, loaded]).then(() => { document.title = "done " + performance.now().toFixed(1); });
</script>`);
  return parts.join("\n");
}

const COMMON = {
  "cache-control": "no-store",
  server: "bench",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-request-id": "00000000-0000-0000-0000-000000000000",
};

const server = createServer((req, res) => {
  const path = req.url.split("?")[0];
  const answer = () => {
    if (path === "/page") {
      res.writeHead(200, { ...COMMON, "content-type": "text/html; charset=utf-8" });
      return res.end(page(new URL(req.url, "http://x").searchParams.get("run")));
    }
    if (path.startsWith("/img/")) { res.writeHead(200, { ...COMMON, "content-type": "image/gif" }); return res.end(GIF); }
    if (path.startsWith("/css/")) { res.writeHead(200, { ...COMMON, "content-type": "text/css" }); return res.end("p{margin:0}"); }
    if (path.startsWith("/js/")) { res.writeHead(200, { ...COMMON, "content-type": "text/javascript" }); return res.end("void 0;"); }
    if (path.startsWith("/api/")) { res.writeHead(200, { ...COMMON, "content-type": "application/json" }); return res.end('{"ok":true}'); }
    res.writeHead(404, COMMON);
    res.end();
  };
  if (latency > 0 && path !== "/page") setTimeout(answer, latency);
  else answer();
});
server.keepAliveTimeout = 5000;
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- the browsers -------------------------------------------------------------------------

async function launch(name) {
  const dir = EXTENSIONS[name];
  const profile = mkdtempSync(join(tmpdir(), `why401-bench-${name}-`));
  const args = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
  ];
  if (dir) args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args });
  if (dir) {
    if (!context.serviceWorkers().length) await context.waitForEvent("serviceworker", { timeout: 20_000 });
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return { name, context, page, profile, pid: mainPid(profile) };
}

// ---- CPU time of a browser (all its processes), from /proc ---------------------------------

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procs() {
  const out = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.push({ pid: Number(pid), ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The browser's main process: a chromium whose command line names this profile and no --type. */
function mainPid(profile) {
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(profile) && !cmd.includes("--type=") && cmd.includes("chromium")) return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** CPU milliseconds used so far by the process tree under `pid` (live processes only). */
function treeCpu(pid) {
  const all = procs();
  const kids = new Map();
  for (const p of all) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  let sum = 0;
  const stack = all.filter((p) => p.pid === pid);
  while (stack.length) {
    const p = stack.pop();
    sum += p.cpu;
    stack.push(...(kids.get(p.pid) ?? []));
  }
  return sum;
}

let run = 0;
/** One page load: wall ms from navigation start to everything loaded, and the browser's CPU ms. */
async function load(b) {
  run += 1;
  const cpu0 = treeCpu(b.pid);
  await b.page.goto(`${origin}/page?run=${b.name}-${run}`, { waitUntil: "commit" });
  await b.page.waitForFunction(() => document.title.startsWith("done "), null, { timeout: 60_000, polling: 50 });
  const wall = Number((await b.page.title()).slice(5));
  return { wall, cpu: treeCpu(b.pid) - cpu0 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const t0 = Date.now();
const browsers = [];
for (const name of CONFIGS) browsers.push(await launch(name));
console.log(`page-load benchmark: 360 requests per load, ${LOADS} loads per configuration and latency, blocks of ${BLOCK}`);
console.log(`chromium ${browsers[0].context.browser()?.version() ?? "(persistent)"}; configurations: ${CONFIGS.join(", ")}`);

const results = {};
for (const lat of LATENCIES) {
  latency = lat;
  const times = Object.fromEntries(CONFIGS.map((c) => [c, []]));
  for (const b of browsers) await load(b); // warm-up (service worker started, connections open)
  const blocks = Math.ceil(LOADS / BLOCK);
  for (let blk = 0; blk < blocks; blk++) {
    // Rotate the order each block so no configuration always follows the same one. A block
    // is a few seconds, well under the 30 s after which Chrome stops an idle service worker.
    const order = browsers.map((_, i) => browsers[(i + blk) % browsers.length]);
    for (const b of order) {
      for (let i = 0; i < BLOCK && times[b.name].length < LOADS; i++) times[b.name].push(await load(b));
    }
  }
  results[lat] = times;
  const baseName = CONFIGS.includes("none") ? "none" : CONFIGS[0];
  const wall = (c) => median(times[c].map((t) => t.wall));
  const cpu = (c) => median(times[c].map((t) => t.cpu));
  console.log(`\nlatency ${lat} ms per response (medians; ratios to ${baseName}):`);
  console.log(`  ${"".padEnd(10)} ${"page load".padStart(10)} ${"ratio".padStart(7)}  ${"browser CPU".padStart(11)} ${"ratio".padStart(7)}   wall min..max`);
  for (const c of CONFIGS) {
    const w = wall(c);
    const u = cpu(c);
    const ws = times[c].map((t) => t.wall);
    console.log(`  ${c.padEnd(10)} ${(w.toFixed(0) + " ms").padStart(10)} ${("×" + (w / wall(baseName)).toFixed(3)).padStart(7)}  ${(u.toFixed(0) + " ms").padStart(11)} ${("×" + (u / cpu(baseName)).toFixed(3)).padStart(7)}   ${Math.min(...ws).toFixed(0)}..${Math.max(...ws).toFixed(0)}`);
  }
}

for (const b of browsers) {
  await b.context.close().catch(() => {});
  rmSync(b.profile, { recursive: true, force: true });
}
server.close();
console.log(`\nbenchmark took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (process.argv.includes("--json")) console.log(JSON.stringify(results));
