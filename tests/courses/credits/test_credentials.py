"""Signed Open Badges 3.0 credentials: verified offline by an independent verifier, tamper-evident in
every claim and every language, revocable, rotatable keys, and no raw personal data."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from courses.credits import (
    IssuerKeyMissing,
    check_credential,
    credential_for,
    did_document,
    did_web,
    format_code,
    is_set,
    load_issuer,
    revocation_list,
    revoke_record,
    rotate_issuer_key,
    show_name,
    transcript_bundle,
)
from courses.errors import InvalidInput, NotFound
from courses.settings import Environment, Settings
from courses.staff import create_staff
from courses.vocabulary import StaffRole
from tests.courses.credits.offline_verifier import verifies
from tests.courses.credits.records import TITLES, credit

NOW = datetime(2026, 7, 1, 8, tzinfo=UTC)


def settings_in(folder: Path, **values: Any) -> Settings:
    return Settings(data_dir=folder, secret_key="s" * 40, public_url="https://credits.example.org", **values)


async def test_a_credential_verifies_offline_and_says_what_was_earned(db: str, tmp_path: Path) -> None:
    issuer = load_issuer(settings_in(tmp_path))
    learner, entry = await credit()
    credential = await credential_for(issuer, entry.verification_code.lower(), now=NOW)
    assert verifies(credential, did_document(issuer))
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == issuer.did == "did:web:credits.example.org"
    subject = credential["credentialSubject"]
    achievement = subject["achievement"]
    assert subject["creditsEarned"] == 3.0 and achievement["creditsAvailable"] == 3.0
    assert subject["hours"] == achievement["hours"] == 48
    assert subject["activityEndDate"] == "2026-06-30"
    assert {v["@language"]: v["@value"] for v in achievement["name"]} == TITLES
    assert achievement["alignment"][0]["targetCode"] == "52"
    assert achievement["level"] == "national" and achievement["track"] == "online"
    assert credential["credentialStatus"]["statusListIndex"] == str(entry.id)
    raw = json.dumps(credential, ensure_ascii=False)
    assert learner.email not in raw and "Li Hua" not in raw  # the name is hidden by default
    (identity,) = subject["identifier"]
    expected = hashlib.sha256((learner.email + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == "sha256$" + expected and identity["hashed"] is True
    assert "@direction" not in raw


def _tamper(credential: dict[str, Any], change: Any) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    change(changed)
    return changed


def _set_language(locale: str, text: str) -> Any:
    def change(c: dict[str, Any]) -> None:
        for value in c["credentialSubject"]["achievement"]["name"]:
            if value["@language"] == locale:
                value["@value"] = text
    return change


@pytest.mark.parametrize("change", [
    lambda c: c["credentialSubject"].update(creditsEarned=30.0),
    lambda c: c["credentialSubject"].update(hours=480),
    lambda c: c["credentialSubject"]["achievement"].update(creditsAvailable=4.0),
    lambda c: c["credentialSubject"]["achievement"].update(name="Heart surgery"),
    _set_language("en", "Heart surgery"),
    _set_language("zh-Hans", "心脏外科"),
    _set_language("ar", "جراحة القلب"),
    lambda c: c["credentialSubject"]["achievement"]["alignment"][0].update(targetCode="41"),
    lambda c: c["credentialSubject"].update(activityEndDate="2020-01-01"),
    lambda c: c["credentialSubject"].update(name="Somebody Else"),
    lambda c: c["credentialStatus"].update(statusListIndex="999999"),
], ids=["creditsEarned", "hours", "creditsAvailable", "name", "en", "zh-Hans", "ar", "category", "date",
        "learner name", "status index"])
async def test_any_changed_claim_breaks_the_proof(db: str, tmp_path: Path, change: Any) -> None:
    issuer = load_issuer(settings_in(tmp_path))
    _, entry = await credit()
    credential = await credential_for(issuer, entry.verification_code, now=NOW)
    tampered = _tamper(credential, change)
    assert not verifies(tampered, did_document(issuer))
    check = await check_credential(issuer, json.dumps(tampered))
    assert check.readable and check.issued_here and not check.valid


async def test_the_portal_check_reports_claims_and_revocation(db: str, tmp_path: Path) -> None:
    issuer = load_issuer(settings_in(tmp_path))
    _, entry = await credit()
    text = json.dumps(await credential_for(issuer, entry.verification_code, now=NOW))
    check = await check_credential(issuer, text)
    assert (check.valid, check.revoked, check.credits, check.hours) == (True, False, 3.0, 48)
    assert check.titles == TITLES and check.major_category == "52"
    staff = await create_staff("admin@example.org", "a long enough password", StaffRole.ADMIN)
    await revoke_record(staff, format_code(entry.verification_code), "Awarded by mistake", now=NOW)
    revoked = await check_credential(issuer, text)
    assert (revoked.valid, revoked.revoked, revoked.revoked_reason) == (True, True, "Awarded by mistake")
    status = await revocation_list(issuer, now=NOW)
    assert verifies(status, did_document(issuer))
    assert is_set(status["credentialSubject"]["encodedList"], entry.id)
    assert not is_set(status["credentialSubject"]["encodedList"], entry.id + 1)
    for garbage in ("not json", "[]", '{"@context": ["https://example.org/x"]}'):
        assert not (await check_credential(issuer, garbage)).readable


async def test_revocation_needs_a_reason_and_a_permitted_member_of_staff(db: str) -> None:
    _, entry = await credit()
    staff = await create_staff("admin@example.org", "a long enough password", StaffRole.ADMIN)
    with pytest.raises(InvalidInput):
        await revoke_record(staff, entry.verification_code, "  ", now=NOW)
    with pytest.raises(NotFound):
        await revoke_record(staff, "ABCD-EFGH-JKMN", "mistake", now=NOW)
    from courses.staff import Forbidden
    with pytest.raises(Forbidden):
        await revoke_record(None, entry.verification_code, "mistake", now=NOW)


async def test_old_credentials_verify_after_a_key_rotation(db: str, tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    issuer = load_issuer(settings)
    _, entry = await credit()
    before = await credential_for(issuer, entry.verification_code, now=NOW)
    rotated = rotate_issuer_key(settings, now=NOW)
    after = await credential_for(rotated, entry.verification_code, now=NOW)
    assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]
    document = did_document(rotated)
    assert len(document["verificationMethod"]) == 2
    assert verifies(before, document) and verifies(after, document)
    assert (await check_credential(rotated, json.dumps(before))).valid
    assert load_issuer(settings).signing_key.id == "key-2"  # the rotation is kept on disk


async def test_a_foreign_issuer_is_not_trusted(db: str, tmp_path: Path) -> None:
    ours = load_issuer(settings_in(tmp_path / "ours"))
    theirs = load_issuer(Settings(data_dir=tmp_path / "theirs", secret_key="t" * 40,
                                  public_url="https://forger.example.net"))
    _, entry = await credit()
    forged = await credential_for(theirs, entry.verification_code, now=NOW)
    assert verifies(forged, did_document(theirs))
    check = await check_credential(ours, json.dumps(forged))
    assert check.readable and not check.issued_here and not check.valid


def test_production_refuses_to_make_a_key_on_the_fly(tmp_path: Path) -> None:
    with pytest.raises(IssuerKeyMissing):
        load_issuer(settings_in(tmp_path, environment=Environment.PRODUCTION))
    assert not (tmp_path / "issuer_keys.json").exists()


def test_did_web_encodes_the_port_and_path() -> None:
    assert did_web("http://127.0.0.1:8080") == "did:web:127.0.0.1%3A8080"
    assert did_web("https://example.org/portal") == "did:web:example.org:portal"


async def test_the_name_shows_only_when_the_learner_chooses(db: str, tmp_path: Path) -> None:
    issuer = load_issuer(settings_in(tmp_path))
    learner, entry = await credit()
    await show_name(learner.id, entry.verification_code, True)
    credential = await credential_for(issuer, entry.verification_code, now=NOW)
    assert credential["credentialSubject"]["name"] == "Li Hua"
    assert verifies(credential, did_document(issuer))
    other, _ = await credit("other@example.org", key="other")
    with pytest.raises(NotFound):  # nobody else can change it
        await show_name(other.id, entry.verification_code, False)


async def test_the_transcript_bundle_holds_every_credential_signed(db: str, tmp_path: Path) -> None:
    issuer = load_issuer(settings_in(tmp_path))
    learner, entry = await credit()
    bundle = zipfile.ZipFile(io.BytesIO(await transcript_bundle(issuer, learner.id, now=NOW)))
    manifest = json.loads(bundle.read("manifest.json"))
    (item,) = manifest["credentials"]
    body = bundle.read(item["file"])
    assert hashlib.sha256(body).hexdigest() == item["sha256"]
    assert verifies(json.loads(body), did_document(issuer))
