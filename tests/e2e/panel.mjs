#!/usr/bin/env node
// End-to-end tests of the why401 DevTools panel in real DevTools: headless Chromium and
// headless Firefox, the built extension (dist/chrome, dist/firefox), the local scenario server.
// Each browser: open DevTools on a tab, show the why401 panel, load /story/ (a sign-in, a
// working token, a refresh that hands out an expired token, a 401), then check that the panel
// shows the 401 with its diagnosis, the token swap as a diff, that the filter hides what it
// should, and that "Export sanitized HAR" writes a file without the token, cookie, refresh
// token or password that the CLI (target/release/why401) diagnoses with the same top cause.
// Accessibility: axe-core (tests/e2e/lib/axe.mjs, every stable rule) on the panel in DevTools,
// empty and with the story (findings closed and open), light and dark: 0 violations; a
// planted nameless button and low-contrast line must be reported. Chromium: axe is evaluated
// in the panel's iframe target, dark via Emulation.setEmulatedMedia there. Firefox: axe is
// evaluated in the frame script's sandbox (sandboxPrototype: the panel's window, so axe runs
// on the panel document; the page's CSP does not apply), dark via devtools.theme.
// Needs `make build`. Ends with "N passed, M failed".
//
//   node tests/e2e/panel.mjs [--browser chromium|firefox]
//
// How DevTools is opened and read (no test hook in the shipped extension):
// - Chromium: --auto-open-devtools-for-tabs opens DevTools (even headless); the DevTools
//   front-end is a CDP target: its InspectorView shows the why401 panel
//   (showPanel("chrome-extension://<id>why401")); the panel is then an `iframe` CDP target,
//   evaluated through Target.attachToTarget.
// - Firefox: in the chrome context (geckodriver --allow-system-access), DevTools' own
//   loader gives gDevTools; showToolboxForTab + selectTool("webext-devtools-panel-…") shows
//   the panel; its page lives in a remote <browser> inside webext-panels.xhtml and is read
//   with a frame script (messageManager.loadFrameScript) evaluating in a sandbox over `content`
//   (the page's CSP blocks eval, a sandbox is not subject to it).

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AXE_VERSION, axeCheck } from "./lib/axe.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./lib/chromium.mjs";
import { FirefoxDriver } from "./ext/firefox.mjs";
import { assert, assertEq, sleep, waitFor } from "./ext/util.mjs";
import { HANG_HOSTS, HOSTS, MARKUP_CLAIM, SIGNATURE, STORY, SUFFIX, startScenarioServer } from "./scenario-server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const browsers = arg("--browser") ? [arg("--browser")] : ["chromium", "firefox"];
const out = join(root, "target/e2e");
mkdirSync(out, { recursive: true });
const CLI = join(root, "target/release/why401");
for (const p of ["dist/chrome/manifest.json", "dist/firefox/manifest.json", "target/release/why401"]) {
  if (!existsSync(join(root, p))) {
    console.error(`${p} is missing: run \`make build\` first.`);
    process.exit(2);
  }
}

/** What the panel shows, read in the panel's page (runs there; no closure). */
const READ = `(() => {
  const q = (s) => [...document.querySelectorAll(s)];
  return {
    busy: document.getElementById("root").getAttribute("aria-busy"),
    kinds: q("#root li.w4-tl-item").map((li) => li.dataset.kind),
    top: q('#root li[data-kind="unauthorized"] details[data-top-cause]').map((d) => d.dataset.topCause),
    changes: q('#root li[data-kind="unauthorized"] [data-change]').map((c) => c.dataset.change),
    swap: q('#root li[data-kind="unauthorized"] [data-change="authorization/swapped"]').map((c) => c.textContent).join(" "),
    count: document.querySelector("#root .w4-panel-count")?.textContent ?? "",
    text: document.getElementById("root").textContent,
    markup: document.querySelectorAll("#root script, #root img").length,
    title: document.title,
  };
})()`;

