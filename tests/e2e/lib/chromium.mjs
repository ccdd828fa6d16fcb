// Launches Debian's Chromium through playwright-core (never downloads a browser).
import { chromium } from "playwright-core";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Flags that keep Chromium off the network and quiet in a sandboxed, offline machine. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** A headless browser; `args` are added to the standard ones. */
export async function launchChromium({ args = [], headless = true } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (make test-deps)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless, args: [...CHROMIUM_ARGS, ...args] });
}

/**
 * A persistent context (needed to load an extension): `extensionDir` is loaded unpacked.
 * Extensions need the new headless mode, which playwright uses by default for channel-less
 * launches with `headless: true` when `--headless=new` is passed.
 */
export async function launchChromiumPersistent({ args = [], extensionDir = null, headless = true } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "why401-chromium-"));
  const extra = extensionDir
    ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
    : [];
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    args: [...CHROMIUM_ARGS, ...extra, ...args],
  });
  return { context: ctx, userDataDir };
}

/** A tiny test runner: `test(name, fn)` then `await run()` prints ok/FAIL and "N passed, M failed". */
export function runner() {
  const tests = [];
  // E2E_ONLY=text runs only the tests whose name contains it (for working on one test).
  const only = process.env.E2E_ONLY;
  const test = (name, fn) => (!only || name.includes(only) ? tests.push({ name, fn }) : 0);
  const run = async ({ before, after } = {}) => {
    let passed = 0;
    let failed = 0;
    let ctx;
    try {
      ctx = before ? await before() : undefined;
    } catch (e) {
      console.log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
      console.log(`0 passed, ${tests.length} failed`);
      process.exitCode = 1;
      return;
    }
    for (const t of tests) {
      const t0 = Date.now();
      try {
        await t.fn(ctx);
        passed++;
        console.log(`ok   ${t.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${t.name} (${Date.now() - t0} ms)\n     ${(e && e.stack ? e.stack : String(e)).split("\n").join("\n     ")}`);
      }
    }
    try {
      if (after) await after(ctx);
    } catch (e) {
      console.log(`(teardown: ${e})`);
    }
    console.log(`${passed} passed, ${failed} failed`);
    if (failed) process.exitCode = 1;
  };
  return { test, run };
}
