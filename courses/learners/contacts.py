"""A learner's phone number, shared from Telegram's contact button or typed in a form."""

from __future__ import annotations

import re

from courses.errors import InvalidInput, NotFound
from courses.models import Learner

__all__ = [
    "InvalidPhone",
    "normalize_phone",
    "record_phone",
]

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,30}[0-9]$")


class InvalidPhone(InvalidInput):
    code = "invalid_phone"


def normalize_phone(raw: str) -> str:
    """``+86 138-0000-0000`` → ``+8613800000000``; Telegram sends numbers without the plus.

    :raises InvalidPhone: not a phone number.
    """
    raw = raw.strip()
    if not _PHONE.match(raw):
        raise InvalidPhone("not a phone number", field="phone")
    digits = re.sub(r"[^0-9]", "", raw)
    if not 6 <= len(digits) <= 15:  # E.164 allows at most 15 digits
        raise InvalidPhone("not a phone number", field="phone")
    return "+" + digits


async def record_phone(learner_id: int, phone: str) -> str:
    """Store the learner's phone number (normalized) and return it.

    :raises InvalidPhone: not a phone number.
    :raises NotFound: no such learner.
    """
    normalized = normalize_phone(phone)
    updated = await Learner.filter(id=learner_id).update(phone=normalized)
    if not updated:
        raise NotFound("no such learner", learner_id=learner_id)
    return normalized
