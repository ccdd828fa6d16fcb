// why401 popup: reads the tab's diagnoses from storage.session, has the Rust renderer draw them,
// and does the browser work its buttons ask for (clear cookies, undo, copy, reload, grant access).
// Open as popup.html (the active tab) or popup.html?tab=<tabId> (any tab, e.g. for tests).

import * as core from "./why401_render.js"; // the render face (Makefile `wasm`)
import { ACTION, EVENT, MODE, VIEW } from "./names.js";
import {
  copyLabel, cookieKey, inCookieSite, isCopy, partitionOf, removeDetails, setDetails, siteOf, tabReport,
  uniqueCookies,
} from "./shared.js";
import {
  BROWSER, KEY, activeTab, cookieLists, getTab, hasHostAccess, loadSettings, onSessionChanged, onSettingsChanged,
  openOptions, reloadTab, removeCookie, requestHostAccess, saveSettings, sessionGet, setCookie, storeOf,
} from "./shell.js";
const root = document.getElementById("root");
const statusLine = document.getElementById("status");

let tabId = null;
let tabUrl = null;
/** The tab's cookie store (incognito, Firefox container), undefined for the default. */
let tabStore;
/** Cookies removed by the last "Clear ..." (full attributes, values included), for Undo. Kept
 * in this page's memory only, while Undo is offered: never written to storage. */
let undoList = null;
let report = { findings: [], notes: [] };
let reveal = false;

/** A stage of the first draw, for tests/bench/ext.mjs (a performance mark: no cost to speak of). */
const stage = (/** @type {string} */ name) => performance.mark(`why401:${name}`);
stage("start");

// Everything the first finding waits for starts here, at once, before anything awaits: the
// render face (its wasm fetched by popup.html's preload, compiled by popup-wasm.js),
// the tab, its diagnoses (?tab=N: read at once; else once the active tab is known), the
// permission check and the settings. storage.session is read directly: no message to the
// background, which may be asleep.
const coreReady = initCore().then(() => stage("core"));
/** The ?tab=N of popup.html?tab=N (tests, any tab), else null (the active tab). */
const tabParam = (() => {
  const param = new URLSearchParams(location.search).get("tab");
  return param !== null && /^\d+$/.test(param) ? Number(param) : null;
})();
const tabReady = tabParam === null ? activeTab() : getTab(tabParam);
/** The first draw's reads, started above; later draws read afresh. */
let firstReads = reads(tabParam ?? tabReady.then((tab) => tab?.id ?? -1)).then((r) => (stage("read"), r));

/** The render face, from the module popup-wasm.js started compiling (popup.html); fetched and
 * compiled here if that script has not run or failed. */
function initCore() {
  const compiled = /** @type {any} */ (globalThis).why401RenderWasm;
  if (!compiled) return core.default();
  return core.default({ module_or_path: compiled }).catch(() => core.default());
}

function say(text) {
  statusLine.textContent = text;
}

/** What a draw shows, read at once: the tab's and the background's diagnoses, the permission
 * check and the settings. @param {number | Promise<number>} tab */
function reads(tab) {
  return Promise.all([
    Promise.resolve(tab).then((id) => sessionGet([KEY.tab(id), KEY.background])), hasHostAccess(), loadSettings(),
  ]);
}

async function render() {
  const key = KEY.tab(tabId);
  const pending = firstReads ?? reads(tabId);
  firstReads = null;
  const [[got, hostAccess, settings]] = await Promise.all([pending, coreReady]);
  const state = got[key] ?? null;
  const site = tabUrl ? siteOf(tabUrl, core.registrableDomain) : "";
  const background = (got[KEY.background]?.items ?? []).filter((i) => site && i.site === site);
  report = tabReport(state, background);
  const siteOff = !!site && settings.offSites.includes(site);
  const failed = (state?.items ?? []).filter((i) => i.error).at(-1);
  // null, not [], when there is nothing to undo: the renderer shows Undo for any non-null value.
  const undoRefs = undoList?.length ? undoList.map(({ name, domain, path }) => ({ name, domain, path })) : null;
  const view = {
    kind: VIEW.EXTENSION,
    report,
    context: { tabUrl, hostAccess, undo: undoRefs, browser: BROWSER, count: state?.count ?? 0, siteOff },
  };
  core.render(root, view, { mode: MODE.POPUP, nowMs: Date.now(), hostAccess, undo: undoRefs, reveal });
  stage("drawn");
  if (failed && !report.findings.length) {
    const p = document.createElement("p");
    p.className = "why401-error";
    p.textContent = `why401 could not diagnose the last 401: ${failed.error}`;
    root.append(p);
  }
  root.setAttribute("aria-busy", "false");
}

