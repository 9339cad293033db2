"""Browse the catalogue: tracks → fields (major categories) → a paginated list → a course card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot import formatting
from bot.keyboards import (
    BaseCb,
    CategoryCb,
    CourseCb,
    IntakeCb,
    MenuCb,
    MyPageCb,
    Origin,
    Screen,
    SearchPageCb,
    TrackCb,
    WatchCb,
    back_button,
    button,
    home_button,
    keyboard,
    pager,
)
from bot.mini_app import open_catalogue
from bot.read_cache import COURSES, LISTS, ReadCache
from bot.replies import show
from courses.catalogue import CourseDetail, course_facets, get_course, list_courses
from courses.errors import NotFound
from courses.filtering import CourseFilters
from courses.vocabulary import MAJOR_CATEGORIES, Track

PER_PAGE = 8


def _track(value: str) -> Track | None:
    try:
        return Track(value)
    except ValueError:
        return None


async def on_tracks(event: Message | CallbackQuery) -> None:
    rows = [[button(formatting.track_label(track), TrackCb(track=track.value))] for track in Track]
    rows.append([home_button()])
    await show(event, _("Which kind of course are you looking for?"), keyboard(*rows))


async def on_chinese_plus(callback: CallbackQuery, clock: Callable[[], datetime],
                          read_cache: ReadCache) -> None:
    await show_categories(callback, Track.CHINESE_PLUS, clock(), read_cache)


async def on_track(callback: CallbackQuery, callback_data: TrackCb, clock: Callable[[], datetime],
                   callback_answer: CallbackAnswer, read_cache: ReadCache) -> None:
    track = _track(callback_data.track)
    if track is None:
        callback_answer.text = _("This button is no longer valid.")
        return
    await show_categories(callback, track, clock(), read_cache)


async def show_categories(callback: CallbackQuery, track: Track, now: datetime,
                          read_cache: ReadCache) -> None:
    facets = await read_cache.get(LISTS, ("fields", track),
                                  lambda: course_facets(CourseFilters(tracks=(track,)), now=now))
    rows = []
    for facet in facets["category"]:
        if facet.count and facet.value.isdigit() and int(facet.value) in MAJOR_CATEGORIES:
            label = f"{formatting.category_label(int(facet.value))} ({facet.count})"
            rows.append([button(label, CategoryCb(track=track.value, category=int(facet.value)))])
    title = f"<b>{formatting.track_label(track)}</b>\n"
    if rows:
        text = title + _("Choose a field:")
    else:
        text = title + _("There are no courses in this track yet.")
    back = MenuCb(screen=Screen.HOME) if track is Track.CHINESE_PLUS else MenuCb(screen=Screen.COURSES)
    rows.append([back_button(back), home_button()])
    await show(callback, text, keyboard(*rows))


async def on_category(callback: CallbackQuery, callback_data: CategoryCb, locale: str,
                      clock: Callable[[], datetime], callback_answer: CallbackAnswer,
                      read_cache: ReadCache) -> None:
    track = _track(callback_data.track)
    if track is None or callback_data.page < 0 or callback_data.category not in MAJOR_CATEGORIES:
        callback_answer.text = _("This button is no longer valid.")
        return
    filters = CourseFilters(tracks=(track,), categories=(callback_data.category,))
    page = await read_cache.get(LISTS, (filters, locale, callback_data.page), lambda: list_courses(
        filters, locale, page=callback_data.page + 1, per_page=PER_PAGE, now=clock()))
    lines = [f"<b>{formatting.track_label(track)}</b> · {formatting.category_label(callback_data.category)}"]
    rows: list[list[InlineKeyboardButton]] = []
    for card in page.items:
        lines.append(formatting.course_line(card, locale))
        rows.append([button(str(card.title)[:60], CourseCb(id=card.id, origin=Origin.BROWSE,
                                                           parent=callback_data.category,
                                                           page=callback_data.page))])
    if not page.items:
        lines.append(_("No courses on this page."))
    else:
        lines.append(_("Page {page} of {pages}").format(page=page.page, pages=page.pages))
    rows.append(pager(callback_data.page, page.page < page.pages, CategoryCb, track=track.value,
                      category=callback_data.category))
    rows.append([back_button(TrackCb(track=track.value)), home_button()])
    await show(callback, "\n".join(lines), keyboard(*rows))


def course_markup(detail: CourseDetail, locale: str,
                  back: InlineKeyboardButton | None) -> InlineKeyboardMarkup:
    rows = []
    for intake in formatting.open_intakes_of(detail):
        label = (_("Join the waitlist: {intake}") if intake.full else _("Enroll: {intake}")).format(
            intake=formatting.intake_label(intake, locale))
        rows.append([button(label, IntakeCb(id=intake.id))])
    if not any(intake.seats_left is None or intake.seats_left > 0 for intake in formatting.open_intakes_of(detail)):
        # No intake with a free seat: the learner can ask to be told when one opens or frees up.
        rows.append([button("🔔 " + _("Notify me"), WatchCb(course=detail.id, on=True))])
    rows.append(open_catalogue(f"c{detail.card.id}"))
    rows.append([back, home_button()] if back is not None else [home_button()])
    return keyboard(*rows)


def back_from(callback_data: CourseCb, track: Track) -> InlineKeyboardButton | None:
    """The Back button of a card: to the list, search results, centre or enrollments it came from."""
    if callback_data.origin is Origin.BROWSE:
        return back_button(CategoryCb(track=track.value, category=callback_data.parent,
                                      page=callback_data.page))
    if callback_data.origin is Origin.SEARCH:
        return back_button(SearchPageCb(query=callback_data.parent, page=callback_data.page))
    if callback_data.origin is Origin.BASE:
        return back_button(BaseCb(id=callback_data.parent))
    if callback_data.origin is Origin.MY:
        return back_button(MyPageCb(page=callback_data.page))
    return None


async def on_course(callback: CallbackQuery, callback_data: CourseCb, locale: str,
                    clock: Callable[[], datetime], callback_answer: CallbackAnswer,
                    read_cache: ReadCache) -> None:
    try:
        detail = await read_cache.get(COURSES, (callback_data.id, locale),
                                      lambda: get_course(callback_data.id, locale, now=clock()))
    except NotFound:
        callback_answer.text = _("This course is no longer available.")
        callback_answer.show_alert = True
        return
    back = back_from(callback_data, detail.card.track)
    await show(callback, formatting.course_card(detail, locale), course_markup(detail, locale, back))


async def send_course(message: Message, course_id: int, locale: str, now: datetime,
                      read_cache: ReadCache) -> None:
    """Send a course card as a new message (a deep link from the portal or a shared card)."""
    try:
        detail = await read_cache.get(COURSES, (course_id, locale),
                                      lambda: get_course(course_id, locale, now=now))
    except NotFound:
        await message.answer(_("This course is no longer available."), reply_markup=keyboard([home_button()]))
        return
    await message.answer(formatting.course_card(detail, locale),
                         reply_markup=course_markup(detail, locale, None))


def create_router() -> Router:
    router = Router(name="browse")
    router.message.register(on_tracks, Command("courses"))
    router.callback_query.register(on_tracks, MenuCb.filter(F.screen == Screen.COURSES))
    router.callback_query.register(on_chinese_plus, MenuCb.filter(F.screen == Screen.CHINESE_PLUS))
    router.callback_query.register(on_track, TrackCb.filter())
    router.callback_query.register(on_category, CategoryCb.filter())
    router.callback_query.register(on_course, CourseCb.filter())
    return router
