// Real `curl -v` runs against the servers of the issue-9 stacks (started by
// run.sh), saved as raw text in tests/fixtures/raw/, plus pasted header blocks
// ("paste-*": request and response header blocks and body, as a person pastes
// them from DevTools). Mostly the no-credentials cases, which a Chromium HAR
// without any credential header cannot show (it reads as a sanitized export).
// Writes its rows of expected.json. Usage: node curl-stacks.mjs
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { updateExpected } from './expected.mjs';
import { PORTS as P, IDP_ISS, IDP_AUD } from './stacks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RAW = path.join(HERE, '..', 'fixtures', 'raw');
fs.mkdirSync(RAW, { recursive: true });
const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
const now = () => Math.floor(Date.now() / 1000);
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
// *.test hosts resolve to 127.0.0.1 (one --resolve for the URL's host:port)
const resolve = (args) => args.map((a) => /^https?:\/\/([a-z0-9.-]+\.test):(\d+)/.exec(a)).filter(Boolean).map((m) => `--resolve ${m[1]}:${m[2]}:127.0.0.1`).join(' ');
// curl -v: the exchange on stderr, the body on stdout, both kept in order
const curl = (args) => execSync(`curl -sS -v ${resolve(args)} ${args.map(q).join(' ')} 2>&1 || true`, { encoding: 'utf8', shell: '/bin/bash' });
// pasted blocks: request line + headers, blank line, status line + headers, blank line, body
function pasted(text) {
  const req = [], resp = [], body = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('> ')) req.push(line.slice(2));
    else if (line.startsWith('< ')) resp.push(line.slice(2));
    else if (!/^(\* |\{ |\} )/.test(line) && !/^[<>]\s*$/.test(line) && line.trim()) body.push(line);
  }
  return `${req.join('\n').trim()}\n\n${resp.join('\n').trim()}\n\n${body.join('\n')}\n`;
}

const made = [];
function cap(file, args, top, absent, stack, note, { paste = false } = {}) {
  const text = curl(args);
  fs.writeFileSync(path.join(RAW, file), paste ? pasted(text) : text);
  console.log(`  raw/${file}`);
  made.push({ file: `raw/${file}`, rows: [{ file: `raw/${file}`, entry: 0, top, absent, stack, captured: 'curl', note }] });
}
const idp = (extra = {}) => jwt.sign({ sub: 'alice', iss: IDP_ISS, aud: IDP_AUD, iat: now(), exp: now() + 300, ...extra }, SECRET, { algorithm: 'HS256' });

console.log('curl captures (issue-9 stacks)');
cap('curl-fastify-jwt-no-token.txt', [`http://127.0.0.1:${P.fastify}/api/me`], 'no-credentials', ['credentials-stripped', 'token-rejected', 'unknown'],
  'fastify 5 + @fastify/jwt', 'no Authorization: {"code":"FST_JWT_NO_AUTHORIZATION_IN_HEADER","message":"No Authorization was found in request.headers"}, no challenge');
cap('curl-hapi-jwt-no-token.txt', [`http://app.why401.test:${P.hapi}/api/me`], 'no-credentials', ['credentials-stripped', 'token-rejected', 'scheme-mismatch'],
  '@hapi/hapi 21 + @hapi/jwt', 'no Authorization: WWW-Authenticate: Bearer, {"message":"Missing authentication"}');
cap('curl-litestar-no-token.txt', [`http://localhost:${P.litestar}/api/me`], 'no-credentials', ['credentials-stripped', 'token-rejected', 'unknown'],
  'Litestar 2 JWTAuth + ProblemDetailsPlugin', 'no Authorization: application/problem+json title "No JWT token found in request header"');
cap('curl-koa-jwt-no-token.txt', [`http://localhost:${P.koa}/api/me`], 'no-credentials', ['token-rejected', 'credentials-rejected', 'token-expired'],
  'koa 3 + koa-jwt', 'no Authorization: koa-jwt text/plain "Authentication Error"');
cap('curl-lighttpd-no-credentials.txt', [`http://app.why401.test:${P.lighttpd}/admin/stats.json`], 'no-credentials', ['credentials-rejected', 'basic-malformed'],
  'Debian lighttpd 1.4 mod_auth (Basic, htpasswd)', 'no credentials: WWW-Authenticate: Basic realm="why401 lighttpd", stock 401 page');
cap('curl-caddy-basic-wrong-password.txt', ['-u', 'alice:looking-glass', `http://app.why401.test:${P.caddy}/admin/stats.json`], 'credentials-rejected', ['no-credentials', 'basic-malformed', 'scheme-mismatch'],
  'Debian caddy 2.6 basicauth', 'curl -u alice:<wrong password>; empty body, WWW-Authenticate: Basic realm="restricted"');
