"""Short links and QR codes that partners print: ``/s/<code>`` and ``…/qr.svg`` of courses and partner pages,
and partners' logos.

A QR code encodes the short link (short links make small, robust codes); with ``?bot=1`` a
course's code opens the bot on that course instead, when the portal knows the bot.
"""

from __future__ import annotations

from aiohttp import web

from courses.partners import bot_start_link, partner_logo, qr_svg, resolve_short_link, share_path
from courses.vocabulary import plain_number
from portal import keys
from portal.layout import absolute

SVG_HEADERS = {"Cache-Control": "public, max-age=86400"}
DEFAULT_SCALE = 6


def _scale(request: web.Request) -> int:
    scale = plain_number(request.query.get("scale"), 2)
    return scale if scale is not None and 1 <= scale <= 20 else DEFAULT_SCALE


def _qr(request: web.Request, url: str, name: str) -> web.Response:
    headers = dict(SVG_HEADERS)
    if "download" in request.query:
        headers["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return web.Response(
        text=qr_svg(url, scale=_scale(request), title=url), content_type="image/svg+xml", headers=headers
    )


async def short_link(request: web.Request) -> web.Response:
    """Send a short link to the page it names, in the partner's language when it has a partner."""
    path = await resolve_short_link(request.match_info["code"], request.app[keys.SETTINGS].default_locale)
    raise web.HTTPFound(path, headers={"Cache-Control": "public, max-age=3600"})


async def course_qr(request: web.Request) -> web.Response:
    """A course's QR code: its short link (in ``?partner=<slug>``'s scope), or the bot with ``?bot=1``."""
    course_id = int(request.match_info["id"])
    if request.query.get("bot") == "1":
        bot = request.app[keys.BOT_USERNAME]
        if not bot:
            raise web.HTTPNotFound()
        await share_path(course_id=course_id)  # 404 for an unknown course
        return _qr(request, bot_start_link(bot, course_id), f"course-{course_id}-telegram")
    path = await share_path(partner_slug=request.query.get("partner") or None, course_id=course_id)
    return _qr(request, absolute(request, path), f"course-{course_id}")


async def partner_qr(request: web.Request) -> web.Response:
    """The QR code of a partner's page, opening in the partner's main language."""
    slug = request.match_info["slug"]
    return _qr(request, absolute(request, await share_path(partner_slug=slug)), f"partner-{slug}")


# A logo never runs anything, even opened on its own: no script, no fetch, a sandboxed document.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


async def partner_logo_file(request: web.Request) -> web.Response:
    """A partner's logo from the database; ``?v=<digest>`` names the version and is cached for a year."""
    logo = await partner_logo(request.match_info["slug"])
    current = request.query.get("v") == logo.digest
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable" if current else "public, max-age=300",
        "ETag": f'"{logo.digest}"',
        "Content-Security-Policy": LOGO_POLICY,
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("If-None-Match") == headers["ETag"]:
        return web.Response(status=304, headers=headers)
    return web.Response(body=logo.data, content_type=logo.content_type, headers=headers)
