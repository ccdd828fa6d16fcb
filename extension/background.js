// why401 background: capture only. Watches webRequest, and on a 401/407 hands the exchange, the
// site's cookie jar and the clocks to the Rust core (wasm), then stores the diagnosis in
// storage.session and shows a per-tab badge. No diagnosis logic lives here.
//
// Cost: an ordinary request costs one or two non-blocking events and a few Map operations; no
// wasm call, no storage write. Listeners are registered synchronously at the top level (the
// service worker is woken by them); the wasm core is initialised lazily inside a handler.
//
// Two capture modes in Chrome, chosen from measurements (`make bench`, tests/bench/pageload.mjs;
// README "Cost to browsing"). Chrome shows extensions the Cookie and Set-Cookie headers and CORS
// preflights only through `extraHeaders`, and one listener with it (whatever its filter) sends
// every request of the browser on a detour; each event dispatched to the service worker costs
// the page too. So:
// - cheap (default): request headers of page and API requests (documents, frames, fetch/XHR,
//   WebSocket, beacons: where 401s come from), the status and response headers of every
//   request; no extraHeaders. Images, scripts, stylesheets, fonts and media cost one event each,
//   like a minimal observer. A 401 is still caught and diagnosed, with what was not seen marked
//   (Cookie header; every request header of a subresource), so absence proves nothing.
// - full (for 30 minutes after a 401/407, or after a cross-origin fetch failed the way a refused
//   preflight makes it fail): every request with extraHeaders, preflights included. The state
//   is kept in storage.session and restored when the background restarts.
// Firefox has no extraHeaders detour: it always captures in full.

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

/** Request headers in full mode (Cookie included). */
function onSendHeaders(d) {
  pending.set(d.requestId, d);
  if (pending.size > MAX_PENDING) trimPending();
}

/** Request headers in cheap mode: Chrome left out Cookie (and Referer, Accept-Language). */
function onSendHeadersCheap(d) {
  d.cookieUnseen = true;
  onSendHeaders(d);
}

function onHeadersReceived(d) {
  if (fullUntil !== 0 && Date.now() > fullUntil) setMode(false);
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
  // A cross-origin fetch that failed before any answer: a refused CORS preflight ends it so,
  // and in cheap mode Chrome hides the preflight. Full capture makes the next attempt visible.
  if (fullUntil === 0 && HAS_CHEAP_MODE && d.error === "net::ERR_FAILED" && crossOrigin(d)) setMode(true);
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
  // While modes switch, one request may reach both listeners: keep it once.
  preflights = preflights.filter((p) => now - p.at < 30_000 && p.id !== d.requestId).slice(-19);
  preflights.push({ id: d.requestId, at: now, url: d.url, tabId: d.tabId, entry: entryOf(sent, d) });
}

function crossOrigin(d) {
  try {
    return !!d.initiator && new URL(d.url).origin !== new URL(d.initiator).origin;
  } catch {
    return false;
  }
}

