"""The elder-friendly display mode: one tap switches it on or off, and it is remembered."""

from __future__ import annotations

from aiohttp import web

from portal import keys
from portal.layout import ELDER_COOKIE
from portal.locales import YEAR
from portal.navigation import safe_next


async def toggle(request: web.Request) -> web.Response:
    """Switch the mode (``?elder=1`` or ``0``) and go back to the page the learner was on."""
    elder = request.query.get("elder") == "1"
    target = safe_next(request, request.query.get("next"))
    response = web.HTTPSeeOther(target)
    response.set_cookie(ELDER_COOKIE, "1" if elder else "0", max_age=YEAR, path="/", samesite="Lax",
                        httponly=True, secure=request.app[keys.SETTINGS].production or None)
    response.headers["Cache-Control"] = "no-store"
    raise response
