"""Never overbook: hundreds of concurrent enroll and cancel calls over separate connections and processes.

Runs on the backend the ``db`` fixture gives (SQLite, or PostgreSQL with TEST_DATABASE_URL).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from courses.enrollment import my_enrollments
from courses.models import Enrollment, Intake, Learner, Outbox
from courses.notifications import NotificationKind
from courses.vocabulary import EnrollmentStatus
from tests.courses.crowd import crowd
from tests.courses.intakes import make_intake
from tests.databases import is_postgres

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]
E, W = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED


def connections_for(url: str) -> int:
    # PostgreSQL: two pools of up to 20 connections each (the server is shared, max_connections 100).
    # SQLite: one connection per context, so many contexts.
    return 2 if is_postgres(url) else 50


async def new_learners(count: int, first_telegram_id: int) -> list[int]:
    await Learner.bulk_create([Learner(telegram_id=first_telegram_id + i) for i in range(count)])
    return list(await Learner.filter(telegram_id__gte=first_telegram_id,
                                     telegram_id__lt=first_telegram_id + count)
                .order_by("id").values_list("id", flat=True))


async def learners_in(intake_id: int, status: EnrollmentStatus) -> list[int]:
    return list(await Enrollment.filter(intake_id=intake_id, status=status)
                .order_by("id").values_list("learner_id", flat=True))


async def assert_consistent(intake_id: int) -> tuple[int, int]:
    """Check the intake's invariants and return (enrolled, waitlisted)."""
    intake = await Intake.get(id=intake_id)
    active = await Enrollment.filter(intake_id=intake_id, active=True).order_by("id")
    per_learner = Counter(e.learner_id for e in active)
    assert max(per_learner.values(), default=1) == 1, "a learner holds two active enrollments"
    statuses = Counter(e.status for e in active)
    enrolled, waitlisted = statuses[E], statuses[W]
    assert enrolled == intake.seats_taken
    assert intake.capacity is None or enrolled <= intake.capacity
    if waitlisted:
        assert enrolled == intake.capacity, "a learner waits while a seat is free"
    positions = []
    for e in active:
        if e.status == W:
            (view,) = [v for v in await my_enrollments(e.learner_id) if v.enrollment_id == e.id]
            positions.append(view.position)
    assert positions == list(range(1, waitlisted + 1))
    return enrolled, waitlisted


async def test_500_concurrent_enrollments_fill_exactly_20_seats(db: str) -> None:
    intake = await make_intake(capacity=20)
    learners = await new_learners(500, 1_000_000)
    results = await crowd(db, intake.id, learners, connections=connections_for(db))
    assert len(results) == 500 and all(r["created"] for r in results)
    returned = Counter(r["status"] for r in results)
    assert returned == {E: 20, W: 480}
    assert sorted(r["position"] for r in results if r["status"] == W) == list(range(1, 481))
    assert len({r["enrollment_id"] for r in results}) == 500
    assert await assert_consistent(intake.id) == (20, 480)
    assert await Enrollment.filter(intake_id=intake.id).count() == 500
    kinds = Counter(await Outbox.all().values_list("kind", flat=True))
    assert kinds == {NotificationKind.ENROLLED.value: 20, NotificationKind.WAITLISTED.value: 480}


async def test_double_submits_from_separate_connections_make_one_enrollment(db: str) -> None:
    intake = await make_intake(capacity=30)
    learners = await new_learners(60, 2_000_000)
    # Every learner taps "enroll" three times; the taps arrive over different connections.
    results = await crowd(db, intake.id, learners * 3, connections=connections_for(db))
    by_learner: dict[int, set[int]] = {}
    for r in results:
        by_learner.setdefault(r["learner_id"], set()).add(r["enrollment_id"])
    assert all(len(ids) == 1 for ids in by_learner.values())
    assert sum(r["created"] for r in results) == 60
    assert await assert_consistent(intake.id) == (30, 30)
    assert await Outbox.all().count() == 60


