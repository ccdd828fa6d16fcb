// oidc-provider 9 (npm) as a real OpenID Provider on 127.0.0.1: its userinfo
// endpoint (/me) and token introspection answer the 401s, with the library's own
// RFC 6750 challenge and {"error","error_description"} bodies. A tiny page is served
// at / so that the browser calls the endpoints same-origin. Usage: node oidc-provider-app.mjs PORT
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 18214);
const provider = new Provider(`http://localhost:${port}`, {
  clients: [{ client_id: 'why401-reports', client_secret: 'reports-client-secret-0123456789abcdef', grant_types: ['client_credentials'], redirect_uris: [], response_types: [] }],
  features: { introspection: { enabled: true }, clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  // the reports page calls introspection from its own origin
  clientBasedCORS: () => true,
});
provider.proxy = false;
const cb = provider.callback();
http.createServer((req, res) => {
  if (req.url === '/') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); return res.end('<!doctype html><title>reports</title><h1>reports (OIDC provider at this origin)</h1>'); }
  if (req.url === '/favicon.ico') { res.writeHead(204); return res.end(); }
  cb(req, res);
}).listen(port, '127.0.0.1');
