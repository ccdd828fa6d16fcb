// oidc-provider 9 (npm) with rotating refresh tokens and its reuse detection, and a
// single-page app at the same origin (public client, authorization code + PKCE,
// offline_access). The provider's dev interactions sign anyone in. The app keeps its
// tokens in localStorage, as many SPAs do, so two tabs share one refresh token; when
// both refresh it, the provider sees the spent token again ("refresh token already
// used"), revokes the whole grant, and the access token the first tab just got answers
// 401 at /me (userinfo). Usage: node oidc-refresh-app.mjs PORT
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 18231);
const origin = `http://localhost:${port}`;
const provider = new Provider(origin, {
  clients: [{ client_id: 'why401-spa', token_endpoint_auth_method: 'none', application_type: 'web',
    grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: [`${origin}/cb`] }],
  features: { devInteractions: { enabled: true } },
  scopes: ['openid', 'offline_access'],
  rotateRefreshToken: true,
  async findAccount(ctx, sub) { return { accountId: sub, async claims() { return { sub }; } }; },
  clientBasedCORS: () => true,
});
provider.proxy = false;
const cb = provider.callback();
const APP = `<!doctype html><html><head><meta charset="utf-8"><title>why401 SPA</title></head><body><h1>why401 SPA</h1>
<script>
// The app's token helpers, as a typical SPA writes them: no lock shared across tabs.
window.tokens = () => JSON.parse(localStorage.getItem('tokens') || '{}');
window.refresh = async () => {
  const rt = tokens().refresh_token;
  const r = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt, client_id: 'why401-spa' }) });
  const j = await r.json();
  if (r.ok) localStorage.setItem('tokens', JSON.stringify(j));
  return { status: r.status, error: j.error };
};
window.me = async (at) => { const r = await fetch('/me', { headers: { authorization: 'Bearer ' + (at || tokens().access_token) } }); return r.status; };
</script></body></html>`;
http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/' || path === '/cb') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); return res.end(APP); }
  if (path === '/favicon.ico') { res.writeHead(204); return res.end(); }
  cb(req, res);
}).listen(port, '127.0.0.1');
