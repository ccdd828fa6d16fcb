// A local server (127.0.0.1, node http) answering the real 401s the extension tests need.
// Every host name under .test maps to it (Chromium: --host-resolver-rules; Firefox:
// network.dns.localDomains), so "sites" are host names on one port:
//   app.test   the site under test: pages that fetch and fail
//   api.test   a cross-origin API whose CORS preflight is answered 401
//   lax.test   a cross-site API whose session cookie is SameSite=Lax
//   other.test another site holding a cookie of the same name (must survive "Clear stale")
//   site.test  copies of one cookie told apart by domain vs host-only
//   shadow.test a stale copy shadowing the fresh one by its longer path
//   hang.test  (and h0..h249.hang.test) requests never answered (the hang server), big cookies
//   SUFFIX, and a.SUFFIX: a host that is itself a public suffix, and a site under it
//   [::1] and 127.0.0.1 (IP literals; 127.0.0.1 also serves the service-worker page)
//
//   node tests/e2e/scenario-server.mjs [port]   serves until killed (for trying pages by hand)

import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";

/** A public suffix (PSL private section) mapped to the local server (Firefox: HSTS preload off). */
export const SUFFIX = "github.io";
/** Hosts whose requests the hang server holds unanswered (the memory test). */
export const HANG_HOSTS = Array.from({ length: 250 }, (_, i) => `h${i}.hang.test`);
export const HOSTS = ["app.test", "api.test", "lax.test", "other.test", "site.test", "shadow.test", "hang.test", SUFFIX, `a.${SUFFIX}`];

/** Secrets the secrets page plants in ten places; none may reach a report or storage. */
export const SECRETS = {
  userinfo: "pw-userinfo-5ecret",
  accessToken: "qs-access-token-5ecret",
  state: "qs-state-5ecret",
  privateToken: "qs-private-token-5ecret",
  amzSignature: "f00dfeedcafe5ecret0123456789abcdef",
  samlResponse: "PHNhbWw-saml-5ecret",
  jwtSignature: "jwt-in-path-5ecret-signature",
  jwtQuerySignature: "jwt-in-query-5ecret-signature",
  apiKey: "x-api-key-5ecret-value",
  bearer: "opaque-bearer-5ecret-token",
  cookie: "cookie-value-5ecret",
  setCookie: "set-cookie-5ecret",
  location: "location-token-5ecret",
  formPassword: "form-password-5ecret",
};

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

/** A JWT whose signature is `sig`. */
const jwtSigned = (claims, sig) => `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(claims)}.${sig}`;

/** The secrets page's requests: each answered 401, carrying SECRETS in every place. */
function secretsScript(port) {
  const S = SECRETS;
  const q = new URLSearchParams({
    access_token: S.accessToken, state: S.state, private_token: S.privateToken,
    "X-Amz-Signature": S.amzSignature, SAMLResponse: S.samlResponse,
    q: jwtSigned({ sub: "u", exp: now() + 3600 }, S.jwtQuerySignature),
  });
  const pathJwt = jwtSigned({ sub: "u", exp: now() + 3600 }, S.jwtSignature);
  return `
    document.cookie = "sid=${S.cookie}; path=/secrets";
    const quiet = (p) => p.catch((e) => console.log(String(e)));
    await quiet(fetch("/secrets/t/${pathJwt}/api?${q}", { headers: { "X-Api-Key": ${json(S.apiKey)}, Authorization: "Bearer ${S.bearer}" } }));
    await quiet(fetch("/secrets/redirect"));
    await quiet(fetch("/secrets/userinfo"));
    const f = new FormData(); f.append("user", "bob"); f.append("password", ${json(S.formPassword)});
    await quiet(fetch("/secrets/form", { method: "POST", body: new URLSearchParams(f) }));`;
}

/** Refresh tokens the refresh-race page is given start with this: none may rest in storage. */
export const REFRESH_MARK = "rt-5ecret-";

/** The refresh-race app's sessions (per `?s=`): an authorization server with rotating refresh
 * tokens and reuse detection, as oidc-provider's `rotateRefreshToken` behaves (the capture in
 * tests/capture/sessions.mjs uses the real one): each refresh token is good once; a second
 * use revokes the whole grant, so every access token of it answers 401. */
const refreshSessions = new Map();
const randomToken = (prefix) => `${prefix}${crypto.randomUUID().replaceAll("-", "")}`;

