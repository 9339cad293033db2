"""The credit bank: completions become credit records; transcripts; public verification by code.

A verification code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
printed in groups of four (``ABCD-EFGH-JKMN``); lookups ignore case, spaces and dashes.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from courses.enrollment.seats import AlreadyCompleted, NotEnrolled
from courses.errors import NotFound
from courses.models import Course, CreditRecord, Enrollment, Learner
from courses.storage.db import retry_when_busy
from courses.storage.sql import execute
from courses.vocabulary.kinds import CreditSource, EnrollmentStatus, Track

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L look-alikes
CODE_LENGTH = 12

__all__ = [
    "AlreadyCompleted",
    "CreditEntry",
    "NotEnrolled",
    "Totals",
    "complete_enrollment",
    "format_code",
    "record_completion",
    "transcript",
    "verify",
]


@dataclass(frozen=True, slots=True)
class CreditEntry:
    """One credit record of a learner."""

    id: int
    course_id: int
    enrollment_id: int | None
    track: Track
    hours: int
    credits: Decimal
    completed_at: datetime
    verification_code: str
    name_shown: bool = False  # the learner's name is on the record's public page
    revoked: bool = False
    by_conversion: bool = False  # granted by converting an outcome from elsewhere
    partners_allowed: bool = False  # the learner lets partners read it through the API


@dataclass(frozen=True, slots=True)
class Totals:
    hours: int
    credits: Decimal
    courses: int


@dataclass(frozen=True, slots=True)
class Transcript:
    """A learner's credit-bank account: every record, newest first, with totals."""

    learner_id: int
    entries: list[CreditEntry]
    total: Totals
    by_track: dict[Track, Totals]
    by_year: dict[int, Totals]  # year of completion (UTC)


@dataclass(frozen=True, slots=True)
class Verification:
    """What anyone holding a verification code may see: no learner data at all."""

    course_id: int
    hours: int
    credits: Decimal
    completed_on: date
    verification_code: str


