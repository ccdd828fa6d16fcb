// Drives dist/chrome in real headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
// Never downloads a browser. Host names *.test resolve to 127.0.0.1 (--host-resolver-rules).

import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../lib/chromium.mjs";
import { waitFor } from "./util.mjs";

export class ChromiumDriver {
  name = "chromium";

  constructor({ extensionDir, executablePath = CHROMIUM, suffix, others = [] }) {
    this.extensionDir = extensionDir;
    /** Other extensions loaded beside it (the first one listed is why401). */
    this.others = others;
    this.executablePath = executablePath;
    this.suffix = suffix;
  }

  async start() {
    this.profile = mkdtempSync(join(tmpdir(), "why401-chromium-"));
    this.context = await chromium.launchPersistentContext(this.profile, {
      executablePath: this.executablePath,
      headless: true,
      viewport: { width: 1000, height: 700 },
      args: [
        ...CHROMIUM_ARGS,
        `--host-resolver-rules=MAP *.test 127.0.0.1, MAP ${this.suffix} 127.0.0.1, MAP *.${this.suffix} 127.0.0.1`,
        // Plain http on .test names stays plain http (no automatic https upgrade or fallback).
        "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForTypicallySecureUsers",
        `--disable-extensions-except=${[this.extensionDir, ...this.others].join(",")}`,
        `--load-extension=${[this.extensionDir, ...this.others].join(",")}`,
      ],
    });
    const sw = this.context.serviceWorkers()[0] ?? (await this.context.waitForEvent("serviceworker", { timeout: 20_000 }));
    this.extId = new URL(sw.url()).host;
    this.base = `chrome-extension://${this.extId}`;
    // An extension page to call extension APIs from (tabs, cookies, action, storage).
    this.ctl = await this.context.newPage();
    await this.ctl.goto(`${this.base}/popup.html?control`);
    // Let the test read the real clipboard from the popup's origin.
    await this.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  }

  async stop() {
    await this.context?.close().catch(() => {});
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }

  /** Runs `fn(arg)` (async allowed) in an extension page, with `chrome` available. */
  ext(fn, arg) {
    return this.ctl.evaluate(fn, arg);
  }

  /** Opens url in a new tab, waits for the page's script to finish; returns {page, tabId}. */
  async openTab(url) {
    const page = await this.context.newPage();
    await this.goto({ page }, url);
    const tabId = await waitFor(
      () => this.ext(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url),
      { what: `the tab id of ${url}` },
    );
    return { page, tabId };
  }

  async goto(tab, url, { timeout = 15_000 } = {}) {
    await tab.page.goto(url);
    await tab.page.waitForFunction(() => document.title === "done", null, { timeout });
  }

  /** Runs `fn(arg)` in a tab's page. */
  pageEval(tab, fn, arg) {
    return tab.page.evaluate(fn, arg);
  }

  async closeTab(tab) {
    await tab.page.close();
  }

  /** Opens the popup for a tab (popup.html?tab=ID in a tab of its own). */
  async openPopup(tabId, { dark = false } = {}) {
    const page = await this.context.newPage();
    await page.setViewportSize({ width: 440, height: 600 });
    await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
    await page.goto(`${this.base}/popup.html?tab=${tabId}`);
    await page.waitForSelector('#root[aria-busy="false"]', { timeout: 15_000 });
    return { page };
  }

  /** Opens an extension page (e.g. "options.html") or any URL in a tab; `ready` is a selector to wait for. */
  async openPage(path, { dark = false, ready = "body", width = 1000, height = 700 } = {}) {
    const page = await this.context.newPage();
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
    await page.goto(/^[a-z-]+:/.test(path) ? path : `${this.base}/${path}`);
    await page.waitForSelector(ready, { timeout: 15_000 });
    return { page };
  }

  /** Presses keys in a page, one after another ("Tab", "Shift+Tab", "Enter", " "). */
  async keys(popup, keys) {
    for (const k of keys) await popup.page.keyboard.press(k === " " ? "Space" : k);
  }

  /** prefers-color-scheme of a page opened by openPopup/openPage. */
  async setDark(popup, dark) {
    await popup.page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
  }

  /** A screenshot of the whole viewport (store screenshots: exact size). */
  async viewportShot(popup, path) {
    await popup.page.screenshot({ path });
  }

  /** Runs an async function body (a string) in a page; resolves to what it returns. */
  runScript(popup, body) {
    return popup.page.evaluate(`(async () => { ${body} })()`);
  }

  popupEval(popup, fn, arg) {
    return popup.page.evaluate(fn, arg);
  }

  async click(popup, selector) {
    await popup.page.click(selector, { timeout: 5_000 });
  }

  async screenshot(popup, path, { dark }) {
    await popup.page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
    await popup.page.locator("body").screenshot({ path });
  }

  async closePopup(popup) {
    await popup.page.close();
  }

  /** Text the popup put on the clipboard (the real system clipboard; permission granted above). */
  async clipboard(popup) {
    return popup.page.evaluate(() => navigator.clipboard.readText());
  }

  /** The service worker's JS heap after a full garbage collection (CDP on the worker's target:
   * HeapProfiler.collectGarbage, Runtime.getHeapUsage): {usedSize, totalSize} in bytes. */
  async backgroundHeap() {
    const cdp = await this.context.newCDPSession(this.ctl);
    try {
      const { targetInfos } = await cdp.send("Target.getTargets");
      const sw = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith(this.base));
      if (!sw) throw new Error("no running service worker");
      const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: sw.targetId, flatten: false });
      let id = 0;
      const waiting = new Map();
      cdp.on("Target.receivedMessageFromTarget", (m) => {
        if (m.sessionId !== sessionId) return;
        const msg = JSON.parse(m.message);
        const w = waiting.get(msg.id);
        if (w) {
          waiting.delete(msg.id);
          if (msg.error) w.reject(new Error(msg.error.message));
          else w.resolve(msg.result);
        }
      });
      const call = (method, params = {}) => new Promise((resolve, reject) => {
        const n = ++id;
        waiting.set(n, { resolve, reject });
        cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id: n, method, params }) }).catch(reject);
      });
      await call("HeapProfiler.enable");
      await call("HeapProfiler.collectGarbage");
      const heap = await call("Runtime.getHeapUsage");
      await cdp.send("Target.detachFromTarget", { sessionId }).catch(() => {});
      return heap;
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  /** Stops the extension's service worker as Chrome does when idle (CDP Target.closeTarget). */
  async stopBackground() {
    const cdp = await this.context.newCDPSession(this.ctl);
    try {
      const { targetInfos } = await cdp.send("Target.getTargets");
      const sw = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith(this.base));
      if (!sw) throw new Error("no running service worker to stop");
      await cdp.send("Target.closeTarget", { targetId: sw.targetId });
      await waitFor(async () => {
        const { targetInfos: now } = await cdp.send("Target.getTargets");
        return !now.some((t) => t.type === "service_worker" && t.url.startsWith(this.base));
      }, { what: "the service worker to stop" });
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
}
