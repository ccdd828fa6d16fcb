// The one module that touches the browser's extension APIs and knows the storage keys.
// background.js, popup.js and options.js call these; nothing else names `browser`/`chrome`.
// Importable in node (tests import KEY): the API object is looked up on first use.

import { normalizeSettings } from "./shared.js";

/** @typedef {import("./shared.js").Settings} Settings */

/** The WebExtension API object (Firefox `browser`, Chrome `chrome`). @type {any} */
export const api = globalThis.browser ?? globalThis.chrome;

/** @typedef {"firefox" | "chrome"} Browser */
/** Which browser runs the extension. @type {Browser} */
export const BROWSER = api?.runtime?.getURL("").startsWith("moz-extension:") ? "firefox" : "chrome";

/** storage.session keys. Everything the extension captures lives under these (and only there). */
export const KEY = {
  /** Per-tab diagnoses: TabState (shared.js). @param {number} tabId */
  tab: (tabId) => `tab:${tabId}`,
  /** Diagnoses of requests made without a tab (service workers) that no tab's origin claims:
   * {items: Item[]} with `item.site`; dropped when no tab of their site remains. */
  background: "background",
  /** Set by the background each time it starts (tests use it to see a restart). */
  boot: "boot",
  /** Until when (ms) the background captures in full (Chrome), after a 401. */
  fullUntil: "fullUntil",
  /** Full capture's scope (Chrome): {allTypes} (request headers of every type, not only page and API requests). */
  fullScope: "fullScope",
  /** Recent token refreshes of every tab (refresh-race): RefreshRecord[] (shared.js), oldest first. */
  refreshes: "refreshes",
};

/** storage.local keys: settings only, never captured data. */
export const LOCAL_KEY = {
  /** The options page's choices: Settings (shared.js). */
  settings: "settings",
};

/** The host access every capture needs. */
const ALL_URLS = { origins: ["<all_urls>"] };

// ---- storage.session (captured data) --------------------------------------------------------

/** @param {string | string[]} keys @returns {Promise<Record<string, any>>} */
export const sessionGet = (keys) => api.storage.session.get(keys);
/** @param {Record<string, any>} items */
export const sessionSet = (items) => api.storage.session.set(items);
/** @param {string | string[]} keys */
export const sessionRemove = (keys) => api.storage.session.remove(keys);
/** Calls `fn(changes)` when storage.session changes. @param {(changes: Record<string, any>) => void} fn */
export function onSessionChanged(fn) {
  api.storage.onChanged.addListener((/** @type {any} */ changes, /** @type {string} */ area) => {
    if (area === "session") fn(changes);
  });
}

// ---- storage.local (settings) -------------------------------------------------------------------

/** The settings, each checked and bounded (shared.js normalizeSettings). */
export async function loadSettings() {
  const got = await api.storage.local.get(LOCAL_KEY.settings).catch(() => ({}));
  return normalizeSettings(got[LOCAL_KEY.settings]);
}
/** @param {object} settings */
export const saveSettings = (settings) => api.storage.local.set({ [LOCAL_KEY.settings]: normalizeSettings(settings) });
/** Calls `fn(settings)` when the settings change (any page or the background). @param {(s: Settings) => void} fn */
export function onSettingsChanged(fn) {
  api.storage.onChanged.addListener((/** @type {any} */ changes, /** @type {string} */ area) => {
    if (area === "local" && LOCAL_KEY.settings in changes) fn(normalizeSettings(changes[LOCAL_KEY.settings].newValue));
  });
}
export const openOptions = () => api.runtime.openOptionsPage();

// ---- tabs ----------------------------------------------------------------------------------

/** @param {number} tabId */
export const getTab = (tabId) => api.tabs.get(tabId).catch(() => null);
/** Every open tab ([] when the browser refuses). */
export const allTabs = () => api.tabs.query({}).catch(() => []);
/** The active tab of the current window. */
export const activeTab = async () => (await api.tabs.query({ active: true, currentWindow: true }))[0];
/** @param {number} tabId */
export const reloadTab = (tabId) => api.tabs.reload(tabId);
/** @param {(tabId: number) => void} fn */
export const onTabRemoved = (fn) => api.tabs.onRemoved.addListener(fn);
/** Calls `fn(tabId, url)` when a tab starts or finishes loading. @param {(tabId: number, url: string | undefined) => void} fn */
export function onTabLoaded(fn) {
  api.tabs.onUpdated.addListener((/** @type {number} */ tabId, /** @type {any} */ change, /** @type {any} */ tab) => {
    if (change.status === "loading" || change.status === "complete") fn(tabId, change.url ?? tab?.url);
  });
}

// ---- toolbar button --------------------------------------------------------------------------

