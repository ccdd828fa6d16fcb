// Held-out corpus for issue 9 ("cap3" share): real 401/407 exchanges from six
// stacks that tests/fixtures and the earlier held-out shares do not have:
// Starlette (AuthenticationMiddleware, SessionMiddleware), polka + jsonwebtoken,
// tRPC standalone, moleculer-web, json-server-auth, http-auth (gevorg),
// better-auth and apt-cacher-ng (Debian package, `apt-get install apt-cacher-ng`).
// Starts its own servers (servers/heldout-cap3/), drives real Chromium
// (Debian's, via playwright-core; HARs built by har.mjs) and runs real `curl -v`
// for what a browser cannot show (no credentials, Digest, a forward proxy's 407).
// Writes har/, raw/ and expected.json to WHY401_HELDOUT_OUT (default
// /work/heldout/cap3), NOT to tests/fixtures. Expected rows come from what each
// scenario does (ground truth) and causes.md, never from why401's output.
// Setup: (cd servers/heldout-cap3 && npm install), and a Python venv with
// servers/heldout-cap3/requirements.txt at WHY401_CAP3_PY (default /tmp/cap3-venv/bin/python).
// Usage: node heldout-cap3.mjs [scenario-name-substring ...]
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn, execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { pfetch, recordScenario } from './har.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = process.env.WHY401_HELDOUT_OUT || '/work/heldout/cap3';
const PY = process.env.WHY401_CAP3_PY || '/tmp/cap3-venv/bin/python';
const SRV = path.join(HERE, 'servers', 'heldout-cap3');
const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
const WRONG = 'a-different-signing-key-after-rotation';
// json-server-auth signs with its own built-in constant (dist/constants.js JWT_SECRET_KEY)
const JSA_SECRET = 'json-server-auth-123456';
// ports 18721-18730 (http-auth uses 18725-18727)
const P = { star: 18721, polka: 18722, trpc: 18723, mol: 18724, httpAuth: 18725, digest: 18726, proxy: 18727, jsa: 18728, ba: 18729, acng: 18730 };
const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const basic = (u, p) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
const bearer = (t) => ({ headers: { Authorization: 'Bearer ' + t } });

const STACKS = [
  { group: 'Starlette (AuthenticationMiddleware, SessionMiddleware)', contains: ['Starlette'], knowledge: [] },
  { group: 'polka + jsonwebtoken', contains: ['polka'], knowledge: [] },
  { group: 'tRPC standalone adapter', contains: ['tRPC'], knowledge: [] },
  { group: 'moleculer-web ApiGateway', contains: ['moleculer-web'], knowledge: [] },
  { group: 'json-server-auth', contains: ['json-server-auth'], knowledge: [] },
  { group: 'http-auth (gevorg) on node:http', contains: ['http-auth 4'], knowledge: [] },
  { group: 'better-auth (email + password, sessions)', contains: ['better-auth'], knowledge: [] },
  { group: 'apt-cacher-ng (Debian) admin page', contains: ['apt-cacher-ng'], knowledge: [] },
];
const ST = {
  star: 'Starlette 1.10 on uvicorn (AuthenticationMiddleware + requires, SessionMiddleware)',
  polka: 'polka 0.5 + jsonwebtoken 9 (polka default onError)',
  trpc: 'tRPC 11 standalone adapter (TRPCError UNAUTHORIZED)',
  mol: 'moleculer 0.14 + moleculer-web 0.10 ApiGateway (UnAuthorizedError)',
  jsa: 'json-server 0.17 + json-server-auth 2 guards',
  httpAuth: 'http-auth 4 (gevorg) on node:http: basic, digest, proxy',
  ba: 'better-auth 1.7 node handler (email + password, memory adapter)',
  acng: 'apt-cacher-ng 3.7 (Debian 12 package) AdminAuth on the maintenance page',
};

