// restify 11: plugins.authorizationParser() and an auth handler that answers
// with restify-errors (InvalidCredentialsError / UnauthorizedError) and their
// default JSON body; the check itself is the app's, as restify has none.
import restify from 'restify';
import errors from 'restify-errors';
import { PORT, page } from './common.mjs';

const server = restify.createServer({ name: 'why401-restify' });
server.use(restify.plugins.authorizationParser());
server.get('/', (req, res, next) => { res.setHeader('content-type', 'text/html'); res.end(page('restify app')); return next(); });
// Basic users (as in restify's own docs: req.authorization.basic)
const USERS = { alice: 'wonderland' };
server.get('/api/orders', (req, res, next) => {
  const b = req.authorization && req.authorization.basic;
  if (!b) return next(new errors.UnauthorizedError());
  if (USERS[b.username] !== b.password) return next(new errors.InvalidCredentialsError());
  res.send([]); return next();
});
// API key in X-Api-Key
server.get('/api/inventory', (req, res, next) => {
  const key = req.header('x-api-key');
  if (!key) return next(new errors.UnauthorizedError());
  if (key !== 'rk_live_8d3f1a6c9e2b7d4f0a5c') return next(new errors.InvalidCredentialsError());
  res.send([]); return next();
});
server.listen(PORT, '127.0.0.1');
