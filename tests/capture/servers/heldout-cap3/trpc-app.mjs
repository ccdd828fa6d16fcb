// tRPC 11 standalone adapter (createHTTPHandler on node:http). The context
// reads a Bearer JWT; protectedProcedure throws TRPCError UNAUTHORIZED, which
// tRPC answers 401 with its default JSON error envelope (message = the
// jsonwebtoken error, or tRPC's default "UNAUTHORIZED" when no token came).
import http from 'node:http';
import jwt from 'jsonwebtoken';
import { initTRPC, TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { PORT, SECRET, page } from './common.mjs';

const t = initTRPC.context().create();
const createContext = ({ req }) => {
  const h = req.headers.authorization;
  if (!h) return { user: null, err: null };
  try { return { user: jwt.verify(h.replace(/^Bearer /, ''), SECRET, { algorithms: ['HS256'] }), err: null }; }
  catch (e) { return { user: null, err: e.message }; }
};
const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError(ctx.err ? { code: 'UNAUTHORIZED', message: ctx.err } : { code: 'UNAUTHORIZED' });
  return next({ ctx });
});
const router = t.router({ me: protectedProcedure.query(({ ctx }) => ({ sub: ctx.user.sub })) });
const handler = createHTTPHandler({ router, createContext, basePath: '/trpc/' });
http.createServer((req, res) => {
  if (req.url === '/') { res.setHeader('Content-Type', 'text/html'); return res.end(page('tRPC app')); }
  handler(req, res);
}).listen(PORT, '127.0.0.1');