const tok = (extra = {}, key = SECRET) => jwt.sign({ sub: 'alice', aud: 'why401-api', iat: now(), exp: now() + 900, ...extra }, key, { algorithm: 'HS256' });
const jsaTok = (extra = {}, key = JSA_SECRET) => jwt.sign({ email: 'alice@why401.test', iat: now(), exp: now() + 3600, sub: '1', ...extra }, key, { algorithm: 'HS256' });
const EXPIRED_ABSENT = ['no-credentials', 'token-malformed', 'issuer-mismatch', 'audience-mismatch', 'scheme-mismatch', 'authorization-malformed'];
const BADSIG_ABSENT = ['no-credentials', 'token-expired', 'token-malformed', 'issuer-mismatch', 'audience-mismatch', 'scheme-mismatch'];
const WRONG_PW_ABSENT = ['no-credentials', 'basic-malformed', 'authorization-malformed', 'scheme-mismatch', 'token-expired'];
const NO_CRED_ABSENT = ['credentials-stripped', 'credentials-rejected', 'token-rejected', 'token-expired', 'session-expired'];

const S = [];
const scenario = (name, stack, expect, run) => S.push({ name, stack, expect, run });

// ---------------- Starlette ----------------
const star = `http://app.why401.test:${P.star}`;
scenario('credentials-rejected-starlette-basic', ST.star,
  { url: '/admin/stats', top: 'credentials-rejected', absent: WRONG_PW_ABSENT, note: 'well-formed Basic admin:<wrong password>; the backend returns None (unauthenticated) and @requires("authenticated", status_code=401) answers Starlette\'s default HTTPException: text/plain "Unauthorized", no challenge. missing-challenge is an acceptable second cause' },
  async ({ page }) => { await page.goto(`${star}/`); console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'Tr0ub4dor-and-3') } })); });
scenario('basic-malformed-starlette-not-base64', ST.star,
  { url: '/admin/stats', top: 'basic-malformed', absent: ['no-credentials', 'credentials-rejected', 'scheme-mismatch', 'token-malformed', 'token-rejected'], note: 'Basic credentials pasted in clear text (admin:<password>, not base64); the backend raises AuthenticationError("Invalid basic auth credentials") (the Starlette docs\' BasicAuthBackend text) and on_error (written here, as in the docs: JSON {"error": str(exc)}, 401, WWW-Authenticate: Basic realm="why401") answers' },
  async ({ page }) => { await page.goto(`${star}/`); console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: 'Basic admin:c0rrect-h0rse-battery' } })); });
scenario('token-expired-starlette-pyjwt', ST.star,
  { url: '/api/me', top: 'token-expired', absent: EXPIRED_ABSENT, note: 'Bearer JWT (aud why401-api) that expired 10 min ago; PyJWT raises ExpiredSignatureError, the backend turns it into AuthenticationError and on_error (written here) answers {"error":"Signature has expired"} with WWW-Authenticate: Bearer error="invalid_token"' },
  async ({ page }) => { await page.goto(`${star}/`); console.log(await pfetch(page, '/api/me', bearer(tok({ iat: now() - 4200, exp: now() - 600 })))); });
scenario('audience-mismatch-starlette-pyjwt', ST.star,
  { url: '/api/me', top: 'audience-mismatch', absent: ['no-credentials', 'token-expired', 'token-malformed', 'issuer-mismatch', 'scheme-mismatch'], note: 'unexpired JWT signed with the right key but aud "why401-billing" (minted for another API); PyJWT InvalidAudienceError -> on_error (written here) {"error":"Audience doesn\'t match"}, Bearer error="invalid_token"' },
  async ({ page }) => { await page.goto(`${star}/`); console.log(await pfetch(page, '/api/me', bearer(tok({ aud: 'why401-billing' })))); });
