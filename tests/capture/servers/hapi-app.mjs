// @hapi/hapi 21 + @hapi/jwt + @hapi/basic scenario server (npm), 127.0.0.1 only.
// 401 bodies and challenges are Boom's, from the auth plugins. Usage: node hapi-app.mjs PORT
import Hapi from '@hapi/hapi';
import Jwt from '@hapi/jwt';
import Basic from '@hapi/basic';

const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
const port = Number(process.argv[2] || 18213);
const server = Hapi.server({ port, host: '127.0.0.1' });
await server.register([Jwt, Basic]);
server.auth.strategy('jwt', 'jwt', {
  keys: { key: SECRET, algorithms: ['HS256'] },
  verify: { aud: 'why401-api', iss: 'https://login.idp.test/realms/why401', sub: false, nbf: true, exp: true, maxAgeSec: 0, timeSkewSec: 0 },
  validate: (artifacts) => ({ isValid: true, credentials: { user: artifacts.decoded.payload.sub } }),
});
server.auth.strategy('basic', 'basic', { validate: async (request, user, pass) => ({ isValid: user === 'alice' && pass === 'wonderland', credentials: { user } }) });
const page = (t) => `<!doctype html><html><head><meta charset="utf-8"><title>${t}</title></head><body><h1>${t}</h1></body></html>`;
server.route({ method: 'GET', path: '/', handler: (r, h) => h.response(page('hapi app')).type('text/html') });
server.route({ method: 'GET', path: '/favicon.ico', handler: (r, h) => h.response().code(204) });
server.route({ method: 'GET', path: '/api/me', options: { auth: 'jwt' }, handler: (r) => ({ user: r.auth.credentials.user }) });
server.route({ method: 'GET', path: '/admin/stats', options: { auth: 'basic' }, handler: () => ({ users: 42 }) });
await server.start();
