// why401 background: capture only. Watches webRequest, and on a 401/407 hands the exchange, the
// site's cookie jar and the clocks to the Rust core (wasm), then stores the diagnosis in
// storage.session and shows a per-tab badge. No diagnosis logic lives here.
//
// Cost: an ordinary request costs two non-blocking events and a few Map operations; no wasm
// call, no storage write. Listeners are registered synchronously at the top level (the service
// worker is woken by them); the wasm core is initialised lazily inside a handler.

import * as core from "./why401.js";
import {
  KEY, LIMITS, endpointOf, headerList, jarCookie, siteOf, statusText, uniqueCookies,
} from "./shared.js";

const api = globalThis.browser ?? globalThis.chrome;
const BROWSER = api.runtime.getURL("").startsWith("moz-extension:") ? "firefox" : "chrome";
const wr = api.webRequest;
const ALL = { urls: ["<all_urls>"] };

// ---- in-flight requests (memory: only what a 401 still to come would need) -----------------

/** requestId → onSendHeaders details (the object itself, not a copy). */
const pending = new Map();
/** requestId → redirect hops (model::Entry) so far. Rare. */
const hops = new Map();
/** Recent CORS preflights (answered anything), to pair with the request that follows. */
let preflights = [];
/** requestIds for which the browser showed its own sign-in prompt. */
const prompted = new Set();
const MAX_PENDING = 4000;

function onSendHeaders(d) {
  pending.set(d.requestId, d);
  if (pending.size > MAX_PENDING) trimPending();
}

function onHeadersReceived(d) {
  const s = d.statusCode;
  if (s === 401 || s === 407) return capture(d);
  if (d.method === "OPTIONS") return rememberPreflight(d);
  // Keep a redirect's request headers for onBeforeRedirect; forget everything else now.
  if (s < 300 || s > 399 || s === 304) {
    pending.delete(d.requestId);
    if (hops.size !== 0) hops.delete(d.requestId);
  }
}

function onBeforeRedirect(d) {
  const sent = pending.get(d.requestId);
  const list = hops.get(d.requestId) ?? [];
  if (list.length < 20) list.push(entryOf(sent, d, { redirect_url: d.redirectUrl ?? null }));
  hops.set(d.requestId, list);
  pending.delete(d.requestId);
}

function onErrorOccurred(d) {
  pending.delete(d.requestId);
  hops.delete(d.requestId);
  prompted.delete(d.requestId);
}

function onAuthRequired(d) {
  // Non-blocking: the browser goes on to show its Basic/Digest prompt; we only note it.
  prompted.add(d.requestId);
  if (prompted.size > 100) prompted.delete(prompted.values().next().value);
}

function trimPending() {
  let n = pending.size - MAX_PENDING / 2;
  for (const id of pending.keys()) {
    if (n-- <= 0) break;
    pending.delete(id);
  }
}

function rememberPreflight(d) {
  const sent = pending.get(d.requestId);
  pending.delete(d.requestId);
  const now = Date.now();
  preflights = preflights.filter((p) => now - p.at < 30_000).slice(-19);
  preflights.push({ at: now, url: d.url, tabId: d.tabId, entry: entryOf(sent, d) });
}

/** A model::Entry from onSendHeaders details (may be missing) and a response event. */
function entryOf(sent, d, extra = {}) {
  return {
    index: 0,
    started_ms: sent?.timeStamp ?? d.timeStamp ?? null,
    method: d.method,
    url: d.url,
    request_headers: headerList(sent?.requestHeaders),
    status: d.statusCode ?? 0,
    status_text: statusText(d.statusLine),
    response_headers: headerList(d.responseHeaders),
    response_body: null, // webRequest cannot read bodies
    redirect_url: null,
    error: null,
    resource_type: d.type ?? null,
    document_url: d.documentUrl ?? null,
    initiator: d.initiator ?? d.originUrl ?? null,
    tab_id: d.tabId ?? -1,
    ...extra,
  };
}

// ---- a 401/407: capture synchronously, diagnose and store in order --------------------------

function capture(d) {
  const sent = pending.get(d.requestId);
  pending.delete(d.requestId);
  const entry = entryOf(sent, d);
  const notes = [];
  if (!sent) notes.push("The request headers were not captured (the extension started while this request was in flight).");
  const redirects = hops.get(d.requestId) ?? [];
  hops.delete(d.requestId);
  const paired = preflights.filter((p) => p.url === d.url && p.tabId === d.tabId && d.method !== "OPTIONS").map((p) => p.entry);
  enqueue(() => diagnoseAndStore({ entry, redirects, paired, notes, requestId: d.requestId, cookieStoreId: d.cookieStoreId }));
}

