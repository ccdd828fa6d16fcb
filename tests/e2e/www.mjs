// End-to-end tests of the web page (dist/www, from `make dist`) in Debian's Chromium.
// Prints "ok"/"FAIL" per test and closes with "N passed, M failed"; exits non-zero on failure.
// Screenshots go to target/e2e/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { serveStatic } from "./lib/server.mjs";
import { launchChromium, runner } from "./lib/chromium.mjs";
import { jwt, report as sampleReport } from "./lib/sample.mjs";
import { axeCheck } from "./lib/axe.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = join(ROOT, "dist", "www");
const SHOTS = join(ROOT, "target", "e2e");
const FIXTURES = join(ROOT, "tests", "fixtures");
const TMP = mkdtempSync(join(tmpdir(), "why401-e2e-"));

// The page's one-click examples and the builders behind them (www/examples.js, an ES module in
// a folder without "type": "module": imported from its text so Node does not warn about that).
// DATE: the server's Date in the synthetic exchanges (14:20:00 UTC); EXP: tokens expire 14:02:00.
const { EXAMPLES, DATE, T_1402: EXP, har, harEntry } = await import(
  `data:text/javascript;base64,${readFileSync(join(ROOT, "www", "examples.js")).toString("base64")}`
);
/** The text of the page's example `id`. */
function example(id) {
  const ex = EXAMPLES.find((e) => e.id === id);
  assert.ok(ex, `www/examples.js has no example "${id}"`);
  return ex.text;
}

const { test, run } = runner();

// ---- helpers ------------------------------------------------------------------

async function openPage(ctx, { colorScheme = "light", viewport = { width: 1100, height: 900 } } = {}) {
  const page = await ctx.browser.newPage({ colorScheme, viewport });
  // Everything the page asks for, from any frame or worker, is recorded (test 6).
  page.on("request", (r) => ctx.requests.push(r.url()));
  page.on("pageerror", (e) => ctx.pageErrors.push(e.message));
  await page.route("**/*", (route) => {
    ctx.routed.push(route.request().url());
    return route.continue();
  });
  await page.addInitScript(() => {
    window.__xss = [];
  });
  await page.goto(`${ctx.srv.origin}/`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
  return page;
}

const doneCount = (page) => page.$eval("#output", (e) => Number(e.dataset.done) || 0);
async function waitDone(page, before, timeout = 60_000) {
  await page.waitForFunction((b) => (Number(document.getElementById("output").dataset.done) || 0) > b, before, { timeout });
}

async function paste(page, text) {
  const before = await doneCount(page);
  await page.fill("#input", text);
  await waitDone(page, before);
}

const RS = { alg: "RS256", typ: "JWT", kid: "k1" };

const iso = (ms) => new Date(ms).toISOString();

/** What the first finding's ranked causes are, in order. */
const causeIds = (page, scope = "#output") =>
  page.$$eval(`${scope} article.w4-finding [data-cause]`, (els) =>
    els.sort((a, b) => Number(a.dataset.rank) - Number(b.dataset.rank)).map((e) => e.dataset.cause),
  );

// Tags the renderer itself creates; anything else in the output came from data.
const ALLOWED_TAGS = new Set(
  "section h1 h2 h3 h4 p span ol ul li details summary div article dl dt dd table caption thead tbody tr th td meter code strong pre button aside header blockquote".split(" "),
);

async function assertInert(page, scope, label) {
  const bad = await page.$$eval(`${scope} *`, (els, allowed) => {
    const out = [];
    for (const e of els) {
      const tag = e.tagName.toLowerCase();
      if (!allowed.includes(tag)) out.push(`<${tag}>`);
      for (const a of e.getAttributeNames()) {
        if (a.startsWith("on") || a === "href" || a === "src" || a === "style" || a === "srcdoc" || a === "action" || a === "formaction") out.push(`${tag}[${a}]`);
      }
    }
    return out;
  }, [...ALLOWED_TAGS]);
  assert.deepEqual(bad, [], `${label}: elements or attributes made from data`);
  const counts = await page.$$eval(`${scope} img, ${scope} svg, ${scope} script, ${scope} iframe`, (els) => els.length);
  assert.equal(counts, 0, `${label}: img/svg/script/iframe in the output`);
  const ran = await page.evaluate(() => window.__xss.slice());
  assert.deepEqual(ran, [], `${label}: a payload ran`);
}

/** Opens every finding (lazy bodies get built) and every cause. */
async function openAll(page, scope = "#output") {
  await page.$$eval(`${scope} details`, (ds) => ds.forEach((d) => (d.open = true)));
  // toggle events are async: let them run, then open the details they created.
  await page.waitForTimeout(50);
  await page.$$eval(`${scope} details`, (ds) => ds.forEach((d) => (d.open = true)));
  await page.waitForTimeout(50);
}

// ---- tests ------------------------------------------------------------------------

test("screenshots: empty page, light and dark", async (ctx) => {
  for (const scheme of ["light", "dark"]) {
    const page = await openPage(ctx, { colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `www-${scheme}-empty.png`), fullPage: true });
    await page.close();
  }
});

