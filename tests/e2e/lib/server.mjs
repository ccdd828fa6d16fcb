// A static file server on 127.0.0.1 for end-to-end tests (random free port by default).
// Usage: const srv = await serveStatic(dir); srv.origin; srv.requests; await srv.close();
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";

export const MIME = {
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

/**
 * Serves `dir` on 127.0.0.1:`port` (0: a free one). `headers` are added to every response.
 * Resolves to {origin, port, requests (paths served, in order), close()}.
 */
export function serveStatic(dir, { port = 0, headers = {} } = {}) {
  const root = resolve(dir);
  const requests = [];
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    requests.push(path);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    let st = null;
    if (file === root || file.startsWith(root + sep)) {
      try {
        st = statSync(file);
      } catch {}
    }
    if (!st || !st.isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": MIME[extname(file).toLowerCase()] || "application/octet-stream",
      "content-length": st.size,
      "cache-control": "no-store",
      ...headers,
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const p = server.address().port;
      ok({
        origin: `http://127.0.0.1:${p}`,
        port: p,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
