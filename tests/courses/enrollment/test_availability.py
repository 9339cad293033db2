"""One rule for "is this intake open?": the domain's refusal, the card flag and the list's SQL agree."""

from __future__ import annotations

from datetime import timedelta

import pytest

from courses.catalogue import get_course
from courses.enrollment import EnrollmentRefused, check_open, is_open
from courses.filtering import open_intake
from courses.models import CourseText, Intake
from courses.storage import connection, fetch
from tests.courses.intakes import NOW, make_course, make_intake

DAY = timedelta(days=1)
# (starts in, enrollment deadline in, ends in), relative to NOW; None = not set.
CASES = [
    (10 * DAY, None, None),          # starts later, no deadline: open
    (-DAY, None, None),              # started yesterday, no deadline: closed (the card used to say open)
    (-DAY, None, 30 * DAY),          # started, still running, no deadline: closed
    (-DAY, 5 * DAY, 30 * DAY),       # started, a later deadline lets learners join: open
    (10 * DAY, -DAY, None),          # deadline passed before the start: closed
    (-30 * DAY, None, -DAY),         # ended: closed
    (-30 * DAY, 5 * DAY, -DAY),      # ended even though the deadline is later: closed
    (10 * DAY, timedelta(0), None),  # the deadline is this very moment: still open
]


def allowed(intake: Intake, course_status: str = "published") -> bool:
    try:
        check_open(intake, course_status, NOW)
    except EnrollmentRefused:
        return False
    return True


@pytest.mark.parametrize(("starts", "deadline", "ends"), CASES)
async def test_card_flag_and_sql_follow_the_enrollment_rule(db: str, starts, deadline, ends) -> None:
    course = await make_course()
    await CourseText.create(course=course, locale="en", title="Welding")
    intake = await make_intake(course=course, starts_in=starts, deadline_in=deadline, ends_in=ends)
    rule = allowed(intake)
    assert is_open(intake.starts_at, intake.ends_at, intake.enroll_deadline, NOW) is rule
    detail = await get_course(course.id, "en", now=NOW)
    assert [view.open for view in detail.intakes] == [rule]
    assert (detail.card.next_start is not None) is rule
    conn = connection()
    condition, params = open_intake(conn, NOW)
    rows = await fetch(conn, f"SELECT i.id FROM intake i WHERE i.id = ? AND {condition}", [intake.id, *params])
    assert bool(rows) is rule


async def test_an_unpublished_course_offers_no_enrollment(db: str) -> None:
    course = await make_course(status="draft")
    intake = await make_intake(course=course)
    assert allowed(intake, "draft") is False
    assert is_open(intake.starts_at, intake.ends_at, intake.enroll_deadline, NOW, "draft") is False
