"""Whether an intake is open for enrollment: one rule, and the refusals that name why not.

:func:`check_open` is the rule. The card flag (:func:`is_open`) and the SQL of the "open" list
filter (:func:`open_intake_sql`) say the same thing; a test feeds the same intakes to all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from courses.errors import CourseError
from courses.vocabulary.kinds import Status

__all__ = [
    "AlreadyCompleted",
    "DeadlinePassed",
    "EnrollmentRefused",
    "IntakeEnded",
    "IntakeStarted",
    "NotEnrolled",
    "NotPublished",
    "check_open",
    "is_open",
]


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


class IntakeDates(Protocol):
    """What deciding whether an intake is open needs; an :class:`~courses.models.Intake` has it."""

    @property
    def id(self) -> int: ...
    @property
    def course_id(self) -> int: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime | None: ...
    @property
    def enroll_deadline(self) -> datetime | None: ...


def check_open(intake: IntakeDates, course_status: str, now: datetime) -> None:
    """Refuse enrollment in an intake (of a course with ``course_status``) that is not open at ``now``.

    The faces may call it to decide whether a course card offers "enroll" at all.

    :raises NotPublished, IntakeEnded, DeadlinePassed, IntakeStarted: the intake is not open.
    """
    if course_status != Status.PUBLISHED:
        raise NotPublished(course_id=intake.course_id)
    if intake.ends_at is not None and now >= intake.ends_at:
        raise IntakeEnded(intake_id=intake.id)
    if intake.enroll_deadline is not None:
        # A deadline after the start lets learners join a running intake until then.
        if now > intake.enroll_deadline:
            raise DeadlinePassed(intake_id=intake.id, deadline=intake.enroll_deadline)
    elif now >= intake.starts_at:
        raise IntakeStarted(intake_id=intake.id)


@dataclass(frozen=True, slots=True)
class _Dates:
    starts_at: datetime
    ends_at: datetime | None
    enroll_deadline: datetime | None
    id: int = 0
    course_id: int = 0


def is_open(starts_at: datetime, ends_at: datetime | None, deadline: datetime | None, now: datetime,
            course_status: str = Status.PUBLISHED) -> bool:
    """True exactly when :func:`check_open` would let a learner enroll at ``now``."""
    try:
        check_open(_Dates(starts_at, ends_at, deadline), course_status, now)
    except EnrollmentRefused:
        return False
    return True


def open_intake_sql(now: Any, alias: str = "i") -> tuple[str, list[Any]]:
    """:func:`check_open` on the dates of intake ``alias`` as SQL (the course's status is checked apart).

    ``now`` is the parameter as the backend stores timestamps (see ``filtering.conditions.moment``).
    """
    return (
        f"(({alias}.ends_at IS NULL OR {alias}.ends_at > ?) AND "
        f"(({alias}.enroll_deadline IS NOT NULL AND {alias}.enroll_deadline >= ?) OR "
        f"({alias}.enroll_deadline IS NULL AND {alias}.starts_at > ?)))",
        [now, now, now],
    )
