// The static file server for the page: `make serve` runs this file, and the end-to-end tests
// import `serveStatic` (tests/e2e/lib/server.mjs).
// Run directly: serves dist/www on 127.0.0.1 (port: $PORT or 8401). Usage: node www/serve.mjs [dir]
import { createServer } from "node:http";
import { createReadStream, realpathSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Content types by file extension; anything else is application/octet-stream. */
export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".har": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The page's policy (the same as the meta tag in www/index.html). */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:";

/** Headers on every file served; `headers` given to serveStatic override them. */
export const BASE_HEADERS = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

/**
 * Serves the files under `root` on `host`:`port` (port 0: a free one). `headers` are added to
 * (and override) BASE_HEADERS on every file; `onRequest(path)` sees each decoded request path
 * before it is looked up. Paths outside `root` get 403, missing files and directories 404.
 * Resolves to {origin, port, root, server, close()} once listening.
 */
export function serveStatic(root, { port = 0, host = "127.0.0.1", headers = {}, onRequest } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("bad request");
      return;
    }
    if (onRequest) onRequest(path);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, { "content-type": "text/plain" }).end("forbidden");
      return;
    }
    let st = null;
    try {
      st = statSync(file);
    } catch {}
    if (!st || !st.isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file).toLowerCase()] || "application/octet-stream",
      "content-length": st.size,
      ...BASE_HEADERS,
      ...headers,
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file)
      .on("error", () => res.destroy())
      .pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      const p = server.address().port;
      ok({
        origin: `http://${host}:${p}`,
        port: p,
        root: base,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** True when this file is the script node was started with (not imported). */
function isMain() {
  try {
    return realpathSync(process.argv[1] || "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const root = resolve(process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "www"));
  const port = Number(process.env.PORT || 8401);
  serveStatic(root, { port }).then(
    (srv) => console.log(`why401 page: ${srv.origin}/  (serving ${srv.root}; Ctrl+C stops)`),
    (e) => {
      console.error(`www/serve.mjs: cannot listen on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    },
  );
}
