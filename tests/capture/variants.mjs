// Hand-made variants, derived from the real Chromium captures so they stay in
// step with them: a Chrome DevTools export of an HTTP/2 site, Firefox DevTools
// exports, and Chrome's default "sanitized" exports (Chrome 130+: Cookie,
// Set-Cookie and Authorization removed). Also writes the expected.json rows of
// the curl texts made by curl.sh.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { updateExpected } from './expected.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(HERE, '..', 'fixtures');
const read = (f) => JSON.parse(fs.readFileSync(path.join(FIX, f), 'utf8'));
const write = (f, har) => { fs.writeFileSync(path.join(FIX, f), JSON.stringify(har, null, 2) + '\n'); console.log(`  ${f}`); };
const clone = (x) => JSON.parse(JSON.stringify(x));
const statusIdx = (har, st = 401) => har.log.entries.map((e, i) => [e, i]).filter(([e]) => e.response.status === st).map(([, i]) => i);
const made = [];
const row = (file, entry, top, absent, stack, note, extra = {}) => ({ file, entry, top, absent, stack, captured: 'hand-made', note, ...extra });

// ---- Chrome DevTools export of an HTTP/2 https site ----
{
  const src = 'har/token-expired-express-oauth2-jwt-bearer.har';
  const har = clone(read(src));
  const FF = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
  for (const e of har.log.entries) {
    const u = new URL(e.request.url);
    u.protocol = 'https:'; u.port = '';
    e.request.url = u.href;
    e.request.httpVersion = e.response.httpVersion = 'http/2.0';
    const pseudo = [{ name: ':authority', value: u.host }, { name: ':method', value: e.request.method }, { name: ':path', value: u.pathname + u.search }, { name: ':scheme', value: 'https' }];
    e.request.headers = [...pseudo, ...e.request.headers.filter((h) => !/^(host|connection)$/i.test(h.name))
      .map((h) => ({ name: h.name.toLowerCase(), value: /^user-agent$/i.test(h.name) ? FF : h.value.replace(/http:\/\/([a-z0-9.]+):\d+/g, 'https://$1') }))];
    e.response.headers = e.response.headers.filter((h) => !/^(connection|keep-alive)$/i.test(h.name))
      .map((h) => ({ name: h.name.toLowerCase(), value: h.value.replace(/http:\/\/([a-z0-9.]+):\d+/g, 'https://$1') }));
    e.serverIPAddress = '203.0.113.10';
    e.request.headersSize = -1; e.response.headersSize = -1;
    e._fromCache = undefined;
    if (e.timings) { e.timings.ssl = e.timings.ssl >= 0 ? e.timings.ssl : -1; }
    if (e._initiator && e._initiator.url) e._initiator.url = e._initiator.url.replace(/^http:\/\/([a-z0-9.]+):\d+/, 'https://$1');
  }
  // a script served from the memory cache and an ad blocked by an extension
  const first = har.log.entries[0];
  har.log.entries.splice(1, 0,
    { ...clone(first), _resourceType: 'script', _priority: 'High', _fromCache: 'memory', _initiator: { type: 'parser', url: first.request.url, lineNumber: 12 },
      request: { ...clone(first.request), url: 'https://api.why401.test/static/app.js', headers: [] },
      response: { status: 200, statusText: '', httpVersion: '', headers: [], cookies: [], content: { size: 18234, mimeType: 'application/javascript' }, redirectURL: '', headersSize: -1, bodySize: 0, _transferSize: 0, _error: null, _fetchedViaServiceWorker: false },
      time: 0.4, timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0.4, _blocked_queueing: -1 } },
    { ...clone(first), _resourceType: 'script', _priority: 'Low', _initiator: { type: 'parser', url: first.request.url, lineNumber: 14 },
      request: { ...clone(first.request), url: 'https://ads.example.net/tag.js', headers: [] },
      response: { status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1, _transferSize: 0, _error: 'net::ERR_BLOCKED_BY_CLIENT', _fetchedViaServiceWorker: false },
      serverIPAddress: '', time: 0, timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: -1 } });
  for (const e of har.log.entries) for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  har.log.creator = { name: 'WebInspector', version: '537.36' };
  delete har.log.comment;
  const f = 'har/chrome-devtools-h2-token-expired.har';
  write(f, har);
  made.push({ file: f, rows: statusIdx(har).map((i) => row(f, i, 'token-expired', ['no-credentials', 'clock-skew', 'token-rejected'], 'express-oauth2-jwt-bearer, rewritten as a Chrome DevTools export of an HTTP/2 https site',
    'from token-expired-express-oauth2-jwt-bearer.har: http/2.0, lowercase names, :authority/:method/:path/:scheme pseudo-headers, a _fromCache:"memory" entry and a status-0 _error:"net::ERR_BLOCKED_BY_CLIENT" entry')) });
}