// ---- cookies ----------------------------------------------------------------------------
// Exact clearing. A copy is name + domain (host-only or not) + path + store + partition. The
// buttons act in the tab's own store only, on unpartitioned copies and those partitioned under
// the tab's top-level site, never elsewhere. cookies.remove({url, name}) removes every
// same-named cookie the URL would receive (Chromium) or one of them (Firefox), so each removal
// is checked against the jar read before it: a copy that was not listed and went is put back
// with its exact attributes, and a listed copy still there is removed again.

/** The tab's top-level site as cookie partitions name it ("https://app.test"). */
function topLevelSite() {
  return tabUrl ? siteOf(tabUrl, core.registrableDomain) : null;
}

/** May a button touch this copy? Unpartitioned, or partitioned under the tab's top-level site. */
function inReach(c) {
  const p = partitionOf(c);
  return !p || p === topLevelSite();
}

/** Every cookie of the tab's store, `query` applied, unpartitioned and partitioned. */
async function storeCookies(query = {}) {
  return uniqueCookies(await cookieLists(query, tabStore));
}

/** Removes exactly the copies `targets` (browser cookies): {removed, failed, restoreFailed}. */
async function removeExactly(targets) {
  const removed = [];
  const failed = [];
  const restoreFailed = [];
  for (const t of targets) {
    const k = cookieKey(t);
    let state = "absent"; // absent (already gone), removed, failed
    for (let attempt = 0; attempt < 4; attempt++) {
      // Every same-named copy in the store, before: what a removal may take along.
      const before = await storeCookies({ name: t.name });
      if (!before.some((c) => cookieKey(c) === k)) break;
      state = "failed";
      await removeCookie(removeDetails(t));
      const after = new Set((await storeCookies({ name: t.name })).map(cookieKey));
      for (const c of before) {
        if (after.has(cookieKey(c)) || cookieKey(c) === k) continue;
        // Taken along by the browser: put back with its exact attributes.
        if (!(await setCookie(setDetails(c)))) restoreFailed.push(c);
      }
      if (!after.has(k)) {
        state = "removed";
        break;
      }
    }
    if (state === "removed") removed.push(t);
    else if (state === "failed") failed.push(t);
  }
  return { removed, failed, restoreFailed };
}

/** Removes `targets`, offers Undo for what went, and says exactly what changed. */
async function clearCopies(targets, what) {
  const { removed, failed, restoreFailed } = await removeExactly(targets);
  undoList = removed.length ? removed : null;
  const parts = [];
  if (removed.length) parts.push(`Removed ${removed.map(copyLabel).join("; ")}.`);
  if (failed.length) parts.push(`Could not remove ${failed.map(copyLabel).join("; ")}.`);
  if (restoreFailed.length) parts.push(`Could not put back ${restoreFailed.map(copyLabel).join("; ")} (removed along by the browser).`);
  if (!removed.length && !failed.length) parts.push(`No ${what} cookies to remove.`);
  else if (removed.length) parts.push("Reload the page to retry.");
  say(parts.join(" "));
}

/** The stale copies named by the finding's causes: exactly those (name, domain, host-only,
 * path, partition), in the tab's store and reachable partitions. */
async function clearStale(detail) {
  const refs = detail.cookies?.length
    ? detail.cookies
    : (report.findings[detail.finding ?? 0]?.causes ?? []).flatMap((c) => c.stale_cookies ?? []);
  const jar = (await storeCookies()).filter(inReach);
  const targets = uniqueCookies([jar.filter((c) => refs.some((r) => isCopy(c, r)))]);
  if (!targets.length) return say("Those cookies are already gone.");
  await clearCopies(targets, "stale");
}

/** Every cookie of the site: the core's cookie site of the failing URL's host (the registrable
 * domain and its subdomains; a public suffix or an IP literal: that host only), in the tab's
 * store and reachable partitions. */
async function clearSite(detail) {
  let host = typeof detail.site === "string" && detail.site ? detail.site : null;
  if (!host) {
    try {
      host = new URL(tabUrl).hostname;
    } catch {
      return say("This tab has no site whose cookies could be cleared.");
    }
  }
  const site = core.cookieSite(host);
  const list = (await storeCookies()).filter((c) => inReach(c) && inCookieSite(c, site));
  if (!list.length) return say(`No cookies for ${site.domain}.`);
  await clearCopies(list, site.domain);
}