test("1. pasted expired token: token-expired first, with the expiry time", async (ctx) => {
  // curl -v output whose token expired at 14:02 UTC, 18 min before the server's Date.
  const text = example("expired-token");
  const token = example("token-only");
  assert.ok(text.includes(`Bearer ${token}`), "the expired-token example carries the token-only example's token");
  for (const scheme of ["light", "dark"]) {
    const page = await openPage(ctx, { colorScheme: scheme });
    await paste(page, text);
    const ids = await causeIds(page);
    assert.equal(ids[0], "token-expired", `causes: ${ids.join(", ")}`);
    const kind = await page.$eval("#output .w4-detected", (e) => e.dataset.kind);
    assert.equal(kind, "curl");
    const body = await page.$eval("#output article.w4-finding", (e) => e.innerText);
    assert.match(body, /14:02(:00)? UTC/, "the expiry time is shown");
    assert.match(body, /expired/i);
    await page.screenshot({ path: join(SHOTS, `www-${scheme}-diagnosis.png`), fullPage: true });
    if (scheme === "light") {
      // "Copy report": the Markdown report, signature masked.
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: ctx.srv.origin });
      await page.click("#copy");
      await page.waitForFunction(() => /copied|selected/i.test(document.getElementById("status").textContent));
      const md = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(md, /token-expired/);
      assert.ok(!md.includes(token.split(".")[2]), "the copied report holds the signature");
      // A token alone is decoded: its expiry is read out.
      await paste(page, token);
      assert.equal(await page.$eval("#output .w4-detected", (e) => e.dataset.kind), "jwt");
      const t = await page.$eval("#output", (e) => e.innerText);
      assert.match(t, /exp: expired .* ago \(2025-11-25 14:02(:00)? UTC\)/);
      await page.setViewportSize({ width: 390, height: 844 });
      await paste(page, text);
      await page.screenshot({ path: join(SHOTS, "www-phone-diagnosis.png"), fullPage: true });
    }
    await page.close();
  }
});

test("2. pasted curl -v with insufficient_scope: insufficient-scope first", async (ctx) => {
  // A DELETE with a token scoped orders:read; the challenge asks for orders:write.
  const text = example("insufficient-scope");
  const page = await openPage(ctx);
  await paste(page, text);
  const ids = await causeIds(page);
  assert.equal(ids[0], "insufficient-scope", `causes: ${ids.join(", ")}`);
  await page.close();
});

// What each one-click example must show: the detected input kind, the top cause, causes that
// must (listed) or must not (absent, notFirst) be there, text the output or notes must hold.
// Every example on the page needs a row.
const EXAMPLE_EXPECTED = {
  "expired-token": { kind: "curl", top: "token-expired" },
  "token-only": { kind: "jwt", text: /exp: expired .* ago \(2025-11-25 14:02(:00)? UTC\)/ },
  // Tokens issued before the server's Date: nothing says "not yet valid".
  "wrong-audience": { kind: "curl", top: "audience-mismatch", absent: ["token-not-yet-valid"] },
  "insufficient-scope": { kind: "curl", top: "insufficient-scope", absent: ["token-not-yet-valid"] },
  // https login sets a Secure cookie; the next request goes over plain http without it.
  "cookie-not-sent": { kind: "har", top: "insecure-transport", listed: ["cookies-not-sent"] },
  "basic-wrong-password": { kind: "headers", top: "credentials-rejected" },
  "bearer-undefined": { kind: "headers", top: "authorization-malformed" },
  // A Chromium HAR without any credential header may be sanitized: say so, blame nothing.
  "sanitized-har": { kind: "har", notFirst: ["no-credentials", "cookies-not-sent"], note: "sanitized" },
};

