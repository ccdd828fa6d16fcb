#!/usr/bin/env node
// The popup's first draw in headless Firefox (dist/firefox, through geckodriver, as the e2e tests
// drive it): popup.html?tab=<id> opened in a tab after a 401's diagnosis is stored; stages from
// navigation start as in ext.mjs (popup.js's `why401:*` marks, first contentful paint), and the
// floor: privacy.html's first contentful paint (an extension page with no script).
// Firefox's popup runs in the extension process, as these tabs do.
//
//   node tests/bench/ext-firefox.mjs [--runs 10] [--ext dist/firefox] [--json]

import http from "node:http";
import { join, resolve } from "node:path";
import { FirefoxDriver } from "../e2e/ext/firefox.mjs";
import { waitFor } from "../e2e/ext/util.mjs";
import { arg, root } from "./args.mjs";

const RUNS = Number(arg("--runs", "10"));
const EXT = resolve(arg("--ext", join(root, "dist/firefox")));
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

const server = http.createServer((req, res) => {
  if (req.url.startsWith("/api/")) {
    res.writeHead(401, { "www-authenticate": 'Bearer realm="api", error="invalid_token", error_description="The access token expired"', "content-type": "application/json", "cache-control": "no-store" });
    return res.end('{"error":"expired"}');
  }
  res.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" });
  res.end("<!doctype html><title>done</title><p>app</p>");
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const port = server.address().port;
const hosts = Array.from({ length: RUNS + 1 }, (_, i) => `site${i}.test`);
const d = new FirefoxDriver({ extensionDir: EXT, hosts, idleTimeoutMs: 600_000 });
const tok = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1IiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln";
/** @type {Record<string, number[]>} */
const stages = {};
const floor = [];
try {
  await d.start();
  for (let i = 0; i < RUNS + 1; i++) {
    const tab = await d.openTab(`http://site${i}.test:${port}/app`);
    await d.pageEval(tab, (t) => fetch(`/api/orders?n=${Math.random()}`, { headers: { Authorization: `Bearer ${t}` } }).then((r) => r.text()), tok);
    await waitFor(() => d.ext(async (id) => !!(await browser.storage.session.get(`tab:${id}`))[`tab:${id}`]?.items?.some((it) => it.finding), tab.tabId), { what: "the diagnosis" });
    const handle = await d.newWindow();
    await d.nav(`${d.base}/popup.html?tab=${tab.tabId}`);
    await waitFor(() => d.exec(`return performance.getEntriesByName("why401:painted").length > 0 && performance.getEntriesByName("first-contentful-paint").length > 0`), { what: "the popup's first draw", timeout: 15_000 });
    const st = await d.exec(`return {
      finding: !!document.querySelector("#root [data-finding]"),
      html: performance.getEntriesByType("navigation")[0].responseEnd,
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
      ...Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("why401:")).map((m) => [m.name.slice(7), m.startTime])),
    }`);
    if (!st.finding) throw new Error("the popup painted without a finding");
    await d.closeTab({ handle });
    const fl = await d.newWindow();
    await d.nav(`${d.base}/privacy.html`);
    const f = await waitFor(() => d.exec(`return performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null`), { what: "privacy.html's paint" });
    await d.closeTab({ handle: fl });
    await d.closeTab(tab);
    if (i === 0) continue;
    for (const [k, v] of Object.entries(st)) if (typeof v === "number") (stages[k] ??= []).push(v);
    floor.push(f);
  }
} finally {
  await d.stop();
  server.close();
}
const med = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, median(v)]));
const out = { popup_ms: med.painted, popup_stages_ms: med, floor_fcp_ms: median(floor), runs: RUNS, samples: { stages, floor_fcp: floor } };
console.log(`Firefox: popup opened → first finding on screen: median ${out.popup_ms.toFixed(1)} ms (${RUNS} runs)`);
console.log(`popup stages from navigation start (medians, ms): ${Object.entries(med).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}`);
console.log(`floor: privacy.html (no script) first contentful paint: median ${out.floor_fcp_ms.toFixed(1)} ms`);
if (process.argv.includes("--json")) console.log(JSON.stringify(out));
