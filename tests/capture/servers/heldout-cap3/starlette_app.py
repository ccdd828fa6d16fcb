"""Starlette 1.x with its AuthenticationMiddleware (held-out corpus, cap3).

The backend follows the Starlette docs' BasicAuthBackend pattern and adds a
Bearer JWT branch (PyJWT): a header that cannot be parsed or a JWT that fails
verification raises AuthenticationError, answered by `on_error` (written here,
as the docs' example does: JSON {"error": ...}, 401, with a challenge); a
well-formed but wrong password leaves the request unauthenticated and
`@requires("authenticated", status_code=401)` answers Starlette's default
HTTPException text "Unauthorized". Sessions: Starlette's SessionMiddleware
(itsdangerous-signed cookie); /restart re-keys it as a redeploy with a new
secret_key does. Usage: python starlette_app.py PORT
"""
import base64
import binascii
import os
import secrets
import sys

import jwt
import uvicorn
from starlette.applications import Starlette
from starlette.authentication import (AuthCredentials, AuthenticationBackend, AuthenticationError,
                                      SimpleUser, requires)
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")
USERS = {"admin": "c0rrect-h0rse-battery"}


class Backend(AuthenticationBackend):
    async def authenticate(self, conn):
        if "user" in conn.scope.get("session", {}):
            return AuthCredentials(["authenticated"]), SimpleUser(conn.session["user"])
        if "Authorization" not in conn.headers:
            return None
        scheme, _, credentials = conn.headers["Authorization"].partition(" ")
        if scheme.lower() == "basic":
            try:
                username, _, password = base64.b64decode(credentials).decode("ascii").partition(":")
            except (ValueError, UnicodeDecodeError, binascii.Error):
                raise AuthenticationError("Invalid basic auth credentials")
            if USERS.get(username) != password:
                return None
            return AuthCredentials(["authenticated"]), SimpleUser(username)
        if scheme.lower() == "bearer":
            try:
                claims = jwt.decode(credentials, SECRET, algorithms=["HS256"], audience="why401-api")
            except jwt.PyJWTError as e:
                raise AuthenticationError(str(e))
            return AuthCredentials(["authenticated"]), SimpleUser(claims["sub"])
        return None


def on_error(conn, exc):
    challenge = 'Bearer error="invalid_token"' if conn.headers.get("Authorization", "").lower().startswith("bearer") else 'Basic realm="why401"'
    return JSONResponse({"error": str(exc)}, status_code=401, headers={"WWW-Authenticate": challenge})


async def home(request):
    return HTMLResponse('<!doctype html><meta charset="utf-8"><title>Starlette app</title><p>Starlette app (why401 held-out scenario server)</p>')


async def login(request):
    request.session["user"] = "alice"
    return HTMLResponse("<!doctype html><title>signed in</title><p>signed in")


async def restart(request):
    ROTATING.rotate()
    return JSONResponse({"restarted": True})


@requires("authenticated", status_code=401)
async def me(request):
    return JSONResponse({"user": request.user.display_name})


class Rotating:
    """SessionMiddleware whose secret_key can be replaced at run time."""

    def __init__(self, app):
        global ROTATING
        self.app = app
        self.rotate()
        ROTATING = self

    def rotate(self):
        self.inner = SessionMiddleware(self.app, secret_key=secrets.token_hex(32), same_site="lax", https_only=False)

    async def __call__(self, scope, receive, send):
        await self.inner(scope, receive, send)


app = Starlette(
    routes=[Route("/", home), Route("/login", login), Route("/restart", restart), Route("/api/me", me), Route("/admin/stats", me)],
    middleware=[Middleware(Rotating), Middleware(AuthenticationMiddleware, backend=Backend(), on_error=on_error)],
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", server_header=True)
