// better-auth 1.7 (email + password, memory adapter) through its node handler
// at /api/auth/*; every 401 is better-auth's own APIError JSON. /revoke deletes
// every session row, as "sign out of all devices" from another device or an
// admin revoking sessions does.
import http from 'node:http';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { PORT, SECRET, page } from './common.mjs';

const db = { user: [], session: [], account: [], verification: [] };
const baseURL = `http://app.why401.test:${PORT}`;
const auth = betterAuth({
  baseURL, secret: SECRET + '-better-auth', database: memoryAdapter(db),
  emailAndPassword: { enabled: true }, trustedOrigins: [baseURL], telemetry: { enabled: false },
});
const handler = toNodeHandler(auth);
http.createServer((req, res) => {
  if (req.url === '/') { res.setHeader('Content-Type', 'text/html'); return res.end(page('better-auth app')); }
  if (req.url === '/revoke') { db.session.length = 0; res.setHeader('Content-Type', 'application/json'); return res.end('{"revoked":true}'); }
  handler(req, res);
}).listen(PORT, '127.0.0.1', async () => {
  await auth.api.signUpEmail({ body: { email: 'alice@why401.test', password: 'wonderland-1865', name: 'Alice' } });
});
