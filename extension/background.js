// why401 background: capture only. Watches webRequest, and on a 401/407 hands the exchange, the
// site's cookie jar and the clocks to the Rust core (wasm), then stores the diagnosis in
// storage.session and shows a per-tab badge. No diagnosis logic lives here.
//
// Cost: an ordinary request costs one non-blocking event (Chrome, cheap mode) and a few
// comparisons; no wasm call, no storage write. Listeners are registered synchronously at the
// top level (the service worker is woken by them); the wasm core is initialised lazily.
//
// Two capture modes in Chrome, chosen from measurements (`make bench`, tests/bench/pageload.mjs;
// README "Cost to browsing"). Chrome shows extensions the Cookie and Set-Cookie headers and CORS
// preflights only through `extraHeaders`, and one listener with it (whatever its filter) sends
// every request of the browser on a detour; each event dispatched to the service worker costs
// the page too. So:
// - cheap (default): one onHeadersReceived listener (status and response headers), no more
//   than a minimal observer costs. A 401 is still caught and diagnosed, with its request
//   headers marked unseen (absence proves nothing) and a note to reload.
// - full (for 30 minutes after a 401/407, or after a cross-origin fetch failed the way a refused
//   preflight makes it fail): every answer with extraHeaders (preflights included), and the
//   request headers (Cookie included, and the tamper check) of page and API requests, of every
//   request once an image or script answered 401 (see "full capture's scope"). The state is
//   kept in storage.session and restored when the background restarts.
// Firefox has no extraHeaders detour: it always captures in full.
//
// Under load (shared.js LIMITS holds every bound): headers are cut at capture; in-flight
// requests are held within a byte budget; a 401 is counted on the badge at once (badge and
// storage updated in batches, never once per event), and diagnosed lazily: failures with the
// same endpoint, status and credentials (by fingerprint) are one diagnosis that counts them.
// Nothing raw rests in storage.session: only the core's findings (secrets masked) and
// fingerprints. Earlier failures a retry-loop diagnosis needs are kept in memory only, while
// the background runs, without their headers.

import * as core from "./why401_diagnose.js"; // the diagnose face (Makefile `wasm`)
import {
  DEFAULT_SETTINGS, LIMITS, cutCopy, endpointOf, fingerprint, headerList, jarCookie, maskedEndpoint, refreshTokenOf, siteOf,
  statusText, uniqueCookies,
} from "./shared.js";
import {
  BROWSER, HAS_EXTRA_HEADERS, KEY, allTabs, cookieLists, getTab, listen, loadSettings, onSettingsChanged, onTabLoaded,
  onTabRemoved, sessionGet, sessionRemove, sessionSet, setBadge, setTitle, storeOf, webRequest as wr,
} from "./shell.js";
const ALL = { urls: ["<all_urls>"] };

// ---- in-flight requests (memory: only what a 401 still to come would need) -----------------

/** requestId → {at, raw, page, bytes}: the request headers as the browser handed
 * them (`raw`: not copied or cut per request; see {@link sentHeaders}), and in full mode the
 * page's own headers from onBeforeSendHeaders (`page`). */
const pending = new Map();
let pendingBytes = 0;
/** requestId → redirect hops (model::Entry) so far. Rare. */
const hops = new Map();
/** Recent CORS preflights (answered anything), to pair with the request that follows. */
let preflights = [];
/** requestIds for which the browser showed its own sign-in prompt. */
const prompted = new Set();

/** requestId → the page's request headers as onBeforeSendHeaders had them (full mode only;
 * compared by fingerprint only when the request fails). Bounded like `pending`; an entry lives
 * from onBeforeSendHeaders to onSendHeaders, the same request's next event. */
const before = new Map();
/** The credential headers another extension may change (model::HeaderChange names). */
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/** name → fingerprint of the credential headers in a header array (never the values). */
function credentialPrints(headers) {
  const out = {};
  for (const h of headers ?? []) {
    const n = String(h.name).toLowerCase();
    if (CREDENTIAL_HEADERS.includes(n)) out[n] = fingerprint(`${out[n] ?? ""}\n${h.value ?? ""}`);
  }
  return out;
}

/** Full mode: the request headers as the page's request carried them, before other
 * extensions act (their changes show in onSendHeaders). Only fingerprints are kept.
 * Chrome applies other extensions' declarativeNetRequest header rules between the two events;
 * Firefox applies them before either, so there only webRequest-based modifiers that run after
 * this listener show (tests/e2e: the DNR case is checked in Chromium). */
function onBeforeSendHeaders(d) {
  before.set(d.requestId, d.requestHeaders);
  if (before.size > LIMITS.pendingCount) before.delete(before.keys().next().value);
}

/** model::HeaderChange list: what differs between the page's and the sent credential headers. */
function headerChanges(page, sent) {
  const changes = [];
  for (const name of CREDENTIAL_HEADERS) {
    const a = page[name] ?? null;
    const b = sent[name] ?? null;
    if (a === b) continue;
    changes.push({ name, change: a === null ? "added" : b === null ? "removed" : "changed", before: a, after: b });
  }
  return changes;
}

/** Request headers in full mode (Cookie included). Per request this only keeps a reference
 * to the browser's header array (no copy, no cut, no fingerprint: every request pays for
 * what is done here, and only a failing one needs more; see {@link sentHeaders}). */
function onSendHeaders(d) {
  const raw = d.requestHeaders;
  let bytes = 200;
  if (Array.isArray(raw)) for (let i = 0; i < raw.length; i++) bytes += 2 * ((raw[i].name?.length ?? 0) + (raw[i].value?.length ?? 64));
  const rec = { at: d.timeStamp, raw, page: undefined, bytes };
  if (before.size !== 0) {
    rec.page = before.get(d.requestId);
    before.delete(d.requestId);
  }
  dropPending(d.requestId);
  pending.set(d.requestId, rec);
  pendingBytes += rec.bytes;
  // The oldest in-flight requests go first (a page holding hundreds never answered).
  while (pending.size > LIMITS.pendingCount || pendingBytes > LIMITS.pendingBytes) {
    dropPending(pending.keys().next().value);
  }
}