/** A page of the refresh-race app: signs in once per session `s` (both tabs get the same
 * tokens, kept in localStorage as many SPAs keep them), and at `at` (ms) refreshes with the
 * refresh token it loaded (no lock across tabs); when that worked, it calls the API with the
 * new access token `me` ms later. */
function refreshScript(s, at, me) {
  return `
    const key = ${json(`tokens-${s}`)};
    if (!localStorage.getItem(key)) {
      const t = await (await fetch("/refresh/login?s=${s}", { method: "POST" })).json();
      localStorage.setItem(key, JSON.stringify(t));
    }
    // The page is "done" once signed in; the race runs at \`at\` in both tabs.
    const rt = JSON.parse(localStorage.getItem(key)).refresh_token;
    setTimeout(async () => {
      const r = await fetch("/refresh/oauth/token?s=${s}", { method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: rt, client_id: "spa" }) });
      const j = await r.json();
      if (!r.ok) return;
      localStorage.setItem(key, JSON.stringify(j));
      await new Promise((r) => setTimeout(r, ${me}));
      await fetch("/refresh/api/me?s=${s}", { headers: { Authorization: "Bearer " + j.access_token } });
    }, Math.max(0, ${at} - Date.now()));`;
}

/** The refresh-race app's token endpoint, sign-in and API (see refreshSessions). */
function refreshRoute(req, res, path, s) {
  const jsonType = { "content-type": "application/json" };
  let sess = refreshSessions.get(s);
  if (path === "/refresh/login") {
    if (!sess) {
      sess = { refresh: randomToken(REFRESH_MARK), spent: new Set(), access: new Set([randomToken("at-")]), revoked: false };
      refreshSessions.set(s, sess);
    }
    return send(res, 200, jsonType, json({ access_token: [...sess.access][0], refresh_token: sess.refresh, token_type: "Bearer" }));
  }
  if (path === "/refresh/oauth/token") {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => {
      const q = new URLSearchParams(body);
      const rt = q.get("refresh_token") ?? "";
      if (!sess || q.get("grant_type") !== "refresh_token" || sess.revoked || rt !== sess.refresh) {
        // A spent token again: reuse detected, the whole grant is revoked.
        if (sess && sess.spent.has(rt)) sess.revoked = true;
        return send(res, 400, jsonType, json({ error: "invalid_grant", error_description: "grant request is invalid" }));
      }
      sess.spent.add(rt);
      sess.refresh = randomToken(REFRESH_MARK);
      const access = randomToken("at-");
      sess.access.add(access);
      send(res, 200, jsonType, json({ access_token: access, refresh_token: sess.refresh, token_type: "Bearer", expires_in: 3600 }));
    });
    return;
  }
  if (path === "/refresh/api/me") {
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (sess && !sess.revoked && sess.access.has(token)) return send(res, 200, jsonType, json({ sub: "user-1" }));
    return send(res, 401, { ...jsonType, "www-authenticate": 'Bearer realm="app", error="invalid_token"' }, json({ error: "invalid_token" }));
  }
  return send(res, 404, {}, "");
}

/** Secrets of the panel's story: none may be in the panel's exported HAR. */
export const STORY = {
  password: "story-password-5ecret",
  cookie: "story-cookie-5ecret-0123456789",
  refresh: "story-refresh-5ecret-0123456789",
};

function storyScript() {
  return `
    await fetch("/story/login", { method: "POST", body: new URLSearchParams({ user: "ann", password: ${json(STORY.password)} }) });
    await fetch("/story/api/me", { headers: { Authorization: "Bearer ${validToken()}" } });
    const r = await fetch("/story/token", { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: ${json(STORY.refresh)} }) });
    const { access_token } = await r.json();
    await fetch("/story/api/me", { headers: { Authorization: "Bearer " + access_token } });`;
}

