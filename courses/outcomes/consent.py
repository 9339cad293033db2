"""The learner's consent, per credit record, to partners reading it through the partner API.

A partner holding a valid API key learns about a credit record only while its learner consents to
that record: without consent, or after the consent was withdrawn, the record does not exist for the
API (the same answer as an unknown code). What it then learns is the public verification page's
facts and nothing more. Every change of consent is audited in the learner's account trail.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from courses.credits import CreditFacts, credit_facts, format_code, normalize_code
from courses.errors import NotFound
from courses.models import CreditRecord
from courses.outcomes.tables import OutcomeEvent

__all__ = ["CONSENT_EVENTS", "consent_to_partners", "partner_credit_facts"]

CONSENT_EVENTS = ("partners_allowed", "partners_withdrawn")


async def consent_to_partners(learner_id: int, code: str, allowed: bool) -> bool:
    """Give or withdraw consent for partners to read one of the learner's records; audited when it changes.

    :returns: whether anything changed (the same choice twice writes one audit row).
    :raises NotFound: no record with this code belongs to this learner.
    """
    stored = normalize_code(code)
    async with in_transaction() as conn:
        record = await CreditRecord.filter(verification_code=stored, learner_id=learner_id).using_db(conn).first()
        if record is None:
            raise NotFound("credit record")
        changed = await CreditRecord.filter(id=record.id, partner_consent=not allowed).using_db(conn).update(
            partner_consent=allowed)
        if changed:
            await OutcomeEvent.create(learner_id=learner_id, what=CONSENT_EVENTS[0 if allowed else 1],
                                      detail=format_code(record.verification_code), using_db=conn)
    return bool(changed)


async def partner_credit_facts(code: str) -> CreditFacts:
    """The verification page's facts of a record its learner lets partners read.

    :raises NotFound: no such record, or its learner has not consented (or withdrew the consent).
    """
    if not await CreditRecord.exists(verification_code=normalize_code(code), partner_consent=True):
        raise NotFound("credit record")
    return await credit_facts(code)
