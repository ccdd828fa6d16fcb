// why401 options: reads and writes the settings (shell.js; storage.local), nothing else. Sites
// are named by the core's registrable domain (public suffix list), as the background names them.

import * as core from "./why401_render.js"; // registrableDomain is in every face
import { siteOf } from "./shared.js";
import { loadSettings, saveSettings } from "./shell.js";

const form = /** @type {HTMLFormElement} */ (document.getElementById("form"));
const offSites = /** @type {HTMLTextAreaElement} */ (document.getElementById("offSites"));
const perTab = /** @type {HTMLInputElement} */ (document.getElementById("perTab"));
const badge = /** @type {HTMLInputElement} */ (document.getElementById("badge"));
const status = /** @type {HTMLElement} */ (document.getElementById("status"));

/** Schemeful sites from the textarea's lines; a line without a scheme names both http and https.
 * Returns {sites, bad}: lines that are not a host or URL are reported, not saved. */
function readSites(text) {
  const sites = [];
  const bad = [];
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const urls = /^[a-z][a-z0-9+.-]*:\/\//i.test(line) ? [line] : [`https://${line}`, `http://${line}`];
    const got = urls.map((u) => siteOf(u, core.registrableDomain)).filter((s) => s && !s.endsWith("//"));
    if (got.length) sites.push(...got);
    else bad.push(line);
  }
  return { sites, bad };
}

/** The textarea shows each site once, without its scheme when both http and https are off. */
function showSites(sites) {
  const lines = [];
  for (const s of sites) {
    const bare = s.replace(/^https?:\/\//, "");
    const both = sites.includes(`https://${bare}`) && sites.includes(`http://${bare}`);
    const line = both ? bare : s;
    if (!lines.includes(line)) lines.push(line);
  }
  offSites.value = lines.join("\n");
}

function show(settings) {
  showSites(settings.offSites);
  for (const r of form.querySelectorAll('input[name="captureMode"]')) {
    const radio = /** @type {HTMLInputElement} */ (r);
    radio.checked = radio.value === settings.captureMode;
  }
  perTab.value = String(settings.perTab);
  badge.checked = settings.badge;
}

async function save() {
  const { sites, bad } = readSites(offSites.value);
  const mode = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="captureMode"]:checked'));
  await saveSettings({ offSites: sites, captureMode: mode?.value, perTab: Number(perTab.value), badge: badge.checked });
  const saved = await loadSettings();
  show(saved);
  status.textContent = bad.length ? `Saved. Not a site, left out: ${bad.join(", ")}.` : "Saved.";
}

async function main() {
  await core.default();
  show(await loadSettings());
  form.addEventListener("change", () => save().catch((e) => { status.textContent = `Could not save: ${e.message ?? e}`; }));
  form.addEventListener("submit", (e) => e.preventDefault());
  form.closest("main")?.setAttribute("aria-busy", "false");
}

main().catch((e) => { status.textContent = `why401 options could not start: ${e.message ?? e}`; });
