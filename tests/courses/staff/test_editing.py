"""Staff editing: scope of provider editors, forms read with the import rules, publishing, rosters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from courses.credits import transcript
from courses.enrollment import rosters
from courses.errors import NotFound
from courses.models import (
    Base,
    Course,
    CourseText,
    CreditRecord,
    Enrollment,
    Intake,
    Learner,
    Provider,
    StaffUser,
)
from courses.search import search
from courses.staff import Forbidden, editing
from courses.vocabulary import (
    CourseKind,
    Delivery,
    EnrollmentStatus,
    ProviderKind,
    Source,
    StaffRole,
    Status,
    Track,
)

LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")
NOW = datetime(2026, 11, 29, 8, tzinfo=UTC)


async def world() -> dict:
    own = await Provider.create(key="own", kind=ProviderKind.HIGHER_VOCATIONAL_COLLEGE, country="CN")
    other = await Provider.create(key="other", kind=ProviderKind.VOCATIONAL_SCHOOL, country="CN")
    courses = {}
    for name, provider in (("mine", own), ("theirs", other)):
        course = await Course.create(
            key=name,
            provider=provider,
            track=Track.ONLINE,
            major_category=46,
            kind=CourseKind.PROFESSIONAL,
            hours=32,
            credits=2,
            delivery=Delivery.ONLINE,
        )
        await CourseText.create(course=course, locale="zh-Hans", title=f"焊接{name}")
        courses[name] = course
    staff = {
        "admin": await StaffUser.create(email="a@x.org", password_hash="-", role=StaffRole.ADMIN),
        "editor": await StaffUser.create(email="e@x.org", password_hash="-", role=StaffRole.EDITOR),
        "provider": await StaffUser.create(
            email="p@x.org", password_hash="-", role=StaffRole.PROVIDER_EDITOR, provider=own
        ),
    }
    return {"courses": courses, "staff": staff}


async def test_provider_editors_find_and_edit_only_their_own_courses(db: str) -> None:
    w = await world()
    mine, theirs, provider = w["courses"]["mine"], w["courses"]["theirs"], w["staff"]["provider"]
    lines, total = await editing.find_courses(provider)
    assert total == 1 and [line.id for line in lines] == [mine.id]
    assert (await editing.find_courses(w["staff"]["editor"], q="焊接"))[1] == 2
    assert [c.id for c in (await editing.find_courses(w["staff"]["editor"], q="theirs"))[0]] == [theirs.id]
    await editing.update_course(provider, mine.id, {"hours": "48", "credits": "3"})
    with pytest.raises(Forbidden):
        await editing.update_course(provider, theirs.id, {"hours": "48"})
    with pytest.raises(Forbidden):
        await editing.course_for_editing(provider, theirs.id)
    with pytest.raises(Forbidden):
        await editing.set_course_status(provider, mine.id, "published")  # editors publish
    await mine.refresh_from_db()
    assert (mine.hours, mine.credits) == (48, Decimal("3.0"))
    assert (await Course.get(id=theirs.id)).hours == 32


async def test_course_form_reports_every_bad_field(db: str) -> None:
    w = await world()
    course = w["courses"]["mine"]
    with pytest.raises(editing.InvalidForm) as refused:
        await editing.update_course(
            w["staff"]["editor"],
            course.id,
            {"hours": "many", "category": "99", "url": "javascript:x", "level": "城市级"},
        )
    assert refused.value.problems == {
        "hours": "not_a_number",
        "category": "unknown_category",
        "url": "bad_url",
        "level": "unknown_level",
    }
    await editing.update_course(w["staff"]["editor"], course.id, {"level": "国家级", "url": ""})
    await course.refresh_from_db()
    assert course.level == "national" and course.url is None and course.hours == 32
    with pytest.raises(NotFound):
        await editing.update_course(w["staff"]["editor"], 999, {})


async def test_translations_coverage_and_publishing_reach_the_search_index(db: str) -> None:
    w = await world()
    editor, course = w["staff"]["editor"], w["courses"]["mine"]
    coverage = {
        c.locale: (c.translated, c.total) for c in await editing.translation_coverage(editor, LOCALES)
    }
    assert coverage["zh-Hans"] == (2, 2) and coverage["ru"] == (0, 2)
    await editing.save_translation(editor, course.id, "ru", LOCALES, title="Сварка", summary="Основы")
    missing, count = await editing.missing_translations(editor, "ru")
    assert count == 1 and [line.key for line in missing] == ["theirs"]
    with pytest.raises(editing.InvalidForm):
        await editing.save_translation(editor, course.id, "de", LOCALES, title="Schweißen")
    with pytest.raises(editing.InvalidForm):
        await editing.save_translation(editor, course.id, "fr", LOCALES, title="", summary="sans titre")
    assert (await search("Сварка", "ru")).total == 0  # a draft is not searchable
    published = await editing.set_course_status(editor, course.id, Status.PUBLISHED, now=NOW)
    assert published.published_at == NOW
    assert [hit.id for hit in (await search("Сварка", "ru")).items] == [course.id]
    await editing.save_translation(editor, course.id, "ru", LOCALES, title="")  # all empty: removed
    assert not await CourseText.filter(course=course, locale="ru").exists()
    await editing.set_course_status(editor, course.id, "draft")
    assert (await search("焊接", "zh-Hans")).total == 0


async def test_intakes_are_read_in_their_time_zone_and_keep_taken_seats(db: str) -> None:
    w = await world()
    editor, course = w["staff"]["editor"], w["courses"]["mine"]
    intake = await editing.save_intake(
        editor,
        course.id,
        {
            "starts_at": "2027-03-01T09:00",
            "ends_at": "2027-04-01T17:00",
            "capacity": "20",
            "timezone": "Asia/Bangkok",
        },
    )
    assert intake.starts_at.astimezone(UTC) == datetime(2027, 3, 1, 2, tzinfo=UTC)
    intake.seats_taken = 5
    await intake.save()
    with pytest.raises(editing.InvalidForm) as refused:
        await editing.save_intake(
            editor,
            course.id,
            {
                "starts_at": "2027-03-01T09:00",
                "ends_at": "2027-02-01T09:00",
                "capacity": "4",
                "timezone": "Mars/Olympus",
            },
            intake.id,
        )
    assert refused.value.problems == {"timezone": "unknown_value"}
    with pytest.raises(editing.InvalidForm) as refused:
        await editing.save_intake(
            editor,
            course.id,
            {
                "starts_at": "2027-03-01T09:00",
                "ends_at": "2027-02-01T09:00",
                "capacity": "4",
                "base_id": "77",
            },
            intake.id,
        )
    assert refused.value.problems == {
        "ends_at": "out_of_range",
        "capacity": "below_taken",
        "base_id": "unknown_value",
    }
    with pytest.raises(NotFound):
        await editing.save_intake(
            editor, w["courses"]["theirs"].id, {"starts_at": "2027-03-01T09:00"}, intake.id
        )


async def enrolled(
    intake: Intake, name: str, status: EnrollmentStatus = EnrollmentStatus.ENROLLED
) -> Enrollment:
    learner = await Learner.create(display_name=name, email=f"{abs(hash(name))}@example.org")
    return await Enrollment.create(
        learner=learner,
        intake=intake,
        status=status,
        source=Source.PORTAL,
        active=True if status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED) else None,
    )


async def test_roster_completion_writes_the_credit_record(db: str) -> None:
    w = await world()
    course = w["courses"]["mine"]
    intake = await Intake.create(
        course=course,
        starts_at=NOW - timedelta(days=60),
        ends_at=NOW - timedelta(days=1),
        capacity=10,
        seats_taken=1,
    )
    first = await enrolled(intake, '=HYPERLINK("x")')
    await enrolled(intake, "Waiting", EnrollmentStatus.WAITLISTED)
    with pytest.raises(Forbidden):
        await rosters.roster(w["staff"]["editor"], intake.id)  # editors see no personal data
    roster = await rosters.roster(w["staff"]["provider"], intake.id)
    assert [line.status for line in roster.lines] == [EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED]
    text = rosters.roster_csv(roster).decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(rosters.ROSTER_COLUMNS)
    assert "'=HYPERLINK" in text  # never a live formula
    entry = await rosters.mark_completed(w["staff"]["provider"], first.id, now=NOW)
    assert entry.hours == 32
    record = await CreditRecord.get(enrollment_id=first.id)
    assert record.course_id == course.id and record.learner_id == first.learner_id
    assert (await transcript(first.learner_id)).entries
    assert (await Enrollment.get(id=first.id)).status == EnrollmentStatus.COMPLETED
    theirs = await Intake.create(course=w["courses"]["theirs"], starts_at=NOW)
    other = await enrolled(theirs, "Other")
    with pytest.raises(Forbidden):
        await rosters.mark_completed(w["staff"]["provider"], other.id, now=NOW)
    with pytest.raises(Forbidden):
        await rosters.mark_completed(w["staff"]["editor"], other.id, now=NOW)
    await rosters.mark_completed(w["staff"]["admin"], other.id, now=NOW)
    with pytest.raises(NotFound):
        await rosters.roster(w["staff"]["admin"], 999)


async def test_bases_are_edited_by_editors_only_and_reach_the_search_index(db: str) -> None:
    from courses.staff import base_editing
    from courses.vocabulary import BaseKind

    w = await world()
    base = await Base.create(key="b1", kind=BaseKind.LUBAN_WORKSHOP, country="TH", status=Status.DRAFT)
    with pytest.raises(Forbidden):
        await base_editing.find_bases(w["staff"]["provider"])
    await base_editing.save_base_text(w["staff"]["editor"], base.id, "th", LOCALES, name="เวิร์กช็อปหลู่ปัน")
    with pytest.raises(editing.InvalidForm):
        await base_editing.save_base_text(w["staff"]["editor"], base.id, "th", LOCALES, name=" ")
    found, total = await base_editing.find_bases(w["staff"]["editor"], q="หลู่ปัน", locale="th")
    assert total == 1 and found[0][1] == "เวิร์กช็อปหลู่ปัน"
    from courses.catalogue.freshness import catalogue_fingerprint

    before = await catalogue_fingerprint()
    await base_editing.set_base_status(w["staff"]["editor"], base.id, "published")
    assert await catalogue_fingerprint() != before  # cached pages must learn the centre is now public
    assert [hit.id for hit in (await search("หลู่ปัน", "th")).items] == [base.id]
    with pytest.raises(NotFound):
        await base_editing.set_base_status(w["staff"]["editor"], 999, "published")


async def test_base_fields_are_checked_before_they_are_saved(db: str) -> None:
    from courses.staff import base_editing
    from courses.vocabulary import BaseKind

    w = await world()
    editor = w["staff"]["editor"]
    base = await Base.create(key="b2", kind=BaseKind.ELDER_UNIVERSITY, country="CN")
    with pytest.raises(editing.InvalidForm) as refused:
        await base_editing.update_base(
            editor,
            base.id,
            {
                "latitude": "91",
                "longitude": "nan",
                "email": "nobody",
                "website": "ftp://x",
                "phone": "1" * 41,
            },
        )
    assert refused.value.problems == {
        "latitude": "out_of_range",
        "longitude": "out_of_range",
        "email": "unknown_value",
        "website": "bad_url",
        "phone": "too_long",
    }
    with pytest.raises(editing.InvalidForm):
        await base_editing.update_base(editor, base.id, {"latitude": "39.1", "longitude": ""})
    await base_editing.update_base(
        editor,
        base.id,
        {"latitude": "39.1", "longitude": "117.2", "city": "Tianjin", "email": "elder@example.cn"},
    )
    await base.refresh_from_db()
    assert (base.latitude, base.longitude, base.city, base.email) == (
        39.1,
        117.2,
        "Tianjin",
        "elder@example.cn",
    )
    with pytest.raises(Forbidden):
        await base_editing.update_base(w["staff"]["provider"], base.id, {"city": "X"})
