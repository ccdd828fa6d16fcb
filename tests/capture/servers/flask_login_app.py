"""Flask + Flask-Login scenario server (PyPI), 127.0.0.1 only. No login_view is
set, so @login_required answers abort(401): Werkzeug's stock 401 page, no
WWW-Authenticate. The secret key is random per start (a common setup);
/restart draws a new one, as a restart does, so the browser's session cookie
no longer verifies. Run: python flask_login_app.py PORT"""
import os
import sys

from flask import Flask, jsonify
from flask_login import LoginManager, UserMixin, login_required, login_user

app = Flask(__name__)
app.secret_key = os.urandom(24)
login_manager = LoginManager(app)
PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"


class User(UserMixin):
    def __init__(self, uid):
        self.id = uid


@login_manager.user_loader
def load_user(uid):
    return User(uid) if uid == "alice" else None


@app.get("/")
def index():
    return PAGE.format("Flask-Login app")


@app.get("/favicon.ico")
def favicon():
    return "", 204


@app.get("/login")
def login():
    login_user(User("alice"))
    return PAGE.format("signed in")


@app.get("/restart")
def restart():
    app.secret_key = os.urandom(24)
    return "", 204


@app.get("/api/me")
@login_required
def me():
    return jsonify(user="alice")


if __name__ == "__main__":
    from werkzeug.serving import run_simple
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
