"""A learner's personal data: export everything as JSON, or delete the learner.

Deletion keeps what statistics need and nothing that identifies the person: enrollments stay
without a learner; credit records are removed, or kept without a learner when the learner
wants their verification codes to go on proving the completions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class CreditRecordChoice(StrEnum):
    REMOVE = "remove"
    ANONYMIZE = "anonymize"


@dataclass(frozen=True, slots=True)
class DeletionReport:
    learner_id: int
    enrollments_cancelled: int
    enrollments_anonymized: int
    credit_records_removed: int
    credit_records_anonymized: int
    notifications_removed: int


async def export_learner(learner_id: int) -> dict[str, Any]:
    """Return everything stored about the learner as a JSON-serializable dict.

    Keys: ``learner`` (profile, without the password hash), ``enrollments``,
    ``credit_records``, ``notifications``, ``link_tokens`` (dates only), ``exported_at`` is
    not included so that two exports of unchanged data are equal. Datetimes are ISO 8601
    strings, decimals are strings.

    :raises NotFound: no such learner.
    """
    raise NotImplementedError


async def delete_learner(learner_id: int, *, credit_records: CreditRecordChoice,
                         now: datetime) -> DeletionReport:
    """Delete the learner and everything that identifies them.

    Active enrollments are cancelled first (seats freed, waitlists promoted, the promoted
    learners notified); then every enrollment loses its learner, credit records are removed
    or anonymized as chosen, pending notifications and link tokens are deleted, and so is
    the learner row.

    :raises NotFound: no such learner.
    """
    raise NotImplementedError
