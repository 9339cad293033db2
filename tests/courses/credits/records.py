"""Credit records of a course with texts in several locales, for the credential tests."""

from __future__ import annotations

from datetime import UTC, datetime

from courses.credits import record_completion
from courses.credits.records import CreditEntry
from courses.models import Course, CourseText, Learner, Provider, ProviderText
from courses.vocabulary import CourseKind, Delivery, Level, ProviderKind, Status, Track

COMPLETED = datetime(2026, 6, 30, 12, tzinfo=UTC)
TITLES = {"en": "Elder care basics", "zh-Hans": "老年照护基础", "ar": "أساسيات رعاية المسنين"}


async def credited_course(key: str = "care") -> Course:
    provider = await Provider.create(key=f"prov-{key}", kind=ProviderKind.OPEN_UNIVERSITY, country="CN")
    await ProviderText.create(provider=provider, locale="en", name="Open University of Testing")
    await ProviderText.create(provider=provider, locale="zh-Hans", name="测试开放大学")
    course = await Course.create(key=key, provider=provider, track=Track.ONLINE, level=Level.NATIONAL,
                                 major_category=52, kind=CourseKind.PROFESSIONAL, hours=48, credits="3.0",
                                 delivery=Delivery.ONLINE, status=Status.PUBLISHED)
    for locale, title in TITLES.items():
        await CourseText.create(course=course, locale=locale, title=title, summary=f"{title} — summary")
    return course


async def credit(email: str = "learner@example.org", *, name: str | None = "Li Hua",
                 key: str = "care") -> tuple[Learner, CreditEntry]:
    learner = await Learner.create(email=email, display_name=name)
    course = await credited_course(key)
    return learner, await record_completion(learner.id, course.id, completed_at=COMPLETED)