/** This background instance: recorded with its first job (tests use it to see a restart). */
const boot = { id: crypto.randomUUID(), at: Date.now(), recorded: false };

let chain = Promise.resolve();
/** Runs storage read-modify-writes one at a time, in the order events arrived. */
function enqueue(job) {
  chain = chain.then(job).catch((e) => console.error("why401:", e));
  return chain;
}

let ready = null;
/** The wasm core, initialised on first use. A failed start is retried next time. */
function coreReady() {
  ready ??= core.default().then(
    () => core,
    (e) => { ready = null; throw e; },
  );
  return ready;
}

async function diagnoseAndStore({ entry, redirects, paired, notes, requestId, cookieStoreId }) {
  if (!boot.recorded) {
    boot.recorded = true;
    await api.storage.session.set({ [KEY.boot]: { id: boot.id, at: boot.at } });
  }
  const tabId = entry.tab_id;
  const tab = tabId >= 0 ? await api.tabs.get(tabId).catch(() => null) : null;
  const tabUrl = tab?.url || null;
  // The top-level page: the navigation itself for a main frame, else the tab's page.
  entry.document_url = entry.resource_type === "main_frame" ? entry.url : tabUrl ?? entry.document_url;

  const state = await readTab(tabId);
  const site = siteOf(tabUrl ?? entry.document_url ?? entry.url, registrable());
  const fresh = !state || state.site !== site;
  const history = fresh ? [] : earlierOnEndpoint(state, entry);

  const jar = await jarFor(entry.url, cookieStoreId, tabId);
  if (prompted.delete(requestId)) notes.push("The browser showed its own sign-in prompt for this request.");
  const entries = [...history, ...paired, ...redirects, entry].map((e, i) => ({ ...e, index: i }));
  const capture = {
    source: { extension: { browser: BROWSER } },
    entries,
    jar,
    client_now_ms: Date.now(),
    sanitized: false,
    notes,
  };

  const item = { id: crypto.randomUUID(), at: Date.now(), entry, finding: null, notes: [...notes], error: null };
  try {
    const c = await coreReady();
    const report = c.diagnoseCapture(capture, Date.now());
    const last = entries.length - 1;
    item.finding = report.findings.find((f) => f.entry === last) ?? report.findings.at(-1) ?? null;
    item.notes = report.notes ?? item.notes;
  } catch (e) {
    item.error = String(e?.message ?? e);
  }

  // The tab may have been read before an await; read again so concurrent writes are not lost.
  const now = await readTab(tabId);
  const next = now && now.site === site ? now : { site, count: 0, items: [] };
  next.count += 1;
  next.items.push(item);
  if (next.items.length > LIMITS.perTab) next.items.splice(0, next.items.length - LIMITS.perTab);
  await api.storage.session.set({ [KEY.tab(tabId)]: next });
  await enforceTotal();
  if (tabId >= 0) await showBadge(tabId, next);
}

function earlierOnEndpoint(state, entry) {
  const ep = endpointOf(entry.method, entry.url);
  const since = Date.now() - LIMITS.historyMs;
  return state.items
    .filter((i) => i.at >= since && i.entry && endpointOf(i.entry.method, i.entry.url) === ep)
    .slice(-LIMITS.historyEntries)
    .map((i) => i.entry);
}

/** The registrable-domain function: the core's when it exports one (no wasm start just for it). */
function registrable() {
  return ready && typeof core.registrableDomain === "function" ? (h) => core.registrableDomain(h) : undefined;
}

async function readTab(tabId) {
  const key = KEY.tab(tabId);
  return (await api.storage.session.get(key))[key] ?? null;
}

/** Keeps all diagnoses under LIMITS.totalBytes (by JSON length), evicting the oldest first. */
async function enforceTotal() {
  const all = await api.storage.session.get(null);
  const tabs = Object.entries(all).filter(([k]) => k.startsWith("tab:"));
  const size = (v) => JSON.stringify(v).length;
  let total = tabs.reduce((n, [, v]) => n + size(v), 0);
  if (total <= LIMITS.totalBytes) return;
  const items = tabs.flatMap(([k, v]) => v.items.map((i) => ({ k, v, i })));
  items.sort((a, b) => a.i.at - b.i.at);
  const changed = new Map();
  for (const { k, v, i } of items) {
    if (total <= LIMITS.totalBytes) break;
    total -= size(i);
    v.items.splice(v.items.indexOf(i), 1);
    changed.set(k, v);
  }
  if (changed.size) await api.storage.session.set(Object.fromEntries(changed));
}

