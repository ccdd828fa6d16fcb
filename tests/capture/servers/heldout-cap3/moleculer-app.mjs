// moleculer 0.14 + moleculer-web 0.10 ApiGateway with `authentication: true`;
// the authenticate() method follows the moleculer-web docs: no token ->
// UnAuthorizedError(ERR_NO_TOKEN), bad token -> UnAuthorizedError(ERR_INVALID_TOKEN),
// answered in moleculer-web's default JSON error format. X-API-Key for /api/reports.
import { ServiceBroker } from 'moleculer';
import ApiGateway from 'moleculer-web';
import jwt from 'jsonwebtoken';
import { PORT, SECRET, page } from './common.mjs';

const { UnAuthorizedError, ERR_NO_TOKEN, ERR_INVALID_TOKEN } = ApiGateway.Errors;
const broker = new ServiceBroker({ logger: false });
broker.createService({ name: 'users', actions: { me(ctx) { return { sub: ctx.meta.user.sub }; }, reports() { return []; } } });
broker.createService({
  name: 'api', mixins: [ApiGateway],
  settings: {
    port: PORT, ip: '127.0.0.1',
    routes: [
      { path: '/api', authentication: true, aliases: { 'GET me': 'users.me', 'GET reports': 'users.reports' } },
      { path: '/', aliases: { 'GET /': (req, res) => { res.setHeader('Content-Type', 'text/html'); res.end(page('moleculer-web app')); } } },
    ],
  },
  methods: {
    async authenticate(ctx, route, req) {
      if (req.url.startsWith('/reports') || req.originalUrl?.startsWith('/api/reports')) {
        if (req.headers['x-api-key'] === 'mk_live_4f8a2c6e9b1d3f5a7c0e') return { sub: 'reports-bot' };
        throw new UnAuthorizedError(req.headers['x-api-key'] ? ERR_INVALID_TOKEN : ERR_NO_TOKEN);
      }
      const h = req.headers.authorization;
      if (!h || !h.startsWith('Bearer ')) throw new UnAuthorizedError(ERR_NO_TOKEN);
      try { const user = jwt.verify(h.slice(7), SECRET, { algorithms: ['HS256'] }); ctx.meta.user = user; return user; }
      catch { throw new UnAuthorizedError(ERR_INVALID_TOKEN); }
    },
  },
});
await broker.start();
