"""The home page: a search box, the three tracks with their course counts, the way into elder
education, courses starting soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiohttp import web

from courses.catalogue import list_bases, list_courses, published_counts_by_track
from courses.filtering import BaseFilters, CourseFilters
from courses.i18n import format_number
from courses.vocabulary import MAJOR_CATEGORIES, TRACK_LABELS, Audience, BaseKind
from portal import keys
from portal.cards import CourseCardView, course_card_view
from portal.layout import page_layout
from portal.pictograms import category_icon
from portal.rendering import render

SOON = timedelta(days=30)
SOON_COUNT = 6
# The action plan's elder education (二(三)9): elder universities and community education bases.
ELDER_KINDS = (BaseKind.ELDER_UNIVERSITY, BaseKind.COMMUNITY_EDUCATION)


@dataclass(frozen=True)
class TrackLink:
    track: str
    label: str  # msgid
    count: int
    count_text: str
    url: str


@dataclass(frozen=True)
class FieldLink:
    label: str  # msgid
    icon: str | None
    url: str


@dataclass(frozen=True)
class ElderTile:
    """The home page's way into elder education; ``centres_url`` is also where "near me" adds the
    learner's position, so the centres then come nearest first."""

    courses: int
    courses_text: str
    courses_url: str
    centres: int
    centres_text: str
    centres_url: str


@dataclass(frozen=True)
class HomePage:
    tracks: list[TrackLink]
    elder: ElderTile
    fields: list[FieldLink]  # the 19 major categories
    soon: list[CourseCardView]


async def elder_tile(request: web.Request, now: datetime) -> ElderTile:
    locale = request[keys.LOCALE]
    router = request.app.router
    courses = await list_courses(CourseFilters(audiences=(Audience.OLDER_ADULTS,)), locale, per_page=1, now=now)
    centres = await list_bases(BaseFilters(kinds=ELDER_KINDS), locale, per_page=1)
    return ElderTile(
        courses=courses.total,
        courses_text=format_number(courses.total, locale),
        courses_url=str(router["courses"].url_for(locale=locale).with_query(audience=Audience.OLDER_ADULTS.value)),
        centres=centres.total,
        centres_text=format_number(centres.total, locale),
        centres_url=str(router["bases"].url_for(locale=locale).with_query([("kind", k.value) for k in ELDER_KINDS])),
    )


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
        elder=await elder_tile(request, now),
        fields=[FieldLink(label, category_icon(code), str(courses_url.with_query(category=str(code))))
                for code, label in MAJOR_CATEGORIES.items()],
        soon=[course_card_view(request, card) for card in soon.items],
    )
    return render(request, "home/index.html", {"layout": await page_layout(request), "view": view})