test("examples: every one-click example on the page shows its expected diagnosis", async (ctx) => {
  const page = await openPage(ctx);
  const onPage = await page.$$eval("#examples button[data-example]", (bs) => bs.map((b) => b.dataset.example));
  assert.deepEqual(onPage, EXAMPLES.map((e) => e.id), "the page's example buttons are www/examples.js's");
  assert.deepEqual([...onPage].sort(), Object.keys(EXAMPLE_EXPECTED).sort(), "an example without an expectation here, or the reverse");
  const wrong = [];
  for (const id of onPage) {
    const want = EXAMPLE_EXPECTED[id];
    const before = await doneCount(page);
    await page.click(`#examples button[data-example="${id}"]`);
    await waitDone(page, before);
    assert.equal(await page.$eval("#input", (e) => e.value), example(id), `${id}: the input shows the example`);
    const kind = await page.$eval("#output .w4-detected", (e) => e.dataset.kind);
    if (kind !== want.kind) wrong.push(`${id}: detected ${kind}, expected ${want.kind}`);
    const ids = await causeIds(page);
    if (want.top && ids[0] !== want.top) wrong.push(`${id}: causes ${ids.join(", ")}, expected ${want.top} first`);
    for (const c of want.listed || []) if (!ids.includes(c)) wrong.push(`${id}: ${c} not listed (${ids.join(", ")})`);
    for (const c of want.notFirst || []) if (ids[0] === c) wrong.push(`${id}: ${c} ranked first`);
    for (const c of want.absent || []) if (ids.includes(c)) wrong.push(`${id}: ${c} listed (${ids.join(", ")})`);
    if (want.kind !== "jwt" && ids.length === 0) wrong.push(`${id}: no finding shown`);
    const out = await page.$eval("#output", (e) => e.innerText);
    if (want.text && !want.text.test(out)) wrong.push(`${id}: output lacks ${want.text}`);
    if (want.note) {
      const notes = await page.$eval("#output", (e) => e.querySelector(".w4-notes")?.textContent ?? "");
      if (!notes.toLowerCase().includes(want.note)) wrong.push(`${id}: notes lack "${want.note}": ${notes}`);
    }
  }
  await page.close();
  assert.deepEqual(wrong, [], "examples diagnosed differently from what they show");
});

test("3. real captured HARs (chromium), by file picker and by drop: every 401 listed, expected top cause", async (ctx) => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8"));
  const list = (expected.fixtures || expected).filter((f) => f.captured === "chromium" && /\.har$/.test(f.file));
  assert.ok(list.length > 0, "no chromium HAR fixtures in tests/fixtures/expected.json");
  const page = await openPage(ctx);
  const wrong = [];
  for (const fx of list) {
    const path = join(FIXTURES, fx.file);
    const text = readFileSync(path, "utf8");
    const har = JSON.parse(text);
    // The CLI (the same core, natively) is the reference: every 401/407 except a challenge the
    // client answered by its own retry (a note, not a finding).
    const cli = JSON.parse(execFileSync(join(ROOT, "target/release/why401"), ["diagnose", "--json", path], { encoding: "utf8" }));
    const failing = cli.findings.map((f) => f.entry).sort((a, b) => a - b);
    const all = har.log.entries.map((e, i) => [i, e.response.status]).filter(([, s]) => s === 401 || s === 407).map(([i]) => i);
    assert.ok(failing.length > 0 && failing.every((i) => all.includes(i)), `${fx.file}: the CLI lists ${JSON.stringify(failing)} of the 401/407s ${JSON.stringify(all)}`);
    for (const how of ["picker", "drop"]) {
      const before = await doneCount(page);
      if (how === "picker") {
        await page.setInputFiles("#file", path);
      } else {
        await page.evaluate(
          ({ name, text }) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], name, { type: "application/json" }));
            const target = document.getElementById("drop");
            for (const type of ["dragenter", "dragover", "drop"]) {
              target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
            }
          },
          { name: fx.file.split("/").pop(), text },
        );
      }
      await waitDone(page, before);
      const items = await page.$$eval("#output details[data-finding]", (ds) => ds.map((d) => ({ entry: Number(d.dataset.entry), top: d.dataset.topCause })));
      const entries = items.map((i) => i.entry).sort((a, b) => a - b);
      if (JSON.stringify(entries) !== JSON.stringify(failing)) {
        wrong.push(`${fx.file} (${how}): listed entries ${JSON.stringify(entries)}, expected the CLI's ${JSON.stringify(failing)}`);
        continue;
      }
      const it = items.find((i) => i.entry === fx.entry);
      if (!it) {
        wrong.push(`${fx.file} (${how}): entry ${fx.entry} not listed`);
      } else if (fx.top) {
        if (it.top !== fx.top) wrong.push(`${fx.file} (${how}): entry ${fx.entry} top cause ${it.top}, expected ${fx.top}`);
      } else {
        // No cause can be concluded (e.g. a HAR that may be sanitized): none of the absent
        // ones may lead, and the page must say why in its notes.
        if ((fx.absent || []).includes(it.top)) wrong.push(`${fx.file} (${how}): entry ${fx.entry} top cause ${it.top}, which must be absent`);
        if (fx.note_contains) {
          const notes = await page.$eval("#output", (e) => e.querySelector(".w4-notes")?.textContent ?? "");
          if (!notes.toLowerCase().includes(fx.note_contains.toLowerCase())) wrong.push(`${fx.file} (${how}): notes lack "${fx.note_contains}": ${notes}`);
        }
      }
    }
  }
  console.log(`     ${list.length} fixtures, each by picker and by drop`);
  await page.screenshot({ path: join(SHOTS, "www-light-har.png"), fullPage: true });
  await page.close();
  assert.deepEqual(wrong, [], "fixtures diagnosed differently from tests/fixtures/expected.json");
});

