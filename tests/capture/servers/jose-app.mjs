// node:http resource server that verifies JWTs with `jose` (npm), 127.0.0.1 only.
// Errors are answered the JSON:API / GraphQL way, {"errors":[{"code","message"}]},
// with jose's own error code and message. Usage: node jose-app.mjs PORT
import http from 'node:http';
import { jwtVerify } from 'jose';

const SECRET = new TextEncoder().encode(process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one');
const port = Number(process.argv[2] || 18215);
const page = (t) => `<!doctype html><html><head><meta charset="utf-8"><title>${t}</title></head><body><h1>${t}</h1></body></html>`;
const json = (res, status, body, headers = {}) => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(body)); };
http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); return res.end(page('jose resource server')); }
  if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
  if (url.pathname !== '/api/me') return json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'Not found' }] });
  const m = /^Bearer (.+)$/.exec(req.headers.authorization || '');
  if (!m) return json(res, 401, { errors: [{ code: 'UNAUTHENTICATED', message: 'Missing bearer token' }] }, { 'www-authenticate': 'Bearer realm="why401"' });
  try {
    const { payload } = await jwtVerify(m[1], SECRET, { issuer: 'https://login.idp.test/realms/why401', audience: 'why401-api', algorithms: ['HS256'] });
    json(res, 200, { user: payload.sub });
  } catch (e) {
    json(res, 401, { errors: [{ code: e.code || 'UNAUTHENTICATED', message: e.message }] }, { 'www-authenticate': 'Bearer realm="why401"' });
  }
}).listen(port, '127.0.0.1');
