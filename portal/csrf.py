"""Cross-site request forgery protection for every cookie-authenticated POST.

A form carries a token in ``csrf_token`` (or a script in ``X-CSRF-Token``). A signed-in
session keeps its own random token on the server. An anonymous visitor (the sign-in and
sign-up forms) gets a stateless one instead: an HMAC under ``SECRET_KEY`` of a random value
in the visitor's ``csrf`` cookie and an expiry, so showing a form stores nothing anywhere.
Routes authenticated by something other than the session cookie are exempt, listed here and
nowhere else: the Telegram webhook (a secret header), the JSON API (API keys) and the one-tap
unsubscribe links of mails (a secret key in the URL; mail clients post to them, RFC 8058).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time

from aiohttp import web

from courses.settings import WEBHOOK_PATH
from courses.vocabulary import N_
from portal import keys
from portal.errors import BadRequest
from portal.sessions import COOKIE_NAME, CSRF, SESSION, get_session

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
EXEMPT_PREFIXES: tuple[str, ...] = (WEBHOOK_PATH, "/api/")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ANONYMOUS_COOKIE = "csrf"
# Long enough to fill in a form after a coffee, short enough that a leaked token soon dies.
ANONYMOUS_TTL = 2 * 3600
# The visitor's random cookie value, when the page being rendered has just chosen it.
NEW_COOKIE = web.RequestKey("csrf_cookie", str)
# Set when the page being rendered carries an anonymous token (bound to this visitor's cookie).
ANONYMOUS_PAGE = web.RequestKey("csrf_anonymous_page", bool)
# Settings built without load_settings (which always supplies a key) sign with a per-process key.
_PROCESS_KEY = secrets.token_urlsafe(32)


class CsrfRejected(web.HTTPForbidden):
    """A state-changing request without a valid token."""


# /<locale>/notify/stop/<key> and /<locale>/notify/reminders/<key>
UNSUBSCRIBE = re.compile(r"^/[^/]{2,30}/notify/(?:stop|reminders)/[^/]+$")


def is_exempt(path: str) -> bool:
    if UNSUBSCRIBE.match(path):
        return True
    return any(path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/")
               for prefix in EXEMPT_PREFIXES)


def _signature(secret: str, cookie: str, expires: int) -> str:
    # A key of its own, so that a CSRF signature can never pass for another token signed with SECRET_KEY.
    key = hashlib.sha256(b"csrf\0" + secret.encode()).digest()
    digest = hmac.new(key, f"{cookie}.{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def anonymous_token(secret: str, cookie: str, now: float) -> str:
    """A token valid for ``ANONYMOUS_TTL`` seconds, only alongside the cookie value ``cookie``."""
    expires = int(now) + ANONYMOUS_TTL
    return f"{expires}.{_signature(secret, cookie, expires)}"


def anonymous_token_valid(secret: str, cookie: str | None, token: str, now: float) -> bool:
    """True when ``token`` was made by :func:`anonymous_token` for ``cookie`` and has not expired."""
    expires, _, signature = token.partition(".")
    if not cookie or not expires.isdigit() or len(expires) > 12:
        return False
    if not now < int(expires) <= now + ANONYMOUS_TTL:
        return False
    return hmac.compare_digest(signature, _signature(secret, cookie, int(expires)))


def _secret(request: web.Request) -> str:
    return request.app[keys.SETTINGS].secret_key or _PROCESS_KEY


def _visitor_cookie(request: web.Request) -> str | None:
    value = request.get(NEW_COOKIE) or request.cookies.get(ANONYMOUS_COOKIE)
    # Values we issue are 22 URL-safe characters; anything else is replaced.
    return value if value and len(value) == 22 and value.replace("-", "").replace("_", "").isalnum() else None


async def _session_token(request: web.Request) -> str | None:
    if COOKIE_NAME not in request.cookies and request.get(SESSION) is None:
        return None  # no session: loading one would only make an empty one
    token = (await get_session(request)).get(CSRF)
    return token if isinstance(token, str) else None


async def csrf_token(request: web.Request) -> str:
    """The token for the page's forms: the session's when signed in, else a signed anonymous one."""
    token = await _session_token(request)
    if token is not None:
        return token
    cookie = _visitor_cookie(request)
    if cookie is None:
        cookie = secrets.token_urlsafe(16)
        request[NEW_COOKIE] = cookie
    request[ANONYMOUS_PAGE] = True
    return anonymous_token(_secret(request), cookie, time.time())


@web.middleware
async def csrf_middleware(request: web.Request, handler):
    """Refuse unsafe requests without a valid token (403); hand a new visitor its ``csrf`` cookie."""
    if request.method not in SAFE_METHODS and not is_exempt(request.path):
        await _check(request)
    response = await handler(request)
    if not request.get(ANONYMOUS_PAGE) or response.prepared:
        return response
    cookie = request.get(NEW_COOKIE)
    if cookie is not None:
        response.set_cookie(ANONYMOUS_COOKIE, cookie, max_age=ANONYMOUS_TTL, path="/", httponly=True,
                            samesite="Lax", secure=request.app[keys.SETTINGS].production or None)
    # The page holds a token for this visitor alone: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


async def _check(request: web.Request) -> None:
    sent = request.headers.get(HEADER)
    if sent is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.post()
        except ValueError as exc:  # undecodable or malformed form body
            raise BadRequest(N_("The form could not be read. Please try again.")) from exc
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not sent:
        raise CsrfRejected()
    expected = await _session_token(request)
    if expected is not None:
        # A signed-in session accepts only its own token: an anonymous one is bound to a cookie
        # that a sibling site could plant.
        if not hmac.compare_digest(sent, expected):
            raise CsrfRejected()
    elif not anonymous_token_valid(_secret(request), request.cookies.get(ANONYMOUS_COOKIE), sent, time.time()):
        raise CsrfRejected()
