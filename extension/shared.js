// Pure helpers shared by background.js and popup.js: storage layout, header and cookie shaping.
// No browser API here (only background.js and popup.js touch `browser`/`chrome`).

/** storage.session keys. Everything the extension keeps lives under these. */
export const KEY = {
  /** Per-tab diagnoses: {@link TabState}. */
  tab: (tabId) => `tab:${tabId}`,
  /** Per-tab cookies removed by the last "Clear ..." action, kept for Undo. */
  undo: (tabId) => `undo:${tabId}`,
  /** Set by the background each time it starts (tests use it to see a restart). */
  boot: "boot",
  /** Until when (ms) the background captures in full (Chrome), after a 401. */
  fullUntil: "fullUntil",
};

/** Bounds on what is kept. */
export const LIMITS = {
  /** Diagnoses kept per tab (oldest evicted). */
  perTab: 20,
  /** All diagnoses together, estimated by JSON length (storage.session allows 10 MB in Chrome). */
  totalBytes: 2_000_000,
  /** Earlier 401s on the same endpoint younger than this join a new capture (retry loops). */
  historyMs: 10 * 60_000,
  /** Earlier 401s joined to one capture. */
  historyEntries: 10,
  /** Header values are cut to this many characters (the core cuts at 64 KiB too). */
  headerValue: 64 * 1024,
  /** Headers kept per request or response. */
  headers: 256,
};

/**
 * @typedef {object} TabState
 * @property {string} site  scheme + registrable domain (the core's, by the public suffix list) of the tab's page
 * @property {number} count 401/407s diagnosed on this tab since it came to this site
 * @property {Item[]} items the latest diagnoses, oldest first, at most LIMITS.perTab
 *
 * @typedef {object} Item
 * @property {string} id
 * @property {number} at     Date.now() when diagnosed
 * @property {object} entry  the failing model::Entry as captured (history for retry loops)
 * @property {object?} finding the report::Finding for it (null when the core failed)
 * @property {string[]} notes
 * @property {string?} error the core's error text, when it failed
 */

/** webRequest headers ({name, value} or {name, binaryValue}) as model::Header values, bounded. */
export function headerList(headers) {
  if (!Array.isArray(headers)) return [];
  const out = [];
  for (const h of headers) {
    if (out.length >= LIMITS.headers) break;
    let value = h.value;
    if (value === undefined && h.binaryValue) value = String.fromCharCode(...h.binaryValue.slice(0, LIMITS.headerValue));
    out.push({ name: String(h.name), value: String(value ?? "").slice(0, LIMITS.headerValue) });
  }
  return out;
}

/** "HTTP/1.1 401 Unauthorized" → "Unauthorized". */
export function statusText(statusLine) {
  const m = /^\S+\s+\d{3}\s*(.*)$/.exec(statusLine ?? "");
  return m ? m[1] : "";
}

// Second-level labels under which registrations happen (co.uk, com.au, ...): a small stand-in for
// the public suffix list, used only when the core does not export `registrableDomain`.
const SECOND_LEVEL = new Set(["co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "mil", "nom", "ltd", "plc"]);

/** Registrable domain (eTLD+1) of a host, approximately: IPs and single labels as they are. */
export function approxRegistrableDomain(host) {
  host = String(host).toLowerCase().replace(/\.$/, "");
  if (/^[\d.]+$/.test(host) || host.includes(":") || !host.includes(".")) return host;
  const labels = host.split(".");
  const n = labels.length >= 3 && labels.at(-1).length === 2 && SECOND_LEVEL.has(labels.at(-2)) ? 3 : 2;
  return labels.slice(-n).join(".");
}

/** Schemeful site of a URL ("https://example.com"), or "" when it is not a URL. */
export function siteOf(url, registrable = approxRegistrableDomain) {
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

/** A URL the cookies API accepts for this cookie (domain + path, https when Secure). */
export function cookieUrl(c) {
  const host = String(c.domain).replace(/^\./, "");
  return `http${c.secure ? "s" : ""}://${host}${c.path || "/"}`;
}

/** Identity of a cookie in the browser: name, domain, path, store and partition. */
export function cookieKey(c) {
  return [c.name, c.domain, c.path, c.storeId ?? "", c.partitionKey?.topLevelSite ?? "", c.firstPartyDomain ?? ""].join("\u0000");
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

/** Does a cookie's domain equal a CookieRef's domain ("app.test" and ".app.test" are different cookies). */
export function sameDomain(cookieDomain, refDomain) {
  return cookieDomain === refDomain;
}

/** Does a cookie belong to a registrable domain or one of its subdomains? */
export function underDomain(cookieDomain, registrable) {
  const d = String(cookieDomain).replace(/^\./, "").toLowerCase();
  return d === registrable || d.endsWith("." + registrable);
}

/** The report the popup renders for a tab: its diagnoses, newest first. */
export function tabReport(state) {
  const items = [...(state?.items ?? [])].reverse().filter((i) => i.finding);
  const notes = [...new Set(items.flatMap((i) => i.notes ?? []))];
  return { findings: items.map((i) => i.finding), notes };
}
