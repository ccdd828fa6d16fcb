"""Connexion 3 scenario server (PyPI, AsyncApp on uvicorn), 127.0.0.1 only.
Connexion's own security checks answer RFC 9457 application/problem+json.
  /api/reports   apiKey in the `Ocp-Apim-Subscription-Key` header
  /api/invoices  apiKey in the `api_key` query parameter
Run: python connexion_app.py PORT"""
import sys

import connexion
import uvicorn
from starlette.responses import HTMLResponse, Response

KEYS = {"0f8e7d6c5b4a39281706f5e4d3c2b1a0", "sk_invoices_Qw7Ty2Ui9Op4"}


def check_key(key, required_scopes=None):
    return {"sub": "reports-client"} if key in KEYS else None


def reports():
    return {"reports": []}


def invoices():
    return {"invoices": []}


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "why401 reports", "version": "1.0"},
    "components": {"securitySchemes": {
        "subscriptionKey": {"type": "apiKey", "in": "header", "name": "Ocp-Apim-Subscription-Key",
                            "x-apikeyInfoFunc": "connexion_app.check_key"},
        "queryKey": {"type": "apiKey", "in": "query", "name": "api_key", "x-apikeyInfoFunc": "connexion_app.check_key"},
    }},
    "paths": {
        "/api/reports": {"get": {"operationId": "connexion_app.reports", "security": [{"subscriptionKey": []}],
                                 "responses": {"200": {"description": "ok"}}}},
        "/api/invoices": {"get": {"operationId": "connexion_app.invoices", "security": [{"queryKey": []}],
                                  "responses": {"200": {"description": "ok"}}}},
    },
}

app = connexion.AsyncApp(__name__)
app.add_api(SPEC)
app.add_url_rule("/", "index", lambda request: HTMLResponse(
    "<!doctype html><html><head><meta charset=utf-8><title>Connexion app</title></head><body><h1>Connexion app</h1></body></html>"))
app.add_url_rule("/favicon.ico", "favicon", lambda request: Response(status_code=204))

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
