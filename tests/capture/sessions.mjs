// Session-cookie formats (issue 11): real framework session cookies in real
// Chromium. Starts its own servers (Django with signed-cookie sessions, express
// + cookie-session), runs the scenarios, writes one HAR each to
// tests/fixtures/har/ and their rows in expected.json. Needs .venv (run.sh makes
// it) and node_modules. Usage: node sessions.mjs [scenario-name-substring ...]
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HarRecorder } from './har.mjs';
import { updateExpected } from './expected.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, '..', 'fixtures', 'har');
const RUN = process.env.WHY401_CAPTURE_RUN || '/tmp/why401-capture-sessions';
const P = { djangoSigned: 18230, cookieSession: 18229 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function pfetch(page, url, init = {}) {
  return page.evaluate(async ([url, init]) => {
    try { const r = await fetch(url, init); return { status: r.status, text: (await r.text()).slice(0, 300) }; }
    catch (e) { return { error: String(e) }; }
  }, [url, init]);
}

const S = [];
const scenario = (name, opts, run) => S.push({ name, ...opts, run });

scenario('session-expired-django-signed-cookies', { stack: 'Django 5 (signed-cookie sessions)',
  expect: [{ url: '/app/me', top: 'session-expired', absent: ['token-malformed', 'unsigned-token', 'no-credentials', 'credentials-rejected'],
    note: 'Django with SESSION_ENGINE signed_cookies: the session is signing.dumps in the `sessionid` cookie (`.eJ…:<base62 ts>:<sig>`, three parts, not a JWT); SESSION_COOKIE_AGE=2 with SESSION_EXPIRE_AT_BROWSER_CLOSE, so 3 s later the browser still sends it and Django finds its timestamp too old' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.djangoSigned}/app/login`);
  await sleep(3000);
  console.log(await pfetch(page, '/app/me'));
});

scenario('session-expired-cookie-session-keys-rotated', { stack: 'express 5 + cookie-session',
  expect: [{ url: '/api/me', top: 'session-expired', absent: ['token-malformed', 'no-credentials', 'cookies-not-sent'],
    note: 'cookie-session keeps the session in the `session` cookie (base64 JSON, readable) with its keygrip signature in `session.sig`; a restart drew new keys, the signature no longer matches, cookie-session hands the app an empty session and the guard answers sendStatus(401)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.cookieSession}/login`);
  await page.goto(`http://app.why401.test:${P.cookieSession}/`);
  console.log(await pfetch(page, '/restart'));
  console.log(await pfetch(page, '/api/me'));
});

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP *.test 127.0.0.1'];

function pick(har, ex) {
  const idx = [];
  har.log.entries.forEach((e, i) => {
    if (e.response.status !== 401) return;
    if (ex.url && !e.request.url.includes(ex.url)) return;
    idx.push(i);
  });
  return idx.length ? idx[0] : null;
}

async function runOne(sc) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable', { maxPostDataSize: 65536 });
  const rec = new HarRecorder(cdp);
  page.setDefaultTimeout(15000);
  const goto = page.goto.bind(page);
  page.goto = async (...a) => { const r = await goto(...a); await sleep(400); return r; };
  try { await sc.run({ page, context }); } catch (e) { console.log(`  scenario error: ${String(e).split('\n')[0]}`); }
  await sleep(600);
  await rec.settle();
  const title = await page.title().catch(() => '');
  await browser.close();
  const har = rec.toHar({ title });
  const file = `har/${sc.name}.har`;
  fs.writeFileSync(path.join(OUT, `${sc.name}.har`), JSON.stringify(har, null, 2) + '\n');
  const rows = [];
  for (const ex of sc.expect) {
    const entry = pick(har, ex);
    if (entry === null) { console.log(`  !! ${sc.name}: no matching 401 entry`); continue; }
    rows.push({ file, entry, top: ex.top, absent: ex.absent, stack: sc.stack, captured: 'chromium', note: ex.note });
  }
  console.log(`  ${sc.name}: ${har.log.entries.length} entries -> ${rows.map((r) => `#${r.entry}`).join(', ')}`);
  return rows;
}

async function waitPort(port) {
  for (let i = 0; i < 100; i++) {
    try { await fetch(`http://127.0.0.1:${port}/`); return; } catch { await sleep(100); }
  }
  throw new Error(`port ${port} did not open`);
}

fs.mkdirSync(RUN, { recursive: true });
const env = { ...process.env, WHY401_SECRET: 'why401-capture-secret-not-a-real-one' };
const servers = [
  spawn(path.join(HERE, '.venv/bin/python'), [path.join(HERE, 'servers/django_app.py'), String(P.djangoSigned), path.join(RUN, 'django-signed.sqlite3')],
    { env: { ...env, WHY401_DJANGO_SESSIONS: 'signed_cookies' }, stdio: 'inherit' }),
  spawn('node', [path.join(HERE, 'servers/cookie-session-app.mjs'), String(P.cookieSession)], { env, stdio: 'inherit' }),
];
try {
  await Promise.all(Object.values(P).map(waitPort));
  const filters = process.argv.slice(2);
  for (const sc of S.filter((s) => !filters.length || filters.some((f) => s.name.includes(f)))) {
    console.log(`scenario ${sc.name}`);
    updateExpected([{ file: `har/${sc.name}.har`, rows: await runOne(sc) }]);
  }
} finally {
  for (const s of servers) s.kill();
}
