"""Django + Django Ninja scenario server (PyPI), 127.0.0.1 only. Ninja's own
auth classes answer {"detail": "Unauthorized"} (no WWW-Authenticate).
  /api/reports   APIKeyHeader  (X-API-Key)
  /api/invoices  APIKeyQuery   (?key=)
  /api/me        HttpBearer (JWT checked with PyJWT)
  /              a page that sets a `django_language` cookie (not a credential)
Run: python ninja_app.py PORT"""
import os
import sys

import django
from django.conf import settings

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")
settings.configure(DEBUG=False, SECRET_KEY="ninja-" + SECRET, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
                   INSTALLED_APPS=[], MIDDLEWARE=[], DATABASES={}, USE_TZ=True)
django.setup()

import jwt  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from ninja import NinjaAPI  # noqa: E402
from ninja.security import APIKeyHeader, APIKeyQuery, HttpBearer  # noqa: E402

KEYS = {"ak_5Rt8Yp2Lm9Qx3Vz7", "qk_2Hg6Jd9Ks4Lp8Mn1"}


class HeaderKey(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        return key if key in KEYS else None


class QueryKey(APIKeyQuery):
    param_name = "key"

    def authenticate(self, request, key):
        return key if key in KEYS else None


class Bearer(HttpBearer):
    def authenticate(self, request, token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"], audience="why401-api",
                              issuer="https://login.idp.test/realms/why401")
        except jwt.PyJWTError:
            return None


api = NinjaAPI(docs_url=None)


@api.get("/reports", auth=HeaderKey())
def reports(request):
    return {"reports": []}


@api.get("/invoices", auth=QueryKey())
def invoices(request):
    return {"invoices": []}


@api.get("/me", auth=Bearer())
def me(request):
    return {"user": request.auth["sub"]}


def index(request):
    r = HttpResponse("<!doctype html><html><head><meta charset=utf-8><title>Django Ninja app</title></head><body><h1>Django Ninja app</h1></body></html>")
    r.set_cookie("django_language", "en", samesite="Lax")
    return r


urlpatterns = [path("", index), path("favicon.ico", lambda r: HttpResponse(status=204)), path("api/", api.urls)]

if __name__ == "__main__":
    from django.core.servers.basehttp import WSGIRequestHandler, run
    from django.core.wsgi import get_wsgi_application
    WSGIRequestHandler.log_message = lambda *a: None
    run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=True)
