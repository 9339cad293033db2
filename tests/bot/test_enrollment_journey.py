"""The enrollment journey in the bot as new users live it: in Russian, commands inside the flow,
eligibility at the first tap, one answer per enrollment, personal screens kept out of groups."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.support import Translations

from courses.i18n import LOCALE_DIR
from courses.models import Enrollment, Intake, Learner, Outbox
from courses.vocabulary import EnrollmentStatus, OutboxStatus, Status
from tests.bot.conftest import RunningBot

pytestmark = pytest.mark.usefixtures("catalogue")
RU = Translations.load(str(LOCALE_DIR), ["ru"], "messages")


def ru(msgid: str) -> str:
    return RU.gettext(msgid)


async def open_intake() -> Intake:
    now = datetime.now(UTC)
    candidates = await Intake.filter(course__status=Status.PUBLISHED, starts_at__gt=now).order_by("id")
    intake = next(i for i in candidates if i.enroll_deadline is None or i.enroll_deadline > now)
    await Intake.filter(id=intake.id).update(capacity=intake.seats_taken + 5)
    return intake


async def test_a_russian_learner_enrolls_with_a_command_midway_and_is_told_once(running_bot: RunningBot) -> None:
    intake = await open_intake()
    chat = running_bot.chat(2001, language_code="ru")
    card = await chat.say(f"/start c{intake.course_id}")
    data = f"e:{intake.id}"
    label = next(b["text"] for b in card.buttons() if b["callback_data"] == data)
    assert len(label) <= 32 and ":" in label  # date, time, offset, seats: fits a phone's button
    await chat.tap(card, label, contains=ru("Which name should the course know you by? Type it, or keep "
                                            "your Telegram name. /cancel stops.")[:20])
    # A command inside the name step does what it says and leaves the flow.
    my = await chat.say("/my", contains=ru("You have no enrollments yet. Find a course with /courses "
                                           "or just type a few words.")[:15])
    assert my
    card = await chat.say(f"/start c{intake.course_id}")  # a new card: the double-tap guard is per message
    ask = await chat.tap(card, label, contains=ru("Which name should the course know you by? Type it, or keep "
                                                  "your Telegram name. /cancel stops.")[:20])
    await chat.tap(ask, ru("Use “{name}”").split("{")[0][:8])
    confirm = await chat.say(ru("Skip"), contains=ru("Please check and confirm:"))
    assert ru("Course: {title}").split("{")[0] in confirm.text
    assert ru("Where: {place}").split("{")[0] in confirm.text and "(" in confirm.text  # the zone's name
    done = await chat.tap(confirm, ru("Confirm"), contains=ru("You are enrolled. We will remind you the day "
                                                              "before the course starts.")[:12])
    assert done.button(ru("My enrollments")) and done.button(ru("Add to calendar"))["url"].endswith(
        f"/ru/intakes/{intake.id}.ics")
    learner = await Learner.get(telegram_id=2001)
    enrollment = await Enrollment.get(learner_id=learner.id)
    assert enrollment.status is EnrollmentStatus.ENROLLED
    # The chat said it: the Outbox keeps the record but will not send a second "you are enrolled".
    assert await Outbox.filter(learner_id=learner.id).values_list("status", flat=True) == [
        OutboxStatus.SUPPRESSED]
    # A second tap on the intake is answered at once, before any question.
    card = await chat.say(f"/start c{intake.course_id}")
    answer = await chat.press(data, card)
    assert answer.params.get("text") == ru("You are already enrolled in this intake.")


async def test_a_full_intake_says_waitlist_at_the_first_tap(running_bot: RunningBot) -> None:
    intake = await open_intake()
    await Intake.filter(id=intake.id).update(capacity=intake.seats_taken)
    chat = running_bot.chat(2002)
    card = await chat.say(f"/start c{intake.course_id}")
    answer = await chat.press(f"e:{intake.id}", card)
    assert answer.params.get("text") == "This intake is full: you can join its waitlist."


async def test_personal_screens_stay_out_of_groups(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    intake = await open_intake()
    owner = running_bot.chat(2003)
    card = await owner.say(f"/start c{intake.course_id}")
    ask = await owner.tap(card, next(b["text"] for b in card.buttons() if b["callback_data"] == f"e:{intake.id}"),
                          contains="Which name")
    await owner.tap(ask, "Use")
    confirm = await owner.say("Skip", contains="confirm")
    await owner.tap(confirm, "Confirm", contains="You ")
    enrollment = await Enrollment.get(learner__telegram_id=2003)
    # Another member taps "cancel" for that enrollment on a bot message in a group.
    mark = len(telegram.calls)
    telegram.push({"callback_query": {
        "id": "cq-group", "from": telegram.user(2004), "chat_instance": "group",
        "message": {"message_id": 77, "date": 0, "chat": {"id": -100500, "type": "supergroup", "title": "g"},
                    "text": "…"},
        "data": f"x:{enrollment.id}:1"}})
    answer = await telegram.wait_for("answerCallbackQuery",
                                     lambda c: c.params.get("callback_query_id") == "cq-group", after=mark)
    assert str(answer.params.get("url", "")).startswith("https://t.me/lifelong_test_bot")
    await telegram.settle()
    assert not [c for c in telegram.calls[mark:] if c.method in ("editMessageText", "sendMessage")
                and str(c.params.get("chat_id")) in ("-100500", "2004")]
    assert len([c for c in telegram.calls[mark:]
                if c.params.get("callback_query_id") == "cq-group"]) == 1
    await enrollment.refresh_from_db()
    assert enrollment.status is EnrollmentStatus.ENROLLED
    # /my in a group: a button to the private chat, no enrollments shown there.
    mark = len(telegram.calls)
    telegram.push({"message": {"message_id": 78, "date": 0, "text": "/my",
                               "entities": [{"type": "bot_command", "offset": 0, "length": 3}],
                               "chat": {"id": -100500, "type": "supergroup", "title": "g"},
                               "from": telegram.user(2003)}})
    reply = await telegram.wait_for("sendMessage", after=mark)
    assert "private" in reply.text and reply.buttons()[0]["url"].startswith("https://t.me/")