scenario('session-expired-starlette-secret-rotated', ST.star,
  { url: '/api/me', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent', 'credentials-rejected', 'token-expired', 'token-malformed', 'unsigned-token'], note: 'signed in (SessionMiddleware sets the itsdangerous-signed `session` cookie, not a JWT), then the server was redeployed with a new secret_key: the signature no longer verifies, the session is empty and @requires(status_code=401) answers text/plain "Unauthorized", no challenge, no Set-Cookie' },
  async ({ page }) => { await page.goto(`${star}/login`); await page.goto(`${star}/`); await pfetch(page, '/restart'); console.log(await pfetch(page, '/api/me')); });

// ---------------- polka ----------------
const polkaU = `http://api.why401.test:${P.polka}`;
const POLKA_ISS = 'https://login.why401.test';
scenario('token-expired-polka-jsonwebtoken', ST.polka,
  { url: '/api/me', top: 'token-expired', absent: EXPIRED_ABSENT, note: 'Bearer JWT expired 10 min ago; jsonwebtoken TokenExpiredError passed to next({code:401, message}), polka\'s default onError writes text "jwt expired", no challenge, no content type (the 401 is app code: polka has no auth)' },
  async ({ page }) => { await page.goto(`${polkaU}/`); console.log(await pfetch(page, '/api/me', bearer(tok({ iss: POLKA_ISS, iat: now() - 4200, exp: now() - 600 })))); });
scenario('token-rejected-bad-signature-polka-jsonwebtoken', ST.polka,
  { url: '/api/me', top: 'token-rejected', absent: BADSIG_ABSENT, note: 'unexpired JWT signed with a key the API no longer has (secret rotated); polka default onError text "invalid signature"' },
  async ({ page }) => { await page.goto(`${polkaU}/`); console.log(await pfetch(page, '/api/me', bearer(tok({ iss: POLKA_ISS }, WRONG)))); });
scenario('audience-mismatch-polka-jsonwebtoken', ST.polka,
  { url: '/api/me', top: 'audience-mismatch', absent: ['no-credentials', 'token-expired', 'token-malformed', 'issuer-mismatch', 'scheme-mismatch'], note: 'unexpired JWT with the right key but aud "why401-billing"; polka default onError text "jwt audience invalid. expected: why401-api"' },
  async ({ page }) => { await page.goto(`${polkaU}/`); console.log(await pfetch(page, '/api/me', bearer(tok({ iss: POLKA_ISS, aud: 'why401-billing' })))); });

scenario('issuer-mismatch-polka-jsonwebtoken', ST.polka,
  { url: '/api/me', top: 'issuer-mismatch', absent: ['no-credentials', 'token-expired', 'token-malformed', 'audience-mismatch', 'scheme-mismatch'], note: 'unexpired JWT with the right key and audience but iss "https://login-staging.why401.test" (the staging IdP; the API checks issuer https://login.why401.test); polka default onError text "jwt issuer invalid. expected: https://login.why401.test"' },
  async ({ page }) => { await page.goto(`${polkaU}/`); console.log(await pfetch(page, '/api/me', bearer(tok({ iss: 'https://login-staging.why401.test' })))); });

// ---------------- tRPC ----------------
const trpcU = `http://api.why401.test:${P.trpc}`;
scenario('token-expired-trpc-standalone', ST.trpc,
  { url: '/trpc/me', top: 'token-expired', absent: EXPIRED_ABSENT, note: 'Bearer JWT expired 10 min ago; the protected procedure throws TRPCError({code:"UNAUTHORIZED", message: "jwt expired"}), tRPC answers 401 with its JSON envelope {"error":{"message":"jwt expired","code":-32001,"data":{"code":"UNAUTHORIZED","httpStatus":401,"path":"me"}}}, no challenge' },
  async ({ page }) => { await page.goto(`${trpcU}/`); console.log(await pfetch(page, '/trpc/me', bearer(tok({ iat: now() - 4200, exp: now() - 600 })))); });
scenario('token-rejected-bad-signature-trpc-standalone', ST.trpc,
  { url: '/trpc/me', top: 'token-rejected', absent: BADSIG_ABSENT, note: 'unexpired JWT signed with another key; TRPCError UNAUTHORIZED, message "invalid signature", tRPC JSON envelope' },
  async ({ page }) => { await page.goto(`${trpcU}/`); console.log(await pfetch(page, '/trpc/me', bearer(tok({}, WRONG)))); });
scenario('authorization-malformed-bearer-undefined-trpc', ST.trpc,
  { url: '/trpc/me', top: 'authorization-malformed', absent: ['no-credentials', 'token-expired', 'token-rejected', 'scheme-mismatch'], note: 'the client\'s headers() returned `Bearer ${token}` before sign-in finished: Authorization: Bearer undefined; jsonwebtoken says "jwt malformed", TRPCError UNAUTHORIZED with that message' },
  async ({ page }) => { await page.goto(`${trpcU}/`); console.log(await page.evaluate(async () => { let token; const r = await fetch('/trpc/me', { headers: { Authorization: `Bearer ${token}` } }); return r.status; })); });
scenario('token-not-yet-valid-trpc-standalone', ST.trpc,
  { url: '/trpc/me', top: 'token-not-yet-valid', absent: ['no-credentials', 'token-expired', 'clock-skew', 'token-malformed', 'authorization-malformed'], note: 'JWT with nbf one hour ahead of both clocks (issuer bug; client and server clocks agree); jsonwebtoken says "jwt not active", TRPCError UNAUTHORIZED with that message' },
  async ({ page }) => { await page.goto(`${trpcU}/`); console.log(await pfetch(page, '/trpc/me', bearer(tok({ nbf: now() + 3600 })))); });

// ---------------- moleculer-web ----------------
const molU = `http://api.why401.test:${P.mol}`;
scenario('token-expired-moleculer-web', ST.mol,
  { url: '/api/me', top: 'token-expired', absent: EXPIRED_ABSENT, note: 'Bearer JWT expired 10 min ago; authenticate() (the moleculer-web docs pattern) throws UnAuthorizedError(ERR_INVALID_TOKEN): {"name":"UnAuthorizedError","message":"Unauthorized","code":401,"type":"INVALID_TOKEN"}, no challenge: the words say only "invalid token", the exp claim decides' },
  async ({ page }) => { await page.goto(`${molU}/`); console.log(await pfetch(page, '/api/me', bearer(tok({ iat: now() - 4200, exp: now() - 600 })))); });
scenario('token-rejected-bad-signature-moleculer-web', ST.mol,
  { url: '/api/me', top: 'token-rejected', absent: BADSIG_ABSENT, note: 'unexpired JWT signed with a key the gateway does not have; UnAuthorizedError type INVALID_TOKEN (moleculer-web default JSON)' },
  async ({ page }) => { await page.goto(`${molU}/`); console.log(await pfetch(page, '/api/me', bearer(tok({}, WRONG)))); });
scenario('api-key-rejected-moleculer-web', ST.mol,
  { url: '/api/reports', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'scheme-mismatch', 'token-expired', 'session-expired', 'token-malformed'], note: 'X-API-Key with a revoked key; authenticate() throws UnAuthorizedError(ERR_INVALID_TOKEN): {"name":"UnAuthorizedError","message":"Unauthorized","code":401,"type":"INVALID_TOKEN"}. An API key refused without words: credentials-rejected, token-rejected is the neighbour (not absent)' },
  async ({ page }) => { await page.goto(`${molU}/`); console.log(await pfetch(page, '/api/reports', { headers: { 'X-API-Key': 'mk_live_9e2b7d4a1c6f3e8b0a5d' } })); });
