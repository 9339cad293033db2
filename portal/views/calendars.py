"""iCalendar files: an intake (anyone may add it to a calendar) and a signed-in learner's enrollments."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from courses.staff import intake_calendar, learner_calendar
from portal import keys
from portal.sessions import signed_in_learner

CALENDAR = "text/calendar"


def _ics(text: str, name: str, cache: str) -> web.Response:
    return web.Response(
        text=text,
        content_type=CALENDAR,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.ics"', "Cache-Control": cache},
    )


def _portal_url(request: web.Request) -> str:
    return request.app[keys.SETTINGS].public_base


def _domain(request: web.Request) -> str:
    """The host of ``PUBLIC_URL``, which makes event UIDs unique to this portal."""
    return urlsplit(_portal_url(request)).hostname or "lifelong.local"


async def intake_ics(request: web.Request) -> web.Response:
    """One intake as an event, titled in the page's locale."""
    intake_id = int(request.match_info["intake"])
    text = await intake_calendar(
        intake_id,
        request[keys.LOCALE],
        portal_url=_portal_url(request),
        domain=_domain(request),
    )
    return _ics(text, f"intake-{intake_id}", "public, max-age=600")


async def my_calendar(request: web.Request) -> web.Response:
    """The signed-in learner's enrolled and completed intakes; others are sent to sign in."""
    learner_id = await signed_in_learner(request)
    if learner_id is None:
        signin = request.app.router["signin"].url_for(locale=request[keys.LOCALE])
        raise web.HTTPSeeOther(signin.with_query(next=request.rel_url.path_qs))
    text = await learner_calendar(
        learner_id,
        request[keys.LOCALE],
        portal_url=_portal_url(request),
        domain=_domain(request),
    )
    return _ics(text, "my-courses", "private, no-store")
