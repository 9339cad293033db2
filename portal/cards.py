"""View models of catalogue items as pages show them: localized texts with their real language, labels
as message ids, and dates, numbers and prices already formatted for the page's locale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from gettext import NullTranslations

from aiohttp import web

from courses.catalogue import BaseCard, CourseCard, IntakeView, held_outside
from courses.i18n import (
    LocalizedText,
    country_name,
    display_name,
    format_day,
    format_items,
    format_moment,
    format_money,
    format_number,
    place_line,
    plural_count,
    translations,
)
from courses.vocabulary import labels
from portal import keys
from portal.pictograms import SPRITE, category_icon, kind_icon


@dataclass(frozen=True)
class Text:
    """A catalogue text; ``lang`` is set when it is not in the page's language (a fallback), and
    ``language`` then names that language in the page's language, for the note pages show."""

    text: str
    lang: str | None
    converted: bool = False
    language: str | None = None


def text(value: LocalizedText | None, page_locale: str) -> Text | None:
    if value is None:
        return None
    if value.locale == page_locale:
        return Text(value.text, None, value.converted)
    return Text(value.text, value.locale, value.converted, display_name(value.locale, page_locale))


@dataclass(frozen=True)
class CardWords:
    """What a course card says, already in the page's language: a list page renders twenty cards, and
    translating here, in Python, costs a fraction of doing it in the template's calls."""

    title_note: str | None  # the title is in another language, or converted from Simplified Chinese
    badge: str  # the level, or the track when there is no level
    track: str
    category: str
    icon_href: str | None  # the category's symbol in the icon sprite, as a URL
    delivery: str
    next_start: str | None
    seats: str | None  # of the intake at next_start
    price: str  # the tuition, or "Free"
    credits: str
    hours: str
    hsk: str | None


@dataclass(frozen=True)
class CourseCardView:
    id: int
    url: str
    title: Text
    summary: Text | None
    provider: Text | None
    track: str  # msgid
    level: str | None  # msgid
    category: str  # msgid
    icon: str | None  # the category's symbol in the icon sprite
    delivery: str  # msgid
    hours: str
    credits: str
    credits_count: int  # what ngettext chooses the plural form of "{n} credits" by
    price: str | None  # None = free
    languages: list[str]
    countries: list[str]
    hsk_level: int | None
    next_start: str | None
    has_open_seats: bool
    # Seats of the intake at next_start, as a fact of the catalogue (never of the reader): None means
    # no seat limit; only meaningful with next_start.
    seats_left: int | None
    seats_left_text: str | None
    words: CardWords


def _title_note(title: Text, gettext: Callable[[str], str]) -> str | None:
    if title.lang:
        return gettext("in {language}").format(language=title.language)
    if title.converted:
        return gettext("converted automatically from Simplified Chinese")
    return None


def _seats(seats_left: int | None, seats_text: str | None, catalogue: NullTranslations) -> str:
    if seats_left is None:
        return catalogue.gettext("No seat limit")
    if seats_left == 0:
        return catalogue.gettext("Full: waitlist open")
    return catalogue.ngettext("{num} seat left", "{num} seats left", seats_left).format(num=seats_text)


def course_card_view(request: web.Request, card: CourseCard) -> CourseCardView:
    locale = request[keys.LOCALE]
    catalogue = translations(locale)
    gettext = catalogue.gettext
    title = text(card.title, locale) or Text(str(card.id), None)
    track = labels.TRACK[card.track]
    level = labels.LEVEL[card.level] if card.level else None
    category = labels.CATEGORY.get(card.major_category, str(card.major_category))
    icon = category_icon(card.major_category)
    delivery = labels.DELIVERY[card.delivery]
    hours = format_number(card.hours, locale)
    credits = format_number(card.credits, locale)
    credits_count = plural_count(card.credits, locale)
    price = format_money(card.tuition, card.currency, locale) if card.tuition else None
    next_start = format_day(card.next_start, None, locale) if card.next_start else None
    seats_text = format_number(card.next_seats_left, locale) if card.next_seats_left is not None else None
    words = CardWords(
        title_note=_title_note(title, gettext),
        badge=gettext(level or track),
        track=gettext(track),
        category=gettext(category),
        icon_href=f"{request.app[keys.ASSETS].url(SPRITE)}#{icon}" if icon else None,
        delivery=gettext(delivery),
        next_start=gettext("Next start: {date}").format(date=next_start) if next_start else None,
        seats=_seats(card.next_seats_left, seats_text, catalogue) if next_start else None,
        price=price or gettext("Free"),
        credits=catalogue.ngettext("{num} credit", "{num} credits", credits_count).format(num=credits),
        hours=gettext("{hours} h").format(hours=hours),
        hsk=gettext("HSK {level}").format(level=card.hsk_level) if card.hsk_level else None,
    )
    return CourseCardView(
        id=card.id,
        url=str(request.app.router["course"].url_for(locale=locale, id=str(card.id))),
        title=title,
        summary=text(card.summary, locale),
        provider=text(card.provider_name, locale),
        track=track,
        level=level,
        category=category,
        icon=icon,
        delivery=delivery,
        hours=hours,
        credits=credits,
        credits_count=credits_count,
        price=price,
        languages=[display_name(tag, locale) for tag in card.languages],
        countries=[country_name(code, locale) for code in card.countries],
        hsk_level=card.hsk_level,
        next_start=next_start,
        has_open_seats=card.has_open_seats,
        seats_left=card.next_seats_left,
        seats_left_text=seats_text,
        words=words,
    )


