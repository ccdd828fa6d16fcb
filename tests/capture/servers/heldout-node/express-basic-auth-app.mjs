// express 5 + express-basic-auth: /admin with challenge:true (WWW-Authenticate:
// Basic realm), /api with the package defaults (no challenge, empty body).
import express from 'express';
import basicAuth from 'express-basic-auth';
import { PORT, page } from './common.mjs';

const app = express();
app.get('/', (req, res) => res.send(page('express-basic-auth app')));
app.use('/admin', basicAuth({ users: { admin: 'c0rrect-h0rse-battery' }, challenge: true, realm: 'why401-admin' }));
app.get('/admin/stats', (req, res) => res.json({ users: 3 }));
app.use('/api', basicAuth({ users: { 'ci-bot': 'k8Wq3Zx7Lm2Vb9Nc' } }));
app.get('/api/builds', (req, res) => res.json([]));
app.listen(PORT, '127.0.0.1');