/** What was sent, as a diagnosis reads it, from a pending record (made only when needed):
 * {headers (cut to LIMITS), cut, at, changes (credential headers another
 * extension changed, by fingerprint)}. */
function sentHeaders(rec) {
  if (!rec) return null;
  const h = headerList(rec.raw);
  const out = { at: rec.at, headers: h.list, cut: h.cut };
  if (rec.page) {
    const changes = headerChanges(credentialPrints(rec.page), credentialPrints(rec.raw));
    if (changes.length) out.changes = changes;
  }
  return out;
}

/** Forgets an in-flight request; returns what was held for it. */
function dropPending(id) {
  const rec = pending.get(id);
  if (rec) {
    pending.delete(id);
    pendingBytes -= rec.bytes;
  }
  return rec;
}

/** Cheap mode's one listener (Chrome's default; see {@link CHEAP}): for an ordinary answer
 * (not 401/407, a redirect, a POST or a preflight) nothing but these checks. Left on while full
 * mode starts: a request the full listeners see too (started after they were added) is theirs. */
function cheapHeaders(d) {
  const s = d.statusCode;
  if (overlap === null && d.method === "GET" && s !== 401 && s !== 407 && (s < 300 || s > 399 || s === 304)
    && pending.size === 0 && hops.size === 0) return;
  if (fullHandles(d)) return;
  onHeadersReceived(d);
}

function onHeadersReceived(d) {
  if (fullUntil !== 0 && Date.now() > fullUntil) setMode(false);
  if (d.method === "POST") onRefreshAnswered(d);
  const s = d.statusCode;
  if (s === 401 || s === 407) return capture(d);
  if (d.method === "OPTIONS") return rememberPreflight(d);
  // Keep a redirect's request headers for onBeforeRedirect; forget everything else now.
  if (s < 300 || s > 399 || s === 304) {
    dropPending(d.requestId);
    if (hops.size !== 0) hops.delete(d.requestId);
  }
}

function onBeforeRedirect(d) {
  const sent = dropPending(d.requestId);
  const list = hops.get(d.requestId) ?? [];
  if (list.length < 20) list.push(entryOf(sent, d, { redirect_url: cutUrl(d.redirectUrl) }));
  hops.set(d.requestId, list);
  if (hops.size > 200) hops.delete(hops.keys().next().value);
}

function onErrorOccurred(d) {
  before.delete(d.requestId);
  refreshInFlight.delete(d.requestId);
  // A cross-origin fetch that failed before any answer: a refused CORS preflight ends it so,
  // and in cheap mode Chrome hides the preflight. Full capture makes the next attempt visible.
  if (fullUntil === 0 && HAS_CHEAP_MODE && d.error === "net::ERR_FAILED" && crossOrigin(d)) setMode(true);
  dropPending(d.requestId);
  hops.delete(d.requestId);
  prompted.delete(d.requestId);
}

function onAuthRequired(d) {
  // Non-blocking: the browser goes on to show its Basic/Digest prompt; we only note it.
  prompted.add(d.requestId);
  if (prompted.size > 100) prompted.delete(prompted.values().next().value);
}

