"""Intake rosters for staff: who enrolled, marking completion, and the roster as CSV.

Rosters carry learners' names and contacts, so only admins and the course's own provider
editors see them (:data:`courses.staff.roles.Action.VIEW_ENROLLMENTS`); they never leave through the
partner API.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from courses import credits
from courses.errors import NotFound
from courses.i18n.names import clean_display_name
from courses.models import Course, Enrollment, Intake, StaffUser
from courses.staff.cells import inert_cell
from courses.staff.roles import Action, require
from courses.vocabulary.kinds import EnrollmentStatus

ROSTER_COLUMNS = ("enrollment", "learner", "name", "email", "phone", "status", "source", "enrolled_at")


@dataclass(frozen=True)
class RosterLine:
    enrollment_id: int
    learner_id: int | None
    name: str
    email: str
    phone: str
    status: EnrollmentStatus
    source: str
    enrolled_at: datetime


@dataclass(frozen=True)
class Roster:
    intake: Intake
    course: Course
    lines: list[RosterLine]

    def count(self, status: EnrollmentStatus) -> int:
        return sum(1 for line in self.lines if line.status == status)


async def roster(staff: StaffUser, intake_id: int) -> Roster:
    """Every enrollment of an intake (cancelled ones included), oldest first.

    :raises NotFound: for an unknown intake. :raises Forbidden: outside the member's scope.
    """
    intake = await Intake.get_or_none(id=intake_id).prefetch_related("course")
    if intake is None:
        raise NotFound("intake", id=intake_id)
    require(staff, Action.VIEW_ENROLLMENTS, intake.course.provider_id)
    enrollments = await Enrollment.filter(intake_id=intake_id).prefetch_related("learner").order_by("id")
    lines = [
        RosterLine(
            e.id,
            e.learner_id,
            # Names stored before bidi controls were refused are cleaned on the way out too.
            (clean_display_name(e.learner.display_name) or "") if e.learner else "",
            (e.learner.email or "") if e.learner else "",
            (e.learner.phone or "") if e.learner else "",
            EnrollmentStatus(e.status),
            str(e.source),
            e.created_at,
        )
        for e in enrollments
    ]
    return Roster(intake, intake.course, lines)


def roster_csv(roster: Roster) -> bytes:
    """The roster as CSV (UTF-8 with a byte-order mark, for Excel and WPS)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ROSTER_COLUMNS)
    for line in roster.lines:
        writer.writerow(
            [
                line.enrollment_id,
                line.learner_id or "",
                inert_cell(line.name),
                inert_cell(line.email),
                inert_cell(line.phone),
                line.status.value,
                line.source,
                line.enrolled_at.astimezone(UTC).isoformat(timespec="seconds"),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


async def mark_completed(
    staff: StaffUser, enrollment_id: int, *, now: datetime | None = None
) -> credits.CreditEntry:
    """Mark an enrolled learner's enrollment completed, which writes their credit record.

    :raises NotFound: / :raises Forbidden: / and the refusals of
        :func:`courses.credits.records.complete_enrollment` (already completed, not enrolled).
    """
    enrollment = await Enrollment.get_or_none(id=enrollment_id).prefetch_related("intake__course")
    if enrollment is None:
        raise NotFound("enrollment", id=enrollment_id)
    require(staff, Action.COMPLETE_ENROLLMENT, enrollment.intake.course.provider_id)
    return await credits.complete_enrollment(enrollment_id, completed_at=now or datetime.now(UTC))
