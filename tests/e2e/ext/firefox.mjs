// Drives dist/firefox in real headless Firefox (Debian's firefox-esr) through geckodriver, speaking
// W3C WebDriver over HTTP with fetch. The add-on is installed temporarily
// (POST /session/{id}/moz/addon/install); a fixed UUID (extensions.webextensions.uuids) gives its
// pages a known moz-extension:// origin. Host names *.test resolve to 127.0.0.1
// (network.dns.localDomains). --allow-system-access lets the harness switch to the chrome
// context for three things a web page cannot do: read the system clipboard, switch
// prefers-color-scheme, and read the background's state (to see it suspended).

import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { sleep, waitFor } from "./util.mjs";

const GECKO_ID = "why401@why401";

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

export class FirefoxDriver {
  name = "firefox";

  constructor({ extensionDir, hosts, binary = "/usr/bin/firefox-esr", idleTimeoutMs = 4000, others = [] }) {
    this.extensionDir = resolve(extensionDir);
    /** Other extensions installed beside it (temporary add-ons). */
    this.others = others.map((o) => resolve(o));
    this.hosts = hosts;
    this.binary = binary;
    this.idleTimeoutMs = idleTimeoutMs;
    this.uuid = randomUUID();
    this.base = `moz-extension://${this.uuid}`;
  }

