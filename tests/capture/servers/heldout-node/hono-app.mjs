// hono 4 on @hono/node-server: hono/jwt (header, and a cookie variant),
// basicAuth and bearerAuth with their default 401 answers.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { jwt } from 'hono/jwt';
import { basicAuth } from 'hono/basic-auth';
import { bearerAuth } from 'hono/bearer-auth';
import { setCookie } from 'hono/cookie';
import { sign } from 'hono/jwt';
import { PORT, SECRET, page } from './common.mjs';

const app = new Hono();
app.get('/', (c) => c.html(page('hono app')));
app.use('/api/*', jwt({ secret: SECRET, alg: 'HS256' }));
app.get('/api/me', (c) => c.json(c.get('jwtPayload')));
// JWT kept in a cookie named "token" (the SPA's sign-in sets it)
app.get('/app/login-short', async (c) => {
  const now = Math.floor(Date.now() / 1000);
  setCookie(c, 'token', await sign({ sub: 'alice', iat: now, exp: now + 2 }, SECRET, 'HS256'), { path: '/', httpOnly: true, sameSite: 'Lax' });
  return c.html(page('signed in'));
});
app.use('/app/api/*', jwt({ secret: SECRET, alg: 'HS256', cookie: 'token' }));
app.get('/app/api/me', (c) => c.json(c.get('jwtPayload')));
app.use('/admin/*', basicAuth({ username: 'admin', password: 'Tr0ub4dor-and-3' }));
app.get('/admin/stats', (c) => c.json({ users: 3 }));
app.use('/v1/*', bearerAuth({ token: 'hn_live_Qm7Zr2Xw9Lk4Vb8Nc1Tp6Ys3' }));
app.get('/v1/jobs', (c) => c.json([]));
serve({ fetch: app.fetch, port: PORT, hostname: '127.0.0.1' });
