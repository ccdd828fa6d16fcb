#!/usr/bin/env node
// Store readiness, after extension/build.mjs:
//   node extension/store.mjs listing   writes dist/listing/: the listing text (store/listing.md),
//                                      the privacy statement, the five 1280x800 screenshots
//                                      (target/e2e/store-*.png from the last `make e2e`, else the
//                                      committed copies in store/screenshots/)
//   node extension/store.mjs check     the manifest checks the stores make that can run here, on
//                                      dist/chrome, dist/firefox and their zips; exits 1 on failure
// Checks: required fields and their limits (name ≤ 75, description ≤ 132 characters, version
// of 1-4 numbers ≤ 65535), every file the manifest names is in the package, icons are PNGs of
// their declared sizes (16, 32, 48, 128), every permission and host permission has its row in
// extension/PERMISSIONS.md, no remote code (no script, style or module from elsewhere, no
// eval/new Function, a CSP without remote sources or unsafe-eval), the privacy statement is in the
// package, and one minimum Firefox version in the manifest, README and listing.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const dist = join(root, "dist");
export const SCREENSHOTS = [
  "store-1-popup-expired-token.png",
  "store-2-popup-duplicate-cookies-dark.png",
  "store-3-popup-cleared-with-undo.png",
  "store-4-web-page.png",
  "store-5-options.png",
];

/** Width and height of a PNG (its IHDR chunk), null when it is not a PNG. */
export function pngSize(buf) {
  const sig = "89504e470d0a1a0a";
  if (buf.length < 24 || buf.subarray(0, 8).toString("hex") !== sig || buf.subarray(12, 16).toString() !== "IHDR") return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function listing() {
  const out = join(dist, "listing");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "screenshots"), { recursive: true });
  copyFileSync(join(root, "store/listing.md"), join(out, "listing.md"));
  copyFileSync(join(here, "privacy.html"), join(out, "privacy.html"));
  copyFileSync(join(root, "src/render/why401.css"), join(out, "why401.css"));
  copyFileSync(join(here, "options.css"), join(out, "options.css"));
  const from = [];
  for (const name of SCREENSHOTS) {
    const fresh = join(root, "target/e2e", name);
    const kept = join(root, "store/screenshots", name);
    const src = existsSync(fresh) ? fresh : kept;
    if (!existsSync(src)) {
      console.error(`extension/store.mjs: ${name} is missing (run make e2e, then make screenshots)`);
      process.exit(1);
    }
    copyFileSync(src, join(out, "screenshots", name));
    from.push(src === fresh ? "e2e" : "kept");
  }
  console.log(`built dist/listing/ (listing.md, privacy.html, ${SCREENSHOTS.length} screenshots: ${from.join(", ")})`);
}

