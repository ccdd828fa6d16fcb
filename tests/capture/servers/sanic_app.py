"""Sanic scenario server (PyPI), 127.0.0.1 only. Sanic's own JSON error format
({"description","status","message"}) for sanic.exceptions.Unauthorized:
  /api/projects  GitLab-style `Private-Token` header
  /api/me        Bearer JWT checked with PyJWT; PyJWT's message in the error
  /api/reports   the same, and scope reports:write (RFC 6750 insufficient_scope challenge)
Run: python sanic_app.py PORT"""
import os
import sys

import jwt
from sanic import Sanic, html, json
from sanic.exceptions import Unauthorized

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")
TOKENS = {"glpat-Vq3xK9mT2rLw8ZsN4dPe"}
app = Sanic("why401_sanic")
app.config.FALLBACK_ERROR_FORMAT = "json"


@app.get("/")
async def index(request):
    return html("<!doctype html><html><head><meta charset=utf-8><title>Sanic app</title></head><body><h1>Sanic app</h1></body></html>")


@app.get("/favicon.ico")
async def favicon(request):
    return html("", status=204)


@app.get("/api/projects")
async def projects(request):
    if request.headers.get("private-token") not in TOKENS:
        raise Unauthorized("Invalid private token")
    return json({"projects": []})


@app.get("/api/me")
async def me(request):
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer "):
        raise Unauthorized("Authentication required", scheme="Bearer", realm="why401")
    try:
        claims = jwt.decode(auth[7:], SECRET, algorithms=["HS256"], audience="why401-api",
                            issuer="https://login.idp.test/realms/why401")
    except jwt.PyJWTError as e:
        raise Unauthorized(str(e), scheme="Bearer", realm="why401", error="invalid_token")
    return json({"user": claims["sub"]})


@app.get("/api/reports")
async def reports(request):
    auth = request.headers.get("authorization", "")
    try:
        claims = jwt.decode(auth[7:], SECRET, algorithms=["HS256"], audience="why401-api",
                            issuer="https://login.idp.test/realms/why401")
    except jwt.PyJWTError as e:
        raise Unauthorized(str(e), scheme="Bearer", realm="why401", error="invalid_token")
    if "reports:write" not in claims.get("scope", "").split():
        raise Unauthorized("Insufficient scope", scheme="Bearer", realm="why401", error="insufficient_scope", scope="reports:write")
    return json({"reports": []})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), single_process=True, access_log=False, motd=False)