/** Filters to refresh calls, reads, then clears the filter. */
const FILTER = `(() => {
  const k = document.getElementById("filter-kind");
  k.value = "refresh"; k.dispatchEvent(new Event("change"));
  const kinds = [...document.querySelectorAll("#root li.w4-tl-item")].map((li) => li.dataset.kind);
  k.value = ""; k.dispatchEvent(new Event("change"));
  const t = document.getElementById("filter-text");
  t.value = "token-expired"; t.dispatchEvent(new Event("input"));
  const byCause = [...document.querySelectorAll("#root li.w4-tl-item")].map((li) => li.dataset.kind);
  t.value = ""; t.dispatchEvent(new Event("input"));
  return { kinds, byCause };
})()`;

/** Clicks Export and returns the file's text (read back from the link the panel made). */
const EXPORT = `(async () => {
  document.getElementById("export").click();
  const a = document.getElementById("export-link");
  const text = await (await fetch(a.href)).text();
  return { text, status: document.getElementById("status").textContent };
})()`;

let passed = 0;
let failed = 0;
function report(browser, name, err) {
  if (err) {
    failed += 1;
    console.log(`not ok  ${browser}  ${name}\n        ${String(err.stack ?? err).split("\n").slice(0, 4).join("\n        ")}`);
  } else {
    passed += 1;
    console.log(`ok      ${browser}  ${name}`);
  }
}

/** Opens (or closes) every finding's details in the panel, so axe sees the diagnosis too. */
const OPEN_ALL = (open) => `(() => { for (const d of document.querySelectorAll("#root details")) d.open = ${open}; return document.querySelectorAll("#root details[open]").length; })()`;
/** Plants a nameless button and a low-contrast line in the panel (axe must see them), or removes them. */
const PLANT = (on) => `(() => {
  document.getElementById("w4-axe-planted")?.remove();
  if (${on}) {
    const p = document.createElement("p"); p.id = "w4-axe-planted"; p.style.cssText = "color:#777;background:#888";
    p.append("planted", document.createElement("button"));
    // Outside #root: the panel redraws #root when DevTools reports late requests, which
    // took the planted line away before axe ran (seen once in Firefox).
    document.body.append(p);
  }
  return true;
})()`;

/** Axe (axe-core, every stable rule) on the panel as drawn for the story, its findings closed
 * and open, light and dark; then a planted violation that axe must report (the check can fail).
 * `setDark(dark)` switches the panel's prefers-color-scheme. */
async function axePanel(browser, evalPanel, setDark, { empty = false } = {}) {
  const run = (body) => evalPanel(`(async () => { ${body} })()`);
  const isDark = () => evalPanel(`matchMedia("(prefers-color-scheme: dark)").matches`);
  const tests = [];
  for (const open of empty ? [false] : [false, true]) {
    for (const dark of [false, true]) {
      const state = empty ? "no traffic yet" : `findings ${open ? "open" : "closed"}`;
      tests.push([`panel: axe-core ${AXE_VERSION}, ${dark ? "dark" : "light"}, ${state}: 0 violations`, async () => {
        await setDark(dark);
        await waitFor(async () => (await isDark()) === dark, { what: `the panel to be ${dark ? "dark" : "light"}`, timeout: 5_000 });
        if (empty) assert((await evalPanel(READ)).text.includes("No sign-in traffic"), "the panel is not empty");
        else assertEq(await evalPanel(OPEN_ALL(open)) > 0, open, "open details");
        const r = await axeCheck(run, `the panel (${browser}, ${dark ? "dark" : "light"}, ${state})`);
        assert(r.passed.includes("color-contrast"), "axe did not check colour contrast");
        console.log(`#   axe ${browser} panel ${dark ? "dark" : "light"} ${state}: 0 violations, ${r.passed.length} rules passed (${r.passed.join(" ")})`);
      }]);
    }
  }
  if (empty) tests.push(["panel: back to light", () => setDark(false)]);
  else tests.push(["panel: axe reports a planted nameless button and low contrast", async () => {
    await evalPanel(PLANT(true));
    const bad = await axeCheck(run, "the panel with planted violations").then(() => "", (e) => e.message);
    await evalPanel(PLANT(false));
    await setDark(false);
    assert(bad.includes("button-name") && bad.includes("color-contrast"), `axe missed planted violations: ${bad.slice(0, 300)}`);
  }]);
  for (const [name, fn] of tests) {
    try {
      await fn();
      report(browser, name);
    } catch (e) {
      report(browser, name, e);
    }
  }
}

