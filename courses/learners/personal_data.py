"""A learner's personal data: export everything as JSON, or delete the learner.

Deletion keeps what statistics need and nothing that identifies the person: enrollments stay
without a learner; credit records are removed, or kept without a learner when the learner
wants their verification codes to go on proving the completions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, cast

from tortoise.models import Model
from tortoise.transactions import in_transaction

from courses.enrollment.seats import cancel_locked, lock_intake
from courses.errors import NotFound
from courses.models import CreditRecord, Enrollment, Learner, LinkToken, Outbox
from courses.outcomes.tables import ConversionApplication, Outcome, OutcomeEvent
from courses.reach_models import AccountToken, Watch
from courses.storage.db import retry_when_busy
from courses.storage.sql import execute

__all__ = [
    "EXPORTED",
    "WITHHELD",
    "CreditRecordChoice",
    "delete_learner",
    "export_learner",
]


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


# What the export holds of each table a learner owns: its key in the export and the columns (never a
# secret: token hashes, the proof's file path). A table with a learner column that is missing here is
# caught by a test, so a new one cannot be left out of the export unnoticed.
EXPORTED: dict[type[Model], tuple[str, tuple[str, ...]]] = {
    Enrollment: ("enrollments", ("id", "intake_id", "intake__course_id", "intake__starts_at", "status", "source",
                                 "created_at", "updated_at")),
    CreditRecord: ("credit_records", ("id", "course_id", "enrollment_id", "track", "hours", "credits",
                                      "completed_at", "verification_code", "created_at")),
    Outbox: ("notifications", ("id", "channel", "kind", "payload", "status", "attempts", "created_at",
                               "sent_at")),
    LinkToken: ("link_tokens", ("id", "expires_at", "used_at")),
    AccountToken: ("mailed_links", ("id", "purpose", "expires_at", "used_at")),
    Watch: ("watches", ("id", "course_id", "created_at")),
    Outcome: ("outcomes", ("id", "kind", "name", "level", "issuer", "number", "issued_on", "valid_until",
                           "proof_type", "status", "reason", "created_at", "updated_at")),
    OutcomeEvent: ("outcome_events", ("id", "outcome_id", "application_id", "what", "detail", "created_at")),
}
# Learner columns the export leaves out, and why: the hash is a secret (``has_password`` says whether
# there is one); the epoch is a counter that only ends old sessions.
WITHHELD = ("password_hash", "session_epoch")


async def export_learner(learner_id: int) -> dict[str, Any]:
    """Return everything stored about the learner as a JSON-serializable dict.

    Keys: ``learner`` (every column but :data:`WITHHELD`, plus ``has_password``), one key per table
    of :data:`EXPORTED` (``enrollments``, ``credit_records``, ``notifications``, ``link_tokens`` and
    ``mailed_links`` with dates only, ``watches``, ``outcomes``, ``outcome_events``) and
    ``conversion_applications`` (of the learner's outcomes). No
    ``exported_at``, so that two exports of unchanged data are equal. Dates and datetimes are
    ISO 8601 strings, decimals are strings.

    :raises NotFound: no such learner.
    """
    learner = await Learner.get_or_none(id=learner_id)
    if learner is None:
        raise NotFound("learner", learner_id=learner_id)
    meta = Learner._meta
    columns = [name for name in meta.fields_map if name in meta.db_fields and name not in WITHHELD]
    profile = {name: getattr(learner, name) for name in columns} | {"has_password": learner.password_hash is not None}
    data: dict[str, Any] = {"learner": _plain(profile)}
    for model, (key, fields) in EXPORTED.items():
        data[key] = [_plain(row) for row in
                     await model.filter(learner_id=learner_id).order_by("id").values(*fields)]
    data["conversion_applications"] = [_plain(row) for row in await ConversionApplication.filter(
        outcome__learner_id=learner_id).order_by("id").values("id", "outcome_id", "rule_id", "status", "reason",
                                                              "credit_record_id", "created_at", "updated_at")]
    return data


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Make one row JSON-ready: ISO dates, decimal strings, enum values, friendlier key names."""
    def value(v: Any) -> Any:
        if isinstance(v, date):  # a datetime too
            return v.isoformat()
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, Enum):
            return v.value
        return v
    return {key.replace("intake__", ""): value(v) for key, v in row.items()}


async def delete_learner(learner_id: int, *, credit_records: CreditRecordChoice,
                         now: datetime) -> DeletionReport:
    """Delete the learner and everything that identifies them.

    Active enrollments are cancelled first (seats freed, waitlists promoted, the promoted
    learners notified); then every enrollment loses its learner, credit records are removed
    or anonymized as chosen, pending notifications and link tokens are deleted, and so is
    the learner row.

    :raises NotFound: no such learner.
    """
    async def attempt() -> DeletionReport:
        async with in_transaction() as conn:
            # First write: SQLite's lock is held before anything is read.
            if not await execute(conn, "UPDATE learner SET updated_at = updated_at WHERE id = ?", [learner_id]):
                raise NotFound("learner", learner_id=learner_id)
            # A flat values_list gives one value per row; Tortoise types the rows as tuples.
            intakes = sorted(set(cast(list[int], await Enrollment.filter(learner_id=learner_id, active=True)
                                      .using_db(conn).values_list("intake_id", flat=True))))
            # Lock the intakes in id order (as every other writer does) before changing their seats.
            for intake_id in intakes:
                await lock_intake(conn, intake_id)
            active = await (Enrollment.filter(learner_id=learner_id, active=True).using_db(conn)
                            .order_by("intake_id"))
            for enrollment in active:
                await cancel_locked(conn, enrollment, now=now)
            anonymized = await Enrollment.filter(learner_id=learner_id).using_db(conn).update(learner_id=None)
            records = CreditRecord.filter(learner_id=learner_id).using_db(conn)
            if credit_records is CreditRecordChoice.REMOVE:
                removed, kept = await records.delete(), 0
            else:
                removed, kept = 0, await records.update(learner_id=None)
            notifications = await Outbox.filter(learner_id=learner_id).using_db(conn).delete()
            await LinkToken.filter(learner_id=learner_id).using_db(conn).delete()
            await Learner.filter(id=learner_id).using_db(conn).delete()
            return DeletionReport(learner_id, len(active), anonymized, removed, kept, notifications)

    return await retry_when_busy(attempt)
