#!/usr/bin/env node
// Assembles the extension for each browser from ONE manifest source:
//   node extension/build.mjs --version 0.1.0
// writes dist/chrome/, dist/firefox/ (loadable unpacked) and dist/why401-{chrome,firefox}-VERSION.zip.
// Needs `make wasm` first (target/pkg/why401_{diagnose,render,panel}.js + _bg.wasm) and src/render/why401.css (the renderer's stylesheet).

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
  [join(here, "shell.js"), "shell.js"],
  [join(here, "names.js"), "names.js"],
  [join(here, "popup.html"), "popup.html"],
  [join(here, "popup.js"), "popup.js"],
  [join(here, "popup-wasm.js"), "popup-wasm.js"],
  [join(here, "popup.css"), "popup.css"],
  [join(here, "options.html"), "options.html"],
  [join(here, "options.js"), "options.js"],
  [join(here, "options.css"), "options.css"],
  [join(here, "privacy.html"), "privacy.html"],
  // The DevTools panel (devtools_page → panel.html).
  [join(here, "devtools.html"), "devtools.html"],
  [join(here, "devtools.js"), "devtools.js"],
  [join(here, "panel.html"), "panel.html"],
  [join(here, "panel.js"), "panel.js"],
  [join(here, "panel.css"), "panel.css"],
  // One wasm per face (Makefile `wasm`): the background's diagnose core, the popup's renderer,
  // the DevTools panel's timeline.
  [join(root, "target/pkg/why401_diagnose.js"), "why401_diagnose.js"],
  [join(root, "target/pkg/why401_diagnose_bg.wasm"), "why401_diagnose_bg.wasm"],
  [join(root, "target/pkg/why401_render.js"), "why401_render.js"],
  [join(root, "target/pkg/why401_render_bg.wasm"), "why401_render_bg.wasm"],
  [join(root, "target/pkg/why401_panel.js"), "why401_panel.js"],
  [join(root, "target/pkg/why401_panel_bg.wasm"), "why401_panel_bg.wasm"],
  [join(root, "src/render/why401.css"), "why401.css"],
];

const missing = FILES.filter(([src]) => !existsSync(src)).map(([src]) => src);
if (missing.length) {
  console.error(`extension/build.mjs: missing ${missing.join(", ")}`);
  console.error("run `make wasm` first (target/pkg); src/render/why401.css comes with the renderer's sources.");
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
    // cookies.getAll({partitionKey: {}}) (every CHIPS partition) needs Chrome 119.
    m.minimum_chrome_version = "119";
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
