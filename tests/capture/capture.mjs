// Drives Debian's Chromium (via playwright-core, never a downloaded browser)
// through every scenario and writes one HAR per scenario to tests/fixtures/har/.
// It also (re)writes this script's rows in tests/fixtures/expected.json, keeping
// the rows of fixtures it does not make (curl texts, hand-made variants).
// Run through run.sh, which starts the servers first.
// Usage: node capture.mjs [scenario-name-substring ...]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import crypto from 'node:crypto';
import { pfetch, recordScenario } from './har.mjs';
import { updateExpected } from './expected.mjs';
import { addStackScenarios } from './stacks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, '..', 'fixtures', 'har');
const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
const WRONG = 'a-different-signing-key-after-rotation';
const P = { nginx: 18180, nginxProxy: 18188, apache: 18181, flask: 18182, django: 18183, fastapi: 18184, express: 18185, egw: 18186, emu: 18187, flaskSkew: 18192, expressSkew: 18195, https: 18445, squid: 13128 };
const now = () => Math.floor(Date.now() / 1000);
const AUD = 'https://api.why401.test', ISS = 'https://idp.why401.test/';

// tokens, relative to capture time
const tok = {
  // express / fastapi style claims
  good: (extra = {}) => jwt.sign({ sub: 'alice', aud: AUD, iss: ISS, scope: 'items:read', iat: now(), exp: now() + 900, ...extra }, SECRET, { algorithm: 'HS256', noTimestamp: true }),
  // simplejwt access token claims
  simple: (extra = {}, key = SECRET) => jwt.sign({ token_type: 'access', exp: now() + 300, iat: now(), jti: crypto.randomBytes(16).toString('hex'), user_id: '1', ...extra }, key, { algorithm: 'HS256', noTimestamp: true }),
  // flask-jwt-extended claims
  flask: (extra = {}) => jwt.sign({ fresh: false, iat: now(), jti: crypto.randomUUID(), type: 'access', sub: 'alice', nbf: now(), csrf: crypto.randomUUID(), exp: now() + 900, ...extra }, SECRET, { algorithm: 'HS256', noTimestamp: true }),
  none: (claims) => jwt.sign(claims, null, { algorithm: 'none', noTimestamp: true }),
};
const basic = (u, p) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


const S = [];
const scenario = (name, opts, run) => S.push({ name, ...opts, run });
// expect: [{ match: (entry) => bool | url substring, top, absent, note, stack }]

