"""What enrolling in an intake would do for a learner, asked before any question: the bot's first tap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from courses.enrollment.opening import AlreadyCompleted, check_open
from courses.enrollment.seats import _existing, _request, availability
from courses.models import Intake
from courses.vocabulary.kinds import EnrollmentStatus

__all__ = [
    "Outlook",
    "course_of_intake",
    "enrollment_outlook",
]


@dataclass(frozen=True, slots=True)
class Outlook:
    """``held`` is the learner's active status in the intake (with ``position`` when waitlisted), or None;
    otherwise ``full`` says whether enrolling now would put them on the waitlist."""

    intake_id: int
    held: EnrollmentStatus | None
    position: int | None
    full: bool


async def enrollment_outlook(learner_id: int, intake_id: int, *, now: datetime) -> Outlook:
    """Say what :func:`~courses.enrollment.seats.enroll` would do now, without changing anything.

    The same rules in the same order: an intake already held is reported (enroll would return
    it); otherwise the refusals enroll raises are raised here. ``full`` may be out of date by the
    time the learner confirms; enroll decides then.

    :raises NotFound: no such learner or intake.
    :raises NotPublished, DeadlinePassed, IntakeStarted, IntakeEnded, AlreadyCompleted: refusals.
    """
    request = await _request(learner_id, intake_id)
    if request.active_id is not None and request.active_status is not None:
        held = await _existing(request.active_id, request.active_status, intake_id)
        return Outlook(intake_id, held.status, held.position, full=False)
    check_open(request, request.course_status, now)
    if request.completed:
        raise AlreadyCompleted(course_id=request.course_id)
    seats = await availability(intake_id)
    return Outlook(intake_id, None, None, full=seats.seats_left == 0)


async def course_of_intake(intake_id: int) -> int | None:
    """Return the id of the intake's course, or None when there is no such intake."""
    ids = await Intake.filter(id=intake_id).limit(1).values_list("course_id", flat=True)
    return int(cast(int, ids[0])) if ids else None
