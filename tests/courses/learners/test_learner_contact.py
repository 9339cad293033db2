"""A learner's phone number: normalized, validated, stored."""

from __future__ import annotations

import pytest

from courses.errors import NotFound
from courses.learners import InvalidPhone, normalize_phone, record_phone
from courses.models import Learner


@pytest.mark.parametrize(("raw", "expected"), [
    ("+86 138-0000-0000", "+8613800000000"),
    ("8613800000000", "+8613800000000"),  # Telegram's contact button sends no plus
    ("+7 (900) 123-45-67", "+79001234567"),
])
def test_phone_numbers_are_normalized(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "Skip", "12345", "+1 (555) CALL-NOW", "1" * 16, "+", "12 34 ab 56 78",
                                 "<b>+8613800000000</b>"])
def test_what_is_not_a_phone_number_is_refused(raw: str) -> None:
    with pytest.raises(InvalidPhone) as caught:
        normalize_phone(raw)
    assert caught.value.code == "invalid_phone"


async def test_record_phone_stores_the_normalized_number(db: str) -> None:
    learner = await Learner.create(telegram_id=1)
    assert await record_phone(learner.id, "+86 138 0000 0000") == "+8613800000000"
    await learner.refresh_from_db()
    assert learner.phone == "+8613800000000"
    with pytest.raises(NotFound):
        await record_phone(learner.id + 1, "+8613800000000")
    with pytest.raises(InvalidPhone):
        await record_phone(learner.id, "call me")
