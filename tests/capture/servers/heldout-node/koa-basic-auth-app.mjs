// koa 3 + koa-basic-auth (its default: ctx.throw(401) with
// WWW-Authenticate: Basic realm="Secure Area", koa's text "Unauthorized").
import Koa from 'koa';
import auth from 'koa-basic-auth';
import { PORT, page } from './common.mjs';

const app = new Koa();
app.use(async (ctx, next) => { if (ctx.path === '/') { ctx.type = 'html'; ctx.body = page('koa-basic-auth app'); return; } await next(); });
app.use(auth({ name: 'alice', pass: 'wonderland' }));
app.use(async (ctx) => { ctx.body = { users: 3 }; });
app.listen(PORT, '127.0.0.1');
