"""Callback payloads (short prefixes, integer ids; Telegram allows 64 bytes) and keyboards built from them."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _


class Screen(StrEnum):
    """Screens reached from the main menu."""

    HOME = "h"
    COURSES = "c"
    CHINESE_PLUS = "z"
    NEAR = "n"
    MY = "m"
    CREDITS = "k"
    OUTCOMES = "o"
    LANGUAGE = "l"
    HELP = "?"


class Origin(StrEnum):
    """Where a course card was opened from, so that its Back button returns there."""

    NONE = "-"
    BROWSE = "b"
    SEARCH = "s"
    BASE = "a"
    MY = "m"


class MenuCb(CallbackData, prefix="m"):
    screen: Screen


class TrackCb(CallbackData, prefix="t"):
    track: str


class CategoryCb(CallbackData, prefix="g"):
    track: str
    category: int
    page: int = 0


class SearchPageCb(CallbackData, prefix="s"):
    page: int


class CourseCb(CallbackData, prefix="c"):
    """A course card; ``parent`` is the category or the centre it was opened from (see ``origin``)."""

    id: int
    origin: Origin = Origin.NONE
    parent: int = 0
    page: int = 0


class BaseCb(CallbackData, prefix="b"):
    id: int


class IntakeCb(CallbackData, prefix="e"):
    """Start enrolling in an intake."""

    id: int


class EnrollStepCb(CallbackData, prefix="es"):
    """A step of the enrollment flow: keep the name, skip the phone, confirm or abort."""

    action: str  # "name" | "skip" | "yes" | "no"
    intake: int


class MyPageCb(CallbackData, prefix="my"):
    page: int


class CancelCb(CallbackData, prefix="x"):
    enrollment: int
    confirmed: bool = False


class ApplyCb(CallbackData, prefix="ap"):
    """Apply to convert an outcome under a rule."""

    outcome: int
    rule: int


class LanguageCb(CallbackData, prefix="l"):
    locale: str


def button(text: str, callback: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=callback.pack())


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def home_button() -> InlineKeyboardButton:
    return button("⌂ " + _("Main menu"), MenuCb(screen=Screen.HOME))


def back_button(callback: CallbackData) -> InlineKeyboardButton:
    return button("← " + _("Back"), callback)


def main_menu() -> InlineKeyboardMarkup:
    return keyboard(
        [button("📚 " + _("Courses"), MenuCb(screen=Screen.COURSES))],
        [button("🀄 " + _("Chinese + vocational skills"), MenuCb(screen=Screen.CHINESE_PLUS))],
        [button("📍 " + _("Learning centres near me"), MenuCb(screen=Screen.NEAR))],
        [button("🗂 " + _("My enrollments"), MenuCb(screen=Screen.MY))],
        [button("🌐 " + _("Language"), MenuCb(screen=Screen.LANGUAGE)),
         button("❔ " + _("Help"), MenuCb(screen=Screen.HELP))],
    )


def pager(page: int, has_next: bool, make: type[CallbackData],
          **fields: object) -> list[InlineKeyboardButton]:
    """Previous/next buttons of a paginated list (empty when there is one page)."""
    row = []
    if page > 0:
        row.append(button("‹ " + _("Previous"), make(page=page - 1, **fields)))
    if has_next:
        row.append(button(_("Next") + " ›", make(page=page + 1, **fields)))
    return row
