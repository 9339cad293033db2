"""Callback payloads (short prefixes, integer ids; Telegram allows 64 bytes) and keyboards built from them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from pydantic import Field

from bot.mini_app import open_catalogue
from courses.vocabulary import MAX_ID_DIGITS

# A forged or mangled button fails to unpack (and reaches the fallback's "no longer valid") instead
# of sending an id no 32-bit column holds to the database.
RecordId = Annotated[int, Field(ge=0, lt=10**MAX_ID_DIGITS)]
Page = Annotated[int, Field(ge=0, lt=10_000)]


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
    category: RecordId
    page: Page = 0


class SearchPageCb(CallbackData, prefix="s"):
    """A page of the search whose words are kept under ``query`` (see :mod:`bot.search_queries`)."""

    query: Annotated[int, Field(ge=0, lt=2**48)]
    page: Page


class CourseCb(CallbackData, prefix="c"):
    """A course card; ``parent`` is the category, the centre or the search's key it was opened from
    (see ``origin``)."""

    id: RecordId
    origin: Origin = Origin.NONE
    parent: Annotated[int, Field(ge=0, lt=2**48)] = 0  # a search's key is 48 bits
    page: Page = 0


class BaseCb(CallbackData, prefix="b"):
    id: RecordId


class VenueCb(CallbackData, prefix="v"):
    """A learning centre as a map pin."""

    id: int


class IntakeCb(CallbackData, prefix="e"):
    """Start enrolling in an intake."""

    id: RecordId


class EnrollStepCb(CallbackData, prefix="es"):
    """A step of the enrollment flow: keep the Telegram name or the typed one, search instead, skip the
    phone, confirm or abort."""

    action: str  # "name" | "typed" | "search" | "skip" | "yes" | "no"
    intake: RecordId


class MyPageCb(CallbackData, prefix="my"):
    page: Page


class CancelCb(CallbackData, prefix="x"):
    enrollment: RecordId
    confirmed: bool = False


class ApplyCb(CallbackData, prefix="ap"):
    """Apply to convert an outcome under a rule."""

    outcome: int
    rule: int


class LanguageCb(CallbackData, prefix="l"):
    locale: str


class WatchCb(CallbackData, prefix="w"):
    """"Notify me" on a course (``on``), or stop it (also the button under such a notice)."""

    course: int
    on: bool


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
        open_catalogue(),
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
