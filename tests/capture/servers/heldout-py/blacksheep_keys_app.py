"""BlackSheep 2 scenario server (PyPI), 127.0.0.1 only, served by uvicorn:
the built-in APIKeyAuthentication (X-API-Key header) and BasicAuthentication
handlers, the documented setup; stock 401 answers.
  /api/reports   @auth(): a valid X-API-Key, or Basic alice:wonderland
Run: python blacksheep_keys_app.py PORT"""
import sys

import uvicorn
from blacksheep import Application, get, json, text
from blacksheep.server.authentication.apikey import APIKey, APIKeyAuthentication
from blacksheep.server.authentication.basic import BasicAuthentication, BasicCredentials
from blacksheep.server.authorization import auth
from essentials.secrets import Secret

app = Application()
app.use_authentication().add(
    APIKeyAuthentication(APIKey(secret=Secret("bsk_live_4fR8tW2xQ9mZ7pL1vN6c", direct_value=True)), param_name="X-API-Key")
).add(
    BasicAuthentication(BasicCredentials("alice", Secret("wonderland", direct_value=True)))
)
app.use_authorization()


@get("/")
async def index():
    return text("BlackSheep reports")


@get("/favicon.ico")
async def favicon():
    return text("", status=204)


@auth()
@get("/api/reports")
async def reports(request):
    return json({"reports": []})


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
