"""Every screen of the bot in every configured language: no error, no English interface text."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest
from tortoise.expressions import Q

from courses.i18n import translations
from courses.models import Base, CourseText, Intake
from courses.settings import DEFAULT_LOCALES
from courses.vocabulary import Status
from tests.bot.conftest import Chat, RunningBot
from tests.english_leaks import english_messages
from tests.fake_telegram import Call

pytestmark = pytest.mark.usefixtures("catalogue")

# Catalogue content is bold or italic in the bot's messages; the rest is interface text.
CONTENT = re.compile(r"<(b|i|a)\b[^>]*>.*?</\1>", re.S)
ENDS = re.compile(r"^\W+|\W+$")


async def offering(chat: Chat, mark: int, prefix: str) -> Call:
    """The first message to this chat since ``mark`` with a button whose data starts with ``prefix``."""
    return await chat.telegram.wait_for(
        ("sendMessage", "editMessageText"),
        lambda call: chat._mine(call) and any(b.get("callback_data", "").startswith(prefix)
                                              for b in call.buttons()),
        after=mark)


async def tap_first(chat: Chat, message: Call, prefix: str) -> Call:
    """Press the first inline button whose callback data starts with ``prefix``."""
    data = next(b["callback_data"] for b in message.buttons() if b.get("callback_data", "").startswith(prefix))
    mark = len(chat.telegram.calls)
    chat.telegram.callback(chat.user_id, data, message, language_code=chat.language_code)
    return await chat.expect(mark)


async def walk(running_bot: RunningBot, chats: list[Chat], locale: str) -> None:
    """Menu, every menu screen, browsing to a card, enrolling, /my, cancelling, search and location.

    Three learners share the walk: one learner sending it all at once would be cut by the flood limit.
    """
    gettext = translations(locale).gettext
    chat = chats[0]
    menu = await chat.say("/start")
    for button in [b for b in menu.buttons() if b["callback_data"].startswith("m:")]:
        await chat.tap(menu, button["text"])
    await chat.say("/help")
    await chat.say("/lang")
    await asyncio.sleep(1.1)  # a second tap on the same button within a second is only acknowledged
    tracks = await tap_first(chat, menu, "m:")
    fields = await tap_first(chat, tracks, "t:")
    listing = await tap_first(chat, fields, "g:")
    await tap_first(chat, listing, "c:")

    chat = chats[1]
    now = datetime.now(UTC)
    intakes = Intake.filter(Q(enroll_deadline__isnull=True) | Q(enroll_deadline__gt=now),
                            starts_at__gt=now, course__status=Status.PUBLISHED).order_by("id")
    for course_id in dict.fromkeys(await intakes.values_list("course_id", flat=True)):
        card = await chat.say(f"/start c{course_id}")
        if any(b.get("callback_data", "").startswith("e:") for b in card.buttons()):
            break
    else:
        raise AssertionError("no course with an open intake in the demo catalogue")
    ask_name = await tap_first(chat, card, "e:")
    await tap_first(chat, ask_name, "es:")
    mark = len(chat.telegram.calls)
    chat.telegram.message(chat.user_id, gettext("Skip"), language_code=chat.language_code)
    confirm = await offering(chat, mark, "es:yes")
    await tap_first(chat, confirm, "es:yes")
    my = await chat.say("/my")
    ask = await tap_first(chat, my, "x:")
    mark = len(chat.telegram.calls)
    await tap_first(chat, ask, "x:")
    await chat.telegram.wait_for("answerCallbackQuery", after=mark)

    title = await CourseText.filter(locale="en", course__status=Status.PUBLISHED).order_by("id").first()
    assert title is not None
    chat = chats[2]
    await chat.say(max(title.title.split(), key=len))
    await chat.say("qqqqxxxzzz")
    await chat.say("/cancel")
    base = await Base.filter(status=Status.PUBLISHED, latitude__not_isnull=True).order_by("id").first()
    assert base is not None
    mark = len(chat.telegram.calls)
    chat.telegram.location(chat.user_id, base.latitude, base.longitude, language_code=chat.language_code)
    nearest = await offering(chat, mark, "b:")
    await tap_first(chat, nearest, "b:")
    await running_bot.telegram.settle()


def shown(calls: list[Call], user_ids: set[int]) -> tuple[list[str], list[str]]:
    """(interface texts without catalogue content, button labels) the bot sent to these chats."""
    texts, labels = [], []
    for call in calls:
        if str(call.params.get("chat_id", call.params.get("user_id", ""))) not in {str(u) for u in user_ids} \
                and call.method != "answerCallbackQuery":
            continue
        texts.append(CONTENT.sub(" ", call.text))
        labels.extend(ENDS.sub("", button.get("text", "")) for button in call.buttons())
    return texts, labels


async def test_every_screen_in_every_locale(running_bot: RunningBot) -> None:
    failures = {}
    for offset, locale in enumerate(DEFAULT_LOCALES):
        user_ids = [3000 + 10 * offset + learner for learner in range(3)]
        mark = len(running_bot.telegram.calls)
        await walk(running_bot, [running_bot.chat(user_id, locale) for user_id in user_ids], locale)
        texts, labels = shown(running_bot.telegram.calls[mark:], set(user_ids))
        gettext = translations(locale).gettext
        went_wrong = gettext("Something went wrong on our side. Please try again in a moment.")
        assert not any(went_wrong in text for text in texts), locale
        if locale == "en":
            continue
        english, phrases = english_messages(locale)
        everything = "\n".join(texts)
        leaked = {label for label in labels if label in english}
        leaked |= {text.strip() for text in texts if text.strip() in english}
        leaked |= {phrase for phrase in phrases if phrase in everything}
        if leaked:
            failures[locale] = sorted(leaked)[:10]
    assert not failures, failures


async def test_a_card_in_another_language_says_which(running_bot: RunningBot) -> None:
    """A course with no Thai text shows its English title to a Thai learner, with a note in Thai."""
    thai = CourseText.filter(locale="th").values_list("course_id", flat=True)
    english = await CourseText.filter(course__status=Status.PUBLISHED, locale="en").exclude(
        course_id__in=await thai).order_by("course_id").first()
    assert english is not None
    card = await running_bot.chat(3100, "th").say(f"/start c{english.course_id}")
    assert card.text.startswith("<b>")
    assert "</b> <i>(เป็นภาษาอังกฤษ)</i>" in card.text.split("\n")[0]
