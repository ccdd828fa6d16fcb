"""Django + djangorestframework + djangorestframework-simplejwt scenario server
(PyPI), in one file. Run: python django_app.py PORT DBFILE
Endpoints:
  /api/me/        JWTAuthentication (simplejwt), IsAuthenticated
  /api/basic/me/  DRF BasicAuthentication, IsAuthenticated
  /app/login      Django login; the session expires on the server after 2 s
                  (SESSION_COOKIE_AGE=2) while the browser keeps the cookie
  /app/me         plain Django view: 401 when the session is gone
                  (SessionMiddleware itself deletes the dead cookie)
With WHY401_DJANGO_SESSIONS=signed_cookies the sessions are Django's signed-cookie
sessions (signing.dumps in the cookie, its timestamp checked against SESSION_COOKIE_AGE)
instead of database rows."""
import os
import sys

import django
from django.conf import settings

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")
PORT = int(sys.argv[1])
DB = sys.argv[2]

settings.configure(
    DEBUG=False,
    SECRET_KEY="django-" + SECRET,
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes",
                    "django.contrib.sessions", "rest_framework"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB}},
    USE_TZ=True,
    REST_FRAMEWORK={"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]},
    SIMPLE_JWT={"SIGNING_KEY": SECRET, "ALGORITHM": "HS256"},
    # the session cookie lives as long as the browser; the session itself 2 s
    SESSION_EXPIRE_AT_BROWSER_CLOSE=True,
    SESSION_COOKIE_AGE=2,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    SESSION_ENGINE="django.contrib.sessions.backends."
    + os.environ.get("WHY401_DJANGO_SESSIONS", "db"),
)
django.setup()

from django.contrib.auth import authenticate, login  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.authentication import BasicAuthentication  # noqa: E402
from rest_framework.decorators import api_view, authentication_classes  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework_simplejwt.authentication import JWTAuthentication  # noqa: E402

PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"


def index(request):
    return HttpResponse(PAGE.format("Django app"))


@api_view(["GET"])
@authentication_classes([JWTAuthentication])
def api_me(request):
    return Response({"user": request.user.username})


@api_view(["GET"])
@authentication_classes([BasicAuthentication])
def basic_me(request):
    return Response({"user": request.user.username})


def app_login(request):
    user = authenticate(request, username="alice", password="wonderland")
    login(request, user)
    return HttpResponse(PAGE.format("signed in (Django session)"))


def app_me(request):
    if request.user.is_authenticated:
        return JsonResponse({"user": request.user.username})
    return JsonResponse({"detail": "Not signed in"}, status=401)


urlpatterns = [
    path("", index),
    path("api/me/", api_me),
    path("api/basic/me/", basic_me),
    path("app/login", app_login),
    path("app/me", app_me),
]

if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="alice").exists():
        User.objects.create_user("alice", password="wonderland")
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    run("127.0.0.1", PORT, get_wsgi_application(), threading=True)
