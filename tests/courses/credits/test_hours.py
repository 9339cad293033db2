"""Continuing-education hours: years on the learner's clock, professional against general hours, what is
missing, what does not count (revoked, converted), and sharing them on verification pages."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest

from courses.credits import (
    HoursRequirement,
    format_code,
    record_completion,
    share_hours,
    shared_hours,
    yearly_hours,
)
from courses.errors import InvalidInput
from courses.models import Course, CreditRecord, Learner, Provider
from courses.vocabulary import CourseKind, CreditSource, Delivery, ProviderKind, Status, Track

RULE = HoursRequirement()
_made = 0


async def _course(hours: int, kind: CourseKind = CourseKind.PROFESSIONAL) -> Course:
    global _made
    _made += 1
    provider = await Provider.get_or_none(key="prov-ce") or await Provider.create(
        key="prov-ce", kind=ProviderKind.OPEN_UNIVERSITY, country="CN")
    return await Course.create(key=f"ce-{_made}", provider=provider, track=Track.CONTINUING, major_category=52,
                               kind=kind, hours=hours, credits="1.0", delivery=Delivery.ONLINE,
                               status=Status.PUBLISHED)


async def _done(learner: Learner, hours: int, at: datetime, kind: CourseKind = CourseKind.PROFESSIONAL,
                source: CreditSource = CreditSource.COMPLETION) -> str:
    course = await _course(hours, kind)
    entry = await record_completion(learner.id, course.id, completed_at=at, source=source)
    return format_code(entry.verification_code)


def test_the_requirement_is_ninety_hours_two_thirds_professional() -> None:
    assert (RULE.total, RULE.professional) == (90, 60)
    assert HoursRequirement.of(72, "3/4").professional == 54 and HoursRequirement.of(10, "1/3").professional == 4
    assert RULE.professional_share == Fraction(2, 3)


async def test_the_year_ends_at_midnight_on_the_learners_clock(db: str) -> None:
    beijing = await Learner.create(email="bj@example.org", timezone="Asia/Shanghai")
    await _done(beijing, 10, datetime(2026, 12, 31, 15, 30, tzinfo=UTC))  # 23:30 on 31 December in Beijing
    await _done(beijing, 7, datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 00:30 on 1 January 2027
    year = await yearly_hours(beijing.id, 2026, RULE)
    assert year.total == 10 and year.zone == "Asia/Shanghai" and year.years == [2026, 2027]
    assert (await yearly_hours(beijing.id, 2027, RULE)).total == 7
    new_york = await Learner.create(email="ny@example.org", timezone="America/New_York")
    await _done(new_york, 5, datetime(2027, 1, 1, 3, tzinfo=UTC))  # still 22:00 on 31 December there
    assert (await yearly_hours(new_york.id, 2026, RULE)).total == 5
    assert (await yearly_hours(new_york.id, 2027, RULE)).total == 0
    nowhere = await Learner.create(email="none@example.org")  # no zone chosen: China's calendar
    await _done(nowhere, 3, datetime(2026, 12, 31, 17, tzinfo=UTC))
    no_zone = await yearly_hours(nowhere.id, 2027, RULE)
    assert no_zone.total == 3 and no_zone.zone == "Asia/Shanghai"


async def test_what_is_missing_counts_professional_hours_towards_the_total(db: str) -> None:
    learner = await Learner.create(email="li@example.org", timezone="Asia/Shanghai")
    june = datetime(2026, 6, 1, 4, tzinfo=UTC)
    await _done(learner, 52, june)
    await _done(learner, 26, june, CourseKind.FOUNDATION)
    year = await yearly_hours(learner.id, 2026, RULE)
    assert (year.total, year.professional, year.general) == (78, 52, 26)
    assert (year.missing, year.missing_professional, year.met) == (12, 8, False)  # "12 h more, 8 h professional"
    await _done(learner, 40, june, CourseKind.FOUNDATION)
    year = await yearly_hours(learner.id, 2026, RULE)
    assert (year.total, year.missing, year.missing_professional) == (118, 8, 8)  # enough hours, too few professional
    await _done(learner, 8, june)
    assert (await yearly_hours(learner.id, 2026, RULE)).met
    assert [e.professional for e in year.entries] == [True, False, False]


async def test_revoked_and_converted_records_do_not_count(db: str) -> None:
    learner = await Learner.create(email="li@example.org")
    june = datetime(2026, 6, 1, tzinfo=UTC)
    await _done(learner, 30, june)
    revoked = await _done(learner, 20, june)
    await CreditRecord.filter(verification_code=revoked.replace("-", "")).update(revoked_at=june, revoked_reason="x")
    await _done(learner, 40, june, source=CreditSource.CONVERSION)
    assert (await yearly_hours(learner.id, 2026, RULE)).total == 30
    with pytest.raises(InvalidInput):
        await yearly_hours(learner.id, 1999, RULE)


async def test_hours_are_on_verification_pages_only_when_shared(db: str) -> None:
    learner = await Learner.create(email="li@example.org", timezone="Asia/Shanghai")
    code = await _done(learner, 30, datetime(2026, 12, 31, 15, 30, tzinfo=UTC))
    assert await shared_hours(code, RULE) is None
    await share_hours(learner.id, True)
    shown = await shared_hours(code, RULE)
    assert shown is not None and (shown.year, shown.total, shown.missing) == (2026, 30, 60)
    await share_hours(learner.id, False)
    assert await shared_hours(code, RULE) is None
