// fastify 5 + @fastify/jwt + @fastify/basic-auth scenario server (npm), 127.0.0.1 only.
// Every 401 body and challenge is fastify's default error serialisation of the
// plugins' own errors. Usage: node fastify-app.mjs PORT
import Fastify from 'fastify';
import fastifyJwt from '@fastify/jwt';
import basicAuth from '@fastify/basic-auth';

const SECRET = process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
const port = Number(process.argv[2] || 18211);
const app = Fastify();
await app.register(fastifyJwt, { secret: SECRET, verify: { allowedIss: 'https://login.idp.test/realms/why401', allowedAud: 'why401-api' } });
await app.register(basicAuth, {
  authenticate: { realm: 'why401 admin' },
  validate: async (user, pass) => { if (!(user === 'alice' && pass === 'wonderland')) return new Error('Invalid username or password'); },
});
const page = (t) => `<!doctype html><html><head><meta charset="utf-8"><title>${t}</title></head><body><h1>${t}</h1></body></html>`;
app.get('/', async (req, reply) => reply.type('text/html').send(page('fastify app')));
app.get('/favicon.ico', async (req, reply) => reply.code(204).send());
app.get('/api/me', { onRequest: async (req) => { await req.jwtVerify(); } }, async (req) => ({ user: req.user.sub }));
app.get('/admin/stats', { onRequest: app.basicAuth }, async () => ({ users: 42 }));
await app.listen({ port, host: '127.0.0.1' });