// ---- Firefox DevTools exports ----
function toFirefox(har, ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0') {
  const out = { log: { version: '1.2', creator: { name: 'Firefox', version: '128.14.0' }, browser: { name: 'Firefox', version: '128.14.0' }, pages: [], entries: [] } };
  const local = (iso) => { // Firefox writes local time with an offset; this "user" is on UTC+01:00
    const d = new Date(new Date(iso).getTime() + 3600e3);
    return d.toISOString().replace('Z', '+01:00');
  };
  out.log.pages = har.log.pages.map((p, i) => ({ startedDateTime: local(p.startedDateTime), id: `page_${i + 1}`, title: p.title, pageTimings: { onContentLoad: 61, onLoad: 74 } }));
  for (const e of har.log.entries) {
    if (/favicon\.ico$/.test(e.request.url)) continue; // Firefox does not list the favicon here
    const reqH = e.request.headers.filter((h) => !/^sec-ch-|^upgrade-insecure/i.test(h.name)).map((h) => ({ name: h.name, value: /^user-agent$/i.test(h.name) ? ua : /^accept-language$/i.test(h.name) ? 'en-US,en;q=0.5' : h.value }));
    if (e._resourceType === 'fetch') reqH.push({ name: 'Sec-Fetch-Dest', value: 'empty' }, { name: 'Sec-Fetch-Mode', value: 'cors' }, { name: 'Sec-Fetch-Site', value: 'same-origin' }, { name: 'Priority', value: 'u=4' });
    out.log.entries.push({
      pageref: e.pageref,
      startedDateTime: local(e.startedDateTime),
      request: { bodySize: e.request.bodySize, method: e.request.method, url: e.request.url, httpVersion: e.request.httpVersion, headers: reqH,
        cookies: e.request.cookies.map((c) => ({ name: c.name, value: c.value })), queryString: e.request.queryString, headersSize: e.request.headersSize },
      response: { status: e.response.status, statusText: e.response.statusText, httpVersion: e.response.httpVersion, headers: e.response.headers,
        cookies: e.response.cookies, content: { mimeType: e.response.content.mimeType, size: e.response.content.size, ...(e.response.content.text !== undefined ? { text: e.response.content.text } : {}) },
        redirectURL: e.response.redirectURL, headersSize: e.response.headersSize, bodySize: e.response.bodySize },
      cache: {},
      timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: Math.max(1, Math.round(e.timings.wait || 1)), receive: 0 },
      time: Math.max(1, Math.round(e.time || 1)),
      _securityState: e.request.url.startsWith('https:') ? 'secure' : 'insecure',
      serverIPAddress: e.serverIPAddress || '127.0.0.1',
      connection: new URL(e.request.url).port || '80',
    });
  }
  return out;
}
for (const [src, dst, top, absent, stack, note] of [
  ['har/credentials-dropped-on-redirect.har', 'har/firefox-credentials-dropped-on-redirect.har', 'credentials-dropped-on-redirect',
    ['no-credentials', 'credentials-stripped', 'token-expired'], 'express-jwt, as a Firefox DevTools export', 'Firefox also strips Authorization on cross-origin redirects (since Firefox 111)'],
  ['har/session-expired-express-clear-cookie.har', 'har/firefox-session-expired.har', 'session-expired',
    ['no-credentials', 'cookies-not-sent'], 'express res.clearCookie, as a Firefox DevTools export', 'Firefox export shape: no _initiator/_resourceType, timings -1, local-offset startedDateTime, _securityState'],
  ['har/token-not-yet-valid-fastapi.har', 'har/firefox-token-not-yet-valid.har', 'token-not-yet-valid',
    ['clock-skew', 'token-expired', 'no-credentials'], 'FastAPI + PyJWT, as a Firefox DevTools export', 'startedDateTime carries a +01:00 offset; the clocks still agree with the server Date'],
]) {
  if (!fs.existsSync(path.join(FIX, src))) { console.log(`  (skip ${dst}: ${src} missing)`); continue; }
  const har = toFirefox(read(src));
  write(dst, har);
  made.push({ file: dst, rows: statusIdx(har).slice(-1).map((i) => row(dst, i, top, absent, stack, `from ${path.basename(src)}; ${note}`)) });
}

