// why401 page worker: loads the wasm core and does the heavy work off the main thread.
//
// Messages in:  {id, type: "text", text, nowMs}  |  {id, type: "file", file, nowMs}
// Messages out: {type: "ready", version}
//               {id, type: "progress", phase: "reading" | "parsing" | "diagnosing", loaded?, total?}
//               {id, type: "result", analysis, ms}  |  {id, type: "error", message}
// A File is read here in chunks (file.stream()), so the main thread never holds its text.

import init, * as core from "./why401.js";

const ready = init({ module_or_path: new URL("why401_bg.wasm", import.meta.url) }).then(() => {
  postMessage({ type: "ready", version: core.version() });
});

// The same limit as the core's model::limits::MAX_INPUT_BYTES.
const MAX_BYTES = 512 * 1024 * 1024;

async function readFile(id, file) {
  if (file.size > MAX_BYTES) {
    throw new Error(`This file is ${file.size} bytes; why401 reads files up to ${MAX_BYTES} bytes. Export a HAR of just the failing requests (DevTools › Network: filter, then "Export HAR").`);
  }
  const total = file.size;
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const parts = [];
  let loaded = 0;
  let last = 0;
  const reader = file.stream().getReader();
  postMessage({ id, type: "progress", phase: "reading", loaded: 0, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    const now = performance.now();
    if (now - last > 50) {
      last = now;
      postMessage({ id, type: "progress", phase: "reading", loaded, total });
    }
  }
  parts.push(decoder.decode());
  postMessage({ id, type: "progress", phase: "reading", loaded: total, total });
  return parts.join("");
}

function analyze(id, text, nowMs) {
  // analyzeHar (when the core has it) reports "parsing" then "diagnosing" itself.
  if (typeof core.analyzeHar === "function" && /^\s*\{/.test(text.slice(0, 64))) {
    const onPhase = (phase) => postMessage({ id, type: "progress", phase });
    return core.analyzeHar(text, nowMs, onPhase);
  }
  postMessage({ id, type: "progress", phase: "parsing" });
  return core.analyzeText(text, nowMs);
}

onmessage = async (e) => {
  const { id, type, nowMs } = e.data || {};
  try {
    await ready;
    const t0 = performance.now();
    const text = type === "file" ? await readFile(id, e.data.file) : String(e.data.text ?? "");
    const analysis = analyze(id, text, nowMs);
    postMessage({ id, type: "result", analysis, ms: performance.now() - t0 });
  } catch (err) {
    const message = typeof err === "string" ? err : err && err.message ? err.message : String(err);
    // A trap (a bug in the core) leaves the wasm instance unusable: ask for a new worker.
    const fatal = err instanceof WebAssembly.RuntimeError;
    postMessage({ id, type: "error", message, fatal });
  }
};
