"""What nothing else handled: unknown buttons (forged or from an old keyboard), unknown commands, stickers."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.keyboards import main_menu
from courses.i18n import babel_id

log = logging.getLogger(__name__)


async def on_unknown_button(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    # Through the middleware's answer: a direct callback.answer() here was followed by its empty
    # one, and Telegram refuses a second answer to the same query.
    callback_answer.text = _("This button is no longer valid.")
    callback_answer.show_alert = True


async def on_other_message(message: Message) -> None:
    await message.answer(_("I did not understand that. Type a few words to search, or choose below."),
                         reply_markup=main_menu())


async def on_error(event: ErrorEvent, i18n: I18n, locale: str | None = None) -> None:
    """Log the failure and tell the learner in their language, instead of leaving them waiting."""
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    # The locale middleware's context has ended by now: enter it again for this one sentence.
    with i18n.context(), i18n.use_locale(babel_id(locale) if locale else i18n.default_locale):
        text = _("Something went wrong on our side. Please try again in a moment.")
    update = event.update
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.message is not None:
            await update.message.answer(text)
    except Exception:  # the learner may be unreachable too; the failure is logged above
        log.warning("could not tell the learner about the failure of update %s", update.update_id)


def create_router() -> Router:
    router = Router(name="fallback")
    # In a group the bot answers commands only; every other message there is people talking.
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.register(on_unknown_button)
    router.message.register(on_other_message)
    return router