cap('curl-sanic-no-token.txt', [`http://app.why401.test:${P.sanic}/api/me`], 'no-credentials', ['credentials-stripped', 'token-rejected'],
  'Sanic 25 (sanic.exceptions.Unauthorized, JSON errors)', 'no Authorization: WWW-Authenticate: Bearer realm="why401", message "Authentication required"');
cap('curl-falcon-no-api-key.txt', [`http://127.0.0.1:${P.falcon}/api/reports`], 'no-credentials', ['credentials-rejected', 'credentials-stripped'],
  'Falcon 4 (falcon.HTTPUnauthorized)', 'no api-key header: {"title":"Missing api-key","description":"Send your key in the api-key header."}, WWW-Authenticate: ApiKey');
cap('curl-ninja-x-api-key-rejected.txt', ['-H', 'X-API-Key: ak_5Rt8Yp2Lm9Qx3Vz0', `http://app.why401.test:${P.ninja}/api/reports`], 'credentials-rejected', ['no-credentials', 'credentials-stripped'],
  'Django + Django Ninja (APIKeyHeader, APIKeyQuery, HttpBearer)', 'X-API-Key with a wrong key; {"detail":"Unauthorized"}');
cap('curl-jose-expired-idp-token.txt', ['-H', `Authorization: Bearer ${idp({ iat: now() - 4200, exp: now() - 600 })}`, `http://127.0.0.1:${P.jose}/api/me`], 'token-expired', ['no-credentials', 'token-rejected', 'issuer-mismatch', 'audience-mismatch'],
  'node:http + jose (jwtVerify, JSON:API errors)', 'JWT from the IdP at login.idp.test, expired 10 min ago; errors[0].code ERR_JWT_EXPIRED; the issuer host differs from 127.0.0.1, which is normal');

console.log('pasted header blocks (issue-9 stacks)');
cap('paste-connexion-subscription-key-rejected.txt', ['-H', 'Ocp-Apim-Subscription-Key: 5c4b3a29180f6e5d4c3b2a1908f7e6d5', `http://127.0.0.1:${P.connexion}/api/reports`], 'credentials-rejected', ['no-credentials', 'credentials-stripped', 'gateway-rejected'],
  'Connexion 3 (OpenAPI apiKey security, problem+json)', 'pasted header blocks; subscription key refused by the app: problem+json detail "Provided apikey is not valid"', { paste: true });
cap('paste-aiohttp-x-auth-token-rejected.txt', ['-H', 'X-Auth-Token: gAAAAABnX1a8-expired-keystone-token', `http://127.0.0.1:${P.aiohttp}/api/servers`], 'credentials-rejected', ['no-credentials', 'credentials-stripped'],
  'aiohttp 3 (web.HTTPUnauthorized)', 'pasted header blocks; X-Auth-Token refused, text/plain "401: Unauthorized"', { paste: true });
cap('paste-hapi-basic-default-password.txt', ['-u', 'admin:admin', `http://app.why401.test:${P.hapi}/admin/stats`], 'credentials-rejected', ['no-credentials', 'basic-malformed', 'scheme-mismatch'],
  '@hapi/hapi 21 + @hapi/basic', 'pasted header blocks; Basic admin:admin refused: WWW-Authenticate: Basic error="Bad username or password"', { paste: true });
cap('paste-oidc-provider-userinfo-no-token.txt', [`http://localhost:${P.oidc}/me`], 'no-credentials', ['token-rejected', 'credentials-stripped'],
  'oidc-provider 9 (userinfo, token introspection)', 'pasted header blocks; userinfo without a token: {"error":"invalid_token","error_description":"no access token provided"}', { paste: true });
cap('paste-axum-session-bare-401.txt', ['-H', 'Cookie: session=9f3c1a7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d', `http://127.0.0.1:${P.axum}/session/me`], 'session-expired', ['no-credentials', 'cookies-not-sent', 'credentials-rejected'],
  'axum 0.8 + jsonwebtoken (Rust)', 'pasted header blocks; only a session cookie that the server no longer knows (restart): bare 401, empty body, no challenge', { paste: true });
cap('curl-actix-httpauth-no-token.txt', [`http://127.0.0.1:${P.actix}/api/me`], 'no-credentials', ['credentials-stripped', 'token-rejected', 'scheme-mismatch'],
  'actix-web 4 + actix-web-httpauth (Rust)', 'no Authorization: WWW-Authenticate: Bearer, empty body');
cap('curl-tomcat-no-credentials.txt', [`http://app.why401.test:${P.tomcat}/admin/report.json`], 'no-credentials', ['credentials-rejected', 'basic-malformed'],
  'Debian tomcat10 (BASIC auth, UserDatabaseRealm)', 'no credentials: Tomcat 401 page, WWW-Authenticate: Basic realm="why401 tomcat"');
