// why401 DevTools panel: the inspected tab's sign-in story. While the panel is shown it reads
// devtools.network (getHAR, merged with onRequestFinished for bodies) and the background's stored findings
// for the tab (storage.session); the core (wasm) classifies, diagnoses, diffs and draws, and
// writes the sanitized HAR. Nothing here runs while the panel has never been opened, and the
// background does no extra work for it: a closed panel costs the page load nothing.
// No diagnosis logic lives here.

import * as core from "./why401_panel.js"; // the panel face (Makefile `wasm`)
import { tabReport } from "./shared.js";
import { KEY, getHar, inspectedTabId, onNavigated, onRequestFinished as onFinished, onSessionChanged, requestContent, sessionGet } from "./shell.js";

const tabId = inspectedTabId();
const root = document.getElementById("root");
const statusLine = document.getElementById("status");
const filterText = /** @type {HTMLInputElement} */ (document.getElementById("filter-text"));
const filterKind = /** @type {HTMLSelectElement} */ (document.getElementById("filter-kind"));
const exportButton = document.getElementById("export");
const exportLink = /** @type {HTMLAnchorElement} */ (document.getElementById("export-link"));

/** HAR entries kept (the newest); the core reads at most its own limits of each. */
const MAX_ENTRIES = 3000;
/** Response and request body characters kept per entry (the core keeps 16 KiB). */
const MAX_BODY = 16 * 1024;
/** How long a response body is waited for. */
const BODY_WAIT_MS = 2000;
/** After any activity the log is read again every FOLLOW_MS for SETTLE_MS: Firefox was seen
 * to list a request's end neither in onRequestFinished nor in getHAR right away. */
const FOLLOW_MS = 500;
const SETTLE_MS = 4000;
let settleUntil = 0;

/** The HAR entries seen, oldest first, trimmed to what the core reads. */
let entries = [];
let creator = { name: "WebInspector", version: "" };
/** Stored findings older than this (ms) are not shown (after "Clear"). */
let shownSince = 0;
let view = null;
let pending = null;

function say(text) {
  statusLine.textContent = text;
}

const cut = (s) => (typeof s === "string" && s.length > MAX_BODY ? s.slice(0, MAX_BODY) : s);

/** Only what the HAR reader uses: no timings, no initiator stacks. */
function trimmed(e) {
  const req = e.request ?? {};
  const res = e.response ?? {};
  return {
    startedDateTime: e.startedDateTime,
    request: {
      method: req.method,
      url: req.url,
      httpVersion: req.httpVersion,
      headers: req.headers ?? [],
      headersSize: req.headersSize ?? -1,
      ...(req.postData ? { postData: { mimeType: req.postData.mimeType, text: cut(req.postData.text) } } : {}),
    },
    response: {
      status: res.status,
      statusText: res.statusText,
      httpVersion: res.httpVersion,
      headers: res.headers ?? [],
      headersSize: res.headersSize ?? -1,
      content: { mimeType: res.content?.mimeType, text: cut(res.content?.text) },
      redirectURL: res.redirectURL ?? "",
    },
    _resourceType: e._resourceType,
    _error: e._error ?? e.response?._error,
  };
}

/** Adds entries, one per request: getHAR and onRequestFinished can both report one (Chromium's
 * onRequestFinished was seen with status 0 for a request getHAR lists with its 200), so a
 * later copy replaces an earlier one, keeping the body either had. */
function keep(list) {
  const key = (e) => `${e.startedDateTime} ${e.request.method} ${e.request.url}`;
  const at = new Map(entries.map((e, i) => [key(e), i]));
  for (const e of list) {
    const i = at.get(key(e));
    if (i === undefined) {
      at.set(key(e), entries.length);
      entries.push(e);
    } else {
      const old = entries[i];
      if (!(e.response.status > 0) && old.response.status > 0) continue;
      e.response.content.text ??= old.response.content.text;
      entries[i] = e;
    }
  }
  // In the order they were sent (ISO times sort as text); the core reads entries in order.
  entries.sort((a, b) => (a.startedDateTime < b.startedDateTime ? -1 : a.startedDateTime > b.startedDateTime ? 1 : 0));
  if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
}