scenario('preflight-rejected-moleculer-web-no-cors', ST.mol,
  { url: '/api/me', method: 'OPTIONS', top: 'preflight-rejected', absent: ['no-credentials', 'token-expired', 'token-rejected', 'credentials-stripped', 'authorization-malformed'], note: 'the SPA on http://app.why401.test:<polka port> calls the gateway on api.why401.test with a valid Bearer JWT; the Authorization header makes Chromium send a CORS preflight, and the gateway (no `cors` setting) runs authenticate() on the OPTIONS request: UnAuthorizedError NO_TOKEN, 401; the GET never leaves the browser' },
  async ({ page }) => { await page.goto(`http://app.why401.test:${P.polka}/`); console.log(await pfetch(page, `${molU}/api/me`, bearer(tok()))); });

// ---------------- json-server-auth ----------------
const jsaU = `http://api.why401.test:${P.jsa}`;
scenario('token-expired-json-server-auth', ST.jsa,
  { url: '/posts', top: 'token-expired', absent: EXPIRED_ABSENT, note: 'accessToken as json-server-auth issues it (email, sub, 1 h life, its built-in secret) but expired 10 min ago; the guard answers JSON string "jwt expired", no challenge' },
  async ({ page }) => { await page.goto(`${jsaU}/`); console.log(await pfetch(page, '/posts', bearer(jsaTok({ iat: now() - 4200, exp: now() - 600 })))); });
scenario('token-rejected-bad-signature-json-server-auth', ST.jsa,
  { url: '/posts', top: 'token-rejected', absent: BADSIG_ABSENT, note: 'unexpired token with json-server-auth\'s claims signed with another key (a token from a fork that changed the secret); the guard answers JSON string "invalid signature"' },
  async ({ page }) => { await page.goto(`${jsaU}/`); console.log(await pfetch(page, '/posts', bearer(jsaTok({}, WRONG)))); });
