"""Who may cancel which enrollment is the domain's answer, by enrollment id (the bot asks it)."""

from __future__ import annotations

import pytest

from courses.enrollment import NotEnrolled, cancel_enrollment, cancellable, enroll
from courses.vocabulary import EnrollmentStatus, Source
from tests.courses.intakes import NOW, make_intake, make_learners


async def test_only_the_learner_may_cancel_an_active_enrollment(db: str) -> None:
    intake = await make_intake(capacity=1)
    owner, other, waiting = await make_learners(3)
    mine = await enroll(owner.id, intake.id, source=Source.BOT, now=NOW)
    queued = await enroll(waiting.id, intake.id, source=Source.BOT, now=NOW)
    assert (await cancellable(owner.id, mine.enrollment_id)).intake_id == intake.id
    assert await cancellable(other.id, mine.enrollment_id) is None
    with pytest.raises(NotEnrolled):
        await cancel_enrollment(other.id, mine.enrollment_id, now=NOW)
    result = await cancel_enrollment(owner.id, mine.enrollment_id, now=NOW)
    assert result.promoted_enrollment_id == queued.enrollment_id
    assert await cancellable(owner.id, mine.enrollment_id) is None
    with pytest.raises(NotEnrolled):
        await cancel_enrollment(owner.id, mine.enrollment_id, now=NOW)
    promoted = await cancellable(waiting.id, queued.enrollment_id)
    assert promoted is not None and promoted.status == EnrollmentStatus.ENROLLED
