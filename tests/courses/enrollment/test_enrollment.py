"""Enrollment rules: seats, waitlist positions, idempotence, refusals, cancellation and promotion."""

from __future__ import annotations

from datetime import timedelta

import pytest

from courses.enrollment import (
    AlreadyCompleted,
    DeadlinePassed,
    IntakeEnded,
    IntakeStarted,
    NotEnrolled,
    NotPublished,
    availability,
    cancel,
    check_open,
    enroll,
    enrollment_in,
    fill_from_waitlist,
    my_enrollments,
)
from courses.errors import NotFound
from courses.models import CreditRecord, Enrollment, Intake, Outbox
from courses.notifications import NotificationKind
from courses.vocabulary import EnrollmentStatus, Source, Status
from tests.courses.intakes import NOW, make_course, make_intake, make_learners

E, W, C = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.CANCELLED


async def test_seats_then_waitlist_with_positions(db: str) -> None:
    intake = await make_intake(capacity=2)
    learners = await make_learners(5)
    results = [await enroll(lr.id, intake.id, source=Source.BOT, now=NOW) for lr in learners]
    assert [r.status for r in results] == [E, E, W, W, W]
    assert [r.position for r in results] == [None, None, 1, 2, 3]
    assert all(r.created for r in results)
    seats = await availability(intake.id)
    assert (seats.capacity, seats.seats_taken, seats.seats_left, seats.waitlisted) == (2, 2, 0, 3)
    kinds = await Outbox.all().order_by("id").values_list("kind", flat=True)
    assert kinds == ["enrolled", "enrolled", "waitlisted", "waitlisted", "waitlisted"]
    waitlisted = await Outbox.filter(kind="waitlisted").order_by("id").first()
    assert waitlisted.payload["position"] == 1 and waitlisted.payload["intake_id"] == intake.id


async def test_enroll_is_idempotent(db: str) -> None:
    intake = await make_intake(capacity=1)
    a, b = await make_learners(2)
    first = await enroll(a.id, intake.id, source=Source.PORTAL, now=NOW)
    again = await enroll(a.id, intake.id, source=Source.BOT, now=NOW)
    assert again.enrollment_id == first.enrollment_id and not again.created and again.status == E
    waiting = await enroll(b.id, intake.id, source=Source.BOT, now=NOW)
    assert (await enroll(b.id, intake.id, source=Source.BOT, now=NOW)).position == waiting.position == 1
    assert await Enrollment.all().count() == 2
    assert await Outbox.all().count() == 2
    assert (await Intake.get(id=intake.id)).seats_taken == 1


async def test_unlimited_intake_never_waitlists(db: str) -> None:
    intake = await make_intake(capacity=None)
    for learner in await make_learners(30):
        assert (await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)).status == E
    assert (await availability(intake.id)).seats_left is None


@pytest.mark.parametrize(("kwargs", "error", "code"), [
    ({"deadline_in": timedelta(hours=-1)}, DeadlinePassed, "deadline_passed"),
    ({"starts_in": timedelta(hours=-1)}, IntakeStarted, "intake_started"),
    ({"starts_in": -timedelta(days=3), "ends_in": -timedelta(days=1), "deadline_in": timedelta(days=1)},
     IntakeEnded, "intake_ended"),
])
async def test_refusals_by_date(db: str, kwargs: dict, error: type, code: str) -> None:
    intake = await make_intake(**kwargs)
    (learner,) = await make_learners(1)
    with pytest.raises(error) as caught:
        await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    assert caught.value.code == code
    assert await Enrollment.all().count() == 0 and await Outbox.all().count() == 0


async def test_deadline_after_start_admits_late_joiners(db: str) -> None:
    intake = await make_intake(starts_in=-timedelta(days=1), deadline_in=timedelta(days=2))
    (learner,) = await make_learners(1)
    assert (await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)).status == E


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
async def test_unpublished_course_is_refused(db: str, status: Status) -> None:
    intake = await make_intake(course=await make_course(status=status))
    (learner,) = await make_learners(1)
    with pytest.raises(NotPublished) as caught:
        await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    assert caught.value.code == "not_published"


async def test_already_completed_course_is_refused_in_any_intake(db: str) -> None:
    course = await make_course()
    first, second = await make_intake(course=course), await make_intake(course=course)
    (learner,) = await make_learners(1)
    done = await enroll(learner.id, first.id, source=Source.PORTAL, now=NOW)
    await Enrollment.filter(id=done.enrollment_id).update(status=EnrollmentStatus.COMPLETED, active=None)
    for intake in (first, second):
        with pytest.raises(AlreadyCompleted) as caught:
            await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
        assert caught.value.code == "already_completed"


async def test_imported_credit_record_counts_as_completed(db: str) -> None:
    intake = await make_intake()
    (learner,) = await make_learners(1)
    await CreditRecord.create(learner=learner, course_id=intake.course_id, track="continuing", hours=1,
                              credits=1, completed_at=NOW, verification_code="X" * 12)
    with pytest.raises(AlreadyCompleted):
        await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)


async def test_unknown_intake_or_learner(db: str) -> None:
    intake = await make_intake()
    (learner,) = await make_learners(1)
    with pytest.raises(NotFound) as caught:
        await enroll(learner.id, intake.id + 99, source=Source.BOT, now=NOW)
    assert caught.value.code == "not_found"
    with pytest.raises(NotFound):
        await enroll(learner.id + 99, intake.id, source=Source.BOT, now=NOW)
    with pytest.raises(NotFound):
        await availability(intake.id + 99)


