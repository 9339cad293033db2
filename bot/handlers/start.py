"""/start (with its deep links), the main menu, /help, /lang and /cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.handlers.browse import send_course
from bot.keyboards import LanguageCb, MenuCb, Screen, button, home_button, keyboard, main_menu
from bot.middlewares import KnownLearners
from bot.profile import GREETING, help_text
from bot.read_cache import ReadCache
from bot.replies import show
from courses.errors import CourseError
from courses.i18n import babel_id, display_name
from courses.learners import LearnerProfile, LinkInvalid, link_telegram, update_preferences
from courses.partners import course_of_start, token_of_start
from courses.settings import Settings


def greeting() -> str:
    return _(GREETING)


async def on_start(message: Message, command: CommandObject, state: FSMContext, locale: str,
                   clock: Callable[[], datetime], known_learners: KnownLearners,
                   read_cache: ReadCache) -> None:
    await state.clear()
    payload = (command.args or "").strip()
    token = token_of_start(payload)
    if token is not None:
        await link_account(message, token, clock())
        assert message.from_user is not None
        known_learners.forget(message.from_user.id)  # the Telegram user may now be another learner
        return
    course_id = course_of_start(payload)
    if course_id is not None:
        await send_course(message, course_id, locale, clock(), read_cache)
        return
    await message.answer(greeting(), reply_markup=main_menu())


async def link_account(message: Message, token: str, now: datetime) -> None:
    assert message.from_user is not None
    try:
        await link_telegram(token, message.from_user.id, now=now)
    except LinkInvalid:
        await message.answer(_("This link has expired or was already used. Ask the portal for a new one."),
                             reply_markup=main_menu())
        return
    except CourseError:
        await message.answer(_("This Telegram account is already linked to another portal account."),
                             reply_markup=main_menu())
        return
    await message.answer(_("Your portal account is now linked: your enrollments are the same "
                           "here and there."),
                         reply_markup=main_menu())


async def on_menu(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(None)
    await show(callback, greeting(), main_menu())


async def on_help(event: Message | CallbackQuery, settings: Settings) -> None:
    assert event.bot is not None
    me = await event.bot.me()
    await show(event, help_text(me.username or ""), keyboard([home_button()]))


def language_menu(settings: Settings, current: str) -> tuple[str, object]:
    rows = []
    for locale in settings.locales:
        mark = "✓ " if locale == current else ""
        # Each language is named in itself, so a learner lost in a foreign UI finds their own.
        rows.append([button(mark + display_name(locale, locale).capitalize(), LanguageCb(locale=locale))])
    rows.append([home_button()])
    return _("Choose your language:"), keyboard(*rows)


async def on_language_menu(event: Message | CallbackQuery, settings: Settings, locale: str) -> None:
    text, markup = language_menu(settings, locale)
    await show(event, text, markup)  # type: ignore[arg-type]


async def on_language(callback: CallbackQuery, callback_data: LanguageCb, learner: LearnerProfile,
                      settings: Settings, i18n: I18n, callback_answer: CallbackAnswer,
                      known_learners: KnownLearners) -> None:
    if callback_data.locale not in settings.locales:
        callback_answer.text = _("This language is not available.")
        return
    await update_preferences(learner.id, locale=callback_data.locale)
    known_learners.forget(callback.from_user.id)
    # The reply is already in the new language.
    i18n.current_locale = babel_id(callback_data.locale)
    callback_answer.text = _("Language changed.")
    await show(callback, greeting(), main_menu())


async def on_cancel(message: Message, state: FSMContext) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    text = _("Cancelled. Nothing was changed.") if had_state else _("There is nothing to cancel.")
    await message.answer(text, reply_markup=ReplyKeyboardRemove())
    await message.answer(greeting(), reply_markup=main_menu())


def create_router() -> Router:
    router = Router(name="start")
    router.message.register(on_start, CommandStart())
    router.message.register(on_cancel, Command("cancel"))
    router.message.register(on_help, Command("help"))
    router.message.register(on_language_menu, Command("lang"))
    router.callback_query.register(on_menu, MenuCb.filter(F.screen == Screen.HOME))
    router.callback_query.register(on_help, MenuCb.filter(F.screen == Screen.HELP))
    router.callback_query.register(on_language_menu, MenuCb.filter(F.screen == Screen.LANGUAGE))
    router.callback_query.register(on_language, LanguageCb.filter())
    return router

