"""/start, the main menu, /help, /lang, languages picked like the portal's, and buttons nobody should have."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from courses.i18n import display_name
from courses.learners import create_link_token, register
from courses.models import Learner
from tests.bot.conftest import RunningBot

MENU = ("Courses", "Chinese + vocational skills", "Learning centres near me", "My enrollments", "Language",
        "Help")


def checked_language(call) -> str:
    """The label of the language the /lang screen marks as current."""
    marked = [button["text"] for button in call.buttons() if button["text"].startswith("✓ ")]
    assert len(marked) == 1, call.buttons()
    return marked[0].removeprefix("✓ ")


def language_label(locale: str) -> str:
    return display_name(locale, locale).capitalize()


async def test_start_shows_the_main_menu_and_knows_the_learner(running_bot: RunningBot) -> None:
    chat = running_bot.chat(101)
    menu = await chat.say("/start")
    labels = [button["text"] for button in menu.buttons()]
    for entry in MENU:
        assert any(entry in label for label in labels), (entry, labels)
    learner = await Learner.get(telegram_id=101)
    assert learner.display_name == "Li Wei"
    assert learner.locale == "en"  # Telegram's language, negotiated, is stored at first contact


@pytest.mark.parametrize(("language_code", "expected"), [
    ("zh-cn", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-hk", "zh-Hant"), ("ru-RU", "ru"), ("ar", "ar"),
    ("xx-!!", "en"), ("", "en"), (None, "en"), ("de", "en"), ("x" * 80, "en"),
])
async def test_any_telegram_language_gets_a_sensible_locale(running_bot: RunningBot,
                                                            language_code: str | None,
                                                            expected: str) -> None:
    chat = running_bot.chat(202, language_code)
    await chat.say("/start")
    languages = await chat.say("/lang")
    assert checked_language(languages) == language_label(expected)
    assert all("went wrong" not in call.text for call in running_bot.telegram.calls)


async def test_switching_to_russian_then_arabic_is_remembered(running_bot: RunningBot) -> None:
    chat = running_bot.chat(303, "en")
    languages = await chat.say("/lang")
    await chat.tap(languages, language_label("ru"))
    assert (await Learner.get(telegram_id=303)).locale == "ru"
    languages = await chat.say("/lang")
    assert checked_language(languages) == language_label("ru")
    await chat.tap(languages, language_label("ar"))
    assert (await Learner.get(telegram_id=303)).locale == "ar"
    # The stored preference wins over Telegram's language_code from now on.
    assert checked_language(await chat.say("/lang")) == language_label("ar")


async def test_help_names_the_commands(running_bot: RunningBot) -> None:
    chat = running_bot.chat(404)
    text = (await chat.say("/help")).text
    for command in ("/courses", "/my", "/lang", "/cancel"):
        assert command in text
    assert "@lifelong_test_bot" in text


@pytest.mark.parametrize("data", [
    "c:999999:-:0:0",  # a course that does not exist
    "b:999999",  # a learning centre that does not exist
    "e:999999",  # an intake that does not exist
    "x:999999:0",  # somebody else's (or no) enrollment
    "c:abc",  # not even a number
    "zz:whatever",  # no such button
    "g:online:99:0",  # no such field
    "t:nonsense",
    "es:yes:1",  # a confirmation without an enrollment flow
    "l:xx",  # a language we do not speak
    "s:3",  # a search page without a search
])
async def test_forged_or_stale_buttons_get_an_answer_never_an_error(running_bot: RunningBot,
                                                                    data: str) -> None:
    chat = running_bot.chat(505)
    answer = await chat.press(data)
    assert answer.params.get("text")
    assert "went wrong" not in answer.params["text"]


async def test_unknown_commands_and_stickers_get_a_hint(running_bot: RunningBot) -> None:
    chat = running_bot.chat(606)
    reply = await chat.say("/nonsense")
    assert "did not understand" in reply.text
    mark = len(running_bot.telegram.calls)
    running_bot.telegram.push({"message": running_bot.telegram._message(606, "en", sticker={
        "file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
        "is_animated": False, "is_video": False})})
    assert "did not understand" in (await chat.expect(mark)).text


async def test_the_same_update_twice_is_handled_once(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    update = {"update_id": 777_001, "message": telegram._message(707, "en", text="/help", entities=[
        {"type": "bot_command", "offset": 0, "length": 5}])}
    telegram.push(dict(update))
    telegram.push(dict(update))
    await telegram.settle()
    assert len(telegram.of("sendMessage", chat_id=707)) == 1


async def test_a_portal_link_token_links_the_account_once(running_bot: RunningBot) -> None:
    account = await register("li.wei@example.org", "correct horse battery", display_name="Li Wei")
    token = await create_link_token(account.id, now=datetime.now(UTC))
    chat = running_bot.chat(909)
    await chat.say("/help")  # known to the bot before linking, as a learner of its own
    reply = await chat.say(f"/start link{token}")
    assert "now linked" in reply.text
    assert (await Learner.get(telegram_id=909)).id == account.id
    again = await chat.say(f"/start link{token}")
    assert "expired or was already used" in again.text
    bogus = await chat.say("/start linknot-a-token")
    assert "expired or was already used" in bogus.text


async def test_polling_registers_the_commands_in_every_language(running_bot: RunningBot) -> None:
    calls = running_bot.telegram.of("setMyCommands")
    languages = {call.params.get("language_code") for call in calls}
    assert {None, "zh", "en", "ru", "fr", "ar", "th"} <= languages
    assert {command["command"] for command in calls[0].params["commands"]} == {
        "courses", "my", "verify", "lang", "help", "cancel"}


async def test_a_flood_from_one_user_is_cut_while_others_are_served(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    for _ in range(60):
        telegram.message(1212, "/help")
    telegram.message(1313, "/help")
    await telegram.settle()
    flooded = len(telegram.of("sendMessage", chat_id=1212))
    assert 20 <= flooded < 30  # the burst, and what refilled meanwhile
    assert len(telegram.of("sendMessage", chat_id=1313)) == 1
