// Held-out corpus for issue 9, helper `other`: real 401/407 exchanges from
// Ruby, Perl, Go, Java and PHP stacks and Debian server applications that
// tests/fixtures does not have, all installed from Debian packages (no
// RubyGems, CPAN, Go proxy or Maven): Sinatra 3 + Rack 2.2 (Rack::Auth::Basic,
// Rack::Auth::Digest::MD5, cookie sessions, ruby-jwt), Rails 6.1 + Devise 4.8,
// Mojolicious 9 (+ Mojo::JWT), Dancer2 + Plack, Go net/http + golang-jwt v4,
// jetty9, plain PHP 8.2 under `php -S`; and monit, varnish, icinga2's REST
// API, prometheus-alertmanager, syncthing, apache2 + mod_auth_openidc.
// Starts its own servers on 127.0.0.1 (servers/heldout-other/,
// conf/heldout-other/), drives Debian's Chromium (playwright-core, har.mjs)
// and real `curl -v`, and writes har/, raw/ and expected.json (the format of
// tests/fixtures/expected.json) to WHY401_HELDOUT_OUT (default
// /work/heldout/other), never into tests/fixtures. Expected rows come from
// what each scenario did (ground truth) and /work/shared/causes.md, not from
// why401's output.
// Needs Debian: ruby-sinatra ruby-rack ruby-jwt ruby-webrick ruby-rails
// ruby-devise ruby-sqlite3 libmojolicious-perl libmojo-jwt-perl libdancer2-perl
// libplack-perl golang-go golang-github-golang-jwt-jwt-dev php-cli jetty9 monit
// varnish icinga2-bin prometheus-alertmanager syncthing apache2
// libapache2-mod-auth-openidc apache2-utils faketime chromium curl openssl.
// Usage: node heldout-other.mjs [scenario-name-substring ...]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { pfetch as pfetchKeep, recordScenario } from './har.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = process.env.WHY401_HELDOUT_OUT || '/work/heldout/other';
const RUN = process.env.WHY401_CAPTURE_RUN || '/tmp/why401-heldout-other';
const S = path.join(HERE, 'servers', 'heldout-other');
const C = path.join(HERE, 'conf', 'heldout-other');
const SECRET = 'why401-heldout-other-secret-not-real';
const WRONG = 'a-different-signing-key-after-rotation';
const P = { sinatra: 18401, mojo: 18402, php: 18403, go: 18404, monit: 18410, varnish: 18411, icinga: 18412, alertmanager: 18413, syncthing: 18414, jetty: 18415, dancer2: 18416, mojoSkew: 18417, rails: 18418, openidc: 18419 };
const IDP_ISS = 'https://login.idp.test/realms/why401', IDP_AUD = 'why401-api';
const now = () => Math.floor(Date.now() / 1000);
const iso = () => new Date().toISOString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const basic = (u, p) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
const rnd = () => crypto.randomBytes(32).toString('hex');
// a token from the IdP; `key` other than SECRET: a signature the API cannot verify
const idp = (extra = {}, key = SECRET) => jwt.sign({ sub: 'alice', iss: IDP_ISS, aud: IDP_AUD, scope: 'openid profile', iat: now(), exp: now() + 300, ...extra }, key, { algorithm: 'HS256' });
const JWT_ABSENT = ['no-credentials', 'token-malformed', 'unsigned-token', 'scheme-mismatch', 'authorization-malformed', 'credentials-stripped'];
const BASIC_BAD = ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped', 'token-expired', 'token-malformed'];
const NOCRED_ABSENT = ['credentials-rejected', 'basic-malformed', 'credentials-stripped', 'token-expired', 'token-rejected', 'session-expired'];
const SESSION_ABSENT = ['no-credentials', 'token-malformed', 'unsigned-token', 'credentials-rejected', 'cookies-not-sent', 'scheme-mismatch', 'token-expired'];
const noteIdp = 'iss is the IdP (https://login.idp.test/realms/why401), another host than the API: normal, not a cause';

// ---------------- stacks (groups for expected.json) ----------------
const STACKS = {
  sinatra: 'Sinatra 3.0 + Rack 2.2 (cookie sessions, ruby-jwt 2.5) on WEBrick',
  rack: 'Rack::Auth 2.2 (Basic, Digest::MD5) on WEBrick',
  mojo: 'Mojolicious 9.31 (Perl, signed cookie sessions, Mojo::JWT 0.09)',
  mojoSkew: 'Mojolicious 9.31 + Mojo::JWT 0.09 under libfaketime (+3h)',
  phpToGo: 'PHP 8.2 301 redirect to the Go 1.19 net/http + golang-jwt API',
  go: 'Go 1.19 net/http + golang-jwt v4.4',
  goProxy: 'Go 1.19 net/http forward proxy (httputil)',
  php: 'PHP 8.2 built-in server (php -S), PHP_AUTH_USER / sessions',
  monit: 'Debian monit 5.33 web UI',
  varnish: 'Debian varnish 7.1 (VCL Basic auth)',
  varnishGo: 'Debian varnish 7.1 relaying the Go net/http + golang-jwt app',
  icinga: 'Debian icinga2 2.13 REST API (ApiUser)',
  alertmanager: 'Debian prometheus-alertmanager 0.25 (web.config basic_auth_users)',
  syncthing: 'Debian syncthing 1.19 GUI/REST (GUI user + API key)',
  jetty: 'Debian jetty9 9.4 (web.xml BASIC/DIGEST, HashLoginService)',
  dancer2: 'Dancer2 0.400 (Perl) + Plack::Middleware::Auth::Basic',
  devise: 'Rails 6.1 + Devise 4.8 (cookie store, http_authenticatable, timeoutable)',
  openidc: 'Debian apache2 2.4 + mod_auth_openidc 2.4 (oauth20 resource server / openid-connect RP)',
};
const STACK_ROWS = [
  { group: 'Sinatra (Ruby)', contains: ['Sinatra'], knowledge: [] },
  { group: 'Rack::Auth (Ruby)', contains: ['Rack::Auth'], knowledge: [] },
  { group: 'Mojolicious (Perl)', contains: ['Mojolicious'], knowledge: [] },
  { group: 'varnish', contains: ['Debian varnish'], knowledge: [] },
  { group: 'Go net/http + golang-jwt', contains: ['golang-jwt', 'Go 1.19 net/http'], knowledge: [] },
  { group: 'PHP (built-in server)', contains: ['PHP 8.2'], knowledge: [] },
  { group: 'monit', contains: ['Debian monit'], knowledge: [] },
  { group: 'icinga2', contains: ['Debian icinga2'], knowledge: [] },
  { group: 'prometheus-alertmanager', contains: ['prometheus-alertmanager'], knowledge: [] },
  { group: 'syncthing', contains: ['Debian syncthing'], knowledge: [] },
  { group: 'jetty9 (Java)', contains: ['Debian jetty9'], knowledge: [] },
  { group: 'Dancer2 + Plack (Perl)', contains: ['Dancer2'], knowledge: [] },
  { group: 'Rails + Devise (Ruby)', contains: ['Devise'], knowledge: [] },
  { group: 'apache2 mod_auth_openidc', contains: ['mod_auth_openidc'], knowledge: [] },
];

