"""Cross-site request forgery protection for every cookie-authenticated POST.

A form carries the session's token in ``csrf_token`` (or a script in ``X-CSRF-Token``).
Routes authenticated by something other than the session cookie are exempt, listed here and
nowhere else: the Telegram webhook (a secret header), the JSON API (API keys) and the one-tap
unsubscribe links of mails (a secret key in the URL; mail clients post to them, RFC 8058).
"""

from __future__ import annotations

import hmac
import re

from aiohttp import web

from courses.settings import WEBHOOK_PATH
from courses.vocabulary import N_
from portal.errors import BadRequest
from portal.sessions import CSRF, get_session

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
EXEMPT_PREFIXES: tuple[str, ...] = (WEBHOOK_PATH, "/api/")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfRejected(web.HTTPForbidden):
    """A state-changing request without the session's token."""


# /<locale>/notify/stop/<key> and /<locale>/notify/reminders/<key>
UNSUBSCRIBE = re.compile(r"^/[^/]{2,30}/notify/(?:stop|reminders)/[^/]+$")


def is_exempt(path: str) -> bool:
    if UNSUBSCRIBE.match(path):
        return True
    return any(path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/")
               for prefix in EXEMPT_PREFIXES)


@web.middleware
async def csrf_middleware(request: web.Request, handler):
    """Refuse unsafe requests whose token does not match the session's (403)."""
    if request.method in SAFE_METHODS or is_exempt(request.path):
        return await handler(request)
    sent = request.headers.get(HEADER)
    if sent is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.post()
        except ValueError as exc:  # undecodable or malformed form body
            raise BadRequest(N_("The form could not be read. Please try again.")) from exc
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    session = await get_session(request)
    expected = session.get(CSRF)
    if not sent or not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        raise CsrfRejected()
    return await handler(request)