// ---------------- no-credentials ----------------
scenario('nginx-basic-no-credentials', { stack: 'nginx auth_basic (Debian nginx-light)',
  expect: [{ url: '/basic/', top: null, note_contains: 'sanitized', absent: ['no-credentials', 'credentials-rejected', 'scheme-mismatch', 'credentials-stripped'], note: 'fetch() of a Basic-protected resource with no credentials; nginx answers 401 with WWW-Authenticate: Basic. A Chromium HAR with no Cookie, Set-Cookie or Authorization header anywhere cannot be told apart from Chrome\'s default sanitized export (compare sanitized-nginx-basic-wrong-password.har), so why401 says so in a note instead of concluding no-credentials; the same exchange as raw text or from the extension is no-credentials.' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.nginx}/`);
  console.log(await pfetch(page, '/basic/report.json'));
});
scenario('express-jwt-no-token', { stack: 'express 5 + express-jwt',
  expect: [{ url: '/jwt/me', top: 'no-credentials', absent: ['credentials-stripped', 'token-expired', 'token-rejected', 'unknown'], note: 'SPA calls the API before it has a token: express-jwt "No authorization token was found" (no WWW-Authenticate)' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/jwt/me'));
});
scenario('express-gateway-no-key', { stack: 'express-gateway 1.16 key-auth in front of express',
  expect: [{ url: '/orders', top: null, note_contains: 'sanitized', absent: ['no-credentials', 'credentials-rejected', 'token-rejected'], note: 'real express-gateway: its key-auth answers a bare text/plain "Unauthorized" with no header naming the gateway; the request simply carried no key. A Chromium HAR with no Cookie, Set-Cookie or Authorization header anywhere cannot be told apart from Chrome\'s default sanitized export (compare sanitized-nginx-basic-wrong-password.har), so why401 says so in a note instead of concluding no-credentials; the same exchange as raw text or from the extension is no-credentials.' }] },
async ({ page }) => {
  await page.goto(`http://shop.why401.test:${P.express}/`);
  console.log(await pfetch(page, `http://api.why401.test:${P.egw}/orders`, { mode: 'no-cors' }));
});

// ---------------- cookies-not-sent ----------------
scenario('cookies-not-sent-samesite-lax-cross-site', { stack: 'express 5 + cookie-parser + cors (in-memory sessions)',
  expect: [{ url: '/session/me', top: 'cookies-not-sent', absent: ['session-expired', 'credentials-rejected', 'token-expired'], note: 'sid was set SameSite=Lax by api.why401.test (first entry); a page on app.other.test fetches the API with credentials:"include" - cross-site, so Chrome does not attach the Lax cookie' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/login-lax`);
  await page.goto(`http://app.other.test:${P.express}/`);
  console.log(await pfetch(page, `http://api.why401.test:${P.express}/session/me`, { credentials: 'include' }));
});
scenario('cookies-not-sent-credentials-omit', { stack: 'express 5 + cookie-parser (in-memory sessions)',
  expect: [{ url: '/session/me', top: 'cookies-not-sent', absent: ['session-expired', 'credentials-rejected', 'duplicate-cookies'], note: 'same-origin fetch with credentials:"omit" after sign-in set sid: the cookie is in the jar (Set-Cookie in the first entry) but not on the request' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.express}/login-lax`);
  await page.goto(`http://app.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/session/me', { credentials: 'omit' }));
});

// ---------------- insecure-transport ----------------
scenario('insecure-transport-secure-cookie-on-http', { stack: 'express 5 over https (self-signed) and http',
  expect: [{ url: '/session/me', top: 'insecure-transport', absent: ['session-expired', 'credentials-rejected'], note: 'signed in over https (Set-Cookie sid; Secure), then the http:// version of the site calls the API: the Secure cookie is not sent over plain http. cookies-not-sent is an acceptable second cause' }] },
async ({ page }) => {
  await page.goto(`https://app.why401.test:${P.https}/login-secure`);
  await page.goto(`http://app.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/session/me'));
});

scenario('insecure-transport-secure-cookie-set-over-http', { stack: 'express 5 (http only)',
  expect: [{ url: '/session/me', top: 'insecure-transport', absent: ['session-expired', 'credentials-rejected', 'duplicate-cookies'], note: 'the http:// site answers its sign-in with Set-Cookie sid=...; Secure - Chromium refuses to store a Secure cookie from plain http, so the next API call carries no cookie. cookies-not-sent is an acceptable second cause' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.express}/login-secure`);
  await page.goto(`http://app.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/session/me'));
});

// ---------------- credentials-dropped-on-redirect ----------------
scenario('credentials-dropped-on-redirect', { stack: 'express 5 + express-jwt (307 to another origin)',
  expect: [{ url: 'api2.why401.test', top: 'credentials-dropped-on-redirect', absent: ['no-credentials', 'credentials-stripped', 'token-expired', 'token-rejected'], note: 'fetch with Authorization: Bearer to /v1/me, answered 307 to api2.why401.test; Chromium removes Authorization on the cross-origin hop and express-jwt says "No authorization token was found"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/v1/me', { headers: { Authorization: 'Bearer ' + tok.good() } }));
});

// ---------------- preflight-rejected ----------------
scenario('preflight-rejected-nginx', { stack: 'nginx auth_basic on every method, incl. OPTIONS',
  expect: [{ url: '/api/', method: 'OPTIONS', top: 'preflight-rejected', absent: ['no-credentials', 'credentials-rejected', 'scheme-mismatch'], note: 'cross-origin fetch with Authorization: Basic from app.other.test; nginx demands Basic auth on the OPTIONS preflight too' }] },
async ({ page }) => {
  await page.goto(`http://app.other.test:${P.express}/`);
  console.log(await pfetch(page, `http://api.why401.test:${P.nginx}/api/report.json`, { headers: { Authorization: basic('alice', 'wonderland') } }));
});
scenario('preflight-rejected-express-passport', { stack: 'express 5 + passport-http BasicStrategy mounted before cors()',
  expect: [{ url: '/strict/orders', method: 'OPTIONS', top: 'preflight-rejected', absent: ['no-credentials', 'credentials-rejected'], note: 'auth middleware runs before cors(): the preflight gets 401 WWW-Authenticate: Basic realm="Users"' }] },
async ({ page }) => {
  await page.goto(`http://app.other.test:${P.express}/`);
  console.log(await pfetch(page, `http://api.why401.test:${P.express}/strict/orders`, { headers: { Authorization: basic('alice', 'wonderland') } }));
});

// ---------------- credentials-stripped ----------------
scenario('credentials-stripped-apache-cgi', { stack: 'Debian apache2 mod_cgi (CGIPassAuth off) + Flask-JWT-Extended as CGI',
  expect: [{ url: '/cgi-bin/', top: 'credentials-stripped', absent: ['no-credentials', 'token-expired', 'token-rejected', 'authorization-malformed'], note: 'browser sent a valid Bearer JWT; Apache does not pass Authorization to CGI by default, so Flask-JWT-Extended answers {"msg":"Missing Authorization Header"}' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.apache}/`);
  console.log(await pfetch(page, '/cgi-bin/api.cgi/api/me', { headers: { Authorization: 'Bearer ' + tok.flask() } }));
});

scenario('credentials-stripped-nginx-proxy', { stack: 'nginx reverse proxy (proxy_set_header Authorization "") + FastAPI HTTPBearer',
  expect: [{ url: '/items', top: 'credentials-stripped', absent: ['no-credentials', 'token-expired', 'token-rejected', 'authorization-malformed', 'scheme-mismatch'], note: 'browser sent a valid Bearer JWT; the nginx in front clears Authorization, so FastAPI answers {"detail":"Not authenticated"} with WWW-Authenticate: Bearer' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.nginxProxy}/`);
  console.log(await pfetch(page, '/items', { headers: { Authorization: 'Bearer ' + tok.good() } }));
});

// ---------------- authorization-malformed ----------------
scenario('authorization-malformed-bearer-undefined', { stack: 'FastAPI HTTPBearer + PyJWT',
  expect: [{ url: '/items', top: 'authorization-malformed', absent: ['no-credentials', 'token-expired', 'token-rejected'], note: 'Authorization: Bearer undefined (a JS variable that was never set); PyJWT: "Not enough segments"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapi}/`);
  console.log(await page.evaluate(async () => { let token; const r = await fetch('/items', { headers: { Authorization: `Bearer ${token}` } }); return r.status; }));
});
scenario('authorization-malformed-bearer-bearer', { stack: 'express 5 + express-jwt',
  expect: [{ url: '/jwt/me', top: 'authorization-malformed', absent: ['no-credentials', 'token-expired', 'token-rejected', 'scheme-mismatch'], note: 'Authorization: Bearer Bearer <jwt>; express-jwt "Format is Authorization: Bearer [token]"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/jwt/me', { headers: { Authorization: 'Bearer Bearer ' + tok.good() } }));
});
scenario('authorization-malformed-quoted-token', { stack: 'Django + DRF + djangorestframework-simplejwt',
  expect: [{ url: '/api/me/', top: 'authorization-malformed', absent: ['no-credentials', 'token-expired', 'credentials-stripped'], note: 'the token is wrapped in double quotes (copied from JSON); simplejwt: "Given token not valid for any token type"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.django}/`);
  console.log(await pfetch(page, '/api/me/', { headers: { Authorization: `Bearer "${tok.simple()}"` } }));
});

// ---------------- scheme-mismatch ----------------
scenario('scheme-mismatch-bearer-to-basic-nginx', { stack: 'nginx auth_basic',
  expect: [{ url: '/basic/', top: 'scheme-mismatch', absent: ['no-credentials', 'token-expired', 'token-rejected', 'credentials-rejected'], note: 'a valid Bearer JWT sent where nginx only offers Basic' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.nginx}/`);
  console.log(await pfetch(page, '/basic/report.json', { headers: { Authorization: 'Bearer ' + tok.good() } }));
});
scenario('scheme-mismatch-basic-to-bearer-drf', { stack: 'Django + DRF + simplejwt (JWTAuthentication only)',
  expect: [{ url: '/api/me/', top: 'scheme-mismatch', absent: ['no-credentials', 'credentials-stripped', 'credentials-rejected'], note: 'Basic credentials sent to an API that only offers Bearer; DRF says "Authentication credentials were not provided." with WWW-Authenticate: Bearer realm="api" (the header was present, just in the wrong scheme)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.django}/`);
  console.log(await pfetch(page, '/api/me/', { headers: { Authorization: basic('alice', 'wonderland') } }));
});

// ---------------- basic-malformed ----------------
scenario('basic-malformed-not-base64-drf', { stack: 'Django + DRF BasicAuthentication',
  expect: [{ url: '/api/basic/me/', top: 'basic-malformed', absent: ['credentials-rejected', 'no-credentials'], note: 'Authorization: Basic alice:wonderland (not base64-encoded); DRF: "Invalid basic header. Credentials not correctly base64 encoded."' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.django}/`);
  console.log(await pfetch(page, '/api/basic/me/', { headers: { Authorization: 'Basic alice:wonderland' } }));
});
scenario('basic-malformed-no-colon-apache', { stack: 'Debian apache2 mod_auth_basic',
  expect: [{ url: '/basic/', top: 'basic-malformed', absent: ['no-credentials', 'scheme-mismatch'], note: 'Basic credentials that decode to "alice wonderland" (no colon)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.apache}/`);
  console.log(await pfetch(page, '/basic/report.json', { headers: { Authorization: 'Basic ' + Buffer.from('alice wonderland').toString('base64') } }));
});

// ---------------- token-malformed ----------------
scenario('token-malformed-truncated-simplejwt', { stack: 'Django + DRF + simplejwt',
  expect: [{ url: '/api/me/', top: 'token-malformed', absent: ['no-credentials', 'token-expired', 'authorization-malformed'], note: 'the JWT was cut off in the middle of its payload (copy/paste); simplejwt "Given token not valid for any token type"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.django}/`);
  const t = tok.simple(); const cut = t.slice(0, t.indexOf('.') + 1 + 31);
  console.log(await pfetch(page, '/api/me/', { headers: { Authorization: 'Bearer ' + cut } }));
});
scenario('token-malformed-bad-json-express-jwt', { stack: 'express 5 + express-jwt',
  expect: [{ url: '/jwt/me', top: 'token-malformed', absent: ['no-credentials', 'token-expired', 'unsigned-token'], note: 'three segments, but the payload segment is not valid base64url JSON (a few characters lost); express-jwt/jsonwebtoken reject it' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  const [h, p, s] = tok.good().split('.');
  console.log(await pfetch(page, '/jwt/me', { headers: { Authorization: `Bearer ${h}.${p.slice(0, p.length - 7)}.${s}` } }));
});

// ---------------- unsigned-token ----------------
scenario('unsigned-token-express-jwt', { stack: 'express 5 + express-jwt (algorithms: HS256)',
  expect: [{ url: '/jwt/me', top: 'unsigned-token', absent: ['no-credentials', 'token-expired', 'token-malformed'], note: 'JWT with alg "none" and an empty signature' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/jwt/me', { headers: { Authorization: 'Bearer ' + tok.none({ sub: 'alice', aud: AUD, iss: ISS, iat: now(), exp: now() + 900 }) } }));
});
scenario('unsigned-token-fastapi', { stack: 'FastAPI + PyJWT',
  expect: [{ url: '/items', top: 'unsigned-token', absent: ['no-credentials', 'token-expired', 'token-malformed'], note: 'alg "none"; PyJWT: "The specified alg value is not allowed"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapi}/`);
  console.log(await pfetch(page, '/items', { headers: { Authorization: 'Bearer ' + tok.none({ sub: 'alice', aud: AUD, iss: ISS, iat: now(), exp: now() + 900 }) } }));
});

// ---------------- token-expired ----------------
scenario('token-expired-simplejwt', { stack: 'Django + DRF + simplejwt',
  expect: [{ url: '/api/me/', top: 'token-expired', absent: ['no-credentials', 'clock-skew', 'token-rejected', 'session-expired'], note: 'access token expired 10 minutes ago; simplejwt code token_not_valid, "Token is expired"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.django}/`);
  console.log(await pfetch(page, '/api/me/', { headers: { Authorization: 'Bearer ' + tok.simple({ iat: now() - 900, exp: now() - 600 }) } }));
});
scenario('token-expired-express-oauth2-jwt-bearer', { stack: 'express 5 + express-oauth2-jwt-bearer (RFC 6750 challenge)',
  expect: [{ url: '/oauth/me', top: 'token-expired', absent: ['no-credentials', 'clock-skew', 'token-rejected'], note: 'WWW-Authenticate: Bearer error="invalid_token", error_description="\\"exp\\" claim timestamp check failed"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/oauth/me', { headers: { Authorization: 'Bearer ' + tok.good({ iat: now() - 7200, exp: now() - 3600 }) } }));
});
scenario('token-expired-in-cookie-flask', { stack: 'Flask + Flask-JWT-Extended (JWT in cookie)',
  expect: [{ url: '/cookie/me', top: 'token-expired', absent: ['no-credentials', 'clock-skew', 'cookies-not-sent'], note: 'access_token_cookie holds a JWT that lived 2 s; 3 s later Flask-JWT-Extended answers {"msg":"Token has expired"}. session-expired is an acceptable second cause' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.flask}/cookie/login`);
  await sleep(3500);
  console.log(await pfetch(page, '/cookie/me'));
});

// ---------------- token-not-yet-valid ----------------
scenario('token-not-yet-valid-express-jwt', { stack: 'express 5 + express-jwt',
  expect: [{ url: '/jwt/me', top: 'token-not-yet-valid', absent: ['clock-skew', 'token-expired', 'no-credentials'], note: 'nbf one hour ahead of both clocks (issuer bug); server and client clocks agree; jsonwebtoken "jwt not active"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/jwt/me', { headers: { Authorization: 'Bearer ' + tok.good({ nbf: now() + 3600, exp: now() + 7200 }) } }));
});
scenario('token-not-yet-valid-fastapi', { stack: 'FastAPI + PyJWT',
  expect: [{ url: '/items', top: 'token-not-yet-valid', absent: ['clock-skew', 'token-expired', 'no-credentials'], note: 'nbf 30 minutes ahead; PyJWT "The token is not yet valid (nbf)"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapi}/`);
  console.log(await pfetch(page, '/items', { headers: { Authorization: 'Bearer ' + tok.good({ nbf: now() + 1800 }) } }));
});

// ---------------- clock-skew (servers under libfaketime) ----------------
scenario('clock-skew-server-ahead-flask', { stack: 'Flask + Flask-JWT-Extended under libfaketime (+3h)',
  expect: [{ url: '/api/me', top: 'clock-skew', absent: ['no-credentials', 'token-rejected'], note: 'server clock 3 h ahead (see its Date header); a token issued just now with 15 min lifetime is "expired" only by the server clock. token-expired may be listed below clock-skew' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.flaskSkew}/`);
  console.log(await pfetch(page, '/api/me', { headers: { Authorization: 'Bearer ' + tok.flask() } }));
});
scenario('clock-skew-server-behind-express', { stack: 'express 5 + express-jwt under libfaketime (-2h)',
  expect: [{ url: '/jwt/me', top: 'clock-skew', absent: ['no-credentials', 'token-expired', 'token-rejected'], note: 'server clock 2 h behind; token issued now (nbf=iat=now) is "not active" only by the server clock. token-not-yet-valid may be listed below clock-skew' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.expressSkew}/`);
  console.log(await pfetch(page, '/jwt/me', { headers: { Authorization: 'Bearer ' + tok.good({ nbf: now() }) } }));
});

// ---------------- insufficient-scope / audience / issuer / rejected ----------------
scenario('insufficient-scope-fastapi', { stack: 'FastAPI SecurityScopes (as in the FastAPI tutorial) + PyJWT',
  expect: [{ url: '/items', method: 'POST', top: 'insufficient-scope', absent: ['no-credentials', 'token-expired', 'token-rejected'], note: 'token has scope "items:read"; POST /items needs items:write: 401 "Not enough permissions", WWW-Authenticate: Bearer scope="items:write"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapi}/`);
  console.log(await pfetch(page, '/items', { method: 'POST', headers: { Authorization: 'Bearer ' + tok.good(), 'Content-Type': 'application/json' }, body: '{"name":"widget"}' }));
});
scenario('audience-mismatch-express-oauth2-jwt-bearer', { stack: 'express 5 + express-oauth2-jwt-bearer',
  expect: [{ url: '/oauth/me', top: 'audience-mismatch', absent: ['no-credentials', 'token-expired', 'issuer-mismatch'], note: 'token minted for https://api.other.test; error_description="Unexpected \'aud\' value"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/oauth/me', { headers: { Authorization: 'Bearer ' + tok.good({ aud: 'https://api.other.test' }) } }));
});
scenario('audience-mismatch-fastapi', { stack: 'FastAPI + PyJWT',
  expect: [{ url: '/items', top: 'audience-mismatch', absent: ['no-credentials', 'token-expired', 'issuer-mismatch'], note: 'aud is another API; PyJWT message in detail' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapi}/`);
  console.log(await pfetch(page, '/items', { headers: { Authorization: 'Bearer ' + tok.good({ aud: 'https://billing.why401.test' }) } }));
});
scenario('issuer-mismatch-express-oauth2-jwt-bearer', { stack: 'express 5 + express-oauth2-jwt-bearer',
  expect: [{ url: '/oauth/me', top: 'issuer-mismatch', absent: ['no-credentials', 'token-expired', 'audience-mismatch'], note: 'token from the staging IdP; error_description="Unexpected \'iss\' value"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/oauth/me', { headers: { Authorization: 'Bearer ' + tok.good({ iss: 'https://idp.staging.why401.test/' }) } }));
});
scenario('issuer-mismatch-fastapi', { stack: 'FastAPI + PyJWT',
  expect: [{ url: '/items', top: 'issuer-mismatch', absent: ['no-credentials', 'token-expired', 'audience-mismatch'], note: 'PyJWT "Invalid issuer"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.fastapi}/`);
  console.log(await pfetch(page, '/items', { headers: { Authorization: 'Bearer ' + tok.good({ iss: 'https://login.other.test/' }) } }));
});
scenario('token-rejected-bad-signature-simplejwt', { stack: 'Django + DRF + simplejwt',
  expect: [{ url: '/api/me/', top: 'token-rejected', absent: ['no-credentials', 'token-expired', 'token-malformed', 'clock-skew'], note: 'signed with a rotated-out key; simplejwt "Given token not valid for any token type"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.django}/`);
  console.log(await pfetch(page, '/api/me/', { headers: { Authorization: 'Bearer ' + tok.simple({}, WRONG) } }));
});
scenario('token-rejected-bad-signature-express-jwt', { stack: 'express 5 + express-jwt',
  expect: [{ url: '/jwt/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', 'token-malformed'], note: 'express-jwt "invalid signature"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/jwt/me', { headers: { Authorization: 'Bearer ' + jwt.sign({ sub: 'alice', iat: now(), exp: now() + 900 }, WRONG, { noTimestamp: true }) } }));
});
scenario('token-rejected-bad-signature-express-oauth2', { stack: 'express 5 + express-oauth2-jwt-bearer',
  expect: [{ url: '/oauth/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', 'audience-mismatch', 'issuer-mismatch'], note: 'error="invalid_token", error_description="signature verification failed"' }] },
async ({ page }) => {
  await page.goto(`http://api.why401.test:${P.express}/`);
  console.log(await pfetch(page, '/oauth/me', { headers: { Authorization: 'Bearer ' + jwt.sign({ sub: 'alice', aud: AUD, iss: ISS, iat: now(), exp: now() + 900 }, WRONG, { noTimestamp: true }) } }));
});

// ---------------- credentials-rejected ----------------
for (const [name, stack, port, url] of [
  ['credentials-rejected-apache-basic', 'Debian apache2 mod_auth_basic', P.apache, '/basic/report.json'],
  ['credentials-rejected-nginx-basic', 'nginx auth_basic', P.nginx, '/basic/report.json'],
  ['credentials-rejected-drf-basic', 'Django + DRF BasicAuthentication', P.django, '/api/basic/me/'],
  ['credentials-rejected-passport-basic', 'express 5 + passport-http BasicStrategy', P.express, '/passport/me'],
]) {
  scenario(name, { stack, expect: [{ url: url.replace(/report.json$/, ''), top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'well-formed Basic credentials with the wrong password' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${port}/`);
    console.log(await pfetch(page, url, { headers: { Authorization: basic('alice', 'looking-glass') } }));
  });
}

// ---------------- session-expired ----------------
scenario('session-expired-express-clear-cookie', { stack: 'express 5 + cookie-parser (res.clearCookie)',
  expect: [{ url: '/session/me', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent', 'duplicate-cookies'], note: 'sid sent, server answers 401 and deletes it (Set-Cookie sid=; Expires=Thu, 01 Jan 1970)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.express}/login-short`);
  await sleep(2600);
  console.log(await pfetch(page, '/session/me'));
});
scenario('session-expired-django', { stack: 'Django sessions (SessionMiddleware deletes the dead cookie)',
  expect: [{ url: '/app/me', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent'], note: 'Django session set to expire after 2 s; SessionMiddleware sends sessionid=""; Max-Age=0 on the 401' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.django}/app/login`);
  await sleep(3200);
  console.log(await pfetch(page, '/app/me'));
});

// ---------------- duplicate / oversized cookies ----------------
scenario('duplicate-cookies-flask', { stack: 'Flask (Werkzeug reads the first sid)',
  expect: [{ url: '/dup/api/me', top: 'duplicate-cookies', absent: ['no-credentials', 'cookies-not-sent'], note: 'sid set at Path=/dup/api (old release) and at Path=/; the browser sends both, the stale one first' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.flask}/dup/setup`);
  console.log(await pfetch(page, '/dup/api/me'));
});
scenario('oversized-cookies-express', { stack: 'express 5 with an EMULATED 8 KB Cookie-header cut (front proxy)',
  expect: [{ url: '/big/me', top: 'oversized-cookies', absent: ['no-credentials', 'cookies-not-sent'], note: 'five ~1.8 KB tracking cookies push the Cookie header past 8 KB; the session cookie at its end is cut off before the app sees it (the cut is emulated in the app, see README)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.express}/big/login`);
  console.log(await pfetch(page, '/big/me'));
});

// ---------------- server side ----------------
scenario('missing-challenge-flask', { stack: 'Flask abort(401) (Werkzeug stock 401, no WWW-Authenticate)',
  expect: [{ url: '/mc/me', top: 'session-expired', listed: ['missing-challenge'], absent: ['no-credentials', 'cookies-not-sent', 'duplicate-cookies'], note: 'a well-formed session cookie is sent; the server (whose session store was reset) answers Werkzeug\'s stock 401 page with no challenge and no hint. A session cookie refused without a word is most likely a session the server no longer knows (issue 9, class 7); missing-challenge comes second' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.flask}/mc/login`);
  await page.goto(`http://app.why401.test:${P.flask}/`);
  await pfetch(page, '/mc/restart');
  console.log(await pfetch(page, '/mc/me'));
});
scenario('digest-stale-apache', { stack: 'Debian apache2 mod_auth_digest (AuthDigestNonceLifetime 1)',
  expect: [{ url: '/digest/', last: true, top: 'digest-stale', absent: ['credentials-rejected', 'no-credentials'], note: 'Digest response computed for a nonce that expired (lifetime 1 s); Apache answers stale=true' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.apache}/`);
  const first = await page.evaluate(async () => { const r = await fetch('/digest/report.json'); return r.headers.get('www-authenticate'); });
  const nonce = /nonce="([^"]+)"/.exec(first)[1];
  await sleep(2500);
  const md5 = (s) => crypto.createHash('md5').update(s).digest('hex');
  const uri = '/digest/report.json', realm = 'why401-digest', cnonce = crypto.randomBytes(8).toString('hex'), nc = '00000001';
  const ha1 = md5(`alice:${realm}:wonderland`), ha2 = md5(`GET:${uri}`);
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  const h = `Digest username="alice", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=MD5, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
  console.log(await pfetch(page, uri, { headers: { Authorization: h } }));
});
scenario('negotiate-not-configured-apache-gssapi', { stack: 'Debian apache2 + mod_auth_gssapi (AuthType GSSAPI)',
  expect: [{ url: '/intranet/', top: 'negotiate-not-configured', absent: ['credentials-rejected', 'scheme-mismatch'], note: 'intranet page asks for WWW-Authenticate: Negotiate; headless Chromium without an auth-server allow list (and without a Kerberos ticket) does not answer it' }] },
async ({ page }) => {
  await page.goto(`http://intranet.why401.test:${P.apache}/intranet/`);
});
scenario('gateway-rejected-kong-emulated', { stack: 'EMULATED Kong Gateway key-auth answer (node:http)',
  expect: [{ url: '/kong/', top: 'gateway-rejected', absent: ['unknown'], note: 'EMULATED: headers and body copy Kong key-auth ("No API key found in request", Server: kong, X-Kong-Response-Latency, WWW-Authenticate: Key realm="kong"); no Kong package is installable here' }] },
async ({ page }) => {
  await page.goto(`http://shop.why401.test:${P.emu}/`);
  console.log(await pfetch(page, '/kong/v1/orders'));
});
scenario('gateway-rejected-aws-emulated', { stack: 'EMULATED AWS API Gateway authorizer answer (node:http)',
  expect: [{ url: '/aws/', top: 'gateway-rejected', absent: ['token-expired', 'unknown'], note: 'EMULATED: x-amzn-ErrorType: UnauthorizedException, x-amzn-RequestId, x-amz-apigw-id and {"message":"Unauthorized"}, for a valid-looking unexpired bearer JWT' }] },
async ({ page }) => {
  await page.goto(`http://shop.why401.test:${P.emu}/`);
  console.log(await pfetch(page, '/aws/prod/orders', { headers: { Authorization: 'Bearer ' + tok.good() } }));
});
scenario('proxy-auth-required-squid', { stack: 'Debian squid 5 with basic_ncsa_auth', proxy: true,
  expect: [{ status: 407, top: 'proxy-auth-required', absent: ['no-credentials', 'credentials-rejected', 'missing-challenge'], note: 'Chromium configured with an http proxy that wants Basic proxy credentials' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.express}/`).catch((e) => console.log(String(e)));
});
scenario('retry-loop-flask', { stack: 'Flask abort(401), a page that retries',
  expect: [{ url: '/mc/me', last: true, top: 'session-expired', listed: ['retry-loop'], absent: ['no-credentials', 'cookies-not-sent'], note: 'the page\'s script calls /mc/me six times within ~3 s, each answered 401 (no challenge, stale session): a retry loop; why each attempt fails (the stale session) ranks first, the loop second' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.flask}/mc/login`);
  await page.goto(`http://app.why401.test:${P.flask}/`);
  await pfetch(page, '/mc/restart');
  console.log(await page.evaluate(async () => { const out = []; for (let i = 0; i < 6; i++) { out.push((await fetch('/mc/me')).status); await new Promise((r) => setTimeout(r, 400 * (i + 1) / 2)); } return out; }));
});
scenario('unknown-flask-formbased', { stack: 'Flask, 401 with a non-standard "FormBased" challenge',
  expect: [{ url: '/unk/me', top: 'unknown', absent: ['no-credentials', 'missing-challenge', 'cookies-not-sent', 'session-expired'], note: 'session cookie sent, a challenge is present (non-standard FormBased), body just "Unauthorized": nothing diagnosable' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.flask}/mc/login`);
  await page.goto(`http://app.why401.test:${P.flask}/`);
  await pfetch(page, '/mc/restart');
  console.log(await pfetch(page, '/unk/me'));
});

// ---------------- the stacks added for issue 9 (stacks.mjs) ----------------
addStackScenarios({ scenario, pfetch, basic, sleep, now, SECRET, WRONG });

// ---------------- runner ----------------
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP *.test 127.0.0.1'];

function pick(har, ex) {
  const es = har.log.entries;
  const idx = [];
  es.forEach((e, i) => {
    const st = e.response.status;
    if (ex.status ? st !== ex.status : !(st === 401 || st === 407)) return;
    if (ex.url && !e.request.url.includes(ex.url)) return;
    if (ex.method && e.request.method !== ex.method) return;
    idx.push(i);
  });
  if (!idx.length) return null;
  return ex.last ? idx[idx.length - 1] : idx[0];
}

async function runOne(sc) {
  const { har } = await recordScenario(sc.run, {
    args: sc.proxy ? [...ARGS, `--proxy-server=http://127.0.0.1:${P.squid}`, '--proxy-bypass-list=<-loopback>'] : ARGS,
    contextOptions: { ignoreHTTPSErrors: true },
  });
  const file = `har/${sc.name}.har`;
  fs.writeFileSync(path.join(OUT, `${sc.name}.har`), JSON.stringify(har, null, 2) + '\n');
  const rows = [];
  for (const ex of sc.expect) {
    const entry = pick(har, ex);
    if (entry === null) { console.log(`  !! ${sc.name}: no matching 401/407 entry`); continue; }
    rows.push({ file, entry, top: ex.top, absent: ex.absent, stack: sc.stack, captured: 'chromium', note: ex.note, ...(ex.note_contains ? { note_contains: ex.note_contains } : {}), ...(ex.listed ? { listed: ex.listed } : {}) });
  }
  console.log(`  ${sc.name}: ${har.log.entries.length} entries -> ${rows.map((r) => `#${r.entry} ${har.log.entries[r.entry].response.status}`).join(', ')}`);
  return rows;
}

fs.mkdirSync(OUT, { recursive: true });
const filters = process.argv.slice(2);
const todo = S.filter((s) => !filters.length || filters.some((f) => s.name.includes(f)));
const made = [];
for (const sc of todo) {
  console.log(`scenario ${sc.name}`);
  const rows = await runOne(sc);
  made.push({ file: `har/${sc.name}.har`, rows });
  updateExpected(made.slice(-1));
}
