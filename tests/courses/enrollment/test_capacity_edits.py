"""Staff edits of an intake keep the capacity promise: locked like enrollments, seats filled from the waitlist.

Runs on the backend the ``db`` fixture gives (SQLite, or PostgreSQL with TEST_DATABASE_URL).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from courses.enrollment import cancel, enroll
from courses.learners import CreditRecordChoice, delete_learner
from courses.models import Enrollment, Intake, Outbox, StaffUser
from courses.notifications import NotificationKind
from courses.staff import editing
from courses.storage import database
from courses.vocabulary import EnrollmentStatus, OutboxStatus, Source, StaffRole
from tests.courses.crowd import crowd
from tests.courses.enrollment.test_enrollment_concurrency import assert_consistent, connections_for, new_learners
from tests.courses.intakes import NOW, make_intake, make_learners

E, W = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED


async def staff() -> StaffUser:
    return await StaffUser.create(email="staff@example.org", password_hash="-", role=StaffRole.ADMIN)


def form(capacity: int | None, day: int = 11) -> dict[str, str]:
    return {"starts_at": f"2026-03-{day:02d}T09:00", "timezone": "UTC",
            "capacity": "" if capacity is None else str(capacity)}


async def promoted_notes() -> Counter[int]:
    return Counter(await Outbox.filter(kind=NotificationKind.PROMOTED.value).values_list("learner_id", flat=True))


async def test_raising_the_capacity_promotes_the_first_waiting_each_told_once(db: str) -> None:
    member = await staff()
    intake = await make_intake(capacity=2)
    learners = await make_learners(5)
    for learner in learners:
        await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    await editing.save_intake(member, intake.course_id, form(4), intake.id, now=NOW)
    statuses = [e.status for e in await Enrollment.filter(intake_id=intake.id).order_by("id")]
    assert statuses == [E, E, E, E, W]
    assert await promoted_notes() == {learners[2].id: 1, learners[3].id: 1}
    # Saving the same form again promotes nobody and tells nobody twice.
    await editing.save_intake(member, intake.course_id, form(4, day=12), intake.id, now=NOW)
    assert await promoted_notes() == {learners[2].id: 1, learners[3].id: 1}
    assert await assert_consistent(intake.id) == (4, 1)


async def test_removing_the_limit_empties_the_waitlist(db: str) -> None:
    member = await staff()
    intake = await make_intake(capacity=1)
    for learner in await make_learners(4):
        await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    await editing.save_intake(member, intake.course_id, form(None), intake.id, now=NOW)
    assert await assert_consistent(intake.id) == (4, 0)
    assert sum((await promoted_notes()).values()) == 3


async def test_lowering_the_capacity_below_the_enrolled_is_refused_and_changes_nothing(db: str) -> None:
    member = await staff()
    intake = await make_intake(capacity=5)
    for learner in await make_learners(3):
        await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    with pytest.raises(editing.InvalidForm) as refused:
        await editing.save_intake(member, intake.course_id, form(2, day=20), intake.id, now=NOW)
    assert refused.value.problems == {"capacity": "below_taken"}
    stored = await Intake.get(id=intake.id)
    assert stored.capacity == 5 and stored.starts_at.day == 11 and stored.seats_taken == 3
    await editing.save_intake(member, intake.course_id, form(3), intake.id, now=NOW)  # down to exactly full
    assert (await Intake.get(id=intake.id)).capacity == 3


async def test_a_deleted_account_frees_its_seat_for_the_first_waiting(db: str) -> None:
    intake = await make_intake(capacity=1)
    holder, waiting = await make_learners(2)
    await enroll(holder.id, intake.id, source=Source.PORTAL, now=NOW)
    await enroll(waiting.id, intake.id, source=Source.PORTAL, now=NOW)
    await delete_learner(holder.id, credit_records=CreditRecordChoice.REMOVE, now=NOW)
    assert (await Enrollment.get(learner_id=waiting.id)).status == E
    assert await promoted_notes() == {waiting.id: 1}


async def test_an_enrollment_answered_in_the_chat_is_not_notified_again(db: str) -> None:
    intake = await make_intake(capacity=1)
    in_chat, on_portal = await make_learners(2)
    await enroll(in_chat.id, intake.id, source=Source.BOT, now=NOW, answered_here=True)
    await enroll(on_portal.id, intake.id, source=Source.PORTAL, now=NOW)
    statuses = dict(await Outbox.all().values_list("learner_id", "status"))
    assert statuses == {in_chat.id: OutboxStatus.SUPPRESSED, on_portal.id: OutboxStatus.PENDING}
    # The promotion a later cancellation brings is news the chat has not said: it is sent.
    await cancel(in_chat.id, intake.id, now=NOW)
    assert await Outbox.filter(learner_id=on_portal.id, kind="promoted", status=OutboxStatus.PENDING).exists()


@pytest.mark.slow
async def test_edits_racing_enrollments_and_cancels_never_overbook(db: str) -> None:
    """Staff save the intake form over and over while learners enroll and cancel over other connections."""
    member = await staff()
    intake = await make_intake(capacity=10)
    first = await new_learners(30, 7_000_000)
    await crowd(db, intake.id, first, connections=4)
    holders = list(await Enrollment.filter(intake_id=intake.id, status=E).values_list("learner_id", flat=True))
    newcomers = await new_learners(120, 7_100_000)
    capacities = [10, 12, 12, 15, 14, 18, 18, 20, 20, 24, 22, 26]
    refused: list[int] = []

    async def staff_edits() -> None:
        async with database(db, global_fallback=False):
            for step, capacity in enumerate(capacities):
                try:
                    await editing.save_intake(member, intake.course_id, form(capacity, day=11 + step % 5),
                                              intake.id, now=NOW)
                except editing.InvalidForm as error:
                    assert error.problems == {"capacity": "below_taken"}
                    refused.append(capacity)
                await asyncio.sleep(0)

    results, _ = await asyncio.gather(
        crowd(db, intake.id, newcomers, cancelling=holders[:6], connections=connections_for(db)),
        staff_edits())
    assert all("error" not in r for r in results)
    stored = await Intake.get(id=intake.id)
    assert stored.capacity in capacities
    enrolled, waiting = await assert_consistent(intake.id)
    assert enrolled == stored.capacity and waiting == 30 + 120 - 6 - enrolled
    notes = await promoted_notes()
    assert set(notes.values()) <= {1}, "a learner was told twice"
    # Everyone promoted holds a seat now (only original holders cancelled).
    promoted_now = await Enrollment.filter(intake_id=intake.id, learner_id__in=list(notes)).values_list(
        "status", flat=True)
    assert set(promoted_now) <= {E}
