"""Enrollment in intakes: seats, waitlists, cancellation with promotion, and "my enrollments".

Never more learners enrolled than ``Intake.capacity``, under any concurrency, on SQLite and
PostgreSQL. Every change that touches an intake's seats or waitlist starts its transaction
with a write to that intake's row (a conditional ``UPDATE intake SET seats_taken …``):

* on PostgreSQL that write takes the row lock, so enrollments, cancellations and promotions
  of one intake are serialized and a waitlist position is the order of commits;
* on SQLite the first write takes the database's write lock, waiting (busy_timeout) instead
  of failing; Tortoise opens transactions with a deferred ``BEGIN`` and ignores
  ``select_for_update`` there, and a deferred transaction that read before writing would get
  "database is locked" at once when another process wrote meanwhile.

Invariant kept by every function here: ``seats_taken`` = number of the intake's enrollments
that are ``enrolled`` or ``completed``. Waitlist positions are not stored: position *n* is
the *n*-th waitlisted enrollment of the intake by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from courses.errors import CourseError
from courses.kinds import EnrollmentStatus, Source


class EnrollmentRefused(CourseError):
    """Base of the refusals to enroll; ``code`` tells which one."""

    code = "enrollment_refused"


class NotPublished(EnrollmentRefused):
    """The course is a draft or archived."""

    code = "not_published"


class DeadlinePassed(EnrollmentRefused):
    """The intake's enrollment deadline is over."""

    code = "deadline_passed"


class IntakeStarted(EnrollmentRefused):
    """The intake has started and has no later enrollment deadline."""

    code = "intake_started"


class IntakeEnded(EnrollmentRefused):
    code = "intake_ended"


class AlreadyCompleted(EnrollmentRefused):
    """The learner has already completed this course (in any intake)."""

    code = "already_completed"


class NotEnrolled(CourseError):
    """The learner has no active (enrolled or waitlisted) enrollment in that intake."""

    code = "not_enrolled"


@dataclass(frozen=True, slots=True)
class EnrollmentResult:
    """The outcome of :func:`enroll`; ``created`` is False when an active enrollment already existed."""

    enrollment_id: int
    intake_id: int
    status: EnrollmentStatus
    position: int | None  # 1-based waitlist position, None unless waitlisted
    created: bool


@dataclass(frozen=True, slots=True)
class CancelResult:
    """The outcome of :func:`cancel`: which enrollment ended, and who (if anyone) got the seat."""

    enrollment_id: int
    previous_status: EnrollmentStatus
    promoted_enrollment_id: int | None
    promoted_learner_id: int | None


@dataclass(frozen=True, slots=True)
class EnrollmentView:
    """One line of "my enrollments"."""

    enrollment_id: int
    course_id: int
    intake_id: int
    starts_at: datetime
    ends_at: datetime | None
    enroll_deadline: datetime | None
    timezone: str
    status: EnrollmentStatus
    position: int | None  # 1-based waitlist position, None unless waitlisted
    source: Source
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Availability:
    """Seats of an intake as a course card shows them; ``seats_left`` is None when unlimited."""

    intake_id: int
    capacity: int | None
    seats_taken: int
    seats_left: int | None
    waitlisted: int


async def enroll(learner_id: int, intake_id: int, *, source: Source, now: datetime) -> EnrollmentResult:
    """Enroll the learner in the intake, or put them on its waitlist when no seat is left.

    Idempotent: while the learner has an active enrollment in the intake, that one is
    returned with ``created=False`` (also when two requests race). A new enrollment writes an
    ``enrolled`` or ``waitlisted`` notification to the Outbox in the same transaction. A busy
    SQLite database makes the call wait and retry; it never loses the enrollment.

    :raises NotFound: no such learner or intake.
    :raises NotPublished, DeadlinePassed, IntakeStarted, IntakeEnded, AlreadyCompleted: refusals.
    """
    raise NotImplementedError


async def cancel(learner_id: int, intake_id: int, *, now: datetime) -> CancelResult:
    """End the learner's active enrollment in the intake.

    Cancelling a seat promotes the first waitlisted learner to ``enrolled`` and writes their
    ``promoted`` notification in the same transaction; with nobody waiting the seat is freed.

    :raises NotEnrolled: the learner has no active enrollment in the intake.
    """
    raise NotImplementedError


async def my_enrollments(learner_id: int, *, include_ended: bool = True) -> list[EnrollmentView]:
    """Return the learner's enrollments, the soonest intake first, with waitlist positions.

    ``include_ended=False`` keeps only enrolled and waitlisted ones.
    """
    raise NotImplementedError


async def enrollment_in(learner_id: int, intake_id: int) -> EnrollmentView | None:
    """Return the learner's active enrollment in the intake, or None."""
    raise NotImplementedError


async def availability(intake_id: int) -> Availability:
    """Return the intake's capacity, seats taken and left, and the waitlist length.

    :raises NotFound: no such intake.
    """
    raise NotImplementedError
