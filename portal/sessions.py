"""Sessions kept on the server (the database, or Redis when REDIS_URL is set) behind an HttpOnly cookie.

The cookie holds only a random key. Signing in starts a session under a new key (the old
one is forgotten, so a key planted before sign-in is worthless); signing out deletes it.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from aiohttp import web
from aiohttp_session import AbstractStorage, Session

from courses.learners import (
    forget_learner_sessions,
    forget_session,
    load_session,
    purge_expired_sessions,
    session_epoch,
    store_session,
)
from portal import keys

COOKIE_NAME = "session"
MAX_AGE = 14 * 24 * 3600
LEARNER = "learner_id"
LEARNER_NAME = "learner_name"
LEARNER_ZONE = "learner_zone"
LEARNER_EPOCH = "learner_epoch"
EPOCH_CHECKED: web.RequestKey[bool] = web.RequestKey("epoch_checked")  # compared once a request
CSRF = "csrf"


# aiohttp-session's own middleware keeps the session under string request keys, which aiohttp
# warns about; these typed keys and the small middleware below do the same job.
SESSION: web.RequestKey[Session] = web.RequestKey("session")


class SessionBackend(Protocol):
    async def load(self, key: str) -> dict | None: ...
    async def store(self, key: str, data: dict, max_age: int) -> None: ...
    async def forget(self, key: str) -> None: ...
    async def forget_learner(self, learner_id: int) -> None: ...


class DatabaseSessions:
    """Sessions in the ``web_session`` table."""

    async def load(self, key: str) -> dict | None:
        return await load_session(key, datetime.now(UTC))

    async def store(self, key: str, data: dict, max_age: int) -> None:
        await store_session(key, data, datetime.now(UTC) + timedelta(seconds=max_age))

    async def forget(self, key: str) -> None:
        await forget_session(key)

    async def forget_learner(self, learner_id: int) -> None:
        await forget_learner_sessions(learner_id)

    async def purge(self) -> int:
        return await purge_expired_sessions(datetime.now(UTC))


class RedisSessions:
    """Sessions in Redis, expiring by themselves."""

    PREFIX = "portal:session:"
    # The keys of each learner's sessions, so that deleting an account can end them all.
    LEARNER_PREFIX = "portal:learner-sessions:"

    def __init__(self, redis: Any) -> None:
        self._redis = redis

    async def load(self, key: str) -> dict | None:
        raw = await self._redis.get(self.PREFIX + key)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    async def store(self, key: str, data: dict, max_age: int) -> None:
        await self._redis.set(self.PREFIX + key, json.dumps(data, separators=(",", ":")), ex=max_age)
        learner_id = _learner_of(data)
        if learner_id is not None:
            index = f"{self.LEARNER_PREFIX}{learner_id}"
            await self._redis.sadd(index, key)
            await self._redis.expire(index, max_age)  # outlives, or dies with, its newest session

    async def forget(self, key: str) -> None:
        await self._redis.delete(self.PREFIX + key)

    async def forget_learner(self, learner_id: int) -> None:
        index = f"{self.LEARNER_PREFIX}{learner_id}"
        members = await self._redis.smembers(index)
        keys = [self.PREFIX + (m.decode() if isinstance(m, bytes) else m) for m in members]
        await self._redis.delete(index, *keys)


def _learner_of(data: dict) -> int | None:
    inner = data.get("session")
    learner_id = inner.get(LEARNER) if isinstance(inner, dict) else None
    return learner_id if isinstance(learner_id, int) else None


class ServerSideStorage(AbstractStorage):
    """aiohttp-session storage whose cookie is a key into a server-side backend."""

    def __init__(self, backend: SessionBackend, *, secure: bool) -> None:
        super().__init__(cookie_name=COOKIE_NAME, max_age=MAX_AGE, httponly=True, samesite="Lax",
                         secure=secure or None, path="/")
        self.backend = backend

    async def load_session(self, request: web.Request) -> Session:
        key = self.load_cookie(request)
        # Keys we issue are 43 URL-safe characters; anything else is not worth a lookup.
        if key and 20 <= len(key) <= 64:
            data = await self.backend.load(key)
            if data is not None:
                return Session(key, data=data, new=False, max_age=self.max_age)
        return Session(None, data=None, new=True, max_age=self.max_age)

    async def save_session(self, request: web.Request, response: web.StreamResponse,
                           session: Session) -> None:
        key = session.identity
        if session.empty:
            if key is not None:
                await self.backend.forget(key)
            if self.load_cookie(request) is not None:
                self.save_cookie(response, "", max_age=session.max_age)
            return
        if key is None:
            key = secrets.token_urlsafe(32)
            session.set_new_identity(key)
        await self.backend.store(key, self._get_session_data(session), session.max_age or MAX_AGE)
        self.save_cookie(response, key, max_age=session.max_age)


def session_middleware(storage: ServerSideStorage):
    """Load the session lazily (on first :func:`get_session`) and save it if it changed."""

    @web.middleware
    async def middleware(request: web.Request, handler):
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            await _save(request, exc, storage)
            raise
        await _save(request, response, storage)
        return response

    return middleware


async def _save(request: web.Request, response: web.StreamResponse, storage: ServerSideStorage) -> None:
    session = request.get(SESSION)
    if session is None or response.prepared:
        return
    if not session.empty:
        # Only signed-in people have sessions: what they see is theirs, and no cache (a shared
        # computer's browser, a proxy) may keep it.
        response.headers["Cache-Control"] = "no-store"
    if session._changed:
        await storage.save_session(request, response, session)


async def get_session(request: web.Request) -> Session:
    """The request's session, loaded from the storage once."""
    session = request.get(SESSION)
    if session is None:
        session = await request.app[keys.SESSION_STORAGE].load_session(request)
        request[SESSION] = session
    return session


