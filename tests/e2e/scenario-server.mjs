// A local server (127.0.0.1, node http) answering the real 401s the extension tests need.
// Every host name under .test maps to it (Chromium: --host-resolver-rules; Firefox:
// network.dns.localDomains), so "sites" are host names on one port:
//   app.test   the site under test: pages that fetch and fail
//   api.test   a cross-origin API whose CORS preflight is answered 401
//   lax.test   a cross-site API whose session cookie is SameSite=Lax
//   other.test another site holding a cookie of the same name (must survive "Clear stale")
//
//   node tests/e2e/scenario-server.mjs [port]   serves until killed (for trying pages by hand)

import { createServer } from "node:http";

export const HOSTS = ["app.test", "api.test", "lax.test", "other.test"];

/** Marks the test looks for: a request id that must be in the copied report, and a
 * signature that must not. */
export const REQUEST_ID = "req-expired-4711";
export const SIGNATURE = "c2lnbmF0dXJlLW11c3Qtbm90LWxlYWs";

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString("base64url");

/** A JWT (HS256-shaped; the signature is a marker, nothing verifies it). */
export function jwt(claims) {
  return `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(claims)}.${SIGNATURE}`;
}

const now = () => Math.floor(Date.now() / 1000);
export const expiredToken = () =>
  jwt({ sub: "user-1", iss: "https://auth.app.test", aud: "app", iat: now() - 7200, exp: now() - 3600 });
export const validToken = () =>
  jwt({ sub: "user-1", iss: "https://auth.app.test", aud: "app", iat: now() - 60, exp: now() + 3600 });

/** Claims and a cookie name holding markup: must be shown as text, never run. */
export const MARKUP_CLAIM = "<img src=x onerror=\"document.title='pwned'\">";
export const MARKUP_COOKIE = "<script>document.title='pwned'</script>";

