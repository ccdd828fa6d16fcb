"""FastAPI + AuthX 1.7 scenario server (PyPI), 127.0.0.1 only, the documented
setup: AuthXConfig (HS256, tokens in headers), auth.handle_errors(app) for
AuthX's own JSON errors ({"message", "error_type"}), a token blocklist
(set_callback_token_blocklist) filled at logout. AuthX answers decode failures
(expired, bad signature, wrong audience) with 422, so only its 401s are
captured here: missing token, revoked token, refresh token used as access
token.
  POST /login    -> {"access_token", "refresh_token"}
  POST /logout   (Bearer access) blocklists the token's jti
  GET  /api/me   auth.access_token_required
Run: python authx_app.py PORT SECRET"""
import sys

import uvicorn
from authx import AuthX, AuthXConfig, TokenPayload
from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse, Response

config = AuthXConfig(JWT_SECRET_KEY=sys.argv[2], JWT_ALGORITHM="HS256", JWT_TOKEN_LOCATION=["headers"])
auth = AuthX(config=config)
app = FastAPI()
auth.handle_errors(app)
BLOCKLIST = set()


@auth.set_callback_token_blocklist
def is_revoked(token: str, **kwargs) -> bool:
    return token in BLOCKLIST


@app.get("/", response_class=HTMLResponse)
async def index():
    return "<!doctype html><title>AuthX app</title><h1>AuthX app</h1>"


@app.get("/favicon.ico")
async def favicon():
    return Response(status_code=204)


@app.post("/login")
async def login():
    return {"access_token": auth.create_access_token(uid="alice"), "refresh_token": auth.create_refresh_token(uid="alice")}


@app.post("/logout")
async def logout(request_token=Depends(auth.get_access_token_from_request)):
    BLOCKLIST.add(request_token.token)
    return {"logged_out": True}


@app.get("/api/me", dependencies=[Depends(auth.access_token_required)])
async def me():
    return {"user": "alice"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
