"""Whole conversations over polling: browse → enroll → /my → cancel, search, location, inline mode."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from courses.i18n import translations
from courses.models import Base, CourseText, Enrollment, Intake, Learner
from courses.search import search_help
from courses.vocabulary import EnrollmentStatus, Status, labels
from tests.bot.conftest import RunningBot
from tests.fake_telegram import Call

pytestmark = pytest.mark.usefixtures("catalogue")


async def open_a_course(running_bot: RunningBot, user_id: int) -> tuple[Call, object]:
    """/start → Courses → a track → its first field → its first course with an open intake."""
    chat = running_bot.chat(user_id)
    menu = await chat.say("/start")
    tracks = await chat.tap(menu, "Courses", contains="Which kind")
    assert tracks.method == "editMessageText"  # taps edit the message in place
    fields = await chat.tap(tracks, "Continuing", contains="Choose a field")
    field_buttons = [b for b in fields.buttons() if b["callback_data"].startswith("g:")]
    for field_button in field_buttons:
        listing = await chat.tap(fields, field_button["text"], contains="Page")
        for course_button in [b for b in listing.buttons() if b["callback_data"].startswith("c:")]:
            card = await chat.tap(listing, course_button["text"])
            if any(b["callback_data"].startswith("e:") for b in card.buttons()):
                return card, chat
            listing = await chat.tap(card, "Back", contains="Page")
        fields = await chat.tap(listing, "Back", contains="Choose a field")
    raise AssertionError("no course with an open intake in the demo catalogue")


async def enroll_by_bot(running_bot: RunningBot, user_id: int) -> tuple[Call, object, Learner, Enrollment]:
    """Open a course, take its first intake with the Telegram name and a shared phone: the confirmation
    message, the chat, the learner and their one enrollment."""
    card, chat = await open_a_course(running_bot, user_id)
    assert "Intakes" in card.text
    intake_button = next(b for b in card.buttons() if b["callback_data"].startswith("e:"))
    ask_name = await chat.tap(card, intake_button["text"], contains="Which name")
    ask_phone = await chat.tap(ask_name, "Use", contains="phone")
    assert any(button.get("request_contact") for button in ask_phone.buttons())
    mark = len(running_bot.telegram.calls)
    running_bot.telegram.contact(user_id, "+86 138 0000 0000")
    confirm = await chat.expect(mark, contains="confirm")
    done = await chat.tap(confirm, "Confirm", contains="You ")
    learner = await Learner.get(telegram_id=user_id)
    (enrollment,) = await Enrollment.filter(learner_id=learner.id)
    return done, chat, learner, enrollment


async def test_browse_enroll_my_and_cancel(running_bot: RunningBot) -> None:
    done, chat, learner, enrollment = await enroll_by_bot(running_bot, 1001)
    assert learner.phone == "+8613800000000" and learner.display_name == "Li Wei"
    if enrollment.status is EnrollmentStatus.WAITLISTED:
        assert "waitlist" in done.text
    else:
        assert enrollment.status is EnrollmentStatus.ENROLLED and "enrolled" in done.text

    my = await chat.say("/my", contains="My enrollments")
    # The same words as the portal's list of enrollments.
    assert labels.ENROLLMENT_STATUS[enrollment.status] in my.text
    ask = await chat.tap(my, "Cancel", contains="Cancel your place")
    mark = len(running_bot.telegram.calls)
    await chat.tap(ask, "Yes, cancel")
    answer = await running_bot.telegram.wait_for("answerCallbackQuery", lambda c: "cancelled" in
                                                 str(c.params.get("text")), after=mark)
    assert answer
    await enrollment.refresh_from_db()
    assert enrollment.status is EnrollmentStatus.CANCELLED


async def test_an_ended_intake_is_listed_as_ended_not_enrolled(running_bot: RunningBot) -> None:
    _, chat, _, enrollment = await enroll_by_bot(running_bot, 1009)
    now = datetime.now(UTC)
    await Intake.filter(id=enrollment.intake_id).update(starts_at=now - timedelta(days=10),
                                                        ends_at=now - timedelta(days=1), enroll_deadline=None)
    my = await chat.say("/my", contains="My enrollments")
    assert labels.ENDED in my.text
    assert labels.ENROLLMENT_STATUS[EnrollmentStatus.ENROLLED] not in my.text
    assert "waitlist" not in my.text


async def test_a_typed_name_and_skipped_phone_and_cancel_midway(running_bot: RunningBot) -> None:
    card, chat = await open_a_course(running_bot, 1002)
    intake_button = next(b for b in card.buttons() if b["callback_data"].startswith("e:"))
    await chat.tap(card, intake_button["text"], contains="Which name")
    await chat.say("  Zhang   San ", contains="phone")
    await chat.say("/cancel", contains="Cancelled")
    assert not await Enrollment.filter(learner__telegram_id=1002).exists()
    # and again, this time to the end with a typed name and no phone (after the double-tap guard)
    await asyncio.sleep(1.1)
    await chat.tap(card, intake_button["text"], contains="Which name")
    await chat.say("Zhang San", contains="phone")
    confirm = await chat.say("Skip", contains="confirm")
    assert "Zhang San" in confirm.text
    await chat.tap(confirm, "Confirm", contains="You ")
    learner = await Learner.get(telegram_id=1002)
    assert learner.display_name == "Zhang San" and learner.phone is None
    assert await Enrollment.filter(learner_id=learner.id).count() == 1


async def test_confirming_twice_or_receiving_the_update_twice_enrolls_once(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    card, chat = await open_a_course(running_bot, 1003)
    intake_button = next(b for b in card.buttons() if b["callback_data"].startswith("e:"))
    ask_name = await chat.tap(card, intake_button["text"], contains="Which name")
    await chat.tap(ask_name, "Use", contains="phone")
    confirm = await chat.say("Skip", contains="confirm")
    data = confirm.button("Confirm")["callback_data"]
    mark = len(telegram.calls)
    telegram.callback(1003, data, confirm)
    telegram.push(dict(telegram.updates[-1]))  # the very same update delivered again
    telegram.callback(1003, data, confirm)  # a second tap: a new update with the same button
    await telegram.settle()
    learner = await Learner.get(telegram_id=1003)
    assert await Enrollment.filter(learner_id=learner.id).count() == 1
    confirmations = [c for c in telegram.calls[mark:] if c.method == "editMessageText" and "You " in c.text]
    assert len(confirmations) == 1


async def test_free_text_searches_and_pages(running_bot: RunningBot) -> None:
    text = await CourseText.filter(locale="en", course__status=Status.PUBLISHED).order_by("id").first()
    assert text is not None
    word = max(text.title.split(), key=len)
    chat = running_bot.chat(1004)
    results = await chat.say(word, contains="Found for")
    course_buttons = [b for b in results.buttons() if b["callback_data"].startswith(("c:", "b:"))]
    assert course_buttons
    card = await chat.tap(results, course_buttons[0]["text"])
    back = await chat.tap(card, "Back", contains="Found for")
    assert back.method == "editMessageText"
    nothing = await chat.say("qqqqxxxzzz", contains="Nothing found")
    assert nothing


async def test_a_search_that_finds_nothing_offers_fields_joined_as_russian_writes_alternatives(
        running_bot: RunningBot) -> None:
    help_ = await search_help("qqqqxxxzzz")
    assert len(help_.categories) >= 2
    russian = translations("ru").gettext
    fields = [russian(labels.CATEGORY[code]) for code in help_.categories]
    answer = await running_bot.chat(1014, language_code="ru").say("qqqqxxxzzz")
    offer = next(line for line in answer.text.splitlines() if fields[0] in line)
    assert offer.endswith(f"{fields[-2]} или {fields[-1]}"), offer
    assert all(field in offer for field in fields)


async def test_a_shared_location_lists_the_five_nearest_centres(running_bot: RunningBot) -> None:
    base = await Base.filter(status=Status.PUBLISHED, latitude__not_isnull=True).order_by("id").first()
    assert base is not None
    chat = running_bot.chat(1005)
    menu = await chat.say("/start")
    ask = await chat.tap(menu, "near me", contains="location")
    assert any(button.get("request_location") for button in ask.buttons())
    mark = len(running_bot.telegram.calls)
    running_bot.telegram.location(1005, base.latitude, base.longitude)
    nearest = await chat.expect(mark, contains="nearest")
    centres = [b for b in nearest.buttons() if b["callback_data"].startswith("b:")]
    assert len(centres) == 5
    assert centres[0]["callback_data"] == f"b:{base.id}"
    assert " m" in nearest.text or "km" in nearest.text
    card = await chat.tap(nearest, centres[0]["text"])
    assert card.text.startswith("<b>")


async def test_inline_query_offers_shareable_cards_with_a_deep_link(running_bot: RunningBot) -> None:
    text = await CourseText.filter(locale="en", course__status=Status.PUBLISHED).order_by("id").first()
    assert text is not None
    word = max(text.title.split(), key=len)
    mark = len(running_bot.telegram.calls)
    running_bot.telegram.inline_query(1006, word)
    answer = await running_bot.telegram.wait_for("answerInlineQuery", after=mark)
    results = answer.params["results"]
    assert results
    link = results[0]["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert link.startswith("https://t.me/lifelong_test_bot?start=c")
    # the deep link opens the card in the bot
    chat = running_bot.chat(1006)
    card = await chat.say("/start " + link.split("start=")[1], contains="<b>")
    assert any(b["callback_data"].startswith("e:") for b in card.buttons()) or "No intake" in card.text


async def test_russian_and_arabic_conversations_work(running_bot: RunningBot) -> None:
    for user_id, language in ((1007, "ru"), (1008, "ar")):
        chat = running_bot.chat(user_id, language)
        menu = await chat.say("/start")
        tracks = await chat.tap(menu, "📚")
        fields = await chat.tap(tracks, tracks.buttons()[0]["text"])
        assert fields.buttons()
        assert all("went wrong" not in call.text for call in running_bot.telegram.calls)


async def test_a_card_with_a_very_long_summary_stays_within_telegrams_limit(running_bot: RunningBot) -> None:
    text = await CourseText.filter(locale="en", course__status=Status.PUBLISHED).order_by("id").first()
    assert text is not None
    text.summary = "Welding <b>and</b> cutting & more. " * 400
    await text.save()
    card = await running_bot.chat(1009).say(f"/start c{text.course_id}", contains="Welding")
    assert len(card.text) <= 4096
    assert "&lt;b&gt;" in card.text and "…" in card.text  # escaped, and clipped


async def test_someone_elses_contact_is_not_taken_as_the_phone(running_bot: RunningBot) -> None:
    card, chat = await open_a_course(running_bot, 1010)
    intake_button = next(b for b in card.buttons() if b["callback_data"].startswith("e:"))
    ask_name = await chat.tap(card, intake_button["text"], contains="Which name")
    await chat.tap(ask_name, "Use", contains="phone")
    mark = len(running_bot.telegram.calls)
    running_bot.telegram.contact(1010, "+7 900 000 00 00", owner=99)
    assert "your own phone number" in (await chat.expect(mark)).text
    confirm = await chat.say("+7 (900) 123-45-67", contains="confirm")  # typed, it is taken
    assert "+79001234567" in confirm.text


async def test_group_chatter_is_not_searched(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    message = telegram._message(1011, "en", text="welding anyone?")
    message["chat"] = {"id": -500, "type": "group", "title": "Welders"}
    telegram.push({"message": message})
    await telegram.settle()
    assert not telegram.of("sendMessage", chat_id=-500)
