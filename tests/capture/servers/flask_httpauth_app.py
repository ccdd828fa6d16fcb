"""Flask + Flask-HTTPAuth scenario server (PyPI), 127.0.0.1 only.
  /admin/stats  HTTPBasicAuth (the stock "Unauthorized Access" answer)
  /api/reports  HTTPTokenAuth(header="X-API-Key")
Run: python flask_httpauth_app.py PORT"""
import sys

from flask import Flask, jsonify
from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth

app = Flask(__name__)
basic = HTTPBasicAuth()
apikey = HTTPTokenAuth(header="X-API-Key")
USERS = {"alice": "wonderland"}
KEYS = {"k_live_51Hx7QeL2m9TzR4vW"}
PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"


@basic.verify_password
def verify_password(user, password):
    if USERS.get(user) == password:
        return user


@apikey.verify_token
def verify_token(token):
    if token in KEYS:
        return "reports-client"


@app.get("/")
def index():
    return PAGE.format("Flask-HTTPAuth app")


@app.get("/favicon.ico")
def favicon():
    return "", 204


@app.get("/admin/stats")
@basic.login_required
def stats():
    return jsonify(users=42)


@app.get("/api/reports")
@apikey.login_required
def reports():
    return jsonify(reports=[])


if __name__ == "__main__":
    from werkzeug.serving import run_simple
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
