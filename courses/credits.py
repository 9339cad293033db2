"""The credit bank: completions become credit records; transcripts; public verification by code.

A verification code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
printed in groups of four (``ABCD-EFGH-JKMN``); lookups ignore case, spaces and dashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from courses.enrollment import AlreadyCompleted, NotEnrolled
from courses.kinds import Track

__all__ = [
    "AlreadyCompleted",
    "CreditEntry",
    "NotEnrolled",
    "Totals",
    "Transcript",
    "Verification",
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
    raise NotImplementedError


async def complete_enrollment(enrollment_id: int, *, completed_at: datetime) -> CreditEntry:
    """Mark an ``enrolled`` enrollment completed and write its credit record (course hours and credits).

    The seat stays taken (the learner used it).

    :raises NotFound: no such enrollment, or its learner was deleted.
    :raises AlreadyCompleted: it is completed already.
    :raises NotEnrolled: it is waitlisted or cancelled.
    """
    raise NotImplementedError


async def record_completion(learner_id: int, course_id: int, *, completed_at: datetime,
                            hours: int | None = None, credits: Decimal | None = None) -> CreditEntry:
    """Write a credit record for a completion without an enrollment here (an import of past results).

    Hours and credits default to the course's.

    :raises NotFound: no such learner or course.
    :raises AlreadyCompleted: the learner already has a credit record for this course.
    """
    raise NotImplementedError


async def transcript(learner_id: int) -> Transcript:
    """Return the learner's credit records and totals by track and by year.

    :raises NotFound: no such learner.
    """
    raise NotImplementedError


async def verify(code: str) -> Verification:
    """Return the public facts of the credit record with this code (any case, dashes and spaces ignored).

    :raises NotFound: no record has this code.
    """
    raise NotImplementedError
