"""Showing a screen: a tap edits the message it came from in place, a command or text sends a new one."""

from __future__ import annotations

from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _


async def show(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Put ``text`` on screen: edit the tapped message, or answer the message (or the chat)."""
    if isinstance(event, CallbackQuery):
        if isinstance(event.message, Message):
            try:
                await event.message.edit_text(text, reply_markup=markup)
                return
            except TelegramBadRequest as error:
                if "not modified" in error.message:
                    return  # the same screen tapped again
                # Too old or not ours to edit: say it in a new message instead.
        assert event.bot is not None
        await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        return
    await event.answer(text, reply_markup=markup)


async def kept_private(event: Message | CallbackQuery, callback_answer: CallbackAnswer | None = None,
                       payload: str = "") -> bool:
    """In a group, point to the private chat instead of a personal screen; True when it did.

    Enrollments, cancelling and contact details are nobody else's business: a tap in a group
    never shows or changes anything there, whoever tapped.
    """
    message = event.message if isinstance(event, CallbackQuery) else event
    if not isinstance(message, Message) or message.chat.type == ChatType.PRIVATE:
        return False
    assert event.bot is not None
    me = await event.bot.me()
    link = f"https://t.me/{me.username}?start={payload}"
    if isinstance(event, CallbackQuery):
        if callback_answer is not None:
            callback_answer.url = link  # opens the private chat with the bot
        return True
    await event.answer(_("Your enrollments are private: let us continue in a private chat."),
                       reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
                           InlineKeyboardButton(text=_("Open the private chat"), url=link)]]))
    return True
