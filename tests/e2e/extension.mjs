#!/usr/bin/env node
// End-to-end tests of the why401 extension in real headless Chromium and real headless Firefox,
// against a local scenario server answering real 401s (tests/e2e/scenario-server.mjs).
// Needs `make build` (dist/chrome, dist/firefox). Prints each test with the browser's name and
// ends with exactly "N passed, M failed"; exits non-zero when anything failed.
//
//   node tests/e2e/extension.mjs [--browser chromium|firefox] [--only <substring>]
//
// Popup screenshots (light and dark) go to target/e2e/ext-{chrome,firefox}-{light,dark}.png; the
// store's 1280x800 screenshots to target/e2e/store-*.png (ext/options.mjs, Chromium).
// ext/scenarios.mjs: capture and diagnosis; ext/options.mjs: the options page (each setting's
// effect), axe-core on every extension page (light and dark), the keyboard-only popup path.
//
// How each browser is driven (see ext/chromium.mjs, ext/firefox.mjs):
// - Chromium: playwright-core on /usr/bin/chromium, dist/chrome loaded with --load-extension;
//   the popup is popup.html?tab=<id> in a tab; the service worker is stopped with CDP
//   Target.closeTarget; "Copy report" is read back from the real clipboard (permission granted).
// - Firefox: geckodriver + W3C WebDriver over HTTP; dist/firefox installed as a temporary add-on
//   with a fixed UUID; the background is stopped by Firefox's own idle suspension
//   (extensions.background.idle.timeout = 4 s), seen through the chrome context
//   (WebExtensionPolicy…extension.backgroundState); the clipboard is read in the chrome context.
// No test hook lives in the shipped extension; the popup only exposes what it shows as
// data-* attributes (the renderer's data-cause, data-finding, ...).

import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ChromiumDriver } from "./ext/chromium.mjs";
import { FirefoxDriver } from "./ext/firefox.mjs";
import { optionScenarios } from "./ext/options.mjs";
import { scenarios } from "./ext/scenarios.mjs";
import { unitTests } from "./ext/shared-unit.mjs";
import { HANG_HOSTS, HOSTS, SUFFIX, startScenarioServer } from "./scenario-server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = arg("--only");
const browsers = arg("--browser") ? [arg("--browser")] : ["chromium", "firefox"];
if (browsers.some((b) => !["chromium", "firefox"].includes(b))) {
  console.error("--browser takes chromium or firefox");
  process.exit(2);
}
const shots = join(root, "target/e2e");
mkdirSync(shots, { recursive: true });

for (const dir of ["dist/chrome", "dist/firefox"]) {
  if (!existsSync(join(root, dir, "manifest.json"))) {
    console.error(`${dir} is missing: run \`make build\` first.`);
    process.exit(2);
  }
}

const started = Date.now();
let passed = 0;
let failed = 0;

/** A second, real extension loaded beside why401 in Chromium: rewrites headers
 * (declarativeNetRequest modifyHeaders). */
const TAMPER_EXT = join(root, "tests/e2e/tamper-ext");
/** Its Firefox counterpart: the same changes by a blocking webRequest listener (Firefox
 * applies declarativeNetRequest changes before any webRequest event, out of every
 * extension's sight; measured: with tamper-ext there, onBeforeSendHeaders already lacked the
 * removed header). */
const TAMPER_EXT_WEBREQUEST = join(root, "tests/e2e/tamper-ext-webrequest");

function driverFor(name) {
  if (name === "chromium") {
    const d = new ChromiumDriver({ extensionDir: join(root, "dist/chrome"), suffix: SUFFIX, others: [TAMPER_EXT] });
    d.shotName = "chrome";
    return d;
  }
  const d = new FirefoxDriver({ extensionDir: join(root, "dist/firefox"), hosts: [...HOSTS, ...HANG_HOSTS], others: [TAMPER_EXT_WEBREQUEST] });
  d.shotName = "firefox";
  return d;
}

for (const t of unitTests.filter((t) => !only || t.name.includes(only))) {
  try {
    await t.run();
    passed += 1;
    console.log(`ok      node      ${t.name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok  node      ${t.name}\n        ${e.message}`);
  }
}

for (const name of browsers) {
  const server = await startScenarioServer();
  const tests = [...scenarios({ server, shots }), ...optionScenarios({ server, shots })].filter((t) => (!only || t.name.includes(only)) && (!t.only || t.only.includes(name)));
  const d = driverFor(name);
  // Interrupted: still close the browser (and geckodriver) this run started.
  const onSignal = () => d.stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const t0 = Date.now();
    await d.start();
    console.log(`# ${name}: started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    for (const t of tests) {
      failed += 1;
      console.log(`not ok  ${name}  ${t.name}\n        the browser did not start: ${e.message}`);
    }
    await d.stop().catch(() => {});
    await server.close();
    continue;
  }
  for (const t of tests) {
    const t0 = Date.now();
    try {
      await t.run(d);
      passed += 1;
      console.log(`ok      ${name}  ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed += 1;
      console.log(`not ok  ${name}  ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n        ${String(e.stack ?? e).split("\n").slice(0, 4).join("\n        ")}`);
    }
  }
  await d.stop().catch(() => {});
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  await server.close();
}

console.log(`# extension e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
