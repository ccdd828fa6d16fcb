// why401 page: the thin shell. Input (textarea, file picker, drop) → worker (wasm: analyze)
// → render (wasm, on this thread: the one renderer builds the DOM from text nodes).
// Nothing is sent anywhere and nothing is stored.

import init, * as core from "./why401.js";
import { EXAMPLES } from "./examples.js";
import { ACTION, EVENT, MODE, VIEW } from "./names.js";

const $ = (id) => document.getElementById(id);
const input = $("input");
const output = $("output");
const fileInput = $("file");
const copyButton = $("copy");
const statusLine = $("status");
const progressBox = $("progress");
const progressBar = $("progress-bar");
const progressText = $("progress-text");

const DEBOUNCE_MS = 250;
let wasmReady = null;
let worker = null;
let seq = 0; // id of the newest job; older results are dropped
let current = null; // {analysis, reveal}
let debounce = 0;

function startWorker() {
  worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  worker.onmessage = onWorkerMessage;
  worker.onerror = (e) => showError(`The analysis worker failed: ${e.message || "unknown error"}`);
}

function setStatus(text, ms, phases) {
  statusLine.textContent = text;
  if (ms === undefined) statusLine.removeAttribute("data-ms");
  else statusLine.dataset.ms = String(Math.round(ms));
  // When the worker's parse and diagnosis began (ms), for the bench.
  if (phases) statusLine.dataset.phases = JSON.stringify(phases);
  else statusLine.removeAttribute("data-phases");
}

function showProgress(phase, loaded, total) {
  progressBox.hidden = false;
  if (phase === "reading" && total > 0) {
    progressBar.max = total;
    progressBar.value = loaded;
    progressText.textContent = `Reading the file: ${mb(loaded)} of ${mb(total)}`;
  } else {
    progressBar.removeAttribute("value"); // indeterminate
    progressText.textContent = phase === "diagnosing" ? "Diagnosing…" : "Parsing…";
  }
  progressBox.dataset.phase = phase;
}

function hideProgress() {
  progressBox.hidden = true;
  delete progressBox.dataset.phase;
}

const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;

function draw() {
  if (!current) {
    core.render(output, { kind: VIEW.EMPTY }, { mode: MODE.PAGE, nowMs: Date.now() });
    copyButton.disabled = true;
    return;
  }
  core.render(output, current.analysis, { mode: MODE.PAGE, nowMs: Date.now(), reveal: current.reveal });
  const findings = current.analysis?.report?.findings?.length ?? 0;
  copyButton.disabled = findings === 0;
}

function showError(message) {
  current = null;
  big = null;
  hideProgress();
  core.render(output, { kind: VIEW.ERROR, error: message }, { mode: MODE.PAGE, nowMs: Date.now() });
  copyButton.disabled = true;
  setStatus("");
}

async function onWorkerMessage(e) {
  const m = e.data || {};
  if (m.type === "ready") {
    const v = $("version");
    if (v) v.textContent = `Version ${m.version}.`;
    return;
  }
  if (m.type === "markdown") return markdownReply(m);
  if (m.id !== seq) return; // a newer job replaced this one
  if (m.type === "findings") {
    await wasmReady;
    if (!big || big.id !== m.id) bigStart(m.id);
    bigAdd(m.findings);
  } else if (m.type === "progress") {
    showProgress(m.phase, m.loaded, m.total);
  } else if (m.type === "result" && m.analysis?.streamed) {
    await wasmReady;
    hideProgress();
    if (!big || big.id !== m.id) bigStart(m.id);
    big.done = true;
    big.order = m.analysis.order ?? null;
    big.notes = m.analysis.report?.notes ?? [];
    bigDraw();
    done();
    copyButton.disabled = big.findings.length === 0;
    const n = m.analysis.total ?? big.findings.length;
    setStatus(`${n} failed request${n === 1 ? "" : "s"} · analyzed in ${fmtMs(m.ms)}`, m.ms, m.phases);
  } else if (m.type === "result") {
    await wasmReady;
    big = null;
    hideProgress();
    current = { analysis: m.analysis, reveal: false };
    const t = performance.now();
    draw();
    done();
    const findings = m.analysis?.report?.findings?.length;
    const what = findings === undefined ? "" : `${findings} failed request${findings === 1 ? "" : "s"} · `;
    setStatus(`${what}analyzed in ${fmtMs(m.ms)}, shown in ${fmtMs(performance.now() - t)}`, m.ms, m.phases);
  } else if (m.type === "error") {
    await wasmReady;
    showError(m.message);
    done();
    if (m.fatal) {
      worker.terminate();
      startWorker();
    }
  }
}

