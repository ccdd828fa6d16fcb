// http-auth 4 (gevorg) on node:http, its own default answers: Basic on
// :PORT/admin, Digest (MD5, qop=auth) on :PORT+1, and a forward proxy with
// `proxy: true` (407 Proxy-Authenticate: Basic) on :PORT+2.
import http from 'node:http';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { PORT, page } from './common.mjs';

const require = createRequire(import.meta.url);
const auth = require('http-auth');
const md5 = (s) => crypto.createHash('md5').update(s).digest('hex');
const basic = auth.basic({ realm: 'why401 admin' }, (u, p, cb) => cb(u === 'admin' && p === 'c0rrect-h0rse-battery'));
http.createServer((req, res) => {
  if (!req.url.startsWith('/admin')) { res.setHeader('Content-Type', 'text/html'); return res.end(page('http-auth app')); }
  basic.check((req, res) => res.end('{"users":3}'))(req, res);
}).listen(PORT, '127.0.0.1');
const digest = auth.digest({ realm: 'why401 files' }, (u, cb) => cb(u === 'alice' ? md5('alice:why401 files:wonderland') : undefined));
http.createServer(digest.check((req, res) => res.end('files'))).listen(PORT + 1, '127.0.0.1');
const proxy = auth.basic({ realm: 'why401 proxy', proxy: true }, (u, p, cb) => cb(u === 'carol' && p === 'Pr0xy-pass-2026'));
http.createServer(proxy.check((req, res) => res.end('proxied'))).listen(PORT + 2, '127.0.0.1');
