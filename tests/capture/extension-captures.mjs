#!/usr/bin/env node
// Fixtures in the extension's own form: the capture object (model::Capture JSON) the built
// extension hands the core, taken from the real dist/chrome in real Chromium against the e2e
// scenario server (tests/e2e/scenario-server.mjs), with the real second extension
// tests/e2e/tamper-ext loaded. A HAR cannot carry what `extension-modified` reads (the
// credential headers before and after other extensions acted), nor the extension's view of a
// refresh (a fingerprint of the refresh token, the status): these files can, and
// `why401 diagnose FILE` reads them (src/readers/capture.rs) into the same core entry point.
//
//   make && node tests/capture/extension-captures.mjs [filter]
//
// How the capture is taken without a hook in the shipped extension: dist/chrome is copied to a
// temporary folder whose why401_diagnose.js (the background's wasm-bindgen loader) is wrapped, so each
// capture diagnoseLatestJson receives is also kept in the service worker
// (globalThis.__why401Captures); everything else is the built extension as shipped.
// Credential values (Authorization, Proxy-Authorization, Cookie, Set-Cookie, the jar) are then
// replaced by stand-ins of the same length (scheme words and cookie names kept); fingerprints
// (header_changes, refresh) are kept as the extension made them. Writes
// tests/fixtures/capture/*.json and their rows of tests/fixtures/expected.json.

import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ChromiumDriver } from "../e2e/ext/chromium.mjs";
import { waitFor } from "../e2e/ext/util.mjs";
import { SUFFIX, startScenarioServer } from "../e2e/scenario-server.mjs";
import { fingerprint } from "../../extension/shared.js";
import { updateExpected } from "./expected.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = join(root, "tests/fixtures/capture");
const filter = process.argv[2] ?? "";
const STACK = "why401 e2e scenario server (tests/e2e/scenario-server.mjs)";

/** dist/chrome with its core loader wrapped to keep the captures (see the top). */
function tappedExtension() {
  const dir = mkdtempSync(join(tmpdir(), "why401-tapped-"));
  cpSync(join(root, "dist/chrome"), dir, { recursive: true });
  renameSync(join(dir, "why401_diagnose.js"), join(dir, "why401-core.js"));
  writeFileSync(join(dir, "why401_diagnose.js"), `import * as core from "./why401-core.js";
export * from "./why401-core.js";
export { default } from "./why401-core.js";
export function diagnoseLatestJson(capture, now) {
  (globalThis.__why401Captures ??= []).push(JSON.parse(JSON.stringify(capture)));
  return core.diagnoseLatestJson(capture, now);
}
`);
  return dir;
}

/** A stand-in of `v`'s length, the same for the same value. */
const standIn = (v) => (v ? `m${fingerprint(v)}`.repeat(Math.ceil(v.length / 15) + 1).slice(0, v.length) : v);
const CREDENTIAL = /^(authorization|proxy-authorization)$/i;
function maskHeader(h) {
  const n = h.name.toLowerCase();
  if (CREDENTIAL.test(n)) {
    const m = /^(\S+\s+)(.*)$/s.exec(h.value);
    return { ...h, value: m ? m[1] + standIn(m[2]) : standIn(h.value) };
  }
  if (n === "cookie") return { ...h, value: h.value.replace(/(^|;\s*)([^=;]+)=([^;]*)/g, (_, a, k, v) => `${a}${k}=${standIn(v)}`) };
  if (n === "set-cookie") return { ...h, value: h.value.replace(/^([^=;]+)=([^;]*)/, (_, k, v) => `${k}=${standIn(v)}`) };
  return h;
}
function maskCapture(c) {
  return {
    ...c,
    entries: c.entries.map((e) => ({
      ...e,
      request_headers: (e.request_headers ?? []).map(maskHeader),
      response_headers: (e.response_headers ?? []).map(maskHeader),
    })),
    jar: c.jar?.map((k) => ({ ...k, value: standIn(k.value) })) ?? null,
  };
}

/** The captures the service worker kept since the last call (and forgets them). */
async function takeCaptures(d) {
  const sw = d.context.serviceWorkers().find((w) => w.url().startsWith(d.base));
  if (!sw) throw new Error("no running service worker");
  return sw.evaluate(() => {
    const c = globalThis.__why401Captures ?? [];
    globalThis.__why401Captures = [];
    return c;
  });
}

const badge = (d, tabId) => d.ext(async (id) => chrome.action.getBadgeText({ tabId: id }), tabId);
const fullUntil = (d) => d.ext(async () => (await chrome.storage.session.get("fullUntil")).fullUntil ?? 0);