async def new_session(request: web.Request) -> Session:
    session = await request.app[keys.SESSION_STORAGE].new_session()
    request[SESSION] = session
    return session


async def fresh_session(request: web.Request) -> Session:
    """A brand-new session (new key, new CSRF token) for someone signing in; the previous one is ended,
    so that a key known before the sign-in opens nothing after it."""
    old = await get_session(request)
    if old.identity is not None:
        await request.app[keys.SESSION_STORAGE].backend.forget(old.identity)
    session = await new_session(request)
    session[CSRF] = secrets.token_urlsafe(32)
    return session


async def start_session(request: web.Request, learner_id: int, name: str, zone: str | None) -> Session:
    """Sign a learner in under a brand-new session key; the previous session is ended.

    The session remembers the learner's epoch: a password reset raises it, which ends this
    session wherever it is stored.
    """
    session = await fresh_session(request)
    session[LEARNER] = learner_id
    session[LEARNER_EPOCH] = await session_epoch(learner_id) or 0
    request[EPOCH_CHECKED] = True
    session[LEARNER_NAME] = name
    session[LEARNER_ZONE] = zone
    return session


async def end_learner_sessions(request: web.Request, learner_id: int) -> None:
    """End every session of the learner, on every device (their account is gone)."""
    await request.app[keys.SESSION_STORAGE].backend.forget_learner(learner_id)
    await end_session(request)


async def end_session(request: web.Request) -> None:
    """Sign out: the session is deleted on the server and its cookie removed."""
    session = await get_session(request)
    session.invalidate()


async def signed_in_learner(request: web.Request) -> int | None:
    """The id of the signed-in learner, or None (no session is created for anonymous visitors)."""
    if COOKIE_NAME not in request.cookies:
        return None
    session = await get_session(request)
    learner_id = session.get(LEARNER)
    if not isinstance(learner_id, int):
        return None
    if not request.get(EPOCH_CHECKED):
        request[EPOCH_CHECKED] = True
        if await session_epoch(learner_id) != session.get(LEARNER_EPOCH, 0):
            session.invalidate()  # the password was reset since this session signed in
            return None
    return learner_id


async def signed_in_name(request: web.Request) -> str | None:
    if COOKIE_NAME not in request.cookies:
        return None
    session = await get_session(request)
    return session.get(LEARNER_NAME) if session.get(LEARNER) else None


async def learner_zone(request: web.Request) -> str | None:
    """The signed-in learner's time zone (IANA), if they chose one."""
    if COOKIE_NAME not in request.cookies:
        return None
    zone = (await get_session(request)).get(LEARNER_ZONE)
    return zone if isinstance(zone, str) else None
