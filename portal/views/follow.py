""""Notify me" on a course, and the one-tap links that end a watch or the reminders."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from courses.catalogue import get_courses
from courses.learners import get_learner
from courses.notifications import stop_reminders, stop_watch, watch_course, watching
from courses.vocabulary import N_
from portal import keys
from portal.cards import Text, text
from portal.csrf import csrf_token
from portal.forms import form_text, read_form
from portal.layout import page_layout
from portal.rendering import render
from portal.views.account import require_learner


def _course_id(request: web.Request) -> int:
    return int(request.match_info["id"])


@dataclass(frozen=True)
class WatchPage:
    title: Text | None
    course_url: str
    watching: bool
    email: str | None
    csrf_token: str
    message: str | None  # msgid
    action: str


async def watch_page(request: web.Request) -> web.Response:
    """Whether I am told about this course, with the button that changes it."""
    learner_id = await require_learner(request)
    locale = request[keys.LOCALE]
    course_id = _course_id(request)
    cards = await get_courses([course_id], locale)
    if not cards:
        raise web.HTTPNotFound()
    message = {"on": N_("Done: we will tell you when an intake opens or a seat frees up."),
               "off": N_("You will not be told about this course any more.")}.get(request.query.get("done", ""))
    view = WatchPage(text(cards[0].title, locale),
                     str(request.app.router["course"].url_for(locale=locale, id=str(course_id))),
                     await watching(learner_id, course_id), (await get_learner(learner_id)).email,
                     await csrf_token(request), message, request.path)
    return render(request, "courses/notify.html", {"layout": await page_layout(request), "view": view})


async def watch(request: web.Request) -> web.Response:
    learner_id = await require_learner(request)
    course_id = _course_id(request)
    form = await read_form(request)
    if form_text(form, "on", 1) == "1":
        await watch_course(learner_id, course_id)
        done = "on"
    else:
        await stop_watch(learner_id=learner_id, course_id=course_id)
        done = "off"
    url = request.app.router["watch_course"].url_for(locale=request[keys.LOCALE], id=str(course_id))
    raise web.HTTPSeeOther(url.with_query(done=done))


@dataclass(frozen=True)
class StopPage:
    action: str
    done: bool
    reminders: bool


async def stop_form(request: web.Request) -> web.Response:
    """A button, not an action: mail scanners open links, and must not unsubscribe anyone."""
    view = StopPage(request.path, False, "/notify/reminders/" in request.path)
    return render(request, "courses/notify_stop.html", {"layout": await page_layout(request), "view": view})


async def stop(request: web.Request) -> web.Response:
    """End the watch or the reminders the link's key names (also the mail client's one-click POST)."""
    key = request.match_info["key"]
    reminders = "/notify/reminders/" in request.path
    if reminders:
        await stop_reminders(request.app[keys.SETTINGS].secret_key or "", key)
    else:
        await stop_watch(key)
    view = StopPage(request.path, True, reminders)
    return render(request, "courses/notify_stop.html", {"layout": await page_layout(request), "view": view})
