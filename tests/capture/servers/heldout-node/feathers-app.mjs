// Feathers 5 on express (@feathersjs/express REST + errorHandler) with
// @feathersjs/authentication (JWTStrategy) and -local (LocalStrategy), the
// generator's settings (secret, aud https://yourdomain.com, iss feathers).
// `messages` requires authenticate('jwt'); default NotAuthenticated errors.
import { feathers } from '@feathersjs/feathers';
import express, { rest, json, errorHandler, notFound } from '@feathersjs/express';
import { AuthenticationService, JWTStrategy, authenticate } from '@feathersjs/authentication';
import { LocalStrategy, hooks as localHooks } from '@feathersjs/authentication-local';
import { MemoryService } from '@feathersjs/memory';
import { PORT, SECRET, page } from './common.mjs';

const app = express(feathers());
app.set('authentication', {
  secret: SECRET, entity: 'user', service: 'users', authStrategies: ['jwt', 'local'],
  jwtOptions: { header: { typ: 'access' }, audience: 'https://yourdomain.com', issuer: 'feathers', algorithm: 'HS256', expiresIn: '1d' },
  local: { usernameField: 'email', passwordField: 'password' },
});
app.use(json());
app.configure(rest());
app.get('/', (req, res) => res.send(page('Feathers app')));
app.use('users', new MemoryService());
app.service('users').hooks({ before: { create: [localHooks.hashPassword('password')] } });
const auth = new AuthenticationService(app);
auth.register('jwt', new JWTStrategy());
auth.register('local', new LocalStrategy());
app.use('authentication', auth);
app.use('messages', new MemoryService());
app.service('messages').hooks({ before: { all: [authenticate('jwt')] } });
app.use(notFound());
app.use(errorHandler({ logger: false }));
await app.service('users').create({ email: 'alice@why401.test', password: 'wonderland' });
app.listen(PORT, '127.0.0.1');
