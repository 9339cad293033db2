"""The home page: a search box, the three tracks with their course counts, courses starting soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiohttp import web

from courses.catalogue import list_courses, published_counts_by_track
from courses.filtering import CourseFilters
from courses.i18n import format_number
from courses.vocabulary import TRACK_LABELS
from portal import keys
from portal.cards import CourseCardView, course_card_view
from portal.layout import page_layout
from portal.rendering import render

SOON = timedelta(days=30)
SOON_COUNT = 6


@dataclass(frozen=True)
class TrackLink:
    track: str
    label: str  # msgid
    count: int
    count_text: str
    url: str


@dataclass(frozen=True)
class HomePage:
    tracks: list[TrackLink]
    soon: list[CourseCardView]


async def index(request: web.Request) -> web.Response:
    locale = request[keys.LOCALE]
    counts = await published_counts_by_track()
    now = datetime.now(UTC)
    soon = await list_courses(CourseFilters(starts_from=now, starts_until=now + SOON, open_seats=True),
                              locale, per_page=SOON_COUNT, now=now)
    courses_url = request.app.router["courses"].url_for(locale=locale)
    view = HomePage(
        tracks=[TrackLink(track.value, TRACK_LABELS[track], n, format_number(n, locale),
                          str(courses_url.with_query(track=track.value)))
                for track, n in counts.items()],
        soon=[course_card_view(request, card) for card in soon.items],
    )
    return render(request, "home/index.html", {"layout": await page_layout(request), "view": view})
