"""Conversion rules an institution keeps: which outcome exempts from which of its courses."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from courses.errors import InvalidInput, NotFound
from courses.models import Course, StaffUser
from courses.outcomes.tables import ConversionRule
from courses.staff import Action, require
from courses.vocabulary import OutcomeKind, OutcomeLevel

__all__ = ["institution_rules", "save_rule"]



async def save_rule(staff: StaffUser | None, *, course_key: str, outcome_kind: str, outcome_name: str,
                    min_level: str | None, max_age_years: int | None, credits: str | None) -> ConversionRule:
    """Add a rule for a course of the staff member's institution, or update the one with the same outcome.

    :raises NotFound: no course has this key.
    :raises Forbidden: the course belongs to an institution this member of staff does not review for.
    :raises InvalidInput: an unknown kind or level, an empty or long name, a negative age or credits.
    """
    course = await Course.get_or_none(key=course_key.strip())
    if course is None:
        raise NotFound("course", key=course_key)
    require(staff, Action.REVIEW_CONVERSION, course.provider_id)
    name = " ".join(outcome_name.split())
    try:
        kind = OutcomeKind(outcome_kind)
        level = OutcomeLevel(min_level) if min_level else None
        amount = Decimal(credits) if credits else None
    except (ValueError, InvalidOperation):
        raise InvalidInput("rule", field="rule") from None
    if not name or len(name) > 200 or (max_age_years is not None and max_age_years < 0) \
            or (amount is not None and not Decimal(0) <= amount < Decimal(1000)):
        raise InvalidInput("rule", field="rule")
    rule, _ = await ConversionRule.update_or_create(
        provider_id=course.provider_id, outcome_kind=kind, outcome_name=name, course_id=course.id,
        defaults={"min_level": level, "max_age_years": max_age_years, "credits": amount})
    return rule


async def institution_rules(staff: StaffUser | None) -> list[ConversionRule]:
    """The rules this member of staff keeps (a reviewer: their institution's; an admin: all)."""
    require(staff, Action.REVIEW_CONVERSION, staff.provider_id if staff is not None else None)
    query = ConversionRule.all()
    if staff is not None and staff.provider_id is not None:
        query = query.filter(provider_id=staff.provider_id)
    return await query.order_by("id").select_related("course")
