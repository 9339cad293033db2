"""Checking a credential file someone hands in: is its proof ours and valid, is it revoked, what it claims.

Only our own issuer's keys are trusted and nothing is fetched: a credential from another issuer is
reported as not issued here. The claims are read from the terms the bundled contexts define, so
everything shown is covered by the proof when the proof is valid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from courses.credits.documents import CREDENTIALS_V2, OPEN_BADGES_V3
from courses.credits.issuer_keys import Issuer
from courses.credits.proofs import check_proof
from courses.credits.status_list import STATUS_LIST_PATH
from courses.models import CreditRecord

__all__ = [
    "CredentialCheck",
    "MAX_CREDENTIAL_BYTES",
    "check_credential",
]

MAX_CREDENTIAL_BYTES = 128 * 1024  # a credential is a few kilobytes; the portal reads 256 KB bodies at most


@dataclass(frozen=True, slots=True)
class CredentialCheck:
    """The verdict on a credential file; claims are empty unless it parsed as an OpenBadgeCredential."""

    readable: bool  # JSON, an OpenBadgeCredential with our contexts
    issued_here: bool  # its issuer is our DID
    valid: bool  # the proof verifies with one of our keys
    revoked: bool
    revoked_reason: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    provider_names: dict[str, str] = field(default_factory=dict)
    credits: float | None = None
    hours: int | None = None
    completed_on: date | None = None
    major_category: str | None = None
    learner_name: str | None = None
    credential_id: str | None = None


UNREADABLE = CredentialCheck(readable=False, issued_here=False, valid=False, revoked=False)


def texts_of(value: Any) -> dict[str, str]:
    """``{locale: text}`` from a plain string (locale "") or JSON-LD language-tagged values."""
    if isinstance(value, str):
        return {"": value}
    values = value if isinstance(value, list) else [value]
    found = {}
    for item in values:
        if isinstance(item, dict) and isinstance(item.get("@value"), str):
            found[str(item.get("@language") or "")] = item["@value"]
        elif isinstance(item, str):
            found.setdefault("", item)
    return found


def _part(parent: dict[str, Any], name: str) -> dict[str, Any]:
    value = parent.get(name)
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


async def _revocation(issuer: Issuer, status: Any) -> tuple[bool, str | None]:
    # Our own list is the database: read the record rather than the published bitstring.
    if not isinstance(status, dict) or status.get("statusListCredential") != issuer.url + STATUS_LIST_PATH:
        return False, None
    index = status.get("statusListIndex")
    if not isinstance(index, str) or not index.isdigit() or len(index) > 9:
        return False, None
    record = await CreditRecord.get_or_none(id=int(index))
    if record is None or record.revoked_at is None:
        return False, None
    return True, record.revoked_reason


async def check_credential(issuer: Issuer, text: str | bytes) -> CredentialCheck:
    """Check a credential file (JSON text); nothing is fetched over the network."""
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return UNREADABLE
    if not isinstance(document, dict):
        return UNREADABLE
    contexts = document.get("@context")
    types = document.get("type")
    if (not isinstance(contexts, list) or contexts[:2] != [CREDENTIALS_V2, OPEN_BADGES_V3]
            or not isinstance(types, list) or "OpenBadgeCredential" not in types):
        return UNREADABLE
    issuer_field = document.get("issuer")
    issuer_id = issuer_field.get("id") if isinstance(issuer_field, dict) else issuer_field
    issued_here = issuer_id == issuer.did

    def resolve(method: str) -> Ed25519PublicKey | None:
        key = issuer.key_for(method) if issued_here else None
        return key.public if key else None

    valid = issued_here and check_proof(document, resolve)
    revoked, reason = await _revocation(issuer, document.get("credentialStatus")) if valid else (False, None)
    subject = _part(document, "credentialSubject")
    achievement = _part(subject, "achievement")
    creator = _part(achievement, "creator")
    alignment = achievement.get("alignment")
    alignments: list[Any] = alignment if isinstance(alignment, list) else []
    category = next((a.get("targetCode") for a in alignments if isinstance(a, dict)), None)
    hours = subject.get("hours")
    name = subject.get("name")
    return CredentialCheck(
        readable=True, issued_here=issued_here, valid=valid, revoked=revoked, revoked_reason=reason,
        titles=texts_of(achievement.get("name")), provider_names=texts_of(creator.get("name")),
        credits=_number(subject.get("creditsEarned")), hours=hours if isinstance(hours, int) else None,
        completed_on=_date(subject.get("activityEndDate")),
        major_category=category if isinstance(category, str) else None,
        learner_name=name if isinstance(name, str) else None,
        credential_id=document.get("id") if isinstance(document.get("id"), str) else None)