// ---- sanitized exports (Chrome's default since ~130) ----
function sanitize(har) {
  const out = clone(har);
  for (const e of out.log.entries) {
    e.request.headers = e.request.headers.filter((h) => !/^(cookie|authorization)$/i.test(h.name));
    e.response.headers = e.response.headers.filter((h) => !/^set-cookie$/i.test(h.name));
    e.request.cookies = []; e.response.cookies = [];
  }
  return out;
}
for (const [src, dst, absent, note] of [
  ['har/credentials-rejected-nginx-basic.har', 'har/sanitized-nginx-basic-wrong-password.har', ['no-credentials'],
    'sanitized export of a wrong-password Basic request: the Authorization header was removed by the export, so it only LOOKS like no credentials were sent'],
  ['har/duplicate-cookies-flask.har', 'har/sanitized-duplicate-cookies.har', ['no-credentials', 'cookies-not-sent'],
    'sanitized export: the two sid cookies and their Set-Cookie headers were removed by the export; nothing is left to diagnose'],
  ['har/session-expired-django.har', 'har/sanitized-session-expired-django.har', ['no-credentials', 'cookies-not-sent'],
    'sanitized export: Cookie and the deleting Set-Cookie were removed by the export'],
]) {
  if (!fs.existsSync(path.join(FIX, src))) { console.log(`  (skip ${dst}: ${src} missing)`); continue; }
  const har = sanitize(read(src));
  write(dst, har);
  made.push({ file: dst, rows: statusIdx(har).map((i) => row(dst, i, null, absent, 'Chrome DevTools "Export HAR (sanitized)"', note, { note_contains: 'sanitized' })) });
}

// ---- rows for the curl texts (curl.sh) ----
const curlRows = [
  ['raw/curl-nginx-basic-wrong-password.txt', 'credentials-rejected', ['no-credentials', 'basic-malformed', 'scheme-mismatch'], 'nginx auth_basic', 'curl -v -u alice:<wrong password>'],
  ['raw/curl-django-no-credentials.txt', 'no-credentials', ['credentials-stripped', 'unknown', 'scheme-mismatch'], 'Django + DRF + simplejwt', 'no Authorization at all: "Authentication credentials were not provided.", WWW-Authenticate: Bearer realm="api"'],
  ['raw/curl-express-jwt-expired.txt', 'token-expired', ['no-credentials', 'token-rejected', 'clock-skew'], 'express 5 + express-jwt', 'JWT expired an hour before the server Date; express-jwt "jwt expired"'],
  ['raw/curl-squid-proxy-auth-required.txt', 'proxy-auth-required', ['no-credentials', 'missing-challenge', 'credentials-rejected'], 'Debian squid 5 basic_ncsa_auth', 'curl -x through squid without proxy credentials: 407 Proxy-Authenticate: Basic'],
  ['raw/curl-redirect-authorization-dropped.txt', 'credentials-dropped-on-redirect', ['no-credentials', 'credentials-stripped', 'token-expired'], 'express 5 + express-jwt (307 to another host)', 'curl -L -H "Authorization: Bearer ..." follows the 307 to api2.why401.test and, like browsers, does not resend Authorization to the other host'],
  ['raw/curl-fastapi-audience-mismatch.txt', 'audience-mismatch', ['no-credentials', 'token-expired', 'issuer-mismatch'], 'FastAPI + PyJWT', 'aud https://billing.why401.test; detail "Audience doesn\'t match"'],
  ['raw/curl-apache-gssapi-negotiate.txt', 'negotiate-not-configured', ['credentials-rejected', 'scheme-mismatch'], 'Debian apache2 + mod_auth_gssapi', 'WWW-Authenticate: Negotiate, not answered (curl without --negotiate)'],
  ['raw/curl-apache-digest-stale.txt', 'digest-stale', ['credentials-rejected', 'no-credentials'], 'Debian apache2 mod_auth_digest', 'Digest answer for a nonce that expired (AuthDigestNonceLifetime 1): stale=true'],
  ['raw/paste-simplejwt-bad-signature.txt', 'token-rejected', ['no-credentials', 'token-expired', 'token-malformed'], 'Django + DRF + simplejwt', 'pasted request and response header blocks (from a real curl exchange); token signed with a rotated-out key'],
  ['raw/paste-drf-basic-not-base64.txt', 'basic-malformed', ['credentials-rejected', 'no-credentials'], 'Django + DRF BasicAuthentication', 'pasted header blocks; Authorization: Basic alice:wonderland (not base64)'],
  ['raw/paste-express-session-expired.txt', 'session-expired', ['no-credentials', 'cookies-not-sent'], 'express 5 + cookie-parser', 'pasted header blocks; unknown sid cookie, server answers 401 with Set-Cookie sid=; Expires=Thu, 01 Jan 1970'],
  ['raw/paste-oauth2-issuer-mismatch.txt', 'issuer-mismatch', ['audience-mismatch', 'no-credentials', 'token-expired'], 'express 5 + express-oauth2-jwt-bearer', 'pasted header blocks; error_description="Unexpected \'iss\' value"'],
];
for (const [file, top, absent, stack, note] of curlRows) {
  if (!fs.existsSync(path.join(FIX, file))) { console.log(`  (no ${file})`); continue; }
  made.push({ file, rows: [{ file, entry: 0, top, absent, stack, captured: 'curl', note }] });
}
updateExpected(made);
