"""BlackSheep 2 scenario server (PyPI), 127.0.0.1 only, served by uvicorn.
JWTBearerAuthentication (guardpost) with a shared secret, the documented
setup (use_authentication + use_authorization, @auth() on the route); the
API answers with BlackSheep's stock 401 (text/plain "Unauthorized").
Expected claims: iss https://login.idp.test/realms/why401, aud why401-api.
  /api/me   @auth(): any valid token
Run: python blacksheep_app.py PORT SECRET"""
import sys

import uvicorn
from blacksheep import Application, get, json, text
from blacksheep.server.authentication.jwt import JWTBearerAuthentication
from blacksheep.server.authorization import auth
from essentials.secrets import Secret

app = Application()
app.use_authentication().add(
    JWTBearerAuthentication(
        valid_audiences=["why401-api"],
        valid_issuers=["https://login.idp.test/realms/why401"],
        secret_key=Secret(sys.argv[2], direct_value=True),
    )
)
app.use_authorization()


@get("/")
async def index():
    return text("BlackSheep app")


@get("/favicon.ico")
async def favicon():
    return text("", status=204)


@auth()
@get("/api/me")
async def me(request):
    return json({"sub": request.user.claims.get("sub")})


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
