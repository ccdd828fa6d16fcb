"""Pyramid 2 scenario server (PyPI), 127.0.0.1 only.
A security policy as Pyramid's docs write it: AuthTktCookieHelper for the
browser app (/api/*) and HTTP Basic (extract_http_basic_credentials) for
/basic/*. Pyramid itself answers a denied view with 403; the docs' recipe
("forbidden_view_config ... HTTPUnauthorized(headers=forget(request))") turns
it into 401 for anonymous users, which is what this app does. Bodies are
WebOb's stock HTTPUnauthorized page.
  /login      remember(): sets the `auth_tkt` cookie (timeout 2 s, reissue off)
  /restart    a new random AuthTkt secret (a restart with an unpersisted secret)
  /api/me     permission "view" -> 401 when the auth_tkt is missing/expired/bad
  /basic/report  HTTP Basic alice:wonderland
Run: python pyramid_app.py PORT"""
import secrets
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from pyramid.authentication import AuthTktCookieHelper, extract_http_basic_credentials
from pyramid.authorization import ACLHelper, Allow, Authenticated
from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPForbidden, HTTPUnauthorized
from pyramid.response import Response
from pyramid.security import forget, remember
from pyramid.view import forbidden_view_config, view_config

USERS = {"alice": "wonderland"}
STATE = {"secret": secrets.token_hex(32)}


def make_helper():
    return AuthTktCookieHelper(STATE["secret"], timeout=2, reissue_time=None, hashalg="sha512", samesite="Lax")


class SecurityPolicy:
    def __init__(self):
        self.helper = make_helper()

    def _basic(self, request):
        return request.path.startswith("/basic/")

    def identity(self, request):
        if self._basic(request):
            creds = extract_http_basic_credentials(request)
            if creds and USERS.get(creds.username) == creds.password:
                return {"userid": creds.username}
            return None
        return self.helper.identify(request)

    def authenticated_userid(self, request):
        ident = self.identity(request)
        return ident["userid"] if ident else None

    def permits(self, request, context, permission):
        principals = ["system.Everyone"]
        if self.authenticated_userid(request):
            principals.append(Authenticated)
        return ACLHelper().permits(context, principals, permission)

    def remember(self, request, userid, **kw):
        return self.helper.remember(request, userid, **kw)

    def forget(self, request, **kw):
        if self._basic(request):
            return [("WWW-Authenticate", 'Basic realm="why401 pyramid"')]
        return self.helper.forget(request, **kw)


POLICY = SecurityPolicy()


class Root:
    __acl__ = [(Allow, Authenticated, "view")]

    def __init__(self, request):
        pass


@view_config(route_name="index")
def index(request):
    return Response("<!doctype html><title>Pyramid app</title><h1>Pyramid app</h1>")


@view_config(route_name="favicon")
def favicon(request):
    return Response(status=204)


@view_config(route_name="login")
def login(request):
    return Response("<!doctype html><title>signed in</title><h1>signed in</h1>", headers=remember(request, "alice"))


@view_config(route_name="restart")
def restart(request):
    STATE["secret"] = secrets.token_hex(32)
    POLICY.helper = make_helper()
    return Response("restarted", content_type="text/plain")


@view_config(route_name="me", permission="view", renderer="json")
def me(request):
    return {"user": request.authenticated_userid}


@view_config(route_name="report", permission="view", renderer="json")
def report(request):
    return {"report": "ok"}


@forbidden_view_config()
def forbidden_view(request):
    # the docs' recipe: anonymous -> 401 with forget() headers, else 403
    if request.authenticated_userid is None:
        response = HTTPUnauthorized()
        if request.path.startswith("/basic/"):
            response.headers.update(forget(request))
        return response
    return HTTPForbidden()


class Quiet(WSGIRequestHandler):
    def log_message(self, *a):
        pass


if __name__ == "__main__":
    with Configurator(root_factory=Root) as config:
        config.set_security_policy(POLICY)
        config.add_route("index", "/")
        config.add_route("favicon", "/favicon.ico")
        config.add_route("login", "/login")
        config.add_route("restart", "/restart")
        config.add_route("me", "/api/me")
        config.add_route("report", "/basic/report")
        config.scan()
        app = config.make_wsgi_app()
    make_server("127.0.0.1", int(sys.argv[1]), app, handler_class=Quiet).serve_forever()
