"""Staff changes to an intake under the same lock as enrollments, keeping the capacity promise.

An edit never writes ``seats_taken`` (only enrollments, cancellations and promotions do, see
:mod:`courses.enrollment.seats`), and it reads the intake only after taking the intake's lock, so
an enrollment that commits while the form was open is neither lost nor overwritten.

Lowering the capacity below the learners already enrolled is refused (:class:`CapacityBelowEnrolled`):
nobody loses a seat they were given. Staff who must shrink a full intake cancel enrollments first
(the roster shows who), and each cancellation is the learner's own notice. Raising the capacity,
or removing the limit, fills the new seats from the waitlist in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.enrollment.seats import fill_locked, lock_intake
from courses.errors import InvalidInput, NotFound
from courses.models import Enrollment, Intake

__all__ = [
    "CapacityBelowEnrolled",
    "edit_intake_locked",
]

# Columns a staff edit may change; seats_taken is never among them.
EDITABLE = frozenset({"starts_at", "ends_at", "enroll_deadline", "capacity", "timezone", "base_id"})


class CapacityBelowEnrolled(InvalidInput):
    """The new capacity is below the number of learners holding a seat (``taken``)."""

    code = "below_taken"

    def __init__(self, *, intake_id: int, capacity: int, taken: int) -> None:
        super().__init__("below_taken", intake_id=intake_id, capacity=capacity, taken=taken)
        self.capacity, self.taken = capacity, taken


async def edit_intake_locked(conn: BaseDBAsyncClient, intake_id: int, values: Mapping[str, object], *,
                             now: datetime) -> tuple[Intake, list[Enrollment]]:
    """Change the given columns of an intake; this must be the first statement of ``conn``'s transaction.

    Takes the intake's lock (as :func:`~courses.enrollment.seats.enroll` does), writes only the
    columns in ``values``, then promotes waitlisted learners into any seat that is free now,
    each with one ``promoted`` notification. Returns the intake and the promoted enrollments.

    :raises NotFound: no such intake.
    :raises CapacityBelowEnrolled: ``capacity`` is below the seats taken (checked under the lock).
    :raises ValueError: a column that is not editable.
    """
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if not await lock_intake(conn, intake_id):
        raise NotFound("intake", intake_id=intake_id)
    intake = await Intake.get(id=intake_id, using_db=conn)
    capacity = values.get("capacity", intake.capacity)
    if isinstance(capacity, int) and capacity < intake.seats_taken:
        raise CapacityBelowEnrolled(intake_id=intake_id, capacity=capacity, taken=intake.seats_taken)
    if values:
        intake.update_from_dict(dict(values))
        await intake.save(using_db=conn, update_fields=list(values))
    promoted = await fill_locked(conn, intake_id, now=now)
    return intake, promoted