function rememberPreflight(d) {
  const sent = dropPending(d.requestId);
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

const cutUrl = (u) => (typeof u === "string" ? cutCopy(u, LIMITS.url) : null);

/** A model::Entry from what was held for the request (may be missing) and a response event. */
function entryOf(rec, d, extra = {}) {
  const sent = sentHeaders(rec);
  const response = headerList(d.responseHeaders);
  return {
    index: 0,
    started_ms: sent?.at ?? d.timeStamp ?? null,
    method: d.method,
    url: cutUrl(d.url) ?? "",
    request_headers: sent?.headers ?? [],
    // What the browser did not show: every request header (Chrome: cheap mode, or a type
    // outside full capture's scope). Whatever is recorded has Cookie too (extraHeaders).
    request_headers_unseen: !sent,
    cookie_header_unseen: false,
    status: d.statusCode ?? 0,
    status_text: statusText(d.statusLine),
    response_headers: response.list,
    response_body: null, // webRequest cannot read bodies
    redirect_url: null,
    error: null,
    resource_type: d.type ?? null,
    document_url: cutUrl(d.documentUrl),
    initiator: cutUrl(d.initiator ?? d.originUrl),
    tab_id: d.tabId ?? -1,
    // Credential headers another extension changed (full capture only; fingerprints).
    header_changes: sent?.changes ?? [],
    ...extra,
    cut: !!sent?.cut || response.cut,
  };
}

// ---- token refreshes (refresh-race) -------------------------------------------------------
// A refresh race shows only in the refreshes before the 401 (often another tab's): two POSTs
// with grant_type=refresh_token and one refresh token, the later one refused. The body is
// visible only in onBeforeRequest with "requestBody". That listener runs in both capture modes
// (unlike the tamper check, which rides on full capture): the race comes before the first 401,
// so a listener switched on by a 401 would miss it. It is kept cheap by its filter instead:
// fetch/XHR only, and only URLs with "token" or "refresh" in their path or query (every token
// endpoint: /token, /oauth/token, /oauth2/v2.0/token, .../openid-connect/token, /refresh...),
// so the browser dispatches no event for ordinary requests. A refresh is kept as a
// RefreshRecord (shared.js): fingerprint of the token, masked URL, status; in storage.session,
// so a restarted background still pairs it with a later 401.

/** requestId → {rec, status}: a refresh's two halves, the request (onBeforeRequest: its
 * RefreshRecord) and the answer's status (onHeadersReceived), whichever came first. Firefox,
 * waking a suspended background, may deliver the second event before the first. Memory only,
 * at most LIMITS.refreshesInFlight. */
const refreshInFlight = new Map();
/** Promise of the recent refreshes (RefreshRecord[]), loaded from storage.session once. */
let refreshList = null;
/** URLs the refresh listener's filter lets through (REFRESH_FILTER), for answers that come first. */
const MAYBE_REFRESH = /token|refresh/i;

function recentRefreshes() {
  refreshList ??= sessionGet(KEY.refreshes).then(
    (v) => (Array.isArray(v[KEY.refreshes]) ? v[KEY.refreshes] : []),
    () => [],
  );
  return refreshList;
}

function onBeforeRequestRefresh(d) {
  if (d.method !== "POST" || !d.requestBody) return;
  const token = refreshTokenOf(d.requestBody);
  if (!token) return;
  const rec = {
    at: d.timeStamp ?? Date.now(),
    url: maskedEndpoint(d.url),
    origin: originOf(d.initiator ?? d.documentUrl ?? d.originUrl),
    tabId: d.tabId ?? -1,
    print: fingerprint(token),
    len: token.length,
    status: 0,
  };
  refreshHalf(d.requestId, { rec });
}

/** A POST's answer: the status of a refresh (seen or still to be seen in onBeforeRequest). */
function onRefreshAnswered(d) {
  if (refreshInFlight.has(d.requestId) || MAYBE_REFRESH.test(d.url)) refreshHalf(d.requestId, { status: d.statusCode ?? 0 });
}

/** Joins a refresh's halves; a whole one is kept (keepRefresh). */
function refreshHalf(id, half) {
  const parts = { ...refreshInFlight.get(id), ...half };
  if (!parts.rec || parts.status === undefined) {
    refreshInFlight.set(id, parts);
    if (refreshInFlight.size > LIMITS.refreshesInFlight) refreshInFlight.delete(refreshInFlight.keys().next().value);
    return;
  }
  refreshInFlight.delete(id);
  const rec = { ...parts.rec, status: parts.status };
  if (settings.offSites.length) {
    // A site where why401 is off (options): its refreshes are not kept either.
    registrable().then((reg) => isOff(siteOf(rec.origin ?? "", reg)) || keepRefresh(rec));
  } else keepRefresh(rec);
}

/** Adds a whole refresh to the recent ones (storage.session; refreshes are rare: one small write each). */
function keepRefresh(rec) {
  refreshList = recentRefreshes().then((list) => {
    const since = Date.now() - LIMITS.historyMs;
    const next = [...list.filter((r) => r.at >= since), rec].slice(-LIMITS.refreshes);
    sessionSet({ [KEY.refreshes]: next }).catch(() => {});
    return next;
  });
}

/** The refreshes a diagnosis of `j` reads, as model::Entry values: those made by its page's
 * origin (any tab: the race is between tabs) or its tab, before the failure. */
async function refreshEntries(j) {
  const end = j.entry.started_ms ?? Date.now();
  return (await recentRefreshes())
    .filter((r) => r.at <= end && ((j.origin && r.origin === j.origin) || (j.tabId >= 0 && r.tabId === j.tabId)))
    .map((r) => ({
      index: 0, started_ms: r.at, method: "POST", url: r.url, request_headers: [], request_headers_unseen: true,
      status: r.status, status_text: "", response_headers: [], response_body: null, resource_type: "xmlhttprequest",
      tab_id: r.tabId, refresh: { token_print: r.print, token_len: r.len },
    }));
}

// ---- a 401/407: capture and count at once, diagnose in batches ----------------------------

/** requestIds already captured: while modes switch, one response may reach two listeners. */
const captured = new Set();
/** Captured failures not yet counted (counting needs the tab's state; done in a batch), and
 * counted ones waiting for their diagnosis: {@link Group}s by tab and failure key, so memory
 * grows with the number of distinct failures (at most LIMITS.pendingGroups), not of events.
 * A distinct failure past that bound is counted on the badge but not diagnosed. */
let incoming = new Map();
let toDiagnose = new Map();
/** tabId → failures counted but not grouped (past LIMITS.pendingGroups). */
let overflow = new Map();

/**
 * @typedef {object} Group
 * @property {object} job        the newest failure, in full (entry, notes, key, tabId, ...)
 * @property {number} n          how many failures it stands for
 * @property {object[]} earlier  the earlier ones, reduced to what the retry-loop history reads
 * @property {string[]} requestIds their request ids (the sign-in prompt note), at most 20
 */

/** Adds `add` (a Group, newer than what `groups` holds under `key`) to `groups`; false when it
 * would be a new group past LIMITS.pendingGroups. */
function merge(groups, key, add) {
  const g = groups.get(key);
  if (!g) {
    if (groups.size >= LIMITS.pendingGroups) return false;
    groups.set(key, add);
    return true;
  }
  g.earlier = [...g.earlier, bare(g.job.entry), ...add.earlier].slice(-LIMITS.historyEntries);
  g.requestIds = [...g.requestIds, ...add.requestIds].slice(-20);
  g.n += add.n;
  g.job = add.job;
  return true;
}

/** An entry reduced to what the retry-loop history reads: method, URL, status, time. */
function bare(e) {
  return {
    method: e.method, url: e.url, status: e.status, status_text: e.status_text, started_ms: e.started_ms,
    request_headers: [], response_headers: [], request_headers_unseen: true, tab_id: e.tab_id,
  };
}

function capture(d) {
  if (captured.has(d.requestId)) return;
  captured.add(d.requestId);
  if (captured.size > 2000) captured.delete(captured.values().next().value);
  const sent = dropPending(d.requestId);
  const entry = entryOf(sent, d);
  const notes = [];
  if (!sent) {
    notes.push(HAS_CHEAP_MODE && !inScope(d)
      ? `why401 had not recorded this request's headers: it records request headers only after a site answered 401, and those of images, scripts, stylesheets, fonts and media only after one of them did (recording them always would slow every page). It does now, for ${FULL_MINUTES} minutes: reload the page to see the full diagnosis.`
      : "The request headers were not captured (the extension started while this request was in flight).");
  }
  if (entry.cut) notes.push("Some headers of this exchange were cut or left out at capture (why401 keeps at most 64 headers, credential headers up to 16 KB and others up to 2 KB each).");
  delete entry.cut;
  // A site that is off (options) must not switch capture to full: with such sites, or before
  // the settings are read (a 401 that woke the background), countBatch switches once it knows
  // the failure's site.
  const switched = settingsRead && !settings.offSites.length;
  if (switched) {
    widenScope(d.type);
    setMode(true);
  }
  const redirects = hops.get(d.requestId) ?? [];
  hops.delete(d.requestId);
  const paired = preflights.filter((p) => p.url === d.url && p.tabId === d.tabId && d.method !== "OPTIONS").map((p) => p.entry);
  // Same endpoint, status and credentials: the same failure (counted, diagnosed once).
  const creds = entry.request_headers
    .filter((h) => /^(authorization|proxy-authorization|cookie)$/i.test(h.name))
    .map((h) => `${h.name.toLowerCase()}:${h.value}`)
    .join("\n");
  const key = fingerprint(`${endpointOf(entry.method, entry.url)}\n${entry.status}\n${fingerprint(creds)}`);
  const job = {
    entry, redirects, paired, notes, key,
    requestId: d.requestId,
    cookieStoreId: d.cookieStoreId,
    tabId: entry.tab_id,
    // Where a request without a tab came from (Chrome: initiator; Firefox: originUrl).
    origin: originOf(d.initiator ?? d.documentUrl ?? d.originUrl),
    switched,
  };
  if (!merge(incoming, `${job.tabId}\u0000${job.origin}\u0000${key}`, { job, n: 1, earlier: [], requestIds: [d.requestId] })) {
    overflow.set(job.tabId, (overflow.get(job.tabId) ?? 0) + 1);
  }
  schedule(countBatch);
}

function originOf(url) {
  try {
    const o = new URL(url).origin;
    return o === "null" ? null : o;
  } catch {
    return null;
  }
}

/** This background instance: recorded with its first job (tests use it to see a restart). */
const boot = { id: crypto.randomUUID(), at: Date.now(), recorded: false };

/** Runs `job` soon, once however often it is asked for; never two runs of it at a time. */
const runs = new Map();
function schedule(job) {
  const r = runs.get(job) ?? { queued: false, running: null };
  runs.set(job, r);
  if (r.queued) return;
  r.queued = true;
  const start = () => {
    r.queued = false;
    r.running = job().catch((e) => console.error("why401:", e)).finally(() => { r.running = null; });
  };
  // After the running batch (if any), and after this event's siblings have arrived.
  (r.running ?? Promise.resolve()).then(() => setTimeout(start, 0));
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

/** The registrable-domain function: the core's (public suffix list), the only one. */
async function registrable() {
  const c = await coreReady();
  return (h) => c.registrableDomain(h);
}

// ---- tab states: cached in memory, written to storage.session in batches -------------------

/** tabId → Promise of its TabState (null: none), read from storage.session once. */
const states = new Map();
/** tabIds whose state changed since the last write. */
const dirty = new Set();
/** tabId → JSON size of its stored state (for LIMITS.totalBytes). */
const sizes = new Map();
/** Earlier failures per tab, in memory only: {key, endpoint, entry (no headers), at}. */
const recent = new Map();
let background = null; // Promise of {items}

function loadTab(tabId) {
  if (!states.has(tabId)) {
    const key = KEY.tab(tabId);
    states.set(tabId, sessionGet(key).then((v) => v[key] ?? null, () => null));
  }
  return states.get(tabId);
}

function setTab(tabId, state) {
  states.set(tabId, Promise.resolve(state));
  dirty.add(tabId);
}

function loadBackground() {
  background ??= sessionGet(KEY.background).then((v) => v[KEY.background] ?? { items: [] }, () => ({ items: [] }));
  return background;
}

/** Counts the incoming failures on their tabs' badges (one storage read per tab at most, one
 * write for all). Requests without a tab go to the tab whose page started them, by origin. */
async function countBatch() {
  const groups = [...incoming.values()];
  const over = overflow;
  incoming = new Map();
  overflow = new Map();
  if (!groups.length && !over.size) return;
  if (!boot.recorded) {
    boot.recorded = true;
    sessionSet({ [KEY.boot]: { id: boot.id, at: boot.at } }).catch(() => {});
  }
  // The badge waits for these: asked for at once, not one after another.
  const regReady = registrable();
  for (const g of groups) if (g.job.tabId >= 0) loadTab(g.job.tabId);
  await settingsReady;
  const reg = await regReady;
  const tabless = groups.filter((g) => g.job.tabId < 0);
  const tabs = tabless.length ? await allTabs() : [];
  /** Jobs of sites where why401 is off (options): dropped, neither counted nor diagnosed. */
  const off = new Set();
  for (const { job: j } of tabless) {
    const owner = tabs
      .filter((t) => j.origin && originOf(t.url) === j.origin)
      .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
    if (owner) {
      j.tabId = owner.id;
      j.entry.document_url = owner.url ?? j.entry.document_url;
      j.notes.push("This request was made without a tab (by a service worker or a worker of the page); why401 lists it under the tab whose page has its origin.");
    } else {
      j.site = siteOf(j.origin ?? j.entry.url, reg);
      if (isOff(j.site)) off.add(j);
    }
  }
  const byTab = new Map();
  for (const g of groups) {
    if (g.job.tabId < 0) continue;
    if (!byTab.has(g.job.tabId)) byTab.set(g.job.tabId, []);
    byTab.get(g.job.tabId).push(g);
  }
  for (const tabId of over.keys()) if (tabId >= 0 && !byTab.has(tabId)) byTab.set(tabId, []);
  await Promise.all([...byTab].map(async ([tabId, list]) => {
    const tab = await getTab(tabId);
    if (!tab) return; // closed meanwhile
    for (const { job: j } of list) {
      // The top-level page: the navigation itself for a main frame, else the tab's page.
      if (j.entry.resource_type === "main_frame") j.entry.document_url = j.entry.url;
      else if (tab.url) j.entry.document_url = cutUrl(tab.url);
      j.storeId = j.cookieStoreId ?? tab.cookieStoreId;
    }
    const site = siteOf(tab.url || list[0]?.job.entry.document_url || list[0]?.job.entry.url || "", reg);
    if (isOff(site)) {
      for (const g of list) off.add(g.job);
      return;
    }
    let state = await loadTab(tabId);
    if (!state || state.site !== site) {
      state = { site, count: 0, items: [] };
      recent.delete(tabId);
    }
    state.count += list.reduce((n, g) => n + g.n, 0) + (over.get(tabId) ?? 0);
    setTab(tabId, state);
    await showBadge(tabId, state);
  }));
  const unswitched = groups.filter((g) => !off.has(g.job) && !g.job.switched);
  if (unswitched.length) {
    for (const g of unswitched) widenScope(g.job.entry.resource_type);
    setMode(true);
  }
  for (const g of groups) if (!off.has(g.job)) merge(toDiagnose, `${g.job.tabId}\u0000${g.job.site ?? ""}\u0000${g.job.key}`, g);
  schedule(persist);
  schedule(diagnoseBatch);
}

/** Diagnoses the counted failures: one diagnosis per tab and failure key (the newest, with
 * earlier failures on its endpoint as history), then one storage write. */
async function diagnoseBatch() {
  const groups = [...toDiagnose.values()];
  toDiagnose = new Map();
  if (!groups.length) return;
  const c = await coreReady().catch((e) => e);
  let tabless = false;
  for (const g of groups) {
    const newest = g.job;
    const item = await diagnose(c, g);
    if (newest.tabId >= 0) {
      const state = await loadTab(newest.tabId);
      if (!state) continue; // closed, or left for another site
      const same = state.items.findIndex((i) => i.key === item.key);
      if (same >= 0) {
        item.repeats += state.items[same].repeats ?? 1;
        state.items.splice(same, 1);
      }
      state.items.push(item);
      if (state.items.length > settings.perTab) state.items.splice(0, state.items.length - settings.perTab);
      setTab(newest.tabId, state);
      await showTitle(newest.tabId, state);
    } else {
      tabless = true;
      const bg = await loadBackground();
      const same = bg.items.findIndex((i) => i.key === item.key && i.site === newest.site);
      if (same >= 0) {
        item.repeats += bg.items[same].repeats ?? 1;
        bg.items.splice(same, 1);
      }
      item.site = newest.site;
      bg.items.push(item);
      if (bg.items.length > LIMITS.backgroundItems) bg.items.splice(0, bg.items.length - LIMITS.backgroundItems);
      dirty.add("background");
    }
  }
  await persist();
  // A background item whose site has no tab left is dropped at once.
  if (tabless) await dropOrphans();
}

/** One diagnosis for a Group (same tab and key): the newest failure, counting them all. */
async function diagnose(c, g) {
  const j = g.job;
  const { entry, notes } = j;
  const jar = await jarFor(entry.url, j.storeId, j.tabId);
  const seen = {
    request_headers_unseen: !!entry.request_headers_unseen,
    cookie_header_unseen: !!entry.cookie_header_unseen,
    cookie_header_sent: entry.request_headers.some((h) => h.name.toLowerCase() === "cookie"),
  };
  if (entry.cookie_header_unseen) {
    // No cookie in the jar for this URL: none could have been sent, so nothing is unknown.
    if (!jar.length) entry.cookie_header_unseen = false;
    else notes.push(`Chrome shows extensions the Cookie header only when they ask for it on every request, which slows every page; why401 asks only after a site answers 401. It does now, for ${FULL_MINUTES} minutes: reload the page to see the cookies this request sent.`);
  }
  if (g.requestIds.some((id) => prompted.delete(id))) notes.push("The browser showed its own sign-in prompt for this request.");
  if (g.n > 1) notes.push(`The same request failed ${g.n} times in a row (same endpoint, status and credentials): counted ${g.n} times, diagnosed once.`);
  const history = [...historyFor(j, g.earlier), ...(await refreshEntries(j))]
    .sort((a, b) => (a.started_ms ?? 0) - (b.started_ms ?? 0));
  const entries = [...history, ...j.paired, ...j.redirects, entry].map((e, i) => ({ ...e, index: i }));
  const item = { id: crypto.randomUUID(), key: j.key, at: Date.now(), repeats: g.n, finding: null, notes: [...notes], error: null, seen };
  try {
    if (c instanceof Error) throw c;
    // Placeholders stay markers (fingerprints, no secret): the popup numbers them over all
    // the findings it shows, so one secret has one number across them.
    const got = diagnoseLatest(c, {
      source: { extension: { browser: BROWSER } },
      entries,
      jar,
      client_now_ms: Date.now(),
      sanitized: false,
      notes,
    });
    item.finding = got.finding;
    item.notes = got.notes ?? item.notes;
  } catch (e) {
    item.error = String(e?.message ?? e).slice(0, 2000);
  }
  return item;
}

/** The core's diagnosis of `capture`, reduced to what is stored: {finding (the last entry's,
 * else the last one, else null), notes}. The background's face gives it as JSON text
 * (`diagnoseLatestJson`: faster than building the objects through the bindings, and a smaller wasm). */
function diagnoseLatest(c, capture) {
  return JSON.parse(c.diagnoseLatestJson(capture, Date.now()));
}

/** Earlier failures on the same endpoint for a diagnosis: from memory (never stored), reduced
 * (see `bare`), the group's own earlier repeats included. Remembers them and `j` for the next. */
function historyFor(j, earlierInGroup) {
  const mem = recent.get(j.tabId) ?? [];
  const since = Date.now() - LIMITS.historyMs;
  const ep = endpointOf(j.entry.method, j.entry.url);
  const earlier = [...mem.filter((m) => m.at >= since && m.endpoint === ep).map((m) => m.entry), ...earlierInGroup]
    .slice(-LIMITS.historyEntries);
  const now = Date.now();
  const next = [
    ...mem.filter((m) => m.at >= since),
    ...[...earlierInGroup, bare(j.entry)].map((e) => ({ endpoint: endpointOf(e.method, e.url), entry: e, at: now })),
  ];
  recent.set(j.tabId, next.slice(-4 * LIMITS.historyEntries));
  return earlier;
}

/** Writes every changed state in one storage.session call, each tab within its own bounds. */
async function persist() {
  if (!dirty.size) return;
  const out = {};
  const removed = [];
  for (const id of [...dirty]) {
    dirty.delete(id);
    if (id === "background") {
      out[KEY.background] = await loadBackground();
      continue;
    }
    const state = await loadTab(id);
    if (!state) {
      removed.push(KEY.tab(id));
      sizes.delete(id);
      continue;
    }
    fitTab(id, state);
    out[KEY.tab(id)] = state;
  }
  if (Object.keys(out).length) await sessionSet(out);
  if (removed.length) await sessionRemove(removed);
}

/** Cuts a tab's own oldest diagnoses (keeping its newest) until it fits LIMITS.tabBytes and,
 * with every other tab as it is, LIMITS.totalBytes. */
function fitTab(tabId, state) {
  const size = (v) => JSON.stringify(v).length;
  let others = 0;
  for (const [id, n] of sizes) if (id !== tabId) others += n;
  let bytes = size(state);
  while (state.items.length > 1 && (bytes > LIMITS.tabBytes || others + bytes > LIMITS.totalBytes)) {
    bytes -= size(state.items.shift()) + 1;
  }
  sizes.set(tabId, bytes);
}

/** Drops background items whose site no tab shows any more. */
async function dropOrphans() {
  const bg = await loadBackground();
  if (!bg.items.length) return;
  const reg = await registrable();
  const sites = new Set((await allTabs()).map((t) => siteOf(t.url ?? "", reg)));
  const keep = bg.items.filter((i) => sites.has(i.site));
  if (keep.length !== bg.items.length) {
    bg.items = keep;
    dirty.add("background");
    await persist();
  }
}

// ---- cookies ----------------------------------------------------------------------------

/** The cookie jar for a URL: every cookie that domain- and path-matches it, Secure ones too
 * (so "Secure cookie on plain http" shows), partitioned ones too, from the tab's cookie store. */
async function jarFor(url, cookieStoreId, tabId) {
  const storeId = cookieStoreId || (await storeOf({ id: tabId }));
  const urls = [url];
  if (url.startsWith("http://")) urls.push("https://" + url.slice(7));
  else if (url.startsWith("ws://")) urls.push("https://" + url.slice(5));
  else if (url.startsWith("wss://")) urls.push("https://" + url.slice(6));
  const lists = [];
  for (const u of urls) lists.push(...(await cookieLists({ url: u }, storeId)));
  return uniqueCookies(lists).slice(0, 500).map(jarCookie);
}

// ---- badge ----------------------------------------------------------------------------

async function showBadge(tabId, state) {
  await setBadge(tabId, settings.badge && state.count > 0 ? String(Math.min(state.count, 9999)) : "");
}

async function showTitle(tabId, state) {
  const latest = state.items.at(-1);
  const top = latest?.finding?.causes?.[0];
  // A title may hold a placeholder marker (numbered only when the popup renders): shown as ••••.
  const shown = top?.title?.replace(/\uE000[a-z][0-9a-f]{16}\uE001/g, "••••");
  const title = top ? `why401: ${shown}` : latest?.error ? "why401: could not diagnose the last 401" : "why401";
  await setTitle(tabId, title);
}

async function clearTab(tabId) {
  setTab(tabId, null);
  recent.delete(tabId);
  await persist();
  await dropOrphans();
}

/** After a navigation: another site resets the tab's count; the same site keeps it (the browser
 * may have reset the tab's badge on navigation, so it is shown again). */
async function onTabNavigated(tabId, url) {
  const state = await loadTab(tabId);
  if (!state) return dropOrphans();
  if (url && state.site !== siteOf(url, await registrable())) {
    await clearTab(tabId);
    await setBadge(tabId, "");
    await setTitle(tabId, "why401");
  } else {
    await showBadge(tabId, state);
    await showTitle(tabId, state);
  }
}

// ---- listeners: registered synchronously at the top level ----------------------------------

/** Request types whose request headers full capture records on a host in scope (page and API
 * requests: where 401s come from); every type once one of another type answered 401 there. */
const FULL_TYPES = ["main_frame", "sub_frame", "xmlhttprequest", "websocket", "ping", "other"];
/** Requests that may be token refreshes (see "token refreshes" above). Match patterns are
 * case-sensitive: both spellings. */
const REFRESH_FILTER = {
  urls: ["*://*/*token*", "*://*/*Token*", "*://*/*refresh*", "*://*/*Refresh*"],
  types: ["xmlhttprequest"],
};
/** Chrome: cheap mode exists (extraHeaders is what costs). Firefox: always full. */
const HAS_CHEAP_MODE = HAS_EXTRA_HEADERS;
const FULL_MINUTES = 30;
/** Full capture until this time (ms); 0 in cheap mode. Also in storage.session. */
let fullUntil = 0;

/** @typedef {[any, Function, object, string[], any]} Listener  listen()'s arguments */
/** Cheap mode (Chrome's default): one listener, like a minimal observer; no request headers. */
/** @type {Listener[]} */
const CHEAP = [[wr.onHeadersReceived, cheapHeaders, ALL, ["responseHeaders"], undefined]];
/** Full mode's fixed part (Chrome): every answer with extraHeaders (Set-Cookie, and CORS
 * preflights, which Chrome shows only so). The request-header listeners are scoped: see
 * {@link scopedListeners}. @type {Listener[]} */
const FULL = [[wr.onHeadersReceived, onHeadersReceivedFull, ALL, ["responseHeaders"], wr.OnHeadersReceivedOptions]];
/** Firefox (no extraHeaders detour, no cheap mode): every request's headers, always. The tamper
 * check only on page and API requests. @type {Listener[]} */
const FIREFOX = [
  [wr.onBeforeSendHeaders, onBeforeSendHeaders, { urls: ["<all_urls>"], types: FULL_TYPES }, ["requestHeaders"], wr.OnBeforeSendHeadersOptions],
  [wr.onSendHeaders, onSendHeadersFull, ALL, ["requestHeaders"], wr.OnSendHeadersOptions],
  [wr.onHeadersReceived, onHeadersReceivedFull, ALL, ["responseHeaders"], wr.OnHeadersReceivedOptions],
];

// ---- full capture's scope (Chrome): which requests' headers are recorded -------------------
// Each event dispatched to the service worker costs the page (tests/bench/pageload.mjs), so
// full capture records request headers (with the tamper check: onBeforeSendHeaders, before
// other extensions act) only of page and API requests (FULL_TYPES: where 401s come from) until
// a request of another type (an image, a script...) answered 401; then of every request. Such
// a first 401 is diagnosed without its request headers (a note says to reload). "Always
// capture in full" (options) records every request. The scope is kept in storage.session with
// the deadline and forgotten when full capture ends. Hosts are not narrowed: a site's first
// 401 on a host other than the one that switched full capture on keeps its request headers
// (e2e: duplicate-cookies, cookies-not-sent, preflight-rejected right after another site's 401).

/** {allTypes}: every request type, not only FULL_TYPES. */
let scope = { allTypes: false };
/** The scoped listeners registered now, with the filter they were made for (its JSON). */
let scoped = { key: "", listeners: /** @type {Listener[]} */ ([]) };

/** Did full capture record (or would it record) the request headers of `d`? */
function inScope(d) {
  return fullUntil !== 0 && (fullUntil === ALWAYS || scope.allTypes || FULL_TYPES.includes(d.type));
}

/** The scoped listeners' filter: null in cheap mode. */
function scopeFilter() {
  if (fullUntil === 0) return null;
  return fullUntil === ALWAYS || scope.allTypes ? { urls: ["<all_urls>"] } : { urls: ["<all_urls>"], types: FULL_TYPES };
}

/** Fresh listener functions for `filter` (fresh, so an older set can be removed alone). */
function scopedListeners(filter) {
  const page = { urls: filter.urls, types: FULL_TYPES };
  /** @type {Listener[]} */
  const list = [
    // The tamper check (extension-modified): page and API requests only.
    [wr.onBeforeSendHeaders, (d) => onBeforeSendHeaders(d), page, ["requestHeaders"], wr.OnBeforeSendHeadersOptions],
    [wr.onSendHeaders, (d) => onSendHeadersFull(d), filter, ["requestHeaders"], wr.OnSendHeadersOptions],
  ];
  return list;
}

/** Adds the type of a 401 to full capture's scope; stored; the scoped listeners follow at
 * once if full capture is on. Cheap when nothing changes. */
function widenScope(type) {
  if (!HAS_CHEAP_MODE || scope.allTypes || FULL_TYPES.includes(type)) return;
  scope = { allTypes: true };
  sessionSet({ [KEY.fullScope]: scope }).catch(() => {});
  if (fullUntil !== 0) rescope();
}

/** Registers the scoped listeners for the scope now, if it changed. The old set stays for
 * MODE_OVERLAP_MS (Chrome does not hand requests already in flight to a new listener); while
 * both are on, a request reaching both is recorded once (the pending map is keyed by id). */
function rescope() {
  const filter = scopeFilter();
  const key = JSON.stringify(filter);
  if (key === scoped.key) return;
  const old = scoped.listeners;
  scoped = { key, listeners: filter ? scopedListeners(filter) : [] };
  for (const l of scoped.listeners) listen(...l);
  if (old.length) setTimeout(() => { for (const [event, fn] of old) event.removeListener(fn); }, MODE_OVERLAP_MS);
}

// ---- switching modes: the overlap of cheap and full listeners -----------------------------
// Chrome does not hand requests already in flight to a listener added after they started:
// removing the cheap listener at once lost some of a burst's 401s. But every listener left
// on costs every request an event, so the overlap ends as soon as the requests it is for are
// over: the cheap listener leaves the full ones every request those have seen, and goes once
// no request older than the first the full listeners saw (request ids grow) was heard of for
// OVERLAP_QUIET_MS (at most MODE_OVERLAP_MS after the switch).

/** While the cheap listener overlaps full ones: {since, firstFullId, lastOld, seen (ids the
 * full listeners had), timer}; null otherwise. */
let overlap = null;
const OVERLAP_QUIET_MS = 1000;

function onSendHeadersFull(d) {
  if (overlap) noteFull(d);
  onSendHeaders(d);
}

function onHeadersReceivedFull(d) {
  if (overlap) noteFull(d);
  onHeadersReceived(d);
}

function noteFull(d) {
  const id = Number(d.requestId);
  if (id < overlap.firstFullId) overlap.firstFullId = id;
  overlap.seen.add(d.requestId);
  if (overlap.seen.size > 5000) overlap.seen.delete(overlap.seen.values().next().value);
}

/** True when the cheap listener can leave `d` to the full ones: they have seen the request
 * (never guessed from its id: a request the full listeners miss stays the cheap one's). A
 * request older than any the full listeners saw keeps the overlap on. */
function fullHandles(d) {
  if (!overlap) return false;
  if (overlap.seen.has(d.requestId)) return true;
  if (Number(d.requestId) < overlap.firstFullId) overlap.lastOld = Date.now();
  return false;
}

function startOverlap() {
  const now = Date.now();
  overlap = { since: now, firstFullId: Infinity, lastOld: now, seen: new Set(), timer: /** @type {any} */ (0) };
  overlap.timer = setInterval(() => {
    const t = Date.now();
    if (t - overlap.since < MODE_OVERLAP_MS && t - overlap.lastOld < OVERLAP_QUIET_MS) return;
    endOverlap();
  }, 250);
}

function endOverlap() {
  if (!overlap) return;
  clearInterval(overlap.timer);
  overlap = null;
  if (fullUntil === 0) return; // switched back meanwhile
  for (const [event, fn] of CHEAP) event.removeListener(fn);
}

/** Switches to full capture (for FULL_MINUTES from now) or back to cheap. The new listeners
 * are added at once; the old ones go when the requests in flight at the switch are over (see
 * above; full to cheap, rare: after MODE_OVERLAP_MS). While both are on, one request may reach
 * both: `captured` and the pending map (keyed by request id) keep it once. */
function setMode(full, until = Date.now() + FULL_MINUTES * 60_000) {
  if (!HAS_CHEAP_MODE) return;
  const was = fullUntil !== 0;
  if (full) {
    until = Math.max(until, fullUntil); // never shortens "always full" (options) or a later deadline
    // The deadline is stored at most once a minute (not once per 401).
    if (until - storedUntil > 60_000) {
      storedUntil = until;
      sessionSet({ [KEY.fullUntil]: until }).catch(() => {});
    }
    fullUntil = until;
  } else {
    fullUntil = 0;
  }
  if (was === full) {
    if (full) rescope(); // "always full" set while full: every host
    return;
  }
  if (full) {
    for (const l of FULL) if (!l[0].hasListener(l[1])) listen(...l);
    rescope();
    return startOverlap();
  }
  // Back to cheap: the scope is forgotten; the full listeners go after the overlap.
  scope = { allTypes: false };
  sessionRemove(KEY.fullScope).catch(() => {});
  for (const l of CHEAP) if (!l[0].hasListener(l[1])) listen(...l);
  endOverlap();
  const old = [...FULL, ...scoped.listeners];
  scoped = { key: "", listeners: [] };
  setTimeout(() => {
    if (fullUntil !== 0) {
      // Switched back meanwhile: the fixed part stays (rescope made new scoped listeners).
      for (const [event, fn] of old.slice(FULL.length)) event.removeListener(fn);
      return;
    }
    for (const [event, fn] of old) event.removeListener(fn);
  }, MODE_OVERLAP_MS);
}
const MODE_OVERLAP_MS = 20_000;
let storedUntil = 0;

for (const l of HAS_CHEAP_MODE ? CHEAP : FIREFOX) listen(...l);
listen(wr.onBeforeRedirect, onBeforeRedirect, ALL, ["responseHeaders"], undefined);
listen(wr.onBeforeRequest, onBeforeRequestRefresh, REFRESH_FILTER, ["requestBody"], undefined);
listen(wr.onErrorOccurred, onErrorOccurred, ALL, [], undefined);
listen(wr.onAuthRequired, onAuthRequired, ALL, [], undefined);

// After a restart: full capture again, with its scope, if it was on and has time left.
if (HAS_CHEAP_MODE) {
  sessionGet([KEY.fullUntil, KEY.fullScope]).then((v) => {
    const until = Number(v[KEY.fullUntil]) || 0;
    const s = v[KEY.fullScope];
    if (!(until > Date.now() && until < ALWAYS && fullUntil === 0)) return;
    scope = { allTypes: !!s?.allTypes };
    setMode(true, until);
  }, () => {});
}

/** Tab events run one at a time, in order. */
let tabChain = Promise.resolve();
function inOrder(job) {
  tabChain = tabChain.then(job).catch((e) => console.error("why401:", e));
}
onTabRemoved((tabId) => inOrder(() => clearTab(tabId)));
onTabLoaded((tabId, url) => inOrder(() => onTabNavigated(tabId, url)));

// ---- settings (the options page; storage.local) -----------------------------------------------

/** The options' choices; the defaults until storage.local is read. */
let settings = DEFAULT_SETTINGS;
/** fullUntil of "always capture in full". */
const ALWAYS = Number.MAX_SAFE_INTEGER;

/** Is why401 off for this schemeful site (options)? */
function isOff(site) {
  return settings.offSites.length !== 0 && settings.offSites.includes(site);
}

/** Applies new settings: the capture mode at once; the badges and the tabs of sites now off. */
async function applySettings(next) {
  const was = settings;
  settings = next;
  if (HAS_CHEAP_MODE && next.captureMode === "full") setMode(true, ALWAYS);
  else if (HAS_CHEAP_MODE && fullUntil === ALWAYS) {
    setMode(false);
    storedUntil = 0;
    await sessionRemove(KEY.fullUntil).catch(() => {});
  }
  if (was === DEFAULT_SETTINGS && next.badge && !next.offSites.length) return; // first read, nothing shown yet differs
  const reg = await registrable();
  for (const tab of await allTabs()) {
    const state = await loadTab(tab.id);
    if (!state) continue;
    if (isOff(siteOf(tab.url ?? "", reg))) await clearTab(tab.id);
    await showBadge(tab.id, (await loadTab(tab.id)) ?? { count: 0 });
  }
}

/** Whether `settings` holds what storage.local says (not yet the defaults of a just-woken background). */
let settingsRead = false;
/** Settings read and applied: counting waits for it (a site that is off stays off after a restart). */
const settingsReady = new Promise((resolve) => {
  const done = () => {
    settingsRead = true;
    resolve(undefined);
  };
  loadSettings().then((s) => inOrder(() => applySettings(s).finally(done)), (e) => {
    console.error("why401:", e);
    done();
  });
});
onSettingsChanged((s) => inOrder(() => applySettings(s)));
