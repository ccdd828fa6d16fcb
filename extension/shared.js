// Pure helpers shared by background.js and popup.js: bounds, header and cookie shaping.
// No browser API and no storage key here (shell.js owns those).

/**
 * Every bound on what the extension holds, in one place. Cut at capture: what a diagnosis
 * does not read is never kept, in memory or in storage.
 */
export const LIMITS = {
  /** Diagnoses kept per tab at most (its own oldest go first; one tab never evicts another's);
   * the options may keep fewer (Settings.perTab). */
  perTab: 50,
  /** Bytes (JSON length) of one tab's stored diagnoses. */
  tabBytes: 256 * 1024,
  /** Bytes of all tabs' diagnoses together (storage.session allows 10 MB in Chrome): past it,
   * the tab adding a diagnosis gives up its own oldest ones, never another tab's. */
  totalBytes: 6_000_000,
  /** Diagnoses of tab-less requests kept (shell.js KEY.background). */
  backgroundItems: 20,
  /** Earlier 401s on the same endpoint younger than this join a new diagnosis (retry loops). */
  historyMs: 10 * 60_000,
  /** Earlier 401s joined to one diagnosis (a retry loop needs 4 earlier ones within 60 s). */
  historyEntries: 5,
  /** Headers a diagnosis reads whole (credentials, challenges, cookies, redirects): each
   * value cut to `credentialValue` characters, always kept (up to `headers`). */
  credentialHeaders: ["authorization", "proxy-authorization", "cookie", "set-cookie", "www-authenticate", "proxy-authenticate", "location", "date"],
  credentialValue: 16 * 1024,
  /** Any other header value is cut to this many characters. */
  headerValue: 2 * 1024,
  /** Headers kept per request or response. */
  headers: 64,
  /** Characters of all kept headers of one request or response; past it, other headers
   * (not credentialHeaders) are dropped. */
  entryBytes: 48 * 1024,
  /** In-flight requests held (their request headers, until the answer's status is known):
   * at most this many, and this many bytes; the oldest go first. */
  pendingCount: 2000,
  pendingBytes: 4 * 1024 * 1024,
  /** Distinct failures (tab + endpoint + status + credentials) waiting to be counted or
   * diagnosed at once; repeats of one are merged as they arrive. Past it, a new distinct
   * failure is counted on the badge but not diagnosed. */
  pendingGroups: 500,
  /** URL characters kept at capture. */
  url: 8 * 1024,
  /** Token refreshes kept (all tabs together, the newest; each younger than historyMs), and
   * refreshes waiting for their answer. A race is two or three of them within seconds. */
  refreshes: 16,
  refreshesInFlight: 32,
  /** Bytes of a raw request body read to find a refresh token (JSON bodies). */
  refreshBody: 8 * 1024,
};

/**
 * The options page's choices (storage.local, shell.js LOCAL_KEY.settings).
 * @typedef {object} Settings
 * @property {string[]} offSites schemeful sites ("https://example.com") where why401 captures nothing
 * @property {"auto" | "full"} captureMode Chrome: full capture after a 401 (auto) or always
 * @property {number} perTab diagnoses kept per tab, 1 to LIMITS.perTab
 * @property {boolean} badge the count on the toolbar button
 */

/** @type {Settings} */
export const DEFAULT_SETTINGS = Object.freeze({ offSites: [], captureMode: "auto", perTab: 20, badge: true });

/** Settings from storage (anything) made valid: unknown fields dropped, each value bounded.
 * @param {any} raw @returns {Settings} */
export function normalizeSettings(raw) {
  const s = raw && typeof raw === "object" ? raw : {};
  const sites = Array.isArray(s.offSites) ? s.offSites.filter((x) => typeof x === "string" && /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+$/.test(x)) : [];
  const n = Math.round(Number(s.perTab));
  return {
    offSites: [...new Set(sites.map((x) => x.toLowerCase()))].slice(0, 1000),
    captureMode: s.captureMode === "full" ? "full" : "auto",
    perTab: Number.isFinite(n) ? Math.min(Math.max(n, 1), LIMITS.perTab) : DEFAULT_SETTINGS.perTab,
    badge: typeof s.badge === "boolean" ? s.badge : DEFAULT_SETTINGS.badge,
  };
}

/**
 * @typedef {object} TabState
 * @property {string} site  scheme + registrable domain (the core's, by the public suffix list) of the tab's page
 * @property {number} count 401/407s seen on this tab since it came to this site (repeats included)
 * @property {Item[]} items the latest diagnoses, oldest first, at most Settings.perTab and LIMITS.tabBytes
 *
 * @typedef {object} Item  Only what the popup shows: no raw header, URL or cookie value.
 * @property {string} id
 * @property {string} key    fingerprint of endpoint + status + credentials: repeats share it
 * @property {number} at     Date.now() of the newest failure it stands for
 * @property {number} repeats failures it stands for (one diagnosis for all)
 * @property {object?} finding the report::Finding (secrets masked by the core), null when the core failed
 * @property {string[]} notes
 * @property {string?} error the core's error text, when it failed
 * @property {{request_headers_unseen: boolean, cookie_header_unseen: boolean, cookie_header_sent: boolean}} seen
 *   what the capture saw of the request (names only)
 * @property {string=} site  (background items) the schemeful site of the request's initiator
 */

