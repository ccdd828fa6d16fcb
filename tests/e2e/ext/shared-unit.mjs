// Table tests of extension/shared.js (pure helpers: storage shape, headers, cookie details),
// run in node before the browsers start.

import {
  approxRegistrableDomain, cookieUrl, endpointOf, headerList, jarCookie, removeDetails, setDetails, siteOf,
  statusText, tabReport, underDomain, uniqueCookies,
} from "../../../extension/shared.js";
import { assertEq } from "./util.mjs";

const hostOnly = {
  name: "sid", value: "v", domain: "app.test", path: "/dup", secure: false, httpOnly: true, sameSite: "lax",
  hostOnly: true, session: false, expirationDate: 1900000000.5, storeId: "0",
};
const partitioned = {
  name: "__Host-p", value: "x", domain: ".example.com", path: "/", secure: true, httpOnly: false, sameSite: "no_restriction",
  hostOnly: false, session: true, storeId: "firefox-default", partitionKey: { topLevelSite: "https://top.example" },
};

export const unitTests = [
  {
    name: "shared.js: statusText, headerList, endpointOf",
    run() {
      assertEq(statusText("HTTP/1.1 401 Unauthorized"), "Unauthorized", "status text");
      assertEq(statusText("HTTP/2 407"), "", "status text without a phrase");
      assertEq(statusText(undefined), "", "no status line");
      assertEq(headerList([{ name: "A", value: "1" }, { name: "B", binaryValue: [104, 105] }]), [{ name: "A", value: "1" }, { name: "B", value: "hi" }], "headers");
      assertEq(headerList(undefined), [], "no headers");
      assertEq(headerList(Array.from({ length: 300 }, (_, i) => ({ name: `h${i}`, value: "" }))).length, 256, "headers are bounded");
      assertEq(headerList([{ name: "Big", value: "x".repeat(70_000) }])[0].value.length, 65_536, "values are cut");
      assertEq(endpointOf("GET", "https://a.example/x?y=1#z"), "GET https://a.example/x", "endpoint ignores query");
      assertEq(endpointOf("GET", "not a url"), "GET not a url", "endpoint of a non-URL");
    },
  },
  {
    name: "shared.js: registrable domain approximation and sites",
    run() {
      const cases = [
        ["app.test", "app.test"], ["www.example.com", "example.com"], ["a.b.example.co.uk", "example.co.uk"],
        ["127.0.0.1", "127.0.0.1"], ["localhost", "localhost"], ["EXAMPLE.COM.", "example.com"], ["[::1]", "[::1]"],
      ];
      for (const [host, want] of cases) assertEq(approxRegistrableDomain(host), want, `registrable domain of ${host}`);
      assertEq(siteOf("http://www.app.test:8080/x"), "http://app.test", "site");
      assertEq(siteOf("nonsense"), "", "site of a non-URL");
      assertEq(underDomain(".app.test", "app.test"), true, "domain cookie under its site");
      assertEq(underDomain("api.app.test", "app.test"), true, "subdomain under its site");
      assertEq(underDomain("notapp.test", "app.test"), false, "a suffix that is not a subdomain");
    },
  },
  {
    name: "shared.js: cookie details for remove and exact restore",
    run() {
      assertEq(cookieUrl(hostOnly), "http://app.test/dup", "url of a plain cookie");
      assertEq(cookieUrl(partitioned), "https://example.com/", "url of a Secure domain cookie");
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
    },
  },
  {
    name: "shared.js: the popup's report is newest first and skips failed diagnoses",
    run() {
      const state = { items: [{ finding: { entry: 1 }, notes: ["a"] }, { finding: null, error: "x" }, { finding: { entry: 2 }, notes: ["a", "b"] }] };
      assertEq(tabReport(state), { findings: [{ entry: 2 }, { entry: 1 }], notes: ["a", "b"] }, "report");
      assertEq(tabReport(null), { findings: [], notes: [] }, "no state");
    },
  },
];
