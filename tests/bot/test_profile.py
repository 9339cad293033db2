"""The bot's profile in every language (polling and webhook mode), Mini App buttons, venues, calendars."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.utils.i18n import I18n
from aiohttp.test_utils import TestClient

from bot.dispatcher import create_bot
from bot.profile import COMMANDS, GREETING, SHORT_DESCRIPTION, set_profile
from courses.i18n import DOMAIN, LOCALE_DIR, babel_id, place_line
from courses.models import Base, BaseText, Enrollment, Learner
from courses.settings import Settings
from courses.vocabulary import EnrollmentStatus, Status
from tests.bot.conftest import RunningBot
from tests.bot.test_conversations import open_a_course
from tests.bot.test_webhook import client, webhook_settings  # noqa: F401 (fixtures)
from tests.fake_telegram import FakeTelegram

PORTAL = "https://portal.example.org"
# Telegram keys profiles by two-letter language: zh-Hans and zh-Hant share "zh" (Simplified first).
LANGUAGES = {None: "en", "zh": "zh-Hans", "en": "en", "ru": "ru", "fr": "fr", "ar": "ar", "th": "th"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_url": PORTAL + "/"})


def translated(msgid: str, locale: str) -> str:
    i18n = I18n(path=LOCALE_DIR, default_locale="en", domain=DOMAIN)
    return i18n.gettext(msgid, locale=babel_id(locale))


def check_profile(telegram: FakeTelegram) -> None:
    """Commands, description and short description in each language, and the Mini App menu button."""
    for language, locale in LANGUAGES.items():
        commands = telegram.profile[("setmycommands", language)]["commands"]
        assert [(c["command"], c["description"]) for c in commands] == [
            (name, translated(text, locale)) for name, text in COMMANDS]
        description = telegram.profile[("setmydescription", language)]["description"]
        short = telegram.profile[("setmyshortdescription", language)]["short_description"]
        assert description == translated(GREETING, locale) and short == translated(SHORT_DESCRIPTION, locale)
        assert len(description) <= 512 and len(short) <= 120  # Telegram's limits
        if locale != "en":
            assert description != GREETING and short != SHORT_DESCRIPTION  # really translated
    menu = telegram.profile[("setchatmenubutton", None)]["menu_button"]
    assert menu["type"] == "web_app" and menu["web_app"]["url"] == PORTAL + "/app"
    assert {key for key in telegram.profile if key[0] != "setchatmenubutton"} == {
        (method, language) for method in ("setmycommands", "setmydescription", "setmyshortdescription")
        for language in LANGUAGES}


async def test_polling_sets_the_profile_in_every_language(running_bot: RunningBot) -> None:
    await running_bot.telegram.wait_for("setChatMenuButton")
    check_profile(running_bot.telegram)


async def test_webhook_mode_sets_the_profile_in_every_language(client: TestClient,  # noqa: F811
                                                               telegram: FakeTelegram) -> None:
    assert telegram.of("setWebhook")
    check_profile(telegram)


async def test_setting_the_profile_again_changes_nothing(settings: Settings, telegram: FakeTelegram) -> None:
    bot = create_bot(settings)
    i18n = I18n(path=LOCALE_DIR, default_locale="en", domain=DOMAIN)
    try:
        await set_profile(bot, i18n, settings)
        first: dict[Any, Any] = dict(telegram.profile)
        calls = len(telegram.calls)
        await set_profile(bot, i18n, settings)
        assert telegram.profile == first and len(telegram.calls) == 2 * calls
    finally:
        await bot.session.close()


async def test_without_an_https_portal_the_menu_button_lists_the_commands(
        settings: Settings, telegram: FakeTelegram) -> None:
    plain = settings.model_copy(update={"public_url": "http://127.0.0.1:8080"})
    bot = create_bot(plain)
    try:
        await set_profile(bot, I18n(path=LOCALE_DIR, default_locale="en", domain=DOMAIN), plain)
    finally:
        await bot.session.close()
    assert telegram.profile[("setchatmenubutton", None)]["menu_button"] == {"type": "commands"}


@pytest.mark.usefixtures("catalogue")
async def test_help_lists_the_menu_commands(running_bot: RunningBot) -> None:
    reply = await running_bot.chat(2001, "fr").say("/help")
    for name, text in COMMANDS:
        assert f"/{name} — {translated(text, 'fr')}" in reply.text


@pytest.mark.usefixtures("catalogue")
async def test_the_main_menu_and_course_cards_open_the_mini_app(running_bot: RunningBot) -> None:
    menu = await running_bot.chat(2002, "ru").say("/start")
    web_app = menu.buttons()[0]["web_app"]
    assert web_app["url"] == PORTAL + "/ru/app"
    card, _chat = await open_a_course(running_bot, 2003)
    course_id = next(b for b in card.buttons() if "web_app" in b)["web_app"]["url"].rsplit("=c", 1)[1]
    assert course_id.isdigit()
    assert next(b for b in card.buttons() if "web_app" in b)["web_app"]["url"] == (
        f"{PORTAL}/en/app?startapp=c{course_id}")


@pytest.mark.usefixtures("catalogue")
async def test_centres_are_sent_as_map_pins(running_bot: RunningBot) -> None:
    base = await Base.filter(status=Status.PUBLISHED, latitude__not_isnull=True).order_by("id").first()
    assert base is not None
    telegram = running_bot.telegram
    chat = running_bot.chat(2004)
    mark = len(telegram.calls)
    telegram.location(2004, base.latitude, base.longitude)
    nearest = await chat.expect(mark, contains="nearest")
    pins = [b for b in nearest.buttons() if b["callback_data"].startswith("v:")]
    assert len(pins) == 5 and pins[0]["callback_data"] == f"v:{base.id}"
    mark = len(telegram.calls)
    telegram.callback(2004, pins[0]["callback_data"], nearest)
    venue = await telegram.wait_for("sendVenue", after=mark)
    assert float(venue.params["latitude"]) == pytest.approx(base.latitude)
    assert float(venue.params["longitude"]) == pytest.approx(base.longitude)
    assert venue.params["title"] and venue.params["address"]
    # The centre's card comes with its pin too.
    mark = len(telegram.calls)
    await chat.tap(nearest, next(b for b in nearest.buttons() if b["callback_data"] == f"b:{base.id}")["text"])
    again = await telegram.wait_for("sendVenue", after=mark)
    assert again.params["title"] == venue.params["title"]


@pytest.mark.usefixtures("catalogue")
async def test_a_pin_without_an_address_says_where_it_is_in_the_learners_language(running_bot: RunningBot) -> None:
    base = await Base.filter(status=Status.PUBLISHED, latitude__not_isnull=True, country="CN",
                             city__not_isnull=True).order_by("id").first()
    assert base is not None
    await BaseText.filter(base_id=base.id).update(address=None)
    telegram = running_bot.telegram
    mark = len(telegram.calls)
    telegram.callback(2005, f"v:{base.id}", None, language_code="ru")
    venue = await telegram.wait_for("sendVenue", after=mark)
    assert venue.params["address"] == place_line(base.city, base.province, base.country, "ru")
    assert "Китай" in venue.params["address"]


@pytest.mark.usefixtures("catalogue")
async def test_enrolling_sends_the_intake_calendar(running_bot: RunningBot) -> None:
    card, chat = await open_a_course(running_bot, 2005)
    intake_button = next(b for b in card.buttons() if b["callback_data"].startswith("e:"))
    ask_name = await chat.tap(card, intake_button["text"], contains="Which name")
    await chat.tap(ask_name, "Use", contains="phone")
    confirm = await chat.say("Skip", contains="confirm")
    mark = len(running_bot.telegram.calls)
    await chat.tap(confirm, "Confirm", contains="You ")
    learner = await Learner.get(telegram_id=2005)
    (enrollment,) = await Enrollment.filter(learner_id=learner.id)
    assert enrollment.status is EnrollmentStatus.ENROLLED  # the demo catalogue is deterministic
    document = await running_bot.telegram.wait_for("sendDocument", after=mark)
    sent = document.params["document"]
    assert sent["filename"] == f"course-{intake_button['callback_data'].split(':')[1]}.ics"
    assert sent["content"].startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" in sent["content"]
    assert PORTAL.encode() in sent["content"]
