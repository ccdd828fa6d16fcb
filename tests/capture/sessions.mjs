// Session-cookie formats and refresh races (issue 11): real framework session
// cookies and a real OpenID Provider in real Chromium. Starts its own servers
// (Django with signed-cookie sessions, express + cookie-session, oidc-provider
// with rotating refresh tokens), runs the scenarios, writes one HAR each to
// tests/fixtures/har/ and their rows in expected.json. Needs .venv (run.sh makes
// it) and node_modules. Usage: node sessions.mjs [scenario-name-substring ...]
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HarRecorder, pfetch } from './har.mjs';
import { updateExpected } from './expected.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, '..', 'fixtures', 'har');
const RUN = process.env.WHY401_CAPTURE_RUN || '/tmp/why401-capture-sessions';
const P = { djangoSigned: 18230, cookieSession: 18229, oidcRefresh: 18231, flaskSession: 18232 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


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

scenario('session-expired-flask-session-secret-rotated', { stack: 'Flask 3 (signed session cookie)',
  expect: [{ url: '/api/me', top: 'session-expired', absent: ['token-malformed', 'unsigned-token', 'no-credentials', 'cookies-not-sent'],
    note: 'Flask\'s own session cookie `session` (itsdangerous `eyJ….<ts>.<sig>`: three dot-separated parts, the first base64 JSON without `alg`, so not a JWT and never token-malformed); a restart drew a new SECRET_KEY, the signature no longer verifies, Flask hands the view an empty session and it answers 401 {"error":"not signed in"}' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.flaskSession}/login`);
  await page.goto(`http://app.why401.test:${P.flaskSession}/`);
  console.log(await pfetch(page, '/restart'));
  console.log(await pfetch(page, '/api/me'));
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

scenario('refresh-race-oidc-provider-two-tabs', { stack: 'oidc-provider (rotating refresh tokens)', tabs: 2,
  expect: [{ url: '/me', top: 'refresh-race', absent: ['token-malformed', 'no-credentials', 'token-expired'],
    note: 'oidc-provider 9 with rotateRefreshToken and its reuse detection; a SPA (public client, code + PKCE, offline_access) keeps its tokens in localStorage. Two tabs refresh at once with the same refresh token: the first gets new tokens, the second is refused 400 invalid_grant ("refresh token already used") and the provider revokes the grant, so the access token the first tab just got answers 401 invalid_token at /me (userinfo)' }] },
async ({ page, page2 }) => {
  const O = `http://localhost:${P.oidcRefresh}`;
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  await page.goto(`${O}/`);
  await page.goto(`${O}/auth?client_id=why401-spa&response_type=code&scope=openid%20offline_access&prompt=consent&redirect_uri=${encodeURIComponent(`${O}/cb`)}&code_challenge=${challenge}&code_challenge_method=S256`);
  await page.fill('input[name=login]', 'alice');
  await page.fill('input[name=password]', 'any');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await Promise.all([page.waitForURL(/\/cb\?/), page.click('button[type=submit]')]);
  await sleep(400);
  const code = new URL(page.url()).searchParams.get('code');
  console.log(await page.evaluate(async ([code, verifier]) => {
    const r = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: location.origin + '/cb', client_id: 'why401-spa' }) });
    const j = await r.json();
    if (r.ok) localStorage.setItem('tokens', JSON.stringify(j));
    return { status: r.status, refresh_token: Boolean(j.refresh_token) };
  }, [code, verifier]));
  await page2.goto(`${O}/`);
  // Both tabs wake up and refresh: each reads the refresh token from localStorage, the
  // second a moment later on the wire (its fetch starts 300 ms after it read the token).
  console.log(await Promise.all([
    page.evaluate(() => window.refresh()),
    page2.evaluate(async () => {
      const rt = window.tokens().refresh_token;
      await new Promise((r) => setTimeout(r, 300));
      const r = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt, client_id: 'why401-spa' }) });
      return { status: r.status, error: (await r.json()).error };
    }),
  ]));
  // The first tab goes on with the access token it just got.
  console.log(await page.evaluate(() => window.me()));
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
  // A second tab of the same browser profile (same cookies and localStorage), recorded too.
  let page2 = null, rec2 = null;
  if (sc.tabs === 2) {
    page2 = await context.newPage();
    const cdp2 = await context.newCDPSession(page2);
    await cdp2.send('Network.enable', { maxPostDataSize: 65536 });
    rec2 = new HarRecorder(cdp2);
    page2.setDefaultTimeout(15000);
  }
  try { await sc.run({ page, page2, context }); } catch (e) { console.log(`  scenario error: ${String(e).split('\n')[0]}`); }
  await sleep(600);
  await rec.settle();
  if (rec2) await rec2.settle();
  const title = await page.title().catch(() => '');
  await browser.close();
  const har = rec.toHar({ title });
  if (rec2) {
    // One HAR for the browser: both tabs' pages and entries, entries in time order.
    const h2 = rec2.toHar({});
    har.log.pages.push(...h2.log.pages.map((p) => ({ ...p, id: `tab2-${p.id}` })));
    har.log.entries.push(...h2.log.entries.map((e) => ({ ...e, pageref: e.pageref && `tab2-${e.pageref}` })));
    har.log.entries.sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  }
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
  spawn('node', [path.join(HERE, 'servers/oidc-refresh-app.mjs'), String(P.oidcRefresh)], { env, stdio: 'inherit' }),
  spawn(path.join(HERE, '.venv/bin/python'), [path.join(HERE, 'servers/flask_session_app.py'), String(P.flaskSession)], { env, stdio: 'inherit' }),
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
