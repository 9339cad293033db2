"""Partner pages belong to the partner: country first, its introduction, logo and contact kept by admins;
an intake abroad says where before a learner enrolls."""

from __future__ import annotations

import io
import re

import segno
from aiohttp import FormData
from aiohttp.test_utils import TestClient

from courses.models import Base, CourseCountry, Intake, Partner, PartnerText
from courses.partners import LOGO_LIMIT
from courses.reach_models import PartnerLogo
from courses.vocabulary import StaffRole, Status
from tests.portal.conftest import NOW, csrf_from
from tests.portal.test_accounts import sign_up
from tests.portal.test_admin import staff_client

PAGE = "/th/partners/luban-thailand"
ADMIN = "/en/admin/partners/luban-thailand"


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def _png() -> bytes:
    out = io.BytesIO()
    segno.make("https://example.org").save(out, kind="png", scale=2)
    return out.getvalue()


async def test_the_thai_partner_page_leads_with_thai_courses_for_thailand(client: TestClient) -> None:
    html = await (await client.get(PAGE)).text()
    first = _section(html, "for-country")
    titles = re.findall(r"<h3><a href=\"/th/courses/([0-9]+)[^\"]*\">(.*?)</a>", first)
    for_thailand = set(await CourseCountry.filter(country="TH").values_list("course_id", flat=True))
    leading = [title for course_id, title in titles if int(course_id) in for_thailand]
    assert len(leading) >= 3 and titles[0][1] == leading[0]
    # The programmes for Thailand come first, each written in Thai (no fallback mark).
    assert all("<bdi" not in title for title in leading), leading
    assert all(href.endswith("?partner=luban-thailand")
               for href in re.findall(r'<h3><a href="([^"]+)"', first))
    assert "ลู่ปันเวิร์กช็อปประเทศไทยที่พระนครศรีอยุธยา" in html  # the introduction
    assert 'href="mailto:info@luban-thailand.example.org"' in html and 'href="tel:+6635123456"' in html
    assert re.search(r'<img class="partner-logo" src="/partners/luban-thailand/logo\?v=[0-9a-f]{64}"', html)
    assert 'id="share-heading"' in html and "/th/partners/luban-thailand/qr.svg" in html  # the handout stays


async def test_selected_courses_for_other_countries_come_under_their_own_heading(client: TestClient) -> None:
    partner = await Partner.get(slug="luban-thailand")
    thai = await CourseCountry.filter(country="TH").values_list("course_id", flat=True)
    elsewhere = await CourseCountry.filter(country="DJ").exclude(course_id__in=thai).first()
    assert elsewhere is not None
    await Intake.filter(course_id=elsewhere.course_id, base_id=None).delete()  # no online run: only abroad
    await partner.selection.all().delete()
    await partner.selection.create(course_id=elsewhere.course_id, position=0)
    html = await (await client.get(PAGE)).text()
    assert f"/th/courses/{elsewhere.course_id}?" not in _section(html, "for-country")
    assert f"/th/courses/{elsewhere.course_id}?partner=luban-thailand" in _section(html, "for-elsewhere")
    assert html.index('id="for-country"') < html.index('id="for-elsewhere"')


async def test_the_logo_is_served_by_version_without_any_power_to_run_script(client: TestClient) -> None:
    html = await (await client.get(PAGE)).text()
    src = re.search(r'src="(/partners/luban-thailand/logo\?v=[0-9a-f]{64})"', html)
    assert src
    logo = await client.get(src.group(1))
    assert logo.status == 200 and logo.content_type == "image/svg+xml"
    assert "immutable" in logo.headers["Cache-Control"]
    assert "sandbox" in logo.headers["Content-Security-Policy"]
    assert "script-src" not in logo.headers["Content-Security-Policy"]  # default-src 'none' governs
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    again = await client.get(src.group(1), headers={"If-None-Match": logo.headers["ETag"]})
    assert again.status == 304
    unversioned = await client.get("/partners/luban-thailand/logo")
    assert "immutable" not in unversioned.headers["Cache-Control"]
    assert (await client.get("/partners/no-such-partner/logo")).status == 404


async def test_an_intake_in_cairo_says_so_on_the_course_page_and_before_enrolling(client: TestClient) -> None:
    thai = await CourseCountry.filter(country="TH").values_list("course_id", flat=True)
    intake = await Intake.filter(course_id__in=thai, course__status=Status.PUBLISHED,
                                 enroll_deadline__gt=NOW).first()
    cairo = await Base.filter(city="Cairo", status=Status.PUBLISHED).first()
    assert intake is not None and cairo is not None
    await Intake.filter(id=intake.id).update(base_id=cairo.id)  # a programme for Thailand, run in Cairo
    course = f"/th/courses/{intake.course_id}"
    page = await (await client.get(course + "?partner=luban-thailand")).text()
    assert "จัดนอกไทย: ที่ไคโร อียิปต์" in page
    assert f"intake={intake.id}&amp;partner=luban-thailand" in page
    # The same page in English, read from China, says the intake is outside China.
    english = await (await client.get(f"/en/courses/{intake.course_id}")).text()
    assert "Held outside China: in Cairo, Egypt." in english
    await sign_up(client, "traveller@example.org")
    confirm = await client.get(f"{course}/enroll?intake={intake.id}&partner=luban-thailand")
    text = await confirm.text()
    assert confirm.status == 200, text
    assert "จัดนอกไทย: ที่ไคโร อียิปต์" in text and "?partner=luban-thailand" in text


