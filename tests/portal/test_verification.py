"""Public verification: the code's page in every locale (RTL from the language tag), 404s, throttling,
the credential files and the DID document, checking a pasted or uploaded credential, revocation by
staff, the learner's name choice and the transcript's links and zip."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.credits import credit_facts, format_code
from courses.models import CreditRecord, Learner
from courses.vocabulary import StaffRole
from portal.app import create_app
from tests.courses.credits.offline_verifier import verifies
from tests.courses.credits.records import TITLES, credit
from tests.portal.conftest import csrf_from, make_settings
from tests.portal.test_accounts import sign_in
from tests.portal.test_admin import staff_client

PUBLIC = "https://credits.example.org"
LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")


@pytest.fixture
async def portal(demo_url: str, tmp_path: Path) -> AsyncIterator[TestClient]:
    settings = make_settings(demo_url, data_dir=tmp_path, public_url=PUBLIC)
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client


async def _code(email: str = "learner@example.org", key: str = "care") -> str:
    _, entry = await credit(email, key=key)
    return format_code(entry.verification_code)


@pytest.mark.parametrize("locale", LOCALES)
async def test_the_verification_page_in_every_locale(portal: TestClient, locale: str) -> None:
    code = await _code()
    response = await portal.get(f"/{locale}/verify/{code}")
    html = await response.text()
    assert response.status == 200, html
    assert f'lang="{locale}"' in html and code in html
    assert 'dir="rtl"' in html.split(">", 2)[1] if locale == "ar" else 'dir="ltr"' in html.split(">", 2)[1]
    shown = TITLES.get(locale) or (TITLES["en"] if locale not in ("zh-Hant",) else None)
    assert shown is None or shown in html
    assert "<svg" in html and PUBLIC + f"/{locale}/verify/{code}" in html  # the QR code of the absolute URL
    assert "48" in html and "Li Hua" not in html  # hours; the name is hidden by default
    assert f"/credentials/{code.replace('-', '')}.json" in html
    form = await portal.get(f"/{locale}/verify")
    assert form.status == 200 and 'name="code"' in await form.text()


async def test_codes_in_any_case_and_without_dashes_reach_the_printed_page(portal: TestClient) -> None:
    code = await _code()
    for asked in (code.lower(), code.replace("-", "")):
        response = await portal.get(f"/en/verify/{asked}", allow_redirects=False)
        assert response.status == 301 and response.headers["Location"] == f"/en/verify/{code}"
    response = await portal.get("/en/verify", params={"code": code.lower()}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == f"/en/verify/{code}"


async def test_unknown_and_malformed_codes_are_localized_404s(portal: TestClient) -> None:
    for path in ("/fr/verify/ABCD-EFGH-JKMN", "/fr/verify/0000", "/fr/verify?code=nope"):
        response = await portal.get(path)
        assert response.status == 404, path
        assert 'lang="fr"' in await response.text()
    assert (await portal.get("/credentials/ABCDEFGHJKMN.json")).status == 404


async def test_enumeration_is_throttled_per_client(portal: TestClient) -> None:
    code = await _code()
    statuses = [(await portal.get(f"/en/verify/ABCD-EFGH-JK{c}{d}")).status for c in "MN" for d in "PQRS"]
    statuses += [(await portal.get(f"/credentials/ABCDEFGHJKT{d}.json")).status for d in "UV"]
    assert statuses == [404] * 10
    refused = await portal.get(f"/en/verify/{code}")  # even a real code, for the rest of the window
    assert refused.status == 429 and int(refused.headers["Retry-After"]) > 0
    assert (await portal.get(f"/credentials/{code}.json")).status == 429


async def test_the_credential_file_verifies_against_the_served_did_document(portal: TestClient) -> None:
    code = await _code()
    response = await portal.get(f"/credentials/{code.replace('-', '')}.json")
    assert response.status == 200 and response.content_type == "application/vc+ld+json"
    credential = await response.json(content_type=None)
    did = await (await portal.get("/.well-known/did.json")).json(content_type=None)
    assert did["id"] == credential["issuer"]["id"] == "did:web:credits.example.org"
    assert verifies(credential, did)
    status = await (await portal.get("/credentials/status/revocation")).json(content_type=None)
    assert status["id"] == credential["credentialStatus"]["statusListCredential"]
    assert verifies(status, did)


async def _check(portal: TestClient, locale: str, credential: Any, *, upload: bool = False) -> tuple[int, str]:
    token = csrf_from(await (await portal.get(f"/{locale}/verify")).text())
    body = json.dumps(credential, ensure_ascii=False)
    if upload:
        from aiohttp import FormData
        data = FormData()
        data.add_field("csrf_token", token)
        data.add_field("file", io.BytesIO(body.encode()), filename="credential.json",
                       content_type="application/json")
        response = await portal.post(f"/{locale}/verify", data=data)
    else:
        response = await portal.post(f"/{locale}/verify", data={"csrf_token": token, "credential": body})
    return response.status, await response.text()


async def test_a_pasted_or_uploaded_credential_is_checked(portal: TestClient) -> None:
    code = await _code()
    credential = await (await portal.get(f"/credentials/{code}.json")).json(content_type=None)
    status, html = await _check(portal, "en", credential)
    assert status == 200 and "The signature is valid and the credit is not revoked." in html
    assert TITLES["en"] in html and "48" in html
    status, html = await _check(portal, "en", credential, upload=True)
    assert status == 200 and "The signature is valid and the credit is not revoked." in html
    changed = copy.deepcopy(credential)
    changed["credentialSubject"]["creditsEarned"] = 30.0
    status, html = await _check(portal, "en", changed)
    assert "The signature does not match" in html
    status, html = await _check(portal, "en", {"hello": "world"})
    assert status == 422 and "not an Open Badges credential" in html


async def test_the_arabic_claims_are_rtl_whatever_direction_says(portal: TestClient) -> None:
    code = await _code()
    credential = await (await portal.get(f"/credentials/{code}.json")).json(content_type=None)
    for value in credential["credentialSubject"]["achievement"]["name"]:
        value["@direction"] = "ltr"  # not covered by the proof, and not what decides the display
    status, html = await _check(portal, "ar", credential)
    assert status == 200 and 'class="notice ok verdict"' in html  # @direction is outside the proof
    heading = re.search(r'<h2 class="certificate-course" dir="(\w+)">(.*?)</h2>', html, re.S)
    assert heading and heading.group(1) == "rtl" and TITLES["ar"] in heading.group(2)
    status, html = await _check(portal, "en", credential)
    heading = re.search(r'<h2 class="certificate-course" dir="(\w+)">', html)
    assert heading and heading.group(1) == "ltr"


async def test_staff_revoke_with_a_reason_and_verifiers_see_it(portal: TestClient) -> None:
    code = await _code()
    credential = await (await portal.get(f"/credentials/{code}.json")).json(content_type=None)
    await staff_client(portal, StaffRole.ADMIN)
    found = await portal.get("/en/admin/credits", params={"code": code.lower()})
    html = await found.text()
    assert found.status == 200 and TITLES["en"] in html
    token = csrf_from(html)
    empty = await portal.post(f"/en/admin/credits/{code}/revoke", data={"csrf_token": token, "reason": " "})
    assert empty.status == 400
    done = await portal.post(f"/en/admin/credits/{code}/revoke", allow_redirects=False,
                             data={"csrf_token": token, "reason": "Awarded by mistake"})
    assert done.status == 303
    page = await (await portal.get(f"/en/verify/{code}")).text()
    assert "This credit was revoked." in page and "Awarded by mistake" in page
    status, html = await _check(portal, "en", credential)
    assert "this credit was revoked" in html and "Awarded by mistake" in html
    assert (await portal.get("/en/admin/credits", params={"code": "ABCD-EFGH-JKMN"})).status == 404


async def test_the_transcript_links_each_record_and_offers_the_zip(portal: TestClient) -> None:
    from courses.learners import register
    profile = await register("ana@example.org", "correct horse battery", display_name="Ana", locale="en")
    code = await _code("someone@example.org")
    await CreditRecord.filter(verification_code=code.replace("-", "")).update(learner_id=profile.id)
    assert (await sign_in(portal, "ana@example.org")).status == 303
    html = await (await portal.get("/en/account/transcript")).text()
    assert f'href="/en/verify/{code}"' in html and "<svg" in html
    zipped = await portal.get("/en/account/credentials.zip")
    assert zipped.status == 200 and zipped.content_type == "application/zip"
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(await zipped.read())).read("manifest.json"))
    assert len(manifest["credentials"]) == 1
    response = await portal.post(f"/en/account/transcript/{code}/name", allow_redirects=False,
                                 data={"csrf_token": csrf_from(html), "show": "1"})
    assert response.status == 303
    assert "Ana" in await (await portal.get(f"/en/verify/{code}")).text()
    assert (await Learner.get(id=profile.id)).display_name == "Ana"


async def _consent(portal: TestClient, code: str, allow: bool) -> None:
    html = await (await portal.get("/en/account/transcript")).text()
    response = await portal.post(f"/en/account/transcript/{code}/partners", allow_redirects=False,
                                 data={"csrf_token": csrf_from(html), "allow": "1" if allow else "0"})
    assert response.status == 303


async def test_the_partner_api_answers_only_with_the_learners_consent(portal: TestClient) -> None:
    from courses.learners import register
    from courses.outcomes.tables import OutcomeEvent
    from tests.portal.test_api import key_for
    profile = await register("ana@example.org", "correct horse battery", display_name="Ana", locale="en")
    code = await _code("someone@example.org")
    await CreditRecord.filter(verification_code=code.replace("-", "")).update(learner_id=profile.id)
    secret, _ = await key_for()
    headers = {"X-API-Key": secret}
    path = f"/api/v1/credentials/{code.lower()}"
    assert (await portal.get(path, headers=headers)).status == 404  # no consent: as if there were no record
    assert (await sign_in(portal, "ana@example.org")).status == 303
    await _consent(portal, code, True)
    assert "Partners may read this record" in await (await portal.get("/en/account/transcript")).text()
    response = await portal.get(path, params={"locale": "zh-Hans"}, headers=headers)
    body = await response.json()
    assert response.status == 200, body
    # Exactly the verification page's facts: the same values, and nothing else about the learner.
    facts = await credit_facts(code)
    assert set(body) == {"code", "course", "track", "level", "major_category", "hours", "credits", "completed_on",
                         "learner_name", "revoked", "revoked_reason", "verify_url", "credential_url"}
    assert (body["code"], body["hours"], body["credits"], body["completed_on"], body["track"], body["level"]) == (
        facts.code, facts.hours, float(facts.credits), facts.completed_on.isoformat(), facts.track.value,
        facts.level.value if facts.level else None)
    assert body["course"]["title"]["text"] == TITLES["zh-Hans"] and body["learner_name"] is None
    assert body["learner_name"] == facts.learner_name and body["revoked"] is facts.revoked
    page = await (await portal.get(f"/zh-Hans/verify/{code}")).text()
    assert TITLES["zh-Hans"] in page and str(body["hours"]) in page and code in page
    assert body["verify_url"] == f"{PUBLIC}/zh-Hans/verify/{code}"
    assert (await portal.get("/api/v1/credentials/ABCD-EFGH-JKMN", headers=headers)).status == 404
    assert (await portal.get(path)).status == 401
    await _consent(portal, code, False)
    assert (await portal.get(path, headers=headers)).status == 404  # withdrawn: gone again
    trail = await OutcomeEvent.filter(learner_id=profile.id).order_by("id").values_list("what", "detail")
    assert trail == [("partners_allowed", code), ("partners_withdrawn", code)]
    outcomes_page = await (await portal.get("/en/account/outcomes")).text()
    assert "Partners&#39; access to a credit record withdrawn" in outcomes_page or \
        "Partners' access to a credit record withdrawn" in outcomes_page
    document = await (await portal.get("/api/v1/openapi.json")).json()
    assert "/credentials/{code}" in document["paths"]


async def test_consent_is_only_for_ones_own_records(portal: TestClient) -> None:
    from courses.learners import register
    await register("ana@example.org", "correct horse battery", display_name="Ana", locale="en")
    code = await _code("someone@example.org")  # someone else's record
    assert (await sign_in(portal, "ana@example.org")).status == 303
    html = await (await portal.get("/en/account/outcomes")).text()  # her transcript is empty: no form there
    response = await portal.post(f"/en/account/transcript/{code}/partners", allow_redirects=False,
                                 data={"csrf_token": csrf_from(html), "allow": "1"})
    assert response.status == 404
    assert not await CreditRecord.filter(partner_consent=True).exists()