/** A model::Entry from onSendHeaders details (may be missing) and a response event. */
function entryOf(sent, d, extra = {}) {
  return {
    index: 0,
    started_ms: sent?.timeStamp ?? d.timeStamp ?? null,
    method: d.method,
    url: d.url,
    request_headers: headerList(sent?.requestHeaders),
    // What the browser did not show: every request header, or (Chrome, cheap mode) Cookie.
    request_headers_unseen: !sent,
    cookie_header_unseen: !!sent?.cookieUnseen,
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

/** requestIds already captured: while modes switch, one response may reach two listeners. */
const captured = new Set();

function capture(d) {
  if (captured.has(d.requestId)) return;
  captured.add(d.requestId);
  if (captured.size > 200) captured.delete(captured.values().next().value);
  const sent = pending.get(d.requestId);
  pending.delete(d.requestId);
  const entry = entryOf(sent, d);
  const notes = [];
  if (!sent) {
    notes.push(HAS_CHEAP_MODE && !FULL_TYPES.includes(d.type)
      ? `why401 had not recorded this request's headers: it records those of images, scripts, stylesheets, fonts and media only after a site answers 401 (recording them always would slow every page). It does now, for ${FULL_MINUTES} minutes: reload the page to see the full diagnosis.`
      : "The request headers were not captured (the extension started while this request was in flight).");
  }
  setMode(true);
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
  const site = siteOf(tabUrl ?? entry.document_url ?? entry.url, await registrable());
  const fresh = !state || state.site !== site;
  const history = fresh ? [] : earlierOnEndpoint(state, entry);

  const jar = await jarFor(entry.url, cookieStoreId, tabId);
  if (entry.cookie_header_unseen) {
    // No cookie in the jar for this URL: none could have been sent, so nothing is unknown.
    if (!jar.length) entry.cookie_header_unseen = false;
    else notes.push(`Chrome shows extensions the Cookie header only when they ask for it on every request, which slows every page; why401 asks only after a site answers 401. It does now, for ${FULL_MINUTES} minutes: reload the page to see the cookies this request sent.`);
  }
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

/** The registrable-domain function: the core's (public suffix list); shared.js's approximation
 * only when the wasm cannot start. */
async function registrable() {
  const c = await coreReady().catch(() => null);
  return c ? (h) => c.registrableDomain(h) : undefined;
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
  if (url && state.site !== siteOf(url, await registrable())) {
    await clearTab(tabId);
    await api.action.setBadgeText({ tabId, text: "" }).catch(() => {});
    await api.action.setTitle({ tabId, title: "why401" }).catch(() => {});
  } else {
    await showBadge(tabId, state);
  }
}

// ---- listeners: registered synchronously at the top level ----------------------------------

/** Request types whose request headers are recorded even in cheap mode (see the top). */
const FULL_TYPES = ["main_frame", "sub_frame", "xmlhttprequest", "websocket", "ping", "other"];
/** Chrome: cheap mode exists (extraHeaders is what costs). Firefox: always full. */
const HAS_CHEAP_MODE = !!wr.OnSendHeadersOptions?.EXTRA_HEADERS && BROWSER === "chrome";
const FULL_MINUTES = 30;
/** Full capture until this time (ms); 0 in cheap mode. Also in storage.session. */
let fullUntil = 0;

/** addListener, with extraHeaders when `optionsEnum` offers it. A listener the browser refuses
 * is reported and skipped, never stopping the others from registering. */
function listen(event, fn, filter, spec, optionsEnum) {
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

/** The header listeners of each mode (distinct functions, so one mode can be removed alone). */
const cheapHeaders = (d) => onHeadersReceived(d);
const MODES = {
  cheap: [
    [wr.onSendHeaders, onSendHeadersCheap, { urls: ["<all_urls>"], types: FULL_TYPES }, ["requestHeaders"], undefined],
    [wr.onHeadersReceived, cheapHeaders, ALL, ["responseHeaders"], undefined],
  ],
  full: [
    [wr.onSendHeaders, onSendHeaders, ALL, ["requestHeaders"], wr.OnSendHeadersOptions],
    [wr.onHeadersReceived, onHeadersReceived, ALL, ["responseHeaders"], wr.OnHeadersReceivedOptions],
  ],
};

/** Switches to full capture (for FULL_MINUTES from now) or back to cheap. The new listeners are
 * added before the old ones go, so no request falls between. */
function setMode(full, until = Date.now() + FULL_MINUTES * 60_000) {
  if (!HAS_CHEAP_MODE) return;
  const was = fullUntil !== 0;
  if (full) {
    if (until !== fullUntil) api.storage.session.set({ [KEY.fullUntil]: until }).catch(() => {});
    fullUntil = until;
  } else {
    fullUntil = 0;
  }
  if (was === full) return;
  for (const l of MODES[full ? "full" : "cheap"]) listen(...l);
  for (const [event, fn] of MODES[full ? "cheap" : "full"]) event.removeListener(fn);
}

for (const l of MODES[HAS_CHEAP_MODE ? "cheap" : "full"]) listen(...l);
listen(wr.onBeforeRedirect, onBeforeRedirect, ALL, ["responseHeaders"], undefined);
listen(wr.onErrorOccurred, onErrorOccurred, ALL, [], undefined);
listen(wr.onAuthRequired, onAuthRequired, ALL, [], undefined);

// After a restart: full capture again if it was on and has time left.
if (HAS_CHEAP_MODE) {
  api.storage.session.get(KEY.fullUntil).then((v) => {
    const until = Number(v[KEY.fullUntil]) || 0;
    if (until > Date.now() && fullUntil === 0) setMode(true, until);
  }, () => {});
}

api.tabs.onRemoved.addListener((tabId) => enqueue(() => clearTab(tabId)));
api.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === "loading" || change.status === "complete") enqueue(() => onTabNavigated(tabId, change.url ?? tab?.url));
});

