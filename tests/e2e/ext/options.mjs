// The options page, accessibility (axe-core) and the keyboard-only path, in both browsers.
// Each setting is changed through the options page's own controls and its effect is checked
// on a real 401 from the scenario server. The settings go back to the defaults after each test.

import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { axeCheck } from "../lib/axe.mjs";
import { serveStatic } from "../lib/server.mjs";
import { DEFAULT_SETTINGS } from "../../../extension/shared.js";
import { KEY, LOCAL_KEY } from "../../../extension/shell.js";
import { allCookies, badge, badgeIs, cheapMode, checkFullCapture, fullUntil, pick, stored } from "./scenarios.mjs";
import { assert, assertEq, sleep, waitFor } from "./util.mjs";

const WWW = resolve(dirname(fileURLToPath(import.meta.url)), "../../../dist/www");

/** The settings as stored (storage.local). */
const settingsOf = (d) => d.ext(async (key) => (await (globalThis.browser ?? chrome).storage.local.get(key))[key] ?? null, LOCAL_KEY.settings);
const resetSettings = (d) => d.ext(async (key) => (globalThis.browser ?? chrome).storage.local.remove(key), LOCAL_KEY.settings);

/** Opens the options page and waits for it to show the stored settings. */
const openOptions = (d, opts = {}) => d.openPage("options.html", { ready: 'main[aria-busy="false"]', ...opts });

/** Changes one control of the options page as a person would (value, then a change event),
 * and waits for "Saved.". */
