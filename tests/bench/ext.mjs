#!/usr/bin/env node
// The extension's answer times in headless Chromium (dist/chrome):
//  - 401 → badge: a page in a tab fetches a URL answering 401; the time from the fetch's
//    answer in the page to the tab's badge text being set (read by polling
//    action.getBadgeText in the service worker every ~1 ms; both clocks are Date.now() on
//    this machine). The background is awake (it just handled the page's navigation); a
//    background stopped by the browser adds its start-up (not measured here).
//  - popup opened → first finding on screen: popup.html?tab=<id> opened in a tab after the
//    diagnosis is stored; from the page's navigation start (performance.timeOrigin) to the end
//    of the frame that painted the first draw (popup.js marks `why401:painted` from a task posted
//    in that frame's requestAnimationFrame: it runs once the frame is painted). Nothing is
//    injected into the popup (no init script, no observer): it runs as a person's would.
//    Stages, each from navigation start (popup.js's performance marks `why401:*`): `html` the
//    page's response end; `fcp` first contentful paint (the skeleton, or the first draw when
//    it comes first); `compiling`/`compiled` popup-wasm.js starts/ends compiling the render
//    face; `start` popup.js runs (its imports loaded and run); `read` the tab, storage,
//    permission and settings reads done; `core` the render face instantiated; `drawn` the
//    renderer returned; `painted` on screen.
//    `floor_fcp`: privacy.html's first contentful paint (an extension page with two lines of
//    text, no script): what the browser takes to show anything from an extension page here.
// Prints medians; --json: one JSON line.
//
//   node tests/bench/ext.mjs [--runs 15] [--json]

import { createRequire } from "node:module";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arg, root } from "./args.mjs";

const { chromium } = createRequire(join(process.cwd(), "x.js"))("playwright-core");
const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(arg("--runs", "15"));
const EXT = resolve(arg("--ext", join(root, "dist/chrome")));

let n = 0;
const server = http.createServer((req, res) => {
  if (req.url.startsWith("/api/")) {
    res.writeHead(401, { "www-authenticate": 'Bearer realm="api", error="invalid_token", error_description="The access token expired"', "content-type": "application/json", date: new Date().toUTCString(), "cache-control": "no-store" });
    return res.end('{"error":"expired"}');
  }
  res.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" });
  res.end("<!doctype html><title>app</title><p>app</p>");
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

const dir = mkdtempSync(join(tmpdir(), "why401-extbench-"));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP *.test 127.0.0.1", `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent("serviceworker", { timeout: 20_000 }));
const extId = new URL(sw.url()).host;
const tok = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1IiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln";

const badge = [];
const popup = [];
const STAGES = ["html", "fcp", "compiling", "compiled", "start", "read", "core", "drawn", "painted"];
/** @type {Record<string, number[]>} */
const stages = {};
const floorFcp = [];
for (let i = 0; i < RUNS + 1; i++) {
  // A new site each time (a fresh tab state): siteN.test, resolved to 127.0.0.1.
  const host = `site${i}.test:${server.address().port}`;
  const page = await ctx.newPage();
  await page.goto(`${`http://${host}`}/app`);
  await page.waitForTimeout(150);
  const tabId = await sw.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, `${`http://${host}`}/app`);
  // The badge watcher starts first, then the page's fetch.
  const watching = sw.evaluate(async (tabId) => {
    const t0 = Date.now();
    for (;;) {
      const text = await chrome.action.getBadgeText({ tabId });
      if (text) return Date.now();
      if (Date.now() - t0 > 10_000) return null;
      await new Promise((r) => setTimeout(r, 1));
    }
  }, tabId);
  // When the page got the 401's headers (its resource timing entry, on this machine's clock).
  const answered = await page.evaluate(async (tok) => {
    const url = `/api/orders?n=${Math.random()}`;
    const r = await fetch(url, { headers: { Authorization: `Bearer ${tok}` } });
    await r.text();
    const e = performance.getEntriesByType("resource").find((x) => x.name.endsWith(url));
    return performance.timeOrigin + e.responseStart;
  }, tok);
  const shown = await watching;
  if (i > 0 && shown) badge.push(shown - answered);
  // Wait for the diagnosis to be stored, then open the popup for that tab.
  await sw.evaluate(async (tabId) => {
    for (let k = 0; k < 500; k++) {
      const got = await chrome.storage.session.get(null);
      const state = Object.entries(got).find(([key]) => key.includes(String(tabId)))?.[1];
      if (state?.items?.some((it) => it.finding)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }, tabId);
  const pop = await ctx.newPage();
  await pop.goto(`chrome-extension://${extId}/popup.html?tab=${tabId}`);
  await pop.waitForFunction(() => performance.getEntriesByName("why401:painted").length > 0 && performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 10_000 });
  const st = await pop.evaluate(() => {
    const marks = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("why401:"));
    return {
      finding: !!document.querySelector("#root [data-finding]"),
      html: performance.getEntriesByType("navigation")[0].responseEnd,
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
      ...Object.fromEntries(marks.map((m) => [m.name.slice("why401:".length), m.startTime])),
    };
  });
  if (!st.finding) throw new Error("the popup painted without a finding");
  // The floor: an extension page with no script, first contentful paint.
  const fl = await ctx.newPage();
  await fl.goto(`chrome-extension://${extId}/privacy.html`);
  await fl.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 10_000 });
  const floor = await fl.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0].startTime);
  if (i > 0) {
    popup.push(st.painted);
    for (const k of STAGES) (stages[k] ??= []).push(st[k]);
    floorFcp.push(floor);
  }
  await fl.close();
  await pop.close();
  await page.close();
}
await ctx.close();
rmSync(dir, { recursive: true, force: true });
server.close();
// A build without some marks (an older popup.js) leaves those stages out.
const popupStages = Object.fromEntries(STAGES.filter((k) => stages[k]?.every((v) => typeof v === "number")).map((k) => [k, median(stages[k])]));
const out = {
  badge_ms: median(badge), popup_ms: median(popup), popup_stages_ms: popupStages, floor_fcp_ms: median(floorFcp),
  runs: RUNS, samples: { badge, popup, floor_fcp: floorFcp, stages },
};
console.log(`401 → badge: median ${out.badge_ms.toFixed(1)} ms; popup opened → first finding on screen: median ${out.popup_ms.toFixed(1)} ms (${RUNS} runs)`);
console.log(`popup stages from navigation start (medians, ms): ${Object.entries(popupStages).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}`);
console.log(`floor: privacy.html (no script) first contentful paint: median ${out.floor_fcp_ms.toFixed(1)} ms`);
if (process.argv.includes("--json")) console.log(JSON.stringify(out));