// ---------------- servers ----------------
const procs = new Map();
function start(name, cmd, args, opts = {}) {
  const log = fs.openSync(path.join(RUN, `${name}.log`), 'a');
  // own process group: icinga2 and varnishd fork, the whole group is stopped
  const p = spawn(cmd, args, { stdio: ['ignore', log, log], cwd: RUN, detached: true, ...opts });
  procs.set(name, p);
  return p;
}
const alive = (p) => p.exitCode === null && p.signalCode === null;
function killGroup(p, sig) { if (alive(p)) { try { process.kill(-p.pid, sig); } catch { /* gone */ } } }
async function stop(name) {
  const p = procs.get(name);
  if (!p) return;
  killGroup(p, 'SIGTERM');
  for (let i = 0; i < 20 && alive(p); i++) await sleep(100);
  killGroup(p, 'SIGKILL');
  procs.delete(name);
}
async function waitPort(port, scheme = 'http') {
  for (let i = 0; i < 150; i++) {
    try { execSync(`curl -sk -o /dev/null --max-time 1 ${scheme}://127.0.0.1:${port}/`); return; } catch { await sleep(200); }
  }
  throw new Error(`port ${port} did not open`);
}
const fill = (f, vars) => Object.entries(vars).reduce((s, [k, v]) => s.replaceAll(`@${k}@`, v), fs.readFileSync(path.join(C, f), 'utf8'));
const startSinatra = (secret) => start('sinatra', 'ruby', [path.join(S, 'sinatra_app.rb'), P.sinatra, secret, SECRET]);
const startMojo = (secret) => start('mojo', 'perl', [path.join(S, 'mojo_app.pl'), P.mojo, secret, SECRET]);
const PHPSESS = path.join(RUN, 'phpsess');
const ST_KEY = 'why401StApiKey7Qm2Xv9Lp4Rt6Wz8Nb3';
const startSyncthing = () => start('syncthing', '/usr/bin/syncthing', ['serve', `--home=${path.join(RUN, 'syncthing')}`, '--no-browser', '--no-restart', '--no-upgrade',
  `--gui-address=http://127.0.0.1:${P.syncthing}`, `--gui-apikey=${ST_KEY}`], { env: { ...process.env, STNOUPGRADE: '1' } });
