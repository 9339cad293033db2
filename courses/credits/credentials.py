"""Open Badges 3.0 credentials of credit records: an ``OpenBadgeCredential`` (W3C VC 2.0) signed with
``eddsa-rdfc-2022``, and the learner's whole transcript as one zip of them.

What a credential says: the course as the achievement (its title and summary in every locale the
course has, as language-tagged values, so a changed translation breaks the proof), its provider,
``creditsAvailable`` and hours, the 2021 catalogue major category as an alignment; the subject's
``creditsEarned``, hours and completion date. The subject is a salted SHA-256 of the learner's e-mail
(else their Telegram id), never the raw value; their name only if they chose to show it.
Right-to-left display comes from each value's language tag: ``@direction`` is not emitted (the
proof does not cover it).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

from courses.credits.documents import CREDENTIALS_V2, OPEN_BADGES_V3
from courses.credits.issuer_keys import Issuer
from courses.credits.proofs import sign
from courses.credits.records import transcript
from courses.credits.status_list import status_entry
from courses.credits.verification import CreditFacts, facts_of, record_by_code
from courses.i18n import translations
from courses.models import CreditRecord, Learner
from courses.vocabulary import MAJOR_CATEGORIES

__all__ = [
    "VOCABULARY",
    "credential_for",
    "transcript_bundle",
]

# Terms Open Badges 3.0 has no word for; an inline context names them (covered by the proof).
VOCABULARY = "urn:lifelong-portal:vocabulary:"
LOCAL_TERMS = {
    "hours": {"@id": VOCABULARY + "hours", "@type": "http://www.w3.org/2001/XMLSchema#integer"},
    "track": {"@id": VOCABULARY + "track"},
    "level": {"@id": VOCABULARY + "level"},
}
CATALOGUE_FRAMEWORK = "Catalogue of Vocational Education Majors (2021), Ministry of Education of the PRC"
CATEGORY_LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def language_values(texts: dict[str, str]) -> list[dict[str, str]]:
    """``{locale: text}`` as JSON-LD language-tagged values, in a stable order."""
    return [{"@value": texts[locale], "@language": locale} for locale in sorted(texts)]


def _category_names(code: int) -> dict[str, str]:
    msgid = MAJOR_CATEGORIES.get(code)
    if msgid is None:
        return {}
    return {locale: translations(locale).gettext(msgid) for locale in CATEGORY_LOCALES}


def _identity(issuer: Issuer, learner: Learner | None, code: str) -> list[dict[str, Any]]:
    if learner is None:
        return []
    if learner.email:
        kind, value = "emailAddress", learner.email.strip().lower()
    elif learner.telegram_id is not None:
        kind, value = "ext:TelegramUserId", str(learner.telegram_id)
    else:
        return []
    # A salt per record: two credentials of one learner do not share a hash a verifier could link.
    salt = hmac.new(issuer.salt_secret, b"identity:" + code.encode(), hashlib.sha256).hexdigest()[:16]
    digest = hashlib.sha256((value + salt).encode()).hexdigest()
    return [{"type": "IdentityObject", "identityHash": "sha256$" + digest, "identityType": kind,
             "hashed": True, "salt": salt}]


def credential_url(issuer: Issuer, code: str) -> str:
    return f"{issuer.url}/credentials/{code}.json"


def build_credential(issuer: Issuer, facts: CreditFacts, learner: Learner | None) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` of a credit record."""
    credits = float(facts.credits)
    alignment = {"type": ["Alignment"], "targetCode": str(facts.major_category),
                 "targetName": language_values(_category_names(facts.major_category)) or str(facts.major_category),
                 "targetFramework": CATALOGUE_FRAMEWORK, "targetType": "ext:MajorCategory",
                 "targetUrl": f"{issuer.url}/{issuer.locale}/courses?category={facts.major_category}"}
    achievement: dict[str, Any] = {
        "id": f"urn:lifelong-portal:course:{facts.course_key}",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": language_values(facts.titles),
        "criteria": {"narrative": f"Completion of the course: {facts.hours} hours of study."},
        "creditsAvailable": credits,
        "hours": facts.hours,
        "track": facts.track.value,
        "alignment": [alignment],
        "creator": {"id": f"urn:lifelong-portal:provider:{facts.provider_key}", "type": ["Profile"],
                    "name": language_values(facts.provider_names) or facts.provider_key},
    }
    if facts.summaries:
        achievement["description"] = language_values(facts.summaries)
    if facts.level is not None:
        achievement["level"] = facts.level.value
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "achievement": achievement,
        "creditsEarned": credits,
        "hours": facts.hours,
        "activityEndDate": facts.completed_on.isoformat(),
    }
    identity = _identity(issuer, learner, facts.code)
    if identity:
        subject["identifier"] = identity
    if facts.learner_name:
        subject["name"] = facts.learner_name
    return {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3, LOCAL_TERMS],
        "id": credential_url(issuer, facts.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Lifelong Learning Portal", "url": issuer.url},
        "validFrom": _stamp(facts.completed_at),
        "name": language_values(facts.titles),
        "credentialSubject": subject,
        "credentialStatus": status_entry(issuer, facts.record_id),
    }


def _signed(issuer: Issuer, facts: CreditFacts, learner: Learner | None, now: datetime) -> dict[str, Any]:
    key = issuer.signing_key
    return sign(build_credential(issuer, facts, learner), key.private, method=issuer.method(key), created=now)


async def credential_for(issuer: Issuer, code: str, *, now: datetime) -> dict[str, Any]:
    """The signed credential of the record with this code (revoked ones too: their status says so).

    :raises NotFound: no record has this code.
    """
    record = await record_by_code(code)
    return _signed(issuer, await facts_of(record), record.learner, now)


async def transcript_bundle(issuer: Issuer, learner_id: int, *, now: datetime) -> bytes:
    """A zip of the learner's signed credentials, one file per record, with ``manifest.json``.

    :raises NotFound: no such learner.
    """
    entries = (await transcript(learner_id)).entries
    records = await CreditRecord.filter(id__in=[e.id for e in entries]).select_related(
        "course__provider", "learner")
    by_id = {r.id: r for r in records}
    buffer = io.BytesIO()
    manifest = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for entry in entries:
            record = by_id[entry.id]
            credential = _signed(issuer, await facts_of(record), record.learner, now)
            body = json.dumps(credential, ensure_ascii=False, indent=2).encode()
            name = f"credentials/{credential['id'].rsplit('/', 1)[-1]}"
            bundle.writestr(name, body)
            manifest.append({"file": name, "id": credential["id"], "sha256": hashlib.sha256(body).hexdigest(),
                             "name": credential["name"], "creditsEarned": float(entry.credits),
                             "hours": entry.hours})
        bundle.writestr("manifest.json", json.dumps(
            {"issuer": issuer.did, "created": _stamp(now), "credentials": manifest}, ensure_ascii=False, indent=2))
    return buffer.getvalue()
