"""/my: the learner's enrollments with status and waitlist position; cancel one after a confirmation;
the way to their credits (:mod:`bot.handlers.credits`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot import formatting
from bot.keyboards import (
    CancelCb,
    CourseCb,
    MenuCb,
    MyPageCb,
    Origin,
    Screen,
    button,
    home_button,
    keyboard,
    pager,
)
from bot.read_cache import COURSES, ReadCache
from bot.replies import kept_private, show
from courses.catalogue import get_courses
from courses.enrollment import EnrollmentView, NotEnrolled, cancel_enrollment, cancellable, my_enrollments
from courses.i18n import format_moment
from courses.learners import LearnerProfile
from courses.vocabulary import ACTIVE_ENROLLMENT

PER_PAGE = 5


async def _titles(views: list[EnrollmentView], locale: str, now: datetime) -> dict[int, str]:
    cards = await get_courses(sorted({view.course_id for view in views}), locale, now=now)
    return {card.id: str(card.title) for card in cards}


async def on_my(event: Message | CallbackQuery, learner: LearnerProfile, locale: str,
                clock: Callable[[], datetime], callback_data: MyPageCb | None = None,
                callback_answer: CallbackAnswer | None = None) -> None:
    if await kept_private(event, callback_answer):
        return
    page = max(0, callback_data.page) if isinstance(callback_data, MyPageCb) else 0
    views = await my_enrollments(learner.id)
    if not views:
        await show(event, _("You have no enrollments yet. Find a course with /courses "
                            "or just type a few words."),
                   keyboard([button(_("Courses"), MenuCb(screen=Screen.COURSES))],
                            [button(_("My credits"), MenuCb(screen=Screen.CREDITS))],
                            [button(_("Outcomes from elsewhere"), MenuCb(screen=Screen.OUTCOMES))], [home_button()]))
        return
    shown = views[page * PER_PAGE:(page + 1) * PER_PAGE]
    now = clock()
    titles = await _titles(shown, locale, now)
    lines = ["<b>{}</b>".format(_("My enrollments"))]
    rows: list[list[InlineKeyboardButton]] = []
    for view in shown:
        title = titles.get(view.course_id)
        lines.append(formatting.enrollment_line(view, title, locale, now))
        row = [button((title or f"#{view.course_id}")[:40],
                      CourseCb(id=view.course_id, origin=Origin.MY, page=page))]
        if view.status in ACTIVE_ENROLLMENT:
            row.append(button(_("Cancel"), CancelCb(enrollment=view.enrollment_id)))
        rows.append(row)
    rows.append(pager(page, (page + 1) * PER_PAGE < len(views), MyPageCb))
    rows.append([button(_("My credits"), MenuCb(screen=Screen.CREDITS)),
                 button(_("Outcomes from elsewhere"), MenuCb(screen=Screen.OUTCOMES))])
    rows.append([home_button()])
    await show(event, "\n".join(lines), keyboard(*rows))


async def on_cancel(callback: CallbackQuery, callback_data: CancelCb, learner: LearnerProfile, locale: str,
                    clock: Callable[[], datetime], callback_answer: CallbackAnswer,
                    read_cache: ReadCache) -> None:
    if await kept_private(callback, callback_answer):
        return
    # ``learner`` is whoever tapped: someone else's enrollment id is simply not cancellable by them.
    view = await cancellable(learner.id, callback_data.enrollment)
    if view is None:
        callback_answer.text = _("This enrollment is no longer active.")
        await on_my(callback, learner, locale, clock)
        return
    titles = await _titles([view], locale, clock())
    title = formatting.text(titles.get(view.course_id, f"#{view.course_id}"))
    if not callback_data.confirmed:
        text = _("Cancel your place in <b>{title}</b> ({start})? "
                 "Someone on the waitlist may take it.").format(
            title=title, start=format_moment(view.starts_at, view.timezone, locale))
        markup = keyboard([button(_("Yes, cancel my place"), CancelCb(enrollment=view.enrollment_id,
                                                                       confirmed=True)),
                           button(_("No, keep it"), MyPageCb(page=0))])
        await show(callback, text, markup)
        return
    try:
        await cancel_enrollment(learner.id, view.enrollment_id, now=clock())
        read_cache.forget(COURSES)
    except NotEnrolled:
        callback_answer.text = _("This enrollment is no longer active.")
    else:
        callback_answer.text = _("Your place in {title} is cancelled.").format(
            title=titles.get(view.course_id, ""))
    await on_my(callback, learner, locale, clock)


def create_router() -> Router:
    router = Router(name="my")
    router.message.register(on_my, Command("my"))
    router.callback_query.register(on_my, MenuCb.filter(F.screen == Screen.MY))
    router.callback_query.register(on_my, MyPageCb.filter())
    router.callback_query.register(on_cancel, CancelCb.filter())
    return router