/** A page that runs `script` and sets document.title to "done" (or "error: ...") after it. */
function page(title, script) {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><body><h1>${title}</h1><script>
(async () => { ${script} })().then(() => { document.title = "done"; }, (e) => { document.title = "done"; console.log(String(e)); });
</script>`;
}

function send(res, status, headers, body = "") {
  res.writeHead(status, { "cache-control": "no-store", ...headers });
  res.end(body);
}

const json = (o) => JSON.stringify(o);

/** Routes by host and path. `port` is needed to build cross-site URLs. */
function route(req, res, port) {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  const url = new URL(req.url, `http://${host}`);
  const path = url.pathname;
  const at = (h, p) => `http://${h}:${port}${p}`;
  const html = { "content-type": "text/html; charset=utf-8" };
  const unauthorized = (extra = {}) => ({ "content-type": "application/json", ...extra });

  if (host === "app.test") {
    switch (path) {
      case "/":
        return send(res, 200, html, page("app.test", ""));
      // 1. An expired bearer token on a fetch.
      case "/expired":
        return send(res, 200, html, page("expired", `await fetch("/api/expired", { headers: { Authorization: "Bearer ${expiredToken()}" } });`));
      case "/api/expired":
        return send(res, 401, unauthorized({
          "www-authenticate": 'Bearer realm="app", error="invalid_token", error_description="The access token expired"',
          "x-request-id": REQUEST_ID,
        }), json({ error: "invalid_token" }));
      // 2. The session cookie under two paths: an old copy at / (set first) and the current
      //    one at /dup (set at sign-in). Both travel; this server reads the last one: stale.
      case "/dup/":
        return send(res, 200, { ...html, "set-cookie": "sid=stale-0123456789; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax" },
          page("dup", `await fetch("/dup/login", { method: "POST" }); await fetch("/dup/api");`));
      case "/dup/login":
        return send(res, 204, { "set-cookie": "sid=fresh-9876543210; Path=/dup" });
      case "/dup/api": {
        const all = [...(req.headers.cookie ?? "").matchAll(/(?:^|;\s*)sid=([^;]*)/g)].map((m) => m[1]);
        if (all.length === 1 && all[0] === "fresh-9876543210") return send(res, 200, { "content-type": "application/json" }, json({ ok: true }));
        return send(res, 401, unauthorized({ "www-authenticate": 'Cookie realm="app"' }), json({ error: "session unknown" }));
      }
      // 3. A cross-origin call with Authorization: its preflight is answered 401.
      case "/cors":
        return send(res, 200, html, page("cors", `await fetch(${json(at("api.test", "/cors/data"))}, { headers: { Authorization: "Bearer ${validToken()}" } });`));
      // 4. A cross-site fetch to lax.test: its SameSite=Lax session cookie stays home.
      case "/lax":
        return send(res, 200, html, page("lax", `await fetch(${json(at("lax.test", "/api/me"))}, { credentials: "include" });`));
      // 8. An image answered 401; the session cookie (Path=/img) holds an expired JWT.
      case "/img/":
        return send(res, 200, { ...html, "set-cookie": `session=${expiredToken()}; Path=/img; SameSite=Lax` },
          `${page("img", "")}<img src="/img/private.gif" alt="private">`);
      case "/img/private.gif":
        return send(res, 401, { "content-type": "text/plain", "www-authenticate": 'Cookie realm="app"', "x-request-id": "req-img-1" }, "session expired");
      // 7. Claims and a cookie name holding markup.
      case "/markup/":
        return send(res, 200, { ...html, "set-cookie": `${MARKUP_COOKIE}=1; Path=/markup` }, page("markup", `await fetch("/markup/api", { headers: { Authorization: "Bearer ${jwt({ sub: MARKUP_CLAIM, name: MARKUP_COOKIE, exp: now() - 60 })}" } });`));
      case "/markup/api":
        return send(res, 401, unauthorized({ "www-authenticate": 'Bearer error="invalid_token"' }), json({ error: "invalid_token" }));
      default:
        break;
    }
  }
  if (host === "api.test" && path === "/cors/data") {
    if (req.method === "OPTIONS") {
      return send(res, 401, unauthorized({ "www-authenticate": 'Bearer realm="api"' }), json({ error: "unauthorized" }));
    }
    return send(res, 200, { "content-type": "application/json", "access-control-allow-origin": at("app.test", "") }, json({ ok: true }));
  }
  if (host === "lax.test") {
    if (path === "/login") return send(res, 200, { ...html, "set-cookie": "session=lax-session-42; Path=/; SameSite=Lax; HttpOnly" }, page("lax login", ""));
    if (path === "/api/me") {
      if (/(?:^|;\s*)session=/.test(req.headers.cookie ?? "")) return send(res, 200, { "content-type": "application/json" }, json({ ok: true }));
      return send(res, 401, unauthorized({ "www-authenticate": 'Cookie realm="lax"' }), json({ error: "not signed in" }));
    }
  }
  if (host === "other.test" && path === "/") {
    return send(res, 200, { ...html, "set-cookie": "sid=other-site-keep; Path=/" }, page("other.test", ""));
  }
  if (path === "/favicon.ico") return send(res, 204, {});
  return send(res, 404, { "content-type": "text/plain" }, "not found");
}

/** Starts the server on 127.0.0.1 (port 0: any free one). Resolves to {port, url, log, close}. */
export function startScenarioServer(port = 0) {
  const log = [];
  return new Promise((resolve, reject) => {
    let actual = 0;
    const server = createServer((req, res) => {
      log.push({ method: req.method, host: req.headers.host, url: req.url, cookie: req.headers.cookie ?? null });
      if (log.length > 1000) log.shift();
      try {
        route(req, res, actual);
      } catch (e) {
        send(res, 500, { "content-type": "text/plain" }, String(e));
      }
    });
    server.keepAliveTimeout = 1000;
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      actual = server.address().port;
      resolve({
        port: actual,
        url: (host, path = "/") => `http://${host}:${actual}${path}`,
        log,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startScenarioServer(Number(process.argv[2] ?? 8401));
  console.log(`scenario server on 127.0.0.1:${s.port} (hosts: ${HOSTS.join(", ")})`);
}
