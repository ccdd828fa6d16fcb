#!/usr/bin/env node
// One 401 → diagnosis, through the real wasm bindings in Node (the background's call):
// a capture of one failed API request carrying an expired bearer token, its Bearer
// challenge, and a 20-cookie jar, as background.js builds it. Times the whole binding call
// (JS object → Rust → report → JS object) many times after a warm-up; prints p50/p99 and,
// with --json, one JSON line. Also times the same call's two halves when the core has them
// (`diagnoseCaptureMarked` vs the smaller `diagnoseLatest` the background uses). The
// background's face gives JSON text (`diagnoseLatestJson`): its time includes the
// `JSON.parse` of the result, as background.js does.
//
//   node tests/bench/diagnose.mjs [--runs 3000] [--pkg dist/chrome] [--json]

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { arg } from "./args.mjs";

const RUNS = Number(arg("--runs", "3000"));
const PKG = resolve(arg("--pkg", "dist/chrome"));
// The background's face (dist/chrome), else the one-file build (a --pkg of target/pkg or www).
const face = existsSync(join(PKG, "why401_diagnose.js")) ? "why401_diagnose" : "why401";
const core = await import(join(PKG, `${face}.js`));
core.initSync({ module: readFileSync(join(PKG, `${face}_bg.wasm`)) });

const NOW = Date.parse("2026-11-25T15:00:00Z");
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const token = `${b64({ alg: "RS256", typ: "JWT", kid: "k1" })}.${b64({ iss: "https://id.example.com", sub: "user-42", aud: "api", exp: NOW / 1000 - 600, iat: NOW / 1000 - 4200 })}.${"x".repeat(86)}`;
const jar = Array.from({ length: 20 }, (_, i) => ({
  name: i === 0 ? "session" : `pref_${i}`,
  value: i === 0 ? "s%3A" + "a".repeat(40) : `v${i}-${"b".repeat(20)}`,
  domain: i % 2 ? ".example.com" : "app.example.com",
  path: "/",
  secure: true,
  httpOnly: i === 0,
  sameSite: "lax",
  hostOnly: i % 2 === 0,
  session: i % 3 === 0,
  expirationDate: i % 3 === 0 ? null : NOW / 1000 + 86_400 * i,
  storeId: "0",
  partitionKey: null,
}));
function capture() {
  const url = "https://app.example.com/api/v1/orders?limit=20";
  return {
    source: { extension: { browser: "chrome" } },
    entries: [{
      index: 0,
      started_ms: NOW - 120,
      method: "GET",
      url,
      request_headers: [
        { name: "Accept", value: "application/json" },
        { name: "Authorization", value: `Bearer ${token}` },
        { name: "Cookie", value: jar.map((c) => `${c.name}=${c.value}`).join("; ") },
        { name: "User-Agent", value: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0" },
        { name: "Sec-Fetch-Mode", value: "cors" },
      ],
      request_headers_unseen: false,
      cookie_header_unseen: false,
      status: 401,
      status_text: "Unauthorized",
      response_headers: [
        { name: "www-authenticate", value: 'Bearer realm="api", error="invalid_token", error_description="The access token expired"' },
        { name: "content-type", value: "application/json" },
        { name: "date", value: new Date(NOW).toUTCString() },
        { name: "server", value: "envoy" },
      ],
      response_body: null,
      redirect_url: null,
      error: null,
      resource_type: "xmlhttprequest",
      document_url: "https://app.example.com/orders",
      initiator: "https://app.example.com",
      tab_id: 7,
      header_changes: [],
    }],
    jar,
    client_now_ms: NOW,
    sanitized: false,
    notes: [],
  };
}

function time(fn) {
  for (let i = 0; i < 200; i++) fn(capture()); // warm-up: the engine tiers up the wasm
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const c = capture(); // a fresh object each time, as the background hands over
    const t = performance.now();
    fn(c);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  return { p50: q(0.5), p99: q(0.99), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

// JSON text out (the background's face), else JS objects (older cores, the page's).
const marked = core.diagnoseCaptureMarkedJson
  ? (c, now) => JSON.parse(core.diagnoseCaptureMarkedJson(c, now))
  : core.diagnoseCaptureMarked;
const latest = core.diagnoseLatestJson
  ? (c, now) => JSON.parse(core.diagnoseLatestJson(c, now))
  : core.diagnoseLatest;
const check = marked(capture(), NOW);
const top = check.findings.at(-1)?.causes?.[0]?.id;
if (top !== "token-expired") {
  console.error(`diagnose bench: the capture's top cause is ${top}, expected token-expired`);
  process.exit(1);
}
const out = { runs: RUNS, marked: time((c) => marked(c, NOW)) };
if (typeof latest === "function") out.latest = time((c) => latest(c, NOW));
// What the background calls: the smaller binding when the core has it.
out.binding = out.latest ? "diagnoseLatest" : "diagnoseCaptureMarked";
out.p50 = (out.latest ?? out.marked).p50;
out.p99 = (out.latest ?? out.marked).p99;
const f = (x) => x.toFixed(3);
for (const k of ["marked", "latest"]) if (out[k]) console.log(`${k === "marked" ? "diagnoseCaptureMarked" : "diagnoseLatest"}: p50 ${f(out[k].p50)} ms, p99 ${f(out[k].p99)} ms, mean ${f(out[k].mean)} ms over ${RUNS} calls`);
if (process.argv.includes("--json")) console.log(JSON.stringify(out));