function check() {
  const problems = [];
  const fail = (what) => problems.push(what);
  const perms = readFileSync(join(here, "PERMISSIONS.md"), "utf8");
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const listingText = readFileSync(join(root, "store/listing.md"), "utf8");
  for (const browser of ["chrome", "firefox"]) {
    const dir = join(dist, browser);
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    const at = (what) => `${browser}: ${what}`;
    if (m.manifest_version !== 3) fail(at("manifest_version is not 3"));
    if (typeof m.name !== "string" || !m.name || m.name.length > 75) fail(at("name missing or over 75 characters"));
    if (typeof m.description !== "string" || !m.description || m.description.length > 132) fail(at(`description missing or over 132 characters (${m.description?.length})`));
    if (!/^\d+(\.\d+){0,3}$/.test(m.version ?? "") || m.version.split(".").some((n) => Number(n) > 65535 || (n.length > 1 && n.startsWith("0")))) fail(at(`version ${m.version} is not 1-4 numbers`));
    // Files the manifest names.
    const named = [
      ...Object.values(m.icons ?? {}), ...Object.values(m.action?.default_icon ?? {}), m.action?.default_popup,
      m.options_ui?.page, m.background?.service_worker, ...(m.background?.scripts ?? []), m.devtools_page,
    ].filter(Boolean);
    for (const f of named) if (!existsSync(join(dir, f))) fail(at(`${f} is named in the manifest but not in the package`));
    for (const size of ["16", "32", "48", "128"]) {
      const f = m.icons?.[size];
      if (!f) fail(at(`no ${size}px icon`));
      else if (existsSync(join(dir, f))) {
        const s = pngSize(readFileSync(join(dir, f)));
        if (!s || s.width !== Number(size) || s.height !== Number(size)) fail(at(`${f} is not a ${size}x${size} PNG`));
      }
    }
    // Permissions, each with its row in PERMISSIONS.md.
    for (const p of m.permissions ?? []) if (!perms.includes(`| \`${p}\``)) fail(at(`permission ${p} has no row in extension/PERMISSIONS.md`));
    for (const h of m.host_permissions ?? []) if (!perms.includes(`(\`${h}\`)`)) fail(at(`host permission ${h} is not explained in extension/PERMISSIONS.md`));
    if (m.optional_permissions?.length) for (const p of m.optional_permissions) if (!perms.includes(`\`${p}\``)) fail(at(`optional permission ${p} not explained`));
    // No remote code.
    const csp = m.content_security_policy?.extension_pages ?? "";
    if (/https?:|'unsafe-eval'|'unsafe-inline'|\*/.test(csp)) fail(at(`CSP allows remote or eval'd code: ${csp}`));
    if (m.externally_connectable || m.update_url) fail(at("externally_connectable/update_url present"));
    const files = [];
    const walk = (d) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dir);
    for (const f of files) {
      const rel = f.slice(dir.length + 1);
      if (/\.(map|ts|md|mjs|sh)$|(^|\/)\./.test(rel)) fail(at(`${rel} should not ship`));
      if (rel.endsWith(".html")) {
        const html = readFileSync(f, "utf8");
        if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) fail(at(`${rel} has an inline script`));
        if (/<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i.test(html)) fail(at(`${rel} loads something from elsewhere`));
        if (/\son[a-z]+=/i.test(html)) fail(at(`${rel} has an inline event handler`));
      }
      if (rel.endsWith(".js")) {
        const js = readFileSync(f, "utf8");
        if (/\beval\s*\(|new\s+Function\s*\(|import\s*\(\s*["'`]https?:/.test(js)) fail(at(`${rel} evaluates code (eval, new Function or a remote import)`));
        if (/from\s+["']https?:|importScripts\s*\(\s*["'`]https?:/.test(js)) fail(at(`${rel} imports remote code`));
      }
    }
    if (!files.some((f) => f.endsWith("/privacy.html"))) fail(at("privacy.html is not in the package"));
    const zip = join(dist, `why401-${browser}-${m.version}.zip`);
    if (!existsSync(zip)) fail(at(`${zip} is missing`));
    if (browser === "firefox") {
      const g = m.browser_specific_settings?.gecko;
      if (!g?.id) fail(at("no gecko id"));
      if (!g?.data_collection_permissions) fail(at("no data_collection_permissions (AMO requires it)"));
      const min = g?.strict_min_version?.replace(/\.0$/, "");
      if (!readme.includes(`Firefox** (${min} or later`)) fail(`README does not state Firefox ${min} or later (the manifest's strict_min_version)`);
      if (!listingText.includes(`Firefox ${min}`)) fail(`store/listing.md does not state Firefox ${min}`);
    } else {
      if (m.browser_specific_settings || m.background?.scripts) fail(at("Firefox-only keys in the Chrome manifest"));
      if (!m.minimum_chrome_version || !listingText.includes(`Chrome ${m.minimum_chrome_version}`)) fail(at("minimum_chrome_version missing or not in store/listing.md"));
    }
  }
  const shots = join(dist, "listing/screenshots");
  for (const name of SCREENSHOTS) {
    const f = join(shots, name);
    if (!existsSync(f)) fail(`listing: ${name} missing`);
    else {
      const s = pngSize(readFileSync(f));
      if (!s || s.width !== 1280 || s.height !== 800) fail(`listing: ${name} is ${s ? `${s.width}x${s.height}` : "not a PNG"}, not 1280x800`);
    }
  }
  if (!listingText.includes("privacy.html")) fail("listing: no link to the privacy statement");
  if (problems.length) {
    console.error(`store check: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log("store check: dist/chrome and dist/firefox pass (fields, files, icons, permissions justified, no remote code, privacy statement, minimum versions); dist/listing has 5 screenshots of 1280x800");
}

const cmd = process.argv[2];
if (cmd === "listing") listing();
else if (cmd === "check") check();
else {
  console.error("usage: node extension/store.mjs listing|check");
  process.exit(2);
}
