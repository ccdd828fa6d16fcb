// NestJS 12 (@nestjs/platform-express) + @nestjs/passport + passport-jwt, in
// plain JS (decorators applied by hand). /api/me: AuthGuard('jwt') with
// passport-jwt (HS256, issuer and audience checked); /api/reports: a guard that
// throws Nest's built-in UnauthorizedException() for a wrong X-API-Key. Both
// answer Nest's default body {"message":"Unauthorized","statusCode":401}.
import 'reflect-metadata';
import { Module, Controller, Get, Injectable, UseGuards, UnauthorizedException, Req, Header } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PassportModule, PassportStrategy, AuthGuard } from '@nestjs/passport';
import { Strategy, ExtractJwt } from 'passport-jwt';
import { PORT, SECRET, IDP_ISS, IDP_AUD, page } from './common.mjs';

const method = (cls, name, ...decorators) => {
  const d = Object.getOwnPropertyDescriptor(cls.prototype, name);
  for (const dec of decorators.reverse()) dec(cls.prototype, name, d);
};

class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: SECRET, algorithms: ['HS256'], issuer: IDP_ISS, audience: IDP_AUD });
  }
  validate(payload) { return { userId: payload.sub }; }
}
Injectable()(JwtStrategy);

class ApiKeyGuard {
  canActivate(ctx) {
    const key = ctx.switchToHttp().getRequest().headers['x-api-key'];
    if (key !== 'nk_live_3b8e1f6a9c2d7e4b0f5a') throw new UnauthorizedException();
    return true;
  }
}
Injectable()(ApiKeyGuard);

class AppController {
  home() { return page('NestJS app'); }
  me(req) { return req.user; }
  reports() { return []; }
}
Controller()(AppController);
method(AppController, 'home', Get('/'), Header('Content-Type', 'text/html'));
method(AppController, 'me', Get('api/me'), UseGuards(AuthGuard('jwt')));
Req()(AppController.prototype, 'me', 0);
method(AppController, 'reports', Get('api/reports'), UseGuards(ApiKeyGuard));

class AppModule {}
Module({ imports: [PassportModule], controllers: [AppController], providers: [JwtStrategy, ApiKeyGuard] })(AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error'] });
await app.listen(PORT, '127.0.0.1');