/** A response body, for the exchanges whose body a diagnosis reads (401/407, POSTs); at most
 * BODY_WAIT_MS (Firefox's getContent was seen not to settle for some requests). */
async function bodyOf(request) {
  const status = request.response?.status;
  const wanted = status === 401 || status === 407 || request.request?.method === "POST";
  if (!wanted || typeof request.getContent !== "function") return undefined;
  try {
    const got = await Promise.race([
      requestContent(request),
      new Promise((resolve) => setTimeout(resolve, BODY_WAIT_MS)),
    ]);
    const [content, encoding] = got ?? [];
    return typeof content === "string" && encoding !== "base64" ? content : undefined;
  } catch {
    return undefined;
  }
}

/** Kept at once; its body, when one is wanted, joins it when DevTools hands it over. */
async function onRequestFinished(request) {
  const e = trimmed(request);
  keep([e]);
  schedule();
  const body = await bodyOf(request);
  if (body !== undefined) {
    keep([{ ...e, response: { ...e.response, content: { ...e.response.content, text: cut(body) } } }]);
    schedule();
  }
}

/** The background's findings for this tab (storage.session), newer than the last Clear. */
async function stored() {
  const key = KEY.tab(tabId);
  const got = await sessionGet(key).catch(() => ({}));
  const report = tabReport(got[key] ?? null, []);
  report.findings = report.findings.filter((f) => (f.started_ms ?? Infinity) >= shownSince);
  return report;
}

function harText() {
  return JSON.stringify({ log: { version: "1.2", creator, entries } });
}

function options() {
  return { nowMs: Date.now(), filter: filterText.value, kind: filterKind.value, recording: true };
}

function draw() {
  if (view) core.renderPanel(root, options());
  root.setAttribute("aria-busy", "false");
}

/** What DevTools' network log holds now (merged: Chromium's onRequestFinished was seen to
 * miss fetches that getHAR lists; DevTools' own log restarts at each navigation, ours not). */
async function readLog() {
  const har = await getHar().catch(() => null);
  if (har?.creator?.name) creator = { name: har.creator.name, version: har.creator.version ?? "" };
  keep((har?.entries ?? []).map(trimmed));
}

async function refresh() {
  pending = null;
  try {
    await readLog();
    view = core.panelView(harText(), await stored(), Date.now());
    draw();
    // Read again shortly while activity is recent or a request is listed in flight.
    const inFlight = entries.some((e) => !(e.response.status > 0) && !e._error);
    if (Date.now() < settleUntil || (inFlight && Date.now() < settleUntil + 10 * SETTLE_MS)) {
      pending ??= setTimeout(refresh, FOLLOW_MS);
    }
  } catch (e) {
    say(`why401 could not read this tab's requests: ${e}`);
    root.setAttribute("aria-busy", "false");
  }
}

/** A redraw soon, and the log read again for a while after (see SETTLE_MS). */
function schedule() {
  settleUntil = Date.now() + SETTLE_MS;
  pending ??= setTimeout(refresh, 200);
}

function exportHar() {
  try {
    const text = core.exportSanitizedHar(harText());
    const count = JSON.parse(text).log.entries.length;
    if (exportLink.href.startsWith("blob:")) URL.revokeObjectURL(exportLink.href);
    exportLink.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    exportLink.hidden = false;
    exportLink.dataset.entries = String(count);
    exportLink.click();
    say(`Exported ${count} request${count === 1 ? "" : "s"} with credentials masked (why401-sanitized.har).`);
  } catch (e) {
    say(`Export failed: ${e}`);
  }
}

function clear() {
  entries = [];
  shownSince = Date.now();
  say("Cleared. New requests of this tab show as they happen.");
  refresh();
}

async function start() {
  // Listen first, then read what DevTools already has: nothing falls between the two.
  onFinished(onRequestFinished);
  onNavigated(() => schedule());
  await core.default();
  onSessionChanged((changes) => {
    if (KEY.tab(tabId) in changes) schedule();
  });
  filterText.addEventListener("input", draw);
  filterKind.addEventListener("change", draw);
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
  exportButton.addEventListener("click", exportHar);
  document.getElementById("clear").addEventListener("click", clear);
  await refresh();
}

start();
