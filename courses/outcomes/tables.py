"""Tortoise models of the learning account: outcomes from elsewhere, conversion rules, applications, audit.

Kept beside ``courses.models`` (same Tortoise app) so that the catalogue's module stays small;
the schema is created by ``alembic/versions/0005_outcomes.py``.
"""

from __future__ import annotations

from tortoise import fields

from courses.models import Course, Created, CreditRecord, Edited, Learner, Provider, Row, StaffUser
from courses.vocabulary import kinds


class Outcome(Edited, Row):
    """A learning outcome a learner earned elsewhere, with the proof they uploaded."""

    learner = fields.ForeignKeyField(Learner, related_name="outcomes", on_delete=fields.CASCADE)
    learner_id: int
    kind = fields.CharEnumField(kinds.OutcomeKind, max_length=24)
    name = fields.CharField(max_length=200)
    level = fields.CharEnumField(kinds.OutcomeLevel, max_length=16, null=True)
    issuer = fields.CharField(max_length=200)
    number = fields.CharField(max_length=100, null=True)
    issued_on = fields.DateField()
    valid_until = fields.DateField(null=True)
    proof_path = fields.CharField(max_length=300)  # relative to the data folder, never under the web root
    proof_type = fields.CharField(max_length=40)
    status = fields.CharEnumField(kinds.OutcomeStatus, max_length=16, default=kinds.OutcomeStatus.SUBMITTED)
    reason = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "outcome"


class ConversionRule(Created, Row):
    """An institution's rule: an outcome of this kind and name, at least this level, not older than
    so many years, exempts the learner from a course (and grants its credits, or the rule's)."""

    provider = fields.ForeignKeyField(Provider, related_name="conversion_rules", on_delete=fields.CASCADE)
    provider_id: int
    outcome_kind = fields.CharEnumField(kinds.OutcomeKind, max_length=24)
    outcome_name = fields.CharField(max_length=200)
    min_level = fields.CharEnumField(kinds.OutcomeLevel, max_length=16, null=True)
    max_age_years = fields.IntField(null=True)
    course = fields.ForeignKeyField(Course, related_name="conversion_rules", on_delete=fields.CASCADE)
    course_id: int
    credits = fields.DecimalField(max_digits=5, decimal_places=1, null=True)  # None: the course's

    class Meta:
        table = "conversion_rule"
        unique_together = (("provider", "outcome_kind", "outcome_name", "course"),)


class ConversionApplication(Edited, Row):
    """A learner's application to convert one outcome under one rule; at most one per pair."""

    outcome = fields.ForeignKeyField(Outcome, related_name="applications", on_delete=fields.CASCADE)
    outcome_id: int
    rule = fields.ForeignKeyField(ConversionRule, related_name="applications", on_delete=fields.CASCADE)
    rule_id: int
    status = fields.CharEnumField(kinds.ApplicationStatus, max_length=16, default=kinds.ApplicationStatus.PENDING)
    decided_by = fields.ForeignKeyField(StaffUser, related_name="decisions", null=True, on_delete=fields.SET_NULL)
    decided_by_id: int | None
    reason = fields.CharField(max_length=500, null=True)
    credit_record = fields.ForeignKeyField(CreditRecord, related_name="conversions", null=True,
                                           on_delete=fields.SET_NULL)
    credit_record_id: int | None

    class Meta:
        table = "conversion_application"
        unique_together = (("outcome", "rule"),)


class OutcomeEvent(Created, Row):
    """One audited state change of a learner's outcome or application: who, when, what."""

    learner = fields.ForeignKeyField(Learner, related_name="outcome_events", on_delete=fields.CASCADE)
    learner_id: int
    outcome = fields.ForeignKeyField(Outcome, related_name="events", null=True, on_delete=fields.CASCADE)
    outcome_id: int | None
    application = fields.ForeignKeyField(ConversionApplication, related_name="events", null=True,
                                         on_delete=fields.CASCADE)
    application_id: int | None
    staff = fields.ForeignKeyField(StaffUser, related_name="outcome_events", null=True, on_delete=fields.SET_NULL)
    staff_id: int | None  # None: the learner did it
    what = fields.CharField(max_length=32)
    detail = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "outcome_event"
        indexes = (("learner", "created_at"),)
