"""What the public can see, as identifiers: for sitemaps and other listings of every public page."""

from __future__ import annotations

from typing import cast

from courses.models import Base, Course, Partner
from courses.vocabulary.kinds import Status

__all__ = [
    "partner_slugs",
    "published_base_ids",
    "published_course_count",
    "published_course_ids",
]

# A flat values_list gives one value per row; Tortoise types the rows as tuples, hence the casts.


async def published_course_count() -> int:
    """How many courses are published."""
    return await Course.filter(status=Status.PUBLISHED).count()


async def published_course_ids(after: int = 0, limit: int = 5000) -> list[int]:
    """Ids of published courses greater than ``after``, ascending, at most ``limit`` (keyset pages)."""
    return cast(list[int], await Course.filter(status=Status.PUBLISHED, id__gt=after)
                .order_by("id").limit(limit).values_list("id", flat=True))


async def published_base_ids() -> list[int]:
    """Ids of every published base, ascending."""
    return cast(list[int], await Base.filter(status=Status.PUBLISHED).order_by("id").values_list("id", flat=True))


async def partner_slugs() -> list[str]:
    """Slugs of every partner, alphabetically."""
    return cast(list[str], await Partner.all().order_by("slug").values_list("slug", flat=True))
