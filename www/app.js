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

function setStatus(text, ms) {
  statusLine.textContent = text;
  if (ms === undefined) statusLine.removeAttribute("data-ms");
  else statusLine.dataset.ms = String(Math.round(ms));
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
  if (m.id !== seq) return; // a newer job replaced this one
  if (m.type === "progress") {
    showProgress(m.phase, m.loaded, m.total);
  } else if (m.type === "result") {
    await wasmReady;
    hideProgress();
    current = { analysis: m.analysis, reveal: false };
    const t = performance.now();
    draw();
    done();
    const findings = m.analysis?.report?.findings?.length;
    const what = findings === undefined ? "" : `${findings} failed request${findings === 1 ? "" : "s"} · `;
    setStatus(`${what}analyzed in ${fmtMs(m.ms)}, shown in ${fmtMs(performance.now() - t)}`, m.ms);
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
  input.value = "";
  setStatus(`${file.name}`);
  showProgress("reading", 0, file.size);
  worker.postMessage({ id, type: "file", file, nowMs: Date.now() });
}

async function copyReport(finding) {
  if (!current?.analysis?.report) return;
  await wasmReady;
  let text;
  try {
    text = core.reportMarkdown(current.analysis.report, finding ?? undefined, Date.now());
  } catch (err) {
    setStatus(`Could not build the report: ${err}`);
    return;
  }
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
  if (action === ACTION.REVEAL && current) {
    current.reveal = !current.reveal;
    draw();
  } else if (action === ACTION.COPY_REPORT) {
    copyReport(finding);
  }
});

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