async function setOption(d, page, id, value) {
  await d.popupEval(page, ({ id, value }) => {
    const el = document.getElementById(id);
    if (el.type === "checkbox" || el.type === "radio") el.checked = value;
    else el.value = value;
    document.getElementById("status").textContent = "";
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, { id, value });
  await waitFor(() => d.popupEval(page, () => document.getElementById("status").textContent.startsWith("Saved")), { what: `the options to save ${id}` });
}

/** Axe on a page opened by the driver, light then dark; logs the figures. */
async function axeBoth(d, page, what) {
  for (const dark of [false, true]) {
    await d.setDark(page, dark);
    const r = await axeCheck((body) => d.runScript(page, body), `${what}, ${dark ? "dark" : "light"} (${d.name})`);
    console.log(`#   axe ${d.name} ${what} ${dark ? "dark" : "light"}: 0 violations (${r.passed.length} rules passed)`);
    assert(r.passed.includes("color-contrast"), `axe did not check colour contrast on ${what}`);
  }
  await d.setDark(page, false);
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; returns how many. */
async function tabTo(d, page, selector, { back = false, max = 60 } = {}) {
  for (let i = 1; i <= max; i++) {
    await d.keys(page, [back ? "Shift+Tab" : "Tab"]);
    if (await d.popupEval(page, (s) => !!document.activeElement?.matches(s), selector)) return i;
  }
  throw new Error(`${selector} was not reached with ${max} presses of Tab`);
}

export function optionScenarios({ server, shots }) {
  let visits = 0;
  const url = (host, path) => `${server.url(host, path)}${path.includes("?") ? "&" : "?"}v=o${++visits}`;
  const withDefaults = (run) => async (d) => {
    await resetSettings(d);
    try {
      await run(d);
    } finally {
      await resetSettings(d);
    }
  };
  return [
    {
      name: "options: badge off (checkbox) → a 401 is diagnosed but not counted on the button; on again → the count shows",
      run: withDefaults(async (d) => {
        const page = await openOptions(d);
        assertEq(await d.popupEval(page, () => document.getElementById("badge").checked), true, "badge checkbox by default");
        await setOption(d, page, "badge", false);
        assertEq((await settingsOf(d)).badge, false, "stored badge setting");
        const tab = await d.openTab(url("app.test", "/expired"));
        await waitFor(async () => (await stored(d, tab.tabId))?.items.length === 1, { what: "the diagnosis" });
        assertEq(await badge(d, tab.tabId), "", "badge text with the badge off");
        await setOption(d, page, "badge", true);
        await badgeIs(d, tab.tabId, "1");
        await d.closePopup(page);
      }),
    },
    {
      name: "options: diagnoses per tab (number field) = 2 → three different 401s on a tab keep the newest two, all three counted",
      run: withDefaults(async (d) => {
        const page = await openOptions(d);
        await setOption(d, page, "perTab", "2");
        assertEq((await settingsOf(d)).perTab, 2, "stored perTab");
        const tab = await d.openTab(url("app.test", "/expired"));
        await badgeIs(d, tab.tabId, "1");
        await d.goto(tab, url("app.test", "/cors"));
        await badgeIs(d, tab.tabId, "2");
        await d.goto(tab, url("app.test", "/dup/"));
        await waitFor(async () => (await badge(d, tab.tabId)) === "3", { what: "badge 3" });
        await waitFor(async () => (await stored(d, tab.tabId))?.items.some((i) => i.finding?.causes?.[0]?.id === "duplicate-cookies"), { what: "the third diagnosis" });
        const s = await stored(d, tab.tabId);
        assertEq([s.count, s.items.length], [3, 2], "count and diagnoses kept");
        assert(!s.items.some((i) => i.finding?.causes?.[0]?.id === "token-expired"), "the oldest (token-expired) is still kept");
        await d.closePopup(page);
      }),
    },
    {
      name: "options: a site off (textarea) → nothing captured or counted there, the popup says so, its button turns it on again",
      run: withDefaults(async (d) => {
        const page = await openOptions(d);
        await setOption(d, page, "offSites", "app.test");
        assertEq((await settingsOf(d)).offSites, ["https://app.test", "http://app.test"], "stored sites (no scheme: both)");
        assertEq(await d.popupEval(page, () => document.getElementById("offSites").value), "app.test", "the textarea shows the site once");
        if (d.name === "chromium") await cheapMode(d);
        const tab = await d.openTab(url("app.test", "/expired"));
        if (d.name === "chromium") {
          await sleep(500);
          assertEq(await fullUntil(d), 0, "full capture switched on by a 401 of a site that is off");
        }
        const other = await d.openTab(url("127.0.0.1", "/ip/"));
        await badgeIs(d, other.tabId, "1"); // another site is still watched, and by now app.test's 401 went by
        await sleep(500);
        assertEq(await stored(d, tab.tabId), null, "stored diagnoses on the site that is off");
        assertEq(await badge(d, tab.tabId), "", "badge on the site that is off");
        const rest = await d.ext(async () => JSON.stringify(await (globalThis.browser ?? chrome).storage.session.get(null)));
        assert(!rest.includes("app.test/api/expired"), "app.test's request in storage.session");
        const popup = await d.openPopup(tab.tabId);
        const text = await d.popupEval(popup, () => document.querySelector("[data-site-off]")?.textContent ?? "");
        assert(text.includes("why401 is off for this site"), `the popup does not say the site is off: ${text}`);
        await d.click(popup, 'button[data-action="site-on"]');
        await waitFor(async () => (await settingsOf(d)).offSites.length === 0, { what: "the site to be on again" });
        await waitFor(() => d.popupEval(popup, () => !document.querySelector("[data-site-off]")), { what: "the popup to drop its notice" });
        await d.goto(tab, url("app.test", "/expired"));
        await badgeIs(d, tab.tabId, "1");
        await d.closePopup(popup);
        await d.closePopup(page);
      }),
    },
    {
      name: "options: capture mode always full (radio) → the first 401 already has its Cookie header (Chromium: also after a restart; automatic again → back to cheap)",
      run: withDefaults(async (d) => {
        if (d.name === "chromium") await cheapMode(d);
        const page = await openOptions(d);
        assertEq(await d.popupEval(page, () => document.getElementById("mode-auto").checked), true, "automatic by default");
        await setOption(d, page, "mode-full", true);
        assertEq((await settingsOf(d)).captureMode, "full", "stored capture mode");
        if (d.name === "chromium") await waitFor(async () => (await fullUntil(d)) === Number.MAX_SAFE_INTEGER, { what: "always-full capture" });
        const tab = await d.openTab(url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "1");
        await checkFullCapture(d, tab.tabId);
        if (d.name === "chromium") {
          await d.stopBackground();
          const again = await d.openTab(url("app.test", "/dup/"));
          await badgeIs(d, again.tabId, "1");
          await checkFullCapture(d, again.tabId);
          await setOption(d, page, "mode-auto", true);
          await waitFor(async () => (await fullUntil(d)) === 0, { what: "the always-full deadline to go" });
        }
        await d.closePopup(page);
      }),
    },
    {
      name: "settings hold no captured data: storage.local has only the settings key",
      run: withDefaults(async (d) => {
        const page = await openOptions(d);
        await setOption(d, page, "perTab", "7");
        const local = await d.ext(async () => (globalThis.browser ?? chrome).storage.local.get(null));
        assertEq(Object.keys(local), [LOCAL_KEY.settings], "storage.local keys");
        assertEq(Object.keys(local[LOCAL_KEY.settings]).sort(), Object.keys(DEFAULT_SETTINGS).sort(), "settings fields");
        await d.closePopup(page);
      }),
    },
    {
      name: "keyboard only: in the popup, open the older finding (Enter on its summary), Clear stale (Enter), Undo (Enter); focus follows",
      run: withDefaults(async (d) => {
        const tab = await d.openTab(url("app.test", "/expired"));
        await badgeIs(d, tab.tabId, "1");
        await d.goto(tab, url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "2");
        const before = pick(await allCookies(d), "sid", "app.test", "/");
        assertEq(before.length, 1, "the stale sid before");
        const popup = await d.openPopup(tab.tabId);
        await d.popupEval(popup, () => document.activeElement?.blur());
        await tabTo(d, popup, "details.w4-item-details:not([open]) > summary");
        await d.keys(popup, ["Enter"]);
        assert(await d.popupEval(popup, () => document.activeElement?.parentElement?.open === true), "Enter did not open the finding");
        await tabTo(d, popup, 'button[data-action="clear-stale"]', { back: true });
        await d.keys(popup, ["Enter"]);
        await waitFor(async () => pick(await allCookies(d), "sid", "app.test", "/").length === 0, { what: "the stale sid to go" });
        await waitFor(() => d.popupEval(popup, () => document.activeElement?.matches('button[data-action="undo"]')), { what: "focus on Undo after clearing" });
        await d.keys(popup, ["Enter"]);
        await waitFor(async () => pick(await allCookies(d), "sid", "app.test", "/").length === 1, { what: "Undo to restore sid" });
        assertEq(pick(await allCookies(d), "sid", "app.test", "/"), before, "the restored cookie");
        const status = await d.popupEval(popup, () => document.getElementById("status").textContent);
        assert(status.startsWith("Restored sid"), `status after Undo: ${status}`);
        await d.closePopup(popup);
      }),
    },
    {
      name: "accessibility (axe-core): popup empty, popup with findings (one open, Undo shown), popup of a site that is off, options page; light and dark: 0 violations",
      run: withDefaults(async (d) => {
        const empty = await d.openTab(url("other.test", "/"));
        let popup = await d.openPopup(empty.tabId);
        await axeBoth(d, popup, "popup (no 401)");
        await d.closePopup(popup);
        const tab = await d.openTab(url("app.test", "/expired"));
        await badgeIs(d, tab.tabId, "1");
        await d.goto(tab, url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "2");
        popup = await d.openPopup(tab.tabId);
        await axeBoth(d, popup, "popup (two findings)");
        await d.click(popup, 'button[data-action="reveal"]').catch(() => {});
        await d.click(popup, 'button[data-action="clear-stale"]');
        await waitFor(() => d.popupEval(popup, () => !!document.querySelector('button[data-action="undo"]')), { what: "Undo" });
        await axeBoth(d, popup, "popup (after Clear stale, details shown)");
        await d.click(popup, 'button[data-action="undo"]');
        await d.closePopup(popup);
        const page = await openOptions(d);
        await axeBoth(d, page, "options");
        await setOption(d, page, "offSites", "app.test");
        popup = await d.openPopup(tab.tabId);
        await axeBoth(d, popup, "popup (site off)");
        // The check can fail: a button without a name and grey-on-grey text are found.
        await d.popupEval(popup, () => {
          document.body.append(document.createElement("button"));
          const p = document.createElement("p");
          p.textContent = "faint";
          p.style.cssText = "color:#bbb;background:#ccc";
          document.body.append(p);
        });
        const bad = await axeCheck((body) => d.runScript(popup, body), "a popup with a nameless button").then(() => "", (e) => e.message);
        assert(bad.includes("button-name") && bad.includes("color-contrast"), `axe missed planted violations: ${bad.slice(0, 300)}`);
        await d.closePopup(popup);
        await d.closePopup(page);
      }),
    },
      {
      name: "store screenshots (1280x800): popup on an expired token, duplicate cookies (dark), after Clear stale with Undo, options page",
      only: ["chromium"],
      run: withDefaults(async (d) => {
        const frame = async (page, dark) => {
          await d.setDark(page, dark);
          // The popup as the toolbar shows it, enlarged and centred on a 1280x800 canvas.
          await d.popupEval(page, (dark) => {
            document.documentElement.style.cssText = `background:${dark ? "#0b0c0f" : "#e9ecf1"};min-height:100%`;
            document.body.style.cssText = "zoom:1.55;margin:24px auto;box-shadow:0 6px 28px rgba(0,0,0,.3);border-radius:8px;max-height:none;overflow:hidden";
          }, dark);
        };
        const tab = await d.openTab(url("app.test", "/expired"));
        await badgeIs(d, tab.tabId, "1");
        const opts = { width: 1280, height: 800, ready: '#root[aria-busy="false"]' };
        let p = await d.openPage(`popup.html?tab=${tab.tabId}`, opts);
        await frame(p, false);
        await d.viewportShot(p, `${shots}/store-1-popup-expired-token.png`);
        await d.closePopup(p);
        await d.goto(tab, url("app.test", "/dup/"));
        await badgeIs(d, tab.tabId, "2");
        p = await d.openPage(`popup.html?tab=${tab.tabId}`, opts);
        await frame(p, true);
        await d.viewportShot(p, `${shots}/store-2-popup-duplicate-cookies-dark.png`);
        await d.click(p, 'button[data-action="clear-stale"]');
        await waitFor(() => d.popupEval(p, () => !!document.querySelector('button[data-action="undo"]')), { what: "Undo" });
        await frame(p, false);
        await d.viewportShot(p, `${shots}/store-3-popup-cleared-with-undo.png`);
        await d.click(p, 'button[data-action="undo"]');
        await d.closePopup(p);
        p = await openOptions(d, { width: 1280, height: 800 });
        await d.viewportShot(p, `${shots}/store-5-options.png`);
        await d.closePopup(p);
      }),
    },
      {
      // Chromium runs the same check in tests/e2e/www.mjs.
      name: "accessibility (axe-core): the web page (dist/www) in Firefox, empty and with diagnoses, light and dark: 0 violations",
      only: ["firefox"],
      async run(d) {
        const srv = await serveStatic(WWW);
        try {
          const page = await d.openPage(`${srv.origin}/`, { ready: 'html[data-ready="1"]' });
          await axeBoth(d, page, "page (empty)");
          const inputs = {
            "curl -v, expired token": "HTTP/1.1 401 Unauthorized\r\nDate: Tue, 25 Nov 2025 14:20:00 GMT\r\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"The access token expired\"\r\n\r\n",
            "a Cookie line": "Cookie: sid=s%3Aabc.def; theme=dark; jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln",
            "a JWT": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiYXVkIjoiYXBpIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln",
          };
          for (const [what, text] of Object.entries(inputs)) {
            await d.popupEval(page, (text) => {
              const out = document.getElementById("output");
              out.dataset.before = out.dataset.done ?? "0";
              const input = document.getElementById("input");
              input.value = text;
              input.dispatchEvent(new Event("input", { bubbles: true }));
            }, text);
            await waitFor(() => d.popupEval(page, () => {
              const out = document.getElementById("output");
              return Number(out.dataset.done ?? 0) > Number(out.dataset.before);
            }), { what: `the page to analyse ${what}` });
            await d.popupEval(page, () => document.querySelectorAll("#output details").forEach((e) => { e.open = true; }));
            await sleep(100);
            await axeBoth(d, page, `page (${what})`);
          }
          await d.closePopup(page);
        } finally {
          await srv.close();
        }
      },
    },
  ];
}