async def test_cancel_and_enroll_races_keep_the_counts(db: str) -> None:
    intake = await make_intake(capacity=20)
    first = await new_learners(40, 3_000_000)
    await crowd(db, intake.id, first, connections=4)
    enrolled, waiting = await learners_in(intake.id, E), await learners_in(intake.id, W)
    newcomers = await new_learners(60, 3_100_000)
    leaving = enrolled[:15] + waiting[5:12]
    results = await crowd(db, intake.id, newcomers, cancelling=leaving, connections=connections_for(db))
    cancels = [r for r in results if r["action"] == "cancel"]
    assert all("error" not in r for r in cancels)
    promoted = [r["promoted_learner_id"] for r in cancels if r["promoted_learner_id"]]
    # A waitlisted leaver may have been promoted before their cancel arrived: then it frees a seat too.
    seats_freed = sum(r["previous_status"] == E for r in cancels)
    assert seats_freed >= 15 and len(promoted) == len(set(promoted)) == seats_freed
    assert await assert_consistent(intake.id) == (20, 40 + 60 - len(leaving) - 20)
    notes = Counter(await Outbox.filter(kind=NotificationKind.PROMOTED.value)
                    .values_list("learner_id", flat=True))
    assert sorted(notes) == sorted(promoted) and set(notes.values()) == {1}


async def test_cancel_storm_with_nobody_waiting_frees_every_seat(db: str) -> None:
    intake = await make_intake(capacity=50)
    learners = await new_learners(50, 4_000_000)
    await crowd(db, intake.id, learners, connections=connections_for(db))
    # Everyone cancels, twice, while others enroll: the second cancel of each is refused.
    newcomers = await new_learners(30, 4_100_000)
    results = await crowd(db, intake.id, newcomers, cancelling=learners * 2, connections=connections_for(db))
    refused = [r for r in results if r.get("error")]
    assert len(refused) == 50 and {r["error"] for r in refused} == {"not_enrolled"}
    assert await assert_consistent(intake.id) == (30, 0)


def run_process(url: str, intake_id: int, enrolling: list[int], cancelling: list[int]) -> subprocess.Popen:
    contexts = 1 if is_postgres(url) else 8  # a PostgreSQL context is already a pool of connections
    args = [sys.executable, "-m", "tests.courses.crowd", url, str(intake_id), "--connections", str(contexts),
            "--enroll", *map(str, enrolling), "--cancel", *map(str, cancelling)]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


async def test_two_processes_on_one_database(db: str) -> None:
    """The portal and the bot as two OS processes enrolling and cancelling in one intake at once."""
    intake = await make_intake(capacity=20)
    portal_side = await new_learners(120, 5_000_000)
    bot_side = await new_learners(120, 5_100_000)
    # 20 learners hold the seats and 20 wait; each process cancels 5 seats while enrolling 100 others.
    await crowd(db, intake.id, portal_side[:20] + bot_side[:20], connections=2)
    holders = await learners_in(intake.id, E)
    processes = [run_process(db, intake.id, portal_side[20:], holders[:5]),
                 run_process(db, intake.id, bot_side[20:], holders[5:10])]
    outputs = await asyncio.gather(*(asyncio.to_thread(p.communicate, timeout=120) for p in processes))
    cancels: list[dict] = []
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-2000:]
        results = json.loads(out)
        assert len(results) == 105 and all("error" not in r for r in results)
        cancels += [r for r in results if r["action"] == "cancel"]
    assert await assert_consistent(intake.id) == (20, 40 - 10 + 200 - 20)
    promoted = [r["promoted_learner_id"] for r in cancels if r["promoted_learner_id"]]
    assert len(promoted) == len(set(promoted)) == 10
    assert await Outbox.filter(kind=NotificationKind.PROMOTED.value).count() == 10


async def test_a_locked_sqlite_file_makes_enrollment_wait_not_fail(db: str) -> None:
    """Another process holding SQLite's write lock delays enrollments; none fails or is lost."""
    if is_postgres(db):
        pytest.skip("SQLite's database-wide write lock")
    intake = await make_intake(capacity=5)
    learners = await new_learners(12, 6_000_000)
    holder = sqlite3.connect(db.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE intake SET seats_taken = seats_taken WHERE id = ?", (intake.id,))
        calls = asyncio.create_task(crowd(db, intake.id, learners, connections=4))
        await asyncio.sleep(1.0)
        assert not calls.done()
        assert await Enrollment.filter(intake_id=intake.id).count() == 0
        holder.execute("COMMIT")
        results = await calls
    finally:
        holder.close()
    assert Counter(r["status"] for r in results) == {E: 5, W: 7}
    assert await assert_consistent(intake.id) == (5, 7)
