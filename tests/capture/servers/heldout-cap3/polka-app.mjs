// polka 0.5 + jsonwebtoken 9: /api/me verifies a Bearer JWT (HS256, audience
// why401-api, issuer https://login.why401.test); any failure is passed to next({ code: 401, message }) and polka's
// own default onError writes the status and the message as plain text. The
// "No authorization token was found" text is app code (polka has no auth).
import polka from 'polka';
import jwt from 'jsonwebtoken';
import { PORT, SECRET, AUD, page } from './common.mjs';

const auth = (req, res, next) => {
  const m = /^Bearer (.*)$/.exec(req.headers.authorization || '');
  if (!m) return next({ code: 401, message: 'No authorization token was found' });
  try { req.user = jwt.verify(m[1], SECRET, { algorithms: ['HS256'], audience: AUD, issuer: 'https://login.why401.test' }); next(); }
  catch (e) { next({ code: 401, message: e.message }); }
};
polka()
  .get('/', (req, res) => { res.setHeader('Content-Type', 'text/html'); res.end(page('polka app')); })
  .get('/api/me', auth, (req, res) => { res.setHeader('Content-Type', 'application/json'); res.end(JSON.stringify({ sub: req.user.sub })); })
  .listen(PORT, '127.0.0.1');
