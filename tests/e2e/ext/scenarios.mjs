// The extension's end-to-end tests, written once against a driver (ChromiumDriver or
// FirefoxDriver) that offers: ext(fn, arg) in an extension page, openTab(url) → {tabId},
// goto(tab, url), openPopup(tabId), popupEval, click, screenshot, clipboard, stopBackground.
// `api` inside ext()/popupEval() functions is the extension API (browser ?? chrome).

import { MARKUP_CLAIM, MARKUP_COOKIE, REQUEST_ID, SIGNATURE } from "../scenario-server.mjs";
import { assert, assertEq, waitFor } from "./util.mjs";

/** Badge text of a tab. */
const badge = (d, tabId) => d.ext(async (id) => (globalThis.browser ?? chrome).action.getBadgeText({ tabId: id }), tabId);

/** The stored diagnoses of a tab (storage.session). */
const stored = (d, tabId) =>
  d.ext(async (id) => (await (globalThis.browser ?? chrome).storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);

/** Waits until the tab's badge reads `text`. */
async function badgeIs(d, tabId, text) {
  await waitFor(async () => (await badge(d, tabId)) === text, { what: `badge "${text}" on tab ${tabId}`, timeout: 10_000 });
}

/** What the popup shows: the top cause of the newest finding, by the renderer's DOM. */
function popupSummary(d, popup) {
  return d.popupEval(popup, () => {
    const root = document.getElementById("root");
    // The list is newest first; the newest is open, its causes ranked.
    const newest = root.querySelector("details.w4-item-details[data-finding]");
    const rank0 = newest?.querySelector("[data-cause][data-rank='0']")?.getAttribute("data-cause") ?? null;
    const top = newest?.getAttribute("data-top-cause") ?? null;
    return {
      topCause: top === rank0 ? top : `${top} (summary) / ${rank0} (details)`,
      causes: [...(newest?.querySelectorAll("[data-cause]") ?? [])].map((e) => e.getAttribute("data-cause")),
      findings: root.querySelectorAll("details.w4-item-details[data-finding]").length,
      error: root.querySelector(".w4-error, .why401-error")?.textContent ?? null,
      text: root.textContent,
      status: document.getElementById("status")?.textContent ?? "",
    };
  });
}

async function popupTopCause(d, tabId, expected) {
  const popup = await d.openPopup(tabId);
  const s = await popupSummary(d, popup);
  if (s.topCause !== expected) {
    throw new Error(`popup's top cause: expected ${expected}, got ${s.topCause} (causes ${JSON.stringify(s.causes)}${s.error ? `, error: ${s.error}` : ""})`);
  }
  return { popup, summary: s };
}

/** Cookies in every store, for comparisons (all attributes). */
const allCookies = (d) =>
  d.ext(async () => {
    const api = globalThis.browser ?? chrome;
    const out = [];
    for (const s of await api.cookies.getAllCookieStores()) out.push(...(await api.cookies.getAll({ storeId: s.id })));
    return out;
  });

const pick = (list, name, domain, path) => list.filter((c) => c.name === name && c.domain === domain && c.path === path);

/** Chromium: back to the cheap capture mode a fresh background starts in (the full mode's
 * deadline removed from storage.session, the service worker stopped; it restarts cheap). */
async function cheapMode(d) {
  await d.ext(async () => (globalThis.browser ?? chrome).storage.session.remove("fullUntil"));
  await d.stopBackground().catch((e) => {
    if (!/no running service worker/.test(String(e))) throw e;
  });
}

/** The tab's newest diagnosis made in cheap mode: `flag` (what was not seen) is set, a note
 * says to reload, absence is not read as "nothing sent", and full capture is now on. */
async function checkCheapCapture(d, tabId, flag) {
  const first = (await stored(d, tabId)).items.at(-1);
  assertEq(first.entry[flag], true, `${flag} on the cheap-mode capture`);
  assert(!first.entry.request_headers.some((h) => h.name.toLowerCase() === "cookie"), "a Cookie header in cheap mode");
  assert(first.notes.some((n) => n.includes("reload the page")), `no note telling to reload: ${JSON.stringify(first.notes)}`);
  const ids = (first.finding?.causes ?? []).map((c) => c.id);
  assert(!ids.includes("no-credentials") && !ids.includes("cookies-not-sent"), `unseen headers taken as absent: ${ids}`);
  assert((await fullUntil(d)) > Date.now(), "full capture not switched on after the 401");
}

/** The tab's newest diagnosis has the request's headers, its Cookie header included. */
async function checkFullCapture(d, tabId) {
  const last = (await stored(d, tabId)).items.at(-1);
  assert(!last.entry.request_headers_unseen && !last.entry.cookie_header_unseen, "headers still marked unseen");
  assert(last.entry.request_headers.some((h) => h.name.toLowerCase() === "cookie"), "no Cookie header recorded");
}

/** Until when the background captures in full (0: cheap mode or never switched). */
const fullUntil = (d) => d.ext(async () => (await (globalThis.browser ?? chrome).storage.session.get("fullUntil")).fullUntil ?? 0);

export function scenarios({ server, shots }) {
  // Every page URL is unique (?v=N), so a tab is found by its URL without ambiguity.
  let visits = 0;
  const url = (host, path) => `${server.url(host, path)}${path.includes("?") ? "&" : "?"}v=${++visits}`;
  const state = {};
  return [
    {
      name: "cheap mode: a refused CORS preflight is hidden, but the failed fetch switches to full capture; the next attempt shows preflight-rejected",
      only: ["chromium"],
      // First of all: Chrome keeps a renderer's requests on the extraHeaders path once full
      // capture was on, even after it goes off, so this needs a browser that never had it.
      async run(d) {
        await cheapMode(d);
        const tab = await d.openTab(url("app.test", "/cors"));
        await waitFor(async () => (await fullUntil(d)) > Date.now(), { what: "full capture after the failed cross-origin fetch" });
        assertEq(await badge(d, tab.tabId), "", "badge after the hidden preflight");
        await d.goto(tab, url("app.test", "/cors"));
        await badgeIs(d, tab.tabId, "1");
        const { popup } = await popupTopCause(d, tab.tabId, "preflight-rejected");
        await d.closePopup(popup);
      },
    },
    {
      name: "cheap mode (Chrome's default): a fetch's 401 is diagnosed with its Cookie header marked unseen; full capture follows and the reload shows duplicate-cookies",
      only: ["chromium"],
      async run(d) {
        await cheapMode(d);
        const tab = await d.openTab(url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "1");
        await checkCheapCapture(d, tab.tabId, "cookie_header_unseen");
        await d.goto(tab, url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "2");
        await checkFullCapture(d, tab.tabId);
        const { popup } = await popupTopCause(d, tab.tabId, "duplicate-cookies");
        await d.closePopup(popup);
      },
    },
    {
      name: "an image answered 401: caught and diagnosed (Chromium: without its request headers in cheap mode, with them after the reload)",
      async run(d) {
        if (d.name === "chromium") await cheapMode(d);
        const tab = await d.openTab(url("app.test", "/img/"));
        await badgeIs(d, tab.tabId, "1");
        if (d.name === "chromium") {
          await checkCheapCapture(d, tab.tabId, "request_headers_unseen");
          await d.goto(tab, url("app.test", "/img/"));
          await badgeIs(d, tab.tabId, "2");
        }
        await checkFullCapture(d, tab.tabId);
        const { popup } = await popupTopCause(d, tab.tabId, "token-expired");
        await d.closePopup(popup);
      },
    },
    {
      name: "expired bearer token on a fetch: badge 1, top cause token-expired",
      async run(d) {
        const tab = await d.openTab(url("app.test", "/expired"));
        state.expiredTab = tab;
        await badgeIs(d, tab.tabId, "1");
        const { popup, summary } = await popupTopCause(d, tab.tabId, "token-expired");
        const title = await d.ext(async (id) => (globalThis.browser ?? chrome).action.getTitle({ tabId: id }), tab.tabId);
        const topTitle = await d.popupEval(popup, () => document.querySelector("details.w4-item-details [data-rank='0'] .w4-cause-title")?.textContent);
        assertEq(title, `why401: ${topTitle}`, "the button's tooltip");
        assert(summary.text.includes("expired"), "the popup does not say the token expired");
        await d.screenshot(popup, `${shots}/ext-${d.shotName}-light.png`, { dark: false });
        await d.screenshot(popup, `${shots}/ext-${d.shotName}-dark.png`, { dark: true });
        await d.closePopup(popup);
      },
    },
    {
      name: "session cookie under two paths: duplicate-cookies; Clear stale removes only the stale copy; Undo restores it exactly",
      async run(d) {
        await d.openTab(url("other.test", "/"));
        const tab = await d.openTab(url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "1");
        const before = await allCookies(d);
        const stale = pick(before, "sid", "app.test", "/");
        const fresh = pick(before, "sid", "app.test", "/dup");
        const other = pick(before, "sid", "other.test", "/");
        assertEq([stale.length, fresh.length, other.length], [1, 1, 1], "sid cookies before (stale, fresh, other site)");
        assert(!stale[0].session && stale[0].httpOnly && stale[0].sameSite === "lax", "the stale copy is persistent, HttpOnly, SameSite=Lax");
        const { popup } = await popupTopCause(d, tab.tabId, "duplicate-cookies");
        await d.click(popup, 'button[data-action="clear-stale"]');
        await waitFor(async () => pick(await allCookies(d), "sid", "app.test", "/").length === 0, { what: "the stale sid to go" });
        const after = await allCookies(d);
        assertEq(pick(after, "sid", "app.test", "/dup"), fresh, "the fresh sid on app.test");
        assertEq(pick(after, "sid", "other.test", "/"), other, "the sid of other.test");
        assertEq(after.length, before.length - 1, "cookies removed");
        await waitFor(() => d.popupEval(popup, () => !!document.querySelector('button[data-action="undo"]')), { what: "the Undo button" });
        assert(await d.popupEval(popup, () => !!document.querySelector('button[data-action="reload"]')), "no Reload tab button after clearing");
        await d.click(popup, 'button[data-action="undo"]');
        await waitFor(async () => pick(await allCookies(d), "sid", "app.test", "/").length === 1, { what: "Undo to restore sid" });
        assertEq(pick(await allCookies(d), "sid", "app.test", "/"), stale, "the restored cookie (every attribute)");
        await d.closePopup(popup);
      },
    },
    {
      name: "CORS preflight answered 401: preflight-rejected",
      async run(d) {
        const tab = await d.openTab(url("app.test", "/cors"));
        await badgeIs(d, tab.tabId, "1");
        const { popup } = await popupTopCause(d, tab.tabId, "preflight-rejected");
        await d.closePopup(popup);
      },
    },
    {
      name: "SameSite=Lax session cookie on a cross-site fetch: cookies-not-sent",
      async run(d) {
        await d.openTab(url("lax.test", "/login"));
        const tab = await d.openTab(url("app.test", "/lax"));
        await badgeIs(d, tab.tabId, "1");
        const { popup } = await popupTopCause(d, tab.tabId, "cookies-not-sent");
        await d.closePopup(popup);
      },
    },
    {
      name: "background stopped: the earlier diagnosis stays, the next 401 is captured and counted",
      async run(d) {
        const tab = state.expiredTab;
        assert(tab, "needs the first test's tab");
        const bootBefore = await d.ext(async () => (await (globalThis.browser ?? chrome).storage.session.get("boot")).boot?.id);
        await d.stopBackground();
        const { popup, summary } = await popupTopCause(d, tab.tabId, "token-expired");
        assertEq(summary.findings, 1, "findings shown after the stop");
        await d.closePopup(popup);
        await d.goto(tab, url("app.test", "/expired?again"));
        await badgeIs(d, tab.tabId, "2");
        const s = await stored(d, tab.tabId);
        assertEq(s.items.length, 2, "stored diagnoses of the tab");
        const bootAfter = await d.ext(async () => (await (globalThis.browser ?? chrome).storage.session.get("boot")).boot?.id);
        assert(bootAfter && bootAfter !== bootBefore, "the background did not restart");
        const again = await popupTopCause(d, tab.tabId, "token-expired");
        assertEq(again.summary.findings, 2, "findings shown after the next 401");
        await d.closePopup(again.popup);
      },
    },
    {
      name: "Copy report: has the request id, not the token's signature",
      async run(d) {
        const tab = state.expiredTab ?? (await d.openTab(url("app.test", "/expired")));
        await badgeIs(d, tab.tabId, (await badge(d, tab.tabId)) || "1");
        const popup = await d.openPopup(tab.tabId);
        await d.click(popup, 'details.w4-item-details[open] button[data-action="copy-report"]');
        await waitFor(async () => /copied/i.test((await popupSummary(d, popup)).status), { what: "the copy to finish" });
        const text = await d.clipboard(popup);
        assert(text.includes(REQUEST_ID), `the report lacks the request id ${REQUEST_ID}:\n${text.slice(0, 400)}`);
        assert(!text.includes(SIGNATURE), "the report holds the token's signature");
        await d.closePopup(popup);
      },
    },
    {
      name: "Clear site cookies: every cookie of the site, no other; navigating to another site resets the badge",
      async run(d) {
        await d.openTab(url("other.test", "/"));
        const tab = await d.openTab(url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "1");
        const before = await allCookies(d);
        const ofApp = before.filter((c) => c.domain.replace(/^\./, "") === "app.test");
        assert(ofApp.length >= 2, `app.test holds ${ofApp.length} cookies`);
        const popup = await d.openPopup(tab.tabId);
        await d.click(popup, 'details.w4-item-details[open] button[data-action="clear-site"]'); // arms
        await d.click(popup, 'details.w4-item-details[open] button[data-action="clear-site"]'); // confirms
        await waitFor(async () => !(await allCookies(d)).some((c) => c.domain.replace(/^\./, "") === "app.test"), { what: "app.test's cookies to go" });
        const after = await allCookies(d);
        assertEq(after.length, before.length - ofApp.length, "cookies left");
        assert(after.some((c) => c.domain === "other.test"), "other.test's cookie went too");
        await waitFor(() => d.popupEval(popup, () => !!document.querySelector('button[data-action="undo"]')), { what: "the Undo button" });
        await d.click(popup, 'button[data-action="undo"]');
        await waitFor(async () => (await allCookies(d)).length === before.length, { what: "Undo to restore every cookie" });
        await d.closePopup(popup);
        // The same site keeps the count; another site starts from zero.
        await d.goto(tab, url("app.test", "/"));
        await badgeIs(d, tab.tabId, "1");
        await d.goto(tab, url("other.test", "/"));
        await badgeIs(d, tab.tabId, "");
        assertEq(await stored(d, tab.tabId), null, "the tab's diagnoses after going to another site");
      },
    },
    {
      name: "no host access (Firefox lets people withhold it): the popup says so and offers a button to grant it",
      only: ["firefox"],
      async run(d) {
        const tab = await d.openTab(url("app.test", "/"));
        assert(await d.ext(async () => browser.permissions.remove({ origins: ["<all_urls>"] })), "could not withdraw host access");
        const popup = await d.openPopup(tab.tabId);
        assert(await d.popupEval(popup, () => !!document.querySelector('button[data-action="grant-host-access"]')), "no grant button");
        await d.closePopup(popup);
        await d.restoreHostAccess();
        assert(await d.ext(async () => browser.permissions.contains({ origins: ["<all_urls>"] })), "host access not restored");
      },
    },
    {
      name: "claims and cookie names holding markup: shown as text, nothing executed",
      async run(d) {
        const tab = await d.openTab(url("app.test", "/markup/"));
        await badgeIs(d, tab.tabId, "1");
        const popup = await d.openPopup(tab.tabId);
        // Open every section so lazily built parts exist too.
        const r = await d.popupEval(popup, async ([claim, cookie]) => {
          for (const det of document.querySelectorAll("details")) det.open = true;
          await new Promise((res) => setTimeout(res, 200));
          const root = document.getElementById("root");
          return {
            injected: root.querySelectorAll("img, script, svg, iframe, [onerror], [onload]").length,
            title: document.title,
            claimShown: root.textContent.includes(claim),
            cookieShown: root.textContent.includes(cookie),
          };
        }, [MARKUP_CLAIM, MARKUP_COOKIE]);
        assertEq(r.injected, 0, "elements made from data");
        assert(r.title !== "pwned", "a script ran");
        assert(r.claimShown, "the claim holding markup is not shown as text");
        assert(r.cookieShown, "the cookie name holding markup is not shown as text");
        await d.closePopup(popup);
      },
    },
  ];
}
