// Held-out corpus for issue 9, helper `py`: real 401/407 exchanges from
// server stacks that tests/fixtures does not have (PyPI: Pyramid, Quart +
// quart-auth, BlackSheep, Twisted web guard, django-rest-knox, fastapi-users,
// Robyn, AuthX; Debian: tinyproxy, transmission-daemon, mini-httpd, icecast2, cups). Starts its own
// servers on 127.0.0.1 (servers/heldout-py/, conf/heldout-py/), drives
// Debian's Chromium (playwright-core, har.mjs) and real `curl -v`, and writes
// har/, raw/ and expected.json (the format of tests/fixtures/expected.json)
// to WHY401_HELDOUT_OUT (default /work/heldout/py), never into tests/fixtures.
// Expected rows come from what each scenario did (ground truth) and
// /work/shared/causes.md, not from why401's output.
// Needs: .venv-heldout (pip install -r requirements-heldout-py.txt), Debian
// tinyproxy transmission-daemon mini-httpd icecast2 cups-daemon chromium curl
// openssl.
// Usage: node heldout-py.mjs [scenario-name-substring ...]
import fs from 'node:fs';
import path from 'node:path';
import { spawn, execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { pfetch as pfetchKeep, recordScenario } from './har.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = process.env.WHY401_HELDOUT_OUT || '/work/heldout/py';
const RUN = process.env.WHY401_CAPTURE_RUN || '/tmp/why401-heldout-py';
const PY = path.join(HERE, '.venv-heldout', 'bin', 'python');
const SECRET = 'why401-heldout-py-secret-not-a-real-one';
const WRONG = 'a-different-signing-key-after-rotation';
const P = { pyramid: 18351, quart: 18352, blacksheep: 18353, twisted: 18354, knox: 18355, blacksheepKeys: 18356, fastapiUsers: 18357, robyn: 18358, authx: 18359, cups: 18364,
  tinyproxy: 18360, transmission: 18361, mini: 18362, icecast: 18363 };
const IDP_ISS = 'https://login.idp.test/realms/why401', IDP_AUD = 'why401-api';
const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const basic = (u, p) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
// a token from the IdP; `key` other than SECRET: a signature the API cannot verify
const idp = (extra = {}, key = SECRET) => jwt.sign({ sub: 'alice', iss: IDP_ISS, aud: IDP_AUD, azp: 'why401-spa', scope: 'openid profile', iat: now(), exp: now() + 300, ...extra }, key, { algorithm: 'HS256' });
const JWT_ABSENT = ['no-credentials', 'token-malformed', 'unsigned-token', 'scheme-mismatch', 'authorization-malformed'];
const noteIdp = 'iss is the IdP (https://login.idp.test/realms/why401), another host than the API: normal, not a cause';

// ---------------- stacks (groups for expected.json) ----------------
const STACKS = {
  pyramid: 'Pyramid 2 (AuthTktCookieHelper + HTTP Basic security policy)',
  quart: 'Quart 0.22 + quart-auth 0.12',
  blacksheep: 'BlackSheep 2 JWTBearerAuthentication (guardpost)',
  twisted: 'Twisted web 26 guard (HTTPAuthSessionWrapper)',
  knox: 'Django + DRF + django-rest-knox 5',
  tinyproxy: 'Debian tinyproxy 1.11 BasicAuth',
  transmission: 'Debian transmission-daemon 3.00 RPC',
  mini: 'Debian mini-httpd 1.30 (.htpasswd)',
  icecast: 'Debian icecast2 2.4',
  blacksheepKeys: 'BlackSheep 2 APIKeyAuthentication + BasicAuthentication',
  fastapiUsers: 'FastAPI + fastapi-users 15 (JWTStrategy, cookie and bearer transports)',
  robyn: 'Robyn 0.88 (AuthenticationHandler + BearerGetter, PyJWT)',
  cups: 'Debian cups 2.4 (cupsd /admin, Basic + PAM)',
  authx: 'FastAPI + AuthX 1.7 (handle_errors, token blocklist)',
};
const STACK_ROWS = [
  { group: 'Pyramid', contains: ['Pyramid'], knowledge: [] },
  { group: 'Quart + quart-auth', contains: ['quart-auth'], knowledge: [] },
  { group: 'BlackSheep', contains: ['BlackSheep'], knowledge: [] },
  { group: 'Twisted web', contains: ['Twisted web'], knowledge: [] },
  { group: 'django-rest-knox', contains: ['django-rest-knox'], knowledge: [] },
  { group: 'tinyproxy', contains: ['tinyproxy'], knowledge: [] },
  { group: 'transmission-daemon', contains: ['transmission-daemon'], knowledge: [] },
  { group: 'mini-httpd', contains: ['mini-httpd'], knowledge: [] },
  { group: 'icecast2', contains: ['icecast2'], knowledge: [] },
  { group: 'fastapi-users', contains: ['fastapi-users'], knowledge: [] },
  { group: 'Robyn', contains: ['Robyn'], knowledge: [] },
  { group: 'cups', contains: ['Debian cups'], knowledge: [] },
  { group: 'AuthX', contains: ['AuthX'], knowledge: [] },
];

// ---------------- servers ----------------
const procs = [];
function start(name, cmd, args, opts = {}) {
  const log = fs.openSync(path.join(RUN, `${name}.log`), 'a');
  const p = spawn(cmd, args, { stdio: ['ignore', log, log], cwd: RUN, ...opts });
  procs.push(p);
  return p;
}
async function waitPort(port) {
  for (let i = 0; i < 100; i++) {
    try { execSync(`curl -s -o /dev/null --max-time 1 http://127.0.0.1:${port}/`); return; } catch { await sleep(200); }
  }
  throw new Error(`port ${port} did not open`);
}
async function startAll() {
  fs.mkdirSync(RUN, { recursive: true });
  fs.chmodSync(RUN, 0o777);
  const S = path.join(HERE, 'servers', 'heldout-py');
  start('pyramid', PY, [path.join(S, 'pyramid_app.py'), P.pyramid]);
  start('quart', PY, [path.join(S, 'quart_auth_app.py'), P.quart]);
  start('blacksheep', PY, [path.join(S, 'blacksheep_app.py'), P.blacksheep, SECRET]);
  start('twisted', PY, [path.join(S, 'twisted_guard_app.py'), P.twisted]);
  start('knox', PY, [path.join(S, 'knox_app.py'), P.knox, path.join(RUN, 'knox.sqlite3')]);
  start('blacksheep-keys', PY, [path.join(S, 'blacksheep_keys_app.py'), P.blacksheepKeys]);
  start('fastapi-users', PY, [path.join(S, 'fastapi_users_app.py'), P.fastapiUsers, path.join(RUN, 'fastapi-users.sqlite3')]);
  start('robyn', PY, [path.join(S, 'robyn_app.py'), P.robyn, SECRET]);
  start('authx', PY, [path.join(S, 'authx_app.py'), P.authx, SECRET]);
  const cups = path.join(RUN, 'cups');
  for (const d of ['spool', 'cache', 'state', 'tmp']) fs.mkdirSync(path.join(cups, d), { recursive: true });
  fs.chmodSync(cups, 0o755);
  // Debian servers, configs from conf/heldout-py with @RUN@ filled in
  for (const f of ['tinyproxy.conf', 'icecast.xml', 'cupsd.conf', 'cups-files.conf']) {
    fs.writeFileSync(path.join(RUN, f.startsWith('cups') ? 'cups' : '', f), fs.readFileSync(path.join(HERE, 'conf', 'heldout-py', f), 'utf8').replaceAll('@RUN@', RUN), { mode: 0o644 });
  }
  start('tinyproxy', '/usr/bin/tinyproxy', ['-d', '-c', path.join(RUN, 'tinyproxy.conf')]);
  fs.mkdirSync(path.join(RUN, 'transmission'), { recursive: true });
  start('transmission', '/usr/bin/transmission-daemon', ['-f', '-g', path.join(RUN, 'transmission'), '--rpc-bind-address', '127.0.0.1', '-p', String(P.transmission),
    '-t', '-u', 'alice', '-v', 'wonderland', '--allowed', '127.0.0.1', '-P', '51413', '--no-portmap', '--no-dht', '--no-lpd']);
  const www = path.join(RUN, 'www');
  fs.mkdirSync(path.join(www, 'admin'), { recursive: true });
  fs.writeFileSync(path.join(www, 'index.html'), '<!doctype html><title>mini_httpd</title><h1>mini_httpd</h1>\n');
  fs.writeFileSync(path.join(www, 'admin', 'stats.json'), '{"visits":42}\n');
  fs.writeFileSync(path.join(www, 'admin', '.htpasswd'), `alice:${execSync('openssl passwd -6 wonderland', { encoding: 'utf8' }).trim()}\n`);
  start('mini', '/usr/sbin/mini_httpd', ['-p', String(P.mini), '-h', '127.0.0.1', '-d', www, '-D', '-l', path.join(RUN, 'mini-access.log')]);
  fs.mkdirSync(path.join(RUN, 'icecast'), { recursive: true });
  fs.chmodSync(path.join(RUN, 'icecast'), 0o777);
  // icecast2 refuses to run as root
  start('icecast', '/usr/sbin/runuser', ['-u', 'nobody', '--', '/usr/bin/icecast2', '-c', path.join(RUN, 'icecast.xml')]);
  start('cups', '/usr/sbin/cupsd', ['-f', '-c', path.join(cups, 'cupsd.conf'), '-s', path.join(cups, 'cups-files.conf')]);
  for (const port of [P.pyramid, P.quart, P.blacksheep, P.twisted, P.knox, P.blacksheepKeys, P.fastapiUsers, P.robyn, P.authx, P.transmission, P.mini, P.icecast, P.cups]) await waitPort(port);
  const dead = procs.filter((p) => p.exitCode !== null);
  if (dead.length) throw new Error(`servers exited early: ${dead.map((p) => p.spawnargs.slice(0, 2).join(' ')).join(', ')} (port in use? see ${RUN}/*.log)`);
  await sleep(500);
}
// Robyn's runtime ignores SIGTERM: what is still running a second later gets SIGKILL
const kill = (sig) => { for (const p of procs) if (p.exitCode === null && p.signalCode === null) { try { p.kill(sig); } catch { /* gone */ } } };
async function stopAll() { kill('SIGTERM'); await sleep(1500); kill('SIGKILL'); }

// ---------------- Chromium scenarios ----------------
/** The shared in-page fetch, keeping 200 characters of each body as this corpus did. */
const pfetch = (page, url, init = {}) => pfetchKeep(page, url, init, 200);
const SC = [];
const scenario = (name, opts, run) => SC.push({ name, ...opts, run });
const bearer = (t) => ({ headers: { Authorization: 'Bearer ' + t } });

// Pyramid
scenario('session-expired-pyramid-authtkt-timeout', { stack: STACKS.pyramid,
  expect: [{ url: '/api/me', top: 'session-expired', listed: ['missing-challenge'], absent: ['no-credentials', 'token-malformed', 'unsigned-token', 'credentials-rejected', 'cookies-not-sent', 'scheme-mismatch'],
    note: 'ground truth: signed in (remember(): `auth_tkt` cookie from AuthTktCookieHelper with timeout=2), then the API called 3 s later: the ticket timed out, the policy finds no user and the forbidden view answers WebOb\'s stock HTTPUnauthorized page (no WWW-Authenticate: the docs\' recipe adds forget() headers only for Basic). App code: Pyramid answers denied views 403; the forbidden_view_config recipe from Pyramid\'s docs turns it into 401 for anonymous users' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.pyramid}/login`);
  await page.goto(`http://app.why401.test:${P.pyramid}/`);
  await sleep(2600);
  console.log(await pfetch(page, '/api/me'));
});
scenario('session-expired-pyramid-authtkt-secret-rotated', { stack: STACKS.pyramid,
  expect: [{ url: '/api/me', top: 'session-expired', listed: ['missing-challenge'], absent: ['no-credentials', 'token-malformed', 'unsigned-token', 'credentials-rejected', 'cookies-not-sent', 'scheme-mismatch'],
    note: 'ground truth: `auth_tkt` cookie signed before a restart that drew a new random AuthTkt secret (/restart): its digest no longer verifies, so the user is anonymous; WebOb\'s stock 401 page, no challenge, no Set-Cookie. 401 comes from the docs\' forbidden-view recipe (app code; Pyramid\'s default is 403)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.pyramid}/login`);
  await page.goto(`http://app.why401.test:${P.pyramid}/`);
  console.log(await pfetch(page, '/restart'));
  console.log(await pfetch(page, '/api/me'));
});
scenario('credentials-rejected-pyramid-basic', { stack: STACKS.pyramid,
  expect: [{ url: '/basic/report', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped'],
    note: 'ground truth: fetch with Authorization: Basic alice:<wrong password>; extract_http_basic_credentials + the docs\' forbidden view: WebOb 401 page ("Either you supplied the wrong credentials...") with WWW-Authenticate: Basic realm="why401 pyramid" from forget()' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.pyramid}/`);
  console.log(await pfetch(page, '/basic/report', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});

// Quart + quart-auth
scenario('session-expired-quart-auth-secret-rotated', { stack: STACKS.quart,
  expect: [{ url: '/api/me', top: 'session-expired', listed: ['missing-challenge'], absent: ['no-credentials', 'token-malformed', 'unsigned-token', 'credentials-rejected', 'cookies-not-sent'],
    note: 'ground truth: `QUART_AUTH` cookie (itsdangerous URLSafeTimedSerializer, `ImFsaWNlIg.<ts>.<sig>`) signed before a restart that drew a new SECRET_KEY (/restart); @login_required raises quart_auth.Unauthorized: Quart\'s stock 401 page, no WWW-Authenticate, the cookie is not cleared' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.quart}/login`);
  await page.goto(`http://app.why401.test:${P.quart}/`);
  console.log(await pfetch(page, '/restart'));
  console.log(await pfetch(page, '/api/me'));
});
scenario('credentials-rejected-quart-auth-basic', { stack: STACKS.quart,
  expect: [{ url: '/admin/stats', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped'],
    note: 'ground truth: fetch with Basic alice:<wrong password> to a @basic_auth_required() route; quart-auth raises UnauthorizedBasicAuth: WWW-Authenticate: Basic (no realm), Quart\'s stock 401 page' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.quart}/`);
  console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('basic-malformed-quart-auth-not-base64', { stack: STACKS.quart,
  expect: [{ url: '/admin/stats', top: 'basic-malformed', absent: ['no-credentials', 'scheme-mismatch', 'session-expired', 'token-malformed'],
    note: 'ground truth: the client put the password in clear, `Authorization: Basic alice:wonderland` (not base64); Werkzeug\'s parser yields no authorization, quart-auth answers WWW-Authenticate: Basic and the stock 401 page. credentials-rejected is a defensible neighbour' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.quart}/`);
  console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: 'Basic alice:wonderland' } }));
});