  async start() {
    this.port = await freePort();
    this.gd = spawn("geckodriver", ["--port", String(this.port), "--allow-system-access", "--log", "error"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.gdErr = "";
    this.gd.stderr.on("data", (b) => { this.gdErr = (this.gdErr + b).slice(-4000); });
    await waitFor(() => fetch(`http://127.0.0.1:${this.port}/status`).then((r) => r.ok), { what: "geckodriver", timeout: 15_000 });
    const prefs = {
      "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: this.uuid }),
      "network.dns.localDomains": this.hosts.join(","),
      // Containers (contextual identities): the default ones exist once this is on.
      "privacy.userContext.enabled": true,
      // github.io (the public-suffix host) over plain http: no HSTS preload list.
      "network.stricttransportsecurity.preloadlist": false,
      // The memory test holds 250 requests to 250 hosts at once.
      "network.http.max-connections": 900,
      // Suspend an idle background quickly (test: the background is stopped mid-test).
      "extensions.background.idle.timeout": this.idleTimeoutMs,
      // Host permissions of MV3 add-ons granted at install, as the install prompt would.
      "extensions.originControls.grantByDefault": true,
      "dom.security.https_first": false,
      "dom.security.https_first_pbm": false,
      "dom.security.https_first_schemeless": false,
      "network.proxy.type": 0,
      "browser.shell.checkDefaultBrowser": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "toolkit.telemetry.reportingpolicy.firstRun": false,
      "app.update.enabled": false,
      "browser.startup.homepage_override.mstone": "ignore",
      "browser.aboutwelcome.enabled": false,
      "dom.events.asyncClipboard.readText": true,
    };
    const { value } = await this.wd("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          browserName: "firefox",
          "moz:firefoxOptions": { binary: this.binary, args: ["-headless"], prefs },
          timeouts: { script: 20_000, pageLoad: 20_000 },
        },
      },
    }, false);
    this.sid = value.sessionId;
    await this.wd("POST", "/moz/addon/install", { path: this.extensionDir, temporary: true });
    for (const other of this.others) await this.wd("POST", "/moz/addon/install", { path: other, temporary: true });
    await this.wd("POST", "/window/rect", { width: 1000, height: 800 });
    this.ctlHandle = (await this.wd("GET", "/window")).value;
    await this.nav(`${this.base}/popup.html?control`);
    await waitFor(() => this.exec("return typeof browser !== 'undefined' && !!browser.tabs"), { what: "the extension page" });
  }

  async stop() {
    if (this.sid) await this.wd("DELETE", "", undefined).catch(() => {});
    this.gd?.kill();
  }

  /** One WebDriver command; throws with the driver's message on error. */
  async wd(method, path, body, inSession = true) {
    const url = `http://127.0.0.1:${this.port}${inSession ? `/session/${this.sid}` : ""}${path}`;
    const r = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json;
  }

  async nav(url) {
    await this.wd("POST", "/url", { url });
  }

  async switchTo(handle) {
    if (this.current !== handle) {
      await this.wd("POST", "/window", { handle });
      this.current = handle;
    }
  }

  /** Runs a sync script body in the current window. */
  async exec(script, args = []) {
    return (await this.wd("POST", "/execute/sync", { script, args })).value;
  }

  /** Runs `fn(arg)` (async allowed) in window `handle`; resolves to its result. */
  async evalIn(handle, fn, arg) {
    await this.switchTo(handle);
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arguments[0])).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.message || e) }));`;
    const { value } = await this.wd("POST", "/execute/async", { script, args: [arg ?? null] });
    if (value && "err" in value) throw new Error(value.err);
    return value?.ok;
  }

  /** Runs `fn(arg)` in an extension page, with `browser` (and `chrome`) available. */
  ext(fn, arg) {
    return this.evalIn(this.ctlHandle, fn, arg);
  }

  /** Runs privileged code in the chrome context (needs --allow-system-access). */
  async chrome(script, args = []) {
    await this.wd("POST", "/moz/context", { context: "chrome" });
    try {
      return (await this.wd("POST", "/execute/sync", { script, args })).value;
    } finally {
      await this.wd("POST", "/moz/context", { context: "content" });
    }
  }

  async newWindow() {
    const { value } = await this.wd("POST", "/window/new", { type: "tab" });
    await this.switchTo(value.handle);
    return value.handle;
  }

  async openTab(url) {
    const handle = await this.newWindow();
    const tab = { handle };
    await this.goto(tab, url);
    const tabId = await waitFor(
      () => this.ext(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, url),
      { what: `the tab id of ${url}` },
    );
    return { handle, tabId };
  }

  async goto(tab, url, { timeout = 15_000 } = {}) {
    await this.switchTo(tab.handle);
    await this.nav(url);
    await waitFor(async () => (await this.wd("GET", "/title")).value === "done", { what: `${url} to finish`, timeout });
  }

  /** Runs `fn(arg)` in a tab's page. */
  pageEval(tab, fn, arg) {
    return this.evalIn(tab.handle, fn, arg);
  }

  /** JS and DOM memory of Firefox's extension process (the background page and this harness's
   * extension pages live there) after memory is minimised in every process
   * (nsIMemoryReporterManager.minimizeMemoryUsage: GC and CC): the memory reporters'
   * explicit/js-non-window/zones/ and explicit/window-objects/ bytes of that process, read in
   * the chrome context. {usedSize, reports} or null when there is no extension process. */
  async backgroundHeap() {
    await this.wd("POST", "/moz/context", { context: "chrome" });
    try {
      const { value } = await this.wd("POST", "/execute/async", {
        script: `const done = arguments[arguments.length - 1];
          const mgr = Cc["@mozilla.org/memory-reporter-manager;1"].getService(Ci.nsIMemoryReporterManager);
          mgr.minimizeMemoryUsage(() => setTimeout(() => {
            let sum = 0, n = 0;
            mgr.getReports((process, path, kind, units, amount) => {
              if (units === Ci.nsIMemoryReporter.UNITS_BYTES && process.startsWith("extension")
                && (path.startsWith("explicit/js-non-window/zones/") || path.startsWith("explicit/window-objects/"))) { sum += amount; n += 1; }
            }, null, () => done(n ? { usedSize: sum, reports: n } : null), null, false);
          }, 500));`,
        args: [],
      });
      return value ?? null;
    } finally {
      await this.wd("POST", "/moz/context", { context: "content" });
    }
  }

  async closeTab(tab) {
    await this.switchTo(tab.handle);
    await this.wd("DELETE", "/window");
    this.current = null;
    await this.switchTo(this.ctlHandle);
  }

  async openPopup(tabId, { dark = false } = {}) {
    await this.colorScheme(dark);
    const handle = await this.newWindow();
    await this.nav(`${this.base}/popup.html?tab=${tabId}`);
    await waitFor(() => this.exec(`return document.getElementById("root")?.getAttribute("aria-busy") === "false"`), {
      what: "the popup to render",
      timeout: 15_000,
    });
    return { handle };
  }

  /** Opens an extension page (e.g. "options.html") or any URL in a tab; `ready` is a selector to wait for. */
  async openPage(path, { dark = false, ready = "body", width = 1000, height = 800 } = {}) {
    await this.colorScheme(dark);
    const handle = await this.newWindow();
    await this.wd("POST", "/window/rect", { width, height });
    await this.nav(/^[a-z-]+:/.test(path) ? path : `${this.base}/${path}`);
    await waitFor(() => this.exec(`return !!document.querySelector(${JSON.stringify(ready)})`), { what: `${path} to load`, timeout: 15_000 });
    return { handle };
  }

  /** Presses keys one after another (WebDriver key actions): "Tab", "Shift+Tab", "Enter", " ". */
  async keys(popup, keys) {
    await this.switchTo(popup.handle);
    const code = { Tab: "\uE004", Enter: "\uE007", Shift: "\uE008", Escape: "\uE00C", " ": " " };
    for (const k of keys) {
      const parts = k.split("+").map((p) => code[p] ?? p);
      const actions = [...parts.map((value) => ({ type: "keyDown", value })), ...parts.reverse().map((value) => ({ type: "keyUp", value }))];
      await this.wd("POST", "/actions", { actions: [{ type: "key", id: "kbd", actions }] });
    }
    await this.wd("DELETE", "/actions");
  }

  /** prefers-color-scheme of the pages (Firefox sets it for all at once). */
  async setDark(_popup, dark) {
    await this.colorScheme(dark);
    await sleep(150);
  }

  /** A screenshot of the whole viewport (store screenshots: the window's inner size). */
  async viewportShot(popup, path) {
    await this.switchTo(popup.handle);
    const shot = await this.wd("GET", "/screenshot");
    writeFileSync(path, Buffer.from(shot.value, "base64"));
  }

  /** Runs an async function body (a string) in a page; resolves to what it returns. */
  async runScript(popup, body) {
    await this.switchTo(popup.handle);
    const script = `const done = arguments[arguments.length - 1];
      (async () => { ${body} })().then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`;
    const { value } = await this.wd("POST", "/execute/async", { script, args: [] });
    if (value && "err" in value) throw new Error(value.err);
    return value?.ok;
  }

  popupEval(popup, fn, arg) {
    return this.evalIn(popup.handle, fn, arg);
  }

  async click(popup, selector) {
    await this.switchTo(popup.handle);
    const { value } = await this.wd("POST", "/element", { using: "css selector", value: selector });
    const id = Object.values(value)[0];
    await this.wd("POST", `/element/${id}/click`, {});
  }

  /** prefers-color-scheme for content and extension pages (0 dark, 1 light). */
  async colorScheme(dark) {
    await this.chrome(`Services.prefs.setIntPref("layout.css.prefers-color-scheme.content-override", ${dark ? 0 : 1});`);
  }

  async screenshot(popup, path, { dark }) {
    await this.colorScheme(dark);
    await this.switchTo(popup.handle);
    await sleep(200);
    const { value } = await this.wd("POST", "/element", { using: "css selector", value: "body" });
    const id = Object.values(value)[0];
    const shot = await this.wd("GET", `/element/${id}/screenshot`);
    writeFileSync(path, Buffer.from(shot.value, "base64"));
  }

  async closePopup(popup) {
    await this.closeTab(popup);
  }

  /** The system clipboard's text, read in the chrome context. */
  async clipboard() {
    return this.chrome(`
      const t = Cc["@mozilla.org/widget/transferable;1"].createInstance(Ci.nsITransferable);
      t.init(null);
      t.addDataFlavor("text/plain");
      Services.clipboard.getData(t, Services.clipboard.kGlobalClipboard, null);
      const out = {};
      t.getTransferData("text/plain", out);
      return out.value.QueryInterface(Ci.nsISupportsString).data;`);
  }

  /** Gives the add-on its host access back, as a click on Firefox's own permission prompt would. */
  async restoreHostAccess() {
    await this.wd("POST", "/moz/context", { context: "chrome" });
    try {
      await this.wd("POST", "/execute/async", {
        script: `const done = arguments[arguments.length - 1];
          const { ExtensionPermissions } = ChromeUtils.importESModule("resource://gre/modules/ExtensionPermissions.sys.mjs");
          const ext = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension;
          ExtensionPermissions.add(${JSON.stringify(GECKO_ID)}, { permissions: [], origins: ["<all_urls>"] }, ext).then(() => done(true), (e) => done(String(e)));`,
        args: [],
      });
    } finally {
      await this.wd("POST", "/moz/context", { context: "content" });
    }
  }

  /** The background's state as Firefox tracks it ("running", "suspending", "stopped", ...). */
  async backgroundState() {
    return this.chrome(`
      const ext = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)})?.extension;
      return ext ? String(ext.backgroundState) : "gone";`);
  }

  /** Sets how long an idle background lives before Firefox suspends it (ms). */
  async setIdleTimeout(ms) {
    await this.chrome(`Services.prefs.setIntPref("extensions.background.idle.timeout", ${Number(ms)});`);
  }

  /** Waits until Firefox suspends the idle background (extensions.background.idle.timeout). */
  async stopBackground() {
    await waitFor(async () => (await this.backgroundState()) === "stopped", {
      what: "Firefox to suspend the idle background",
      timeout: this.idleTimeoutMs * 4 + 10_000,
      interval: 250,
    });
  }
}
