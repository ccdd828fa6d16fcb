// A generated HAR of about `bytes` bytes, as Chrome exports one: pages, scripts, images and
// JSON API calls with bearer tokens and cookies, response bodies, and one failure (401 with a
// Bearer challenge, several kinds) in every `every` entries. Written in pieces (never one
// big string in this process). Used by the page benches and the page's e2e test.
//
//   import { writeHar } from "./genhar.mjs"; await writeHar(path, { bytes: 30e6, every: 4 })
//   node tests/bench/genhar.mjs OUT.har BYTES [EVERY]

import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

const T0 = Date.parse("2026-11-25T14:00:00Z");
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const h = (name, value) => ({ name, value });

function jwt(exp, sub) {
  return `${b64({ alg: "RS256", typ: "JWT", kid: "2026-11" })}.${b64({ iss: "https://id.example.com", sub, aud: "api", scope: "read write", exp, iat: Math.min(exp - 3600, T0 / 1000 - 60) })}.${"s".repeat(86)}`;
}

const FILLER = JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 3.5, tags: ["a", "b", "c"], note: "lorem ipsum dolor sit amet ".repeat(2) })));

/** One entry (object) number `i`; `fail` makes it a 401 of kind `i % 4`. */
function entry(i, fail) {
  const t = T0 + i * 50;
  const host = i % 3 === 0 ? "api.example.com" : "app.example.com";
  const kind = Math.floor(i / 4) % 4;
  const path = fail ? `/api/v1/${["orders", "users/me", "invoices", "reports"][kind]}/${i}` : i % 5 === 0 ? `/static/app.${i}.js` : `/api/v1/items/${i}`;
  const url = `https://${host}${path}`;
  const req = [
    h(":authority", host), h(":method", "GET"), h(":path", path), h(":scheme", "https"),
    h("accept", "application/json, text/plain, */*"), h("accept-language", "en-GB,en;q=0.9"),
    h("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"),
    h("sec-fetch-mode", "cors"), h("referer", "https://app.example.com/orders"),
  ];
  const exp = fail && kind === 0 ? T0 / 1000 - 600 : T0 / 1000 + 7200;
  if (!(fail && kind === 1)) req.push(h("authorization", `Bearer ${jwt(exp, `user-${i % 97}`)}`));
  req.push(h("cookie", `session=s%3A${"a".repeat(40)}; theme=dark; _ga=GA1.2.${1000 + i}.${1700000000 + i}`));
  const resp = [
    h("content-type", "application/json; charset=utf-8"), h("date", new Date(t).toUTCString()),
    h("server", "envoy"), h("strict-transport-security", "max-age=31536000; includeSubDomains"),
    h("vary", "Origin, Accept-Encoding"), h("x-request-id", `3f2a9c1e-5b7d-4e8f-9a0b-${String(i).padStart(12, "0")}`),
    h("access-control-allow-origin", "https://app.example.com"),
  ];
  let status = 200;
  let text = FILLER;
  if (fail) {
    status = 401;
    const challenge = [
      'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
      'Bearer realm="api"',
      'Bearer realm="api", error="insufficient_scope", scope="admin"',
      'Bearer realm="api", error="invalid_token", error_description="signature verification failed"',
    ][kind];
    resp.push(h("www-authenticate", challenge));
    text = JSON.stringify({ error: "unauthorized", message: ["token expired", "missing token", "insufficient scope", "invalid signature"][kind] });
  }
  return {
    startedDateTime: new Date(t).toISOString(), time: 42.5,
    request: { method: "GET", url, httpVersion: "h2", headers: req, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status, statusText: fail ? "Unauthorized" : "OK", httpVersion: "h2", headers: resp, cookies: [],
      content: { size: text.length, mimeType: "application/json", text }, redirectURL: "", headersSize: -1, bodySize: text.length,
    },
    cache: {}, timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 40, receive: 1.4 },
    serverIPAddress: "203.0.113.7", _resourceType: fail || i % 5 ? "fetch" : "script", connection: "443", pageref: "page_1",
  };
}

/** Writes the HAR; resolves to {bytes, entries, failures}. */
export async function writeHar(path, { bytes, every = 4 }) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? null : new Promise((r) => out.once("drain", r)));
  let n = 0;
  let written = 0;
  let failures = 0;
  const head = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"startedDateTime":"${new Date(T0).toISOString()}","id":"page_1","title":"https://app.example.com/orders","pageTimings":{}}],"entries":[\n`;
  await write(head);
  written += head.length;
  while (written < bytes - 200) {
    // One in `every` (which may be fractional: 4.7 gives ~5,000 in 23,500 entries).
    const fail = Math.floor((n + 1) / every) > Math.floor(n / every);
    if (fail) failures += 1;
    const s = (n ? ",\n" : "") + JSON.stringify(entry(n, fail));
    written += Buffer.byteLength(s);
    n += 1;
    const w = write(s);
    if (w) await w;
  }
  await write("\n]}}\n");
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  return { bytes: written + 5, entries: n, failures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, bytes, every] = process.argv.slice(2);
  console.log(JSON.stringify(await writeHar(path, { bytes: Number(bytes), every: Number(every || 4) })));
}
