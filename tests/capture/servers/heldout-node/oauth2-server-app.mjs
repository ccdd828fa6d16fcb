// express 5 + @node-oauth/express-oauth-server (on @node-oauth/oauth2-server 5):
// a resource protected by oauth.authenticate() and the token endpoint
// (client_credentials, client secret in HTTP Basic). In-memory model with
// opaque tokens: one long-lived, the rest issued by the token endpoint;
// revoked tokens are simply unknown to the model. Default error answers.
import express from 'express';
import OAuthServer from '@node-oauth/express-oauth-server';
import { PORT, page } from './common.mjs';

const CLIENT = { id: 'reports-cli', clientSecret: 'cs_9Kq2Wx7Zr4Lm1Vb8', grants: ['client_credentials'] };
const USER = { id: 'alice' };
const tokens = new Map([
  ['8f1c2e4a6b9d0f3e5a7c1b2d4e6f8a0c9b1d3e5f', { accessToken: '8f1c2e4a6b9d0f3e5a7c1b2d4e6f8a0c9b1d3e5f', accessTokenExpiresAt: new Date(Date.now() + 3600e3), client: CLIENT, user: USER, scope: ['read'] }],
]);
const model = {
  async getAccessToken(t) { return tokens.get(t) || null; },
  async getClient(id, secret) { return id === CLIENT.id && (secret === undefined || secret === CLIENT.clientSecret) ? CLIENT : null; },
  async getUserFromClient() { return USER; },
  async saveToken(token, client, user) { const t = { ...token, client, user }; tokens.set(t.accessToken, t); return t; },
  async validateScope(user, client, scope) { return scope || ['read']; },
};
const oauth = new OAuthServer({ model });
const app = express();
app.use(express.urlencoded({ extended: false }));
app.get('/', (req, res) => res.send(page('oauth2-server app')));
// short-lived access tokens (2 s), so a capture can see one expire
app.post('/oauth/token', oauth.token({ accessTokenLifetime: 2 }));
app.get('/api/me', oauth.authenticate(), (req, res) => res.json({ user: res.locals.oauth.token.user.id }));
app.listen(PORT, '127.0.0.1');
