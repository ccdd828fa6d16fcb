"""aiohttp 3 scenario server (PyPI), 127.0.0.1 only.
  /api/servers  OpenStack-style `X-Auth-Token` header; unknown -> aiohttp's stock
                web.HTTPUnauthorized (text/plain "401: Unauthorized", no challenge)
  /api/me       JWT in the `access_token` query parameter, checked with PyJWT;
                failure -> {"msg": <PyJWT's message>}
Run: python aiohttp_app.py PORT"""
import os
import sys

import jwt
from aiohttp import web

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")
TOKENS = {"gAAAAABnX2k9-why401-keystone-token"}
PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"
routes = web.RouteTableDef()


@routes.get("/")
async def index(request):
    return web.Response(text=PAGE.format("aiohttp app"), content_type="text/html")


@routes.get("/favicon.ico")
async def favicon(request):
    return web.Response(status=204)


@routes.get("/api/servers")
async def servers(request):
    if request.headers.get("X-Auth-Token") not in TOKENS:
        raise web.HTTPUnauthorized()
    return web.json_response({"servers": []})


@routes.get("/api/me")
async def me(request):
    try:
        claims = jwt.decode(request.query.get("access_token", ""), SECRET, algorithms=["HS256"],
                            audience="why401-api", issuer="https://login.idp.test/realms/why401")
    except jwt.PyJWTError as e:
        return web.json_response({"msg": str(e)}, status=401)
    return web.json_response({"user": claims["sub"]})


app = web.Application()
app.add_routes(routes)

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
