""""Notify me" on a course card, and the button under such a notice that ends it."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot.keyboards import WatchCb
from courses.errors import NotFound
from courses.learners import LearnerProfile
from courses.notifications import stop_watch, watch_course


async def on_watch(callback: CallbackQuery, callback_data: WatchCb, learner: LearnerProfile,
                   callback_answer: CallbackAnswer) -> None:
    callback_answer.show_alert = True
    if not callback_data.on:
        await stop_watch(learner_id=learner.id, course_id=callback_data.course)
        callback_answer.text = _("You will not be told about this course any more.")
        return
    try:
        await watch_course(learner.id, callback_data.course)
    except NotFound:
        callback_answer.text = _("This course is no longer available.")
        return
    callback_answer.text = _("Done: we will tell you when an intake opens or a seat frees up.")


def create_router() -> Router:
    router = Router(name="follow")
    router.callback_query.register(on_watch, WatchCb.filter())
    return router
