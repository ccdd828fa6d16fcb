"""Falcon 4 scenario server (PyPI, WSGI on wsgiref), 127.0.0.1 only. Falcon's
own JSON error serialisation ({"title","description"}) of falcon.HTTPUnauthorized
for an Azure-style `api-key` header. Run: python falcon_app.py PORT"""
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

import falcon

KEYS = {"3f9c2d7e41b84a0f9e6d5c4b3a291807"}


class Index:
    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_HTML
        resp.text = "<!doctype html><html><head><meta charset=utf-8><title>Falcon app</title></head><body><h1>Falcon app</h1></body></html>"


class Favicon:
    def on_get(self, req, resp):
        resp.status = falcon.HTTP_204


class Reports:
    def on_get(self, req, resp):
        key = req.get_header("api-key")
        if key is None:
            raise falcon.HTTPUnauthorized(title="Missing api-key", description="Send your key in the api-key header.",
                                          challenges=['ApiKey realm="reports", header="api-key"'])
        if key not in KEYS:
            raise falcon.HTTPUnauthorized(title="Access denied",
                                          description="Access denied due to invalid api-key. Make sure to provide a valid key for an active subscription.",
                                          challenges=['ApiKey realm="reports", header="api-key"'])
        resp.media = {"reports": []}


app = falcon.App()
app.add_route("/", Index())
app.add_route("/favicon.ico", Favicon())
app.add_route("/api/reports", Reports())


class Quiet(WSGIRequestHandler):
    def log_message(self, *a):
        pass


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), app, handler_class=Quiet).serve_forever()