scenario('scheme-mismatch-basic-to-json-server-auth', ST.jsa,
  { url: '/posts', top: 'scheme-mismatch', absent: ['no-credentials', 'token-expired', 'credentials-rejected', 'basic-malformed', 'token-malformed'], note: 'the client sends the user\'s email and password as Basic instead of the Bearer accessToken from /login; the guard answers JSON string "Incorrect authorization scheme", no challenge' },
  async ({ page }) => { await page.goto(`${jsaU}/`); console.log(await pfetch(page, '/posts', { headers: { Authorization: basic('alice@why401.test', 'wonderland') } })); });
scenario('authorization-malformed-empty-bearer-json-server-auth', ST.jsa,
  { url: '/posts', top: 'authorization-malformed', absent: ['no-credentials', 'token-expired', 'token-rejected', 'scheme-mismatch', 'credentials-stripped'], note: 'Authorization: "Bearer " + an empty token variable (the browser sends `Bearer`); the guard answers JSON string "Missing token"' },
  async ({ page }) => { await page.goto(`${jsaU}/`); console.log(await pfetch(page, '/posts', { headers: { Authorization: 'Bearer ' } })); });

// ---------------- http-auth ----------------
scenario('credentials-rejected-http-auth-basic', ST.httpAuth,
  { url: '/admin', top: 'credentials-rejected', absent: WRONG_PW_ABSENT, note: 'Basic admin:<wrong password>; http-auth answers its default 401 text "401 Unauthorized" with WWW-Authenticate: Basic realm="why401 admin"' },
  async ({ page }) => { await page.goto(`http://app.why401.test:${P.httpAuth}/`); console.log(await pfetch(page, '/admin', { headers: { Authorization: basic('admin', 'c0rrect-h0rse-batt3ry') } })); });

// ---------------- better-auth ----------------
const baU = `http://app.why401.test:${P.ba}`;
const baSignIn = (page, password) => pfetch(page, '/api/auth/sign-in/email', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'alice@why401.test', password }) });
scenario('credentials-rejected-better-auth-sign-in', ST.ba,
  { url: '/api/auth/sign-in/email', top: 'credentials-rejected', absent: ['no-credentials', 'token-expired', 'token-rejected', 'token-malformed', 'basic-malformed', 'session-expired', 'cookies-not-sent'], note: 'sign-in form posts {"email":…,"password":<wrong>} to /api/auth/sign-in/email (only a `lang` preference cookie travels); better-auth answers {"message":"Invalid email or password","code":"INVALID_EMAIL_OR_PASSWORD"}, no challenge' },
  async ({ page }) => { await page.goto(`${baU}/`); await page.evaluate(() => { document.cookie = 'lang=en; path=/'; }); console.log(await baSignIn(page, 'looking-glass')); });
