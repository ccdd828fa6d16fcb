// why401 page worker: loads the wasm core and does the heavy work off the main thread.
//
// Messages in:  {id, type: "text", text, nowMs}  |  {id, type: "file", file, nowMs}
//               {id, type: "markdown", finding, nowMs}  (the last streamed HAR's report)
// Messages out: {type: "ready", version}
//               {id, type: "progress", phase: "reading" | "parsing" | "diagnosing", loaded?, total?}
//               {id, type: "findings", findings}  (a streamed HAR: a batch of findings as JSON texts)
//               {id, type: "result", analysis, ms}  |  {id, type: "error", message}
//               {id, type: "markdown", text | error}
// A HAR with at least STREAM_MIN failures is streamed (core.analyzeHarStream): its findings
// reach the page in batches as they are diagnosed, and the report stays here for copying.
// A File is read here in chunks (file.stream()), so the main thread never holds its text.

import init, * as core from "./why401.js";

const ready = init({ module_or_path: new URL("why401_bg.wasm", import.meta.url) }).then(() => {
  postMessage({ type: "ready", version: core.version() });
});

// The same limit as the core's model::limits::MAX_INPUT_BYTES.
const MAX_BYTES = 512 * 1024 * 1024;

/** Reads `file` in chunks (file.stream()), calling `onChunk(chunk, offset)` for each and
 * posting "reading" progress as it goes; returns the bytes read. */
async function readChunks(id, file, onChunk) {
  if (file.size > MAX_BYTES) {
    throw new Error(`This file is ${file.size} bytes; why401 reads files up to ${MAX_BYTES} bytes. Export a HAR of just the failing requests (DevTools › Network: filter, then "Export HAR").`);
  }
  const total = file.size;
  let loaded = 0;
  let last = 0;
  const reader = file.stream().getReader();
  postMessage({ id, type: "progress", phase: "reading", loaded: 0, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onChunk(value, loaded);
    loaded += value.byteLength;
    const now = performance.now();
    if (now - last > 50) {
      last = now;
      postMessage({ id, type: "progress", phase: "reading", loaded, total });
    }
  }
  postMessage({ id, type: "progress", phase: "reading", loaded: total, total });
  return loaded;
}

/** Files up to this size are read in one call (`file.arrayBuffer()`); larger ones in chunks,
 * with progress. Measured in the worker on a 30 MB HAR (tests/bench/www.mjs, two runs):
 * 103–152 ms in 64 KB chunks, 72–116 ms at once. */
const READ_AT_ONCE = 64 * 1024 * 1024;

/** A file's bytes, in one buffer. */
async function readBytes(id, file) {
  const total = file.size;
  if (total <= READ_AT_ONCE) {
    postMessage({ id, type: "progress", phase: "reading", loaded: 0, total });
    const bytes = new Uint8Array(await file.arrayBuffer());
    postMessage({ id, type: "progress", phase: "reading", loaded: total, total });
    return bytes;
  }
  const bytes = new Uint8Array(total);
  const loaded = await readChunks(id, file, (chunk, at) => bytes.set(chunk.subarray(0, Math.max(0, total - at)), at));
  return loaded === total ? bytes : bytes.subarray(0, Math.min(loaded, total));
}

/** True when the bytes start like a JSON object (a BOM and white space allowed). */
function jsonObject(bytes) {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && i < 64 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b;
}

/** A file's text (UTF-8, decoded as it is read). */
async function readFile(id, file) {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const parts = [];
  await readChunks(id, file, (chunk) => parts.push(decoder.decode(chunk, { stream: true })));
  parts.push(decoder.decode());
  return parts.join("");
}

/** Failures from which a HAR is streamed (below it, one result as before). */
const STREAM_MIN = 100;

function analyze(id, text, nowMs) {
  if (typeof core.analyzeHarStream === "function" && /^\s*\{/.test(text.slice(0, 64))) {
    const onPhase = (phase) => postMessage({ id, type: "progress", phase });
    const onFindings = (findings) => postMessage({ id, type: "findings", findings });
    return core.analyzeHarStream(text, nowMs, onPhase, onFindings, STREAM_MIN);
  }
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
    if (type === "markdown") {
      try {
        postMessage({ id, type: "markdown", text: core.lastReportMarkdown(e.data.finding ?? undefined, nowMs) });
      } catch (err) {
        postMessage({ id, type: "markdown", error: String(err?.message ?? err) });
      }
      return;
    }
    const t0 = performance.now();
    // A file that may be a HAR goes to the core as bytes (no string of the whole file here).
    if (type === "file" && typeof core.analyzeHarStreamBytes === "function") {
      const bytes = await readBytes(id, e.data.file);
      if (jsonObject(bytes)) {
        // When each phase began, ms after t0 (the bench's split of the time: read, parse, diagnose).
        const phases = { parsing: null, diagnosing: null };
        const onPhase = (phase) => {
          if (phase in phases) phases[phase] = Math.round(performance.now() - t0);
          postMessage({ id, type: "progress", phase });
        };
        const onFindings = (findings) => postMessage({ id, type: "findings", findings });
        const analysis = core.analyzeHarStreamBytes(bytes, nowMs, onPhase, onFindings, STREAM_MIN);
        postMessage({ id, type: "result", analysis, ms: performance.now() - t0, phases });
        return;
      }
      const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
      postMessage({ id, type: "result", analysis: analyze(id, text, nowMs), ms: performance.now() - t0 });
      return;
    }
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
