"""Enrollment in intakes: seats, waitlists, cancellation with promotion, and "my enrollments".

Never more learners enrolled than ``Intake.capacity``, under any concurrency, on SQLite and
PostgreSQL. Every change that touches an intake's seats or waitlist starts its transaction
with a write to that intake's row (a conditional ``UPDATE intake SET seats_taken …``):

* on PostgreSQL that write takes the row lock, so enrollments, cancellations and promotions
  of one intake are serialized and a waitlist position is the order of commits;
* on SQLite the first write takes the database's write lock, waiting (busy_timeout) instead
  of failing; Tortoise opens transactions with a deferred ``BEGIN`` and ignores
  ``select_for_update`` there, and a deferred transaction that read before writing would get
  "database is locked" at once when another process wrote meanwhile.

Invariant kept by every function here: ``seats_taken`` = number of the intake's enrollments
that are ``enrolled`` or ``completed``. Waitlist positions are not stored: position *n* is
the *n*-th waitlisted enrollment of the intake by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from courses.enrollment.opening import AlreadyCompleted, NotEnrolled, check_open
from courses.enrollment.reachable import check_reachable
from courses.errors import NotFound
from courses.models import Enrollment, Intake, Learner
from courses.notifications.outbox import NotificationKind, channel_for, enrollment_payload, notification_payload, notify
from courses.storage.db import retry_when_busy
from courses.storage.sql import as_datetime, execute, fetch_dicts
from courses.vocabulary.kinds import Channel, EnrollmentStatus, Source

__all__ = [
    "EnrollmentView",
    "availability",
    "cancel",
    "cancel_enrollment",
    "cancellable",
    "enroll",
    "enrollment_in",
    "fill_from_waitlist",
    "fill_locked",
    "lock_intake",
    "my_enrollments",
    "waitlist_position",
]


@dataclass(frozen=True, slots=True)
class EnrollmentResult:
    """The outcome of :func:`enroll`; ``created`` is False when an active enrollment already existed."""

    enrollment_id: int
    intake_id: int
    status: EnrollmentStatus
    position: int | None  # 1-based waitlist position, None unless waitlisted
    created: bool


@dataclass(frozen=True, slots=True)
class CancelResult:
    """The outcome of :func:`cancel`: which enrollment ended, and who (if anyone) got the seat."""

    enrollment_id: int
    previous_status: EnrollmentStatus
    promoted_enrollment_id: int | None
    promoted_learner_id: int | None


@dataclass(frozen=True, slots=True)
class EnrollmentView:
    """One line of "my enrollments"."""

    enrollment_id: int
    course_id: int
    intake_id: int
    starts_at: datetime
    ends_at: datetime | None
    enroll_deadline: datetime | None
    timezone: str
    status: EnrollmentStatus
    position: int | None  # 1-based waitlist position, None unless waitlisted
    source: Source
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Availability:
    """Seats of an intake as a course card shows them; ``seats_left`` is None when unlimited."""

    intake_id: int
    capacity: int | None
    seats_taken: int
    seats_left: int | None
    waitlisted: int


async def enroll(learner_id: int, intake_id: int, *, source: Source, now: datetime,
                 answered_here: bool = False) -> EnrollmentResult:
    """Enroll the learner in the intake, or put them on its waitlist when no seat is left.

    This is the one way into an intake for every face: rules on who may take a seat belong here.
    Idempotent: while the learner has an active enrollment in the intake, that one is
    returned with ``created=False`` (also when two requests race). A new enrollment writes an
    ``enrolled`` or ``waitlisted`` notification to the Outbox in the same transaction. A busy
    SQLite database makes the call wait and retry; it never loses the enrollment.

    ``answered_here``: the caller shows the outcome on the learner's own notification channel
    (the bot's answer in the Telegram chat), so the notification is recorded as suppressed
    rather than sent a second time. It is ignored when the learner is reached elsewhere.

    :raises NotFound: no such learner or intake.
    :raises NotPublished, DeadlinePassed, IntakeStarted, IntakeEnded, AlreadyCompleted: refusals.
    :raises AddressNotConfirmed: an e-mail-only learner has not confirmed the address yet.
    """
    request = await _request(learner_id, intake_id)
    if request.active_id is not None:
        # The active enrollment's id and status are read together from one row.
        return await _existing(request.active_id, cast(str, request.active_status), intake_id)
    check_open(request, request.course_status, now)
    await check_reachable(learner_id)
    if request.completed:
        raise AlreadyCompleted(course_id=request.course_id)
    channel = Channel.TELEGRAM if request.telegram_id is not None else Channel.EMAIL

    async def attempt() -> EnrollmentResult:
        async with in_transaction() as conn:
            seated = await claim_seat(conn, intake_id)
            status = EnrollmentStatus.ENROLLED if seated else EnrollmentStatus.WAITLISTED
            enrollment = await Enrollment.create(using_db=conn, learner_id=learner_id, intake_id=intake_id,
                                                 status=status, active=True, source=source)
            position = None if seated else await waitlist_position(enrollment.id, intake_id, conn)
            kind = NotificationKind.ENROLLED if seated else NotificationKind.WAITLISTED
            extra = {} if seated else {"position": position}
            payload = notification_payload(enrollment.id, intake_id, request.course_id, request.starts_at,
                                           **extra)
            await notify(conn, learner_id, channel, kind, payload, now=now,
                         already_told=answered_here and channel is Channel.TELEGRAM)
            return EnrollmentResult(enrollment.id, intake_id, status, position, created=True)

    try:
        return await retry_when_busy(attempt)
    except IntegrityError:
        # A concurrent request of the same learner won the unique (learner, intake, active).
        # Without one, the learner or the intake was deleted meanwhile (a foreign key failed).
        existing = await Enrollment.get_or_none(learner_id=learner_id, intake_id=intake_id, active=True)
        if existing is None:
            raise NotFound("learner or intake", learner_id=learner_id, intake_id=intake_id) from None
        return await _existing(existing.id, existing.status, intake_id)


@dataclass(frozen=True, slots=True)
class _Request:
    """What deciding on one enrollment request needs, read in one query."""

    id: int  # the intake's
    course_id: int
    course_status: str
    starts_at: datetime
    ends_at: datetime | None
    enroll_deadline: datetime | None
    telegram_id: int | None
    active_id: int | None
    active_status: str | None
    completed: bool


# One round trip instead of five: enroll is the hottest write path of the portal and the bot.
_REQUEST = """
SELECT i.id, i.course_id, c.status AS course_status, i.starts_at, i.ends_at, i.enroll_deadline,
       l.telegram_id, a.id AS active_id, a.status AS active_status,
       (EXISTS (SELECT 1 FROM enrollment d JOIN intake di ON di.id = d.intake_id
                WHERE d.learner_id = l.id AND di.course_id = i.course_id AND d.status = ?)
        OR EXISTS (SELECT 1 FROM credit_record r WHERE r.learner_id = l.id AND r.course_id = i.course_id))
       AS completed
FROM intake i
JOIN course c ON c.id = i.course_id
JOIN learner l ON l.id = ?
LEFT JOIN enrollment a ON a.learner_id = l.id AND a.intake_id = i.id AND a.active = ?
WHERE i.id = ?
"""


async def _request(learner_id: int, intake_id: int) -> _Request:
    rows = await fetch_dicts(Intake._meta.db, _REQUEST,
                             [EnrollmentStatus.COMPLETED.value, learner_id, True, intake_id])
    if not rows:
        if not await Learner.exists(id=learner_id):
            raise NotFound("learner", learner_id=learner_id)
        raise NotFound("intake", intake_id=intake_id)
    row = rows[0]
    return _Request(
        id=row["id"], course_id=row["course_id"], course_status=row["course_status"],
        starts_at=cast(datetime, as_datetime(row["starts_at"])), ends_at=as_datetime(row["ends_at"]),
        enroll_deadline=as_datetime(row["enroll_deadline"]), telegram_id=row["telegram_id"],
        active_id=row["active_id"], active_status=row["active_status"], completed=bool(row["completed"]),
    )


async def _existing(enrollment_id: int, status: str, intake_id: int) -> EnrollmentResult:
    waiting = status == EnrollmentStatus.WAITLISTED
    position = await waitlist_position(enrollment_id, intake_id) if waiting else None
    return EnrollmentResult(enrollment_id, intake_id, EnrollmentStatus(status), position, created=False)


TAKE_SEAT = ("UPDATE intake SET seats_taken = seats_taken + 1"
             " WHERE id = ? AND (capacity IS NULL OR seats_taken < capacity)")
FREE_SEAT = "UPDATE intake SET seats_taken = seats_taken - 1 WHERE id = ?"


async def claim_seat(conn: BaseDBAsyncClient, intake_id: int) -> bool:
    """Take a seat of the intake if one is left, inside ``conn``'s transaction; True when taken.

    This is the transaction's first statement and always writes the intake row, so it
    serializes everything that touches the intake's seats and waitlist (see the module doc).
    """
    if await execute(conn, TAKE_SEAT, [intake_id]):
        return True
    # Full. Hold the row (PostgreSQL does not lock rows its WHERE rejected) so that the
    # waitlist is appended in lock order, and look again: a cancellation with nobody
    # waiting may have freed a seat between the two statements.
    rows = await fetch_dicts(conn, "UPDATE intake SET seats_taken = seats_taken WHERE id = ?"
                                   " RETURNING capacity, seats_taken", [intake_id])
    if not rows:
        raise NotFound("intake", intake_id=intake_id)
    capacity, taken = rows[0]["capacity"], rows[0]["seats_taken"]
    return (capacity is None or taken < capacity) and bool(await execute(conn, TAKE_SEAT, [intake_id]))


async def lock_intake(conn: BaseDBAsyncClient, intake_id: int) -> bool:
    """Write the intake row without changing it, taking its lock for ``conn``'s transaction."""
    return bool(await execute(conn, "UPDATE intake SET seats_taken = seats_taken WHERE id = ?", [intake_id]))


async def waitlist_position(enrollment_id: int, intake_id: int,
                            conn: BaseDBAsyncClient | None = None) -> int:
    """Return the 1-based place of a waitlisted enrollment: waitlisted ones of the intake up to it by id."""
    return await Enrollment.filter(intake_id=intake_id, status=EnrollmentStatus.WAITLISTED,
                                   id__lte=enrollment_id).using_db(conn).count()


async def cancel(learner_id: int, intake_id: int, *, now: datetime) -> CancelResult:
    """End the learner's active enrollment in the intake.

    Cancelling a seat promotes the first waitlisted learner to ``enrolled`` and writes their
    ``promoted`` notification in the same transaction; with nobody waiting the seat is freed.

    :raises NotEnrolled: the learner has no active enrollment in the intake.
    """
    async def attempt() -> CancelResult:
        async with in_transaction() as conn:
            if not await lock_intake(conn, intake_id):
                raise NotEnrolled(intake_id=intake_id)
            enrollment = await Enrollment.get_or_none(learner_id=learner_id, intake_id=intake_id,
                                                      active=True, using_db=conn)
            if enrollment is None:
                raise NotEnrolled(intake_id=intake_id)
            return await cancel_locked(conn, enrollment, now=now)

    return await retry_when_busy(attempt)


async def cancel_locked(conn: BaseDBAsyncClient, enrollment: Enrollment, *, now: datetime) -> CancelResult:
    """Cancel an active enrollment whose intake the transaction ``conn`` has locked, then refill its seat."""
    previous = EnrollmentStatus(enrollment.status)
    enrollment.status = EnrollmentStatus.CANCELLED
    enrollment.active = None
    await enrollment.save(using_db=conn, update_fields=["status", "active", "updated_at"])
    promoted: list[Enrollment] = []
    if previous == EnrollmentStatus.ENROLLED:
        await execute(conn, FREE_SEAT, [enrollment.intake_id])
        promoted = await fill_locked(conn, enrollment.intake_id, now=now, limit=1)
    first = promoted[0] if promoted else None
    return CancelResult(enrollment.id, previous, first.id if first else None,
                        first.learner_id if first else None)


async def fill_from_waitlist(intake_id: int, *, now: datetime) -> list[int]:
    """Promote waitlisted learners, first come first served, while the intake has free seats.

    For staff raising an intake's capacity; cancellations refill seats by themselves.
    Returns the promoted enrollment ids.

    :raises NotFound: no such intake.
    """
    async def attempt() -> list[int]:
        async with in_transaction() as conn:
            if not await lock_intake(conn, intake_id):
                raise NotFound("intake", intake_id=intake_id)
            return [e.id for e in await fill_locked(conn, intake_id, now=now)]

    return await retry_when_busy(attempt)


async def fill_locked(conn: BaseDBAsyncClient, intake_id: int, *, now: datetime,
                      limit: int | None = None) -> list[Enrollment]:
    """Promote the first waitlisted enrollments into free seats of an intake ``conn`` has locked.

    Nobody is promoted into an intake that has ended: the seat simply stays free.
    """
    promoted: list[Enrollment] = []
    while limit is None or len(promoted) < limit:
        first = await (Enrollment.filter(intake_id=intake_id, status=EnrollmentStatus.WAITLISTED)
                       .using_db(conn).order_by("id").select_related("intake", "learner").first())
        if first is None or (first.intake.ends_at is not None and now >= first.intake.ends_at):
            break
        if not await execute(conn, TAKE_SEAT, [intake_id]):
            break
        first.status = EnrollmentStatus.ENROLLED
        await first.save(using_db=conn, update_fields=["status", "updated_at"])
        if first.learner is not None:
            await notify(conn, first.learner.id, channel_for(first.learner), NotificationKind.PROMOTED,
                         enrollment_payload(first), now=now)
        promoted.append(first)
    return promoted


async def my_enrollments(learner_id: int, *, include_ended: bool = True) -> list[EnrollmentView]:
    """Return the learner's enrollments, the soonest intake first, with waitlist positions.

    ``include_ended=False`` keeps only enrolled and waitlisted ones.
    """
    query = Enrollment.filter(learner_id=learner_id)
    if not include_ended:
        query = query.filter(active=True)
    enrollments = await query.select_related("intake").order_by("intake__starts_at", "id")
    return [await _view(e) for e in enrollments]


async def enrollment_in(learner_id: int, intake_id: int) -> EnrollmentView | None:
    """Return the learner's active enrollment in the intake, or None."""
    enrollment = await Enrollment.get_or_none(learner_id=learner_id, intake_id=intake_id,
                                              active=True).select_related("intake")
    return None if enrollment is None else await _view(enrollment)


async def cancellable(learner_id: int, enrollment_id: int) -> EnrollmentView | None:
    """Return the enrollment if this learner may cancel it now (theirs, and enrolled or waitlisted), else None."""
    enrollment = await Enrollment.get_or_none(id=enrollment_id, learner_id=learner_id,
                                              active=True).select_related("intake")
    return None if enrollment is None else await _view(enrollment)


async def cancel_enrollment(learner_id: int, enrollment_id: int, *, now: datetime) -> CancelResult:
    """End the learner's active enrollment ``enrollment_id``, as :func:`cancel` does.

    :raises NotEnrolled: it is not the learner's, or it has already ended.
    """
    view = await cancellable(learner_id, enrollment_id)
    if view is None:
        raise NotEnrolled(enrollment_id=enrollment_id)
    return await cancel(learner_id, view.intake_id, now=now)


async def _view(e: Enrollment) -> EnrollmentView:
    intake: Intake = e.intake
    position = None
    if e.status == EnrollmentStatus.WAITLISTED:
        position = await waitlist_position(e.id, intake.id)
    return EnrollmentView(
        enrollment_id=e.id, course_id=intake.course_id, intake_id=intake.id, starts_at=intake.starts_at,
        ends_at=intake.ends_at, enroll_deadline=intake.enroll_deadline, timezone=intake.timezone,
        status=EnrollmentStatus(e.status), position=position, source=Source(e.source),
        created_at=e.created_at,
    )


async def availability(intake_id: int) -> Availability:
    """Return the intake's capacity, seats taken and left, and the waitlist length.

    :raises NotFound: no such intake.
    """
    intake = await Intake.get_or_none(id=intake_id)
    if intake is None:
        raise NotFound("intake", intake_id=intake_id)
    waitlisted = await Enrollment.filter(intake_id=intake_id, status=EnrollmentStatus.WAITLISTED).count()
    left = None if intake.capacity is None else max(intake.capacity - intake.seats_taken, 0)
    return Availability(intake_id, intake.capacity, intake.seats_taken, left, waitlisted)