scenario('session-expired-better-auth-sessions-revoked', ST.ba,
  { url: '/api/auth/list-sessions', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent', 'credentials-rejected', 'token-expired', 'token-malformed', 'unsigned-token', 'credentials-stripped'], note: 'signed in (cookie better-auth.session_token, opaque token + HMAC, 7-day Max-Age), then every session row was deleted server-side ("sign out of all devices" elsewhere / admin revoke); the still-valid-looking cookie is sent, better-auth answers {"message":"Unauthorized","code":"UNAUTHORIZED"} and deletes its cookies (Set-Cookie better-auth.session_token=; Max-Age=0)' },
  async ({ page }) => { await page.goto(`${baU}/`); console.log(await baSignIn(page, 'wonderland-1865')); await pfetch(page, '/revoke'); console.log(await pfetch(page, '/api/auth/list-sessions')); });

// ---------------- apt-cacher-ng ----------------
const acngU = `http://mirror.why401.test:${P.acng}`;
const ACNG_COUNT = '/acng-report.html?doCount=Count+Data';
scenario('credentials-rejected-apt-cacher-ng-admin', ST.acng,
  { url: ACNG_COUNT, top: 'credentials-rejected', absent: WRONG_PW_ABSENT, note: 'the maintenance page\'s "Count Data" action fetched with Basic acngadmin:<last year\'s password> (AdminAuth was changed in security.conf); apt-cacher-ng answers 401 Not Authorized, WWW-Authenticate: Basic realm="For login data, see AdminAuth in Apt-Cacher NG config files", text "Not Authorized. Please contact Apt-Cacher NG administrator for further questions."' },
  async ({ page }) => { await page.goto(`${acngU}/acng-report.html`); console.log(await pfetch(page, ACNG_COUNT, { headers: { Authorization: basic('acngadmin', 'Qv7-mirror-Lk3-cache-2025') } })); });

// ---------------- curl texts ----------------
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const resolve = (args) => args.map((a) => /^https?:\/\/([a-z0-9.-]+\.test):(\d+)/.exec(a)).filter(Boolean).map((m) => `--resolve ${m[1]}:${m[2]}:127.0.0.1`).join(' ');
const curl = (args) => execSync(`curl -sS -v ${resolve(args)} ${args.map(q).join(' ')} 2>&1 || true`, { encoding: 'utf8', shell: '/bin/bash' });
const C = [];
// one curl text per row: [file, stack, args, top, absent, note]
const cap = (file, stack, args, top, absent, note) => C.push({ file, stack, args, top, absent, note });
cap('curl-starlette-no-credentials.txt', ST.star, [`http://app.why401.test:${P.star}/api/me`], 'no-credentials', NO_CRED_ABSENT,
  'no Authorization, no cookie: @requires("authenticated", status_code=401) answers Starlette\'s default text/plain "Unauthorized", no challenge (missing-challenge is an acceptable second cause)');
cap('curl-polka-no-token.txt', ST.polka, [`http://api.why401.test:${P.polka}/api/me`], 'no-credentials', NO_CRED_ABSENT,
  'no Authorization: the app passes next({code:401, message:"No authorization token was found"}) (text written here, in express-jwt\'s words) and polka\'s default onError writes it as plain text, no challenge');
cap('curl-trpc-no-token.txt', ST.trpc, [`http://api.why401.test:${P.trpc}/trpc/me`], 'no-credentials', NO_CRED_ABSENT,
  'no Authorization: TRPCError({code:"UNAUTHORIZED"}) with tRPC\'s default message "UNAUTHORIZED" in its JSON envelope, no challenge');
cap('curl-moleculer-web-no-token.txt', ST.mol, [`http://api.why401.test:${P.mol}/api/me`], 'no-credentials', NO_CRED_ABSENT,
  'no Authorization: UnAuthorizedError(ERR_NO_TOKEN): {"name":"UnAuthorizedError","message":"Unauthorized","code":401,"type":"NO_TOKEN"}');
cap('curl-json-server-auth-no-header.txt', ST.jsa, [`http://api.why401.test:${P.jsa}/posts`], 'no-credentials', NO_CRED_ABSENT,
  'no Authorization to a 660 (logged-in only) route: json-server-auth answers JSON string "Missing authorization header", no challenge');
cap('curl-http-auth-basic-no-credentials.txt', ST.httpAuth, [`http://app.why401.test:${P.httpAuth}/admin`], 'no-credentials', NO_CRED_ABSENT,
  'no credentials: http-auth default 401 "401 Unauthorized", WWW-Authenticate: Basic realm="why401 admin"');
cap('curl-http-auth-digest-wrong-password.txt', ST.httpAuth, ['--digest', '-u', 'alice:looking-glass', `http://files.why401.test:${P.digest}/report.pdf`], 'credentials-rejected', ['no-credentials', 'digest-stale', 'scheme-mismatch', 'basic-malformed', 'authorization-malformed', 'token-rejected'],
  'curl --digest with alice:<wrong password>: first 401 carries the Digest challenge (qop="auth", MD5, stale="false"), curl answers it, http-auth refuses the response with a fresh challenge, stale="false": a wrong password, not an old nonce');
cap('curl-http-auth-proxy-no-credentials.txt', ST.httpAuth, ['-x', `http://127.0.0.1:${P.proxy}`, 'http://intranet.why401.test/status'], 'proxy-auth-required', ['no-credentials', 'credentials-rejected', 'missing-challenge', 'scheme-mismatch'],
  'request through a forward proxy (http-auth with proxy:true) without Proxy-Authorization: 407 Proxy-Authenticate: Basic realm="why401 proxy", text "407 Proxy authentication required"');
cap('curl-http-auth-proxy-wrong-password.txt', ST.httpAuth, ['-x', `http://127.0.0.1:${P.proxy}`, '-U', 'carol:Pr0xy-pass-2025', 'http://intranet.why401.test/status'], 'proxy-auth-required', ['no-credentials', 'missing-challenge', 'scheme-mismatch', 'basic-malformed'],
  'Proxy-Authorization: Basic carol:<last year\'s password> through the http-auth forward proxy: 407 again with Proxy-Authenticate: Basic realm="why401 proxy"; the proxy (not the site) refuses, credentials-rejected is the neighbour (not absent)');
cap('curl-better-auth-no-session.txt', ST.ba, [`http://app.why401.test:${P.ba}/api/auth/list-sessions`], 'no-credentials', NO_CRED_ABSENT,
  'never signed in, no cookie: better-auth list-sessions answers {"message":"Unauthorized","code":"UNAUTHORIZED"}, no challenge');
cap('curl-apt-cacher-ng-admin-no-credentials.txt', ST.acng, [`http://mirror.why401.test:${P.acng}/acng-report.html?doExpire=Start+Scan+and%2For+Expiration`], 'no-credentials', NO_CRED_ABSENT,
  'maintenance action without credentials (AdminAuth set in security.conf): 401 Not Authorized, WWW-Authenticate: Basic realm="For login data, see AdminAuth in Apt-Cacher NG config files"');
cap('curl-apt-cacher-ng-admin-no-colon.txt', ST.acng, ['-H', `Authorization: Basic ${Buffer.from('acngadmin').toString('base64')}`, `http://mirror.why401.test:${P.acng}/acng-report.html?doCount=Count+Data`], 'basic-malformed', ['no-credentials', 'scheme-mismatch', 'token-malformed', 'token-rejected'],
  'a cron script sends Basic base64("acngadmin") (user name only, no colon, the password variable was empty); apt-cacher-ng answers its 401 Not Authorized with the Basic AdminAuth challenge. credentials-rejected is the neighbour (not absent)');
// a Digest Authorization computed with the right password, used once (200) and
// then sent again verbatim (same nonce, same nc), as a client replaying a cached header does
async function replayedDigest() {
  const url = `http://files.why401.test:${P.digest}/report.pdf`;
  const ch = (await fetch(`http://127.0.0.1:${P.digest}/report.pdf`)).headers.get('www-authenticate');
  const nonce = /nonce="([^"]+)"/.exec(ch)[1];
  const md5 = (x) => crypto.createHash('md5').update(x).digest('hex');
  const cnonce = crypto.randomBytes(8).toString('hex'), nc = '00000001';
  const resp = md5(`${md5('alice:why401 files:wonderland')}:${nonce}:${nc}:${cnonce}:auth:${md5('GET:/report.pdf')}`);
  const h = `Digest username="alice", realm="why401 files", nonce="${nonce}", uri="/report.pdf", algorithm=MD5, response="${resp}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
  const first = await fetch(`http://127.0.0.1:${P.digest}/report.pdf`, { headers: { Authorization: h } });
  if (first.status !== 200) throw new Error(`digest first use answered ${first.status}`);
  return ['-H', `Authorization: ${h}`, url];
}
cap('curl-http-auth-digest-replayed-nonce.txt', ST.httpAuth, replayedDigest, 'digest-stale', ['no-credentials', 'credentials-rejected', 'scheme-mismatch', 'basic-malformed', 'authorization-malformed'],
  'ground truth: a Digest response computed with the RIGHT password (alice:wonderland) was used once (200) and then replayed verbatim (same nonce, nc=00000001); http-auth no longer accepts that nonce count and answers 401 with a new challenge carrying stale="true"');

