"""The credit bank: completion writes a record; transcripts; public verification by code."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from courses.credits import (
    AlreadyCompleted,
    NotEnrolled,
    Totals,
    complete_enrollment,
    format_code,
    record_completion,
    transcript,
    verify,
)
from courses.enrollment import enroll, my_enrollments
from courses.errors import NotFound
from courses.models import CreditRecord, Intake
from courses.vocabulary import EnrollmentStatus, Source, Track
from tests.courses.intakes import NOW, make_course, make_intake, make_learners


async def test_completion_writes_a_verifiable_credit_record(db: str) -> None:
    intake = await make_intake(course=await make_course(hours=48, credits="3.0"))
    (learner,) = await make_learners(1)
    enrolled = await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    finished = datetime(2026, 6, 30, 12, tzinfo=UTC)
    entry = await complete_enrollment(enrolled.enrollment_id, completed_at=finished)
    assert (entry.course_id, entry.hours, entry.credits, entry.track) == (
        intake.course_id, 48, Decimal("3.0"), Track.CONTINUING)
    assert entry.enrollment_id == enrolled.enrollment_id and len(entry.verification_code) == 12
    (view,) = await my_enrollments(learner.id)
    assert view.status == EnrollmentStatus.COMPLETED and view.position is None
    assert (await Intake.get(id=intake.id)).seats_taken == 1  # the seat was used
    printed = format_code(entry.verification_code)
    assert printed.count("-") == 2 and len(printed) == 14
    code = entry.verification_code
    for asked in (printed, printed.lower(), f"  {code[:6]} {code[6:]} "):
        public = await verify(asked)
        assert (public.course_id, public.hours, public.credits, public.completed_on) == (
            intake.course_id, 48, Decimal("3.0"), finished.date())
    fields = {f.name for f in dataclasses.fields(public)}
    assert fields == {"course_id", "hours", "credits", "completed_on", "verification_code"}


async def test_completion_refusals(db: str) -> None:
    intake = await make_intake(capacity=1)
    first, second = await make_learners(2)
    seated = await enroll(first.id, intake.id, source=Source.BOT, now=NOW)
    waiting = await enroll(second.id, intake.id, source=Source.BOT, now=NOW)
    with pytest.raises(NotEnrolled) as waitlisted:
        await complete_enrollment(waiting.enrollment_id, completed_at=NOW)
    assert waitlisted.value.code == "not_enrolled"
    await complete_enrollment(seated.enrollment_id, completed_at=NOW)
    with pytest.raises(AlreadyCompleted) as twice:
        await complete_enrollment(seated.enrollment_id, completed_at=NOW)
    assert twice.value.code == "already_completed"
    with pytest.raises(NotFound):
        await complete_enrollment(999_999, completed_at=NOW)
    assert await CreditRecord.all().count() == 1


async def test_concurrent_completions_write_one_record(db: str) -> None:
    intake = await make_intake()
    (learner,) = await make_learners(1)
    seated = await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    outcomes = await asyncio.gather(*(complete_enrollment(seated.enrollment_id, completed_at=NOW)
                                      for _ in range(4)), return_exceptions=True)
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert all(isinstance(o, AlreadyCompleted) for o in outcomes if isinstance(o, Exception))
    assert await CreditRecord.all().count() == 1


async def test_imported_completion_and_transcript_totals(db: str) -> None:
    (learner,) = await make_learners(1)
    online = await make_course(track=Track.ONLINE, hours=16, credits="1.0")
    plus = await make_course(track=Track.CHINESE_PLUS, hours=64, credits="4.0")
    continuing = await make_course(track=Track.CONTINUING, hours=32, credits="2.5")
    await record_completion(learner.id, online.id, completed_at=datetime(2025, 5, 1, tzinfo=UTC))
    await record_completion(learner.id, plus.id, completed_at=datetime(2026, 2, 1, tzinfo=UTC))
    await record_completion(learner.id, continuing.id, completed_at=datetime(2026, 3, 1, tzinfo=UTC),
                            hours=30, credits=Decimal("2.0"))
    with pytest.raises(AlreadyCompleted):
        await record_completion(learner.id, online.id, completed_at=NOW)
    with pytest.raises(NotFound):
        await record_completion(learner.id + 1, online.id, completed_at=NOW)
    with pytest.raises(NotFound):
        await record_completion(learner.id, 999_999, completed_at=NOW)
    report = await transcript(learner.id)
    assert [e.course_id for e in report.entries] == [continuing.id, plus.id, online.id]
    assert report.total == Totals(hours=110, credits=Decimal("7.0"), courses=3)
    assert report.by_track == {Track.ONLINE: Totals(16, Decimal("1.0"), 1),
                               Track.CHINESE_PLUS: Totals(64, Decimal("4.0"), 1),
                               Track.CONTINUING: Totals(30, Decimal("2.0"), 1)}
    assert report.by_year == {2026: Totals(94, Decimal("6.0"), 2), 2025: Totals(16, Decimal("1.0"), 1)}
    assert list(report.by_year) == [2026, 2025]


async def test_empty_transcript_and_unknown_learner(db: str) -> None:
    (learner,) = await make_learners(1)
    report = await transcript(learner.id)
    assert report.entries == [] and report.total == Totals(0, Decimal(0), 0) and report.by_track == {}
    with pytest.raises(NotFound):
        await transcript(learner.id + 1)


@pytest.mark.parametrize("code", ["", "ABCD", "ABCD-EFGH-JKMN", "0000-0000-0000", "ABCD-EFGH-JKMN-PQRS"])
async def test_unknown_verification_codes(db: str, code: str) -> None:
    with pytest.raises(NotFound) as caught:
        await verify(code)
    assert caught.value.code == "not_found"