/** Puts back exactly what the last clear removed, then reads the jar again to say so. */
async function undo() {
  const list = undoList ?? [];
  undoList = null;
  const restored = [];
  const failed = [];
  for (const c of list) {
    const back = await setCookie(setDetails(c));
    (back ? restored : failed).push(c);
  }
  const now = new Set((await storeCookies()).map(cookieKey));
  const there = restored.filter((c) => now.has(cookieKey(c)));
  const parts = [];
  if (there.length) parts.push(`Restored ${there.map(copyLabel).join("; ")}.`);
  const missing = [...failed, ...restored.filter((c) => !now.has(cookieKey(c)))];
  if (missing.length) parts.push(`Could not restore ${missing.map(copyLabel).join("; ")}.`);
  say(parts.join(" ") || "Nothing to restore.");
}

// ---- copy -------------------------------------------------------------------------------

function copyText(text) {
  // The Clipboard API needs the click's user activation: called before any await.
  if (navigator.clipboard?.writeText) {
    return navigator.clipboard.writeText(text).catch(() => copyFallback(text));
  }
  return Promise.resolve(copyFallback(text));
}

function copyFallback(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("the browser refused to copy");
}

function copyReport(detail) {
  const md = core.reportMarkdown(report, detail.finding ?? 0, Date.now());
  return copyText(md).then(
    () => say("Report copied. Secrets are masked; paste it into a support ticket."),
    (e) => say(`Could not copy: ${e.message ?? e}`),
  );
}

// ---- actions ----------------------------------------------------------------------------

async function act(detail) {
  switch (detail.action) {
    case ACTION.CLEAR_STALE:
      await clearStale(detail);
      break;
    case ACTION.CLEAR_SITE:
      await clearSite(detail);
      break;
    case ACTION.UNDO:
      await undo();
      break;
    case ACTION.RELOAD:
      await reloadTab(tabId);
      return;
    case ACTION.REVEAL:
      reveal = !reveal;
      break;
    case ACTION.SITE_ON: {
      const settings = await loadSettings();
      const site = topLevelSite();
      // Both schemes: "example.com" in the options turned off http and https.
      const host = site.replace(/^[a-z]+:\/\//, "");
      await saveSettings({ ...settings, offSites: settings.offSites.filter((s) => s.replace(/^[a-z]+:\/\//, "") !== host) });
      say(`why401 is on for ${host} again. Reload the page to capture its requests.`);
      break;
    }
    default:
      return;
  }
  await render();
  focusAfter(detail);
}

/** The render replaced the buttons: focus goes where the next step is (keyboard and screen
 * readers keep their place): Undo after a clear, the finding's Clear button after Undo, else
 * the same button again. */
function focusAfter(detail) {
  const on = (action) => `[data-action="${action}"]`;
  const next = {
    [ACTION.CLEAR_STALE]: [on(ACTION.UNDO)],
    [ACTION.CLEAR_SITE]: [on(ACTION.UNDO)],
    [ACTION.UNDO]: [on(ACTION.CLEAR_STALE), on(ACTION.CLEAR_SITE)],
  }[detail.action] ?? [on(detail.action)];
  const finding = typeof detail.finding === "number" ? `[data-finding="${detail.finding}"]` : "";
  for (const sel of next.flatMap((n) => [n + finding, n])) {
    const el = /** @type {HTMLElement | null} */ (root.querySelector(sel));
    if (el) return el.focus();
  }
}

root.addEventListener(EVENT.ACTION, (/** @type {any} */ event) => {
  const detail = event.detail ?? {};
  // permissions.request must run inside the click, before any await.
  if (detail.action === ACTION.GRANT_HOST_ACCESS) {
    requestHostAccess().then(render, (e) => say(String(e.message ?? e)));
    return;
  }
  if (detail.action === ACTION.COPY_REPORT) {
    copyReport(detail);
    return;
  }
  act(detail).catch((e) => say(`Something went wrong: ${e.message ?? e}`));
});

async function main() {
  const tab = await tabReady;
  tabId = tab?.id ?? -1;
  tabUrl = tab?.url ?? null;
  // The first render does not need the cookie store (only the buttons do): both at once.
  await Promise.all([storeOf(tab).then((s) => { tabStore = s; }), render()]);
  // The frame that shows the first draw: a task posted from its animation frame runs after it painted.
  requestAnimationFrame(() => setTimeout(() => stage("painted")));
  // A new diagnosis for this tab while the popup is open shows at once.
  onSessionChanged((changes) => {
    if (KEY.tab(tabId) in changes || KEY.background in changes) render();
  });
  onSettingsChanged(() => render());
  document.getElementById("options")?.addEventListener("click", () => openOptions());
}

main().catch((e) => {
  root.setAttribute("aria-busy", "false");
  root.replaceChildren();
  const p = document.createElement("p");
  p.className = "why401-error";
  p.textContent = `why401 could not start: ${e.message ?? e}`;
  root.append(p);
});