async def test_only_admins_keep_partner_profiles(client: TestClient) -> None:
    assert (await client.get(ADMIN, allow_redirects=False)).status == 303  # anonymous: sign in first
    await staff_client(client, StaffRole.EDITOR)
    assert (await client.get(ADMIN)).status == 403
    token = csrf_from(await (await client.get("/en/admin/")).text())
    refused = await client.post(ADMIN, data={"csrf_token": token, "email": "x@example.org"})
    assert refused.status == 403
    assert (await Partner.get(slug="luban-thailand")).email == "info@luban-thailand.example.org"


async def test_admins_save_introductions_and_valid_contact_only(client: TestClient) -> None:
    assert "ลู่ปันเวิร์กช็อปประเทศไทยที่พระนครศรีอยุธยา" in await (await client.get(PAGE)).text()  # now cached
    await staff_client(client, StaffRole.ADMIN)
    token = csrf_from(await (await client.get(ADMIN)).text())
    form = {"csrf_token": token, "intro-th": "แนะนำใหม่", "intro-en": "New introduction", "intro-zh-Hans": "",
            "email": "office@luban.example.org", "phone": "+66 2 123 4567", "address": "Ayutthaya",
            "website": "https://luban.example.org/th"}
    for field, bad in (("email", "not an address"), ("phone", "call us"), ("website", "javascript:alert(1)"),
                       ("address", "line\x00break")):
        refused = await client.post(ADMIN, data={**form, field: bad})
        assert refused.status == 422, field
        assert 'role="alert"' in await refused.text()
    partner = await Partner.get(slug="luban-thailand")
    assert partner.email == "info@luban-thailand.example.org"  # nothing of a refused form was written
    assert (await PartnerText.get(partner=partner, locale="th")).intro != "แนะนำใหม่"
    saved = await client.post(ADMIN, data=form, allow_redirects=False)
    assert saved.status == 303
    assert (await Partner.get(slug="luban-thailand")).email == "office@luban.example.org"
    client.session.cookie_jar.clear()  # read as an anonymous visitor, whom the page cache serves
    page = await (await client.get(PAGE)).text()
    assert "แนะนำใหม่" in page and 'href="mailto:office@luban.example.org"' in page
    assert 'href="https://luban.example.org/th"' in page
    assert "ลู่ปันเวิร์กช็อปประเทศไทยที่พระนครศรีอยุธยา" not in page


async def test_logo_uploads_are_checked_by_size_type_content_and_script(client: TestClient) -> None:
    await staff_client(client, StaffRole.ADMIN)
    token = csrf_from(await (await client.get(ADMIN)).text())
    before = (await PartnerLogo.get(partner__slug="luban-thailand")).digest
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'

    async def upload(content: bytes, filename: str, content_type: str) -> tuple[int, str]:
        data = FormData()
        data.add_field("csrf_token", token)
        data.add_field("logo", content, filename=filename, content_type=content_type)
        response = await client.post(ADMIN + "/logo", data=data, allow_redirects=False)
        return response.status, await response.text()

    big = _png() + b"\0" * LOGO_LIMIT
    assert (await upload(big, "logo.png", "image/png"))[0] == 413
    status, text = await upload(b"GIF89a....", "logo.gif", "image/gif")
    assert status == 422 and "PNG" in text
    assert (await upload(_png(), "logo.svg", "image/svg+xml"))[0] == 422  # a PNG that says it is an SVG
    assert (await upload(svg, "logo.png", "image/svg+xml"))[0] == 422  # the name says PNG
    for active in (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                   b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                   b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
                   b'<image x:href="https://evil.example/x.png"/></svg>',
                   b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'):
        status, text = await upload(active, "logo.svg", "image/svg+xml")
        assert status == 422 and "SVG" in text, active
    assert (await PartnerLogo.get(partner__slug="luban-thailand")).digest == before
    status, _ = await upload(_png(), "logo.png", "image/png")
    assert status == 303
    stored = await PartnerLogo.get(partner__slug="luban-thailand")
    assert stored.content_type == "image/png" and bytes(stored.data) == _png()
    page = await (await client.get(PAGE)).text()
    assert f"/partners/luban-thailand/logo?v={stored.digest}" in page
