// Scenarios for the stacks added by issue 9 ("grow the corpus where it is thin"):
// one or more real servers per stack (servers/*, conf/*), driven through real
// Chromium by capture.mjs, which passes its helpers in. Ports in README.md.
// Tokens here come from a separate identity provider (iss
// https://login.idp.test/realms/why401, aud why401-api) while the APIs run on
// 127.0.0.1, localhost or *.why401.test, as in real deployments: issuer and API
// on different hosts is normal and is no cause of its own.
import jwt from 'jsonwebtoken';

export const PORTS = { litestar: 18201, sanic: 18202, falcon: 18203, tornado: 18204, aiohttp: 18205, httpauth: 18206, flaskLogin: 18207,
  connexion: 18208, ninja: 18209, authlib: 18210, fastify: 18211, koa: 18212, hapi: 18213, oidc: 18214, jose: 18215, axum: 18216,
  lighttpd: 18217, haproxy: 18218, caddy: 18219, actix: 18220, expressSession: 18221, dot: 18222, tomcat: 18223,
  bottle: 18224, cherrypy: 18225, registry: 18226, nodeExporter: 18227, radicale: 18228 };
export const IDP_ISS = 'https://login.idp.test/realms/why401';
export const IDP_AUD = 'why401-api';

export function addStackScenarios({ scenario, pfetch, basic, sleep, now, SECRET, WRONG }) {
  const P = PORTS;
  // a token from the IdP; `key` other than SECRET: a signature the API cannot verify
  const idp = (extra = {}, key = SECRET) => jwt.sign({ sub: 'alice', iss: IDP_ISS, aud: IDP_AUD, azp: 'why401-spa', scope: 'openid profile', iat: now(), exp: now() + 300, ...extra }, key, { algorithm: 'HS256' }); // iat kept as given (noTimestamp would drop it)
  const expired = () => idp({ iat: now() - 4200, exp: now() - 600 });
  const badSig = () => idp({}, WRONG);
  const bearer = (t) => ({ headers: { Authorization: 'Bearer ' + t } });
  const IDP_ABSENT = ['issuer-mismatch', 'audience-mismatch'];
  const noteIdp = 'iss is the IdP (https://login.idp.test/realms/why401), another host than the API: normal, not a cause';

  // ---------- Litestar (RFC 9457 problem details) ----------
  const litestar = 'Litestar 2 JWTAuth + ProblemDetailsPlugin';
  scenario('token-expired-litestar-problem-json', { stack: litestar,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', ...IDP_ABSENT], note: `JWT expired 10 min ago; application/problem+json {"title":"Invalid token","detail":"Unauthorized"}; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.litestar}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });
  scenario('token-rejected-bad-signature-litestar', { stack: litestar,
    expect: [{ url: '/api/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', 'token-malformed', ...IDP_ABSENT], note: `unexpired JWT signed with a key the API does not have; problem+json title "Invalid token"; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.litestar}/`);
    console.log(await pfetch(page, '/api/me', bearer(badSig())));
  });
  scenario('insufficient-scope-litestar-guard', { stack: litestar,
    expect: [{ url: '/api/reports', top: 'insufficient-scope', absent: ['no-credentials', 'token-expired', 'token-rejected', ...IDP_ABSENT], note: `valid token with scope "openid profile"; a Litestar guard answers problem+json title "Token lacks the required scope 'reports:write'"; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.litestar}/`);
    console.log(await pfetch(page, '/api/reports', bearer(idp())));
  });
  scenario('no-credentials-litestar-problem-json', { stack: litestar,
    expect: [{ url: '/api/me', top: 'no-credentials', absent: ['session-expired', 'credentials-rejected', 'token-rejected', 'credentials-stripped'], note: 'the SPA calls the API before sign-in; only a `lang` preference cookie travels; problem+json title "No JWT token found in request header"' }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.litestar}/`);
    await page.evaluate(() => { document.cookie = 'lang=en; path=/'; });
    console.log(await pfetch(page, '/api/me'));
  });

  // ---------- Sanic ----------
  const sanic = 'Sanic 25 (sanic.exceptions.Unauthorized, JSON errors)';
  scenario('api-key-rejected-sanic-private-token', { stack: sanic,
    expect: [{ url: '/api/projects', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'session-expired', 'scheme-mismatch'], note: 'GitLab-style Private-Token header with a revoked token; {"description":"Unauthorized","status":401,"message":"Invalid private token"}, no challenge' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.sanic}/`);
    console.log(await pfetch(page, '/api/projects', { headers: { 'Private-Token': 'glpat-8sKq2vXn4RtY7wZp1LmC' } }));
  });
  scenario('token-expired-sanic', { stack: sanic,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', ...IDP_ABSENT], note: `WWW-Authenticate: Bearer realm="why401", error="invalid_token"; JSON message "Signature has expired" (PyJWT); ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.sanic}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });

  scenario('insufficient-scope-sanic', { stack: sanic,
    expect: [{ url: '/api/reports', top: 'insufficient-scope', absent: ['no-credentials', 'token-expired', 'token-rejected', ...IDP_ABSENT], note: `valid token with scope "openid profile"; WWW-Authenticate: Bearer realm="why401", error="insufficient_scope", scope="reports:write"; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.sanic}/`);
    console.log(await pfetch(page, '/api/reports', bearer(idp())));
  });

  // ---------- Falcon ----------
  scenario('api-key-rejected-falcon-api-key-header', { stack: 'Falcon 4 (falcon.HTTPUnauthorized)',
    expect: [{ url: '/api/reports', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'scheme-mismatch'], note: 'Azure-style `api-key` header with a wrong key; Falcon JSON {"title":"Access denied","description":"Access denied due to invalid api-key..."}, WWW-Authenticate: ApiKey realm="reports"' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.falcon}/`);
    console.log(await pfetch(page, '/api/reports', { headers: { 'api-key': '9a8b7c6d5e4f30211203f4e5d6c7b8a9' } }));
  });

  // ---------- Tornado ----------
  const tornado = 'Tornado 6 (signed cookies, HTTPError)';
  scenario('session-expired-tornado-secret-rotated', { stack: tornado,
    expect: [{ url: '/api/me', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent', 'credentials-rejected', 'token-expired'], note: 'signed `user` cookie from before a restart that drew a new cookie_secret; Tornado answers its stock "401: Unauthorized" page, no challenge, no Set-Cookie: a bare 401 to a request that carried only the session cookie' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.tornado}/login`);
    await page.goto(`http://app.why401.test:${P.tornado}/`);
    await pfetch(page, '/restart');
    console.log(await pfetch(page, '/api/me'));
  });
  scenario('token-rejected-tornado-query-access-token', { stack: tornado,
    expect: [{ url: '/api/orders', top: 'token-rejected', absent: ['no-credentials', 'credentials-stripped', 'token-malformed'], note: 'opaque access token in the query string (?access_token=), revoked; JSON {"error":"unauthorized","reason":"The access token is invalid or has been revoked."}' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.tornado}/`);
    console.log(await pfetch(page, '/api/orders?access_token=at_live_3Jk8Wq1Zr6Tx0Vb5Nm2p'));
  });

  // ---------- aiohttp ----------
  const aiohttp = 'aiohttp 3 (web.HTTPUnauthorized)';
  scenario('api-key-rejected-aiohttp-x-auth-token', { stack: aiohttp,
    expect: [{ url: '/api/servers', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'session-expired'], note: 'OpenStack-style X-Auth-Token header with an expired opaque token; aiohttp stock text/plain "401: Unauthorized", no challenge' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.aiohttp}/`);
    console.log(await pfetch(page, '/api/servers', { headers: { 'X-Auth-Token': 'gAAAAABnX1a8-expired-keystone-token' } }));
  });
  scenario('token-expired-aiohttp-query-access-token', { stack: aiohttp,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', ...IDP_ABSENT], note: `expired JWT in ?access_token=; JSON {"msg":"Signature has expired"}; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.aiohttp}/`);
    console.log(await pfetch(page, '/api/me?access_token=' + expired()));
  });

  // ---------- Flask-HTTPAuth ----------
  const httpauth = 'Flask + Flask-HTTPAuth';
  scenario('credentials-rejected-flask-httpauth-default-password', { stack: httpauth,
    expect: [{ url: '/admin/stats', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:password (a default password) refused; "Unauthorized Access", WWW-Authenticate: Basic realm="Authentication Required"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.httpauth}/`);
    console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'password') } }));
  });
  scenario('api-key-rejected-flask-httpauth-x-api-key', { stack: httpauth,
    expect: [{ url: '/api/reports', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'scheme-mismatch'], note: 'HTTPTokenAuth(header="X-API-Key") with a wrong key; "Unauthorized Access" and Flask-HTTPAuth\'s default WWW-Authenticate: Bearer realm="Authentication Required" (the key did travel, in the header the server reads)' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.httpauth}/`);
    console.log(await pfetch(page, '/api/reports', { headers: { 'X-API-Key': 'k_live_51Hx7QeL2m9TzR4vX' } }));
  });

  // ---------- Flask-Login ----------
  scenario('session-expired-flask-login-secret-rotated', { stack: 'Flask + Flask-Login (no login_view: abort(401))',
    expect: [{ url: '/api/me', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent', 'credentials-rejected'], note: 'Flask session cookie signed with the secret key of the previous start; Flask-Login answers Werkzeug\'s stock 401 page, no challenge, no Set-Cookie' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.flaskLogin}/login`);
    await page.goto(`http://app.why401.test:${P.flaskLogin}/`);
    await pfetch(page, '/restart');
    console.log(await pfetch(page, '/api/me'));
  });

  // ---------- Connexion (problem+json, API keys) ----------
  const connexion = 'Connexion 3 (OpenAPI apiKey security, problem+json)';
  scenario('api-key-rejected-connexion-subscription-key', { stack: connexion,
    expect: [{ url: '/api/reports', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'gateway-rejected'], note: 'Ocp-Apim-Subscription-Key header with a wrong key, checked by the app itself (no gateway in front); problem+json detail "Provided apikey is not valid"' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.connexion}/`);
    console.log(await pfetch(page, '/api/reports', { headers: { 'Ocp-Apim-Subscription-Key': '5c4b3a29180f6e5d4c3b2a1908f7e6d5' } }));
  });
  scenario('api-key-rejected-connexion-query-api-key', { stack: connexion,
    expect: [{ url: '/api/invoices', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped'], note: '?api_key= with a revoked key; problem+json detail "Provided apikey is not valid"' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.connexion}/`);
    console.log(await pfetch(page, '/api/invoices?api_key=sk_invoices_Xa1Sd3Fg5Hj7'));
  });

  // ---------- Django Ninja ----------
  const ninja = 'Django + Django Ninja (APIKeyHeader, APIKeyQuery, HttpBearer)';
  scenario('api-key-rejected-ninja-x-api-key', { stack: ninja,
    expect: [{ url: '/api/reports', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'session-expired'], note: 'X-API-Key with a wrong key; {"detail":"Unauthorized"}, no challenge; a django_language cookie also travels (not a credential)' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.ninja}/`);
    console.log(await pfetch(page, '/api/reports', { headers: { 'X-API-Key': 'ak_5Rt8Yp2Lm9Qx3Vz0' } }));
  });
  scenario('api-key-rejected-ninja-query-key', { stack: ninja,
    expect: [{ url: '/api/invoices', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped', 'session-expired'], note: '?key= with a wrong key; {"detail":"Unauthorized"}' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.ninja}/`);
    console.log(await pfetch(page, '/api/invoices?key=qk_2Hg6Jd9Ks4Lp8Mn0'));
  });
  scenario('token-rejected-bad-signature-ninja', { stack: ninja,
    expect: [{ url: '/api/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', 'session-expired', ...IDP_ABSENT], note: `unexpired JWT with a signature the API cannot verify; {"detail":"Unauthorized"}; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.ninja}/`);
    console.log(await pfetch(page, '/api/me', bearer(badSig())));
  });
  scenario('no-credentials-ninja-language-cookie', { stack: ninja,
    expect: [{ url: '/api/me', top: 'no-credentials', absent: ['session-expired', 'credentials-rejected', 'token-rejected'], note: 'no Authorization; the only cookie is django_language=en (a preference, not a session); {"detail":"Unauthorized"}, no challenge' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.ninja}/`);
    console.log(await pfetch(page, '/api/me'));
  });

  // ---------- Authlib ----------
  const authlib = 'Flask + Authlib ResourceProtector (RFC 6750)';
  scenario('token-rejected-revoked-authlib', { stack: authlib,
    expect: [{ url: '/api/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', 'token-malformed', 'authorization-malformed'], note: 'opaque access token revoked at sign-out; error="invalid_token", "The access token provided is expired, revoked, malformed, or invalid for other reasons." (Authlib\'s one text for all of them: the token is opaque, so not provably expired)' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.authlib}/`);
    console.log(await pfetch(page, '/api/me', bearer('8xLOxBtZp8Hw3rTq5Km1Vd')));
  });
  scenario('no-credentials-authlib-missing-authorization', { stack: authlib,
    expect: [{ url: '/api/me', top: 'no-credentials', absent: ['session-expired', 'token-rejected', 'credentials-stripped'], note: 'no Authorization, a `theme` cookie only; WWW-Authenticate: bearer error="missing_authorization"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.authlib}/`);
    console.log(await pfetch(page, '/api/me'));
  });

  // ---------- fastify ----------
  const fjwt = 'fastify 5 + @fastify/jwt';
  scenario('token-expired-fastify-jwt', { stack: fjwt,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', ...IDP_ABSENT], note: `{"code":"FST_JWT_AUTHORIZATION_TOKEN_EXPIRED","error":"Unauthorized","message":"Authorization token expired"}; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.fastify}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });
  scenario('token-rejected-bad-signature-fastify-jwt', { stack: fjwt,
    expect: [{ url: '/api/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', ...IDP_ABSENT], note: `message "Authorization token is invalid: The token signature is invalid."; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.fastify}/`);
    console.log(await pfetch(page, '/api/me', bearer(badSig())));
  });
  scenario('audience-mismatch-fastify-jwt', { stack: fjwt,
    expect: [{ url: '/api/me', top: 'audience-mismatch', absent: ['no-credentials', 'token-expired', 'issuer-mismatch'], note: 'token for another API (aud billing-api); "Authorization token is invalid: The aud claim value is not allowed."' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.fastify}/`);
    console.log(await pfetch(page, '/api/me', bearer(idp({ aud: 'billing-api' }))));
  });
  scenario('credentials-rejected-fastify-basic-default-password', { stack: 'fastify 5 + @fastify/basic-auth',
    expect: [{ url: '/admin/stats', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:admin refused; message "Invalid username or password", WWW-Authenticate: Basic realm="why401 admin"' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.fastify}/`);
    console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'admin') } }));
  });

  // ---------- koa ----------
  const koa = 'koa 3 + koa-jwt';
  scenario('token-expired-koa-jwt-plain-text', { stack: koa,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', 'credentials-rejected', ...IDP_ABSENT], note: `text/plain "Authentication Error" (koa-jwt hides the reason unless debug); the JWT expired 10 min ago; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.koa}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });
  scenario('token-rejected-bad-signature-koa-nested-error', { stack: koa,
    expect: [{ url: '/v2/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', ...IDP_ABSENT], note: `the app's error middleware answers {"error":{"status":401,"message":"invalid signature"}}; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.koa}/`);
    console.log(await pfetch(page, '/v2/me', bearer(badSig())));
  });

  // ---------- hapi ----------
  const hjwt = '@hapi/hapi 21 + @hapi/jwt';
  scenario('token-expired-hapi-jwt', { stack: hjwt,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', ...IDP_ABSENT], note: `WWW-Authenticate: Bearer error="Token expired"; Boom {"message":"Token expired"}; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.hapi}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });
  scenario('issuer-mismatch-hapi-jwt', { stack: hjwt,
    expect: [{ url: '/api/me', top: 'issuer-mismatch', absent: ['no-credentials', 'token-expired', 'audience-mismatch'], note: 'token from the staging realm of the IdP; the server says so: Bearer error="Token payload iss value not allowed"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.hapi}/`);
    console.log(await pfetch(page, '/api/me', bearer(idp({ iss: 'https://login.idp.test/realms/staging' }))));
  });
  scenario('credentials-rejected-hapi-basic-default-password', { stack: '@hapi/hapi 21 + @hapi/basic',
    expect: [{ url: '/admin/stats', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:admin refused; WWW-Authenticate: Basic error="Bad username or password"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.hapi}/`);
    console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'admin') } }));
  });

  // ---------- oidc-provider ----------
  const oidc = 'oidc-provider 9 (userinfo, token introspection)';
  scenario('token-rejected-oidc-provider-userinfo', { stack: oidc,
    expect: [{ url: '/me', top: 'token-rejected', absent: ['no-credentials', 'token-malformed', 'token-expired'], note: 'opaque access token issued before the provider restarted (in-memory adapter); WWW-Authenticate: Bearer error="invalid_token", error_description="invalid token provided"' }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.oidc}/`);
    console.log(await pfetch(page, '/me', bearer('Hk3yR9pLw2QzT7xV5mN8bC4dF6gJ1sA0eU-oiYt_rWq')));
  });
  scenario('credentials-rejected-oidc-provider-introspection', { stack: oidc,
    expect: [{ url: '/token/introspection', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'token-rejected'], note: 'client_secret_basic with a rotated-out client secret; Basic error="invalid_client", "client authentication failed"' }] },
  async ({ page }) => {
    await page.goto(`http://localhost:${P.oidc}/`);
    console.log(await pfetch(page, '/token/introspection', { method: 'POST', headers: { Authorization: basic('why401-reports', 'reports-client-secret-OLD-9876543210'), 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'token=Hk3yR9pLw2QzT7xV5mN8bC4dF6gJ1sA0eU-oiYt_rWq' }));
  });

  // ---------- jose ----------
  const jose = 'node:http + jose (jwtVerify, JSON:API errors)';
  scenario('token-expired-jose-errors-array', { stack: jose,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', ...IDP_ABSENT], note: `{"errors":[{"code":"ERR_JWT_EXPIRED","message":"\\"exp\\" claim timestamp check failed"}]}; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.jose}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });
  scenario('token-rejected-bad-signature-jose', { stack: jose,
    expect: [{ url: '/api/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', ...IDP_ABSENT], note: `errors[0].message "signature verification failed"; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.jose}/`);
    console.log(await pfetch(page, '/api/me', bearer(badSig())));
  });
  scenario('audience-mismatch-jose', { stack: jose,
    expect: [{ url: '/api/me', top: 'audience-mismatch', absent: ['no-credentials', 'token-expired', 'issuer-mismatch'], note: 'errors[0].message \'unexpected "aud" claim value\' (token for billing-api)' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.jose}/`);
    console.log(await pfetch(page, '/api/me', bearer(idp({ aud: 'billing-api' }))));
  });

  // ---------- axum (Rust) ----------
  const axum = 'axum 0.8 + jsonwebtoken (Rust)';
  scenario('token-expired-axum-jsonwebtoken', { stack: axum,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', 'token-malformed', ...IDP_ABSENT], note: `{"error":"Invalid token"} (axum's jwt example), the JWT expired 10 min ago; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.axum}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });
  scenario('token-rejected-bad-signature-axum', { stack: axum,
    expect: [{ url: '/api/me', top: 'token-rejected', absent: ['no-credentials', 'token-expired', 'token-malformed', ...IDP_ABSENT], note: `{"error":"Invalid token"}; unexpired JWT signed with another key; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.axum}/`);
    console.log(await pfetch(page, '/api/me', bearer(badSig())));
  });
  scenario('session-expired-axum-bare-401', { stack: axum,
    expect: [{ url: '/session/me', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent', 'credentials-rejected'], note: 'in-memory session store lost on restart; the request carries only the `session` cookie and axum answers StatusCode::UNAUTHORIZED: empty body, no challenge, no Set-Cookie' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.axum}/login`);
    await page.goto(`http://127.0.0.1:${P.axum}/`);
    await pfetch(page, '/restart');
    console.log(await pfetch(page, '/session/me'));
  });

  // ---------- Debian servers: lighttpd, haproxy, caddy ----------
  scenario('credentials-rejected-lighttpd-default-password', { stack: 'Debian lighttpd 1.4 mod_auth (Basic, htpasswd)',
    expect: [{ url: '/admin/', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:admin refused; lighttpd\'s stock "401 Unauthorized" page, WWW-Authenticate: Basic realm="why401 lighttpd"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.lighttpd}/`);
    console.log(await pfetch(page, '/admin/stats.json', { headers: { Authorization: basic('admin', 'admin') } }));
  });
  const haproxy = 'Debian haproxy 2.6 (userlist http-request auth, API-key ACL)';
  scenario('credentials-rejected-haproxy-default-password', { stack: haproxy,
    expect: [{ url: '/admin/', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:password refused by haproxy http-request auth: "You need a valid user and password to access this content."' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.haproxy}/`);
    console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'password') } }));
  });
  scenario('api-key-rejected-haproxy-apikey-header', { stack: haproxy,
    expect: [{ url: '/api/', top: 'credentials-rejected', absent: ['no-credentials', 'credentials-stripped'], note: '`apikey` header with a wrong key; the front door\'s ACL answers {"message":"Invalid API key"} (no header names haproxy)' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.haproxy}/`);
    console.log(await pfetch(page, '/api/orders', { headers: { apikey: 'hk_live_0e1d2c3b4a59' } }));
  });
  scenario('credentials-rejected-caddy-default-password', { stack: 'Debian caddy 2.6 basicauth',
    expect: [{ url: '/admin/', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:admin refused; Caddy answers an empty body with WWW-Authenticate: Basic realm="restricted"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.caddy}/`);
    console.log(await pfetch(page, '/admin/stats.json', { headers: { Authorization: basic('admin', 'admin') } }));
  });

  // ---------- actix-web (Rust) ----------
  const actix = 'actix-web 4 + actix-web-httpauth (Rust)';
  scenario('token-expired-actix-httpauth', { stack: actix,
    expect: [{ url: '/api/me', top: 'token-expired', absent: ['no-credentials', 'token-rejected', 'token-malformed', ...IDP_ABSENT], note: `actix-web-httpauth: WWW-Authenticate: Bearer realm="why401" error="invalid_token" (its own rendering: no comma between the parameters), empty body; the JWT expired 10 min ago; ${noteIdp}` }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.actix}/`);
    console.log(await pfetch(page, '/api/me', bearer(expired())));
  });
  scenario('credentials-rejected-actix-basic-default-password', { stack: actix,
    expect: [{ url: '/admin/', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:password refused: WWW-Authenticate: Basic realm="why401 actix", empty body' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.actix}/`);
    console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'password') } }));
  });

  // ---------- express-session + passport-local ----------
  const exs = 'express 5 + express-session + passport-local';
  scenario('credentials-rejected-passport-local-login', { stack: exs,
    expect: [{ url: '/login', method: 'POST', top: 'credentials-rejected', absent: ['no-credentials', 'session-expired', 'basic-malformed'], note: 'sign-in form posted with admin/admin (a default password); passport-local answers text "Unauthorized", no challenge' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.expressSession}/`);
    console.log(await pfetch(page, '/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=admin&password=admin' }));
  });
  scenario('session-expired-express-session-restart', { stack: exs,
    expect: [{ url: '/api/me', top: 'session-expired', absent: ['no-credentials', 'cookies-not-sent', 'credentials-rejected'], note: 'signed in (connect.sid), then the MemoryStore is emptied as by a restart; res.sendStatus(401): text "Unauthorized", no challenge, no Set-Cookie' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.expressSession}/`);
    await pfetch(page, '/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=alice&password=wonderland' });
    await pfetch(page, '/restart');
    console.log(await pfetch(page, '/api/me'));
  });

  // ---------- django-oauth-toolkit ----------
  const dot = 'Django + DRF + django-oauth-toolkit (OAuth2Authentication)';
  const dotNote = 'DRF\'s body says "Authentication credentials were not provided." although a token was sent; the toolkit\'s challenge says why';
  scenario('token-expired-django-oauth-toolkit', { stack: dot,
    expect: [{ url: '/api/me/', top: 'token-expired', absent: ['no-credentials', 'credentials-stripped', 'token-rejected'], note: `opaque token expired 10 min ago: Bearer realm="api",error="invalid_token",error_description="The access token has expired."; ${dotNote}` }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.dot}/`);
    console.log(await pfetch(page, '/api/me/', bearer('dot-3Kp8Ys5Gd1Fj6Hn9Qw2E')));
  });
  scenario('token-rejected-revoked-django-oauth-toolkit', { stack: dot,
    expect: [{ url: '/api/me/', top: 'token-rejected', absent: ['no-credentials', 'credentials-stripped', 'token-expired', 'token-malformed'], note: `token revoked (the toolkit deletes it): error_description="The access token is invalid."; ${dotNote}` }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.dot}/`);
    console.log(await pfetch(page, '/api/me/', bearer('dot-5Tr1Ew8Qa3Zs6Xd9Cf2V')));
  });
  scenario('audience-mismatch-django-oauth-toolkit-resource', { stack: dot,
    expect: [{ url: '/api/me/', top: 'audience-mismatch', absent: ['no-credentials', 'credentials-stripped', 'issuer-mismatch'], note: `token restricted (RFC 8707 resource) to https://billing.why401.test/: error_description="The access token is not valid for this resource."; ${dotNote}` }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.dot}/`);
    console.log(await pfetch(page, '/api/me/', bearer('dot-9Vx4Bn7Mc2Zl5Kj8Hg3D')));
  });

  // ---------- tomcat10 ----------
  scenario('credentials-rejected-tomcat-default-password', { stack: 'Debian tomcat10 (BASIC auth, UserDatabaseRealm)',
    expect: [{ url: '/admin/', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic tomcat:tomcat (the classic default) refused; Tomcat\'s "HTTP Status 401 – Unauthorized" page ("lacks valid authentication credentials"), WWW-Authenticate: Basic realm="why401 tomcat"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.tomcat}/`);
    console.log(await pfetch(page, '/admin/report.json', { headers: { Authorization: basic('tomcat', 'tomcat') } }));
  });

  // ---------- Bottle, CherryPy ----------
  scenario('credentials-rejected-bottle-default-password', { stack: 'Bottle 0.13 (bottle.auth_basic)',
    expect: [{ url: '/admin/', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:admin refused; Bottle\'s error page "Error: 401 Unauthorized … Access denied", WWW-Authenticate: Basic realm="why401 bottle"' }] },
  async ({ page }) => {
    await page.goto(`http://app.why401.test:${P.bottle}/`);
    console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'admin') } }));
  });
  scenario('credentials-rejected-cherrypy-default-password', { stack: 'CherryPy 18 (tools.auth_basic)',
    expect: [{ url: '/admin/', top: 'credentials-rejected', absent: ['no-credentials', 'basic-malformed', 'scheme-mismatch'], note: 'Basic admin:password refused; CherryPy\'s page "You are not authorized to access that resource", WWW-Authenticate: Basic realm="why401 cherrypy", charset="UTF-8"' }] },
  async ({ page }) => {
    await page.goto(`http://127.0.0.1:${P.cherrypy}/`);
    console.log(await pfetch(page, '/admin/stats', { headers: { Authorization: basic('admin', 'password') } }));
  });
}
