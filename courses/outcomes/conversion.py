"""Outcomes in the learning account, what they convert into under the rules, applications and decisions.

The path: a learner adds an outcome with its proof (``submitted``); the account lists, for every
outcome not rejected, the rules it meets (kind and name, at least the rule's level, not older than
its years, not expired); the learner applies (once per outcome and rule); a reviewer of the rule's
institution approves — the outcome becomes ``accepted`` and a credit record of source
``conversion`` is written for the exempted course — or rejects with a reason. Every change writes
an :class:`OutcomeEvent` the learner sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from courses.credits import record_completion
from courses.errors import CourseError, InvalidInput, NotFound
from courses.models import Learner, StaffUser
from courses.outcomes.proofs import Proof, store_proof
from courses.outcomes.tables import ConversionApplication, ConversionRule, Outcome, OutcomeEvent
from courses.staff import Action, can, require
from courses.vocabulary import ApplicationStatus, CreditSource, OutcomeKind, OutcomeLevel, OutcomeStatus

__all__ = [
    "AlreadyApplied",
    "AlreadyDecided",
    "Conversion",
    "NotEligible",
    "OutcomeEntry",
    "PendingApplication",
    "add_outcome",
    "apply_for_conversion",
    "decide_application",
    "learning_account",
    "outcome_proof",
    "pending_applications",
    "rule_matches",
]

LEVEL_ORDER = {OutcomeLevel.JUNIOR: 1, OutcomeLevel.INTERMEDIATE: 2, OutcomeLevel.SENIOR: 3}
LEVELLED = (OutcomeKind.ONE_PLUS_X, OutcomeKind.SKILL_LEVEL)
MAX_REASON = 500


class AlreadyApplied(CourseError):
    code = "already_applied"


class NotEligible(CourseError):
    code = "not_eligible"


class AlreadyDecided(CourseError):
    code = "already_decided"


@dataclass(frozen=True, slots=True)
class Conversion:
    """A rule an outcome meets, and the learner's application under it if any."""

    rule_id: int
    provider_id: int
    course_id: int
    credits: Decimal | None  # None: the course's
    application_id: int | None
    application_status: ApplicationStatus | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    what: str  # outcome_added, applied, approved, rejected
    by_staff: bool
    outcome_name: str
    detail: str | None


@dataclass(frozen=True, slots=True)
class OutcomeEntry:
    id: int
    kind: OutcomeKind
    name: str
    level: OutcomeLevel | None
    issuer: str
    number: str | None
    issued_on: date
    valid_until: date | None
    status: OutcomeStatus
    reason: str | None
    expired: bool
    conversions: list[Conversion]


@dataclass(frozen=True, slots=True)
class Account:
    outcomes: list[OutcomeEntry]
    events: list[Event]  # newest first


@dataclass(frozen=True, slots=True)
class PendingApplication:
    id: int
    provider_id: int
    course_id: int
    outcome: OutcomeEntry
    applied_at: datetime


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def rule_matches(rule: ConversionRule, outcome: Outcome, today: date) -> bool:
    """Whether the outcome meets the rule today: kind, name (case and spaces aside), level, age, validity."""
    if outcome.status == OutcomeStatus.REJECTED or rule.outcome_kind != outcome.kind:
        return False
    if " ".join(rule.outcome_name.split()).casefold() != " ".join(outcome.name.split()).casefold():
        return False
    if rule.min_level is not None:
        level = LEVEL_ORDER[OutcomeLevel(outcome.level)] if outcome.level else 0
        if level < LEVEL_ORDER[OutcomeLevel(rule.min_level)]:
            return False
    if rule.max_age_years is not None and outcome.issued_on < _years_before(today, rule.max_age_years):
        return False
    return not _expired(outcome, today)


def _expired(outcome: Outcome, today: date) -> bool:
    return outcome.valid_until is not None and outcome.valid_until < today


async def _audit(learner_id: int, what: str, *, outcome_id: int | None, application_id: int | None = None,
                 staff_id: int | None = None, detail: str | None = None,
                 conn: BaseDBAsyncClient | None = None) -> None:
    await OutcomeEvent.create(learner_id=learner_id, outcome_id=outcome_id, application_id=application_id,
                              staff_id=staff_id, what=what, detail=detail, using_db=conn)