/** The count on a tab's toolbar button ("" hides it). @param {number} tabId @param {string} text */
export async function setBadge(tabId, text) {
  try {
    await api.action.setBadgeText({ tabId, text });
    if (text) await api.action.setBadgeBackgroundColor({ tabId, color: "#c62828" });
  } catch {
    // The tab closed meanwhile.
  }
}

/** @param {number} tabId @param {string} title */
export const setTitle = (tabId, title) => api.action.setTitle({ tabId, title }).catch(() => {});

// ---- permissions ----------------------------------------------------------------------------

export const hasHostAccess = () => api.permissions.contains(ALL_URLS);
/** Must be called inside the click (before any await). */
export const requestHostAccess = () => api.permissions.request(ALL_URLS);

// ---- cookies ---------------------------------------------------------------------------------

/** The cookie store of a tab (incognito, Firefox container); undefined for the default one.
 * Firefox names it on the tab; Chrome lists the tabs of each store. @param {any} tab */
export async function storeOf(tab) {
  if (!tab) return undefined;
  if (tab.cookieStoreId) return tab.cookieStoreId;
  if (tab.id === undefined || tab.id < 0) return undefined;
  const stores = await api.cookies.getAllCookieStores().catch(() => []);
  return stores.find((/** @type {any} */ s) => s.tabIds?.includes(tab.id))?.id;
}

/**
 * The one cookie-store walk: every cookie of `storeId` matching `query` ({url, name, ...}),
 * unpartitioned and partitioned (CHIPS, every partition: Chrome ≥ 119, Firefox ≥ 94), of every
 * first-party domain (Firefox, FPI on or off). Lists, not yet made unique (shared.js uniqueCookies).
 * @param {Record<string, any>} query @param {string | undefined} storeId @returns {Promise<any[][]>}
 */
export async function cookieLists(query, storeId) {
  /** @type {Record<string, any>} */
  const q = storeId ? { ...query, storeId } : { ...query };
  if (BROWSER === "firefox") q.firstPartyDomain = null;
  return [
    await api.cookies.getAll(q).catch(() => []),
    await api.cookies.getAll({ ...q, partitionKey: {} }).catch(() => []),
  ];
}

/** cookies.remove (shared.js removeDetails); null when the browser refused. @param {object} details */
export const removeCookie = (details) => api.cookies.remove(details).catch(() => null);
/** cookies.set (shared.js setDetails); null when the browser refused. @param {object} details */
export const setCookie = (details) => api.cookies.set(details).catch(() => null);

// ---- webRequest --------------------------------------------------------------------------------

/** The webRequest API (listeners are added by background.js through `listen`). */
export const webRequest = api?.webRequest;

/** Chrome shows Cookie headers and preflights only with `extraHeaders`, which costs every
 * request: there the background has a cheap mode. Firefox has no such detour. */
export const HAS_EXTRA_HEADERS = !!webRequest?.OnSendHeadersOptions?.EXTRA_HEADERS && BROWSER === "chrome";

/** addListener, with extraHeaders when `optionsEnum` offers it. A listener the browser refuses
 * is reported and skipped, never stopping the others from registering.
 * @param {any} event @param {Function} fn @param {object} filter @param {string[]} spec @param {any} optionsEnum */
export function listen(event, fn, filter, spec, optionsEnum) {
  const extra = optionsEnum?.EXTRA_HEADERS;
  const attempts = extra ? [[...spec, extra], spec] : [spec];
  for (const s of attempts) {
    try {
      if (s.length) event.addListener(fn, filter, s);
      else event.addListener(fn, filter);
      return;
    } catch (e) {
      if (s === attempts.at(-1)) console.error("why401: could not listen:", e);
    }
  }
}

// ---- devtools (the panel; only in DevTools pages) ------------------------------------------------

/** Firefox's `browser` returns promises; Chrome's devtools.network wants callbacks. */
const PROMISES = !!globalThis.browser;

/** Adds the why401 panel to DevTools (devtools.js). */
export const createPanel = () => api.devtools.panels.create("why401", "icons/icon-32.png", "panel.html");
/** The tab DevTools inspects. @returns {number} */
export const inspectedTabId = () => api.devtools.inspectedWindow.tabId;
/** DevTools' network log as a HAR object. @returns {Promise<any>} */
export const getHar = () =>
  PROMISES ? api.devtools.network.getHAR() : new Promise((resolve) => api.devtools.network.getHAR(resolve));
/** A finished request's response body: [content, encoding]. @param {any} request @returns {Promise<any>} */
export const requestContent = (request) =>
  PROMISES ? request.getContent() : new Promise((resolve) => request.getContent((content, encoding) => resolve([content, encoding])));
/** @param {(request: any) => void} fn */
export const onRequestFinished = (fn) => api.devtools.network.onRequestFinished.addListener(fn);
/** @param {() => void} fn */
export const onNavigated = (fn) => api.devtools.network.onNavigated.addListener(fn);