def format_code(code: str) -> str:
    """Return a stored verification code in its printed form, ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _entry(record: CreditRecord) -> CreditEntry:
    return CreditEntry(record.id, record.course_id, record.enrollment_id, Track(record.track), record.hours,
                       Decimal(record.credits), record.completed_at, record.verification_code,
                       record.show_name, record.revoked_at is not None,
                       record.source == CreditSource.CONVERSION, record.partner_consent)


async def _write_record(conn: BaseDBAsyncClient, **values: object) -> CreditRecord:
    # 31^12 codes make a clash practically impossible; a savepoint would be needed to retry inside
    # the transaction, so a clash fails the whole call and the caller's retry draws a new code.
    return await CreditRecord.create(using_db=conn, verification_code=_new_code(), **values)


async def complete_enrollment(enrollment_id: int, *, completed_at: datetime) -> CreditEntry:
    """Mark an ``enrolled`` enrollment completed and write its credit record (course hours and credits).

    The seat stays taken (the learner used it).

    :raises NotFound: no such enrollment, or its learner was deleted.
    :raises AlreadyCompleted: it is completed already.
    :raises NotEnrolled: it is waitlisted or cancelled.
    """
    async def attempt() -> CreditEntry:
        async with in_transaction() as conn:
            # The conditional UPDATE is the first write (SQLite's lock before any read) and lets
            # exactly one of two concurrent completions through.
            done = await execute(conn, "UPDATE enrollment SET status = ?, active = NULL, updated_at = ?"
                                       " WHERE id = ? AND status = ? AND learner_id IS NOT NULL",
                                 [EnrollmentStatus.COMPLETED.value, datetime.now(UTC), enrollment_id,
                                  EnrollmentStatus.ENROLLED.value])
            enrollment = await Enrollment.get_or_none(id=enrollment_id, using_db=conn).select_related(
                "intake__course")
            if enrollment is None or enrollment.learner_id is None:
                raise NotFound("enrollment", enrollment_id=enrollment_id)
            if not done:
                if enrollment.status == EnrollmentStatus.COMPLETED:
                    raise AlreadyCompleted(enrollment_id=enrollment_id)
                raise NotEnrolled(enrollment_id=enrollment_id, status=enrollment.status)
            course: Course = enrollment.intake.course
            record = await _write_record(conn, learner_id=enrollment.learner_id, course_id=course.id,
                                         enrollment_id=enrollment.id, track=course.track, hours=course.hours,
                                         credits=course.credits, completed_at=completed_at)
            return _entry(record)

    return await _retry_code_clash(attempt)


async def _retry_code_clash(attempt: Callable[[], Awaitable[CreditEntry]]) -> CreditEntry:
    try:
        return await retry_when_busy(attempt)
    except IntegrityError:
        return await retry_when_busy(attempt)


async def record_completion(learner_id: int, course_id: int, *, completed_at: datetime,
                            hours: int | None = None, credits: Decimal | None = None,
                            source: CreditSource = CreditSource.COMPLETION) -> CreditEntry:
    """Write a credit record for a completion without an enrollment here (an import of past results,
    or an outcome from elsewhere converted under a rule: ``source`` says which).

    Hours and credits default to the course's.

    :raises NotFound: no such learner or course.
    :raises AlreadyCompleted: the learner already has a credit record for this course.
    """
    course = await Course.get_or_none(id=course_id)
    if course is None:
        raise NotFound("course", course_id=course_id)

    async def attempt() -> CreditEntry:
        async with in_transaction() as conn:
            # Touch the learner first: SQLite's write lock before the duplicate check reads.
            if not await execute(conn, "UPDATE learner SET updated_at = updated_at WHERE id = ?", [learner_id]):
                raise NotFound("learner", learner_id=learner_id)
            if await CreditRecord.filter(learner_id=learner_id, course_id=course_id).using_db(conn).exists():
                raise AlreadyCompleted(course_id=course_id)
            record = await _write_record(
                conn, learner_id=learner_id, course_id=course_id, enrollment_id=None, track=course.track,
                hours=course.hours if hours is None else hours,
                credits=course.credits if credits is None else credits, completed_at=completed_at,
                source=source)
            return _entry(record)

    return await _retry_code_clash(attempt)


def _add(totals: dict, key: object, record: CreditEntry) -> None:
    hours, credits, count = totals.get(key, (0, Decimal(0), 0))
    totals[key] = (hours + record.hours, credits + record.credits, count + 1)


async def transcript(learner_id: int) -> Transcript:
    """Return the learner's credit records and totals by track and by year.

    :raises NotFound: no such learner.
    """
    if not await Learner.exists(id=learner_id):
        raise NotFound("learner", learner_id=learner_id)
    records = await CreditRecord.filter(learner_id=learner_id).order_by("-completed_at", "-id")
    entries = [_entry(r) for r in records]
    total: dict = {}
    by_track: dict = {}
    by_year: dict = {}
    for entry in entries:
        _add(total, None, entry)
        _add(by_track, entry.track, entry)
        _add(by_year, entry.completed_at.astimezone(UTC).year, entry)
    return Transcript(
        learner_id=learner_id, entries=entries,
        total=Totals(*total.get(None, (0, Decimal(0), 0))),
        by_track={track: Totals(*t) for track, t in by_track.items()},
        by_year={year: Totals(*t) for year, t in sorted(by_year.items(), reverse=True)},
    )


async def verify(code: str) -> Verification:
    """Return the public facts of the credit record with this code (any case, dashes and spaces ignored).

    :raises NotFound: no record has this code.
    """
    normalized = re.sub(r"[\s\-]", "", code).upper()
    if len(normalized) != CODE_LENGTH or not set(normalized) <= set(CODE_ALPHABET):
        raise NotFound("credit record")
    record = await CreditRecord.get_or_none(verification_code=normalized)
    if record is None:
        raise NotFound("credit record")
    return Verification(record.course_id, record.hours, Decimal(record.credits),
                        record.completed_at.astimezone(UTC).date(), format_code(record.verification_code))
