"""Litestar 2 JWTAuth scenario server (PyPI), 127.0.0.1 only, with Litestar's
ProblemDetailsPlugin so every HTTP error is RFC 9457 application/problem+json.
The 401 details are Litestar's own ("No JWT token found in request header",
"Invalid token"); /api/reports has a scope guard. Run: python litestar_app.py PORT"""
import os
import sys

import uvicorn
from litestar import Litestar, MediaType, Request, get
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsPlugin
from litestar.security.jwt import JWTAuth, Token

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")


async def retrieve_user(token: Token, connection: ASGIConnection) -> dict:
    return {"sub": token.sub}


jwt_auth = JWTAuth[dict](
    retrieve_user_handler=retrieve_user,
    token_secret=SECRET,
    accepted_issuers=["https://login.idp.test/realms/why401"],
    accepted_audiences=["why401-api"],
    exclude=["^/$", "^/favicon.ico$", "^/schema"],
)


@get("/", media_type=MediaType.HTML)
async def index() -> str:
    return "<!doctype html><html><head><meta charset=utf-8><title>Litestar app</title></head><body><h1>Litestar app</h1></body></html>"


@get("/favicon.ico", status_code=204)
async def favicon() -> None:
    return None


def require_scope(scope: str):
    """A Litestar guard (the pattern of Litestar's guard docs): 401 when the token lacks a scope."""
    def guard(connection: ASGIConnection, _) -> None:
        if scope not in str(connection.auth.extras.get("scope", "")).split():
            raise NotAuthorizedException(f"Token lacks the required scope '{scope}'")
    return guard


@get("/api/reports", guards=[require_scope("reports:write")])
async def reports() -> dict:
    return {"reports": []}


@get("/api/me")
async def me(request: Request) -> dict:
    return {"user": request.user["sub"]}


app = Litestar(route_handlers=[index, favicon, me, reports], on_app_init=[jwt_auth.on_app_init],
               plugins=[ProblemDetailsPlugin(ProblemDetailsConfig(enable_for_all_http_exceptions=True))])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