test("4. a 30 MB HAR: progress shown, page responsive, result right", async (ctx) => {
  const path = join(TMP, "big.har");
  const failing = await writeBigHar(path, 30 * 1024 * 1024);
  const size = statSync(path).size;
  assert.ok(size >= 30 * 1024 * 1024, `HAR is ${size} bytes`);
  const page = await openPage(ctx);
  await page.evaluate(() => {
    const p = document.getElementById("progress");
    window.__phases = [];
    new MutationObserver(() => {
      if (!p.hidden && p.dataset.phase && window.__phases.at(-1) !== p.dataset.phase) window.__phases.push(p.dataset.phase);
    }).observe(p, { attributes: true });
    window.__gap = { max: 0, last: performance.now(), ticks: 0 };
    setInterval(() => {
      const now = performance.now();
      window.__gap.max = Math.max(window.__gap.max, now - window.__gap.last);
      window.__gap.last = now;
      window.__gap.ticks++;
    }, 10);
  });
  const before = await doneCount(page);
  await page.evaluate(() => {
    window.__gap.max = 0;
    window.__gap.last = performance.now();
    window.__gap.ticks = 0;
  });
  const t0 = Date.now();
  await page.setInputFiles("#file", path);
  await waitDone(page, before, 180_000);
  const wall = Date.now() - t0;
  const { gap, phases, ms, status } = await page.evaluate(() => ({
    gap: window.__gap,
    phases: window.__phases,
    ms: Number(document.getElementById("status").dataset.ms),
    status: document.getElementById("status").textContent,
  }));
  console.log(`     ${(size / 1048576).toFixed(1)} MB HAR: worker ${ms} ms, until shown ${wall} ms; max main-thread gap ${gap.max.toFixed(0)} ms over ${gap.ticks} ticks; phases ${phases.join(" → ")}; status "${status}"`);
  assert.ok(phases.includes("reading"), `progress phases seen: ${phases}`);
  assert.ok(gap.ticks > 10, "the interval kept firing");
  assert.ok(gap.max < 250, `main thread blocked for ${gap.max.toFixed(0)} ms`);
  const items = await page.$$eval("#output details[data-finding]", (ds) => ds.map((d) => ({ entry: Number(d.dataset.entry), top: d.dataset.topCause })));
  assert.deepEqual(items.map((i) => i.entry).sort((a, b) => a - b), failing);
  for (const i of items) assert.equal(i.top, "token-expired", `entry ${i.entry}`);
  await page.screenshot({ path: join(SHOTS, "www-light-har-list.png"), fullPage: true });
  await page.close();
  rmSync(path, { force: true });
});

