"""Tornado 6 scenario server (PyPI), 127.0.0.1 only.
  /login      sets Tornado's signed cookie `user` (set_signed_cookie)
  /api/me     get_current_user from the signed cookie; none -> HTTPError(401),
              Tornado's stock error page, no WWW-Authenticate
  /restart    a new random cookie_secret, as a restart with an unpersisted
              secret does: every cookie signed before no longer verifies
  /api/orders `access_token` in the query string; unknown -> CouchDB-style
              JSON {"error","reason"}
Run: python tornado_app.py PORT"""
import asyncio
import secrets
import sys

import tornado.web

TOKENS = {"at_live_8Hq2ZrT5wXc9VbN3mK7p"}
PAGE = "<!doctype html><html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}</h1></body></html>"


class Base(tornado.web.RequestHandler):
    def get_current_user(self):
        return self.get_signed_cookie("user")


class Index(Base):
    def get(self):
        self.write(PAGE.format("Tornado app"))


class Favicon(Base):
    def get(self):
        self.set_status(204)


class Login(Base):
    def get(self):
        self.set_signed_cookie("user", "alice", httponly=True, samesite="Lax")
        self.write(PAGE.format("signed in"))


class Me(Base):
    def get(self):
        if not self.current_user:
            raise tornado.web.HTTPError(401)
        self.write({"user": self.current_user.decode()})


class Restart(Base):
    def get(self):
        self.application.settings["cookie_secret"] = secrets.token_urlsafe(32)
        self.set_status(204)


class Orders(Base):
    def get(self):
        if self.get_query_argument("access_token", None) not in TOKENS:
            self.set_status(401)
            self.write({"error": "unauthorized", "reason": "The access token is invalid or has been revoked."})
            return
        self.write({"orders": []})


async def main():
    app = tornado.web.Application([("/", Index), ("/favicon.ico", Favicon), ("/login", Login), ("/api/me", Me),
                                   ("/restart", Restart), ("/api/orders", Orders)],
                                  cookie_secret=secrets.token_urlsafe(32))
    app.listen(int(sys.argv[1]), address="127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
