"""What a verification code proves: the public facts of one credit record, and the learner's choices.

Anyone holding a code may see the course (its texts in every locale it has), the provider, hours,
credits, the completion date, the track and level, and whether staff revoked the record. The
learner's name is among the facts only when the learner chose to show it on that record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from courses.credits.records import CODE_ALPHABET, CODE_LENGTH, format_code
from courses.errors import InvalidInput, NotFound
from courses.models import CourseText, CreditRecord, ProviderText, StaffUser
from courses.staff.roles import Action, require
from courses.vocabulary import CreditSource, Level, Track

__all__ = [
    "CreditFacts",
    "credit_facts",
    "normalize_code",
    "revoke_record",
    "show_name",
]

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class CreditFacts:
    """One credit record as a verifier sees it; texts are ``{locale: text}`` of the stored locales."""

    record_id: int  # also its index in the revocation status list
    code: str  # printed form, ABCD-EFGH-JKMN
    course_id: int
    course_key: str
    titles: dict[str, str]
    summaries: dict[str, str]
    provider_names: dict[str, str]
    provider_key: str
    track: Track
    level: Level | None
    major_category: int
    hours: int
    credits: Decimal
    completed_at: datetime
    learner_name: str | None  # only when the learner chose to show it
    revoked_at: datetime | None
    revoked_reason: str | None
    converted_from: str | None = None  # the outcome's name when granted by conversion

    @property
    def completed_on(self) -> date:
        return self.completed_at.astimezone(UTC).date()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def normalize_code(code: str) -> str:
    """A code as stored: upper case, without spaces and dashes.

    :raises NotFound: it cannot be a code (wrong length or letters), so no record has it.
    """
    normalized = re.sub(r"[\s\-]", "", code).upper()
    if len(normalized) != CODE_LENGTH or not set(normalized) <= set(CODE_ALPHABET):
        raise NotFound("credit record")
    return normalized


async def record_by_code(code: str) -> CreditRecord:
    record = await CreditRecord.get_or_none(verification_code=normalize_code(code)).select_related(
        "course__provider", "learner")
    if record is None:
        raise NotFound("credit record")
    return record


async def facts_of(record: CreditRecord) -> CreditFacts:
    course = record.course
    titles, summaries = {}, {}
    for row in await CourseText.filter(course_id=course.id).order_by("locale"):
        titles[row.locale] = row.title
        if row.summary:
            summaries[row.locale] = row.summary
    names = {row.locale: row.name for row in await ProviderText.filter(provider_id=course.provider_id)}
    learner = record.learner
    shown = (learner.display_name or None) if record.show_name and learner is not None else None
    return CreditFacts(
        record.id, format_code(record.verification_code), course.id, course.key, titles, summaries, names,
        course.provider.key, Track(record.track), Level(course.level) if course.level else None,
        course.major_category, record.hours, Decimal(record.credits), record.completed_at, shown,
        record.revoked_at, record.revoked_reason, await converted_from(record))


async def converted_from(record: CreditRecord) -> str | None:
    """The name of the outcome a conversion record was granted for (None for a completion here)."""
    if record.source != CreditSource.CONVERSION:
        return None
    # Through the reverse relation the outcomes package adds, so that credits need not import it.
    names = await CreditRecord.filter(id=record.id).values_list("conversions__outcome__name", flat=True)
    return next((str(name) for name in names if name), "")


async def credit_facts(code: str) -> CreditFacts:
    """Return the public facts of the record with this code (any case; dashes and spaces ignored).

    :raises NotFound: no record has this code.
    """
    return await facts_of(await record_by_code(code))


async def show_name(learner_id: int, code: str, shown: bool) -> None:
    """Show or hide the learner's name on the verification page and credential of their own record.

    :raises NotFound: no record with this code belongs to this learner.
    """
    updated = await CreditRecord.filter(verification_code=normalize_code(code), learner_id=learner_id).update(
        show_name=shown)
    if not updated:
        raise NotFound("credit record")


async def revoke_record(staff: StaffUser | None, code: str, reason: str, *, now: datetime) -> CreditFacts:
    """Revoke a credit record (for good) with a reason verifiers are shown; revoking again keeps the first.

    Allowed to staff who may mark completions of the course's provider.

    :raises NotFound: no such record.
    :raises InvalidInput: the reason is empty or too long.
    :raises Forbidden: this member of staff may not.
    """
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput("a reason of 1 to 500 characters", field="reason")
    record = await record_by_code(code)
    require(staff, Action.COMPLETE_ENROLLMENT, record.course.provider_id)
    await CreditRecord.filter(id=record.id, revoked_at__isnull=True).update(revoked_at=now, revoked_reason=reason)
    return await credit_facts(code)
