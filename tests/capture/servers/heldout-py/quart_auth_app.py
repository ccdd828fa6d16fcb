"""Quart + quart-auth scenario server (PyPI), 127.0.0.1 only, served by Hypercorn.
  /login        login_user(AuthUser("alice")): the signed `QUART_AUTH` cookie
  /restart      a new random SECRET_KEY (a restart with an unpersisted secret:
                every QUART_AUTH cookie signed before no longer verifies)
  /api/me       @login_required -> quart_auth.Unauthorized, Quart's stock 401 page
  /admin/stats  @basic_auth_required() (QUART_AUTH_BASIC_USERNAME/PASSWORD)
Run: python quart_auth_app.py PORT"""
import asyncio
import secrets
import sys

from hypercorn.asyncio import serve
from hypercorn.config import Config
from quart import Quart
from quart_auth import AuthUser, QuartAuth, basic_auth_required, current_user, login_required, login_user

app = Quart(__name__)
app.secret_key = secrets.token_urlsafe(32)
app.config.update(QUART_AUTH_COOKIE_SECURE=False, QUART_AUTH_BASIC_USERNAME="alice", QUART_AUTH_BASIC_PASSWORD="wonderland")
QuartAuth(app)
PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"


@app.route("/")
async def index():
    return PAGE.format("Quart app")


@app.route("/favicon.ico")
async def favicon():
    return "", 204


@app.route("/login")
async def login():
    login_user(AuthUser("alice"), remember=True)
    return PAGE.format("signed in")


@app.route("/restart")
async def restart():
    app.secret_key = secrets.token_urlsafe(32)
    return "restarted", 200, {"Content-Type": "text/plain"}


@app.route("/api/me")
@login_required
async def me():
    return {"user": current_user.auth_id}


@app.route("/admin/stats")
@basic_auth_required()
async def stats():
    return {"requests": 42}


if __name__ == "__main__":
    cfg = Config()
    cfg.bind = [f"127.0.0.1:{sys.argv[1]}"]
    cfg.accesslog = None
    asyncio.run(serve(app, cfg))