test("4b. a HAR with 300 401s is streamed: findings come in batches, the list builds only what is on screen, scroll, open and copy work", async (ctx) => {
  const { writeHar } = await import("../bench/genhar.mjs");
  const path = join(TMP, "many.har");
  const { failures } = await writeHar(path, { bytes: 4_000_000, every: 2 });
  assert.ok(failures >= 250, `${failures} failures`);
  const page = await ctx.browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", (e) => ctx.pageErrors.push(e.message));
  // Every message the page gets from its worker, by type, in order.
  await page.addInitScript(() => {
    window.__msgs = [];
    const W = window.Worker;
    window.Worker = class extends W {
      constructor(...a) {
        super(...a);
        this.addEventListener("message", (e) => window.__msgs.push(e.data?.type));
      }
    };
  });
  await page.goto(`${ctx.srv.origin}/`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "1");
  const before = await doneCount(page);
  await page.setInputFiles("#file", path);
  await waitDone(page, before, 120_000);
  const msgs = await page.evaluate(() => window.__msgs);
  const batches = msgs.filter((m) => m === "findings").length;
  assert.ok(batches >= 2, `findings came in ${batches} batch(es): ${msgs.join(",")}`);
  assert.ok(msgs.indexOf("findings") < msgs.indexOf("result"), "the first findings came before the result");
  const heading = await page.$eval("#output .w4-findings h2", (e) => e.textContent);
  assert.equal(heading, `${failures} requests answered 401 or 407`);
  const shown = await page.$$eval("#output details[data-finding]", (ds) => ds.map((d) => Number(d.dataset.finding)));
  assert.ok(shown.length > 5 && shown.length < failures / 2, `${shown.length} of ${failures} findings built`);
  // Newest first: the top one is the last failure in the file.
  assert.equal(shown[0], failures - 1);
  // Scrolled to the end: the oldest finding is built, the newest no longer.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => document.querySelector('#output details[data-finding="0"]'), null, { timeout: 10_000 });
  assert.equal(await page.$(`#output details[data-finding="${failures - 1}"]`), null);
  // Opened: its full view is built; it stays open when scrolled away and back.
  await page.click('#output details[data-finding="0"] > summary');
  await page.waitForSelector('#output details[data-finding="0"][open] .w4-body');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForSelector(`#output details[data-finding="${failures - 1}"]`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForSelector('#output details[data-finding="0"][open] .w4-body');
  // The copied report covers every finding (built by the worker, which kept the report).
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: ctx.srv.origin });
  await page.click("#copy");
  await page.waitForFunction(() => /copied|selected/i.test(document.getElementById("status").textContent));
  const md = await page.evaluate(() => navigator.clipboard.readText());
  const urls = md.match(/\/api\/v1\/(orders|users\/me|invoices|reports)\/\d+/g) ?? [];
  assert.ok(new Set(urls).size >= failures, `the report names ${new Set(urls).size} of ${failures} failed URLs`);
  await page.close();
  rmSync(path, { force: true });
});

/** Writes a HAR of at least `bytes`: padding 200s with 10 KB bodies, and a few expired-token 401s. */
async function writeBigHar(path, bytes) {
  const out = createWriteStream(path);
  const write = (s) => new Promise((ok) => (out.write(s) ? ok() : out.once("drain", ok)));
  await write('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[\n');
  const token = jwt(RS, { iss: "https://login.example.com/", sub: "user-4711", aud: "https://api.example.com", iat: EXP - 3600, exp: EXP });
  const pad = "x".repeat(10_000);
  let written = 200;
  const failing = [];
  const t0 = Date.parse("2025-11-25T14:20:00Z"); // the token expired at 14:02
  for (let i = 0; written < bytes + 20_000; i++) {
    const is401 = i % 150 === 149;
    const date = new Date(t0 + i * 100).toUTCString(); // the server's clock agrees with the client's
    const e = harEntry(
      iso(t0 + i * 100),
      "GET",
      `https://api.example.com/v1/items/${i}`,
      [["Host", "api.example.com"], ["Accept", "application/json"], ["Authorization", `Bearer ${token}`]],
      is401 ? 401 : 200,
      is401
        ? [["Date", date], ["WWW-Authenticate", 'Bearer realm="api", error="invalid_token", error_description="The access token expired"']]
        : [["Date", date], ["Content-Type", "application/json"]],
      is401 ? '{"error":"invalid_token"}' : `{"pad":"${pad}"}`,
    );
    if (is401) failing.push(i);
    const s = (i ? ",\n" : "") + JSON.stringify(e);
    written += s.length;
    await write(s);
  }
  await write("\n]}}\n");
  await new Promise((ok) => out.end(ok));
  return failing;
}