const startRails = () => start('rails', 'ruby', [path.join(S, 'rails_devise_app.rb'), P.rails, crypto.randomBytes(64).toString('hex'), path.join(RUN, 'devise.sqlite3')]);
const startDancer2 = () => start('dancer2', 'plackup', ['-s', 'HTTP::Server::PSGI', '--host', '127.0.0.1', '--port', String(P.dancer2), path.join(S, 'dancer2_app.pl')]);
async function startAll() {
  fs.mkdirSync(RUN, { recursive: true });
  // Go: built offline against Debian's /usr/share/gocode (go.mod `replace`)
  execSync(`go build -o ${path.join(RUN, 'go-jwt')} .`, { cwd: path.join(S, 'go-jwt'), stdio: 'inherit',
    env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod', GOCACHE: path.join(RUN, 'gocache'), GOPATH: path.join(RUN, 'gopath') } });
  startSinatra(rnd());
  startMojo(rnd());
  fs.mkdirSync(PHPSESS, { recursive: true });
  // the same Mojolicious app with its clock 3 h ahead (a server whose NTP is broken)
  start('mojo-skew', 'faketime', ['-f', '+3h', 'perl', path.join(S, 'mojo_app.pl'), P.mojoSkew, rnd(), SECRET]);
  start('php', 'php', ['-d', `session.save_path=${PHPSESS}`, '-S', `127.0.0.1:${P.php}`, path.join(S, 'php_app.php')], { env: { ...process.env, WHY401_GO_PORT: String(P.go) } });
  start('go', path.join(RUN, 'go-jwt'), [String(P.go), SECRET]);
  fs.writeFileSync(path.join(RUN, 'monitrc'), fill('monitrc', { RUN, PORT: P.monit }), { mode: 0o600 });
  fs.chmodSync(path.join(RUN, 'monitrc'), 0o600);
  start('monit', '/usr/bin/monit', ['-I', '-c', path.join(RUN, 'monitrc')]);
  fs.writeFileSync(path.join(RUN, 'varnish.vcl'), fill('varnish.vcl', { BACKEND: P.go }));
  start('varnish', '/usr/sbin/varnishd', ['-F', '-a', `127.0.0.1:${P.varnish}`, '-f', path.join(RUN, 'varnish.vcl'), '-n', path.join(RUN, 'varnish'), '-s', 'malloc,32m']);
  // icinga2 with private dirs and a throwaway CA/node certificate
  const I = path.join(RUN, 'icinga');
  for (const d of ['lib/certs', 'lib/api', 'log/icinga2', 'run/icinga2', 'cache/icinga2', 'spool']) fs.mkdirSync(path.join(I, d), { recursive: true });
  const certs = path.join(I, 'lib', 'certs');
  if (!fs.existsSync(path.join(certs, 'why401-icinga.test.crt'))) {
    execSync(`openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj /CN=why401-icinga-ca 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -keyout why401-icinga.test.key -out node.csr -subj /CN=why401-icinga.test 2>/dev/null
      openssl x509 -req -in node.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out why401-icinga.test.crt -days 30 2>/dev/null`, { cwd: certs, shell: '/bin/bash' });
  }
  fs.writeFileSync(path.join(I, 'icinga2.conf'), fill('icinga2.conf', { PORT: P.icinga }));
  start('icinga', '/usr/sbin/icinga2', ['daemon', '-c', path.join(I, 'icinga2.conf'), `-DDataDir=${I}/lib`, `-DLogDir=${I}/log`, `-DCacheDir=${I}/cache`,
    `-DSpoolDir=${I}/spool`, `-DInitRunDir=${I}/run`, '-DRunAsUser=root', '-DRunAsGroup=root']);
  const hash = execSync('htpasswd -nbBC 10 alice wonderland', { encoding: 'utf8' }).trim().split(':')[1];
  fs.writeFileSync(path.join(RUN, 'alertmanager-web.yml'), fill('alertmanager-web.yml', { HASH: hash }));
  fs.copyFileSync(path.join(C, 'alertmanager.yml'), path.join(RUN, 'alertmanager.yml'));
  start('alertmanager', '/usr/bin/prometheus-alertmanager', [`--config.file=${RUN}/alertmanager.yml`, `--web.config.file=${RUN}/alertmanager-web.yml`,
    `--web.listen-address=127.0.0.1:${P.alertmanager}`, `--storage.path=${RUN}/alertmanager-data`, '--cluster.listen-address=']);
  // syncthing: fresh home with a GUI user; discovery, relays, NAT off (127.0.0.1 only)
  const st = path.join(RUN, 'syncthing');
  fs.rmSync(st, { recursive: true, force: true });
  execSync(`syncthing generate --home=${st} --no-default-folder --gui-user=alice --gui-password=wonderland`, { stdio: 'ignore' });
  const sx = path.join(st, 'config.xml');
  fs.writeFileSync(sx, fs.readFileSync(sx, 'utf8').replace(/<(globalAnnounceEnabled|localAnnounceEnabled|relaysEnabled|natEnabled)>true</g, '<$1>false<')
    .replace('<urAccepted>0<', '<urAccepted>-1<').replace(/<listenAddress>[^<]*<\/listenAddress>/g, '<listenAddress>tcp://127.0.0.1:18424</listenAddress>'));
  startSyncthing();
  // jetty9: a private jetty.base (conf/heldout-other/jetty) with two webapps
  const JB = path.join(RUN, 'jetty-base');
  fs.rmSync(JB, { recursive: true, force: true });
  for (const m of ['basic', 'digest']) {
    fs.mkdirSync(path.join(JB, 'apps', m, 'WEB-INF'), { recursive: true });
    fs.mkdirSync(path.join(JB, 'webapps'), { recursive: true });
    fs.writeFileSync(path.join(JB, 'webapps', `${m}.xml`), fill(`jetty/${m}.xml`, { BASE: JB }));
    fs.copyFileSync(path.join(C, 'jetty', `${m}-web.xml`), path.join(JB, 'apps', m, 'WEB-INF', 'web.xml'));
    fs.writeFileSync(path.join(JB, 'apps', m, 'report.json'), '{"report":"ok"}\n');
  }
  fs.writeFileSync(path.join(JB, 'start.ini'), fill('jetty/start.ini', { PORT: P.jetty }));
  fs.copyFileSync(path.join(C, 'jetty', 'realm.properties'), path.join(JB, 'realm.properties'));
  start('jetty', 'java', ['-jar', '/usr/share/jetty9/start.jar', 'jetty.home=/usr/share/jetty9', `jetty.base=${JB}`], { cwd: JB });
  startDancer2();
  startRails();
  // apache2 + mod_auth_openidc (drops to www-data: its files must be world-readable)
  const OW = path.join(RUN, 'openidc-www');
  for (const d of ['app', 'api']) fs.mkdirSync(path.join(OW, d), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(OW, 'index.html'), '<!doctype html><title>apache</title><h1>apache2 + mod_auth_openidc</h1>\n', { mode: 0o644 });
  fs.writeFileSync(path.join(OW, 'app', 'data.json'), '{"ok":1}\n', { mode: 0o644 });
  fs.writeFileSync(path.join(OW, 'api', 'me.json'), '{"sub":"alice"}\n', { mode: 0o644 });
  fs.chmodSync(RUN, 0o755);
  fs.writeFileSync(path.join(RUN, 'apache2-openidc.conf'), fill('apache2-openidc.conf', { RUN, PORT: P.openidc, SECRET }));
  start('openidc', '/usr/sbin/apache2', ['-f', path.join(RUN, 'apache2-openidc.conf'), '-DFOREGROUND']);
  for (const port of [P.openidc, P.rails, P.mojoSkew, P.sinatra, P.mojo, P.php, P.go, P.monit, P.varnish, P.alertmanager, P.syncthing, P.jetty, P.dancer2]) await waitPort(port);
  await waitPort(P.icinga, 'https');
  const dead = [...procs].filter(([, p]) => !alive(p)).map(([n]) => n);
  if (dead.length) throw new Error(`servers exited early: ${dead.join(', ')} (port in use? see ${RUN}/*.log)`);
  await sleep(500);
}
async function stopAll() { for (const n of [...procs.keys()]) await stop(n); }
// a deploy: the server restarts with a new session secret
async function restart(name) {
  await stop(name);
  ({ sinatra: () => startSinatra(rnd()), mojo: () => startMojo(rnd()), syncthing: startSyncthing, dancer2: startDancer2, rails: startRails })[name]();
  await waitPort(P[name]);
}

// ---------------- Chromium scenarios ----------------
/** The shared in-page fetch, keeping 200 characters of each body as this corpus did. */
const pfetch = (page, url, init = {}) => pfetchKeep(page, url, init, 200);
const SC = [];
const scenario = (name, opts, run) => SC.push({ name, ...opts, run });
const bearer = (t) => ({ headers: { Authorization: 'Bearer ' + t } });
const jwtScenario = (name, stack, port, url, top, absent, token, note, via = port) => scenario(name, { stack, jwt: true, expect: [{ url, top, absent, note }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${via}/`);
    console.log(await pfetch(page, url, bearer(token())));
  });

// Sinatra + ruby-jwt
const sinNote = 'the 401 is app code (Sinatra has no auth of its own): `halt 401` with WWW-Authenticate: Bearer error="invalid_token", error_description and a JSON body carrying ruby-jwt\'s own exception class and message';
jwtScenario('token-expired-sinatra-ruby-jwt', STACKS.sinatra, P.sinatra, '/jwt/me', 'token-expired', [...JWT_ABSENT, 'token-not-yet-valid', 'clock-skew', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({ iat: now() - 4200, exp: now() - 600 }), `ground truth: JWT from the IdP, right key/iss/aud, exp 10 min before the request; JWT.decode raises JWT::ExpiredSignature "Signature has expired"; ${sinNote}; ${noteIdp}`);
jwtScenario('token-rejected-sinatra-ruby-jwt-bad-signature', STACKS.sinatra, P.sinatra, '/jwt/me', 'token-rejected', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({}, WRONG), `ground truth: unexpired JWT with the expected iss/aud signed with a key the API does not have (signing key rotated); JWT::VerificationError "Signature verification failed"; ${sinNote}`);
jwtScenario('audience-mismatch-sinatra-ruby-jwt', STACKS.sinatra, P.sinatra, '/jwt/me', 'audience-mismatch', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch'],
  () => idp({ aud: 'account' }), `ground truth: correctly signed, unexpired JWT whose aud is "account" (Keycloak's default) while the API wants "why401-api"; JWT::InvalidAudError "Invalid audience. Expected why401-api, received account": the server names the audience problem; ${sinNote}`);
jwtScenario('issuer-mismatch-sinatra-ruby-jwt', STACKS.sinatra, P.sinatra, '/jwt/me', 'issuer-mismatch', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'audience-mismatch'],
  () => idp({ iss: 'https://login.idp.test/realms/staging' }), `ground truth: correctly signed, unexpired JWT from the staging realm (wrong environment) while the API trusts .../realms/why401; JWT::InvalidIssuerError "Invalid issuer. Expected [...realms/why401], received .../realms/staging"; ${sinNote}`);
scenario('session-expired-sinatra-secret-rotated', { stack: STACKS.sinatra,
  expect: [{ url: '/api/me', top: 'session-expired', listed: ['missing-challenge'], absent: SESSION_ABSENT,
    note: 'ground truth: signed in (`rack.session` cookie, Sinatra 3\'s encrypted cookie session), then the server was redeployed with a new session_secret (process restarted): the cookie no longer decrypts, the session is empty and the app\'s `halt 401` answers {"error":"Not authenticated"} without WWW-Authenticate (app code; the 401 text is mine). Rack also sets a fresh rack.session cookie on the 401' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.sinatra}/login`);
  await restart('sinatra');
  console.log(await pfetch(page, '/api/me'));
});
// Rack::Auth
scenario('credentials-rejected-rack-auth-basic', { stack: STACKS.rack,
  expect: [{ url: '/basic/report', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: fetch with Basic alice:<wrong password> to a Rack::Auth::Basic-guarded path: Rack\'s stock 401, empty body (Content-Length: 0), WWW-Authenticate: Basic realm="why401 sinatra"' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.sinatra}/`);
  console.log(await pfetch(page, '/basic/report', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
// (a Basic header without a colon gets 400 Bad Request from Rack::Auth::Basic, not a 401: no fixture)

// Mojolicious
scenario('credentials-rejected-mojolicious-basic', { stack: STACKS.mojo,
  expect: [{ url: '/basic/report', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: Basic alice:<wrong password>; the Basic auth recipe of Mojolicious::Guides::Tutorial (userinfo compared, www_authenticate, render text "Authentication required!" status 401)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.mojo}/`);
  console.log(await pfetch(page, '/basic/report', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('session-expired-mojolicious-secret-rotated', { stack: STACKS.mojo,
  expect: [{ url: '/api/me', top: 'session-expired', listed: ['missing-challenge'], absent: SESSION_ABSENT,
    note: 'ground truth: signed in (`mojolicious` cookie: base64 JSON padded with Z, `--` and an HMAC-SHA256), then the app restarted with new app->secrets: the signature fails, the session is empty, the `under` callback answers {"error":"Please log in"} (app code, no WWW-Authenticate), the cookie is not cleared' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.mojo}/login`);
  await restart('mojo');
  console.log(await pfetch(page, '/api/me'));
});
const mojoNote = 'Mojo::JWT dies with its own message; the app (my code) renders it as {"error":...} with WWW-Authenticate: Bearer realm="why401-mojo", error="invalid_token" (Mojo::JWT checks no iss/aud)';
jwtScenario('token-expired-mojo-jwt', STACKS.mojo, P.mojo, '/jwt/me', 'token-expired', [...JWT_ABSENT, 'token-not-yet-valid', 'clock-skew', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({ iat: now() - 4200, exp: now() - 600 }), `ground truth: JWT expired 10 min before the request: "JWT has expired"; ${mojoNote}; ${noteIdp}`);
jwtScenario('token-rejected-mojo-jwt-bad-signature', STACKS.mojo, P.mojo, '/jwt/me', 'token-rejected', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({}, WRONG), `ground truth: unexpired JWT signed with another key (rotated): "Failed HS validation"; ${mojoNote}`);

// Go net/http + golang-jwt
const goNote = 'the 401 is app code (net/http has no auth): the golang-jwt README pattern, http.Error(w, err.Error(), 401) (text/plain, X-Content-Type-Options: nosniff) with WWW-Authenticate: Bearer realm="why401-go", error="invalid_token", error_description=<golang-jwt\'s error>';
jwtScenario('token-expired-go-golang-jwt', STACKS.go, P.go, '/api/me', 'token-expired', [...JWT_ABSENT, 'token-not-yet-valid', 'clock-skew', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({ iat: now() - 4200, exp: now() - 600 }), `ground truth: JWT expired 10 min before the request: golang-jwt "Token is expired"; ${goNote}; ${noteIdp}`);
jwtScenario('token-rejected-go-golang-jwt-bad-signature', STACKS.go, P.go, '/api/me', 'token-rejected', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({}, WRONG), `ground truth: unexpired JWT signed with a rotated key: "signature is invalid"; ${goNote}`);
jwtScenario('audience-mismatch-go-golang-jwt', STACKS.go, P.go, '/api/me', 'audience-mismatch', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch'],
  () => idp({ aud: 'account' }), `ground truth: good signature, unexpired, aud "account" instead of "why401-api"; MapClaims.VerifyAudience fails and the app says "token has invalid audience" (the wording is mine, after golang-jwt v5's ErrTokenInvalidAudience); ${goNote}`);
jwtScenario('token-not-yet-valid-go-golang-jwt', STACKS.go, P.go, '/api/me', 'token-not-yet-valid', [...JWT_ABSENT, 'token-expired', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({ nbf: now() + 600, exp: now() + 1200 }), `ground truth: token minted with nbf 10 min in the future (issuer clock or a pre-dated token): golang-jwt "Token is not valid yet"; the client's and server's clocks agree; ${goNote}`);
scenario('credentials-rejected-go-basic', { stack: STACKS.go,
  expect: [{ url: '/basic/report', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: Basic alice:<wrong password>; r.BasicAuth() + http.Error(w, "Unauthorized", 401) with WWW-Authenticate: Basic realm="why401 go", charset="UTF-8" (app code: net/http only parses)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.go}/`);
  console.log(await pfetch(page, '/basic/report', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('proxy-auth-required-go-forward-proxy', { stack: STACKS.goProxy, proxy: P.go,
  expect: [{ status: 407, top: 'proxy-auth-required', absent: ['no-credentials', 'credentials-rejected', 'missing-challenge', 'scheme-mismatch', 'gateway-rejected'],
    note: 'ground truth: Chromium configured with the Go forward proxy (Proxy-Authorization required, my code on net/http + httputil), no proxy credentials given (dialog cancelled): 407 from http.Error with Proxy-Authenticate: Basic realm="why401 go proxy"' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.php}/`).catch(() => {});
});
// varnish relaying the Go app
scenario('token-expired-varnish-relay-go', { stack: STACKS.varnishGo, jwt: true,
  expect: [{ url: '/api/me', top: 'token-expired', absent: [...JWT_ABSENT, 'token-not-yet-valid', 'clock-skew', 'issuer-mismatch', 'audience-mismatch', 'gateway-rejected'],
    note: `ground truth: the Go app behind varnish (return(pass)); an expired JWT (exp 10 min ago): the app's 401 "Token is expired" is relayed with varnish's Via: 1.1 varnish and X-Varnish headers. The 401 is the app's, not varnish's: gateway-rejected would mislead; ${goNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.varnish}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp({ iat: now() - 4200, exp: now() - 600 }))));
});
scenario('credentials-rejected-varnish-vcl-basic', { stack: STACKS.varnish,
  expect: [{ url: '/admin/', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: Basic alice:<wrong password> to /admin/, guarded in VCL (the Basic auth recipe: compare req.http.Authorization, return(synth(401)), challenge set in vcl_synth); varnish\'s stock synth page "Error 401 Authentication required ... Guru Meditation", Server: Varnish. gateway-rejected (varnish in front refused) is a defensible neighbour' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.varnish}/`);
  console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});

// PHP
scenario('credentials-rejected-php-basic', { stack: STACKS.php,
  expect: [{ url: '/basic/report', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: Basic alice:<wrong password>; the php.net HTTP-auth example (PHP_AUTH_USER/PHP_AUTH_PW, header(\'WWW-Authenticate: Basic realm=...\'), header(\'HTTP/1.0 401 Unauthorized\'), "Text to send if user hits Cancel button"); php -S answers HTTP/1.0' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.php}/`);
  console.log(await pfetch(page, '/basic/report', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('session-expired-php-session-files-gone', { stack: STACKS.php,
  expect: [{ url: '/api/me', top: 'session-expired', listed: ['missing-challenge'], absent: SESSION_ABSENT,
    note: 'ground truth: signed in (PHPSESSID, native file sessions), then the session files were deleted (a deploy to a new container / tmp cleaner / session.gc): session_start() finds nothing, the app answers {"error":"unauthenticated","message":"Please sign in."} (app code, no WWW-Authenticate); PHP keeps the old PHPSESSID (no Set-Cookie)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.php}/login`);
  for (const f of fs.readdirSync(PHPSESS)) fs.rmSync(path.join(PHPSESS, f));
  console.log(await pfetch(page, '/api/me'));
});
scenario('credentials-rejected-php-api-key', { stack: STACKS.php,
  expect: [{ url: '/api/reports', top: 'credentials-rejected', listed: ['missing-challenge'], absent: ['no-credentials', 'credentials-stripped', 'session-expired', 'scheme-mismatch', 'token-expired', 'token-malformed', 'basic-malformed'],
    note: 'ground truth: X-API-Key with a revoked key (same shape as the valid one); the app answers {"error":"Invalid API key"} without a challenge (app code). token-rejected is a defensible neighbour (not absent)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.php}/`);
  console.log(await pfetch(page, '/api/reports', { headers: { 'X-API-Key': 'phk_9a1e5c3b7d2f8e4a6c0b1d9f3e7a5c2b' } }));
});

// monit
scenario('credentials-rejected-monit', { stack: STACKS.monit,
  expect: [{ url: '_status', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: the monit web UI (allow alice:wonderland) fetched with Basic alice:<wrong password>: monit\'s stock page "You are not authorized to access monit. Either you supplied the wrong credentials...", WWW-Authenticate: Basic realm="monit", HTTP/1.0' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.monit}/`).catch(() => {});
  console.log(await pfetch(page, '/_status?format=xml', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
// icinga2
scenario('credentials-rejected-icinga2-api', { stack: STACKS.icinga,
  expect: [{ url: '/v1/status', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: icinga2 REST API (ApiUser root) called with Basic root:<wrong password> and Accept: application/json: {"error":401,"status":"Unauthorized. Please check your user credentials."}, WWW-Authenticate: Basic realm="Icinga 2", no Date header' }] },
async ({ page }) => {
  await page.goto(`https://localhost:${P.icinga}/`).catch(() => {});
  console.log(await pfetch(page, '/v1/status', { headers: { Authorization: basic('root', 'icinga'), Accept: 'application/json' } }));
});
// alertmanager
scenario('credentials-rejected-alertmanager', { stack: STACKS.alertmanager,
  expect: [{ url: '/api/v2/status', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: alertmanager API with web.config basic_auth_users (bcrypt) called with Basic alice:<wrong password>: exporter-toolkit\'s stock "Unauthorized", WWW-Authenticate: Basic' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.alertmanager}/`).catch(() => {});
  console.log(await pfetch(page, '/api/v2/status', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});

// syncthing
scenario('credentials-rejected-syncthing-api-key', { stack: STACKS.syncthing,
  expect: [{ url: '/rest/system/status', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'session-expired', 'token-expired', 'token-malformed', 'basic-malformed', 'unsigned-token'],
    note: 'ground truth: a dashboard calls the REST API with X-API-Key set to the old key (the API key was regenerated in the GUI); syncthing finds no key match, falls back to its GUI Basic auth and answers text/plain "Not Authorized" with WWW-Authenticate: Basic realm="Authorization Required". The key is what is wrong, the challenge only names the GUI fallback: scheme-mismatch is a defensible reading (not absent), token-rejected a defensible neighbour' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.syncthing}/`).catch(() => {});
  console.log(await pfetch(page, '/rest/system/status', { headers: { 'X-API-Key': 'fMxavCbE7bevwF7qkk3eTunpai7JGZ9K' } }));
});
scenario('credentials-rejected-syncthing-gui-password', { stack: STACKS.syncthing,
  expect: [{ url: '/rest/system/status', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: Basic alice:<wrong password> (the GUI password was changed): "Not Authorized", WWW-Authenticate: Basic realm="Authorization Required"' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.syncthing}/`).catch(() => {});
  console.log(await pfetch(page, '/rest/system/status', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('session-expired-syncthing-restart', { stack: STACKS.syncthing,
  expect: [{ url: '/rest/system/version', last: true, top: 'session-expired', absent: SESSION_ABSENT,
    note: 'ground truth: signed in (a REST call with the right Basic credentials got the `sessionid-<device>` cookie, though syncthing answered that call 403 "CSRF Error" for want of its X-CSRF-Token header), then syncthing restarted (sessions live in memory): the next call carries only the cookie, which syncthing no longer knows: "Not Authorized" with its Basic challenge, the cookie is not cleared' }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.syncthing}/`).catch(() => {});
  console.log(await pfetch(page, '/rest/system/version', { headers: { Authorization: basic('alice', 'wonderland') } }));
  await restart('syncthing');
  console.log(await pfetch(page, '/rest/system/version'));
});

// jetty9
const jettyNote = 'Jetty\'s stock error page "HTTP ERROR 401 Unauthorized ... Powered by Jetty:// 9.4.57", no Date header';
scenario('credentials-rejected-jetty-basic', { stack: STACKS.jetty,
  expect: [{ url: '/basic/report.json', top: 'credentials-rejected', absent: BASIC_BAD,
    note: `ground truth: Basic alice:<wrong password> to a webapp whose web.xml asks for BASIC (HashLoginService): WWW-Authenticate: basic realm="why401 jetty basic" (lower-case scheme); ${jettyNote}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.jetty}/`).catch(() => {});
  console.log(await pfetch(page, '/basic/report.json', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});
scenario('scheme-mismatch-jetty-basic-bearer-sent', { stack: STACKS.jetty, jwt: true,
  expect: [{ url: '/basic/report.json', top: 'scheme-mismatch', absent: ['no-credentials', 'credentials-stripped', 'token-expired', 'token-malformed', 'session-expired', 'unsigned-token', 'issuer-mismatch', 'audience-mismatch', 'basic-malformed'],
    note: `ground truth: the SPA sends its (valid, unexpired) bearer JWT to a Java endpoint whose web.xml wants BASIC: Jetty ignores the Bearer header and challenges basic; ${jettyNote}` }] },
async ({ page }) => {
  await page.goto(`http://localhost:${P.jetty}/`).catch(() => {});
  console.log(await pfetch(page, '/basic/report.json', bearer(idp())));
});

// Dancer2 + Plack
scenario('session-expired-dancer2-restart', { stack: STACKS.dancer2,
  expect: [{ url: '/api/me', top: 'session-expired', listed: ['missing-challenge'], absent: SESSION_ABSENT,
    note: 'ground truth: signed in (`dancer.session` cookie, Simple engine: sessions in memory), then the app restarted (a deploy): the session id is unknown, the route calls send_error("Not logged in", 401): Dancer2\'s stock error page "Error 401 - Unauthorized", no WWW-Authenticate, the cookie is not cleared' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.dancer2}/login`);
  await restart('dancer2');
  console.log(await pfetch(page, '/api/me'));
});
scenario('credentials-rejected-plack-auth-basic', { stack: STACKS.dancer2,
  expect: [{ url: '/admin/stats', top: 'credentials-rejected', absent: BASIC_BAD,
    note: 'ground truth: Basic alice:<wrong password> to /admin/ behind Plack::Middleware::Auth::Basic: its stock text/plain "Authorization required", WWW-Authenticate: Basic realm="why401 dancer2", HTTP/1.0 (HTTP::Server::PSGI)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.dancer2}/`);
  console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('alice', 'looking-glass') } }));
});

// the failures around the request rather than the credential
scenario('credentials-stripped-varnish-unset-authorization', { stack: STACKS.varnishGo, jwt: true,
  expect: [{ url: '/api/me', top: 'credentials-stripped', absent: ['no-credentials', 'token-expired', 'token-malformed', 'unsigned-token', 'scheme-mismatch', 'session-expired', 'issuer-mismatch', 'audience-mismatch', 'authorization-malformed'],
    note: `ground truth: the SPA sends a valid, unexpired bearer JWT through varnish on cdn.why401.test, whose VCL unsets Authorization (and Cookie) to make responses cacheable; the Go app behind it sees no token: "missing bearer token" with WWW-Authenticate: Bearer realm="why401-go" (no error=), Via: 1.1 varnish. token-rejected is a fair lower neighbour; ${goNote}` }] },
async ({ page }) => {
  await page.goto(`http://cdn.why401.test:${P.varnish}/`);
  console.log(await pfetch(page, '/api/me', bearer(idp())));
});
scenario('cookies-not-sent-mojolicious-samesite-lax', { stack: STACKS.mojo,
  expect: [{ url: '/api/me', top: 'cookies-not-sent', listed: ['missing-challenge'], absent: ['session-expired', 'credentials-rejected', 'token-expired', 'token-malformed', 'scheme-mismatch', 'credentials-stripped'],
    note: 'ground truth: signed in on app.why401.test (the `mojolicious` cookie is SameSite=Lax, Mojolicious\'s default, seen in the login response\'s Set-Cookie), then a page on app.other.test fetches http://app.why401.test/api/me with credentials: "include": a cross-site subresource request, so Chromium does not send the Lax cookie and the `under` callback answers {"error":"Please log in"}. no-credentials is the plausible neighbour (not absent)' }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.mojo}/login`);
  await page.goto(`http://app.other.test:${P.mojo}/`);
  console.log(await pfetch(page, `http://app.why401.test:${P.mojo}/api/me`, { credentials: 'include' }));
});
const preflightAbsent = ['no-credentials', 'credentials-rejected', 'token-expired', 'token-rejected', 'token-malformed', 'scheme-mismatch', 'credentials-stripped', 'session-expired', 'basic-malformed'];
scenario('preflight-rejected-go-golang-jwt', { stack: STACKS.go,
  expect: [{ url: '/api/me', method: 'OPTIONS', top: 'preflight-rejected', absent: preflightAbsent,
    note: `ground truth: a page on app.other.test calls the Go API on api.why401.test with Authorization: Bearer <valid JWT>; Chromium first sends the CORS preflight (OPTIONS, Access-Control-Request-Headers: authorization), which the Bearer middleware answers "missing bearer token" 401 (net/http handlers see every method; no CORS handling); ${goNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.other.test:${P.go}/`);
  console.log(await pfetch(page, `http://api.why401.test:${P.go}/api/me`, bearer(idp())));
});
scenario('preflight-rejected-rack-auth-basic', { stack: STACKS.rack,
  expect: [{ url: '/basic/report', method: 'OPTIONS', top: 'preflight-rejected', absent: preflightAbsent,
    note: 'ground truth: a page on app.other.test fetches api.why401.test/basic/report with the right Basic credentials; the CORS preflight (OPTIONS) reaches Rack::Auth::Basic, which guards every method: its stock empty 401 with WWW-Authenticate: Basic' }] },
async ({ page }) => {
  await page.goto(`http://app.other.test:${P.sinatra}/`);
  console.log(await pfetch(page, `http://api.why401.test:${P.sinatra}/basic/report`, { headers: { Authorization: basic('alice', 'wonderland') } }));
});
scenario('preflight-rejected-jetty-basic', { stack: STACKS.jetty,
  expect: [{ url: '/basic/report.json', method: 'OPTIONS', top: 'preflight-rejected', absent: preflightAbsent,
    note: `ground truth: a page on app.other.test fetches api.why401.test/basic/report.json with the right Basic credentials; the web.xml security-constraint names no http-method, so it covers OPTIONS too and the CORS preflight gets ${jettyNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.other.test:${P.jetty}/`).catch(() => {});
  console.log(await pfetch(page, `http://api.why401.test:${P.jetty}/basic/report.json`, { headers: { Authorization: basic('alice', 'wonderland') } }));
});
scenario('credentials-dropped-on-redirect-php-to-go', { stack: STACKS.phpToGo, jwt: true,
  expect: [{ url: '/api/me', top: 'credentials-dropped-on-redirect', absent: ['token-expired', 'token-rejected', 'token-malformed', 'credentials-rejected', 'scheme-mismatch', 'session-expired', 'issuer-mismatch', 'audience-mismatch'],
    note: `ground truth: the SPA on app.why401.test calls its old endpoint /v1/me with Authorization: Bearer <valid JWT>; PHP answers 301 to http://api.why401.test/api/me (the API moved host); Chromium follows the cross-origin redirect without the Authorization header and the Go API answers "missing bearer token". no-credentials and credentials-stripped are the plausible neighbours (not absent); ${goNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.php}/`);
  console.log(await pfetch(page, '/v1/me', bearer(idp())));
});
jwtScenario('authorization-malformed-go-bearer-undefined', STACKS.go, P.go, '/api/me', 'authorization-malformed', ['no-credentials', 'token-expired', 'issuer-mismatch', 'audience-mismatch', 'session-expired', 'credentials-stripped', 'scheme-mismatch', 'unsigned-token'],
  () => 'undefined', `ground truth: the SPA read its token before sign-in finished and sent \`Authorization: Bearer undefined\`; golang-jwt: "token contains an invalid number of segments". token-malformed and token-rejected are neighbours (not absent); ${goNote}`);
jwtScenario('token-malformed-sinatra-ruby-jwt-truncated', STACKS.sinatra, P.sinatra, '/jwt/me', 'token-malformed', ['no-credentials', 'token-expired', 'issuer-mismatch', 'audience-mismatch', 'session-expired', 'credentials-stripped', 'scheme-mismatch', 'unsigned-token', 'token-not-yet-valid'],
  () => idp().split('.').slice(0, 2).join('.'), `ground truth: the JWT lost its signature segment on the way (copied up to the second dot, header.payload only); ruby-jwt: JWT::DecodeError "Not enough or too many segments". authorization-malformed and token-rejected are neighbours (not absent); ${sinNote}`);
jwtScenario('unsigned-token-go-alg-none', STACKS.go, P.go, '/api/me', 'unsigned-token', ['no-credentials', 'token-expired', 'issuer-mismatch', 'audience-mismatch', 'session-expired', 'credentials-stripped', 'scheme-mismatch', 'token-not-yet-valid'],
  () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'alice', iss: IDP_ISS, aud: IDP_AUD, iat: now(), exp: now() + 300 })).toString('base64url')}.`,
  `ground truth: a test client minted an unsigned JWT (alg "none", empty signature); the keyfunc refuses it: "unexpected signing method: none"; ${goNote}`);
jwtScenario('clock-skew-mojo-jwt-server-ahead', STACKS.mojoSkew, P.mojoSkew, '/jwt/me', 'clock-skew', ['no-credentials', 'token-rejected', 'token-malformed', 'unsigned-token', 'scheme-mismatch', 'issuer-mismatch', 'audience-mismatch', 'credentials-stripped', 'token-not-yet-valid'],
  () => idp(), `ground truth: the app's clock runs 3 h ahead (libfaketime +3h; its Date header shows it); a JWT minted just now with a 5 min lifetime is "JWT has expired" only by the server's clock. token-expired is a fair lower neighbour (not absent); ${mojoNote}`);

// Rails + Devise
const deviseSignIn = (page, password) => page.evaluate(async ([password]) => {
  const r = await fetch('/users/sign_in', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ user: { email: 'alice@example.com', password } }) });
  return r.status;
}, [password]);
const deviseNote = 'Devise\'s failure app answers JSON {"error": <its i18n message>} and, with http_authenticatable on, WWW-Authenticate: Basic realm="why401 devise"';
scenario('session-expired-devise-timeoutable', { stack: STACKS.devise,
  expect: [{ url: '/api/me', top: 'session-expired', absent: SESSION_ABSENT,
    note: `ground truth: signed in (JSON POST /users/sign_in, \`_why401_session\` cookie), then idle beyond timeout_in (3 s here): {"error":"Your session expired. Please sign in again to continue."}; Rails re-issues the session cookie on the 401; ${deviseNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.rails}/`);
  console.log(await deviseSignIn(page, 'wonderland'));
  await sleep(4000);
  console.log(await pfetch(page, '/api/me'));
});
scenario('session-expired-devise-secret-key-base-rotated', { stack: STACKS.devise,
  expect: [{ url: '/api/me', top: 'session-expired', absent: SESSION_ABSENT,
    note: `ground truth: signed in, then the app redeployed with a new secret_key_base: the encrypted cookie-store session no longer decrypts, Devise sees nobody: {"error":"You need to sign in or sign up before continuing."} and a fresh Set-Cookie; ${deviseNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.rails}/`);
  console.log(await deviseSignIn(page, 'wonderland'));
  await restart('rails');
  console.log(await pfetch(page, '/api/me'));
});
scenario('credentials-rejected-devise-sign-in', { stack: STACKS.devise,
  expect: [{ url: '/users/sign_in', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch', 'session-expired', 'credentials-stripped', 'token-expired', 'token-malformed', 'cookies-not-sent'],
    note: `ground truth: JSON sign-in (POST /users/sign_in, email + wrong password in the body): {"error":"Invalid Email or password."}; the Basic challenge comes along only because http_authenticatable is on; ${deviseNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.rails}/`);
  console.log(await deviseSignIn(page, 'looking-glass'));
});
scenario('credentials-rejected-devise-http-basic', { stack: STACKS.devise,
  expect: [{ url: '/api/me', top: 'credentials-rejected', absent: BASIC_BAD,
    note: `ground truth: a script calls /api/me with Basic alice@example.com:<wrong password> (http_authenticatable): {"error":"Invalid Email or password."}; ${deviseNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.rails}/`);
  console.log(await pfetch(page, '/api/me', { headers: { Authorization: basic('alice@example.com', 'looking-glass') } }));
});

// apache2 + mod_auth_openidc
const oidcNote = 'Apache\'s stock 401 page ("This server could not verify that you are authorized...")';
jwtScenario('token-expired-apache-mod-auth-openidc', STACKS.openidc, P.openidc, '/api/me.json', 'token-expired', [...JWT_ABSENT, 'token-not-yet-valid', 'clock-skew', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({ iat: now() - 4200, exp: now() - 600 }), `ground truth: AuthType oauth20 (shared-key HS256 verification); JWT expired 10 min before the request: WWW-Authenticate: Bearer error="invalid_token", error_description="JWT token could not be validated" (the error log says "JWT expired 600 seconds ago", the client is not told); ${oidcNote}; ${noteIdp}`);
jwtScenario('token-rejected-apache-mod-auth-openidc-bad-signature', STACKS.openidc, P.openidc, '/api/me.json', 'token-rejected', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch'],
  () => idp({}, WRONG), `ground truth: unexpired JWT signed with another key (the IdP rotated its key): Bearer error="invalid_token", error_description="JWT token could not be validated"; ${oidcNote}`);
jwtScenario('token-rejected-apache-mod-auth-openidc-wrong-audience', STACKS.openidc, P.openidc, '/api/me.json', 'token-rejected', [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch'],
  () => idp({ aud: 'account' }), `ground truth: valid, unexpired JWT with aud "account" while the location requires \`Require claim aud:why401-api\`: the authorization step (mod_authz_core) fails and Apache answers its stock 401 without saying why and without any WWW-Authenticate. audience-mismatch is the truth but the server declares no audience: the general token-rejected is top, audience-mismatch not absent; ${oidcNote}`);
scenario('no-credentials-apache-mod-auth-openidc-xhr', { stack: STACKS.openidc,
  expect: [{ url: '/app/data.json', top: 'no-credentials', listed: ['missing-challenge'], absent: ['credentials-rejected', 'token-expired', 'token-rejected', 'session-expired', 'credentials-stripped', 'scheme-mismatch'],
    note: `ground truth: a page's XHR (X-Requested-With: XMLHttpRequest) to an openid-connect-protected path with no session cookie (never signed in): mod_auth_openidc does not redirect an XHR to the IdP, it answers 401 without WWW-Authenticate; ${oidcNote}` }] },
async ({ page }) => {
  await page.goto(`http://app.why401.test:${P.openidc}/`);
  console.log(await pfetch(page, '/app/data.json', { headers: { 'X-Requested-With': 'XMLHttpRequest' } }));
});
scenario('session-expired-apache-mod-auth-openidc-xhr', { stack: STACKS.openidc,
  expect: [{ url: '/app/data.json', top: 'session-expired', listed: ['missing-challenge'], absent: SESSION_ABSENT,
    note: `ground truth: the browser holds a mod_auth_openidc_session cookie (its value a session id, made up here in the module's UUID shape) for a session the server no longer has (the shm session cache is lost on restart); an XHR gets 401 without challenge and Set-Cookie mod_auth_openidc_session=; Expires=Thu, 01 Jan 1970 (the module clears it); ${oidcNote}` }] },
async ({ page, context }) => {
  await context.addCookies([{ name: 'mod_auth_openidc_session', value: crypto.randomUUID(), domain: 'app.why401.test', path: '/', httpOnly: true }]);
  await page.goto(`http://app.why401.test:${P.openidc}/`);
  console.log(await pfetch(page, '/app/data.json', { headers: { 'X-Requested-With': 'XMLHttpRequest' } }));
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
// argsFn returns curl's arguments, or (for several runs) a function giving the whole text
const cap = (file, argsFn, top, absent, stack, note, opts = {}) => CURL.push({ name: file, file, argsFn, top, absent, stack, note, ...opts });

cap('curl-sinatra-ruby-jwt-no-token.txt', () => [`http://app.why401.test:${P.sinatra}/jwt/me`], 'no-credentials', NOCRED_ABSENT,
  STACKS.sinatra, 'ground truth: API call without Authorization: {"error":"Missing token"} with WWW-Authenticate: Bearer realm="why401-sinatra" (app code)');
cap('curl-sinatra-session-no-cookie.txt', () => [`http://app.why401.test:${P.sinatra}/api/me`], 'no-credentials', NOCRED_ABSENT,
  STACKS.sinatra, 'ground truth: never signed in, no rack.session cookie: `halt 401` {"error":"Not authenticated"}, no challenge (app code); Rack sets a fresh empty-session cookie', { listed: ['missing-challenge'] });
cap('curl-rack-auth-basic-no-credentials.txt', () => [`http://app.why401.test:${P.sinatra}/basic/report`], 'no-credentials', NOCRED_ABSENT,
  STACKS.rack, 'ground truth: no credentials: Rack::Auth::Basic\'s stock empty 401 with WWW-Authenticate: Basic realm="why401 sinatra"');
cap('curl-rack-auth-digest-wrong-password.txt', () => ['--digest', '-u', 'alice:looking-glass', `http://app.why401.test:${P.sinatra}/digest/report`], 'credentials-rejected',
  ['no-credentials', 'digest-stale', 'basic-malformed', 'scheme-mismatch', 'credentials-stripped', 'session-expired'],
  STACKS.rack, 'ground truth: curl --digest -u alice:<wrong password>: the first 401 carries Rack::Auth::Digest::MD5\'s challenge (qop="auth", opaque), curl answers it, the second 401 (fresh nonce, no stale) refuses the password. The transcript holds both exchanges');
cap('curl-rack-auth-digest-stale-nonce.txt', () => async () => {
  // a client that cached the nonce: first challenge, 3 s later a correct answer to the old nonce
  const url = `http://app.why401.test:${P.sinatra}/digest/report`;
  const first = curl([url]);
  const nonce = /nonce="([^"]+)"/.exec(first)[1], opaque = /opaque="([^"]+)"/.exec(first)[1];
  await sleep(3000);
  const realm = 'why401 sinatra digest', cnonce = crypto.randomBytes(8).toString('hex'), nc = '00000001', uri = '/digest/report';
  const md5 = (s) => crypto.createHash('md5').update(s).digest('hex');
  const resp = md5(`${md5(`alice:${realm}:wonderland`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`GET:${uri}`)}`);
  return first + curl(['-H', `Authorization: Digest username="alice", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=MD5, response="${resp}", opaque="${opaque}", qop=auth, nc=${nc}, cnonce="${cnonce}"`, url]);
}, 'digest-stale', ['no-credentials', 'credentials-rejected', 'basic-malformed', 'scheme-mismatch', 'credentials-stripped', 'session-expired'],
STACKS.rack, 'ground truth: two curl runs. The second sends a correct Digest answer (right password) for the nonce of the first challenge, 3 s old; Rack::Auth::Digest::Nonce.time_limit is 2 s here, so Rack answers 401 with a new challenge carrying stale="true". The password is right: credentials-rejected would mislead');
cap('curl-mojolicious-basic-no-credentials.txt', () => [`http://app.why401.test:${P.mojo}/basic/report`], 'no-credentials', NOCRED_ABSENT,
  STACKS.mojo, 'ground truth: no credentials: the Tutorial recipe\'s "Authentication required!" with WWW-Authenticate: Basic realm="why401 mojo"');
cap('curl-mojolicious-session-no-cookie.txt', () => [`http://app.why401.test:${P.mojo}/api/me`], 'no-credentials', NOCRED_ABSENT,
  STACKS.mojo, 'ground truth: never signed in: the `under` callback\'s {"error":"Please log in"} (app code), no challenge', { listed: ['missing-challenge'] });
cap('curl-go-golang-jwt-no-token.txt', () => [`http://app.why401.test:${P.go}/api/me`], 'no-credentials', NOCRED_ABSENT,
  STACKS.go, 'ground truth: no Authorization: http.Error "missing bearer token" with WWW-Authenticate: Bearer realm="why401-go" (app code)');
cap('curl-go-basic-no-credentials.txt', () => [`http://app.why401.test:${P.go}/basic/report`], 'no-credentials', NOCRED_ABSENT,
  STACKS.go, 'ground truth: no credentials: r.BasicAuth() finds none, http.Error "Unauthorized" with WWW-Authenticate: Basic realm="why401 go", charset="UTF-8" (app code)');
cap('curl-go-forward-proxy-wrong-password.txt', () => ['-x', `http://127.0.0.1:${P.go}`, '-U', 'alice:looking-glass', `http://localhost:${P.php}/`], 'proxy-auth-required',
  ['no-credentials', 'missing-challenge', 'scheme-mismatch', 'basic-malformed', 'session-expired', 'credentials-stripped', 'token-expired'],
  STACKS.goProxy, 'ground truth: curl -x through the Go forward proxy with -U alice:<wrong password>: 407 with Proxy-Authenticate: Basic realm="why401 go proxy" (my code). credentials-rejected (the proxy password is wrong) is a defensible neighbour');
cap('curl-varnish-vcl-basic-no-credentials.txt', () => [`http://app.why401.test:${P.varnish}/admin/stats`], 'no-credentials', NOCRED_ABSENT,
  STACKS.varnish, 'ground truth: no credentials to the VCL-guarded /admin/: varnish synth 401 "Authentication required" (Guru Meditation page), WWW-Authenticate from vcl_synth');
cap('curl-varnish-relay-go-bad-signature.txt', () => ['-H', `Authorization: Bearer ${idp({}, WRONG)}`, `http://app.why401.test:${P.varnish}/api/me`], 'token-rejected',
  [...JWT_ABSENT, 'token-expired', 'token-not-yet-valid', 'issuer-mismatch', 'audience-mismatch', 'gateway-rejected'],
  STACKS.varnishGo, `ground truth: unexpired JWT signed with a rotated key, through varnish to the Go app: the app's "signature is invalid" relayed (Via: 1.1 varnish); ${goNote}`, { jwt: true });
cap('curl-php-basic-no-credentials.txt', () => [`http://app.why401.test:${P.php}/basic/report`], 'no-credentials', NOCRED_ABSENT,
  STACKS.php, 'ground truth: no credentials: the php.net example\'s 401 "Text to send if user hits Cancel button" with WWW-Authenticate: Basic realm="why401 php"');
cap('curl-php-digest-wrong-password.txt', () => ['--digest', '-u', 'alice:looking-glass', `http://app.why401.test:${P.php}/digest/report`], 'credentials-rejected',
  ['no-credentials', 'digest-stale', 'basic-malformed', 'scheme-mismatch', 'credentials-stripped', 'session-expired'],
  STACKS.php, 'ground truth: curl --digest -u alice:<wrong password> to the php.net Digest example (PHP_AUTH_DIGEST): first 401 with the challenge, then "Wrong Credentials!" - the php.net example answers that with 200, this app with 401 and a new challenge (my change)');
cap('curl-php-api-key-missing.txt', () => [`http://app.why401.test:${P.php}/api/reports`], 'no-credentials', NOCRED_ABSENT,
  STACKS.php, 'ground truth: API call without X-API-Key: {"error":"API key missing"}, no challenge (app code)', { listed: ['missing-challenge'] });
cap('curl-monit-no-credentials.txt', () => [`http://localhost:${P.monit}/`], 'no-credentials', NOCRED_ABSENT,
  STACKS.monit, 'ground truth: monit web UI without credentials: stock page (which speaks of "wrong credentials" although none were sent), WWW-Authenticate: Basic realm="monit"');
cap('curl-monit-empty-password.txt', () => ['-u', 'alice:', `http://localhost:${P.monit}/_status`], 'credentials-rejected', ['no-credentials', 'scheme-mismatch', 'credentials-stripped', 'session-expired', 'token-expired'],
  STACKS.monit, 'ground truth: a script with the user name but an empty password (curl -u alice:): well-formed Basic, refused with monit\'s stock 401 page');
cap('curl-icinga2-api-no-credentials.txt', () => ['-k', '-H', 'Accept: application/json', `https://localhost:${P.icinga}/v1/objects/hosts`], 'no-credentials', NOCRED_ABSENT,
  STACKS.icinga, 'ground truth: icinga2 API without credentials: {"error":401,"status":"Unauthorized. Please check your user credentials."} (speaks of credentials although none were sent), WWW-Authenticate: Basic realm="Icinga 2"');
cap('curl-icinga2-api-unknown-user.txt', () => ['-k', '-u', 'icingaadmin:icinga', `https://localhost:${P.icinga}/v1/status`], 'credentials-rejected', BASIC_BAD,
  STACKS.icinga, 'ground truth: Basic icingaadmin:icinga (the Icinga Web 2 default, not an ApiUser here) without Accept: json: icinga2\'s HTML 401 "<h1>Unauthorized. Please check your user credentials.</h1>"');
cap('curl-alertmanager-no-credentials.txt', () => [`http://localhost:${P.alertmanager}/api/v2/alerts`], 'no-credentials', NOCRED_ABSENT,
  STACKS.alertmanager, 'ground truth: alertmanager API without credentials: "Unauthorized", WWW-Authenticate: Basic');

// a client that cached the nonce: the first challenge, then (3 s later) a correct answer to that old nonce
const staleDigest = (url, user, pass) => async () => {
  const first = curl([url]);
  const ch = (k) => (new RegExp(`${k}="?([^",]+)"?`).exec(first.split('\n').find((l) => /^< www-authenticate: digest/i.test(l)) || '') || [])[1];
  const realm = ch('realm'), nonce = ch('nonce'), opaque = ch('opaque');
  await sleep(3000);
  const cnonce = crypto.randomBytes(8).toString('hex'), nc = '00000001', uri = new URL(url).pathname;
  const md5 = (x) => crypto.createHash('md5').update(x).digest('hex');
  const resp = md5(`${md5(`${user}:${realm}:${pass}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`GET:${uri}`)}`);
  return first + curl(['-H', `Authorization: Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=MD5, response="${resp}",${opaque ? ` opaque="${opaque}",` : ''} qop=auth, nc=${nc}, cnonce="${cnonce}"`, url]);
};
cap('curl-syncthing-no-credentials.txt', () => [`http://localhost:${P.syncthing}/rest/system/status`], 'no-credentials', NOCRED_ABSENT,
  STACKS.syncthing, 'ground truth: REST call with neither X-API-Key nor Basic nor session cookie: "Not Authorized", WWW-Authenticate: Basic realm="Authorization Required"');
cap('curl-jetty-basic-no-credentials.txt', () => [`http://localhost:${P.jetty}/basic/report.json`], 'no-credentials', NOCRED_ABSENT,
  STACKS.jetty, 'ground truth: no credentials to the BASIC webapp: Jetty\'s stock "HTTP ERROR 401 Unauthorized" page, WWW-Authenticate: basic realm="why401 jetty basic"');
cap('curl-jetty-digest-wrong-password.txt', () => ['--digest', '-u', 'alice:looking-glass', `http://localhost:${P.jetty}/digest/report.json`], 'credentials-rejected',
  ['no-credentials', 'digest-stale', 'basic-malformed', 'scheme-mismatch', 'credentials-stripped', 'session-expired'],
  STACKS.jetty, 'ground truth: curl --digest -u alice:<wrong password> to the DIGEST webapp: first 401 with the challenge (domain, algorithm=MD5, qop="auth", stale=false), curl answers, the second 401 (stale=false) refuses the password');
cap('curl-jetty-digest-stale-nonce.txt', () => staleDigest(`http://localhost:${P.jetty}/digest/report.json`, 'alice', 'wonderland'), 'digest-stale',
  ['no-credentials', 'credentials-rejected', 'basic-malformed', 'scheme-mismatch', 'credentials-stripped', 'session-expired'],
  STACKS.jetty, 'ground truth: two curl runs; the second answers the first challenge\'s nonce correctly (right password) 3 s later, with maxNonceAge 2000 ms on this webapp: Jetty answers 401 with a new challenge carrying stale=true. The password is right: credentials-rejected would mislead');
cap('curl-dancer2-session-no-cookie.txt', () => [`http://app.why401.test:${P.dancer2}/api/me`], 'no-credentials', NOCRED_ABSENT,
  STACKS.dancer2, 'ground truth: never signed in: Dancer2\'s stock "Error 401 - Unauthorized" page from send_error, no WWW-Authenticate', { listed: ['missing-challenge'] });
cap('curl-plack-auth-basic-no-credentials.txt', () => [`http://app.why401.test:${P.dancer2}/admin/stats`], 'no-credentials', NOCRED_ABSENT,
  STACKS.dancer2, 'ground truth: no credentials: Plack::Middleware::Auth::Basic\'s "Authorization required", WWW-Authenticate: Basic realm="why401 dancer2"');

cap('curl-devise-no-credentials.txt', () => ['-H', 'Accept: application/json', `http://app.why401.test:${P.rails}/api/me`], 'no-credentials', NOCRED_ABSENT,
  STACKS.devise, 'ground truth: never signed in, no Basic: Devise\'s {"error":"You need to sign in or sign up before continuing."} with WWW-Authenticate: Basic realm="why401 devise" (http_authenticatable) and a fresh session cookie');

cap('curl-apache-mod-auth-openidc-no-token.txt', () => [`http://app.why401.test:${P.openidc}/api/me.json`], 'no-credentials', NOCRED_ABSENT,
  STACKS.openidc, 'ground truth: AuthType oauth20 location called without Authorization: WWW-Authenticate: Bearer error="invalid_request", error_description="No bearer token found in the request", Apache\'s stock 401 page');

// ---------------- expected.json ----------------
function writeExpected(made) {
  const FILE = path.join(OUT, 'expected.json');
  let doc = { fixtures: [] };
  if (fs.existsSync(FILE)) doc = JSON.parse(fs.readFileSync(FILE, 'utf8'));
  const files = new Set(made.map((m) => m.file));
  const all = [...doc.fixtures.filter((f) => !files.has(f.file)), ...made.flatMap((m) => m.rows)];
  all.sort((a, b) => a.file.localeCompare(b.file) || (a.entry ?? 0) - (b.entry ?? 0));
  const out = { comment: 'Held-out corpus (issue 9), helper other: made by tests/capture/heldout-other.mjs on branch heldout-other. Same format as tests/fixtures/expected.json; top/absent from ground truth (what each scenario did) and causes.md, never from why401 output.',
    stacks: STACK_ROWS, fixtures: all };
  fs.writeFileSync(FILE + '.tmp', JSON.stringify(out, null, 2) + '\n');
  fs.renameSync(FILE + '.tmp', FILE);
}

fs.mkdirSync(path.join(OUT, 'har'), { recursive: true });
fs.mkdirSync(path.join(OUT, 'raw'), { recursive: true });
const filters = process.argv.slice(2);
const want = (n) => !filters.length || filters.some((f) => n.includes(f));
process.on('exit', () => { for (const p of procs.values()) killGroup(p, 'SIGKILL'); });
process.on('SIGINT', () => process.exit(1));
await startAll();
try {
  const made = [];
  for (const sc of SC.filter((s) => want(s.name))) {
    console.log(`scenario ${sc.name}`);
    made.push({ file: `har/${sc.name}.har`, rows: await runOne(sc) });
  }
  for (const c of CURL.filter((s) => want(s.name))) {
    const a = c.argsFn();
    const text = typeof a === 'function' ? await a() : curl(a);
    fs.writeFileSync(path.join(OUT, 'raw', c.file), text);
    console.log(`  raw/${c.file}`);
    const date = /^< date: (.+)$/gim.exec(text);
    made.push({ file: `raw/${c.file}`, rows: [{ file: `raw/${c.file}`, entry: 0, top: c.top, absent: c.absent, ...(c.listed ? { listed: c.listed } : {}), stack: c.stack, captured: 'curl',
      ...(c.jwt ? { now: date ? new Date(date[1].trim()).toISOString() : iso() } : {}), note: c.note }] });
  }
  writeExpected(made);
} finally { await stopAll(); }
