"""Flask + Flask-JWT-Extended scenario server (PyPI). 127.0.0.1 only.

Run: python flask_app.py PORT      (under faketime for the clock-skew scenario)
Also usable as a CGI program behind Apache (see cgi_api.py).
Bodies of 401s come from Flask-JWT-Extended / Werkzeug themselves.
"""
import os
import secrets
import sys
from datetime import timedelta

from flask import Flask, jsonify, make_response, request, abort
from flask_jwt_extended import (JWTManager, create_access_token, jwt_required,
                                get_jwt_identity, set_access_cookies)

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")

app = Flask(__name__)
app.config.update(
    JWT_SECRET_KEY=SECRET,
    JWT_TOKEN_LOCATION=["headers", "cookies"],
    JWT_COOKIE_CSRF_PROTECT=False,
    JWT_COOKIE_SECURE=False,
)
jwt = JWTManager(app)

PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"


@app.get("/")
def index():
    return PAGE.format("Flask app on " + request.host)


@app.get("/api/me")
@jwt_required(locations=["headers"])
def me():
    return jsonify(user=get_jwt_identity())


# JWT in a cookie: login sets a 2-second access token cookie
@app.get("/cookie/login")
def cookie_login():
    resp = make_response(PAGE.format("signed in (JWT cookie)"))
    set_access_cookies(resp, create_access_token("alice", expires_delta=timedelta(seconds=2)))
    return resp


@app.get("/cookie/me")
@jwt_required(locations=["cookies"])
def cookie_me():
    return jsonify(user=get_jwt_identity())


# Plain opaque sessions (server-side store, lost on "restart")
SESSIONS = {}


@app.get("/dup/setup")
def dup_setup():
    # an old release of the site set sid at Path=/dup/api; the new one at Path=/
    resp = make_response(PAGE.format("signed in (new release)"))
    old = secrets.token_urlsafe(16)
    new = secrets.token_urlsafe(16)
    SESSIONS[new] = "alice"
    resp.set_cookie("sid", old, path="/dup/api", httponly=True)
    resp.set_cookie("sid", new, path="/", httponly=True)
    return resp


@app.get("/dup/api/me")
def dup_me():
    sid = request.cookies.get("sid")  # Werkzeug returns the FIRST sid in the header
    if sid in SESSIONS:
        return jsonify(user=SESSIONS[sid])
    return jsonify(msg="Unknown session"), 401


@app.get("/mc/login")
def mc_login():
    resp = make_response(PAGE.format("signed in"))
    sid = secrets.token_urlsafe(24)
    SESSIONS[sid] = "alice"
    resp.set_cookie("app_session", sid, path="/", httponly=True, samesite="Lax")
    return resp


@app.get("/mc/restart")
def mc_restart():
    # the app lost its (in-memory) session store, as after a deploy
    SESSIONS.clear()
    return "", 204


@app.get("/mc/me")
def mc_me():
    if request.cookies.get("app_session") in SESSIONS:
        return jsonify(user="alice")
    abort(401)  # Werkzeug's stock 401: no WWW-Authenticate header


@app.get("/unk/me")
def unk_me():
    if request.cookies.get("app_session") in SESSIONS:
        return jsonify(user="alice")
    # a form-login site's 401 with a non-standard challenge and no reason given
    return "Unauthorized", 401, {"WWW-Authenticate": 'FormBased', "Content-Type": "text/plain"}


if __name__ == "__main__":
    from werkzeug.serving import run_simple
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