/** Routes by host and path. `port` is needed to build cross-site URLs. */
function route(req, res, port) {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  const url = new URL(req.url, `http://${host}`);
  const path = url.pathname;
  const at = (h, p) => `http://${h}:${port}${p}`;
  const html = { "content-type": "text/html; charset=utf-8" };
  const unauthorized = (extra = {}) => ({ "content-type": "application/json", ...extra });

  if (host === "app.test" && path.startsWith("/refresh/")) {
    // Two tabs of /refresh/app?s=ID&at=MS race (refresh-race).
    const s = (url.searchParams.get("s") ?? "").replace(/[^\w-]/g, "");
    if (path === "/refresh/app") return send(res, 200, html, page("refresh", refreshScript(s, Number(url.searchParams.get("at")) || 0, Number(url.searchParams.get("me")) || 500)));
    return refreshRoute(req, res, path, s);
  }
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
      // The DevTools panel's story (tests/e2e/panel.mjs): a sign-in sets a session cookie, a
      // valid token works, a refresh hands out an expired one, which the API answers 401.
      case "/story/":
        return send(res, 200, html, page("story", storyScript()));
      case "/story/login":
        return send(res, 200, { "content-type": "application/json", "set-cookie": `story_sid=${STORY.cookie}; Path=/; HttpOnly` }, json({ ok: true }));
      case "/story/token":
        // An expired token whose subject is markup: the panel's diff must show it as text.
        return send(res, 200, { "content-type": "application/json" }, json({
          access_token: jwt({ sub: "user-1", iss: "https://auth.app.test", aud: ["app", MARKUP_CLAIM], iat: now() - 7200, exp: now() - 3600 }),
          token_type: "Bearer",
          expires_in: 3600,
        }));
      case "/story/api/me": {
        const claims = (req.headers.authorization ?? "").split(".")[1];
        const exp = claims ? JSON.parse(Buffer.from(claims, "base64url").toString()).exp : 0;
        if (exp > now()) return send(res, 200, { "content-type": "application/json" }, json({ sub: "user-1" }));
        return send(res, 401, unauthorized({ "www-authenticate": 'Bearer realm="app", error="invalid_token", error_description="The access token expired"' }), json({ error: "invalid_token" }));
      }
      // Another extension (tests/e2e/tamper-ext, declarativeNetRequest) removes or rewrites
      // the Authorization header the page sets on /tamper-api/*: the API sees none or a wrong one.
      case "/tamper/remove":
      case "/tamper/rewrite":
        return send(res, 200, html, page("tamper", `await fetch("/tamper-api/${path.slice(8)}", { headers: { Authorization: "Bearer page-token-0123456789abcdef" } });`));
      case "/tamper-api/remove":
      case "/tamper-api/rewrite": {
        const auth = req.headers.authorization ?? "";
        if (auth === "Bearer page-token-0123456789abcdef") return send(res, 200, unauthorized(), json({ ok: true }));
        return send(res, 401, unauthorized({
          "www-authenticate": auth ? 'Bearer realm="app", error="invalid_token"' : 'Bearer realm="app"',
        }), json({ error: auth ? "invalid_token" : "unauthorized" }));
      }
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
      // 9. Secrets in ten places of three failing requests.
      case "/secrets/":
        return send(res, 200, html, page("secrets", secretsScript(port)));
      case "/secrets/redirect":
        return send(res, 302, { location: `/secrets/landing?token=${SECRETS.location}` });
      case "/secrets/userinfo":
        return send(res, 302, { location: `http://bob:${SECRETS.userinfo}@app.test:${port}/secrets/landing` });
      case "/secrets/landing":
      case "/secrets/form":
        return send(res, 401, unauthorized({ "www-authenticate": 'Bearer realm="app"', "set-cookie": `session=${SECRETS.setCookie}; Path=/secrets; HttpOnly` }), json({ error: "unauthorized" }));
      // 11. A huge 401: 40 request headers of 64 KB each.
      case "/huge/":
        return send(res, 200, html, page("huge", `const headers = { Authorization: "Bearer huge-token" };
          for (let i = 0; i < 40; i++) headers["x-huge-" + i] = String(i).repeat(65_536).slice(0, 65_536);
          await fetch("/huge/api", { headers });`));
      case "/huge/api":
        return send(res, 401, unauthorized({ "www-authenticate": 'Bearer error="invalid_token"' }), "{}");
      // 10. A burst: ?n=N fetches at once of /burst/api/0..4, all answered 401; the page
      //     records when the last answer came (window.lastAt).
      case "/burst/":
        return send(res, 200, html, page("burst", `const n = Number(new URLSearchParams(location.search).get("n")) || 300;
          await Promise.all(Array.from({ length: n }, (_, i) => fetch("/burst/api/" + (i % 5), { headers: { Authorization: "Bearer burst-token" } })));
          window.lastAt = Date.now();`));
      // 7. Claims and a cookie name holding markup.
      case "/markup/":
        return send(res, 200, { ...html, "set-cookie": `${MARKUP_COOKIE}=1; Path=/markup` }, page("markup", `await fetch("/markup/api", { headers: { Authorization: "Bearer ${jwt({ sub: MARKUP_CLAIM, name: MARKUP_COOKIE, exp: now() - 60 })}" } });`));
      case "/markup/api":
        return send(res, 401, unauthorized({ "www-authenticate": 'Bearer error="invalid_token"' }), json({ error: "invalid_token" }));
      default:
        if (path.startsWith("/secrets/t/")) {
          return send(res, 401, unauthorized({ "www-authenticate": 'Bearer error="invalid_token"', "set-cookie": `session=${SECRETS.setCookie}; Path=/secrets; HttpOnly` }), json({ error: "invalid_token" }));
        }
        if (path.startsWith("/burst/api/")) return send(res, 401, unauthorized({ "www-authenticate": 'Bearer error="invalid_token"' }), "{}");
        break;
    }
  }
  if (host === "site.test") {
    switch (path) {
      // Two copies of sid: a stale domain cookie (.site.test, set first) and the fresh
      // host-only one (set at sign-in). Same path: the older (stale) is sent first; this
      // server reads the first.
      case "/dup/":
        return send(res, 200, { ...html, "set-cookie": "sid=stale-domain-copy; Domain=site.test; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax" },
          page("site dup", `await fetch("/dup/login"); await fetch("/dup/api");`));
      case "/dup/login":
        return send(res, 204, { "set-cookie": "sid=fresh-host-copy; Path=/; Max-Age=86400; SameSite=Lax" });
      case "/dup/api": {
        const first = /(?:^|;\s*)sid=([^;]*)/.exec(req.headers.cookie ?? "")?.[1];
        if (first?.startsWith("fresh")) return send(res, 200, { "content-type": "application/json" }, json({ ok: true }));
        return send(res, 401, unauthorized({ "www-authenticate": 'Cookie realm="site"' }), json({ error: "session unknown" }));
      }
      default:
        break;
    }
  }
  // Path-shadowed: a stale domain copy at /shadow/api is sent before the fresh host-only
  // copy at /; clearing it by its URL would take the / copy along.
  if (host === "shadow.test") {
    switch (path) {
      case "/shadow/":
        return send(res, 200, { ...html, "set-cookie": "sid2=stale-shadow-copy; Domain=shadow.test; Path=/shadow/api; Max-Age=86400" },
          page("shadow", `await fetch("/shadow/login"); await fetch("/shadow/api/me");`));
      case "/shadow/login":
        return send(res, 204, { "set-cookie": "sid2=fresh-root-copy; Path=/; Max-Age=86400" });
      case "/shadow/api/me": {
        const first = /(?:^|;\s*)sid2=([^;]*)/.exec(req.headers.cookie ?? "")?.[1];
        if (first?.startsWith("fresh")) return send(res, 200, { "content-type": "application/json" }, json({ ok: true }));
        return send(res, 401, unauthorized({ "www-authenticate": 'Cookie realm="shadow"' }), json({ error: "session unknown" }));
      }
      default:
        break;
    }
  }
  // A host that is a public suffix, and a site under it: each holds a cookie `ps`.
  if (host === SUFFIX || host === `a.${SUFFIX}`) {
    if (path === "/") return send(res, 200, { ...html, "set-cookie": `ps=${host === SUFFIX ? "suffix" : "under"}; Path=/; Max-Age=86400` }, page(host, host === SUFFIX ? `await fetch("/api");` : ""));
    if (path === "/api") return send(res, 401, unauthorized({ "www-authenticate": 'Cookie realm="suffix"' }), "{}");
  }
  // IP literals: a cookie and a 401; 127.0.0.1 also registers a service worker whose own
  // fetch is answered 401 (a request without a tab).
  if (host === "[::1]" || host === "127.0.0.1") {
    if (path === "/ip/") return send(res, 200, { ...html, "set-cookie": "ipc=literal; Path=/; Max-Age=86400" }, page(host, `await fetch("/ip/api");`));
    if (path === "/ip/api") return send(res, 401, unauthorized({ "www-authenticate": 'Cookie realm="ip"' }), "{}");
    // ?delay=ms: the worker fetches that much later, and the page does not wait for it.
    if (path === "/sw/") {
      return send(res, 200, html, page("sw", `const delay = Number(new URLSearchParams(location.search).get("delay")) || 0;
        const reg = await navigator.serviceWorker.register("/sw/sw.js", { scope: "/sw/" });
        const sw = reg.active ?? reg.installing ?? reg.waiting;
        if (sw.state !== "activated") await new Promise((r) => sw.addEventListener("statechange", () => sw.state === "activated" && r()));
        const done = new Promise((r) => navigator.serviceWorker.addEventListener("message", r, { once: true }));
        sw.postMessage(delay);
        if (!delay) await done;`));
    }
    if (path === "/sw/sw.js") {
      return send(res, 200, { "content-type": "text/javascript" }, `self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));
        self.addEventListener("message", (e) => e.waitUntil(new Promise((r) => setTimeout(r, Number(e.data) || 0))
          .then(() => fetch("/sw/api", { headers: { Authorization: "Bearer sw-opaque-token" } }))
          .then(() => e.source?.postMessage("done"))));`);
    }
    if (path === "/other-port/") return send(res, 200, html, page("same site, another origin", ""));
    if (path === "/sw/api") return send(res, 401, unauthorized({ "www-authenticate": 'Bearer realm="sw"' }), "{}");
  }
  // The memory test's page: 100 cookies of ~3.9 KB for every *.hang.test host (a ~400 KB
  // Cookie header), then 250 fetches, one per host, to the hang server (never answered).
  if (host === "hang.test" && path === "/hang/") {
    const hangPort = Number(url.searchParams.get("port"));
    return send(res, 200, html, page("hang", `for (let i = 0; i < 100; i++) document.cookie = "big" + i + "=" + String(i).padStart(3, "0") + "x".repeat(3900) + "; domain=hang.test; path=/";
      for (let i = 0; i < 250; i++) fetch("http://h" + i + ".hang.test:${hangPort}/never", { mode: "no-cors", credentials: "include" }).catch(() => {});
      await new Promise((r) => setTimeout(r, 100));`));
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

/** A server that reads requests and never answers (the memory test's in-flight requests). */
function startHangServer() {
  const sockets = new Set();
  const got = { bytes: 0, connections: 0 };
  const server = createNetServer((sock) => {
    sockets.add(sock);
    got.connections += 1;
    sock.on("data", (b) => { got.bytes += b.length; });
    sock.on("error", () => {});
    sock.on("close", () => sockets.delete(sock));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    port: server.address().port,
    got,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  })));
}

