"""Results messages page their own search; the name step does not take a search (or text typed before
the question) for the learner's name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from courses.models import Intake, Learner
from courses.vocabulary import Status
from tests.bot.conftest import RunningBot

pytestmark = pytest.mark.usefixtures("catalogue")
ASK_NAME = "Which name should the course know you by?"
ASK_PHONE = "Share your phone number, or skip."


async def test_next_page_under_an_older_results_message_pages_that_search(running_bot: RunningBot) -> None:
    chat = running_bot.chat(3001)
    first = await chat.say("training", contains="Found for “training”")
    second = await chat.say("elder", contains="Found for “elder”")
    assert second.button("Next")
    # The older message's Next: its own query, although "elder" is the chat's latest search.
    page_two = await chat.tap(first, "Next", contains="Page 2 of")
    assert "Found for “training”" in page_two.text
    assert int(page_two.params["message_id"]) == first.params["_message_id"]  # edited in place
    # Back from a course opened on that page returns to the same search and page.
    card = await chat.tap(page_two, page_two.buttons()[0]["text"])
    assert card.button("Back")["callback_data"] == first.button("Next")["callback_data"]
    # And the newer message still pages its own.
    assert "Found for “elder”" in (await chat.tap(second, "Next", contains="Page 2 of")).text


async def test_a_forgotten_search_key_asks_for_the_words_again(running_bot: RunningBot) -> None:
    chat = running_bot.chat(3002)
    await chat.say("training", contains="Found for")
    answer = await chat.press("s:123456789:1")
    assert answer.params.get("text") == "This search has expired. Send your words again."


async def ask_for_name(running_bot: RunningBot, user_id: int):  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    candidates = await Intake.filter(course__status=Status.PUBLISHED, starts_at__gt=now).order_by("id")
    intake = next(i for i in candidates if i.enroll_deadline is None or i.enroll_deadline > now)
    await Intake.filter(id=intake.id).update(capacity=intake.seats_taken + 5)
    chat = running_bot.chat(user_id)
    card = await chat.say(f"/start c{intake.course_id}")
    label = next(b["text"] for b in card.buttons() if b["callback_data"] == f"e:{intake.id}")
    return chat, await chat.tap(card, label, contains=ASK_NAME)


async def test_text_typed_before_the_question_is_not_taken_for_a_name(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    chat, question = await ask_for_name(running_bot, 3003)
    # "Anna Wu" was typed while the tap was on its way: its id is older than the question's.
    mark = len(telegram.calls)
    telegram.message(3003, "Anna Wu", message_id=int(question.params["_message_id"]) - 1)
    asked = await chat.expect(mark, contains="Is “Anna Wu” the name")
    assert ASK_PHONE not in asked.text
    assert asked.button("Use “Li Wei”")
    phone = await chat.tap(asked, "Yes, “Anna Wu” is my name", contains=ASK_PHONE)
    assert phone
    confirm = await chat.say("Skip", contains="Please check and confirm:")
    assert "Name: Anna Wu" in confirm.text


async def test_a_search_in_the_name_step_asks_and_can_search_instead(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    chat, _question = await ask_for_name(running_bot, 3004)
    asked = await chat.say("welding", contains="Is “welding” the name")
    results = await chat.tap(asked, "No, search for “welding”", contains="Found for “welding”")
    assert results
    # The flow is left: the next words are a search too, not a phone number step.
    assert await chat.say("Skip", contains="for “Skip”")
    await telegram.settle()
    assert not [c for c in telegram.of("sendMessage", chat_id=3004) if ASK_PHONE in c.text]
    learner = await Learner.get(telegram_id=3004)
    assert learner.display_name == "Li Wei"


async def test_a_name_typed_after_the_question_is_taken_and_the_telegram_name_button_stays(
        running_bot: RunningBot) -> None:
    chat, question = await ask_for_name(running_bot, 3005)
    assert question.button("Use “Li Wei”")
    phone = await chat.say("Anna Wu", contains=ASK_PHONE)
    assert phone
    confirm = await chat.say("Skip", contains="Please check and confirm:")
    assert "Name: Anna Wu" in confirm.text
    chat2, question2 = await ask_for_name(running_bot, 3006)
    await chat2.tap(question2, "Use “Li Wei”", contains=ASK_PHONE)
    assert "Name: Li Wei" in (await chat2.say("Skip", contains="Please check and confirm:")).text


async def test_odd_digits_in_callback_data_and_payloads_are_refused_not_crashed(running_bot: RunningBot) -> None:
    chat = running_bot.chat(3007)
    for data in ("c:²", "e:²", "s:²:1", "s:1:²", "x:²:1", "my:²", "b:٣٣٣٣٣٣٣٣٣٣٣٣", "e:99999999999"):
        answer = await chat.press(data)
        assert answer.params.get("text") in ("This button is no longer valid.", "This intake is no longer available.",
                                             "This search has expired. Send your words again."), (data, answer)
    card = await chat.say("/start c²")
    assert "Something went wrong" not in card.text
    await running_bot.telegram.settle()
    # Each query answered exactly once (Telegram refuses a second answer).
    answered = [c.params["callback_query_id"] for c in running_bot.telegram.of("answerCallbackQuery")]
    assert len(answered) == len(set(answered)) == 8
