"""FastAPI + fastapi-users 15 scenario server (PyPI), 127.0.0.1 only, the
documented setup (SQLAlchemy user table on SQLite, JWTStrategy): two
backends, CookieTransport (`fastapiusersauth`, a session cookie) and
BearerTransport, both with JWTs living 2 s. Answers are fastapi-users' own
({"detail":"Unauthorized"}, no WWW-Authenticate).
  POST /auth/cookie/login, /auth/jwt/login   form username/password
  GET  /users/me          current_user(active=True) via cookie or bearer
  GET  /restart           a new random JWT secret (a restart with an
                          unpersisted secret)
Run: python fastapi_users_app.py PORT DBFILE"""
import asyncio
import contextlib
import os
import secrets
import sys
import uuid

import uvicorn
from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi_users import BaseUserManager, FastAPIUsers, UUIDIDMixin, schemas
from fastapi_users.authentication import AuthenticationBackend, BearerTransport, CookieTransport, JWTStrategy
from fastapi_users.db import SQLAlchemyBaseUserTableUUID, SQLAlchemyUserDatabase
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

DB = sys.argv[2]
engine = create_async_engine(f"sqlite+aiosqlite:///{DB}")
Session = async_sessionmaker(engine, expire_on_commit=False)
STATE = {"secret": secrets.token_urlsafe(32)}


class Base(DeclarativeBase):
    pass


class User(SQLAlchemyBaseUserTableUUID, Base):
    pass


class UserRead(schemas.BaseUser[uuid.UUID]):
    pass


class UserCreate(schemas.BaseUserCreate):
    pass


async def get_session():
    async with Session() as s:
        yield s


async def get_user_db(session: AsyncSession = Depends(get_session)):
    yield SQLAlchemyUserDatabase(session, User)


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    reset_password_token_secret = "why401-reset-not-a-real-secret"
    verification_token_secret = "why401-verify-not-a-real-secret"


async def get_user_manager(user_db=Depends(get_user_db)):
    yield UserManager(user_db)


def get_jwt_strategy() -> JWTStrategy:
    return JWTStrategy(secret=STATE["secret"], lifetime_seconds=2)


cookie_backend = AuthenticationBackend(name="cookie", transport=CookieTransport(cookie_max_age=None, cookie_secure=False), get_strategy=get_jwt_strategy)
bearer_backend = AuthenticationBackend(name="jwt", transport=BearerTransport(tokenUrl="auth/jwt/login"), get_strategy=get_jwt_strategy)
fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [cookie_backend, bearer_backend])
current_active_user = fastapi_users.current_user(active=True)


@contextlib.asynccontextmanager
async def lifespan(app):
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with Session() as s:
        manager = UserManager(SQLAlchemyUserDatabase(s, User))
        await manager.create(UserCreate(email="alice@example.com", password="wonderland"))
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(fastapi_users.get_auth_router(cookie_backend), prefix="/auth/cookie")
app.include_router(fastapi_users.get_auth_router(bearer_backend), prefix="/auth/jwt")


@app.get("/", response_class=HTMLResponse)
async def index():
    return "<!doctype html><title>fastapi-users app</title><h1>fastapi-users app</h1>"


@app.get("/favicon.ico")
async def favicon():
    return Response(status_code=204)


@app.get("/restart", response_class=PlainTextResponse)
async def restart():
    STATE["secret"] = secrets.token_urlsafe(32)
    return "restarted"


@app.get("/users/me", response_model=UserRead)
async def me(user: User = Depends(current_active_user)):
    return user


if __name__ == "__main__":
    if os.path.exists(DB):
        os.remove(DB)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
