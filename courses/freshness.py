"""A fingerprint of everything a public catalogue page shows, to tell when cached pages went stale.

It changes whenever a course, base, partner selection, intake or enrollment is added,
edited or removed (seats left are on the pages), so a cache keyed by it never serves an
outdated page for longer than the interval between two checks.
"""

from __future__ import annotations

import hashlib

from tortoise.functions import Count, Max, Sum

from courses.models import Base, Course, CourseText, Enrollment, Intake, PartnerCourse


async def catalogue_stamp() -> str:
    """A short string that differs whenever the public catalogue differs."""
    parts = [
        await Course.all().annotate(n=Count("id"), last=Max("updated_at")).values_list("n", "last"),
        await CourseText.all().annotate(n=Count("id"), last=Max("id")).values_list("n", "last"),
        await Base.all().annotate(n=Count("id"), last=Max("updated_at")).values_list("n", "last"),
        await Intake.all().annotate(n=Count("id"), seats=Sum("seats_taken")).values_list("n", "seats"),
        await Enrollment.all().annotate(n=Count("id"), last=Max("updated_at")).values_list("n", "last"),
        await PartnerCourse.all().annotate(n=Count("id"), last=Max("id")).values_list("n", "last"),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
