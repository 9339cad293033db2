"""Test data of the learning account: two institutions, a rule each, a learner with a 1+X certificate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from courses.models import Learner, StaffUser
from courses.outcomes import Proof, add_outcome, save_rule
from courses.outcomes.tables import ConversionRule, Outcome
from courses.staff import create_staff
from courses.vocabulary import OutcomeKind, OutcomeLevel, StaffRole
from tests.courses.credits.records import credited_course

TODAY = date(2026, 12, 3)
CERTIFICATE = "工业机器人操作与运维"
PDF = b"%PDF-1.4\n% a certificate\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
PASSWORD = "correct horse battery"


async def reviewer(key: str) -> StaffUser:
    """A reviewer of the provider ``prov-<key>`` (created with its course by ``credited_course``)."""
    return await create_staff(f"reviewer-{key}@example.org", PASSWORD, StaffRole.REVIEWER,
                              provider_key=f"prov-{key}")


async def institution(key: str, *, min_level: str | None = "intermediate", years: int | None = 3) -> ConversionRule:
    await credited_course(key)
    admin = await StaffUser.get_or_none(email="admin@example.org") or await create_staff(
        "admin@example.org", PASSWORD, StaffRole.ADMIN)
    return await save_rule(admin, course_key=key, outcome_kind=OutcomeKind.ONE_PLUS_X, outcome_name=CERTIFICATE,
                           min_level=min_level, max_age_years=years, credits="2.0")


async def certificate(learner: Learner, data_dir: Path, *, level: OutcomeLevel = OutcomeLevel.INTERMEDIATE,
                      issued_on: date = date(2025, 6, 1), valid_until: date | None = None) -> Outcome:
    return await add_outcome(learner.id, kind=OutcomeKind.ONE_PLUS_X, name=CERTIFICATE, level=level,
                             issuer="某培训评价组织", number="X-0001", issued_on=issued_on,
                             valid_until=valid_until, proof=Proof(PDF, "application/pdf"), data_dir=data_dir,
                             today=TODAY)