def _bounded(value: str, field: str, limit: int = 200, *, required: bool = True) -> str | None:
    value = " ".join(value.split())
    if len(value) > limit or (required and not value):
        raise InvalidInput(field, field=field)
    return value or None


async def add_outcome(learner_id: int, *, kind: OutcomeKind | str, name: str, level: OutcomeLevel | str | None,
                      issuer: str, number: str, issued_on: date, valid_until: date | None, proof: Proof,
                      data_dir: Path, today: date) -> Outcome:
    """Record an outcome the learner earned elsewhere, with its (already checked) proof; status ``submitted``.

    :raises InvalidInput: an unknown kind or level, a certificate without a level, empty or long
        texts, a date in the future or a validity ending before the issue.
    :raises NotFound: no such learner.
    """
    try:
        kind = OutcomeKind(kind)
        level = OutcomeLevel(level) if level else None
    except ValueError:
        raise InvalidInput("kind", field="kind") from None
    if kind in LEVELLED and level is None:
        raise InvalidInput("level", field="level")
    if issued_on > today or (valid_until is not None and valid_until < issued_on):
        raise InvalidInput("date", field="issued_on")
    values = {"name": _bounded(name, "name"), "issuer": _bounded(issuer, "issuer"),
              "number": _bounded(number, "number", 100, required=False)}
    if not await Learner.exists(id=learner_id):
        raise NotFound("learner", learner_id=learner_id)
    path = store_proof(data_dir, proof)
    async with in_transaction() as conn:
        outcome = await Outcome.create(learner_id=learner_id, kind=kind, level=level, issued_on=issued_on,
                                       valid_until=valid_until, proof_path=path, proof_type=proof.media_type,
                                       using_db=conn, **values)
        await _audit(learner_id, "outcome_added", outcome_id=outcome.id, conn=conn)
    return outcome


def _entry(outcome: Outcome, rules: list[ConversionRule], applications: dict[tuple[int, int], ConversionApplication],
           today: date) -> OutcomeEntry:
    conversions = []
    for rule in rules:
        applied = applications.get((outcome.id, rule.id))
        if applied is None and not rule_matches(rule, outcome, today):
            continue
        conversions.append(Conversion(
            rule.id, rule.provider_id, rule.course_id, Decimal(rule.credits) if rule.credits is not None else None,
            applied.id if applied else None, ApplicationStatus(applied.status) if applied else None,
            applied.reason if applied else None))
    return OutcomeEntry(outcome.id, OutcomeKind(outcome.kind), outcome.name,
                        OutcomeLevel(outcome.level) if outcome.level else None, outcome.issuer, outcome.number,
                        outcome.issued_on, outcome.valid_until, OutcomeStatus(outcome.status), outcome.reason,
                        _expired(outcome, today), conversions)


async def learning_account(learner_id: int, today: date) -> Account:
    """The learner's outcomes (newest first), what each converts into today, and their audit trail."""
    outcomes = await Outcome.filter(learner_id=learner_id).order_by("-issued_on", "-id")
    applications = {(a.outcome_id, a.rule_id): a for a in
                    await ConversionApplication.filter(outcome__learner_id=learner_id)}
    kinds = {o.kind for o in outcomes}
    rules = await ConversionRule.filter(outcome_kind__in=kinds).order_by("id") if kinds else []
    names = {o.id: o.name for o in outcomes}
    events = [Event(e.created_at, e.what, e.staff_id is not None, names.get(e.outcome_id or 0, ""), e.detail)
              for e in await OutcomeEvent.filter(learner_id=learner_id).order_by("-created_at", "-id")]
    return Account([_entry(o, list(rules), applications, today) for o in outcomes], events)


