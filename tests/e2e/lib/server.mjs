// The page's static file server (www/serve.mjs, the one `make serve` runs) for end-to-end tests:
// a random free port by default, no caching, and every request path recorded.
// Usage: const srv = await serveStatic(dir); srv.origin; srv.requests; await srv.close();
import { serveStatic as serveWww, TYPES } from "../../../www/serve.mjs";

export const MIME = TYPES;

/**
 * Serves `dir` on 127.0.0.1:`port` (0: a free one), with the page's headers plus `headers`.
 * Resolves to {origin, port, requests (paths asked for, in order), close()}.
 */
export async function serveStatic(dir, { port = 0, headers = {} } = {}) {
  const requests = [];
  const srv = await serveWww(dir, {
    port,
    headers: { "cache-control": "no-store", ...headers },
    onRequest: (path) => requests.push(path),
  });
  return { origin: srv.origin, port: srv.port, requests, close: srv.close };
}