/** Starts the server on 127.0.0.1 and [::1] (port 0: any free one). Resolves to {port, url,
 * url6, ip4, hangPort, log, close}. */
export function startScenarioServer(port = 0) {
  const log = [];
  return new Promise((resolve, reject) => {
    let actual = 0;
    const handler = (req, res) => {
      log.push({ method: req.method, host: req.headers.host, url: req.url, cookie: req.headers.cookie?.slice(0, 2000) ?? null });
      if (log.length > 1000) log.shift();
      try {
        route(req, res, actual);
      } catch (e) {
        send(res, 500, { "content-type": "text/plain" }, String(e));
      }
    };
    // Large request headers are accepted (the huge-401 and memory tests send hundreds of KB).
    const server = createServer({ maxHeaderSize: 8 * 1024 * 1024 }, handler);
    server.keepAliveTimeout = 1000;
    server.on("error", reject);
    server.listen(port, "127.0.0.1", async () => {
      actual = server.address().port;
      // The same server on [::1], same port (the page's URL names it).
      const v6 = createServer({ maxHeaderSize: 8 * 1024 * 1024 }, handler);
      v6.keepAliveTimeout = 1000;
      const v6ok = await new Promise((r) => { v6.once("error", () => r(false)); v6.listen(actual, "::1", () => r(true)); });
      const hang = await startHangServer();
      // A second port on 127.0.0.1: the same site, another origin.
      const second = createServer(handler);
      await new Promise((r) => second.listen(0, "127.0.0.1", r));
      const closeOne = (s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); });
      resolve({
        port: actual,
        hangPort: hang.port,
        /** What the hang server received so far: {bytes, connections}. */
        hang: hang.got,
        ipv6: v6ok,
        url: (host, path = "/") => `http://${host}:${actual}${path}`,
        /** A URL on 127.0.0.1's second port (same site as 127.0.0.1, another origin). */
        url2: (path = "/") => `http://127.0.0.1:${second.address().port}${path}`,
        log,
        close: async () => { await hang.close(); await closeOne(second); if (v6ok) await closeOne(v6); await closeOne(server); },
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startScenarioServer(Number(process.argv[2] ?? 8401));
  console.log(`scenario server on 127.0.0.1:${s.port} (hosts: ${HOSTS.join(", ")})`);
}
