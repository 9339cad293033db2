"""Rule → eligibility → application → decision → credit record; scopes of reviewers; the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from courses.credits import AlreadyCompleted, credit_facts, format_code, transcript
from courses.errors import InvalidInput
from courses.models import CreditRecord, Learner
from courses.outcomes import (
    AlreadyApplied,
    AlreadyDecided,
    NotEligible,
    apply_for_conversion,
    decide_application,
    learning_account,
    outcome_proof,
    pending_applications,
)
from courses.outcomes.tables import OutcomeEvent
from courses.staff import Forbidden
from courses.vocabulary import ApplicationStatus, CreditSource, OutcomeLevel, OutcomeStatus
from tests.courses.outcomes.account import CERTIFICATE, TODAY, certificate, institution, reviewer

NOW = datetime(2026, 12, 3, 9, tzinfo=UTC)


async def test_an_approved_application_writes_a_conversion_credit_record(db: str, tmp_path: Path) -> None:
    rule = await institution("robots")
    learner = await Learner.create(email="li@example.org")
    outcome = await certificate(learner, tmp_path)
    assert (tmp_path / outcome.proof_path).read_bytes().startswith(b"%PDF-")
    [entry] = (await learning_account(learner.id, TODAY)).outcomes
    assert entry.status == OutcomeStatus.SUBMITTED and [c.rule_id for c in entry.conversions] == [rule.id]

    application = await apply_for_conversion(learner.id, outcome.id, rule.id, TODAY)
    with pytest.raises(AlreadyApplied):
        await apply_for_conversion(learner.id, outcome.id, rule.id, TODAY)
    staff = await reviewer("robots")
    assert [p.id for p in await pending_applications(staff)] == [application.id]
    decided = await decide_application(staff, application.id, approve=True, reason="", now=NOW)
    assert decided.status == ApplicationStatus.APPROVED and decided.decided_by_id == staff.id
    with pytest.raises(AlreadyDecided):
        await decide_application(staff, application.id, approve=False, reason="no", now=NOW)

    record = await CreditRecord.get(id=decided.credit_record_id)
    assert record.source == CreditSource.CONVERSION and Decimal(record.credits) == Decimal("2.0")
    facts = await credit_facts(format_code(record.verification_code))
    assert facts.converted_from == CERTIFICATE
    [credited] = (await transcript(learner.id)).entries
    assert credited.by_conversion
    account = await learning_account(learner.id, TODAY)
    assert account.outcomes[0].status == OutcomeStatus.ACCEPTED
    assert [e.what for e in account.events] == ["approved", "applied", "outcome_added"]
    assert account.events[0].by_staff and not account.events[1].by_staff
    assert await pending_applications(staff) == []


async def test_a_reviewer_of_another_institution_can_neither_see_nor_decide(db: str, tmp_path: Path) -> None:
    rule = await institution("robots")
    await institution("other")
    learner = await Learner.create(email="li@example.org")
    outcome = await certificate(learner, tmp_path)
    application = await apply_for_conversion(learner.id, outcome.id, rule.id, TODAY)
    stranger = await reviewer("other")
    assert await pending_applications(stranger) == []
    with pytest.raises(Forbidden):
        await decide_application(stranger, application.id, approve=True, reason="", now=NOW)
    with pytest.raises(Forbidden):
        await outcome_proof(staff=stranger, application_id=application.id)
    assert (await outcome_proof(staff=await reviewer("robots"), application_id=application.id)).id == outcome.id
    assert await OutcomeEvent.filter(what="approved").count() == 0


async def test_rejection_needs_a_reason_and_is_audited(db: str, tmp_path: Path) -> None:
    rule = await institution("robots")
    learner = await Learner.create(email="li@example.org")
    outcome = await certificate(learner, tmp_path)
    application = await apply_for_conversion(learner.id, outcome.id, rule.id, TODAY)
    staff = await reviewer("robots")
    with pytest.raises(InvalidInput):
        await decide_application(staff, application.id, approve=False, reason="  ", now=NOW)
    await decide_application(staff, application.id, approve=False, reason="The number is not on record.", now=NOW)
    event = await OutcomeEvent.get(what="rejected")
    assert event.staff_id == staff.id and event.detail == "The number is not on record."
    assert await CreditRecord.all().count() == 0
    [entry] = (await learning_account(learner.id, TODAY)).outcomes
    assert entry.conversions[0].application_status == ApplicationStatus.REJECTED


@pytest.mark.parametrize(("level", "issued_on", "valid_until"), [
    (OutcomeLevel.JUNIOR, date(2025, 6, 1), None),  # below the rule's 中级
    (OutcomeLevel.SENIOR, date(2023, 12, 2), None),  # older than three years
    (OutcomeLevel.SENIOR, date(2025, 6, 1), date(2026, 12, 2)),  # expired yesterday
])
async def test_an_outcome_that_does_not_meet_the_rule_converts_into_nothing(
        db: str, tmp_path: Path, level: OutcomeLevel, issued_on: date, valid_until: date | None) -> None:
    rule = await institution("robots")
    learner = await Learner.create(email="li@example.org")
    outcome = await certificate(learner, tmp_path, level=level, issued_on=issued_on, valid_until=valid_until)
    [entry] = (await learning_account(learner.id, TODAY)).outcomes
    assert entry.conversions == [] and entry.expired == (valid_until is not None)
    with pytest.raises(NotEligible):
        await apply_for_conversion(learner.id, outcome.id, rule.id, TODAY)


async def test_an_outcome_of_exactly_the_age_limit_still_converts(db: str, tmp_path: Path) -> None:
    await institution("robots")
    learner = await Learner.create(email="li@example.org")
    await certificate(learner, tmp_path, issued_on=date(2023, 12, 3))
    assert (await learning_account(learner.id, TODAY)).outcomes[0].conversions


async def test_approval_is_refused_when_the_course_is_already_credited(db: str, tmp_path: Path) -> None:
    rule = await institution("robots")
    learner = await Learner.create(email="li@example.org")
    outcome = await certificate(learner, tmp_path)
    application = await apply_for_conversion(learner.id, outcome.id, rule.id, TODAY)
    staff = await reviewer("robots")
    await decide_application(staff, application.id, approve=True, reason="", now=NOW)
    second = await certificate(learner, tmp_path)
    again = await apply_for_conversion(learner.id, second.id, rule.id, TODAY)
    with pytest.raises(AlreadyCompleted):
        await decide_application(staff, again.id, approve=True, reason="", now=NOW)
    assert [p.id for p in await pending_applications(staff)] == [again.id]  # still to decide