// ---------------- servers ----------------
const waitPort = async (port) => {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => { const s = net.connect(port, '127.0.0.1', () => { s.end(); r(true); }); s.on('error', () => r(false)); });
    if (ok) return; await sleep(150);
  }
  throw new Error(`port ${port} never opened`);
};
// apt-cacher-ng from the Debian package, foreground, with this repo's config dir
function acng() {
  const dir = fs.mkdtempSync('/tmp/why401-acng-');
  for (const d of ['cache', 'log']) fs.mkdirSync(path.join(dir, d));
  return spawn('/usr/sbin/apt-cacher-ng', ['-c', path.join(SRV, 'acng'), 'ForeGround=1', `Port=${P.acng}`, 'BindAddress=127.0.0.1',
    `CacheDir=${dir}/cache`, `LogDir=${dir}/log`, `PidFile=${dir}/pid`, `SocketPath=${dir}/socket`], { stdio: 'inherit' });
}
function startServers() {
  const env = { ...process.env, WHY401_SECRET: SECRET, NODE_ENV: 'production' };
  const node = (file, port) => spawn('node', [path.join(SRV, file), String(port)], { env, cwd: SRV, stdio: 'inherit' });
  return [
    spawn(PY, [path.join(SRV, 'starlette_app.py'), String(P.star)], { env, cwd: SRV, stdio: 'inherit' }),
    node('polka-app.mjs', P.polka), node('trpc-app.mjs', P.trpc), node('moleculer-app.mjs', P.mol),
    node('http-auth-app.mjs', P.httpAuth), node('json-server-auth-app.mjs', P.jsa), node('better-auth-app.mjs', P.ba),
    acng(),
  ];
}

