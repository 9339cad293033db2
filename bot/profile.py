"""The bot's profile in every language: commands, descriptions and the menu button, from one definition.

Telegram keys a profile by two-letter ``language_code`` (so ``zh`` is one profile, in
Simplified Chinese, which comes first in LOCALES); the profile without a code is in
DEFAULT_LOCALE. Both start-ups set it, polling and the portal's webhook mode, and setting it
again leaves the same profile: Telegram replaces each text.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.types import BotCommand, MenuButtonCommands, MenuButtonWebApp, WebAppInfo
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.mini_app import mini_app_base, mini_app_url
from courses.i18n import babel_id
from courses.settings import Settings
from courses.vocabulary import N_

log = logging.getLogger(__name__)

# The command menu and /help, in this order.
COMMANDS = (
    ("courses", N_("Browse courses by track and field")),
    ("my", N_("Your enrollments; cancel a place")),
    ("verify", N_("Verify a credit")),
    ("lang", N_("Choose the language")),
    ("help", N_("What I can do")),
    ("cancel", N_("Stop what you are doing")),
)
HELP_MORE = N_("Type any words to search courses and learning centres.\n"
               "Share your location to see the nearest learning centres.\n"
               "In any chat, type @{bot} and a few words to share a course.")
# The greeting is also the description an empty chat shows ("What can this bot do?").
GREETING = N_("Welcome to the Lifelong Learning Portal. Find a course, a learning centre near you or a "
              "\"Chinese + vocational skills\" programme, and enroll in a few taps.\n\n"
              "You can also just type what you are looking for.")
SHORT_DESCRIPTION = N_("Courses, learning centres and credits in your language.")
MENU_BUTTON = N_("Open catalogue")


def help_text(bot_username: str) -> str:
    """/help in the current language: the commands of the menu, then what else the bot understands."""
    lines = ["<b>{}</b>".format(_("What I can do"))]
    lines.extend(f"/{name} — {_(description)}" for name, description in COMMANDS)
    lines.append(_(HELP_MORE).format(bot=bot_username))
    return "\n".join(lines)


def profile_languages(settings: Settings) -> list[tuple[str | None, str]]:
    """(Telegram ``language_code``, locale) pairs: the default profile first, then one per language."""
    pairs: list[tuple[str | None, str]] = [(None, settings.default_locale)]
    for locale in settings.locales:
        language = locale.split("-")[0]
        if all(language != code for code, _locale in pairs):
            pairs.append((language, locale))
    return pairs


async def set_profile(bot: Bot, i18n: I18n, settings: Settings) -> None:
    """Set commands, description and short description per language, and the menu button."""
    for language, locale in profile_languages(settings):
        babel = babel_id(locale)
        await bot.set_my_commands([BotCommand(command=name, description=i18n.gettext(text, locale=babel))
                                   for name, text in COMMANDS], language_code=language)
        await bot.set_my_description(description=i18n.gettext(GREETING, locale=babel),
                                     language_code=language)
        await bot.set_my_short_description(short_description=i18n.gettext(SHORT_DESCRIPTION, locale=babel),
                                           language_code=language)
    base = mini_app_base(settings)
    # One menu button for every chat (Telegram's has no language): the Mini App picks the language.
    if base is not None:
        text = i18n.gettext(MENU_BUTTON, locale=babel_id(settings.default_locale))
        await bot.set_chat_menu_button(menu_button=MenuButtonWebApp(
            text=text, web_app=WebAppInfo(url=mini_app_url(base))))
    else:
        await bot.set_chat_menu_button(menu_button=MenuButtonCommands())


async def set_profile_or_log(bot: Bot, i18n: I18n, settings: Settings) -> None:
    """:func:`set_profile`, but a Telegram failure is only logged: the profile set earlier stays."""
    try:
        await set_profile(bot, i18n, settings)
    except (TelegramAPIError, TelegramNetworkError) as error:
        log.error("could not set the bot's profile: %s", error)