// Counts finished jobs (tests wait on it).
function done() {
  output.dataset.done = String((Number(output.dataset.done) || 0) + 1);
}

const fmtMs = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

function analyzeText(text) {
  const id = ++seq;
  big = null;
  if (!text.trim()) {
    current = null;
    hideProgress();
    setStatus("");
    wasmReady.then(draw);
    return;
  }
  worker.postMessage({ id, type: "text", text, nowMs: Date.now() });
}

function analyzeFile(file) {
  if (!file) return;
  const id = ++seq;
  big = null;
  input.value = "";
  setStatus(`${file.name}`);
  showProgress("reading", 0, file.size);
  worker.postMessage({ id, type: "file", file, nowMs: Date.now() });
}

async function copyReport(finding) {
  if (big) return copyText(await bigMarkdown(finding));
  if (!current?.analysis?.report) return;
  await wasmReady;
  let text;
  try {
    text = core.reportMarkdown(current.analysis.report, finding ?? undefined, Date.now());
  } catch (err) {
    setStatus(`Could not build the report: ${err}`);
    return;
  }
  return copyText(text);
}

async function copyText(text) {
  if (text === null) return;
  try {
    await navigator.clipboard.writeText(text);
    setStatus("Report copied (secrets masked).");
  } catch {
    // No clipboard permission: put it in the text box, selected, for Ctrl+C.
    input.value = text;
    input.select();
    setStatus("The report is in the box above, selected: press Ctrl+C (or ⌘C) to copy it.");
  }
}

// ---- wiring -----------------------------------------------------------------

input.addEventListener("input", () => {
  clearTimeout(debounce);
  debounce = setTimeout(() => analyzeText(input.value), DEBOUNCE_MS);
});

fileInput.addEventListener("change", () => {
  analyzeFile(fileInput.files?.[0]);
  fileInput.value = "";
});

const drop = $("drop");
let dragDepth = 0;
document.addEventListener("dragenter", (e) => {
  if (!e.dataTransfer?.types?.includes("Files")) return;
  dragDepth++;
  drop.classList.add("w4-dragging");
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) drop.classList.remove("w4-dragging");
});
document.addEventListener("dragover", (e) => {
  if (e.dataTransfer?.types?.includes("Files")) e.preventDefault();
});
document.addEventListener("drop", (e) => {
  const file = e.dataTransfer?.files?.[0];
  if (!file) return;
  e.preventDefault();
  dragDepth = 0;
  drop.classList.remove("w4-dragging");
  analyzeFile(file);
});

copyButton.addEventListener("click", () => copyReport(null));
$("clear").addEventListener("click", () => {
  input.value = "";
  analyzeText("");
  input.focus();
});

// Buttons inside the rendered view (the renderer dispatches these on its root).
output.addEventListener(EVENT.ACTION, (e) => {
  const { action, finding } = e.detail || {};
  if (action === ACTION.REVEAL && big) {
    big.reveal = !big.reveal;
    bigDraw();
  } else if (action === ACTION.REVEAL && current) {
    current.reveal = !current.reveal;
    draw();
  } else if (action === ACTION.COPY_REPORT) {
    copyReport(finding);
  }
});

// ---- a streamed HAR: findings shown as they come, a list that builds only what is on screen --
// The worker sends findings in batches as they are diagnosed; the page keeps them (bounded by
// the core's 5,000 findings) and, on each frame that needs it, has the renderer build the findings
// within OVERSCAN_PX of the screen, with spacers for the rest (core.renderWindow). Only the
// scroll arithmetic is here: row heights are measured after each draw (a row not drawn yet
// counts as the typical closed row).

const OVERSCAN_PX = 1200;
const HEADING_MS = 500;
let big = null;

function bigStart(id) {
  current = null;
  big = { id, findings: [], order: null, done: false, notes: [], open: new Set(), heights: new Map(), rowPx: 72, frame: 0, timer: 0, reveal: false, shown: "", drawnAt: 0, lastTotal: -1, lastBottom: -1 };
}

function bigAdd(findings) {
  for (const f of findings) big.findings.push(f);
  progressText.textContent = `Diagnosing… ${big.findings.length} failed requests so far`;
  bigSchedule();
}

function bigSchedule() {
  if (big && !big.frame) big.frame = requestAnimationFrame(() => bigDraw());
}

