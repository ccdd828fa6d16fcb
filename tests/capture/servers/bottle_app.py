"""Bottle scenario server (PyPI), 127.0.0.1 only: bottle.auth_basic, whose stock
answer is Bottle's error page "Access denied" with WWW-Authenticate: Basic.
Run: python bottle_app.py PORT"""
import sys

import bottle


@bottle.route("/")
def index():
    return "<!doctype html><html><head><meta charset=utf-8><title>Bottle app</title></head><body><h1>Bottle app</h1></body></html>"


@bottle.route("/favicon.ico")
def favicon():
    bottle.response.status = 204
    return ""


@bottle.route("/admin/stats")
@bottle.auth_basic(lambda user, password: user == "alice" and password == "wonderland", realm="why401 bottle")
def stats():
    return {"users": 42}


if __name__ == "__main__":
    bottle.run(host="127.0.0.1", port=int(sys.argv[1]), quiet=True)
