// Seeds each fuzz target's corpus (fuzz/corpus/<target>/) from tests/fixtures/: whole HAR
// and raw-text files for the readers, and for each header parser the values of its header
// found in them. File names are the SHA-1 of the content (libFuzzer's own naming), so
// running this again adds nothing twice. Usage: node fuzz/seed.mjs
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const fuzz = dirname(fileURLToPath(import.meta.url));
const fixtures = join(fuzz, "..", "tests", "fixtures");
const corpus = {};
const add = (target, text) => {
  if (typeof text !== "string" || text.length === 0) return;
  (corpus[target] ??= new Set()).add(text);
};

// Header name (lowercase) → the targets its values seed.
const byHeader = {
  authorization: ["parse_authorization"],
  "proxy-authorization": ["parse_authorization"],
  "www-authenticate": ["parse_challenge"],
  "proxy-authenticate": ["parse_challenge"],
  cookie: ["parse_cookie"],
  "set-cookie": ["parse_set_cookie"],
  date: ["parse_date"],
  expires: ["parse_date"],
  "last-modified": ["parse_date"],
  location: ["parse_url"],
  referer: ["parse_url"],
  origin: ["parse_url"],
};
const jwtRe = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){1,3}/g;

function header(name, value) {
  const n = name.toLowerCase().replace(/^:/, "");
  for (const t of byHeader[n] ?? []) add(t, value);
  if (n === "set-cookie") {
    // A HAR may join several Set-Cookie lines with "\n".
    for (const line of value.split("\n")) {
      add("parse_set_cookie", line);
      const exp = /expires=([^;]*)/i.exec(line);
      if (exp) add("parse_date", exp[1].trim());
    }
  }
  if (n === "authority" || n === "host") add("psl", value.replace(/:\d+$/, ""));
  for (const m of value.match(jwtRe) ?? []) add("parse_jwt", m);
  // One-line pastes: the page and the CLI read "Name: value" lines too.
  if (byHeader[n]) {
    add("input", `${name}: ${value}`);
    add("diagnose", `${name}: ${value}`);
  }
}

function url(u) {
  add("parse_url", u);
  try {
    add("psl", new URL(u).hostname);
  } catch {
    // Not a URL Node can read: the seed above is enough.
  }
}

for (const f of readdirSync(join(fixtures, "har")).sort()) {
  const text = readFileSync(join(fixtures, "har", f), "utf8");
  for (const t of ["har", "input", "diagnose"]) add(t, text);
  const har = JSON.parse(text);
  for (const e of har.log?.entries ?? []) {
    add("parse_date", e.startedDateTime);
    url(e.request?.url ?? "");
    for (const h of e.request?.headers ?? []) header(h.name, h.value);
    for (const h of e.response?.headers ?? []) header(h.name, h.value);
    if (e.response?.redirectURL) url(e.response.redirectURL);
  }
}

for (const f of readdirSync(join(fixtures, "raw")).sort()) {
  const text = readFileSync(join(fixtures, "raw", f), "utf8");
  for (const t of ["raw", "input", "diagnose"]) add(t, text);
  for (const line of text.split(/\r?\n/)) {
    const m = /^(?:[<>] )?([A-Za-z0-9:-][A-Za-z0-9_-]*):\s?(.*)$/.exec(line);
    if (m) header(m[1], m[2]);
    const r = /^(?:[<>] )?[A-Z]+ (\S+) HTTP\//.exec(line);
    if (r && /^https?:/.test(r[1])) url(r[1]);
  }
}

// Public-suffix corners the fixtures do not have.
for (const h of ["github.io", "a.github.io", "example.co.uk", "www.ck", "a.b.city.kawasaki.jp", "[::1]", "127.0.0.1", "localhost", "EXAMPLE.COM."]) add("psl", h);

// The extension's capture JSON for the whole diagnosis.
add("diagnose", JSON.stringify({
  source: { extension: { browser: "chrome" } },
  entries: [{ method: "GET", url: "https://app.site.test/api", status: 401,
    request_headers: [{ name: "Cookie", value: "sid=1" }],
    response_headers: [{ name: "WWW-Authenticate", value: 'Bearer error="invalid_token"' }] }],
  jar: [], client_now_ms: 1795953600000, sanitized: false, notes: [],
}));

let total = 0;
for (const [target, set] of Object.entries(corpus).sort()) {
  const dir = join(fuzz, "corpus", target);
  mkdirSync(dir, { recursive: true });
  for (const text of set) {
    const name = createHash("sha1").update(text).digest("hex");
    writeFileSync(join(dir, name), text);
  }
  total += set.size;
  console.log(`seed: ${target} ${set.size}`);
}
console.log(`seed: ${total} files`);
