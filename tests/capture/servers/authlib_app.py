"""Flask + Authlib ResourceProtector scenario server (PyPI), 127.0.0.1 only.
Opaque bearer tokens in memory, checked by Authlib's BearerTokenValidator; the
401 bodies and RFC 6750 challenges are Authlib's own.
  /api/me       needs scope "profile"; token "revoked" was revoked at sign-out
  /             a page that sets a `theme` cookie (not a credential)
Run: python authlib_app.py PORT"""
import sys
import time

from authlib.integrations.flask_oauth2 import ResourceProtector, current_token
from authlib.oauth2.rfc6750 import BearerTokenValidator
from flask import Flask, jsonify, make_response

app = Flask(__name__)


class Token:
    def __init__(self, scope, expires_at, revoked=False):
        self.scope, self.expires_at, self.revoked = scope, expires_at, revoked

    def get_scope(self):
        return self.scope

    def is_expired(self):
        return self.expires_at < time.time()

    def is_revoked(self):
        return self.revoked


NOW = time.time()
TOKENS = {
    "2YotnFZFEjr1zCsicMWpAA": Token("profile", NOW + 86400),
    "8xLOxBtZp8Hw3rTq5Km1Vd": Token("profile", NOW + 86400, revoked=True),
}


class Validator(BearerTokenValidator):
    def authenticate_token(self, token_string):
        return TOKENS.get(token_string)


require_oauth = ResourceProtector()
require_oauth.register_token_validator(Validator())


@app.get("/")
def index():
    r = make_response("<!doctype html><html><head><meta charset=utf-8><title>Authlib API</title></head><body><h1>Authlib API</h1></body></html>")
    r.set_cookie("theme", "dark", samesite="Lax")
    return r


@app.get("/favicon.ico")
def favicon():
    return "", 204


@app.get("/api/me")
@require_oauth("profile")
def me():
    return jsonify(scope=current_token.scope)


if __name__ == "__main__":
    from werkzeug.serving import run_simple
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