// Each payload records itself in window.__xss if it ever runs.
const PAYLOADS = [
  "<img src=x onerror=__xss.push(1)>",
  "<svg onload=__xss.push(2)>",
  "javascript:__xss.push(3)",
  '"><script>__xss.push(4)</script>',
  "\u202Egnp.exe\u202C<b>rtl</b>",
  "A".repeat(100 * 1024),
  "${__xss.push(7)}`${__xss.push(7)}`",
  "</textarea><img src=x onerror=__xss.push(8)>",
  "<style>*{display:none!important}</style>",
  '<iframe src="javascript:__xss.push(10)"></iframe>',
  "'-__xss.push(11)-'",
  '<a href="javascript:__xss.push(12)">click</a>',
  "<math><mtext><table><mglyph><style><img src=x onerror=__xss.push(13)>",
  "{{constructor.constructor('__xss.push(14)')()}}",
  "<details open ontoggle=__xss.push(15)>",
  '<object data="javascript:__xss.push(16)"></object>',
  '<embed src="javascript:__xss.push(17)">',
  "data:text/html,<script>__xss.push(18)</script>",
  "<body onload=__xss.push(19)>",
  "%3Cscript%3E__xss.push(20)%3C/script%3E",
  "&lt;img src=x onerror=__xss.push(21)&gt;",
  "<link rel=stylesheet href=/evil.css>",
  "\u0000<script>__xss.push(23)</script>",
  "<input autofocus onfocus=__xss.push(24)>",
  "<marquee onstart=__xss.push(25)>x</marquee>",
  '<div style="background:url(javascript:__xss.push(26))">',
];

test(`5. XSS corpus (${PAYLOADS.length} payloads) in claims, header values, cookie names, URLs stays text`, async (ctx) => {
  // (a) through the real pipeline: a HAR whose every field carries the payloads.
  const entries = PAYLOADS.map((p, i) => {
    const token = jwt({ alg: "RS256", typ: "JWT", kid: p }, { sub: p, iss: p, aud: p, [p]: p, name: p, exp: EXP });
    return harEntry(
      iso(Date.parse("2025-11-25T14:19:00Z") + i * 1000),
      "GET",
      `https://xss.example/p/${p}?q=${p}`,
      [["Host", "xss.example"], ["Authorization", `Bearer ${token}`], ["Cookie", `${p}=${p}; sid=${p}`], ["X-Custom", p]],
      401,
      [["Date", DATE], ["WWW-Authenticate", `Bearer realm="${p}", error="invalid_token", error_description="${p}"`], ["X-Request-Id", p], ["Set-Cookie", `${p}=1; Path=/${p}`]],
      p,
    );
  });
  const harPath = join(TMP, "xss.har");
  writeFileSync(harPath, har(entries));
  const page = await openPage(ctx);
  const before = await doneCount(page);
  await page.setInputFiles("#file", harPath);
  await waitDone(page, before);
  const n = await page.$$eval("#output details[data-finding]", (d) => d.length);
  assert.equal(n, PAYLOADS.length, "every payload's 401 is listed");
  await openAll(page);
  const reveal = await page.$("#output [data-action=reveal]");
  if (reveal) {
    await reveal.click();
    await openAll(page);
  }
  await assertInert(page, "#output", "HAR pipeline");
  const text = await page.$eval("#output", (e) => e.textContent);
  for (const p of ["<img src=x onerror=__xss.push(1)>", "<svg onload=__xss.push(2)>", '"><script>__xss.push(4)</script>', "⟨U+202E⟩gnp.exe"]) {
    assert.ok(text.includes(p), `payload shown as text: ${p}`);
  }
  // Also paste the first one as a curl -v exchange and as a bare token.
  const p0 = PAYLOADS[0];
  await paste(page, jwt(RS, { sub: p0, [p0]: p0, exp: EXP }));
  await assertInert(page, "#output", "pasted token");
  assert.ok((await page.$eval("#output", (e) => e.textContent)).includes(p0));

  // (b) the renderer alone, page and popup mode, every field of a Report set to the payload.
  await page.evaluate(() => {
    const d = document.createElement("div");
    d.id = "direct";
    document.body.append(d);
  });
  for (const [i, p] of PAYLOADS.entries()) {
    for (const mode of ["page", "popup"]) {
      const r = sampleReport(2, { s: p });
      await page.evaluate(
        async ({ r, mode, p }) => {
          const m = await import("./why401.js");
          const root = document.getElementById("direct");
          const view = mode === "popup" ? { kind: "extension", report: r, context: { tabUrl: p, hostAccess: false, undo: { cookies: [] } } } : { kind: "har", report: r, notes: [p] };
          m.render(root, view, { mode, nowMs: 1764091200000, reveal: true });
        },
        { r, mode, p },
      );
      await openAll(page, "#direct");
      // Arm the two-step "clear site" button: its confirm text comes from data.
      const arm = await page.$("#direct [data-action=clear-site]");
      if (arm) await arm.click();
      await assertInert(page, "#direct", `direct render, payload ${i}, ${mode}`);
    }
  }
  await page.close();
});

