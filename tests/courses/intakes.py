"""Test data for enrollment, the credit bank and personal data: a provider, courses, intakes, learners."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from courses.models import Course, Intake, Learner, Provider
from courses.vocabulary import CourseKind, Delivery, ProviderKind, Status, Track

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_serial = itertools.count(1)


async def make_course(*, status: Status = Status.PUBLISHED, track: Track = Track.CONTINUING,
                      hours: int = 32, credits: str = "2.0") -> Course:
    n = next(_serial)
    provider = await Provider.create(key=f"p{n}", kind=ProviderKind.OPEN_UNIVERSITY, country="CN")
    return await Course.create(key=f"c{n}", provider=provider, track=track, major_category=46,
                               kind=CourseKind.PROFESSIONAL, hours=hours, credits=Decimal(credits),
                               delivery=Delivery.BLENDED, status=status)


async def make_intake(*, capacity: int | None = 20, course: Course | None = None,
                      starts_in: timedelta = timedelta(days=10), deadline_in: timedelta | None = None,
                      ends_in: timedelta | None = None) -> Intake:
    course = course or await make_course()
    return await Intake.create(
        course=course, starts_at=NOW + starts_in, capacity=capacity,
        enroll_deadline=NOW + deadline_in if deadline_in is not None else None,
        ends_at=NOW + ends_in if ends_in is not None else None,
    )


async def make_learners(count: int, *, telegram: bool = True) -> list[Learner]:
    """Create ``count`` learners with Telegram ids (or emails) and return them in id order."""
    start = next(_serial) * 100_000
    return [await Learner.create(telegram_id=start + i if telegram else None,
                                 email=None if telegram else f"l{start + i}@example.org",
                                 email_confirmed_at=None if telegram else NOW)
            for i in range(count)]
