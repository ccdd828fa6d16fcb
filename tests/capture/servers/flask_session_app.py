"""Flask 3 scenario server (PyPI), 127.0.0.1 only: Flask's own signed session
cookie (itsdangerous, `payload.timestamp.signature`; a small session is not
compressed, so its first part starts with `eyJ` like a JWT's header).
  /login     session["user"] = "alice"
  /restart   a new random SECRET_KEY, as a restart with an unpersisted key does:
             every cookie signed before fails its signature check
  /api/me    401 {"error": "not signed in"} when the session has no user
Run: python flask_session_app.py PORT"""
import secrets
import sys

from flask import Flask, jsonify, session

app = Flask(__name__)
app.secret_key = secrets.token_hex(32)
PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"


@app.get("/")
def index():
    return PAGE.format("Flask session app")


@app.get("/favicon.ico")
def favicon():
    return "", 204


@app.get("/login")
def login():
    session["user"] = "alice"
    return PAGE.format("signed in")


@app.get("/restart")
def restart():
    app.secret_key = secrets.token_hex(32)
    return "", 204


@app.get("/api/me")
def me():
    if "user" not in session:
        return jsonify(error="not signed in"), 401
    return jsonify(user=session["user"])


if __name__ == "__main__":
    app.run("127.0.0.1", int(sys.argv[1]))
