"""The bot's confirm step names an intake's place when it meets outside the learner's country."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.support import Translations

from courses.i18n import LOCALE_DIR
from courses.models import Base, CourseCountry, Intake
from courses.vocabulary import Status
from tests.bot.conftest import RunningBot

pytestmark = pytest.mark.usefixtures("catalogue")
TH = Translations.load(str(LOCALE_DIR), ["th"], "messages")


def th(msgid: str) -> str:
    return TH.gettext(msgid)


async def _open_intake(*, city: str | None) -> Intake:
    """An open intake with seats of a programme for Thailand, moved to ``city``'s centre (None: online)."""
    now = datetime.now(UTC)
    thai = await CourseCountry.filter(country="TH").values_list("course_id", flat=True)
    candidates = await Intake.filter(course_id__in=thai, course__status=Status.PUBLISHED,
                                     starts_at__gt=now).order_by("id")
    intake = next(i for i in candidates if i.enroll_deadline is None or i.enroll_deadline > now)
    base = await Base.get(city=city, status=Status.PUBLISHED, kind="luban_workshop") if city else None
    await Intake.filter(id=intake.id).update(capacity=intake.seats_taken + 5, base_id=base.id if base else None)
    return intake


async def _confirm_text(running_bot: RunningBot, user: int, intake: Intake) -> str:
    chat = running_bot.chat(user, language_code="th")
    card = await chat.say(f"/start c{intake.course_id}")
    label = next(b["text"] for b in card.buttons() if b["callback_data"] == f"e:{intake.id}")
    ask = await chat.tap(card, label, contains=th("Which name should the course know you by? Type it, or keep "
                                                  "your Telegram name. /cancel stops.")[:10])
    await chat.tap(ask, th("Use “{name}”").split("{")[0][:4])
    confirm = await chat.say(th("Skip"), contains=th("Please check and confirm:"))
    return confirm.text


async def test_a_thai_learner_is_told_before_confirming_that_the_intake_is_in_cairo(
        running_bot: RunningBot) -> None:
    intake = await _open_intake(city="Cairo")
    text = await _confirm_text(running_bot, 3101, intake)
    assert "⚠️ " + th("Held outside {country}: in {place}.").format(country="ไทย", place="ไคโร อียิปต์") in text


async def test_an_intake_in_thailand_or_online_carries_no_warning(running_bot: RunningBot) -> None:
    for user, city in ((3102, "Bangkok"), (3103, None)):
        intake = await _open_intake(city=city)
        text = await _confirm_text(running_bot, user, intake)
        assert th("Held outside {country}: in {place}.").split("{")[0] not in text, city