/**
 * @typedef {object} RefreshRecord  A token refresh (a POST with grant_type=refresh_token), as
 *   kept in storage.session: no token, no query string.
 * @property {number} at      when it was sent (ms)
 * @property {string} url     origin + path, long path segments masked ({@link maskedEndpoint})
 * @property {string|null} origin the page that made it (matched with a 401's origin)
 * @property {number} tabId
 * @property {string} print   fingerprint of the refresh token
 * @property {number} len     the refresh token's length
 * @property {number} status  the answer's status (400/401: refused)
 */

/** The refresh token of a request body as webRequest gives it ({formData} or {raw: [{bytes}]}),
 * when the body is a refresh (grant_type=refresh_token, form or JSON); else null. Reads at most
 * LIMITS.refreshBody bytes of a raw body. */
export function refreshTokenOf(body) {
  const form = body?.formData;
  if (form) {
    const t = form.refresh_token?.[0];
    return form.grant_type?.[0] === "refresh_token" && typeof t === "string" && t ? t : null;
  }
  const bytes = body?.raw?.[0]?.bytes;
  if (!bytes || !bytes.byteLength) return null;
  const text = new TextDecoder().decode(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, LIMITS.refreshBody)));
  if (!text.includes("refresh_token")) return null;
  try {
    if (text.trimStart().startsWith("{")) {
      const j = JSON.parse(text);
      return j?.grant_type === "refresh_token" && typeof j.refresh_token === "string" && j.refresh_token ? j.refresh_token : null;
    }
    const q = new URLSearchParams(text);
    return q.get("grant_type") === "refresh_token" ? q.get("refresh_token") || null : null;
  } catch {
    return null;
  }
}

/** Origin + path of a URL with query and fragment dropped and path segments of 20 characters
 * or more (ids, tokens) masked: what a stored refresh keeps of its URL. */
export function maskedEndpoint(url) {
  try {
    const u = new URL(url);
    const path = u.pathname.split("/").map((s) => (s.length >= 20 ? "•••" : s)).join("/");
    return cutCopy(`${u.origin}${path}`, 512);
  } catch {
    return "";
  }
}

/** A short non-cryptographic fingerprint (53-bit cyrb53, hex) of a string: tells "the same
 * credentials" apart without keeping them. */
export function fingerprint(str) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/** The first `max` characters of `s` as a string of their own: a plain slice may keep the
 * whole original alive (V8 sliced strings point into their parent). */
export function cutCopy(s, max) {
  return s.length > max ? JSON.parse(JSON.stringify(s.slice(0, max))) : s;
}

/** webRequest headers ({name, value} or {name, binaryValue}) as model::Header values, cut to
 * LIMITS (see there). Returns {list, bytes, cut}: `cut` when anything was cut or dropped. */
export function headerList(headers) {
  const out = { list: [], bytes: 0, cut: false };
  if (!Array.isArray(headers)) return out;
  /** @type {[number, {name: string, value: string}][]} */
  const keep = [];
  let budget = LIMITS.entryBytes;
  // Credential headers first (always kept), then the others while the budget lasts; the
  // kept headers stay in their order.
  for (const pass of [true, false]) {
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i];
      const name = String(h?.name ?? "");
      if (LIMITS.credentialHeaders.includes(name.toLowerCase()) !== pass) continue;
      if (keep.length >= LIMITS.headers) {
        out.cut = true;
        break;
      }
      const max = pass ? LIMITS.credentialValue : LIMITS.headerValue;
      let value = h.value;
      if (value === undefined && h.binaryValue) value = String.fromCharCode(...Array.from(h.binaryValue.slice(0, max)));
      value = String(value ?? "");
      if (value.length > max) {
        value = cutCopy(value, max);
        out.cut = true;
      }
      const size = name.length + value.length;
      if (!pass && size > budget) {
        out.cut = true;
        continue;
      }
      budget -= size;
      keep.push([i, { name: cutCopy(name, 256), value }]);
    }
  }
  keep.sort((a, b) => a[0] - b[0]);
  out.list = keep.map((k) => k[1]);
  out.bytes = keep.reduce((n, [, h]) => n + h.name.length + h.value.length, 0);
  return out;
}

/** "HTTP/1.1 401 Unauthorized" → "Unauthorized". */
export function statusText(statusLine) {
  const m = /^\S+\s+\d{3}\s*(.*)$/.exec(statusLine ?? "");
  return m ? m[1] : "";
}

/** Schemeful site of a URL ("https://example.com") by `registrable` (the core's
 * registrableDomain), or "" when it is not a URL. */
