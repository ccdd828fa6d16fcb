#!/usr/bin/env node
// Assembles the extension for each browser from ONE manifest source:
//   node extension/build.mjs --version 0.1.0
// writes dist/chrome/, dist/firefox/ (loadable unpacked) and dist/why401-{chrome,firefox}-VERSION.zip.
// Needs `make wasm` first (target/pkg/why401_{diagnose,render}.js + _bg.wasm) and www/why401.css.

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ICON_SIZES, iconPng } from "./icons.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const version = arg("--version");
if (!version || !/^\d+(\.\d+){0,3}$/.test(version)) {
  console.error("usage: node extension/build.mjs --version X.Y.Z   (digits and dots: browsers refuse anything else)");
  process.exit(2);
}
const out = resolve(root, arg("--out") ?? "dist");

/** Files copied into both builds: [source, name in the build]. */
const FILES = [
  [join(here, "background.js"), "background.js"],
  [join(here, "shared.js"), "shared.js"],
  [join(here, "popup.html"), "popup.html"],
  [join(here, "popup.js"), "popup.js"],
  [join(here, "popup.css"), "popup.css"],
  // One wasm per face (Makefile `wasm`): the background's diagnose core, the popup's renderer.
  [join(root, "target/pkg/why401_diagnose.js"), "why401_diagnose.js"],
  [join(root, "target/pkg/why401_diagnose_bg.wasm"), "why401_diagnose_bg.wasm"],
  [join(root, "target/pkg/why401_render.js"), "why401_render.js"],
  [join(root, "target/pkg/why401_render_bg.wasm"), "why401_render_bg.wasm"],
  [join(root, "www/why401.css"), "why401.css"],
];

const missing = FILES.filter(([src]) => !existsSync(src)).map(([src]) => src);
if (missing.length) {
  console.error(`extension/build.mjs: missing ${missing.join(", ")}`);
  console.error("run `make wasm` first (target/pkg); www/why401.css comes with the web page sources.");
  process.exit(1);
}

const source = JSON.parse(readFileSync(join(here, "manifest.json"), "utf8"));

/** Only what must differ per browser is changed; everything else is the source manifest. */
function manifestFor(browser) {
  const m = structuredClone(source);
  m.version = version;
  if (browser === "chrome") {
    // Chrome runs a module service worker; it warns about keys it does not know.
    delete m.background.scripts;
    delete m.browser_specific_settings;
  } else {
    // Firefox runs an event page (background.scripts); it ignores service_worker with a warning.
    delete m.background.service_worker;
  }
  return m;
}

for (const browser of ["chrome", "firefox"]) {
  const dir = join(out, browser);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "icons"), { recursive: true });
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifestFor(browser), null, 2) + "\n");
  for (const [src, name] of FILES) copyFileSync(src, join(dir, name));
  for (const size of ICON_SIZES) writeFileSync(join(dir, "icons", `icon-${size}.png`), iconPng(size));
  const zip = join(out, `why401-${browser}-${version}.zip`);
  rmSync(zip, { force: true });
  // -X: no extra file attributes, -D: no directory entries, so the archive depends on content only.
  execFileSync("zip", ["-q", "-r", "-X", "-D", "-9", zip, "."], { cwd: dir, stdio: "inherit" });
  const bytes = readFileSync(zip).length;
  console.log(`built ${join("dist", browser)}/ and ${zip.slice(root.length + 1)} (${bytes} bytes)`);
}