// ---------------- runner ----------------
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP *.test 127.0.0.1'];
function pick(har, ex) {
  return har.log.entries.findIndex((e) => [401, 407].includes(e.response.status) && e.request.url.includes(ex.url) && (!ex.method || e.request.method === ex.method));
}
async function runOne(sc) {
  const { har } = await recordScenario(sc.run, { args: ARGS });
  const file = `har/${sc.name}.har`;
  fs.writeFileSync(path.join(OUT, file), JSON.stringify(har, null, 2) + '\n');
  const entry = pick(har, sc.expect);
  if (entry < 0) { console.log(`  !! ${sc.name}: no matching 401/407 entry`); return []; }
  const e = har.log.entries[entry];
  console.log(`  ${sc.name}: ${har.log.entries.length} entries -> #${entry} ${e.response.status}`);
  const { url, method, ...ex } = sc.expect;
  return [{ file, entry, ...ex, stack: sc.stack, captured: 'chromium', now: new Date(e.startedDateTime).toISOString() }];
}
async function runCurl(c) {
  const args = typeof c.args === 'function' ? await c.args() : c.args;
  const at = new Date().toISOString();
  const text = curl(args);
  fs.writeFileSync(path.join(OUT, 'raw', c.file), text);
  const status = /^< HTTP\/[\d.]+ (\d{3})/m.exec(text)?.[1];
  console.log(`  raw/${c.file}: ${status}`);
  if (status !== '401' && status !== '407') { console.log(`  !! ${c.file}: status ${status}`); return []; }
  return [{ file: `raw/${c.file}`, entry: 0, top: c.top, absent: c.absent, stack: c.stack, captured: 'curl', now: at, note: c.note }];
}
// rows of files not remade this run are kept
function writeExpected(made) {
  const FILE = path.join(OUT, 'expected.json');
  const doc = fs.existsSync(FILE) ? JSON.parse(fs.readFileSync(FILE, 'utf8')) : { fixtures: [] };
  const files = new Set(made.map((r) => r.file));
  const fixtures = [...doc.fixtures.filter((f) => !files.has(f.file)), ...made].sort((a, b) => a.file.localeCompare(b.file));
  const comment = 'Held-out corpus (issue 9), stacks not in tests/fixtures nor in the earlier held-out shares; written by tests/capture/heldout-cap3.mjs (branch heldout-cap3). Same fields as tests/fixtures/expected.json; top/absent decided from what each scenario did (note: ground truth) and causes.md, never from why401. now: the 401 request\'s time (browser clock for HARs, capture time for curl texts).';
  fs.writeFileSync(FILE + '.tmp', JSON.stringify({ comment, stacks: STACKS, fixtures }, null, 2) + '\n');
  fs.renameSync(FILE + '.tmp', FILE);
}

fs.mkdirSync(path.join(OUT, 'har'), { recursive: true });
fs.mkdirSync(path.join(OUT, 'raw'), { recursive: true });
const filters = process.argv.slice(2);
const want = (n) => !filters.length || filters.some((f) => n.includes(f));
const servers = startServers();
let failed = 0;
try {
  for (const port of Object.values(P)) await waitPort(port);
  const made = [];
  for (const sc of S.filter((s) => want(s.name))) { console.log(`scenario ${sc.name}`); const rows = await runOne(sc); if (!rows.length) failed++; made.push(...rows); }
  console.log('curl texts');
  for (const c of C.filter((c) => want(c.file))) { const rows = await runCurl(c); if (!rows.length) failed++; made.push(...rows); }
  writeExpected(made);
  console.log(`${made.length} rows written to ${OUT}/expected.json, ${failed} failed`);
} finally {
  for (const s of servers) s.kill();
}
process.exit(failed ? 1 : 0);