function bigDraw() {
  if (!big) return;
  if (big.frame) cancelAnimationFrame(big.frame);
  big.frame = 0;
  clearTimeout(big.timer);
  big.timer = 0;
  // Measure what the last draw built.
  const closed = [];
  for (const d of output.querySelectorAll("details[data-slot]")) {
    const h = d.parentElement.getBoundingClientRect().height;
    big.heights.set(Number(d.dataset.finding), h);
    if (!d.open) closed.push(h);
  }
  if (closed.length) big.rowPx = closed.sort((a, b) => a - b)[closed.length >> 1];
  const n = big.findings.length;
  // Newest first once the worker has ordered them; until then in the order they came, so a
  // batch arriving changes only what is below the window (not the findings on screen).
  const order = big.order && big.order.length === n ? big.order : Array.from({ length: n }, (_, k) => k);
  const h = (i) => big.heights.get(i) ?? big.rowPx;
  const spacer = output.querySelector(".w4-spacer-top");
  const listTop = (spacer ?? output).getBoundingClientRect().top + scrollY;
  const from = scrollY - listTop - OVERSCAN_PX;
  const to = scrollY + innerHeight - listTop + OVERSCAN_PX;
  let y = 0;
  let k = 0;
  while (k < n && y + h(order[k]) < from) y += h(order[k++]);
  const top = y;
  const first = k;
  while (k < n && y < to) y += h(order[k++]);
  const indices = order.slice(first, k);
  let bottom = 0;
  for (; k < n; k++) bottom += h(order[k]);
  // The same findings on screen while more arrive: only the spacer below grows (the count in
  // the heading follows at most every HEADING_MS; the progress line counts meanwhile).
  const items = `${indices[0]}:${indices.length}:${big.done}:${big.reveal}:${[...big.open]}:${Math.round(top)}`;
  const now = performance.now();
  if (items === big.shown && !big.done && now - big.drawnAt < HEADING_MS) {
    const below = output.querySelector(".w4-spacer-bottom");
    if (below) below.style.height = `${Math.round(bottom)}px`;
    big.timer ||= setTimeout(() => { big.timer = 0; bigDraw(); }, HEADING_MS);
    return;
  }
  if (items === big.shown && big.lastTotal === n && big.lastBottom === Math.round(bottom)) return;
  big.shown = items;
  big.drawnAt = now;
  big.lastTotal = n;
  big.lastBottom = Math.round(bottom);
  core.renderWindow(output, {
    findings: indices.map((i) => big.findings[i]), indices, total: n, done: big.done, top, bottom, open: [...big.open], notes: big.notes,
  }, { mode: MODE.PAGE, nowMs: Date.now(), reveal: big.reveal });
  // Through the CSSOM (the page's CSP allows no style attribute).
  for (const sp of output.querySelectorAll(".w4-spacer[data-px]")) sp.style.height = `${sp.dataset.px}px`;
}

addEventListener("scroll", bigSchedule, { passive: true });
addEventListener("resize", bigSchedule);
// A finding opened or closed: remembered (it stays so when scrolled away and back), and the
// heights below it move.
output.addEventListener("toggle", (e) => {
  const d = e.target;
  if (!big || !(d instanceof HTMLDetailsElement) || !d.dataset.slot) return;
  const i = Number(d.dataset.finding);
  if (d.open) big.open.add(i);
  else big.open.delete(i);
  bigSchedule();
}, true);

/** The last streamed report's Markdown, from the worker (null when it could not). */
let mdSeq = 0;
const mdWaiting = new Map();
function bigMarkdown(finding) {
  const id = `md${++mdSeq}`;
  worker.postMessage({ id, type: "markdown", finding: finding ?? null, nowMs: Date.now() });
  return new Promise((resolve) => mdWaiting.set(id, resolve));
}
function markdownReply(m) {
  const resolve = mdWaiting.get(m.id);
  mdWaiting.delete(m.id);
  if (m.error) setStatus(`Could not build the report: ${m.error}`);
  resolve?.(m.error ? null : m.text);
}

const examples = $("examples");
for (const ex of EXAMPLES) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = ex.label;
  b.dataset.example = ex.id;
  b.addEventListener("click", () => {
    input.value = ex.text;
    clearTimeout(debounce);
    analyzeText(ex.text);
  });
  examples.append(b);
}

wasmReady = init({ module_or_path: new URL("why401_bg.wasm", import.meta.url) }).then(() => {
  $("version").textContent = `Version ${core.version()}.`;
  document.documentElement.dataset.ready = "1";
  // Warm up: the engine compiles wasm functions on first call; do that for the renderer
  // now, off screen, so the first real result shows without a long pause.
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 50));
  idle(() => {
    try {
      const a = core.analyzeText(EXAMPLES[0].text, Date.now());
      core.render(document.createElement("div"), a, { mode: MODE.PAGE, nowMs: Date.now(), reveal: true });
    } catch {}
  });
});
startWorker();
wasmReady.catch((err) => {
  progressText.textContent = `why401 could not start: ${err}`;
  progressBox.hidden = false;
});
