"""/verify CODE and shared verification links answer with the record's facts in the learner's language;
/my offers the learner's own credits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from courses.credits import format_code, record_completion
from courses.models import Learner
from tests.bot.conftest import RunningBot
from tests.courses.credits.records import COMPLETED, TITLES, credit, credited_course


async def test_verify_a_code_in_the_learners_language(running_bot: RunningBot) -> None:
    _, entry = await credit()
    code = format_code(entry.verification_code)
    english = await running_bot.chat(2001).say(f"/verify {code.lower()}", contains="genuine")
    assert TITLES["en"] in english.text and code in english.text and "48" in english.text
    assert any(b.get("url", "").endswith(f"/en/verify/{code}") for b in english.buttons())
    arabic = await running_bot.chat(2002, language_code="ar").say(f"/verify {code}")
    assert TITLES["ar"] in arabic.text and "genuine" not in arabic.text  # translated, Arabic title
    await running_bot.chat(2001).say("/verify ABCD-EFGH-JKMN", contains="No credit has this verification code")
    await running_bot.chat(2001).say("/verify", contains="/verify ABCD-EFGH-JKMN")


async def test_a_shared_verification_link_is_answered(running_bot: RunningBot) -> None:
    _, entry = await credit()
    code = format_code(entry.verification_code)
    answer = await running_bot.chat(2003).say(f"Please check https://portal.example.org/fr/verify/{code} thanks",
                                              contains="genuine")
    assert TITLES["en"] in answer.text


async def test_my_offers_my_own_credits(running_bot: RunningBot) -> None:
    chat = running_bot.chat(2004)
    await chat.say("/start")
    learner = await Learner.get(telegram_id=2004)
    course = await credited_course("mine")
    entry = await record_completion(learner.id, course.id, completed_at=COMPLETED)
    my = await chat.say("/my")
    credits = await chat.tap(my, "My credits", contains="My credits")
    code = format_code(entry.verification_code)
    assert code in credits.text and TITLES["en"] in credits.text
    assert any(b.get("url", "").endswith(f"/en/verify/{code}") for b in credits.buttons())


async def test_my_credits_say_this_years_hours_against_the_requirement_in_russian(running_bot: RunningBot) -> None:
    chat = running_bot.chat(2005, "ru")
    await chat.say("/start")
    learner = await Learner.get(telegram_id=2005)
    course = await credited_course("hours")  # professional, 48 hours
    await record_completion(learner.id, course.id, completed_at=datetime.now(UTC) - timedelta(minutes=5))
    my = await chat.say("/my")
    credits = await chat.tap(my, "Мои зачётные единицы", contains="Часы непрерывного образования")
    # 48 of the 90 a year, all professional: 42 more, of them 12 professional (60 required).
    assert "48 часов, из них 48 часов по профессиональным предметам" in credits.text
    assert "Ещё 42 часа, из них 12 часов по профессиональным предметам." in credits.text
    assert any(b.get("url", "").endswith("/ru/account/hours") for b in credits.buttons())