@dataclass(frozen=True)
class Elsewhere:
    """An intake held outside the reader's country: where it is, and the reader's country, both named."""

    place: str
    country: str


def elsewhere(intake: IntakeView, reader_country: str | None, locale: str) -> Elsewhere | None:
    """Where the intake is, when it meets outside ``reader_country`` (None: not outside, or no reader)."""
    if reader_country is None or not held_outside(intake, reader_country):
        return None
    return Elsewhere(place_line(intake.base_city, intake.base_province, intake.base_country, locale),
                     country_name(reader_country, locale))


@dataclass(frozen=True)
class IntakeRow:
    id: int
    starts: str  # in the intake's time zone
    starts_for_learner: str | None  # in the learner's, when it differs
    ends: str | None
    deadline: str | None
    place: Text | None
    place_url: str | None
    seats_left: int | None  # None = unlimited
    seats_left_text: str | None
    waitlist: int
    waitlist_text: str
    full: bool
    open: bool
    enroll_url: str
    course: Text | None
    course_url: str
    elsewhere: Elsewhere | None = None


def intake_row(request: web.Request, intake: IntakeView, learner_zone: str | None,
               reader_country: str | None = None, partner: str | None = None) -> IntakeRow:
    """An intake as a list shows it; ``partner`` (a slug) rides on the enroll link so the
    confirmation step knows the reader's country too."""
    locale = request[keys.LOCALE]
    router = request.app.router
    query = {"intake": str(intake.id), **({"partner": partner} if partner else {})}
    return IntakeRow(
        id=intake.id,
        starts=format_moment(intake.starts_at, intake.timezone, locale),
        starts_for_learner=(format_moment(intake.starts_at, learner_zone, locale)
                            if learner_zone and learner_zone != intake.timezone else None),
        ends=format_moment(intake.ends_at, intake.timezone, locale) if intake.ends_at else None,
        deadline=format_moment(intake.enroll_deadline, intake.timezone, locale) if intake.enroll_deadline else None,
        place=text(intake.base_name, locale),
        place_url=(str(router["base"].url_for(locale=locale, id=str(intake.base_id)))
                   if intake.base_id else None),
        seats_left=intake.seats_left,
        seats_left_text=format_number(intake.seats_left, locale) if intake.seats_left is not None else None,
        waitlist=intake.waitlist_length,
        waitlist_text=format_number(intake.waitlist_length, locale),
        full=intake.full,
        open=intake.open,
        enroll_url=str(router["enroll"].url_for(locale=locale, id=str(intake.course_id)).with_query(query)),
        elsewhere=elsewhere(intake, reader_country, locale),
        course=text(intake.course_title, locale),
        course_url=str(router["course"].url_for(locale=locale, id=str(intake.course_id))),
    )


@dataclass(frozen=True)
class BaseCardView:
    id: int
    url: str
    name: Text
    address: Text | None
    kind: str  # msgid
    icon: str | None  # the kind's symbol in the icon sprite
    place: str
    domains: str  # translated and joined as the locale writes a list
    distance: str | None


def base_card_view(request: web.Request, card: BaseCard) -> BaseCardView:
    locale = request[keys.LOCALE]
    place = place_line(card.city, card.province, card.country, locale)
    return BaseCardView(
        id=card.id,
        url=str(request.app.router["base"].url_for(locale=locale, id=str(card.id))),
        name=text(card.name, locale) or Text(str(card.id), None),
        address=text(card.address, locale),
        kind=labels.BASE_KIND[card.kind],
        icon=kind_icon(card.kind),
        place=place,
        domains=format_items([translations(locale).gettext(labels.DOMAIN[d]) for d in card.domains], locale),
        distance=format_number(round(card.distance_km, 1), locale) if card.distance_km is not None else None,
    )
