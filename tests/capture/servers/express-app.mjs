// Express scenario server (npm: express 5, express-jwt, express-oauth2-jwt-bearer,
// passport + passport-http, cookie-parser, cors). Listens on 127.0.0.1 only.
// Usage: node express-app.mjs HTTP_PORT [HTTPS_PORT CERT KEY]
// Every 401 body and challenge here comes from the library that produced it,
// except the ones marked EMULATED (documented in tests/capture/README.md).
import express from 'express';
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import crypto from 'node:crypto';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import { expressjwt } from 'express-jwt';
import { auth as oauthBearer } from 'express-oauth2-jwt-bearer';
import passport from 'passport';
import { BasicStrategy } from 'passport-http';

const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
const [httpPort, httpsPort, certFile, keyFile] = process.argv.slice(2);
const app = express();
app.set('trust proxy', false);
app.use(cookieParser());
passport.use(new BasicStrategy((user, pass, done) =>
  done(null, user === 'alice' && pass === 'wonderland' ? { user } : false)));
app.use(passport.initialize());

// ---- tiny pages so that every capture starts with a realistic page load ----
const page = (title) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p>why401 capture scenario page.</p></body></html>`;
app.get('/', (req, res) => res.type('html').send(page(`app on ${req.hostname}`)));
app.get('/favicon.ico', (req, res) => res.status(204).end());

// ---- sessions (in memory), used by cookie scenarios ----
const sessions = new Map(); // sid -> expiresAt (ms)
function newSession(ttlMs) {
  const sid = crypto.randomBytes(18).toString('base64url');
  sessions.set(sid, Date.now() + ttlMs);
  return sid;
}
// login with a SameSite=Lax session cookie
app.get('/login-lax', (req, res) => {
  res.cookie('sid', newSession(3600e3), { httpOnly: true, sameSite: 'lax', path: '/' });
  res.type('html').send(page('signed in (SameSite=Lax session)'));
});
// login over https with a Secure cookie
app.get('/login-secure', (req, res) => {
  res.cookie('sid', newSession(3600e3), { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  res.type('html').send(page('signed in (Secure session cookie)'));
});
// login with a session that lives 2 seconds
app.get('/login-short', (req, res) => {
  res.cookie('sid', newSession(2000), { httpOnly: true, sameSite: 'lax', path: '/' });
  res.type('html').send(page('signed in (short session)'));
});
const corsWithCredentials = cors({ origin: true, credentials: true });
app.options('/session/me', corsWithCredentials);
app.get('/session/me', corsWithCredentials, (req, res) => {
  const sid = req.cookies.sid;
  const exp = sid && sessions.get(sid);
  if (exp && exp > Date.now()) return res.json({ user: 'alice' });
  if (sid) {
    sessions.delete(sid);
    // the session is gone: tell the browser to delete the cookie (express res.clearCookie)
    res.clearCookie('sid', { path: '/' });
    return res.status(401).json({ error: 'session_expired', message: 'Your session has expired. Please sign in again.' });
  }
  res.status(401).json({ error: 'not_authenticated', message: 'Please sign in.' });
});

// ---- oversized cookies. EMULATED front proxy: a load balancer that cuts the
// Cookie header at 8192 bytes (as some proxies do) before the app reads it. ----
app.get('/big/login', (req, res) => {
  for (let i = 1; i <= 5; i++) {
    res.cookie(`tracking_${i}`, crypto.randomBytes(1350).toString('base64url'), { path: '/' });
  }
  res.cookie('sid', newSession(3600e3), { httpOnly: true, path: '/' });
  res.type('html').send(page('signed in (and five big tracking cookies)'));
});
app.get('/big/me', (req, res) => {
  const raw = req.headers.cookie || '';
  const cut = raw.slice(0, 8192); // what reaches the app behind the proxy
  const m = /(?:^|;\s*)sid=([^;]*)$/.exec(cut) || /(?:^|;\s*)sid=([^;]*);/.exec(cut);
  const sid = m && m[1];
  const exp = sid && sessions.get(sid);
  if (exp && exp > Date.now()) return res.json({ user: 'alice' });
  res.status(401).json({ error: 'not_authenticated', message: 'Please sign in.' });
});

// ---- express-jwt: the usual "protect everything under /jwt" setup ----
const jwtErrors = (err, req, res, next) => {
  if (err.name === 'UnauthorizedError') {
    return res.status(err.status).json({ error: err.code, message: err.message });
  }
  next(err);
};
const apiCors = cors({ origin: true, allowedHeaders: ['Authorization', 'Content-Type'] });
app.use('/jwt', apiCors);
app.use('/jwt', expressjwt({ secret: SECRET, algorithms: ['HS256'] }));
app.get('/jwt/me', (req, res) => res.json({ user: req.auth.sub }));
app.use('/jwt', jwtErrors);

// express-jwt checking audience and issuer
app.use('/jwt-aud', apiCors);
app.use('/jwt-aud', expressjwt({ secret: SECRET, algorithms: ['HS256'],
  audience: 'https://api.why401.test', issuer: 'https://idp.why401.test/' }));
app.get('/jwt-aud/me', (req, res) => res.json({ user: req.auth.sub }));
app.use('/jwt-aud', jwtErrors);

// The classic preflight bug: the auth middleware runs BEFORE cors(), so the
// OPTIONS preflight (which never carries credentials) is answered 401.
// (express-jwt itself lets preflights through, so this uses passport-http Basic.)
app.use('/strict', (req, res, next) => passport.authenticate('basic', { session: false })(req, res, next));
app.use('/strict', cors({ origin: true, allowedHeaders: ['Authorization'] }));
app.get('/strict/orders', (req, res) => res.json({ orders: [] }));

// revoked tokens, used for the retry loop
app.use('/loop', apiCors);
app.use('/loop', expressjwt({ secret: SECRET, algorithms: ['HS256'], isRevoked: async () => true }));
app.get('/loop/me', (req, res) => res.json({ user: req.auth.sub }));
app.use('/loop', jwtErrors);

// ---- express-oauth2-jwt-bearer (Auth0's RFC 6750 middleware): it answers with
// WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description=... ----
app.use('/oauth', apiCors);
app.use('/oauth', oauthBearer({ secret: SECRET, tokenSigningAlg: 'HS256',
  audience: 'https://api.why401.test', issuer: 'https://idp.why401.test/' }));
app.get('/oauth/me', (req, res) => res.json({ user: req.auth.payload.sub }));

// ---- passport-http Basic ----
app.get('/passport/me', passport.authenticate('basic', { session: false }), (req, res) => res.json(req.user));

// ---- redirect to another origin (credentials-dropped-on-redirect) ----
// api.why401.test/v1/me moved to api2.why401.test/jwt/me
app.get('/v1/me', (req, res) => {
  res.redirect(307, `http://api2.why401.test:${httpPort}/jwt/me`);
});

http.createServer(app).listen(Number(httpPort), '127.0.0.1', () => console.log(`express http on ${httpPort}`));
if (httpsPort) {
  https.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, app)
    .listen(Number(httpsPort), '127.0.0.1', () => console.log(`express https on ${httpsPort}`));
}
