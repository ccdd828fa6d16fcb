// express 5 + cookie-session (npm) scenario server, 127.0.0.1 only. The session
// lives in the cookie itself (`session`: base64 JSON) with its keygrip signature
// in `session.sig`. /restart draws new keys, as a deploy with unpersisted keys
// does: every cookie signed before fails its signature check, cookie-session
// hands the app an empty session, and the guard answers `res.sendStatus(401)`.
// Usage: node cookie-session-app.mjs PORT
import crypto from 'node:crypto';
import express from 'express';
import cookieSession from 'cookie-session';

const port = Number(process.argv[2] || 18229);
let keys = [crypto.randomBytes(32).toString('hex')];
const app = express();
app.use((req, res, next) => cookieSession({ name: 'session', keys, maxAge: 24 * 3600 * 1000, httpOnly: true, sameSite: 'lax' })(req, res, next));
const page = (t) => `<!doctype html><html><head><meta charset="utf-8"><title>${t}</title></head><body><h1>${t}</h1></body></html>`;
app.get('/', (req, res) => res.type('html').send(page('cookie-session app')));
app.get('/favicon.ico', (req, res) => res.status(204).end());
app.get('/login', (req, res) => { req.session.user = 'alice'; req.session.iat = Math.floor(Date.now() / 1000); res.type('html').send(page('signed in')); });
app.get('/restart', (req, res) => { keys = [crypto.randomBytes(32).toString('hex')]; res.status(204).end(); });
app.get('/api/me', (req, res) => (req.session && req.session.user ? res.json({ user: req.session.user }) : res.sendStatus(401)));
app.listen(port, '127.0.0.1');