cap('paste-django-oauth-toolkit-expired.txt', ['-H', 'Authorization: Bearer dot-3Kp8Ys5Gd1Fj6Hn9Qw2E', `http://app.why401.test:${P.dot}/api/me/`], 'token-expired', ['no-credentials', 'credentials-stripped', 'token-rejected'],
  'Django + DRF + django-oauth-toolkit (OAuth2Authentication)', 'pasted header blocks; error_description="The access token has expired." while the body says "Authentication credentials were not provided."', { paste: true });
const registry = 'Debian docker-registry 2.8 (htpasswd auth)';
cap('curl-docker-registry-wrong-password.txt', ['-u', 'alice:looking-glass', `http://127.0.0.1:${P.registry}/v2/`], 'credentials-rejected', ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'credentials-stripped'],
  registry, 'docker login with a wrong password, as GET /v2/: {"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]} although credentials were sent; WWW-Authenticate: Basic realm="why401-registry" (the registry\'s generic words, said to every refused request: not a sign that the header was removed)');
cap('curl-docker-registry-no-credentials.txt', [`http://127.0.0.1:${P.registry}/v2/`], 'no-credentials', ['credentials-rejected', 'credentials-stripped'],
  registry, 'GET /v2/ without credentials: errors[0].message "authentication required"');
const nodeExporter = 'Debian prometheus-node-exporter 1.5 (--web.config.file basic_auth_users)';
cap('curl-node-exporter-default-password.txt', ['-u', 'admin:admin', `http://127.0.0.1:${P.nodeExporter}/metrics`], 'credentials-rejected', ['no-credentials', 'basic-malformed', 'scheme-mismatch'],
  nodeExporter, 'scrape with admin:admin: text "Unauthorized", WWW-Authenticate: Basic');
cap('paste-node-exporter-no-credentials.txt', [`http://127.0.0.1:${P.nodeExporter}/metrics`], 'no-credentials', ['credentials-rejected', 'credentials-stripped'],
  nodeExporter, 'pasted header blocks; scrape without credentials', { paste: true });
const radicale = 'Debian radicale 3 (CalDAV, htpasswd auth)';
cap('curl-radicale-wrong-password.txt', ['-u', 'alice:looking-glass', `http://127.0.0.1:${P.radicale}/alice/`], 'credentials-rejected', ['no-credentials', 'basic-malformed', 'scheme-mismatch'],
  radicale, 'calendar client with a wrong password: text "Access to the requested resource forbidden.", WWW-Authenticate: Basic realm="why401 calendars"');
cap('curl-radicale-no-credentials.txt', [`http://127.0.0.1:${P.radicale}/alice/`], 'no-credentials', ['credentials-rejected', 'credentials-stripped'],
  radicale, 'no credentials: the same text "Access to the requested resource forbidden."');
cap('curl-cherrypy-no-credentials.txt', [`http://127.0.0.1:${P.cherrypy}/admin/stats`], 'no-credentials', ['credentials-rejected', 'basic-malformed'],
  'CherryPy 18 (tools.auth_basic)', 'no credentials: "You are not authorized to access that resource"');
// sign in, then the server restarts with a new secret: the old cookie travels alone
function staleCookie(base, name) {
  const h = execSync(`curl -sS -D - -o /dev/null ${q(base + '/login')}`, { encoding: 'utf8' });
  const m = new RegExp(`^set-cookie: (${name}=[^;]+)`, 'im').exec(h);
  execSync(`curl -sS -o /dev/null ${q(base + '/restart')}`);
  return m[1];
}
cap('paste-flask-login-stale-session.txt', ['-H', `Cookie: ${staleCookie(`http://127.0.0.1:${P.flaskLogin}`, 'session')}`, `http://127.0.0.1:${P.flaskLogin}/api/me`], 'session-expired', ['no-credentials', 'cookies-not-sent', 'credentials-rejected'],
  'Flask + Flask-Login (no login_view: abort(401))', 'pasted header blocks; Flask session cookie signed before a restart with a new random secret: Werkzeug 401 page, no challenge', { paste: true });
cap('curl-tornado-stale-signed-cookie.txt', ['-H', `Cookie: ${staleCookie(`http://127.0.0.1:${P.tornado}`, 'user')}`, `http://127.0.0.1:${P.tornado}/api/me`], 'session-expired', ['no-credentials', 'cookies-not-sent', 'credentials-rejected'],
  'Tornado 6 (signed cookies, HTTPError)', 'signed `user` cookie from before a restart (new cookie_secret): stock "401: Unauthorized" page, no challenge');
updateExpected(made);
