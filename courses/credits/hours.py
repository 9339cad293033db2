"""Continuing-education hours: a learner's yearly total against the requirement for in-service staff.

The requirement is that of the 专业技术人员继续教育规定 (Provisions on the Continuing Education of
Professional and Technical Personnel, Ministry of Human Resources and Social Security Order No. 25,
2015), article 8: "专业技术人员参加继续教育的时间，每年累计应不少于90学时，其中，专业科目一般不少于总学时的
三分之二" — at least 90 hours a year, of which professional subjects generally at least two thirds.
(The Action Plan in ``seed/`` names continuing education, 二(三)9, but not the hours.) The numbers are
data: :class:`HoursRequirement`, filled from the settings ``CE_YEARLY_HOURS`` and
``CE_PROFESSIONAL_SHARE``, since provinces and employers set their own.

What counts: the learner's credit records of courses completed here, not revoked. A record is
**professional** (专业科目) when its course's kind is ``professional`` (专业（技能）课) and **general**
(公需科目) when it is ``foundation`` (公共基础课). Records granted by conversion do not count: they
exempt from a course for an outcome earned elsewhere, often years before, not hours spent learning
in that year. A record counts in the calendar year of its completion **on the learner's clock** (their
chosen time zone, else China's): completed at 2026-12-31 23:30 in Beijing it counts in 2026, though
it is 15:30 UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from math import ceil
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tortoise.queryset import QuerySet

from courses.credits.verification import normalize_code
from courses.errors import InvalidInput, NotFound
from courses.i18n.formatting import time_zone
from courses.models import CreditRecord, Learner
from courses.vocabulary import CourseKind, CreditSource

if TYPE_CHECKING:
    from courses.settings import Settings

__all__ = [
    "DEFAULT_HOURS_ZONE",
    "HoursEntry",
    "HoursRequirement",
    "YearOfHours",
    "share_hours",
    "shared_hours",
    "yearly_hours",
]

DEFAULT_HOURS_ZONE = "Asia/Shanghai"  # a learner who chose no zone is on China's calendar
FIRST_YEAR, LAST_YEAR = 2000, 2100  # beyond these a year in a URL is a typing slip, not a year


@dataclass(frozen=True, slots=True)
class HoursRequirement:
    """Hours a year, and the share of them that must be professional subjects."""

    total: int = 90
    professional_share: Fraction = Fraction(2, 3)

    @classmethod
    def of(cls, total: int, share: str) -> HoursRequirement:
        """The requirement from its settings (``CE_YEARLY_HOURS``, ``CE_PROFESSIONAL_SHARE`` like ``2/3``)."""
        return cls(total, Fraction(share))

    @classmethod
    def of_settings(cls, settings: Settings) -> HoursRequirement:
        """The requirement the deployment's settings state, for the portal and the bot alike."""
        return cls.of(settings.ce_yearly_hours, settings.ce_professional_share)

    @property
    def professional(self) -> int:
        """Professional hours required, rounded up (two thirds of 90: 60)."""
        return ceil(self.total * self.professional_share)


@dataclass(frozen=True, slots=True)
class HoursEntry:
    course_id: int
    completed_at: datetime
    hours: int
    professional: bool
    verification_code: str


@dataclass(frozen=True, slots=True)
class YearOfHours:
    """One calendar year of a learner's continuing-education hours and what is still missing."""

    year: int
    zone: str
    entries: list[HoursEntry]  # oldest first
    total: int
    professional: int
    requirement: HoursRequirement
    years: list[int]  # every year with a counted record, and this one, ascending
    shared: bool = False  # the learner shows them on their records' verification pages

    @property
    def general(self) -> int:
        return self.total - self.professional

    @property
    def missing_professional(self) -> int:
        return max(0, self.requirement.professional - self.professional)

    @property
    def missing(self) -> int:
        """Hours still to take; professional hours count towards the total, so the larger gap."""
        return max(self.requirement.total - self.total, self.missing_professional)

    @property
    def met(self) -> bool:
        return self.missing == 0


def _zone_of(learner: Learner) -> str:
    return learner.timezone if learner.timezone and time_zone(learner.timezone) else DEFAULT_HOURS_ZONE


def _bounds(year: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    # In UTC: SQLite compares the stored UTC text, so a bound on another clock would be off by its offset.
    return (datetime(year, 1, 1, tzinfo=zone).astimezone(UTC),
            datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC))


def _counted(learner_id: int) -> QuerySet[CreditRecord]:
    return CreditRecord.filter(learner_id=learner_id, revoked_at__isnull=True).exclude(
        source=CreditSource.CONVERSION)


async def yearly_hours(learner_id: int, year: int | None, requirement: HoursRequirement, *,
                       now: datetime | None = None) -> YearOfHours:
    """The learner's hours in ``year`` (None: the year ``now`` is in) on their own clock, against ``requirement``.

    :raises InvalidInput: a year outside 2000–2100.
    :raises NotFound: no such learner.
    """
    learner = await Learner.get_or_none(id=learner_id)
    if learner is None:
        raise NotFound("learner", learner_id=learner_id)
    name = _zone_of(learner)
    zone = ZoneInfo(name)
    if year is None:
        year = (now or datetime.now(UTC)).astimezone(zone).year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput("year", field="year")
    start, end = _bounds(year, zone)
    records = await _counted(learner_id).filter(completed_at__gte=start, completed_at__lt=end).order_by(
        "completed_at", "id").select_related("course")
    entries = [HoursEntry(r.course_id, r.completed_at, r.hours, r.course.kind == CourseKind.PROFESSIONAL,
                          r.verification_code) for r in records]
    moments: list[object] = list(await _counted(learner_id).values_list("completed_at", flat=True))
    years = sorted({m.astimezone(zone).year for m in moments if isinstance(m, datetime)} | {year})
    return YearOfHours(year, name, entries, sum(e.hours for e in entries),
                       sum(e.hours for e in entries if e.professional), requirement, years, learner.share_hours)


async def share_hours(learner_id: int, shared: bool) -> None:
    """Show (or stop showing) the learner's yearly hours on the verification pages of their records."""
    await Learner.filter(id=learner_id).update(share_hours=shared)


async def shared_hours(code: str, requirement: HoursRequirement) -> YearOfHours | None:
    """For a record's verification page: its learner's hours in the year of that record, if they share them.

    :returns: None when the learner does not share their hours (or the record has no learner).
    """
    record = await CreditRecord.get_or_none(verification_code=normalize_code(code)).select_related("learner")
    if record is None or record.learner is None or not record.learner.share_hours:
        return None
    learner = record.learner
    zone = ZoneInfo(_zone_of(learner))
    return await yearly_hours(learner.id, record.completed_at.astimezone(zone).year, requirement)
