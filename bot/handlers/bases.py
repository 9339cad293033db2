"""Learning centres: a shared location lists the five nearest, each with its card and its map pin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram import F, Router
from aiogram.types import CallbackQuery, KeyboardButton, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot import formatting
from bot.keyboards import BaseCb, CourseCb, MenuCb, Origin, Screen, VenueCb, button, home_button, keyboard
from bot.replies import show
from courses.catalogue import BaseCard, get_base, get_courses, nearest_bases
from courses.errors import InvalidInput, NotFound
from courses.i18n import place_line

NEAREST = 5


async def on_near(callback: CallbackQuery) -> None:
    assert callback.bot is not None
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📍 " + _("Share my location"), request_location=True)]],
        resize_keyboard=True, one_time_keyboard=True)
    await callback.bot.send_message(
        callback.from_user.id,
        _("Share your location (the button below, or 📎 → Location) and I will list the nearest "
          "learning centres."),
        reply_markup=markup)


async def on_location(message: Message, locale: str) -> None:
    assert message.location is not None
    try:
        cards = await nearest_bases(message.location.latitude, message.location.longitude, locale,
                                    limit=NEAREST)
    except InvalidInput:
        cards = []
    await message.answer(_("Thank you."), reply_markup=ReplyKeyboardRemove())
    if not cards:
        await message.answer(_("No learning centre is listed yet."), reply_markup=keyboard([home_button()]))
        return
    lines = ["<b>{}</b>".format(_("Learning centres nearest to you"))]
    lines.extend(formatting.base_line(card, locale) for card in cards)
    rows = [[button(str(card.name)[:60], BaseCb(id=card.id)),
             *([button("📍 " + _("Map"), VenueCb(id=card.id))] if has_place(card) else [])] for card in cards]
    rows.append([home_button()])
    await message.answer("\n".join(lines), reply_markup=keyboard(*rows))


async def on_base(callback: CallbackQuery, callback_data: BaseCb, locale: str,
                  clock: Callable[[], datetime], callback_answer: CallbackAnswer) -> None:
    now = clock()
    try:
        detail = await get_base(callback_data.id, locale, now=now)
    except NotFound:
        callback_answer.text = _("This learning centre is no longer listed.")
        callback_answer.show_alert = True
        return
    course_ids = list(dict.fromkeys(intake.course_id for intake in detail.intakes))[:8]
    cards = await get_courses(course_ids, locale, now=now)
    rows = [[button(str(card.title)[:60], CourseCb(id=card.id, origin=Origin.BASE, parent=detail.card.id))]
            for card in cards]
    rows.append([button(_("Other centres near me"), MenuCb(screen=Screen.NEAR)), home_button()])
    await show(callback, formatting.base_card(detail, locale), keyboard(*rows))
    if has_place(detail.card):
        await send_venue(callback, detail.card, locale)


def has_place(card: BaseCard) -> bool:
    return card.latitude is not None and card.longitude is not None


async def send_venue(callback: CallbackQuery, card: BaseCard, locale: str) -> None:
    """The centre as a map pin with its name and address (Telegram opens it in a maps app); without an
    address, where it is in the learner's language, as its card says it."""
    assert callback.bot is not None and card.latitude is not None and card.longitude is not None
    address = str(card.address) if card.address else place_line(card.city, card.province, card.country, locale)
    await callback.bot.send_venue(callback.from_user.id, card.latitude, card.longitude,
                                  title=str(card.name)[:256], address=address[:256])


async def on_venue(callback: CallbackQuery, callback_data: VenueCb, locale: str,
                   clock: Callable[[], datetime], callback_answer: CallbackAnswer) -> None:
    try:
        detail = await get_base(callback_data.id, locale, now=clock())
    except NotFound:
        callback_answer.text = _("This learning centre is no longer listed.")
        callback_answer.show_alert = True
        return
    if not has_place(detail.card):
        callback_answer.text = _("This learning centre has no place on the map yet.")
        return
    await send_venue(callback, detail.card, locale)


def create_router() -> Router:
    router = Router(name="bases")
    router.callback_query.register(on_near, MenuCb.filter(F.screen == Screen.NEAR))
    router.message.register(on_location, F.location)
    router.callback_query.register(on_base, BaseCb.filter())
    router.callback_query.register(on_venue, VenueCb.filter())
    return router
