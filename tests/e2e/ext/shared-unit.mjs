// Table tests of extension/shared.js (pure helpers: storage shape, headers, cookie details),
// run in node before the browsers start.

import {
  DEFAULT_SETTINGS, LIMITS, normalizeSettings, cookieKey, cookieUrl, copyLabel, endpointOf, fingerprint, headerList, inCookieSite, isCopy, jarCookie,
  maskedEndpoint, refreshTokenOf, removeDetails, setDetails, siteOf, statusText, tabReport, uniqueCookies,
} from "../../../extension/shared.js";
import { assert, assertEq } from "./util.mjs";

const hostOnly = {
  name: "sid", value: "v", domain: "app.test", path: "/dup", secure: false, httpOnly: true, sameSite: "lax",
  hostOnly: true, session: false, expirationDate: 1900000000.5, storeId: "0",
};
const partitioned = {
  name: "__Host-p", value: "x", domain: ".example.com", path: "/", secure: true, httpOnly: false, sameSite: "no_restriction",
  hostOnly: false, session: true, storeId: "firefox-default", partitionKey: { topLevelSite: "https://top.example" },
};

const raw = (text) => ({ raw: [{ bytes: new TextEncoder().encode(text).buffer }] });

export const unitTests = [
  {
    name: "shared.js: refreshTokenOf (form, JSON, raw form; anything else is no refresh), maskedEndpoint",
    run() {
      const cases = [
        [{ formData: { grant_type: ["refresh_token"], refresh_token: ["r1"], client_id: ["spa"] } }, "r1"],
        [{ formData: { grant_type: ["authorization_code"], code: ["c"], refresh_token: ["r1"] } }, null],
        [{ formData: { grant_type: ["refresh_token"] } }, null],
        [{ formData: { grant_type: ["refresh_token"], refresh_token: [""] } }, null],
        [raw('{"grant_type":"refresh_token","refresh_token":"r2"}'), "r2"],
        [raw(' {"refresh_token":"r2","grant_type":"refresh_token"}'), "r2"],
        [raw('{"grant_type":"password","refresh_token":"r2"}'), null],
        [raw('{"grant_type":"refresh_token","refresh_token":7}'), null],
        [raw("grant_type=refresh_token&refresh_token=r3"), "r3"],
        [raw('{"grant_type":"refresh_token",'), null],
        [raw(`{"grant_type":"refresh_token","refresh_token":"r4","pad":"${"x".repeat(LIMITS.refreshBody)}"}`), null],
        [raw(""), null],
        [{ raw: [{ file: "/tmp/x" }] }, null],
        [undefined, null],
        [{}, null],
      ];
      for (const [body, want] of cases) assertEq(refreshTokenOf(body), want, `refresh token of ${JSON.stringify(body)?.slice(0, 80)}`);
      assertEq(maskedEndpoint("https://idp.example/oauth/token?refresh_token=secret#x"), "https://idp.example/oauth/token", "query and fragment dropped");
      assertEq(maskedEndpoint("https://a.example/t/eyJhbGciOiJIUzI1NiJ9.e30.sig/refresh"), "https://a.example/t/•••/refresh", "long segments masked");
      assertEq(maskedEndpoint("not a url"), "", "not a URL");
    },
  },
  {
    name: "shared.js: statusText, headerList, endpointOf",
    run() {
      assertEq(statusText("HTTP/1.1 401 Unauthorized"), "Unauthorized", "status text");
      assertEq(statusText("HTTP/2 407"), "", "status text without a phrase");
      assertEq(statusText(undefined), "", "no status line");
      assertEq(headerList([{ name: "A", value: "1" }, { name: "B", binaryValue: [104, 105] }]).list, [{ name: "A", value: "1" }, { name: "B", value: "hi" }], "headers");
      assertEq(headerList(undefined).list, [], "no headers");
      const many = headerList(Array.from({ length: 300 }, (_, i) => ({ name: `h${i}`, value: "" })));
      assertEq([many.list.length, many.cut], [LIMITS.headers, true], "headers are bounded in number");
      assertEq(headerList([{ name: "Big", value: "x".repeat(70_000) }]).list[0].value.length, LIMITS.headerValue, "other values are cut short");
      assertEq(headerList([{ name: "Cookie", value: "x".repeat(70_000) }]).list[0].value.length, LIMITS.credentialValue, "credential values are cut longer");
      // 40 headers of 64 KB and an Authorization at the end: the credential is kept, the total bounded.
      const huge = headerList([...Array.from({ length: 40 }, (_, i) => ({ name: `x-big-${i}`, value: "y".repeat(65_536) })), { name: "Authorization", value: "Bearer abc" }]);
      assert(huge.bytes <= LIMITS.entryBytes + LIMITS.credentialValue, `one exchange's headers hold ${huge.bytes} characters`);
      assertEq(huge.list.at(-1), { name: "Authorization", value: "Bearer abc" }, "the credential header is kept, in its place");
      assertEq([fingerprint("a") === fingerprint("a"), fingerprint("a") === fingerprint("b"), fingerprint("secret").includes("secret")], [true, false, false], "fingerprints");
      assertEq(endpointOf("GET", "https://a.example/x?y=1#z"), "GET https://a.example/x", "endpoint ignores query");
      assertEq(endpointOf("GET", "not a url"), "GET not a url", "endpoint of a non-URL");
    },
  },
  {
    name: "shared.js: sites by the core's registrable domain; cookie sites",
    run() {
      assertEq(siteOf("http://www.app.test:8080/x", (h) => h.replace(/^www\./, "")), "http://app.test", "site");
      assertEq(siteOf("nonsense", (h) => h), "", "site of a non-URL");
      const site = { domain: "app.test", subdomains: true };
      assertEq(inCookieSite({ domain: ".app.test" }, site), true, "domain cookie under its site");
      assertEq(inCookieSite({ domain: "api.app.test" }, site), true, "subdomain under its site");
      assertEq(inCookieSite({ domain: "notapp.test" }, site), false, "a suffix that is not a subdomain");
      const suffix = { domain: "github.io", subdomains: false };
      assertEq(inCookieSite({ domain: "github.io" }, suffix), true, "a public suffix's own cookie");
      assertEq(inCookieSite({ domain: "foo.github.io" }, suffix), false, "another site under a public suffix");
      assertEq(inCookieSite({ domain: "[::1]" }, { domain: "[::1]", subdomains: false }), true, "IPv6 literal, bracketed");
      assertEq(inCookieSite({ domain: "::1" }, { domain: "[::1]", subdomains: false }), true, "IPv6 literal, bare");
    },
  },
  {
    name: "shared.js: cookie details for remove and exact restore",
    run() {
      assertEq(cookieUrl(hostOnly), "http://app.test/dup", "url of a plain cookie");
      assertEq(cookieUrl(partitioned), "https://example.com/", "url of a Secure domain cookie");
      assertEq(cookieUrl({ domain: "::1", path: "/" }), "http://[::1]/", "url of an IPv6 host's cookie");
      assertEq(cookieUrl({ domain: "[::1]", path: "/x" }), "http://[::1]/x", "url of an IPv6 host's cookie (bracketed)");
      assertEq(removeDetails(hostOnly), { url: "http://app.test/dup", name: "sid", storeId: "0" }, "remove (host-only)");
      assertEq(removeDetails(partitioned).partitionKey, partitioned.partitionKey, "remove keeps the partition");
      assertEq(setDetails(hostOnly), {
        url: "http://app.test/dup", name: "sid", value: "v", path: "/dup", secure: false, httpOnly: true, sameSite: "lax",
        expirationDate: 1900000000.5, storeId: "0",
      }, "set (host-only: no domain; persistent: its expiry)");
      const p = setDetails(partitioned);
      assertEq([p.domain, p.expirationDate, p.partitionKey, p.sameSite], [".example.com", undefined, partitioned.partitionKey, "no_restriction"], "set (domain cookie, session, partitioned)");
      assertEq(setDetails({ ...hostOnly, sameSite: "unspecified" }).sameSite, undefined, "unspecified SameSite is left to the browser");
      assertEq(jarCookie(partitioned).partitionKey, "https://top.example", "jar cookie partition is the top-level site");
      assertEq(jarCookie(hostOnly).partitionKey, null, "unpartitioned");
      assertEq(uniqueCookies([[hostOnly, partitioned], [hostOnly]]).length, 2, "unique by identity");
      assertEq(uniqueCookies([[hostOnly], [{ ...hostOnly, storeId: "1" }]]).length, 2, "another store is another cookie");
      assertEq(uniqueCookies([[hostOnly], [{ ...hostOnly, partitionKey: { topLevelSite: "https://x.test" } }]]).length, 2, "another partition is another cookie");
      assert(cookieKey({ ...hostOnly, domain: ".app.test", hostOnly: false }) !== cookieKey(hostOnly), "a domain cookie is not the host-only one");
      const ref = { name: "sid", domain: "app.test", path: "/dup", host_only: true };
      assertEq(isCopy(hostOnly, ref), true, "the ref's copy");
      assertEq(isCopy({ ...hostOnly, domain: ".app.test", hostOnly: false }, ref), false, "not the domain copy");
      assertEq(isCopy({ ...hostOnly, path: "/" }, ref), false, "not another path");
      assertEq(isCopy({ ...hostOnly, partitionKey: { topLevelSite: "https://x.test" } }, ref), false, "not a partitioned copy");
      assertEq(isCopy(partitioned, { name: "__Host-p", domain: ".example.com", path: "/", host_only: false, partition_key: "https://top.example" }), true, "the partitioned copy");
      assertEq(isCopy({ ...hostOnly, domain: ".app.test", hostOnly: false }, { name: "sid", domain: ".app.test", path: "/dup" }), true, "an older ref without host_only: by the dot");
      assertEq(copyLabel(hostOnly), "sid (host app.test, path /dup)", "label");
      assertEq(copyLabel(partitioned), "__Host-p (domain .example.com, path /, partitioned under https://top.example)", "label of a partitioned copy");
    },
  },
  {
    name: "shared.js: the popup's report is newest first, skips failed diagnoses, lists background requests last",
    run() {
      const state = { items: [{ finding: { entry: 1 }, notes: ["a"] }, { finding: null, error: "x" }, { finding: { entry: 2 }, notes: ["a", "b"] }] };
      assertEq(tabReport(state), { findings: [{ entry: 2 }, { entry: 1 }], notes: ["a", "b"] }, "report");
      assertEq(tabReport(null), { findings: [], notes: [] }, "no state");
      const r = tabReport(state, [{ finding: { entry: 9 } }]);
      assertEq(r.findings.at(-1), { entry: 9 }, "background requests last");
      assert(r.notes.some((n) => n.startsWith("Background requests")), "a note names the background requests");
    },
  },
  {
    name: "shared.js: settings from storage are checked and bounded (normalizeSettings)",
    run() {
      assertEq(normalizeSettings(undefined), { ...DEFAULT_SETTINGS }, "nothing stored: the defaults");
      assertEq(normalizeSettings({ perTab: 0 }).perTab, 1, "perTab at least 1");
      assertEq(normalizeSettings({ perTab: 1e9 }).perTab, LIMITS.perTab, "perTab at most LIMITS.perTab");
      assertEq(normalizeSettings({ perTab: "x" }).perTab, DEFAULT_SETTINGS.perTab, "perTab not a number");
      assertEq(normalizeSettings({ captureMode: "turbo" }).captureMode, "auto", "unknown capture mode");
      assertEq(normalizeSettings({ badge: "no" }).badge, true, "badge not a boolean");
      assertEq(normalizeSettings({ offSites: ["https://A.test", "https://a.test", "a.test", "https://a.test/x", 5, "http://b.test"] }).offSites, ["https://a.test", "http://b.test"], "sites: schemeful, unique, lower-case");
      assertEq(Object.keys(normalizeSettings({ extra: 1, offSites: [] })).sort(), Object.keys(DEFAULT_SETTINGS).sort(), "unknown fields dropped");
    },
  },
];
