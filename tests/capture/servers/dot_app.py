"""Django + DRF + django-oauth-toolkit resource server (PyPI), 127.0.0.1 only.
Opaque access tokens in the toolkit's own tables; DRF's OAuth2Authentication
answers the 401: body "Authentication credentials were not provided." (DRF)
and the toolkit's RFC 6750 challenge (error_description says why).
  /api/me/   IsAuthenticated
Tokens made at start: a valid one, one that expired 10 minutes ago, one
restricted (RFC 8707 resource) to another API; a revoked token is one the
toolkit no longer has. Run: python dot_app.py PORT DBFILE"""
import sys
from datetime import timedelta

import django
from django.conf import settings

PORT = int(sys.argv[1])
settings.configure(
    DEBUG=False, SECRET_KEY="dot-why401-capture-not-a-real-secret", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "oauth2_provider", "rest_framework"],
    MIDDLEWARE=[], USE_TZ=True,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[2]}},
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": ["oauth2_provider.contrib.rest_framework.OAuth2Authentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    },
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from oauth2_provider.models import AccessToken, Application  # noqa: E402
from rest_framework.decorators import api_view  # noqa: E402
from rest_framework.response import Response  # noqa: E402

TOKENS = {
    "valid": "dot-7Hc2Lq9Wm4Rz8Tx1Vb6N",
    "expired": "dot-3Kp8Ys5Gd1Fj6Hn9Qw2E",
    "other_resource": "dot-9Vx4Bn7Mc2Zl5Kj8Hg3D",
}


@api_view(["GET"])
def me(request):
    return Response({"user": request.user.username})


def index(request):
    return HttpResponse("<!doctype html><html><head><meta charset=utf-8><title>DOT API</title></head><body><h1>DOT API</h1></body></html>")


urlpatterns = [path("", index), path("favicon.ico", lambda r: HttpResponse(status=204)), path("api/me/", me)]

if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    alice = User.objects.filter(username="alice").first() or User.objects.create_user("alice", password="wonderland")
    app = Application.objects.create(name="why401 spa", client_type=Application.CLIENT_PUBLIC,
                                     authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                                     redirect_uris="http://app.why401.test/cb", user=alice)
    now = timezone.now()
    AccessToken.objects.create(user=alice, application=app, token=TOKENS["valid"], scope="read", expires=now + timedelta(hours=1))
    AccessToken.objects.create(user=alice, application=app, token=TOKENS["expired"], scope="read", expires=now - timedelta(minutes=10))
    AccessToken.objects.create(user=alice, application=app, token=TOKENS["other_resource"], scope="read",
                               expires=now + timedelta(hours=1), resource=["https://billing.why401.test/"])
    from django.core.servers.basehttp import WSGIRequestHandler, run
    from django.core.wsgi import get_wsgi_application
    WSGIRequestHandler.log_message = lambda *a: None
    run("127.0.0.1", PORT, get_wsgi_application(), threading=True)
