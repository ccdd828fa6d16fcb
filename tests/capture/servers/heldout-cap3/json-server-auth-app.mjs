// json-server 0.17 + json-server-auth 2 (its own guards and its built-in JWT
// secret): /660/posts needs a logged-in user (route rewriter rules), /login issues tokens.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PORT, page } from './common.mjs';

const require = createRequire(import.meta.url);
const jsonServer = require('json-server');
const auth = require('json-server-auth');
const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'why401-jsa-')), 'db.json');
fs.writeFileSync(dbFile, JSON.stringify({ users: [], posts: [{ id: 1, userId: 1, title: 'hello' }] }));
const app = jsonServer.create();
const router = jsonServer.router(dbFile);
app.db = router.db;
app.get('/', (req, res) => res.type('html').send(page('json-server-auth app')));
app.use(jsonServer.defaults({ logger: false, static: os.tmpdir() }));
app.use(jsonServer.rewriter({ '/posts*': '/660/posts$1' }));
app.use(auth);
app.use(router);
app.listen(PORT, '127.0.0.1', async () => {
  await fetch(`http://127.0.0.1:${PORT}/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'alice@why401.test', password: 'wonderland' }) });
});
