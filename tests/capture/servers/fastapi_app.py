"""FastAPI + PyJWT scenario server (PyPI), written the way FastAPI's security
tutorial does it (HTTPBearer / SecurityScopes, WWW-Authenticate: Bearer).
Run: python fastapi_app.py PORT"""
import os
import sys
from typing import Annotated

import jwt
import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Security
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

SECRET = os.environ.get("WHY401_SECRET", "why401-capture-secret-not-a-real-one")
AUDIENCE = "https://api.why401.test"
ISSUER = "https://idp.why401.test/"

app = FastAPI()
bearer = HTTPBearer()


def decode(token: str) -> dict:
    try:
        return jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
    except jwt.PyJWTError as e:
        # PyJWT's own message, e.g. "Signature has expired", "Invalid audience"
        raise HTTPException(status_code=401, detail=str(e), headers={"WWW-Authenticate": "Bearer"})


@app.get("/", response_class=HTMLResponse)
def index():
    return "<!doctype html><html><head><title>FastAPI app</title></head><body><h1>FastAPI app</h1></body></html>"


@app.get("/items")
def items(cred: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]):
    claims = decode(cred.credentials)
    return {"user": claims["sub"], "items": []}


def scoped_user(security_scopes: SecurityScopes,
                cred: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]):
    # as in FastAPI's "OAuth2 scopes" tutorial
    authenticate_value = f'Bearer scope="{security_scopes.scope_str}"'
    claims = decode(cred.credentials)
    token_scopes = claims.get("scope", "").split()
    for scope in security_scopes.scopes:
        if scope not in token_scopes:
            raise HTTPException(status_code=401, detail="Not enough permissions",
                                headers={"WWW-Authenticate": authenticate_value})
    return claims


@app.post("/items")
def create_item(user: Annotated[dict, Security(scoped_user, scopes=["items:write"])]):
    return {"created": True}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