// ---- cookies ----------------------------------------------------------------------------

/** The cookie jar for a URL: every cookie that domain- and path-matches it, Secure ones too
 * (so "Secure cookie on plain http" shows), partitioned ones too, from the tab's cookie store. */
async function jarFor(url, cookieStoreId, tabId) {
  let storeId = cookieStoreId;
  if (!storeId && BROWSER === "chrome" && tabId >= 0) {
    const stores = await api.cookies.getAllCookieStores().catch(() => []);
    storeId = stores.find((s) => s.tabIds?.includes(tabId))?.id;
  }
  const urls = [url];
  if (url.startsWith("http://")) urls.push("https://" + url.slice(7));
  else if (url.startsWith("ws://")) urls.push("https://" + url.slice(5));
  else if (url.startsWith("wss://")) urls.push("https://" + url.slice(6));
  const lists = [];
  for (const u of urls) {
    const base = storeId ? { url: u, storeId } : { url: u };
    if (BROWSER === "firefox") base.firstPartyDomain = null; // every first-party domain (FPI on or off)
    lists.push(await api.cookies.getAll(base).catch(() => []));
    // Partitioned (CHIPS) cookies of every partition: Chrome ≥ 119, Firefox ≥ 94.
    lists.push(await api.cookies.getAll({ ...base, partitionKey: {} }).catch(() => []));
  }
  return uniqueCookies(lists).slice(0, 500).map(jarCookie);
}

// ---- badge ------------------------------------------------------------------------------

async function showBadge(tabId, state) {
  const latest = state.items.at(-1);
  const top = latest?.finding?.causes?.[0];
  const text = state.count > 0 ? String(Math.min(state.count, 999)) : "";
  const title = top ? `why401: ${top.title}` : latest?.error ? "why401: could not diagnose the last 401" : "why401";
  try {
    await api.action.setBadgeText({ tabId, text });
    await api.action.setBadgeBackgroundColor({ tabId, color: "#c62828" });
    await api.action.setTitle({ tabId, title });
  } catch {
    // The tab closed meanwhile.
  }
}

async function clearTab(tabId) {
  await api.storage.session.remove([KEY.tab(tabId), KEY.undo(tabId)]);
}

/** After a navigation: another site resets the tab's count; the same site keeps it (the browser
 * may have reset the tab's badge on navigation, so it is shown again). */
async function onTabNavigated(tabId, url) {
  const state = await readTab(tabId);
  if (!state) return;
  if (url && state.site !== siteOf(url, registrable())) {
    await clearTab(tabId);
    await api.action.setBadgeText({ tabId, text: "" }).catch(() => {});
    await api.action.setTitle({ tabId, title: "why401" }).catch(() => {});
  } else {
    await showBadge(tabId, state);
  }
}

// ---- listeners: registered synchronously at the top level ----------------------------------

/** addListener with extraHeaders where the browser has it (Chrome needs it to show Cookie,
 * Set-Cookie and CORS preflights); Firefox has no such option and shows them anyway. A listener
 * the browser refuses is reported and skipped, never stopping the others from registering. */
function listen(event, fn, spec, optionsEnum) {
  const extra = optionsEnum?.EXTRA_HEADERS;
  const attempts = extra ? [[...spec, extra], spec] : [spec];
  for (const s of attempts) {
    try {
      if (s.length) event.addListener(fn, ALL, s);
      else event.addListener(fn, ALL);
      return;
    } catch (e) {
      if (s === attempts.at(-1)) console.error("why401: could not listen:", e);
    }
  }
}

listen(wr.onSendHeaders, onSendHeaders, ["requestHeaders"], wr.OnSendHeadersOptions);
listen(wr.onHeadersReceived, onHeadersReceived, ["responseHeaders"], wr.OnHeadersReceivedOptions);
listen(wr.onBeforeRedirect, onBeforeRedirect, ["responseHeaders"], wr.OnBeforeRedirectOptions);
listen(wr.onErrorOccurred, onErrorOccurred, [], wr.OnErrorOccurredOptions);
listen(wr.onAuthRequired, onAuthRequired, [], undefined);

api.tabs.onRemoved.addListener((tabId) => enqueue(() => clearTab(tabId)));
api.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === "loading" || change.status === "complete") enqueue(() => onTabNavigated(tabId, change.url ?? tab?.url));
});