/** The checks, the same in both browsers. `evalPanel(expr)` evaluates in the panel page. */
async function checks(browser, evalPanel) {
  const seen = await waitFor(async () => {
    const r = await evalPanel(READ);
    return r && r.top.length && r.changes.length ? r : null;
  }, { what: "the panel to show the story's 401 with a diff", timeout: 20_000, interval: 300 }).catch(async (e) => {
    throw new Error(`${e.message}; the panel shows ${JSON.stringify(await evalPanel(READ).catch((x) => String(x)))}`);
  });
  const tests = [
    ["panel: the timeline holds the sign-in, the refresh and the 401 in order", () => {
      const order = ["sign-in", "refresh", "unauthorized"].map((k) => seen.kinds.indexOf(k));
      assert(order.every((i) => i >= 0), `kinds: ${seen.kinds.join(", ")}`);
      assert(order[0] < order[1] && order[1] < order[2], `order: ${seen.kinds.join(", ")}`);
    }],
    ["panel: the 401 shows its diagnosis (token-expired)", () => assertEq(seen.top, ["token-expired"], "top cause of the 401")],
    ["panel: the token swap is shown as a diff, masked", () => {
      assert(seen.changes.includes("authorization/swapped"), `changes: ${seen.changes}`);
      assert(/‹token #\d+› → Bearer ‹token #\d+›/.test(seen.swap) && /exp /.test(seen.swap), `swap: ${seen.swap}`);
      assert(!seen.text.includes(SIGNATURE), "a token signature is shown");
    }],
    ["panel: hostile values (an audience that is markup) are shown as text", () => {
      assert(seen.swap.includes(MARKUP_CLAIM), `the swap does not show the audience as text: ${seen.swap}`);
      assertEq(seen.markup, 0, "script or img elements in the panel");
      assert(seen.title !== "pwned", "markup ran");
    }],
    ["panel: the filter by kind and by cause", async () => {
      const f = await evalPanel(FILTER);
      assertEq(f.kinds, ["refresh"], "kind filter refresh");
      assertEq(f.byCause, ["unauthorized"], "text filter token-expired");
    }],
    ["panel: Export sanitized HAR has no secret and the CLI diagnoses it the same", async () => {
      const { text, status } = await evalPanel(EXPORT);
      const file = join(out, `panel-export-${browser}.har`);
      writeFileSync(file, text);
      assert(/Exported \d+ request/.test(status), `status: ${status}`);
      for (const s of [STORY.password, STORY.cookie, STORY.refresh, SIGNATURE]) assert(!text.includes(s), `the export holds ${s}`);
      const har = JSON.parse(text);
      assert(har.log.entries.length >= 4, `${har.log.entries.length} entries`);
      assert(/story_sid=why40/.test(text), "the cookie's name kept, its value masked");
      const cli = JSON.parse(execFileSync(CLI, ["diagnose", "--json", file], { encoding: "utf8" }));
      const tops = cli.findings.map((f) => f.causes[0].id);
      assertEq(tops, ["token-expired"], "the CLI's top causes of the exported file");
    }],
  ];
  for (const [name, fn] of tests) {
    try {
      await fn();
      report(browser, name);
    } catch (e) {
      report(browser, name, e);
    }
  }
}

// ---- Chromium -------------------------------------------------------------------------------
async function runChromium(server) {
  const profile = mkdtempSync(join(tmpdir(), "why401-panel-"));
  const ext = join(root, "dist/chrome");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: [
      ...CHROMIUM_ARGS,
      "--auto-open-devtools-for-tabs",
      `--host-resolver-rules=MAP *.test 127.0.0.1, MAP ${SUFFIX} 127.0.0.1`,
      "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForTypicallySecureUsers",
      `--disable-extensions-except=${ext}`,
      `--load-extension=${ext}`,
    ],
  });
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 20_000 }));
    const extId = new URL(sw.url()).host;
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url("app.test", "/"));
    const tabId = await waitFor(() => sw.evaluate(async () => (await chrome.tabs.query({})).find((t) => t.url.includes("app.test"))?.id), { what: "the tab id" });
    const cdp = await context.newCDPSession(page);
    const sessions = new Map();
    const attach = async (targetId) => {
      if (sessions.has(targetId)) return sessions.get(targetId);
      const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: false });
      let n = 0;
      const waiting = new Map();
      cdp.on("Target.receivedMessageFromTarget", (m) => {
        if (m.sessionId !== sessionId) return;
        const msg = JSON.parse(m.message);
        const w = waiting.get(msg.id);
        if (!w) return;
        waiting.delete(msg.id);
        if (msg.error) w.reject(new Error(msg.error.message));
        else w.resolve(msg.result);
      });
      // Any CDP method in the target (the panel's Emulation below); evaluate: Runtime.evaluate.
      const send = (method, params) => new Promise((res, rej) => {
        const id = ++n;
        waiting.set(id, { resolve: res, reject: rej });
        cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) }).catch(rej);
      });
      const evaluate = async (expression) => {
        const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
        if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
        return r.result.value;
      };
      evaluate.send = send;
      sessions.set(targetId, evaluate);
      return evaluate;
    };
    const targets = async () => (await cdp.send("Target.getTargets")).targetInfos;
    // Show the why401 panel in every DevTools window, then pick the one inspecting our tab.
    const panelId = `chrome-extension://${extId}why401`;
    const panel = await waitFor(async () => {
      for (const t of (await targets()).filter((t) => t.type === "page" && t.url.startsWith("devtools://"))) {
        const ev = await attach(t.targetId);
        await ev(`(async () => {
          const UI = await import("./ui/legacy/legacy.js");
          const iv = UI.InspectorView.InspectorView.instance();
          if (iv.tabbedPane.tabIds().includes(${JSON.stringify(panelId)})) await iv.showPanel(${JSON.stringify(panelId)});
        })()`).catch(() => {});
      }
      for (const t of (await targets()).filter((t) => t.url.startsWith(`chrome-extension://${extId}/panel.html`))) {
        const ev = await attach(t.targetId);
        if ((await ev("chrome.devtools.inspectedWindow.tabId").catch(() => null)) === tabId) return ev;
      }
      return null;
    }, { what: "the why401 panel of the tab's DevTools", timeout: 20_000, interval: 500 });
    await waitFor(async () => (await panel(READ)).busy === "false", { what: "the panel to draw" });
    const setDark = (dark) => panel.send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }] });
    await axePanel("chromium", panel, setDark, { empty: true });
    await page.goto(server.url("app.test", "/story/"));
    await page.waitForFunction(() => document.title === "done", null, { timeout: 15_000 });

    await checks("chromium", panel);
    await axePanel("chromium", panel, setDark);
    // A 1280x800 screenshot of DevTools showing the panel (an artefact, not a check).
    try {
      const devtools = (await targets()).filter((t) => t.type === "page" && t.url.startsWith("devtools://"));
      const ev = await attach(devtools[0].targetId);
      await ev.send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false });
      await sleep(500);
      const { data } = await ev.send("Page.captureScreenshot", { format: "png" });
      writeFileSync(join(out, "panel-chromium.png"), Buffer.from(data, "base64"));
      console.log(`#   screenshot target/e2e/panel-chromium.png (${devtools.length} DevTools window(s))`);
    } catch (e) {
      console.log(`#   no screenshot: ${e.message}`);
    }
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

