"""Personal data: export everything about a learner; delete them, keeping only anonymous statistics."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.models import Model

from courses.credits import complete_enrollment, verify
from courses.enrollment import availability, cancel, enroll, enrollment_in
from courses.errors import NotFound
from courses.learners import (
    EXPORTED,
    WITHHELD,
    CreditRecordChoice,
    create_link_token,
    delete_learner,
    export_learner,
    register,
    sign_up,
)
from courses.models import CreditRecord, Enrollment, Learner, LinkToken, Outbox
from courses.notifications import NotificationKind, watch_course
from courses.outcomes.tables import Outcome
from courses.reach_models import Watch
from courses.vocabulary import EnrollmentStatus, Source
from tests.courses.intakes import NOW, make_intake, make_learners
from tests.courses.outcomes.account import CERTIFICATE, certificate


async def _busy_learner() -> tuple[int, dict]:
    """A learner with a seat, a waitlist place, a cancellation, a completion and a link token."""
    learner = await register("me@example.org", "a long enough password", display_name="Ana", locale="fr")
    await Learner.filter(id=learner.id).update(email_confirmed_at=NOW)  # seats need a confirmed address
    seat, full, gone, done = (await make_intake(capacity=1), await make_intake(capacity=0),
                              await make_intake(), await make_intake())
    await enroll(learner.id, seat.id, source=Source.PORTAL, now=NOW)
    await enroll(learner.id, full.id, source=Source.PORTAL, now=NOW)
    await enroll(learner.id, gone.id, source=Source.BOT, now=NOW)
    await cancel(learner.id, gone.id, now=NOW)
    finished = await enroll(learner.id, done.id, source=Source.BOT, now=NOW)
    record = await complete_enrollment(finished.enrollment_id, completed_at=NOW)
    await create_link_token(learner.id, now=NOW)
    return learner.id, {"seat": seat, "full": full, "code": record.verification_code}


def _learner_tables() -> set[type[Model]]:
    """Every table of the application with a column pointing at a learner, read from the models."""
    return {model for model in Tortoise.apps["models"].values()
            if any(model._meta.fields_map[name].related_model is Learner for name in model._meta.fk_fields)}


async def test_every_table_a_learner_owns_is_in_the_export(db: str) -> None:
    owned = _learner_tables()
    assert {Enrollment, Watch, Outcome} <= owned  # the walk finds them at all
    assert owned == set(EXPORTED), "a learner's table is left out of (or wrongly in) the export"
    for model, (_, fields) in EXPORTED.items():
        known = set(model._meta.fields_map) | {f"{name}_id" for name in model._meta.fk_fields}
        assert {name for name in fields if "__" not in name} <= known, model


async def test_export_has_everything_and_no_secrets(db: str, tmp_path: Path) -> None:
    learner_id, made = await _busy_learner()
    learner = await Learner.get(id=learner_id)
    await watch_course(learner_id, made["full"].course_id)
    await certificate(learner, tmp_path)
    mailed = await sign_up("mailed@example.org", "a long enough password", now=NOW)
    data = await export_learner(learner_id)
    text = json.dumps(data)  # must be JSON as it is
    assert set(data) == {"learner", "conversion_applications", *(key for key, _ in EXPORTED.values())}
    assert data["learner"]["email"] == "me@example.org" and data["learner"]["has_password"] is True
    assert "argon2" not in text and "password_hash" not in text and "token_hash" not in text
    assert "proof_path" not in text and tmp_path.name not in text
    # Every column of the learner but the withheld ones, the newer ones too.
    assert set(data["learner"]) == {*Learner._meta.db_fields} - set(WITHHELD) | {"has_password"}
    assert data["learner"]["email_confirmed_at"] == NOW.isoformat() and data["learner"]["reminders"] is True
    assert [w["course_id"] for w in data["watches"]] == [made["full"].course_id]
    assert [(o["name"], o["issued_on"]) for o in data["outcomes"]] == [(CERTIFICATE, "2025-06-01")]
    assert [e["what"] for e in data["outcome_events"]] == ["outcome_added"]
    other = await Learner.get(email=mailed)
    assert len((await export_learner(other.id))["mailed_links"]) == 1 and not data["mailed_links"]
    assert [e["status"] for e in data["enrollments"]] == ["enrolled", "waitlisted", "cancelled", "completed"]
    assert data["enrollments"][0]["course_id"] == made["seat"].course_id
    assert data["credit_records"][0]["verification_code"] == made["code"]
    assert data["credit_records"][0]["credits"] == "2.0"
    assert len(data["notifications"]) == 4 and len(data["link_tokens"]) == 1
    assert data == await export_learner(learner_id)
    with pytest.raises(NotFound):
        await export_learner(other.id + 1000)


@pytest.mark.parametrize("choice", list(CreditRecordChoice))
async def test_delete_cancels_first_then_anonymizes(db: str, choice: CreditRecordChoice) -> None:
    learner_id, made = await _busy_learner()
    (waiting,) = await make_learners(1)
    await enroll(waiting.id, made["seat"].id, source=Source.BOT, now=NOW)  # waits for the seat
    report = await delete_learner(learner_id, credit_records=choice, now=NOW + timedelta(hours=1))
    assert (report.enrollments_cancelled, report.enrollments_anonymized) == (2, 4)
    assert not await Learner.exists(id=learner_id)
    assert not await LinkToken.exists() and not await Outbox.filter(learner_id=learner_id).exists()
    # The freed seat went to the waiting learner, who is told so.
    assert (await enrollment_in(waiting.id, made["seat"].id)).status == EnrollmentStatus.ENROLLED
    assert await Outbox.filter(learner_id=waiting.id, kind=NotificationKind.PROMOTED.value).count() == 1
    assert (await availability(made["full"].id)).waitlisted == 0
    # Statistics keep the enrollments, without anyone attached.
    kept = await Enrollment.filter(learner_id__isnull=True).order_by("id").values_list("status", flat=True)
    assert kept == ["cancelled", "cancelled", "cancelled", "completed"]
    if choice is CreditRecordChoice.REMOVE:
        assert report.credit_records_removed == 1 and not await CreditRecord.exists()
        with pytest.raises(NotFound):
            await verify(made["code"])
    else:
        assert report.credit_records_anonymized == 1
        assert await CreditRecord.filter(learner_id__isnull=True).count() == 1
        assert (await verify(made["code"])).hours == 32
    with pytest.raises(NotFound):
        await delete_learner(learner_id, credit_records=choice, now=NOW)
