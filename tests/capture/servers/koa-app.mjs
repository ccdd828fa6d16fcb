// koa 3 + koa-jwt scenario server (npm), 127.0.0.1 only. /api/* keeps koa's
// default error answer (text/plain, koa-jwt's "Authentication Error"); /v2/*
// has the common koa error middleware that answers {"error":{"status","message"}}
// with the underlying jsonwebtoken message. Usage: node koa-app.mjs PORT
import Koa from 'koa';
import koaJwt from 'koa-jwt';

const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
const port = Number(process.argv[2] || 18212);
const app = new Koa();
const page = (t) => `<!doctype html><html><head><meta charset="utf-8"><title>${t}</title></head><body><h1>${t}</h1></body></html>`;
app.use(async (ctx, next) => {
  try { await next(); } catch (err) {
    if (!ctx.path.startsWith('/v2/')) throw err;
    ctx.status = err.status || 500;
    ctx.body = { error: { status: ctx.status, message: err.originalError ? err.originalError.message : err.message } };
  }
});
app.use(async (ctx, next) => {
  if (ctx.path === '/') { ctx.type = 'html'; ctx.body = page('koa app'); return; }
  if (ctx.path === '/favicon.ico') { ctx.status = 204; return; }
  await next();
});
app.use(koaJwt({ secret: SECRET, issuer: 'https://login.idp.test/realms/why401', audience: 'why401-api', algorithms: ['HS256'] }));
app.use(async (ctx) => { ctx.body = { user: ctx.state.user.sub }; });
app.listen(port, '127.0.0.1');
