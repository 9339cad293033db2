"""The learning account on the portal: add an outcome with its proof, apply, a reviewer decides, the
credit record verifies as granted by conversion; refused uploads; reviewers of another institution."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer

from courses.learners import register
from courses.models import CreditRecord
from courses.outcomes import MAX_PROOF_BYTES
from courses.outcomes.tables import Outcome, OutcomeEvent
from courses.staff import create_staff
from courses.vocabulary import StaffRole
from portal.app import create_app
from tests.courses.outcomes.account import CERTIFICATE, PASSWORD, PDF, PNG, institution
from tests.portal.conftest import csrf_from, make_settings
from tests.portal.test_accounts import sign_in


@pytest.fixture
async def portal(demo_url: str, tmp_path: Path) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(make_settings(demo_url, data_dir=tmp_path)))) as test_client:
        yield test_client


async def _upload(client: TestClient, content: bytes, content_type: str = "application/pdf",
                  filename: str = "certificate.pdf"):
    token = csrf_from(await (await client.get("/en/account/outcomes")).text())
    form = FormData()
    for name, value in (("csrf_token", token), ("kind", "one_plus_x"), ("name", CERTIFICATE),
                        ("level", "senior"), ("issuer", "某培训评价组织"), ("number", "X-0001"),
                        ("issued_on", "2025-06-01")):
        form.add_field(name, value)
    form.add_field("proof", content, filename=filename, content_type=content_type)
    return await client.post("/en/account/outcomes", data=form, allow_redirects=False)


async def _staff_sign_in(client: TestClient, provider_key: str) -> None:
    email = f"reviewer-{provider_key}@example.org"
    await create_staff(email, PASSWORD, StaffRole.REVIEWER, provider_key=provider_key)
    token = csrf_from(await (await client.get("/en/admin/signin")).text())
    response = await client.post("/en/admin/signin", allow_redirects=False,
                                 data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status == 303


async def _learner(portal: TestClient) -> None:
    await register("ana@example.org", PASSWORD, display_name="Ana", locale="en")
    assert (await sign_in(portal, "ana@example.org", PASSWORD)).status == 303


async def test_outcome_to_credit_record_through_the_portal(portal: TestClient, tmp_path: Path) -> None:
    await institution("robots")
    await institution("other")
    await _learner(portal)
    added = await _upload(portal, PDF)
    assert added.status == 303, await added.text()
    page = await (await portal.get("/en/account/outcomes?added=1")).text()
    assert CERTIFICATE in page and "Submitted" in page and "Elder care basics" in page
    apply_urls = re.findall(r'action="(/en/account/outcomes/\d+/apply/\d+)"', page)
    assert len(apply_urls) == 2  # both institutions' rules match
    token = csrf_from(page)
    assert (await portal.post(apply_urls[0], data={"csrf_token": token}, allow_redirects=False)).status == 303
    again = await portal.post(apply_urls[0], data={"csrf_token": token}, allow_redirects=False)
    assert again.status == 400 and "already applied" in await again.text()
    outcome = await Outcome.get()
    proof = await portal.get(f"/en/account/outcomes/{outcome.id}/proof")
    assert proof.status == 200 and proof.content_type == "application/pdf" and await proof.read() == PDF
    assert proof.headers["X-Content-Type-Options"] == "nosniff"
    assert not any(p.suffix == ".pdf" for p in Path("portal/static").rglob("*"))

    await _staff_sign_in(portal, "prov-other")  # applied to prov-robots, not to this one
    listing = await (await portal.get("/en/admin/applications")).text()
    assert "0 applications pending" in listing and "id=\"application-" not in listing
    decide = await portal.post("/en/admin/applications/1/decide", allow_redirects=False,
                               data={"csrf_token": csrf_from(listing), "decision": "approve"})
    assert decide.status == 403
    assert (await portal.get("/en/admin/applications/1/proof")).status == 403

    await _staff_sign_in(portal, "prov-robots")
    listing = await (await portal.get("/en/admin/applications")).text()
    assert "1 application pending" in listing and "id=\"application-1\"" in listing
    assert (await portal.get("/en/admin/applications/1/proof")).status == 200
    decide = await portal.post("/en/admin/applications/1/decide", allow_redirects=False,
                               data={"csrf_token": csrf_from(listing), "decision": "approve"})
    assert decide.status == 303
    record = await CreditRecord.get()
    assert record.source == "conversion"
    verify = await portal.get(f"/en/verify/{record.verification_code}", allow_redirects=True)
    assert "Granted by conversion" in await verify.text() and CERTIFICATE in await verify.text()
    assert (await sign_in(portal, "ana@example.org", PASSWORD)).status == 303  # staff sign-in began a new session
    transcript = await (await portal.get("/en/account/transcript")).text()
    assert "granted by conversion" in transcript
    history = await (await portal.get("/en/account/outcomes")).text()
    assert "Application approved" in history and "Accepted" in history
    assert await OutcomeEvent.all().count() == 3


@pytest.mark.parametrize(("content", "content_type", "filename", "status", "message"), [
    (b"%PDF-" + b"0" * MAX_PROOF_BYTES, "application/pdf", "c.pdf", 413, "at most"),
    (b"<html><script>alert(1)</script>", "text/html", "c.html", 422, "PDF, PNG or JPEG"),
    (PNG, "application/pdf", "c.pdf", 422, "does not match"),
])
async def test_refused_uploads_store_nothing(portal: TestClient, tmp_path: Path, content: bytes,
                                             content_type: str, filename: str, status: int, message: str) -> None:
    await _learner(portal)
    refused = await _upload(portal, content, content_type, filename)
    assert refused.status == status and message in await refused.text()
    assert await Outcome.all().count() == 0 and not (tmp_path / "proofs").exists()


async def test_someone_elses_proof_is_not_served(portal: TestClient) -> None:
    await _learner(portal)
    assert (await _upload(portal, PDF)).status == 303
    outcome = await Outcome.get()
    await register("bo@example.org", PASSWORD, locale="en")
    assert (await sign_in(portal, "bo@example.org", PASSWORD)).status == 303
    assert (await portal.get(f"/en/account/outcomes/{outcome.id}/proof")).status == 404


async def test_pending_applications_are_counted_by_institution_name(portal: TestClient, tmp_path: Path) -> None:
    from courses.models import ProviderText

    await institution("robots")
    await institution("other")
    await ProviderText.filter(provider__key="prov-other", locale="en").update(name="Second Polytechnic")
    await _learner(portal)
    assert (await _upload(portal, PDF)).status == 303
    page = await (await portal.get("/en/account/outcomes")).text()
    actions = re.findall(r'action="(/en/account/outcomes/\d+/apply/\d+)"', page)
    assert len(actions) == 2
    for action in actions:
        applied = await portal.post(action, data={"csrf_token": csrf_from(page)}, allow_redirects=False)
        assert applied.status == 303
    token = csrf_from(await (await portal.get("/en/admin/signin")).text())
    signed = await portal.post("/en/admin/signin", allow_redirects=False,
                               data={"csrf_token": token, "email": "admin@example.org", "password": PASSWORD})
    assert signed.status == 303
    listing = await (await portal.get("/en/admin/applications")).text()
    assert "<li>Open University of Testing: 1</li>" in listing and "<li>Second Polytechnic: 1</li>" in listing


async def test_the_kind_of_an_outcome_is_not_called_a_course_type(portal: TestClient) -> None:
    await _learner(portal)
    form = await (await portal.get("/zh-Hans/account/outcomes")).text()
    assert '<label for="kind">成果类型</label>' in form and "课程类型" not in form
    course = re.search(r'href="/zh-Hans/courses/(\d+)"', await (await portal.get("/zh-Hans/courses")).text())
    assert course is not None
    detail = await (await portal.get(f"/zh-Hans/courses/{course.group(1)}")).text()
    assert "<dt>课程类型</dt>" in detail
