// h3 2 (node entry, srvx): basicAuth middleware (its default 401,
// WWW-Authenticate: Basic realm) and sealed cookie sessions (useSession);
// /api/me answers `new HTTPError({ status: 401 })` (app code: h3 has no
// "require session") in h3's default JSON error format. /restart draws a new
// session password, as a redeploy with a rotated secret does.
import { H3, serve, basicAuth, useSession, HTTPError } from 'h3';
import crypto from 'node:crypto';
import { PORT, page } from './common.mjs';

let password = crypto.randomBytes(32).toString('hex');
// cookie.secure off: the site runs on plain http here (h3's default is Secure)
const session = (event) => useSession(event, { password, name: 'h3', cookie: { secure: false } });
const html = (s) => new Response(s, { headers: { 'content-type': 'text/html; charset=utf-8' } });
const app = new H3();
app.get('/', () => html(page('h3 app')));
app.get('/login', async (event) => { const s = await session(event); await s.update({ user: 'alice' }); return html(page('signed in')); });
app.get('/restart', () => { password = crypto.randomBytes(32).toString('hex'); return { restarted: true }; });
app.get('/api/me', async (event) => {
  const s = await session(event);
  if (!s.data.user) throw new HTTPError({ status: 401 });
  return { user: s.data.user };
});
app.get('/admin/stats', () => ({ users: 3 }), { middleware: [basicAuth({ username: 'admin', password: 'Qx7-horse-Lm2-staple', realm: 'why401 admin' })] });
serve(app, { port: PORT, hostname: '127.0.0.1', silent: true });
