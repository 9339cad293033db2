"""Counts that describe the catalogue as a whole (the `stats` command, the home page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.functions import Count

from courses.models import Base, Course, CourseText, Enrollment, Intake, Learner, Partner, Provider
from courses.vocabulary.kinds import Status, Track

__all__ = [
    "catalogue_stats",
    "published_counts_by_track",
]


@dataclass(frozen=True)
class CatalogueStats:
    courses: int
    published_by_track: dict[str, int]
    by_level: dict[str, int]
    bases_by_kind: dict[str, int]
    providers: int
    intakes: int
    partners: int
    learners: int
    enrollments_by_status: dict[str, int]
    course_texts_by_locale: dict[str, int] = field(default_factory=dict)


async def _grouped(queryset, column: str) -> dict[str, int]:
    rows = await queryset.annotate(n=Count("id")).group_by(column).values_list(column, "n")
    return {str(key): n for key, n in rows if key is not None}


async def published_counts_by_track() -> dict[Track, int]:
    """The number of published courses in each track (every track present, zero when empty)."""
    counts = await _grouped(Course.filter(status=Status.PUBLISHED), "track")
    return {track: counts.get(track.value, 0) for track in Track}


async def catalogue_stats() -> CatalogueStats:
    """Count courses, bases, intakes, learners and enrollments, grouped the way staff ask about them."""
    return CatalogueStats(
        courses=await Course.all().count(),
        published_by_track={k.value: v for k, v in (await published_counts_by_track()).items()},
        by_level=await _grouped(Course.filter(status=Status.PUBLISHED), "level"),
        bases_by_kind=await _grouped(Base.all(), "kind"),
        providers=await Provider.all().count(),
        intakes=await Intake.all().count(),
        partners=await Partner.all().count(),
        learners=await Learner.all().count(),
        enrollments_by_status=await _grouped(Enrollment.all(), "status"),
        course_texts_by_locale=await _grouped(CourseText.all(), "locale"),
    )
