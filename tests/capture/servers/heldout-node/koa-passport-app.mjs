// koa 3 + koa-session 7 (cookie sessions signed with app.keys) + koa-passport
// (passport-local). POST /login answers koa-passport's default 401 on a wrong
// password; /api/me answers ctx.throw(401) (koa's "Unauthorized") when
// ctx.isAuthenticated() is false (app code: koa-passport has no guard).
// /restart draws new app.keys, as a redeploy with rotated keys does.
import Koa from 'koa';
import session from 'koa-session';
import passport from 'koa-passport';
import { Strategy as LocalStrategy } from 'passport-local';
import crypto from 'node:crypto';
import { PORT, page } from './common.mjs';

const app = new Koa();
app.keys = [crypto.randomBytes(16).toString('hex')];
passport.use(new LocalStrategy((username, password, done) => done(null, username === 'alice' && password === 'wonderland' ? { id: 'alice' } : false)));
passport.serializeUser((u, done) => done(null, u.id));
passport.deserializeUser((id, done) => done(null, { id }));
// urlencoded body (the sign-in form)
app.use(async (ctx, next) => {
  if (ctx.method === 'POST') {
    let raw = ''; for await (const c of ctx.req) raw += c;
    ctx.request.body = Object.fromEntries(new URLSearchParams(raw));
  }
  await next();
});
app.use(session({ key: 'koa.sess', signed: true, httpOnly: true, sameSite: 'lax' }, app));
app.use(passport.initialize());
app.use(passport.session());
app.use(async (ctx, next) => {
  if (ctx.path === '/') { ctx.type = 'html'; ctx.body = page('koa-passport app'); return; }
  if (ctx.path === '/restart') { app.keys = [crypto.randomBytes(16).toString('hex')]; ctx.body = { restarted: true }; return; }
  if (ctx.path === '/login' && ctx.method === 'POST') return passport.authenticate('local')(ctx, async () => { ctx.body = { user: ctx.state.user.id }; });
  if (ctx.path === '/api/me') { if (!ctx.isAuthenticated()) ctx.throw(401); ctx.body = { user: ctx.state.user.id }; return; }
  await next();
});
app.listen(PORT, '127.0.0.1');
