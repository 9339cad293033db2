""""Notify me": a learner follows a course and is told when an intake opens or a seat frees up.

An event is one intake of the course becoming enrollable with a free seat: when it opens,
and again each time a cancellation frees a seat nobody on the waitlist took. Each event is
announced once (``Outbox.dedup_key`` names the watch, the intake and how many enrollments of
it had ended then), on the learner's channel, with a one-tap link that ends the watch.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from courses.errors import NotFound
from courses.models import Course, Enrollment, Intake, Learner, Outbox
from courses.notifications.outbox import NotificationKind, channel_for
from courses.reach_models import Watch
from courses.storage.db import retry_when_busy
from courses.vocabulary.kinds import EnrollmentStatus, Status

__all__ = ["queue_watch_notices", "reminder_stop_key", "stop_reminders", "stop_watch", "watch_course",
           "watching"]


async def watch_course(learner_id: int, course_id: int) -> str:
    """Follow ``course_id`` for ``learner_id`` (idempotent); return the watch's unsubscribe key.

    :raises NotFound: no such learner or course.
    """
    existing = await Watch.get_or_none(learner_id=learner_id, course_id=course_id)
    if existing is not None:
        return existing.key
    if not await Learner.exists(id=learner_id):
        raise NotFound("learner", learner_id=learner_id)
    if not await Course.exists(id=course_id):
        raise NotFound("course", course_id=course_id)
    try:
        watch = await retry_when_busy(lambda: Watch.create(
            learner_id=learner_id, course_id=course_id, key=secrets.token_urlsafe(24)))
    except IntegrityError:  # a double click: the other request made it
        watch = await Watch.get(learner_id=learner_id, course_id=course_id)
    return watch.key


async def watching(learner_id: int, course_id: int) -> bool:
    """Whether the learner follows the course."""
    return await Watch.exists(learner_id=learner_id, course_id=course_id)


async def stop_watch(key: str | None = None, *, learner_id: int | None = None,
                     course_id: int | None = None) -> bool:
    """End a watch by its unsubscribe ``key``, or the learner's watch of a course; True if one ended."""
    if key is not None:
        return bool(await Watch.filter(key=key[:64]).delete())
    return bool(await Watch.filter(learner_id=learner_id, course_id=course_id).delete())


async def queue_watch_notices(*, now: datetime) -> int:
    """Queue a ``seat_available`` notice for every watch whose course has an open intake with a free seat.

    A learner already enrolled or waitlisted in that intake is not told. Safe to call every
    minute from several workers. Returns how many notices were queued now.
    """
    watches = await Watch.filter(course__status=Status.PUBLISHED).select_related("learner")
    if not watches:
        return 0
    courses = {w.course_id for w in watches}  # type: ignore[attr-defined]
    intakes = [i for i in await Intake.filter(course_id__in=list(courses), starts_at__gt=now)
               if (i.capacity is None or i.seats_taken < i.capacity)
               and (i.enroll_deadline is None or i.enroll_deadline >= now)]
    queued = 0
    for intake in intakes:
        ended = await Enrollment.filter(intake_id=intake.id, status=EnrollmentStatus.CANCELLED).count()
        inside = set(await Enrollment.filter(intake_id=intake.id, active=True)
                     .values_list("learner_id", flat=True))
        for watch in watches:
            if watch.course_id != intake.course_id or watch.learner_id in inside:  # type: ignore[attr-defined]
                continue
            key = f"watch:{watch.id}:{intake.id}:{ended}"
            payload = {"course_id": intake.course_id, "intake_id": intake.id, "timezone": intake.timezone,
                       "starts_at": intake.starts_at.astimezone(UTC).isoformat(), "watch_key": watch.key}
            try:
                await Outbox.create(learner_id=watch.learner_id, channel=channel_for(watch.learner),  # type: ignore[attr-defined]
                                    kind=NotificationKind.SEAT_AVAILABLE.value, payload=payload,
                                    dedup_key=key, next_attempt_at=now)
            except IntegrityError:
                continue  # told already
            queued += 1
    return queued


def reminder_stop_key(secret: str, learner_id: int) -> str:
    """The key of a learner's one-tap "no more reminders" link: their id, signed with ``secret``."""
    mac = hmac.new(secret.encode(), f"reminders:{learner_id}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{learner_id}.{mac}"


async def stop_reminders(secret: str, key: str) -> bool:
    """Turn reminders off for the learner named by a key of :func:`reminder_stop_key`; False for a forged key."""
    learner, _, _mac = key.partition(".")
    if not learner.isdigit() or len(learner) > 9 or not hmac.compare_digest(
            reminder_stop_key(secret, int(learner)), key):
        return False
    await Learner.filter(id=int(learner)).update(reminders=False)
    return True
