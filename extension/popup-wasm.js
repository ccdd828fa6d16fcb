// Starts compiling the popup's render face (why401_render_bg.wasm) as soon as popup.html's
// parser reaches this script: an async classic script with no imports runs as soon as it has
// arrived, while popup.js (a module) still waits for its imports and the end of parsing.
// popup.js hands the compiled module to the wasm-bindgen glue (core.default). Firefox compiles
// the whole module up front (tens of ms here): this overlaps it with the page's loading.
// No browser extension API here (shell.js holds those).
"use strict";
{
  const url = "why401_render_bg.wasm";
  performance.mark("why401:compiling");
  /** @type {any} */ (globalThis).why401RenderWasm = WebAssembly.compileStreaming(fetch(url))
    // A response without the wasm MIME type: compiled from its bytes instead.
    .catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)))
    // A stage of the first draw, for tests/bench/ext.mjs.
    .then((m) => (performance.mark("why401:compiled"), m));
}
