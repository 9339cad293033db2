"""/my offers the learner's outcomes from elsewhere and what they convert into; applying from the bot,
a second application refused, and the approved conversion among the learner's credits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from courses.models import Learner
from courses.outcomes import decide_application
from courses.outcomes.tables import ConversionApplication
from tests.bot.conftest import RunningBot
from tests.courses.outcomes.account import CERTIFICATE, certificate, institution, reviewer


async def test_apply_from_the_bot_and_see_the_conversion(running_bot: RunningBot, tmp_path: Path) -> None:
    await institution("robots")
    chat = running_bot.chat(2101)
    await chat.say("/start")
    learner = await Learner.get(telegram_id=2101)
    outcome = await certificate(learner, tmp_path)
    my = await chat.say("/my")
    before = len(running_bot.telegram.calls)
    listed = await chat.tap(my, "Outcomes from elsewhere", contains=CERTIFICATE)
    await running_bot.telegram.wait_for("answerCallbackQuery", after=before, timeout=30)  # the tap's own
    assert "Elder care basics" in listed.text
    label = next(b["text"] for b in listed.buttons() if b["text"].startswith("Apply"))
    data = listed.button(label)["callback_data"]
    answered = await chat.press(data, listed)
    assert "sent to the institution" in answered.text
    application = await ConversionApplication.get(outcome_id=outcome.id)
    again = await chat.press(data)  # a stale button elsewhere (not a double tap of this one)
    assert "already applied" in again.text
    assert await ConversionApplication.filter(outcome_id=outcome.id).count() == 1
    await decide_application(await reviewer("robots"), application.id, approve=True, reason="",
                             now=datetime(2026, 12, 3, tzinfo=UTC))
    my = await chat.say("/my")
    credits = await chat.tap(my, "My credits", contains="My credits")
    assert "Elder care basics" in credits.text