test("popup mode: empty state, host access, actions with two-step clear (screenshots)", async (ctx) => {
  for (const scheme of ["light", "dark"]) {
    const page = await openPage(ctx, { colorScheme: scheme, viewport: { width: 800, height: 600 } });
    const events = await page.evaluate(async (r) => {
      const m = await import("./why401.js");
      document.body.textContent = "";
      const root = document.createElement("div");
      document.body.append(root);
      const seen = [];
      root.addEventListener("why401-action", (e) => seen.push(JSON.parse(JSON.stringify(e.detail))));
      m.render(root, { kind: "extension", report: { findings: [], notes: [] }, context: { tabUrl: "https://app.example.com/", hostAccess: true, undo: null } }, { mode: "popup", nowMs: 1764091200000 });
      const empty = root.querySelector(".w4-empty-state")?.textContent || "";
      m.render(root, { kind: "extension", report: r, context: { tabUrl: "https://app.example.com/", hostAccess: false, undo: { cookies: [{ name: "session" }] } } }, { mode: "popup", nowMs: 1764091200000 });
      const click = (sel) => root.querySelector(sel).click();
      click("[data-action=grant-host-access]");
      click("[data-action=clear-stale]");
      click("[data-action=copy-report]");
      const site = root.querySelector("[data-action=clear-site]");
      site.click(); // arms
      const armedText = site.textContent;
      site.click(); // confirms
      click("[data-action=undo]");
      click("[data-action=reload]");
      return { seen, empty, armedText, width: root.getBoundingClientRect().width };
    }, sampleReport(2));
    assert.match(events.empty, /nothing is sent anywhere/i);
    const actions = events.seen.map((e) => e.action);
    assert.deepEqual(actions, ["grant-host-access", "clear-stale", "copy-report", "clear-site", "undo", "reload"]);
    const stale = events.seen[1];
    assert.equal(stale.finding, 1, "the newest finding is open first");
    assert.deepEqual(stale.cookies.map((c) => [c.name, c.domain, c.path]), [["session", ".example.com", "/"]]);
    assert.match(events.armedText, /Really clear all cookies of example\.com and its subdomains\?/);
    assert.ok(events.width <= 800, `popup width ${events.width}`);
    await page.screenshot({ path: join(SHOTS, `www-popup-${scheme}.png`), fullPage: true });
    await page.close();
  }
});