// BlackSheep
const bsNote = 'BlackSheep\'s stock answer to any unauthenticated request on an @auth() route: text/plain "Unauthorized", no WWW-Authenticate';
scenario('token-expired-blacksheep', { stack: STACKS.blacksheep, jwt: true,
  expect: [{ url: '/api/me', top: 'token-expired', listed: ['missing-challenge'], absent: [...JWT_ABSENT, 'token-not-yet-valid', 'clock-skew', 'issuer-mismatch', 'audience-mismatch'],
    note: `ground truth: JWT from the IdP, right key/iss/aud, expired 10 min before the request (exp < server Date); ${bsNote}; ${noteIdp}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.blacksheep}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp({ iat: now() - 4200, exp: now() - 600 }))));
});
scenario('token-rejected-blacksheep-bad-signature', { stack: STACKS.blacksheep, jwt: true,
  expect: [{ url: '/api/me', top: 'token-rejected', listed: ['missing-challenge'], absent: [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch'],
    note: `ground truth: unexpired JWT with the expected iss/aud, signed with a key the API does not have (signing key rotated at the IdP); ${bsNote}; ${noteIdp}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.blacksheep}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp({}, WRONG))));
});
scenario('token-rejected-blacksheep-wrong-audience', { stack: STACKS.blacksheep, jwt: true,
  expect: [{ url: '/api/me', top: 'token-rejected', listed: ['missing-challenge'], absent: [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch'],
    note: `ground truth: unexpired, correctly signed JWT whose aud is "account" (Keycloak's default audience) while the API accepts only "why401-api". The server says only "Unauthorized" and declares no audience, so by causes.md audience-mismatch is not demonstrable: the general token-rejected is top, audience-mismatch is the truth and not absent; ${bsNote}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.blacksheep}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp({ aud: 'account' }))));
});
scenario('token-rejected-blacksheep-other-realm', { stack: STACKS.blacksheep, jwt: true,
  expect: [{ url: '/api/me', top: 'token-rejected', listed: ['missing-challenge'], absent: [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'audience-mismatch'],
    note: `ground truth: unexpired, correctly signed JWT from another realm (iss https://login.idp.test/realms/staging: the wrong environment) while the API trusts only .../realms/why401. The server says only "Unauthorized" and names no issuer, so issuer-mismatch is not demonstrable: token-rejected ("wrong environment") is top, issuer-mismatch is the truth and not absent; ${bsNote}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.blacksheep}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp({ iss: 'https://login.idp.test/realms/staging' }))));
});

scenario('api-key-rejected-blacksheep', { stack: STACKS.blacksheepKeys,
  expect: [{ url: '/api/reports', top: 'credentials-rejected', listed: ['missing-challenge'], absent: ['no-credentials', 'credentials-stripped', 'session-expired', 'scheme-mismatch', 'token-expired', 'token-malformed'],
    note: 'ground truth: X-API-Key with a revoked key (the key was rotated); BlackSheep\'s APIKeyAuthentication finds no match, @auth() answers its stock text/plain "Unauthorized" with no challenge. token-rejected is a defensible neighbour (not absent)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.blacksheepKeys}/`);
  console.log(await pfetch(page, '/api/reports', { headers: { 'X-API-Key': 'bsk_live_9sD3kJ7qW1eR5tY8uI2o' } }));
});
scenario('credentials-rejected-blacksheep-basic', { stack: STACKS.blacksheepKeys,
  expect: [{ url: '/api/reports', top: 'credentials-rejected', listed: ['missing-challenge'], absent: ['no-credentials', 'basic-malformed', 'credentials-stripped', 'session-expired', 'scheme-mismatch'],
    note: 'ground truth: Basic alice:<wrong password>; BlackSheep\'s BasicAuthentication raises InvalidCredentialsError, @auth() answers text/plain "Unauthorized" without any WWW-Authenticate (BlackSheep does not send a Basic challenge)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.blacksheepKeys}/`);
  console.log(await pfetch(page, '/api/reports', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});

// fastapi-users
const fuLogin = async (page, backend) => page.evaluate(async ([backend]) => {
  const r = await fetch(`/auth/${backend}/login`, { method: 'POST', body: new URLSearchParams({ username: 'alice@example.com', password: 'wonderland' }) });
  return backend === 'jwt' ? (await r.json()).access_token : r.status;
}, [backend]);
const fuNote = 'fastapi-users answers {"detail":"Unauthorized"} with no WWW-Authenticate for every refused token';
scenario('token-expired-fastapi-users-cookie', { stack: STACKS.fastapiUsers, jwt: true,
  expect: [{ url: '/users/me', top: 'token-expired', absent: ['no-credentials', 'token-malformed', 'unsigned-token', 'cookies-not-sent', 'credentials-rejected', 'issuer-mismatch', 'audience-mismatch', 'clock-skew'],
    note: `ground truth: CookieTransport login set \`fastapiusersauth\` (a session cookie holding a JWT, aud ["fastapi-users:auth"], JWTStrategy lifetime 2 s); /users/me 3 s later: the JWT in the cookie has expired by the server's Date. session-expired is a defensible neighbour (not absent), as for token-expired-in-cookie-flask; ${fuNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapiUsers}/`);
  console.log(await fuLogin(page, 'cookie'));
  await sleep(3000);
  console.log(await pfetch(page, '/users/me'));
});
scenario('token-rejected-fastapi-users-cookie-secret-rotated', { stack: STACKS.fastapiUsers, jwt: true,
  expect: [{ url: '/users/me', top: 'token-rejected', absent: ['no-credentials', 'token-malformed', 'unsigned-token', 'cookies-not-sent', 'credentials-rejected', 'token-expired', 'issuer-mismatch', 'audience-mismatch'],
    note: `ground truth: \`fastapiusersauth\` cookie JWT, still unexpired, signed before a restart that drew a new JWTStrategy secret (/restart): the signature no longer verifies. A refused JWT with no reason given: token-rejected; session-expired is a defensible neighbour (not absent); ${fuNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapiUsers}/`);
  console.log(await fuLogin(page, 'cookie'));
  console.log(await pfetch(page, '/restart'));
  console.log(await pfetch(page, '/users/me'));
});
scenario('token-expired-fastapi-users-bearer', { stack: STACKS.fastapiUsers, jwt: true,
  expect: [{ url: '/users/me', top: 'token-expired', absent: [...JWT_ABSENT, 'credentials-rejected', 'issuer-mismatch', 'audience-mismatch', 'clock-skew', 'session-expired'],
    note: `ground truth: BearerTransport login (/auth/jwt/login) returned an access token living 2 s; the SPA uses it 3 s later: exp is past by the server's Date; ${fuNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapiUsers}/`);
  const t = await fuLogin(page, 'jwt');
  await sleep(3000);
  console.log(await pfetch(page, '/users/me', bearer(t)));
});

// Robyn
const robynNote = 'Robyn\'s stock unauthorized_response: body "Unauthorized", WWW-Authenticate: BearerGetter (Robyn names the challenge after the token getter class: a Bearer token is what it wants, so this is no scheme mismatch)';
scenario('token-expired-robyn', { stack: STACKS.robyn, jwt: true,
  expect: [{ url: '/api/me', top: 'token-expired', absent: [...JWT_ABSENT, 'token-not-yet-valid', 'clock-skew', 'issuer-mismatch', 'audience-mismatch'],
    note: `ground truth: JWT from the IdP expired 10 min before the request; ${robynNote}; ${noteIdp}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.robyn}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp({ iat: now() - 4200, exp: now() - 600 }))));
});
scenario('token-rejected-robyn-bad-signature', { stack: STACKS.robyn, jwt: true,
  expect: [{ url: '/api/me', top: 'token-rejected', absent: [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch'],
    note: `ground truth: unexpired JWT with the expected iss/aud signed with another key; ${robynNote}; ${noteIdp}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.robyn}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp({}, WRONG))));
});

// AuthX
const authxLogin = async (page) => page.evaluate(async () => (await fetch('/login', { method: 'POST' })).json());
scenario('token-rejected-authx-refresh-token-as-access', { stack: STACKS.authx, jwt: true,
  expect: [{ url: '/api/me', top: 'token-rejected', absent: [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch', 'insufficient-scope', 'credentials-stripped'],
    note: 'ground truth: the SPA sent its refresh token (JWT with "type":"refresh", unexpired, good signature) instead of the access token; AuthX\'s handle_errors: {"message":"Access token required","error_type":"AccessTokenRequiredError"}, no WWW-Authenticate' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.authx}/`);
  const t = await authxLogin(page);
  console.log(await pfetch(page, '/api/me', bearer(t.refresh_token)));
});
scenario('token-rejected-authx-revoked-after-logout', { stack: STACKS.authx, jwt: true,
  expect: [{ url: '/api/me', method: 'GET', top: 'token-rejected', absent: [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch', 'credentials-stripped'],
    note: 'ground truth: access token put on the blocklist by /logout (another tab signed out), then reused: {"message":"Invalid token","error_type":"RevokedTokenError"}, no WWW-Authenticate' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.authx}/`);
  const t = await authxLogin(page);
  console.log(await pfetch(page, '/logout', { method: 'POST', ...bearer(t.access_token) }));
  console.log(await pfetch(page, '/api/me', bearer(t.access_token)));
});

// Debian cups
scenario('credentials-rejected-cups-admin', { stack: STACKS.cups,
  expect: [{ url: '/admin', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped', 'negotiate-not-configured'],
    note: 'ground truth: the CUPS web interface\'s /admin fetched with Basic lpadmin:<wrong password> (PAM says authentication failure); cupsd answers its stock 401 page ("Unauthorized") with WWW-Authenticate: Basic realm="CUPS" (to a request without credentials it adds its own second challenge, Local trc="y": see curl-cups-admin-no-credentials.txt)' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.cups}/`);
  console.log(await pfetch(page, '/admin', { headers: { Authorization: basic('lpadmin', 'hackme') } }));
});

// Twisted web guard
scenario('credentials-rejected-twisted-basic', { stack: STACKS.twisted,
  expect: [{ url: '/basic/report', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped'],
    note: 'ground truth: fetch with Basic alice:<wrong password>; twisted.web.guard answers UnauthorizedResource: WWW-Authenticate: basic realm="why401 twisted" (scheme in lower case), body "Unauthorized" with Content-Type text/html' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.twisted}/`);
  console.log(await pfetch(page, '/basic/report', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('basic-malformed-twisted-no-colon', { stack: STACKS.twisted,
  expect: [{ url: '/basic/report', top: 'basic-malformed', absent: ['no-credentials', 'scheme-mismatch', 'session-expired', 'token-malformed'],
    note: 'ground truth: Authorization: Basic base64("alice") - the client built the header from the user name only (no colon, no password); BasicCredentialFactory raises LoginFailed("Invalid credentials"), the guard answers its stock "Unauthorized" with the basic challenge. credentials-rejected is a defensible neighbour' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.twisted}/`);
  console.log(await pfetch(page, '/basic/report', { headers: { Authorization: 'Basic ' + Buffer.from('alice').toString('base64') } }));
});

// django-rest-knox
const knoxLogin = async (page) => page.evaluate(async ([auth]) => {
  const r = await fetch('/api/auth/login', { method: 'POST', headers: { Authorization: auth } });
  return (await r.json()).token;
}, [basic('alice', 'wonderland')]);
scenario('token-rejected-knox-logged-out', { stack: STACKS.knox,
  expect: [{ url: '/api/me', method: 'GET', top: 'token-rejected', absent: ['no-credentials', 'token-malformed', 'scheme-mismatch', 'authorization-malformed', 'credentials-stripped', 'token-expired', 'issuer-mismatch', 'audience-mismatch'],
    note: 'ground truth: token from knox LoginView, then LogoutView (another tab signs out: knox deletes the token), then GET /api/me with Authorization: Token <same token>: {"detail":"Invalid token."}, WWW-Authenticate: Token. Opaque 64-hex token, revoked: token-rejected; credentials-rejected is a defensible neighbour (not absent)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.knox}/`);
  const t = await knoxLogin(page);
  console.log(await pfetch(page, '/api/auth/logout', { method: 'POST', headers: { Authorization: 'Token ' + t } }));
  console.log(await pfetch(page, '/api/me', { headers: { Authorization: 'Token ' + t } }));
});
scenario('token-rejected-knox-ttl-expired', { stack: STACKS.knox,
  expect: [{ url: '/api/me', method: 'GET', top: 'token-rejected', absent: ['no-credentials', 'token-malformed', 'scheme-mismatch', 'authorization-malformed', 'credentials-stripped', 'issuer-mismatch', 'audience-mismatch', 'unsigned-token'],
    note: 'ground truth: knox token with TOKEN_TTL 2 s used 3 s after login; knox deletes the expired token and answers the same {"detail":"Invalid token."} as for a revoked one. The token is opaque (its expiry shows only in the login response\'s "expiry" field), the server gives no reason: general token-rejected is top; token-expired is the truth and not absent' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.knox}/`);
  const t = await knoxLogin(page);
  await sleep(3000);
  console.log(await pfetch(page, '/api/me', { headers: { Authorization: 'Token ' + t } }));
});
scenario('scheme-mismatch-knox-bearer', { stack: STACKS.knox,
  expect: [{ url: '/api/me', method: 'GET', top: 'scheme-mismatch', absent: ['no-credentials', 'credentials-stripped', 'token-expired', 'token-malformed', 'session-expired', 'unsigned-token'],
    note: 'ground truth: a valid, fresh knox token sent as `Authorization: Bearer <token>` (knox wants the keyword Token); knox ignores the header, DRF answers {"detail":"Authentication credentials were not provided."} with WWW-Authenticate: Token' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.knox}/`);
  const t = await knoxLogin(page);
  console.log(await pfetch(page, '/api/me', bearer(t)));
});

// Debian tinyproxy (Chromium through the proxy)
scenario('proxy-auth-required-tinyproxy', { stack: STACKS.tinyproxy, proxy: P.tinyproxy,
  expect: [{ status: 407, top: 'proxy-auth-required', absent: ['no-credentials', 'credentials-rejected', 'missing-challenge', 'scheme-mismatch'],
    note: 'ground truth: Chromium configured with tinyproxy as its http proxy (BasicAuth on), no proxy credentials given (the sign-in dialog cancelled): 407, Proxy-Authenticate: Basic realm="Tinyproxy", tinyproxy\'s stock page, no Date header' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.mini}/`).catch(() => {});
});

// Debian transmission-daemon
scenario('credentials-rejected-transmission-rpc', { stack: STACKS.transmission,
  expect: [{ url: '/transmission/rpc', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped'],
    note: 'ground truth: a web remote posts session-get to the RPC with Basic alice:<wrong password> (rpc-authentication-required); transmission answers "Unauthorized User. N unsuccessful login attempts.", WWW-Authenticate: Basic realm="Transmission"' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.transmission}/transmission/web/`).catch(() => {});
  console.log(await pfetch(page, '/transmission/rpc', { method: 'POST', headers: { Authorization: basic('alice', 'looking-glass'), 'Content-Type': 'application/json' }, body: '{"method":"session-get"}' }));
});

// Debian mini-httpd
scenario('credentials-rejected-mini-httpd', { stack: STACKS.mini,
  expect: [{ url: '/admin/stats.json', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped'],
    note: 'ground truth: fetch with Basic alice:<wrong password> to a directory with .htpasswd; mini_httpd\'s stock page "Authorization required.", WWW-Authenticate: Basic realm="admin" (and its own Content-Type bug `charset=%s`)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.mini}/`);
  console.log(await pfetch(page, '/admin/stats.json', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('basic-malformed-mini-httpd-no-colon', { stack: STACKS.mini,
  expect: [{ url: '/admin/stats.json', top: 'basic-malformed', absent: ['no-credentials', 'scheme-mismatch', 'session-expired', 'token-malformed'],
    note: 'ground truth: Authorization: Basic base64("alice wonderland") - a space where the colon belongs; mini_httpd finds no colon and answers its stock 401 "Authorization required."; credentials-rejected is a defensible neighbour' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.mini}/`);
  console.log(await pfetch(page, '/admin/stats.json', { headers: { Authorization: 'Basic ' + Buffer.from('alice wonderland').toString('base64') } }));
});

// Debian icecast2
scenario('credentials-rejected-icecast2-admin', { stack: STACKS.icecast,
  expect: [{ url: '/admin/stats', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped'],
    note: 'ground truth: a status page fetches /admin/stats with Basic admin:hackme (the password from the stock icecast.xml, changed on this server); icecast answers "401 Authentication Required", text/plain "You need to authenticate", WWW-Authenticate: Basic realm="Icecast2 Server"' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.icecast}/status.xsl`).catch(() => {});
  console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'hackme') } }));
});

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP *.test 127.0.0.1'];

function pick(har, ex) {
  const idx = [];
  har.log.entries.forEach((e, i) => {
    const st = e.response.status;
    if (ex.status ? st !== ex.status : !(st === 401 || st === 407)) return;
    if (ex.url && !e.request.url.includes(ex.url)) return;
    if (ex.method && e.request.method !== ex.method) return;
    idx.push(i);
  });
  return idx.length ? (ex.last ? idx[idx.length - 1] : idx[0]) : null;
}

async function runOne(sc) {
  const args = sc.proxy ? [...ARGS, `--proxy-server=http://127.0.0.1:${sc.proxy}`, '--proxy-bypass-list=<-loopback>'] : ARGS;
  const { har, started } = await recordScenario(sc.run, { args, contextOptions: { ignoreHTTPSErrors: true } });
  const file = `har/${sc.name}.har`;
  fs.writeFileSync(path.join(OUT, file), JSON.stringify(har, null, 2) + '\n');
  const rows = [];
  for (const ex of sc.expect) {
    const entry = pick(har, ex);
    if (entry === null) { console.log(`  !! ${sc.name}: no matching 401/407 entry`); continue; }
    rows.push({ file, entry, top: ex.top, absent: ex.absent, ...(ex.listed ? { listed: ex.listed } : {}), stack: sc.stack, captured: 'chromium',
      ...(sc.jwt ? { now: har.log.entries[entry].startedDateTime || started } : {}), note: ex.note });
  }
  console.log(`  ${sc.name}: ${har.log.entries.length} entries -> ${rows.map((r) => `#${r.entry} ${har.log.entries[r.entry].response.status}`).join(', ')}`);
  return rows;
}

// ---------------- curl -v texts ----------------
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const resolve = (args) => args.map((a) => /^https?:\/\/([a-z0-9.-]+\.test):(\d+)/.exec(a)).filter(Boolean).map((m) => `--resolve ${m[1]}:${m[2]}:127.0.0.1`).join(' ');
const curl = (args) => execSync(`curl -sS -v ${resolve(args)} ${args.map(q).join(' ')} 2>&1 || true`, { encoding: 'utf8', shell: '/bin/bash' });
const CURL = [];
const cap = (file, argsFn, top, absent, stack, note, opts = {}) => CURL.push({ name: file, file, argsFn, top, absent, stack, note, ...opts });

cap('curl-pyramid-basic-no-credentials.txt', () => [`http://app.why401.test:${P.pyramid}/basic/report`], 'no-credentials', ['credentials-rejected', 'basic-malformed', 'credentials-stripped', 'session-expired'],
  STACKS.pyramid, 'ground truth: GET without any credentials; the docs\' forbidden view answers WebOb\'s 401 page (its stock text mentions "wrong credentials" although none were sent) with WWW-Authenticate: Basic realm="why401 pyramid"');
cap('curl-pyramid-api-no-cookie.txt', () => [`http://app.why401.test:${P.pyramid}/api/me`], 'no-credentials', ['credentials-rejected', 'session-expired', 'credentials-stripped', 'token-expired'],
  STACKS.pyramid, 'ground truth: API call with no auth_tkt cookie (never signed in); WebOb 401 page without WWW-Authenticate (401 from the docs\' forbidden-view recipe, app code). missing-challenge is a fair second cause', { listed: ['missing-challenge'] });
cap('curl-quart-auth-no-cookie.txt', () => [`http://127.0.0.1:${P.quart}/api/me`], 'no-credentials', ['credentials-rejected', 'session-expired', 'credentials-stripped', 'token-expired'],
  STACKS.quart, 'ground truth: @login_required route called without the QUART_AUTH cookie; Quart\'s stock 401 page, no WWW-Authenticate. missing-challenge is a fair second cause', { listed: ['missing-challenge'] });
cap('curl-quart-auth-basic-no-credentials.txt', () => [`http://127.0.0.1:${P.quart}/admin/stats`], 'no-credentials', ['credentials-rejected', 'basic-malformed', 'credentials-stripped'],
  STACKS.quart, 'ground truth: @basic_auth_required() route without credentials: WWW-Authenticate: Basic (no realm), Quart\'s stock 401 page');
cap('curl-blacksheep-no-token.txt', () => [`http://localhost:${P.blacksheep}/api/me`], 'no-credentials', ['token-rejected', 'token-expired', 'credentials-rejected', 'credentials-stripped', 'token-malformed'],
  STACKS.blacksheep, 'ground truth: no Authorization at all: text/plain "Unauthorized", no WWW-Authenticate (missing-challenge a fair second)', { listed: ['missing-challenge'] });
cap('curl-twisted-basic-no-credentials.txt', () => [`http://localhost:${P.twisted}/basic/report`], 'no-credentials', ['credentials-rejected', 'basic-malformed', 'credentials-stripped'],
  STACKS.twisted, 'ground truth: no credentials: WWW-Authenticate: basic realm="why401 twisted", body "Unauthorized"');
cap('curl-twisted-digest-wrong-password.txt', () => ['--digest', '-u', 'alice:looking-glass', `http://localhost:${P.twisted}/digest/report`], 'credentials-rejected', ['no-credentials', 'digest-stale', 'basic-malformed', 'scheme-mismatch'],
  STACKS.twisted, 'ground truth: curl --digest -u alice:<wrong password>: the first 401 carries the digest challenge (lower-case scheme, qop="auth", algorithm="md5"), curl answers it, and the second 401 (a fresh nonce, no stale=true) refuses the wrong password. The transcript holds both exchanges');
cap('curl-knox-no-token.txt', () => [`http://app.why401.test:${P.knox}/api/me`], 'no-credentials', ['token-rejected', 'credentials-rejected', 'credentials-stripped', 'scheme-mismatch'],
  STACKS.knox, 'ground truth: no Authorization: {"detail":"Authentication credentials were not provided."}, WWW-Authenticate: Token');
cap('curl-tinyproxy-no-credentials.txt', () => ['-x', `http://127.0.0.1:${P.tinyproxy}`, `http://localhost:${P.mini}/`], 'proxy-auth-required', ['credentials-rejected', 'missing-challenge', 'scheme-mismatch', 'basic-malformed'],
  STACKS.tinyproxy, 'ground truth: curl -x through tinyproxy (BasicAuth alice) without -U: 407, Proxy-Authenticate: Basic realm="Tinyproxy". no-credentials (for the proxy) is a defensible neighbour');
cap('curl-tinyproxy-wrong-password.txt', () => ['-x', `http://127.0.0.1:${P.tinyproxy}`, '-U', 'alice:looking-glass', `http://localhost:${P.mini}/`], 'credentials-rejected', ['no-credentials', 'missing-challenge', 'scheme-mismatch', 'basic-malformed', 'session-expired', 'credentials-stripped'],
  STACKS.tinyproxy, 'ground truth: curl -x -U alice:<wrong password> through tinyproxy: the Proxy-Authorization is refused, and tinyproxy (its own quirk) answers 401, not 407: WWW-Authenticate: Basic realm="Tinyproxy", Server: tinyproxy/1.11.1, page "The administrator of this proxy has not configured it to service requests from you." The request has no Authorization at all, so no-credentials would mislead: the proxy password is wrong. credentials-rejected is top; proxy-auth-required (by spirit, though not a 407) and gateway-rejected (a proxy named in the answer refused) are defensible neighbours', { listed: ['proxy-auth-required'] });
cap('curl-transmission-rpc-no-credentials.txt', () => ['-X', 'POST', '-d', '{"method":"session-get"}', `http://localhost:${P.transmission}/transmission/rpc`], 'no-credentials', ['credentials-rejected', 'basic-malformed', 'credentials-stripped'],
  STACKS.transmission, 'ground truth: RPC call without credentials (a remote client not configured with the RPC password): 401 "Unauthorized User. N unsuccessful login attempts." although nothing was sent, WWW-Authenticate: Basic realm="Transmission"');
cap('curl-transmission-rpc-empty-password.txt', () => ['-u', 'alice:', '-X', 'POST', '-d', '{"method":"session-get"}', `http://localhost:${P.transmission}/transmission/rpc`], 'credentials-rejected', ['no-credentials', 'scheme-mismatch', 'credentials-stripped', 'authorization-malformed'],
  STACKS.transmission, 'ground truth: a remote client configured with the user name but an empty password (curl -u alice:): well-formed Basic, refused: "Unauthorized User. N unsuccessful login attempts."');
cap('curl-mini-httpd-no-credentials.txt', () => [`http://app.why401.test:${P.mini}/admin/stats.json`], 'no-credentials', ['credentials-rejected', 'basic-malformed', 'credentials-stripped'],
  STACKS.mini, 'ground truth: no credentials: mini_httpd stock page "Authorization required.", WWW-Authenticate: Basic realm="admin"');
cap('curl-icecast2-admin-no-credentials.txt', () => [`http://localhost:${P.icecast}/admin/stats`], 'no-credentials', ['credentials-rejected', 'basic-malformed', 'credentials-stripped'],
  STACKS.icecast, 'ground truth: /admin/stats without credentials: "401 Authentication Required", "You need to authenticate", WWW-Authenticate: Basic realm="Icecast2 Server"');
cap('curl-icecast2-source-wrong-password.txt', () => ['-X', 'PUT', '-u', 'source:hackme', '-H', 'Content-Type: audio/mpeg', '-H', 'Ice-Public: 0', '--data-binary', 'ID3', `http://localhost:${P.icecast}/live.mp3`], 'credentials-rejected', ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'credentials-stripped'],
  STACKS.icecast, 'ground truth: a source client (PUT /live.mp3, the Icecast 2.4 source protocol) with the stock source password "hackme" that this server changed: 401 "You need to authenticate" although credentials were sent');

cap('curl-fastapi-users-no-cookie.txt', () => [`http://app.why401.test:${P.fastapiUsers}/users/me`], 'no-credentials', ['token-rejected', 'token-expired', 'session-expired', 'credentials-rejected', 'credentials-stripped'],
  STACKS.fastapiUsers, 'ground truth: /users/me without cookie or bearer (never signed in): {"detail":"Unauthorized"}, no WWW-Authenticate', { listed: ['missing-challenge'] });
cap('curl-authx-no-token.txt', () => [`http://app.why401.test:${P.authx}/api/me`], 'no-credentials', ['token-rejected', 'token-expired', 'credentials-rejected', 'credentials-stripped', 'token-malformed'],
  STACKS.authx, 'ground truth: no Authorization: {"message":"Token Error","error_type":"MissingTokenError"}, no WWW-Authenticate', { listed: ['missing-challenge'] });
cap('curl-robyn-no-token.txt', () => [`http://localhost:${P.robyn}/api/me`], 'no-credentials', ['token-rejected', 'token-expired', 'credentials-rejected', 'credentials-stripped', 'scheme-mismatch'],
  STACKS.robyn, 'ground truth: no Authorization: Robyn answers "Unauthorized", WWW-Authenticate: BearerGetter');
cap('curl-blacksheep-keys-no-key.txt', () => [`http://app.why401.test:${P.blacksheepKeys}/api/reports`], 'no-credentials', ['credentials-rejected', 'token-rejected', 'credentials-stripped', 'session-expired'],
  STACKS.blacksheepKeys, 'ground truth: no X-API-Key and no Authorization: text/plain "Unauthorized", no WWW-Authenticate', { listed: ['missing-challenge'] });
cap('curl-cups-admin-no-credentials.txt', () => [`http://localhost:${P.cups}/admin`], 'no-credentials', ['credentials-rejected', 'basic-malformed', 'credentials-stripped', 'negotiate-not-configured'],
  STACKS.cups, 'ground truth: /admin without credentials: stock CUPS 401 page, WWW-Authenticate: Basic realm="CUPS", Local trc="y"');

// ---------------- expected.json ----------------
function writeExpected(made) {
  const FILE = path.join(OUT, 'expected.json');
  let doc = { fixtures: [] };
  if (fs.existsSync(FILE)) doc = JSON.parse(fs.readFileSync(FILE, 'utf8'));
  const files = new Set(made.map((m) => m.file));
  const all = [...doc.fixtures.filter((f) => !files.has(f.file)), ...made.flatMap((m) => m.rows)];
  all.sort((a, b) => a.file.localeCompare(b.file) || (a.entry ?? 0) - (b.entry ?? 0));
  const out = { comment: 'Held-out corpus (issue 9), helper py: made by tests/capture/heldout-py.mjs on branch heldout-py. Same format as tests/fixtures/expected.json; top/absent from ground truth (what each scenario did) and causes.md, never from why401 output.',
    stacks: STACK_ROWS, fixtures: all };
  fs.writeFileSync(FILE + '.tmp', JSON.stringify(out, null, 2) + '\n');
  fs.renameSync(FILE + '.tmp', FILE);
}

fs.mkdirSync(path.join(OUT, 'har'), { recursive: true });
fs.mkdirSync(path.join(OUT, 'raw'), { recursive: true });
const filters = process.argv.slice(2);
const want = (n) => !filters.length || filters.some((f) => n.includes(f));
process.on('exit', () => kill('SIGKILL'));
process.on('SIGINT', () => process.exit(1));
await startAll();
try {
  const made = [];
  for (const sc of SC.filter((s) => want(s.name))) {
    console.log(`scenario ${sc.name}`);
    made.push({ file: `har/${sc.name}.har`, rows: await runOne(sc) });
  }
  for (const c of CURL.filter((s) => want(s.name))) {
    const text = curl(c.argsFn());
    fs.writeFileSync(path.join(OUT, 'raw', c.file), text);
    console.log(`  raw/${c.file}`);
    made.push({ file: `raw/${c.file}`, rows: [{ file: `raw/${c.file}`, entry: 0, top: c.top, absent: c.absent, ...(c.listed ? { listed: c.listed } : {}), stack: c.stack, captured: 'curl', note: c.note }] });
  }
  writeExpected(made);
} finally { await stopAll(); }