export function siteOf(url, registrable) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${registrable(u.hostname)}`;
  } catch {
    return "";
  }
}

/** Method + URL without query and fragment: what "the same endpoint" means for retry loops. */
export function endpointOf(method, url) {
  try {
    const u = new URL(url);
    return `${method} ${u.origin}${u.pathname}`;
  } catch {
    return `${method} ${url}`;
  }
}

/** A cookie domain or host without its leading dot or IPv6 brackets, lower-cased. */
export function bareHost(domain) {
  return String(domain ?? "").replace(/^\./, "").replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/** A URL the cookies API accepts for this cookie (domain + path, https when Secure). */
export function cookieUrl(c) {
  const host = bareHost(c.domain);
  return `http${c.secure ? "s" : ""}://${host.includes(":") ? `[${host}]` : host}${c.path || "/"}`;
}

/** The top-level site of a partitioned (CHIPS) cookie, null when it is not partitioned. */
export function partitionOf(c) {
  return c?.partitionKey?.topLevelSite || null;
}

/** Identity of a cookie in the browser: name, domain (with its dot: host-only or not), path,
 * store and partition. */
export function cookieKey(c) {
  return [c.name, c.domain, c.hostOnly ? "h" : "d", c.path, c.storeId ?? "", partitionOf(c) ?? "", c.firstPartyDomain ?? ""].join("\u0000");
}

/** Is `c` (a browser cookie) the copy a core CookieRef names? Name, domain as shown, host-only,
 * path and partition must all agree (and the store, when the ref names one). */
export function isCopy(c, ref) {
  const hostOnly = typeof ref.host_only === "boolean" ? ref.host_only : !String(ref.domain).startsWith(".");
  return c.name === ref.name
    && bareHost(c.domain) === bareHost(ref.domain)
    && !!c.hostOnly === hostOnly
    && c.path === ref.path
    && partitionOf(c) === (ref.partition_key || null)
    && (!ref.store_id || !c.storeId || c.storeId === ref.store_id);
}

/** "sid (host app.test, path /)", "sid (domain .app.test, path /api, partitioned under https://top.test)". */
export function copyLabel(c) {
  const host = bareHost(c.domain);
  const where = c.hostOnly ? `host ${host.includes(":") ? `[${host}]` : host}` : `domain .${host}`;
  const part = partitionOf(c) ? `, partitioned under ${partitionOf(c)}` : "";
  return `${c.name} (${where}, path ${c.path}${part})`;
}

/** Unique by cookieKey, first wins. */
export function uniqueCookies(lists) {
  const seen = new Map();
  for (const list of lists) for (const c of list ?? []) if (!seen.has(cookieKey(c))) seen.set(cookieKey(c), c);
  return [...seen.values()];
}

/** A webextension cookie as a model::JarCookie. */
export function jarCookie(c) {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain,
    path: c.path,
    secure: !!c.secure,
    httpOnly: !!c.httpOnly,
    sameSite: c.sameSite ?? null,
    hostOnly: !!c.hostOnly,
    session: !!c.session,
    expirationDate: typeof c.expirationDate === "number" ? c.expirationDate : null,
    storeId: c.storeId ?? null,
    partitionKey: c.partitionKey?.topLevelSite || null,
  };
}

/** cookies.remove() details for exactly this cookie (its store and partition). */
export function removeDetails(c) {
  const d = { url: cookieUrl(c), name: c.name };
  if (c.storeId) d.storeId = c.storeId;
  if (c.partitionKey && Object.keys(c.partitionKey).length) d.partitionKey = c.partitionKey;
  if (c.firstPartyDomain) d.firstPartyDomain = c.firstPartyDomain;
  return d;
}

/** cookies.set() details that recreate exactly this cookie (Undo). */
export function setDetails(c) {
  const d = { url: cookieUrl(c), name: c.name, value: c.value, path: c.path, secure: !!c.secure, httpOnly: !!c.httpOnly };
  if (!c.hostOnly) d.domain = c.domain; // a host-only cookie is recreated host-only by omitting domain
  if (c.sameSite && c.sameSite !== "unspecified") d.sameSite = c.sameSite;
  if (!c.session && typeof c.expirationDate === "number") d.expirationDate = c.expirationDate;
  if (c.storeId) d.storeId = c.storeId;
  if (c.partitionKey && Object.keys(c.partitionKey).length) d.partitionKey = c.partitionKey;
  if (c.firstPartyDomain) d.firstPartyDomain = c.firstPartyDomain;
  return d;
}

/** Does a cookie belong to a cookie site (core `cookieSite`: {domain, subdomains})? */
export function inCookieSite(c, site) {
  const d = bareHost(c.domain);
  const s = bareHost(site.domain);
  if (!s) return false;
  return d === s || (site.subdomains && d.endsWith("." + s));
}

/** The report the popup renders for a tab: its diagnoses newest first, then the background
 * requests (made without a tab) of its site. */
export function tabReport(state, background = []) {
  const items = [...(state?.items ?? [])].reverse().filter((i) => i.finding);
  const bg = [...background].reverse().filter((i) => i.finding);
  const notes = [...new Set(items.flatMap((i) => i.notes ?? []))];
  if (bg.length) {
    notes.push(`Background requests: the last ${bg.length === 1 ? "failure is" : `${bg.length} failures are`} of requests this site made without a tab (a service worker's), listed after this tab's.`);
  }
  return { findings: [...items, ...bg].map((i) => i.finding), notes };
}