const SCENARIOS = [
  ...["rewrite", "remove"].map((how) => ({
    name: `extension-modified-dnr-${how}-chromium`,
    top: "extension-modified",
    // Removed: nothing was sent, so no-credentials is true too (and listed); rewritten: a token
    // was sent, and the server refused it.
    absent: how === "remove" ? ["token-malformed", "token-rejected"] : ["no-credentials", "token-malformed"],
    listed: how === "remove" ? ["no-credentials"] : ["token-rejected"],
    note: `Captured from the built extension in Chromium with tests/e2e/tamper-ext loaded: its declarativeNetRequest modifyHeaders rule ${how === "rewrite" ? "rewrites" : "removes"} the Authorization header the page set on /tamper-api/${how}, so the API answers 401; why401 saw the page's header in onBeforeSendHeaders and the sent one in onSendHeaders (full capture, switched on by an earlier 401)`,
    async run(d, url) {
      if ((await fullUntil(d)) < Date.now()) {
        const t = await d.openTab(url("app.test", "/expired"));
        await waitFor(async () => (await fullUntil(d)) > Date.now(), { what: "full capture" });
        await waitFor(async () => (await badge(d, t.tabId)) === "1", { what: "the first 401" });
        await d.closeTab(t);
      }
      await new Promise((r) => setTimeout(r, 500));
      await takeCaptures(d);
      const tab = await d.openTab(url("app.test", `/tamper/${how}`));
      await waitFor(async () => (await badge(d, tab.tabId)) === "1", { what: "the tampered 401" });
      const caps = await waitFor(async () => {
        const c = await takeCaptures(d);
        return c.length ? c : null;
      }, { what: "the capture handed to the core" });
      await d.closeTab(tab);
      return caps.at(-1);
    },
  })),
  {
    name: "refresh-race-two-tabs-chromium",
    top: "refresh-race",
    absent: ["no-credentials", "token-malformed", "token-expired"],
    note: "Captured from the built extension in Chromium: two tabs of one app (tests/e2e/scenario-server.mjs, an authorization server with rotating refresh tokens and reuse detection, as oidc-provider's rotateRefreshToken) refresh with the same refresh token at the same moment; the second is refused 400 invalid_grant and the grant revoked; the winning tab's API call a second later answers 401. The extension kept both refreshes (fingerprint of the refresh token, masked URL, status) and handed them to the core with the 401",
    async run(d, url) {
      await takeCaptures(d);
      const s = `capture${Date.now()}`;
      const at = Date.now() + 5000;
      const page = url("app.test", `/refresh/app?s=${s}&at=${at}&me=1000`);
      const a = await d.openTab(page);
      const b = await d.openTab(`${page}&b`);
      if (Date.now() > at - 500) throw new Error("the tabs took too long to open");
      const tab = await waitFor(async () => {
        for (const t of [a, b]) if ((await badge(d, t.tabId)) === "1") return t;
        return null;
      }, { what: "the 401", timeout: 20_000 });
      const caps = await waitFor(async () => {
        const c = await takeCaptures(d);
        return c.length ? c : null;
      }, { what: "the capture handed to the core" });
      for (const t of [a, b]) await d.closeTab(t);
      void tab;
      return caps.at(-1);
    },
  },
];

const server = await startScenarioServer();
let visits = 0;
const url = (host, path) => `${server.url(host, path)}${path.includes("?") ? "&" : "?"}v=${++visits}`;
const ext = tappedExtension();
const d = new ChromiumDriver({ extensionDir: ext, suffix: SUFFIX, others: [join(root, "tests/e2e/tamper-ext")] });
const made = [];
try {
  await d.start();
  for (const sc of SCENARIOS.filter((s) => s.name.includes(filter))) {
    const cap = maskCapture(await sc.run(d, url));
    const file = `capture/${sc.name}.json`;
    writeFileSync(join(root, "tests/fixtures", file), `${JSON.stringify(cap, null, 1)}\n`);
    made.push({ file, rows: [{
      file, entry: cap.entries.length - 1, top: sc.top, absent: sc.absent, ...(sc.listed ? { listed: sc.listed } : {}), stack: STACK,
      captured: "chromium-extension", now: new Date(cap.client_now_ms).toISOString(), note: sc.note,
    }] });
    console.log(`wrote ${file} (${cap.entries.length} entries)`);
  }
} finally {
  await d.stop();
  await server.close();
  rmSync(ext, { recursive: true, force: true });
}
updateExpected(made);