async def apply_for_conversion(learner_id: int, outcome_id: int, rule_id: int, today: date) -> ConversionApplication:
    """Apply to convert one of the learner's outcomes under a rule it meets.

    :raises NotFound: no such outcome of this learner, or no such rule.
    :raises NotEligible: the outcome does not meet the rule today (or was rejected).
    :raises AlreadyApplied: an application for this outcome and rule exists already.
    """
    outcome = await Outcome.get_or_none(id=outcome_id, learner_id=learner_id)
    rule = await ConversionRule.get_or_none(id=rule_id)
    if outcome is None or rule is None:
        raise NotFound("outcome or rule")
    if await ConversionApplication.exists(outcome_id=outcome_id, rule_id=rule_id):
        raise AlreadyApplied()
    if not rule_matches(rule, outcome, today):
        raise NotEligible()
    try:
        async with in_transaction() as conn:
            application = await ConversionApplication.create(outcome_id=outcome_id, rule_id=rule_id, using_db=conn)
            await _audit(learner_id, "applied", outcome_id=outcome_id, application_id=application.id, conn=conn)
    except IntegrityError:  # a concurrent second application: the unique pair refused it
        raise AlreadyApplied() from None
    return application


async def pending_applications(staff: StaffUser | None) -> list[PendingApplication]:
    """Pending applications this member of staff may decide (a reviewer: their institution's), oldest first."""
    require(staff, Action.VIEW_ADMIN)
    query = ConversionApplication.filter(status=ApplicationStatus.PENDING)
    if staff is not None and staff.provider_id is not None:
        query = query.filter(rule__provider_id=staff.provider_id)
    found = []
    today = date.today()
    for application in await query.order_by("created_at", "id").select_related("rule", "outcome"):
        rule = application.rule
        if can(staff, Action.REVIEW_CONVERSION, rule.provider_id):
            found.append(PendingApplication(application.id, rule.provider_id, rule.course_id,
                                            _entry(application.outcome, [], {}, today), application.created_at))
    return found


async def _application_for(staff: StaffUser | None, application_id: int) -> ConversionApplication:
    application = await ConversionApplication.get_or_none(id=application_id).select_related("rule", "outcome")
    if application is None:
        raise NotFound("application", application_id=application_id)
    require(staff, Action.REVIEW_CONVERSION, application.rule.provider_id)
    return application


async def outcome_proof(*, learner_id: int | None = None, staff: StaffUser | None = None,
                        outcome_id: int | None = None, application_id: int | None = None) -> Outcome:
    """The outcome whose proof may be shown: the learner's own, or one applied to the reviewer's institution.

    :raises NotFound: not the learner's, or no such application.
    :raises Forbidden: the reviewer is of another institution.
    """
    if application_id is not None:
        return (await _application_for(staff, application_id)).outcome
    outcome = await Outcome.get_or_none(id=outcome_id or 0, learner_id=learner_id or 0)
    if outcome is None:
        raise NotFound("outcome")
    return outcome


async def decide_application(staff: StaffUser | None, application_id: int, *, approve: bool, reason: str,
                             now: datetime) -> ConversionApplication:
    """Approve (writing a credit record of source ``conversion``) or reject (with a reason) an application.

    :raises NotFound: no such application.
    :raises Forbidden: the member of staff may not decide for the rule's institution.
    :raises InvalidInput: a rejection without a reason, or a reason over 500 characters.
    :raises AlreadyDecided: it was decided before.
    :raises AlreadyCompleted: the learner already has a credit record for the exempted course.
    """
    application = await _application_for(staff, application_id)
    reason = reason.strip()
    if len(reason) > MAX_REASON or (not approve and not reason):
        raise InvalidInput("reason", field="reason")
    assert staff is not None  # require() refused anyone else
    status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
    # The conditional update lets one of two concurrent decisions through.
    taken = await ConversionApplication.filter(id=application_id, status=ApplicationStatus.PENDING).update(
        status=status, decided_by_id=staff.id, reason=reason or None)
    if not taken:
        raise AlreadyDecided()
    outcome, rule = application.outcome, application.rule
    if approve:
        try:
            entry = await record_completion(
                outcome.learner_id, rule.course_id, completed_at=now, source=CreditSource.CONVERSION,
                credits=Decimal(rule.credits) if rule.credits is not None else None)
        except CourseError:
            await ConversionApplication.filter(id=application_id).update(
                status=ApplicationStatus.PENDING, decided_by_id=None, reason=None)
            raise
        await ConversionApplication.filter(id=application_id).update(credit_record_id=entry.id)
        await Outcome.filter(id=outcome.id).update(status=OutcomeStatus.ACCEPTED)
    await _audit(outcome.learner_id, status.value, outcome_id=outcome.id, application_id=application_id,
                 staff_id=staff.id, detail=reason or None)
    return await ConversionApplication.get(id=application_id)
