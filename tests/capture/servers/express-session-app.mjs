// express 5 + express-session (MemoryStore) + passport-local scenario server
// (npm), 127.0.0.1 only. The 401s are passport's own (a failed local login:
// text "Unauthorized") and the usual `res.sendStatus(401)` guard of a session
// API. /restart empties the MemoryStore, as a restart does.
// Usage: node express-session-app.mjs PORT
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';

const port = Number(process.argv[2] || 18221);
const store = new session.MemoryStore();
passport.use(new LocalStrategy((username, password, done) =>
  done(null, username === 'alice' && password === 'wonderland' ? { id: 'alice' } : false)));
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id, done) => done(null, { id }));
const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(session({ secret: process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one', store, resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }));
app.use(passport.session());
const page = (t) => `<!doctype html><html><head><meta charset="utf-8"><title>${t}</title></head><body><h1>${t}</h1></body></html>`;
app.get('/', (req, res) => res.type('html').send(page('express-session app')));
app.get('/favicon.ico', (req, res) => res.status(204).end());
app.post('/login', passport.authenticate('local'), (req, res) => res.json({ user: req.user.id }));
app.get('/restart', (req, res) => store.clear(() => res.status(204).end()));
app.get('/api/me', (req, res) => (req.isAuthenticated() ? res.json({ user: req.user.id }) : res.sendStatus(401)));
app.listen(port, '127.0.0.1');
