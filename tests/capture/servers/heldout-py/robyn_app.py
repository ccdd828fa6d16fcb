"""Robyn scenario server (PyPI, Rust runtime), 127.0.0.1 only. Robyn's own
authentication: app.configure_authentication() with an AuthenticationHandler
over BearerGetter, as its docs show; the handler decodes the JWT with PyJWT
(iss/aud checked) and returns None on any failure, so Robyn answers its
stock unauthorized_response: "Unauthorized", WWW-Authenticate: BearerGetter
(the token getter's class name is the scheme Robyn puts in the challenge).
  /api/me   auth_required=True
Run: python robyn_app.py PORT SECRET"""
import sys

import jwt
from robyn import Robyn
from robyn.authentication import AuthenticationHandler, BearerGetter
from robyn.robyn import Identity

SECRET = sys.argv[2]
app = Robyn(__file__)


class JWTHandler(AuthenticationHandler):
    def authenticate(self, request):
        token = self.token_getter.get_token(request)
        if token is None:
            return None
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="why401-api", issuer="https://login.idp.test/realms/why401")
        except jwt.PyJWTError:
            return None
        return Identity(claims={"sub": claims["sub"]})


app.configure_authentication(JWTHandler(token_getter=BearerGetter()))


@app.get("/")
def index():
    return "Robyn app"


@app.get("/favicon.ico")
def favicon():
    return ""


@app.get("/api/me", auth_required=True)
def me(request):
    return {"sub": request.identity.claims["sub"]}


if __name__ == "__main__":
    app.start(host="127.0.0.1", port=int(sys.argv[1]))
