// why401 popup: reads the tab's diagnoses from storage.session, has the Rust renderer draw them,
// and does the browser work its buttons ask for (clear cookies, undo, copy, reload, grant access).
// Open as popup.html (the active tab) or popup.html?tab=<tabId> (any tab, e.g. for tests).

import * as core from "./why401.js";
import {
  KEY, approxRegistrableDomain, removeDetails, sameDomain, setDetails, tabReport, underDomain, uniqueCookies,
} from "./shared.js";

const api = globalThis.browser ?? globalThis.chrome;
const BROWSER = api.runtime.getURL("").startsWith("moz-extension:") ? "firefox" : "chrome";
const ALL_URLS = { origins: ["<all_urls>"] };
const root = document.getElementById("root");
const statusLine = document.getElementById("status");

let tabId = null;
let tabUrl = null;
let report = { findings: [], notes: [] };
let coreReady = null;
let reveal = false;

function say(text) {
  statusLine.textContent = text;
}

async function findTab() {
  const param = new URLSearchParams(location.search).get("tab");
  if (param !== null && /^\d+$/.test(param)) return api.tabs.get(Number(param));
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab;
}

async function render() {
  const key = KEY.tab(tabId);
  const got = await api.storage.session.get([key, KEY.undo(tabId)]);
  const state = got[key] ?? null;
  const undo = got[KEY.undo(tabId)]?.cookies ?? [];
  report = tabReport(state);
  const hostAccess = await api.permissions.contains(ALL_URLS);
  const failed = (state?.items ?? []).filter((i) => i.error).at(-1);
  // null, not [], when there is nothing to undo: the renderer shows Undo for any non-null value.
  const undoRefs = undo.length ? undo.map(({ name, domain, path }) => ({ name, domain, path })) : null;
  const view = {
    kind: "extension",
    report,
    context: { tabUrl, hostAccess, undo: undoRefs, browser: BROWSER, count: state?.count ?? 0 },
  };
  await coreReady;
  core.render(root, view, { mode: "popup", nowMs: Date.now(), hostAccess, undo: undoRefs, reveal });
  if (failed && !report.findings.length) {
    const p = document.createElement("p");
    p.className = "why401-error";
    p.textContent = `why401 could not diagnose the last 401: ${failed.error}`;
    root.append(p);
  }
  root.setAttribute("aria-busy", "false");
}

// ---- cookies ----------------------------------------------------------------------------

/** Every cookie store (default, private/incognito, Firefox containers). */
async function storeIds() {
  const stores = await api.cookies.getAllCookieStores().catch(() => []);
  return stores.length ? stores.map((s) => s.id) : [undefined];
}

/** Every cookie matching `query` in every store and every partition. */
async function cookiesEverywhere(query) {
  const lists = [];
  for (const storeId of await storeIds()) {
    const q = storeId ? { ...query, storeId } : { ...query };
    if (BROWSER === "firefox") q.firstPartyDomain = null;
    lists.push(await api.cookies.getAll(q).catch(() => []));
    lists.push(await api.cookies.getAll({ ...q, partitionKey: {} }).catch(() => []));
  }
  return uniqueCookies(lists);
}

/** Removes the cookies, keeping their full attributes for Undo. */
async function removeAll(cookies, what) {
  let removed = 0;
  for (const c of cookies) {
    if (await api.cookies.remove(removeDetails(c)).catch(() => null)) removed += 1;
  }
  await api.storage.session.set({ [KEY.undo(tabId)]: { at: Date.now(), cookies } });
  say(removed === 1 ? `Removed 1 ${what} cookie. Reload the page to retry.` : `Removed ${removed} ${what} cookies. Reload the page to retry.`);
}

/** The stale copies named by the finding's causes (exactly those: name, domain and path). */
async function clearStale(detail) {
  const refs = detail.cookies?.length
    ? detail.cookies
    : (report.findings[detail.finding ?? 0]?.causes ?? []).flatMap((c) => c.stale_cookies ?? []);
  const found = [];
  for (const ref of refs) {
    const host = String(ref.domain).replace(/^\./, "");
    const list = await cookiesEverywhere({ name: ref.name, domain: host });
    found.push(...list.filter((c) => c.name === ref.name && sameDomain(c.domain, ref.domain) && c.path === ref.path));
  }
  if (!found.length) return say("Those cookies are already gone.");
  await removeAll(uniqueCookies([found]), "stale");
}

/** Every cookie of a site: its registrable domain and subdomains, in every store and partition.
 * The renderer's button names the site (the core's registrable domain of the failing URL). */
async function clearSite(detail) {
  let site = typeof detail.site === "string" && detail.site ? detail.site.toLowerCase() : null;
  if (!site) {
    try {
      // The core is running once the popup has drawn anything; the approximation is a fallback.
      const registrable = (await coreReady?.then(() => core.registrableDomain, () => null)) ?? approxRegistrableDomain;
      site = registrable(new URL(tabUrl).hostname);
    } catch {
      return say("This tab has no site whose cookies could be cleared.");
    }
  }
  const list = (await cookiesEverywhere({ domain: site })).filter((c) => underDomain(c.domain, site));
  if (!list.length) return say(`No cookies for ${site}.`);
  await removeAll(list, site);
}

async function undo() {
  const key = KEY.undo(tabId);
  const cookies = (await api.storage.session.get(key))[key]?.cookies ?? [];
  let restored = 0;
  for (const c of cookies) {
    if (await api.cookies.set(setDetails(c)).catch((e) => say(`Could not restore ${c.name}: ${e.message ?? e}`))) restored += 1;
  }
  await api.storage.session.remove(key);
  say(restored === 1 ? "Restored 1 cookie." : `Restored ${restored} cookies.`);
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
    case "clear-stale":
      await clearStale(detail);
      break;
    case "clear-site":
      await clearSite(detail);
      break;
    case "undo":
      await undo();
      break;
    case "reload":
      await api.tabs.reload(tabId);
      return;
    case "reveal":
      reveal = !reveal;
      break;
    default:
      return;
  }
  await render();
}

root.addEventListener("why401-action", (event) => {
  const detail = event.detail ?? {};
  // permissions.request must run inside the click, before any await.
  if (detail.action === "grant-host-access") {
    api.permissions.request(ALL_URLS).then(render, (e) => say(String(e.message ?? e)));
    return;
  }
  if (detail.action === "copy-report") {
    copyReport(detail);
    return;
  }
  act(detail).catch((e) => say(`Something went wrong: ${e.message ?? e}`));
});

async function main() {
  coreReady = core.default();
  const tab = await findTab();
  tabId = tab?.id ?? -1;
  tabUrl = tab?.url ?? null;
  await render();
  // A new diagnosis for this tab while the popup is open shows at once.
  api.storage.onChanged.addListener((changes, area) => {
    if (area === "session" && KEY.tab(tabId) in changes) render();
  });
}

main().catch((e) => {
  root.setAttribute("aria-busy", "false");
  root.replaceChildren();
  const p = document.createElement("p");
  p.className = "why401-error";
  p.textContent = `why401 could not start: ${e.message ?? e}`;
  root.append(p);
});