// ---- Firefox --------------------------------------------------------------------------------
async function runFirefox(server) {
  const d = new FirefoxDriver({ extensionDir: join(root, "dist/firefox"), hosts: [...HOSTS, ...HANG_HOSTS] });
  await d.start();
  try {
    const tab = await d.openTab(server.url("app.test", "/"));
    await d.chrome(`Services.prefs.setBoolPref("browser.download.useDownloadDir", true); Services.prefs.setIntPref("browser.download.folderList", 2); Services.prefs.setStringPref("browser.download.dir", ${JSON.stringify(out)});`);
    // Opens the toolbox on the tab and selects the why401 panel (chrome context).
    await d.wd("POST", "/moz/context", { context: "chrome" });
    let opened;
    try {
      opened = (await d.wd("POST", "/execute/async", {
        script: `const done = arguments[arguments.length - 1];
          (async () => {
            const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
            const { gDevTools } = require("devtools/client/framework/devtools");
            const tab = [...gBrowser.tabs].find((t) => t.linkedBrowser.currentURI.spec.includes("app.test"));
            gBrowser.selectedTab = tab;
            const toolbox = await gDevTools.showToolboxForTab(tab, { toolId: "webconsole" });
            const id = await new Promise((res, rej) => {
              const end = Date.now() + 15000;
              (function poll() {
                const t = toolbox.getAdditionalTools().find((x) => x.id.startsWith("webext-devtools-panel-"));
                if (t) res(t.id); else if (Date.now() > end) rej(new Error("no why401 panel in the toolbox")); else setTimeout(poll, 100);
              })();
            });
            await toolbox.selectTool(id);
            return id;
          })().then((id) => done({ id }), (e) => done({ err: String(e) }));`,
        args: [],
      })).value;
    } finally {
      await d.wd("POST", "/moz/context", { context: "content" });
    }
    if (opened.err) throw new Error(opened.err);
    // Evaluates `expr` in the panel's page through a frame script; the result comes back as JSON.
    let calls = 0;
    const evalPanel = async (expr) => {
      const id = `w4panel${++calls}`;
      await d.wd("POST", "/moz/context", { context: "chrome" });
      try {
        const r = (await d.wd("POST", "/execute/async", {
          script: `const done = arguments[arguments.length - 1];
            const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
            const { gDevTools } = require("devtools/client/framework/devtools");
            const tab = [...gBrowser.tabs].find((t) => t.linkedBrowser.currentURI.spec.includes("app.test"));
            const toolbox = gDevTools.getToolboxForTab(tab);
            const frame = [...toolbox.doc.querySelectorAll("iframe")].find((f) => (f.src || "").includes("webext-panels"));
            const b = frame?.contentDocument?.querySelector("browser");
            if (!b) { done({ err: "no panel browser" }); return; }
            const mm = b.messageManager;
            const listener = (m) => { mm.removeMessageListener(${JSON.stringify(id)}, listener); done(m.data); };
            mm.addMessageListener(${JSON.stringify(id)}, listener);
            const body = ${JSON.stringify(`Promise.resolve().then(() => Components.utils.evalInSandbox(${JSON.stringify(expr)}, Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false }))).then((v) => sendAsyncMessage(${JSON.stringify(id)}, { ok: JSON.stringify(v) }), (e) => sendAsyncMessage(${JSON.stringify(id)}, { err: String(e) }));`)};
            mm.loadFrameScript("data:application/javascript," + encodeURIComponent(body), false);`,
          args: [],
        })).value;
        if (r.err) throw new Error(r.err);
        return r.ok === undefined ? undefined : JSON.parse(r.ok);
      } finally {
        await d.wd("POST", "/moz/context", { context: "content" });
      }
    };
    // One read can hang for the script timeout (20 s) when the panel's frame is not there yet
    // (a busy machine, seen once in a full run): room for a second attempt.
    await waitFor(async () => (await evalPanel(READ)).busy === "false", { what: "the panel to draw", timeout: 45_000 });
    // An extension's DevTools panel follows the DevTools theme (devtools.theme), not the
    // content override the popup tests use; both are set.
    const setDark = async (dark) => {
      await d.colorScheme(dark);
      await d.chrome(`Services.prefs.setCharPref("devtools.theme", ${JSON.stringify(dark ? "dark" : "light")});`);
    };
    await axePanel("firefox", evalPanel, setDark, { empty: true });
    await d.goto(tab, server.url("app.test", "/story/"));
    await checks("firefox", evalPanel);
    await axePanel("firefox", evalPanel, setDark);
    // A 1280x800 screenshot of the window, DevTools docked below the page (an artefact).
    try {
      await d.wd("POST", "/window/rect", { width: 1280, height: 800 });
      await sleep(500);
      await d.wd("POST", "/moz/context", { context: "chrome" });
      try {
        const shot = await d.wd("GET", "/screenshot");
        writeFileSync(join(out, "panel-firefox.png"), Buffer.from(shot.value, "base64"));
      } finally {
        await d.wd("POST", "/moz/context", { context: "content" });
      }
      console.log("#   screenshot target/e2e/panel-firefox.png");
    } catch (e) {
      console.log(`#   no screenshot: ${e.message}`);
    }
  } finally {
    await d.stop().catch(() => {});
  }
}

for (const b of browsers) {
  const server = await startScenarioServer();
  try {
    await (b === "chromium" ? runChromium(server) : runFirefox(server));
  } catch (e) {
    report(b, "panel: DevTools opened with the why401 panel", e);
  } finally {
    await server.close();
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
