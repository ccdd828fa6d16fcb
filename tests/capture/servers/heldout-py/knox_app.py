"""Django 5 + DRF + django-rest-knox scenario server (PyPI), 127.0.0.1 only.
knox.auth.TokenAuthentication as the only DRF authentication class, the
documented setup: LoginView (behind BasicAuthentication) hands out a token,
LogoutView deletes it, tokens live TOKEN_TTL (2 s here) and knox deletes an
expired token when it sees it. Answers are DRF's and knox's own
({"detail": "Invalid token."}, WWW-Authenticate: Token).
  POST /api/auth/login   (Basic alice:wonderland) -> {"token": ...}
  POST /api/auth/logout  (Token ...)
  GET  /api/me           (Token ...)
Run: python knox_app.py PORT DBFILE"""
import datetime
import os
import sys

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    SECRET_KEY="why401-knox-capture-not-a-real-secret",
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "rest_framework", "knox"],
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[2]}},
    REST_FRAMEWORK={"DEFAULT_AUTHENTICATION_CLASSES": ["knox.auth.TokenAuthentication"],
                    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
                    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]},
    REST_KNOX={"TOKEN_TTL": datetime.timedelta(seconds=2), "AUTO_REFRESH": False},
    USE_TZ=True,
    LOGGING_CONFIG=None,
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from knox import views as knox_views  # noqa: E402
from rest_framework.authentication import BasicAuthentication  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402


class LoginView(knox_views.LoginView):
    authentication_classes = [BasicAuthentication]


class Me(APIView):
    def get(self, request):
        return Response({"user": request.user.username})


def index(request):
    return HttpResponse("<!doctype html><title>knox app</title><h1>knox app</h1>")


def favicon(request):
    return HttpResponse(status=204)


urlpatterns = [
    path("", index),
    path("favicon.ico", favicon),
    path("api/auth/login", LoginView.as_view()),
    path("api/auth/logout", knox_views.LogoutView.as_view()),
    path("api/me", Me.as_view()),
]

if __name__ == "__main__":
    if os.path.exists(sys.argv[2]):
        os.remove(sys.argv[2])
    call_command("migrate", verbosity=0)
    User.objects.create_user("alice", password="wonderland")
    from wsgiref.simple_server import WSGIRequestHandler, make_server
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *a):
            pass

    make_server("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), handler_class=Quiet).serve_forever()