test("7. secrets in ten places of a HAR: neither the page nor the copied report holds one", async (ctx) => {
  // Ten distinct random-looking secrets; the JWT's signature is the tenth.
  const S = Array.from({ length: 10 }, (_, i) => `Zq${i}k8Xw3Lm9Vb2Nt7Rp4Hc6Yd1Jf5Gs0`);
  const token = jwt(RS, { sub: "user-42", exp: 4102444800 }, S[9]);
  const last = `https://api.example.com/v1/me/${S[3]}?authToken=${S[4]}#id_token=${token}`;
  const redirect = harEntry("2025-11-25T14:01:59.000Z", "GET", `https://bob:${S[1]}@old.example.com/v1/me?password=${S[2]}`,
    [["Authorization", `Bearer ${token}`]], 302, [["Location", last]]);
  redirect.response.redirectURL = last;
  const text = har([
    harEntry("2025-11-25T14:01:58.000Z", "OPTIONS", `https://api.example.com/v1/orders?api_key=${S[0]}`,
      [["Access-Control-Request-Method", "POST"], ["Origin", "https://app.example.com"]], 401, []),
    redirect,
    harEntry("2025-11-25T14:02:00.000Z", "GET", last,
      [["Cookie", `sid=${S[5]}`], ["X-Api-Key", S[6]]], 401,
      [["Set-Cookie", `sid=${S[7]}; Path=/; Secure`], ["Date", DATE]],
      JSON.stringify({ error: "unauthorized", refresh_token: S[8] })),
  ]);
  const page = await openPage(ctx);
  await paste(page, text);
  const html = await page.$eval("#output", (e) => e.outerHTML);
  assert.ok(html.includes("‹"), "placeholders are shown");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: ctx.srv.origin });
  await page.click("#copy");
  await page.waitForFunction(() => /copied|selected/i.test(document.getElementById("status").textContent));
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(md, /‹/);
  for (const secret of [...S, token.split(".")[2]]) {
    assert.ok(!html.includes(secret), `${secret} in the page`);
    assert.ok(!md.includes(secret), `${secret} in the copied report`);
  }
  await page.close();
});

test("accessibility (axe-core): the page empty, with each example's diagnosis (every detail open) and a HAR's list, light and dark: 0 violations", async (ctx) => {
  const EX = ["expired-token", "token-only", "cookie-not-sent", "basic-wrong-password", "sanitized-har"];
  for (const scheme of ["light", "dark"]) {
    const page = await openPage(ctx, { colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const check = async (what) => {
      const r = await axeCheck((body) => page.evaluate(`(async () => { ${body} })()`), `the page, ${what}, ${scheme}`);
      assert.ok(r.passed.includes("color-contrast"), `axe did not check contrast on ${what}`);
      console.log(`#   axe chromium page ${what} ${scheme}: 0 violations (${r.passed.length} rules passed)`);
    };
    await check("empty");
    const LINES = {
      "a Cookie line": "Cookie: sid=s%3Aabc.def; theme=dark; jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln",
      "a Set-Cookie line": "Set-Cookie: sid=abc; Path=/; HttpOnly; SameSite=None",
      "an Authorization line": "Authorization: Basic dXNlcjpwYXNz",
    };
    for (const id of [...EX, ...Object.keys(LINES)]) {
      await paste(page, LINES[id] ?? example(id));
      await openAll(page);
      await check(`example ${id}`);
      // Store screenshots (1280x800, the viewport): the web page with a diagnosis.
      if (id === "cookie-not-sent" && scheme === "light") await page.screenshot({ path: join(SHOTS, "store-4-web-page.png") });
    }
    await page.close();
  }
});

test("6. the page requests nothing but its own files", async (ctx) => {
  assert.ok(ctx.requests.length > 5, "requests were recorded");
  const foreign = [...ctx.requests, ...ctx.routed].filter((u) => !u.startsWith(`${ctx.srv.origin}/`) && !u.startsWith("data:") && !u.startsWith("blob:"));
  assert.deepEqual([...new Set(foreign)], [], "requests to other origins");
  const served = new Set(ctx.srv.requests);
  for (const f of ["/", "/app.js", "/worker.js", "/why401.js", "/why401_bg.wasm", "/why401.css"]) assert.ok(served.has(f), `${f} served`);
  assert.deepEqual(ctx.pageErrors, [], "uncaught page errors");
});

await run({
  before: async () => {
    if (!existsSync(join(DIST, "index.html")) || !existsSync(join(DIST, "why401_bg.wasm"))) {
      throw new Error("dist/www is not built: run `make dist` (or `make wasm && node www/build.mjs`)");
    }
    mkdirSync(SHOTS, { recursive: true });
    const srv = await serveStatic(DIST);
    const browser = await launchChromium();
    return { srv, browser, requests: [], routed: [], pageErrors: [] };
  },
  after: async (ctx) => {
    await ctx.browser.close();
    await ctx.srv.close();
    rmSync(TMP, { recursive: true, force: true });
  },
});