async def test_cancel_promotes_first_waitlisted_and_notifies_them(db: str) -> None:
    intake = await make_intake(capacity=2)
    learners = await make_learners(4)
    for learner in learners:
        await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    result = await cancel(learners[0].id, intake.id, now=NOW)
    assert result.previous_status == E and result.promoted_learner_id == learners[2].id
    promoted = await Outbox.filter(kind=NotificationKind.PROMOTED.value)
    assert [m.learner_id for m in promoted] == [learners[2].id]
    assert promoted[0].payload["enrollment_id"] == result.promoted_enrollment_id
    assert (await enrollment_in(learners[2].id, intake.id)).status == E
    assert (await enrollment_in(learners[3].id, intake.id)).position == 1
    assert await enrollment_in(learners[0].id, intake.id) is None
    assert (await Intake.get(id=intake.id)).seats_taken == 2


async def test_cancel_waitlisted_moves_the_queue_up_without_promotion(db: str) -> None:
    intake = await make_intake(capacity=1)
    learners = await make_learners(4)
    for learner in learners:
        await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    result = await cancel(learners[1].id, intake.id, now=NOW)
    assert result.previous_status == W and result.promoted_enrollment_id is None
    assert [(await enrollment_in(lr.id, intake.id)).position for lr in learners[2:]] == [1, 2]
    assert (await Intake.get(id=intake.id)).seats_taken == 1


async def test_cancel_without_waitlist_frees_the_seat_and_allows_reenrollment(db: str) -> None:
    intake = await make_intake(capacity=1)
    (learner,) = await make_learners(1)
    first = await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    await cancel(learner.id, intake.id, now=NOW)
    assert (await availability(intake.id)).seats_left == 1
    with pytest.raises(NotEnrolled) as caught:
        await cancel(learner.id, intake.id, now=NOW)
    assert caught.value.code == "not_enrolled"
    again = await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    assert again.created and again.enrollment_id != first.enrollment_id and again.status == E
    statuses = await Enrollment.filter(learner=learner).order_by("id").values_list("status", "active")
    assert statuses == [(C, None), (E, True)]


async def test_cancel_unknown_intake_is_not_enrolled(db: str) -> None:
    (learner,) = await make_learners(1)
    with pytest.raises(NotEnrolled):
        await cancel(learner.id, 12345, now=NOW)


async def test_raising_capacity_fills_from_waitlist(db: str) -> None:
    intake = await make_intake(capacity=1)
    learners = await make_learners(4)
    for learner in learners:
        await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    await Intake.filter(id=intake.id).update(capacity=3)
    promoted = await fill_from_waitlist(intake.id, now=NOW)
    assert len(promoted) == 2
    assert [(await enrollment_in(lr.id, intake.id)).status for lr in learners] == [E, E, E, W]
    assert (await Intake.get(id=intake.id)).seats_taken == 3
    with pytest.raises(NotFound):
        await fill_from_waitlist(intake.id + 9, now=NOW)


async def test_my_enrollments_lists_status_position_and_dates(db: str) -> None:
    soon = await make_intake(capacity=0, starts_in=timedelta(days=2))
    later = await make_intake(capacity=5, starts_in=timedelta(days=20))
    gone = await make_intake(capacity=5, starts_in=timedelta(days=30))
    (learner,) = await make_learners(1)
    await enroll(learner.id, later.id, source=Source.PORTAL, now=NOW)
    await enroll(learner.id, soon.id, source=Source.BOT, now=NOW)
    await enroll(learner.id, gone.id, source=Source.BOT, now=NOW)
    await cancel(learner.id, gone.id, now=NOW)
    views = await my_enrollments(learner.id)
    assert [(v.intake_id, v.status, v.position) for v in views] == [
        (soon.id, W, 1), (later.id, E, None), (gone.id, C, None)]
    assert views[0].starts_at == soon.starts_at and views[0].course_id == soon.course_id
    assert views[1].source == Source.PORTAL and views[0].timezone == "Asia/Shanghai"
    assert [v.intake_id for v in await my_enrollments(learner.id, include_ended=False)] == [soon.id, later.id]
    assert await my_enrollments(learner.id + 1) == []


async def test_check_open_decides_for_a_course_card(db: str) -> None:
    intake = await make_intake(deadline_in=timedelta(days=2), starts_in=timedelta(days=5))
    check_open(intake, Status.PUBLISHED, NOW)
    with pytest.raises(DeadlinePassed):
        check_open(intake, Status.PUBLISHED, NOW + timedelta(days=3))
    with pytest.raises(NotPublished):
        check_open(intake, Status.DRAFT, NOW)


async def test_nobody_is_promoted_into_an_ended_intake(db: str) -> None:
    intake = await make_intake(capacity=1, starts_in=timedelta(days=1), ends_in=timedelta(days=2))
    first, second = await make_learners(2)
    await enroll(first.id, intake.id, source=Source.BOT, now=NOW)
    await enroll(second.id, intake.id, source=Source.BOT, now=NOW)
    result = await cancel(first.id, intake.id, now=NOW + timedelta(days=3))
    assert result.promoted_enrollment_id is None
    assert (await enrollment_in(second.id, intake.id)).status == W
    assert not await Outbox.filter(kind=NotificationKind.PROMOTED.value).exists()
    assert (await Intake.get(id=intake.id)).seats_taken == 0
