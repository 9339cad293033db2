"""The staff area end to end: sign-in, the permission matrix over HTTP, CSRF, editing, rosters, import."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from aiohttp import FormData
from aiohttp.test_utils import TestClient

from courses.models import (
    Course,
    CourseText,
    CreditRecord,
    Enrollment,
    Intake,
    Learner,
    Partner,
    PartnerApiKey,
    StaffUser,
)
from courses.partners import short_path
from courses.staff import create_staff
from courses.vocabulary import EnrollmentStatus, Source, StaffRole, Status
from tests.portal.conftest import confirm_by_mail, csrf_from

PASSWORD = "correct horse battery"


async def staff_client(client: TestClient, role: StaffRole, provider_key: str | None = None) -> StaffUser:
    email = f"{role.value}@example.org"
    staff = await create_staff(email, PASSWORD, role, provider_key=provider_key)
    token = csrf_from(await (await client.get("/en/admin/signin")).text())
    response = await client.post(
        "/en/admin/signin",
        allow_redirects=False,
        data={"csrf_token": token, "email": email, "password": PASSWORD},
    )
    assert response.status == 303, await response.text()
    assert response.headers["Location"] == "/en/admin/"
    return staff


async def token_of(client: TestClient, path: str = "/en/admin/") -> str:
    return csrf_from(await (await client.get(path)).text())


async def test_admin_pages_need_a_staff_sign_in(client: TestClient) -> None:
    for path in (
        "/en/admin/",
        "/en/admin/courses",
        "/en/admin/courses/1",
        "/en/admin/import",
        "/en/admin/intakes/1/roster",
    ):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"].startswith("/en/admin/signin?next=")
    token = csrf_from(await (await client.get("/en/admin/signin")).text())
    wrong = await client.post(
        "/en/admin/signin", data={"csrf_token": token, "email": "x@example.org", "password": "nope nope nope"}
    )
    assert wrong.status == 401 and "not right" in await wrong.text()


async def test_a_learner_session_is_not_a_staff_session(client: TestClient) -> None:
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    await client.post(
        "/en/account/signup",
        data={"csrf_token": token, "email": "ana@example.org", "password": PASSWORD, "name": "Ana"},
    )
    response = await client.get("/en/admin/", allow_redirects=False)
    assert response.status == 303


async def test_posts_without_the_csrf_token_are_refused(client: TestClient) -> None:
    await staff_client(client, StaffRole.EDITOR)
    course = await Course.filter(status=Status.DRAFT).first()
    response = await client.post(f"/en/admin/courses/{course.id}/status", data={"status": "published"})
    assert response.status == 403
    assert (await Course.get(id=course.id)).status == Status.DRAFT
    token = await token_of(client)
    response = await client.post(
        f"/en/admin/courses/{course.id}/status",
        allow_redirects=False,
        data={"status": "published", "csrf_token": token},
    )
    assert response.status == 303
    assert (await Course.get(id=course.id)).status == Status.PUBLISHED


async def test_editor_edits_translates_and_sees_coverage_but_no_rosters(client: TestClient) -> None:
    await staff_client(client, StaffRole.EDITOR)
    html = await (await client.get("/en/admin/")).text()
    assert "Translations" in html and "missing" in html
    ru_missing = await (await client.get("/en/admin/?missing=ru")).text()
    assert "Courses without a text in" in ru_missing
    course = await Course.first()
    page = await client.get(f"/en/admin/courses/{course.id}")
    assert page.status == 200 and "noindex" in page.headers["X-Robots-Tag"]
    token = csrf_from(await page.text())
    bad = await client.post(f"/en/admin/courses/{course.id}", data={"csrf_token": token, "hours": "lots"})
    assert bad.status == 422 and "is not a number" in await bad.text()
    ok = await client.post(
        f"/en/admin/courses/{course.id}/texts/ru",
        allow_redirects=False,
        data={"csrf_token": token, "title": "Сварка", "summary": "", "description": ""},
    )
    assert ok.status == 303
    assert (await CourseText.get(course=course, locale="ru")).title == "Сварка"
    # The Russian column of the edit page now holds the saved title, ready to be corrected.
    assert 'value="Сварка"' in await (await client.get(f"/en/admin/courses/{course.id}")).text()
    listing = await (await client.get("/en/admin/courses?q=Сварка")).text()
    assert f"/en/admin/courses/{course.id}" in listing
    intake = await Intake.filter(course=course).first()
    assert (await client.get(f"/en/admin/intakes/{intake.id}/roster")).status == 403
    assert (await client.get(f"/en/admin/intakes/{intake.id}/roster.csv")).status == 403


async def test_provider_editor_only_reaches_their_own_institution(client: TestClient) -> None:
    own = await Course.filter(intakes__id__not_isnull=True).prefetch_related("provider").first()
    other = await Course.exclude(provider_id=own.provider_id).first()
    await staff_client(client, StaffRole.PROVIDER_EDITOR, own.provider.key)
    assert (await client.get(f"/en/admin/courses/{own.id}")).status == 200
    assert (await client.get(f"/en/admin/courses/{other.id}")).status == 403
    token = await token_of(client)
    refused = await client.post(f"/en/admin/courses/{other.id}", data={"csrf_token": token, "hours": "99"})
    assert refused.status == 403 and (await Course.get(id=other.id)).hours != 99
    publish = await client.post(
        f"/en/admin/courses/{own.id}/status", data={"csrf_token": token, "status": "published"}
    )
    assert publish.status == 403
    assert (await client.get("/en/admin/import")).status == 403
    assert (await client.get("/en/admin/bases")).status == 403
    listing = await (await client.get("/en/admin/courses")).text()
    assert f'/en/admin/courses/{other.id}"' not in listing


async def test_roster_mark_completed_and_csv(client: TestClient) -> None:
    await staff_client(client, StaffRole.ADMIN)
    now = datetime.now(UTC)
    intake = await Intake.filter(capacity__not_isnull=True).first()
    learner = await Learner.create(display_name="Li Wei", email="liwei@example.org")
    enrollment = await Enrollment.create(
        learner=learner, intake=intake, status=EnrollmentStatus.ENROLLED, source=Source.PORTAL
    )
    html = await (await client.get(f"/en/admin/intakes/{intake.id}/roster")).text()
    assert "Li Wei" in html and "liwei@example.org" in html
    token = csrf_from(html)
    done = await client.post(
        f"/en/admin/enrollments/{enrollment.id}/complete",
        allow_redirects=False,
        data={"csrf_token": token, "intake": str(intake.id)},
    )
    assert done.status == 303 and "completed=1" in done.headers["Location"]
    record = await CreditRecord.get(enrollment_id=enrollment.id)
    assert record.learner_id == learner.id and record.completed_at >= now - timedelta(minutes=1)
    again = await client.post(
        f"/en/admin/enrollments/{enrollment.id}/complete",
        data={"csrf_token": token, "intake": str(intake.id)},
    )
    assert again.status == 400
    csv = await client.get(f"/en/admin/intakes/{intake.id}/roster.csv")
    assert csv.status == 200 and csv.headers["Content-Type"].startswith("text/csv")
    text = (await csv.read()).decode("utf-8-sig")
    assert "Li Wei" in text and "completed" in text


def upload(token: str, data: bytes, *, dry_run: bool = False) -> FormData:
    form = FormData()
    form.add_field("csrf_token", token)
    if dry_run:
        form.add_field("dry_run", "1")
    form.add_field("file", data, filename="list.csv", content_type="text/csv")
    return form


async def test_import_upload_reports_problems_then_imports(client: TestClient) -> None:
    await staff_client(client, StaffRole.EDITOR)
    token = await token_of(client, "/en/admin/import")
    broken = "课程名称,学校名称,专业大类,学时\n焊接技术,某职业学院,宠物大类,48\n".encode("gb18030")
    response = await client.post("/en/admin/import", data=upload(token, broken, dry_run=True))
    html = await response.text()
    assert response.status == 422 and "is not a major category" in html and "宠物大类" in html
    good = "课程名称,学校名称,专业大类,学时\n焊接技术入门,某职业学院,46,48\n".encode()
    checked = await client.post("/en/admin/import", data=upload(token, good, dry_run=True))
    assert checked.status == 200 and "The file is fine" in await checked.text()
    assert not await CourseText.filter(title="焊接技术入门").exists()
    done = await client.post("/en/admin/import", data=upload(token, good))
    assert "Imported: 1 new courses" in await done.text()
    assert await CourseText.filter(title="焊接技术入门").exists()


async def test_export_and_sign_out(client: TestClient) -> None:
    await staff_client(client, StaffRole.EDITOR)
    response = await client.get("/en/admin/export?format=xlsx&locale=ru")
    assert response.status == 200 and (await response.read()).startswith(b"PK")
    assert (await client.get("/en/admin/export?format=pdf")).status == 400
    token = await token_of(client)
    out = await client.post("/en/admin/signout", data={"csrf_token": token}, allow_redirects=False)
    assert out.status == 303
    assert (await client.get("/en/admin/", allow_redirects=False)).status == 303


async def test_disabled_staff_lose_access_at_once(client: TestClient) -> None:
    staff = await staff_client(client, StaffRole.ADMIN)
    assert (await client.get("/en/admin/", allow_redirects=False)).status == 200
    await StaffUser.filter(id=staff.id).update(disabled=True)
    assert (await client.get("/en/admin/", allow_redirects=False)).status == 303


async def test_short_links_and_qr_codes(client: TestClient) -> None:
    course = await Course.filter(status=Status.PUBLISHED).first()
    response = await client.get(short_path(course_id=course.id), allow_redirects=False)
    assert response.status == 302 and response.headers["Location"] == f"/en/courses/{course.id}"
    svg = await client.get(f"/en/courses/{course.id}/qr.svg")
    assert svg.status == 200 and svg.content_type == "image/svg+xml"
    assert re.match(r"<svg xmlns=", await svg.text())
    assert (await client.get("/en/courses/999999/qr.svg")).status == 404
    assert (await client.get("/s/zz-zz")).status == 404
    assert (await client.get("/en/partners/no-such-partner/qr.svg")).status == 404


async def test_admin_issues_a_key_once_and_revokes_it(client: TestClient) -> None:
    await staff_client(client, StaffRole.ADMIN)
    partner = await Partner.first()
    html = await (await client.get("/en/admin/partners")).text()
    assert "/s/p" in html and f"/partners/{partner.slug}/qr.svg" in html
    token = csrf_from(html)
    issued = await client.post(
        f"/en/admin/partners/{partner.slug}/keys", data={"csrf_token": token, "rate": "60"}
    )
    secret = re.search(r"<code>(llp_[^<]+)</code>", await issued.text()).group(1)
    assert (await client.get("/api/v1/partner", headers={"X-API-Key": secret})).status == 200
    again = await (await client.get("/en/admin/partners")).text()
    assert secret not in again and secret[:12] in again
    key = await PartnerApiKey.get(prefix=secret[:12])
    await client.post(f"/en/admin/keys/{key.id}/revoke", data={"csrf_token": token})
    assert (await client.get("/api/v1/partner", headers={"X-API-Key": secret})).status == 401
    assert (
        await client.post(f"/en/admin/partners/{partner.slug}/keys", data={"csrf_token": token, "rate": "0"})
    ).status == 400


async def test_editors_cannot_manage_partners(client: TestClient) -> None:
    await staff_client(client, StaffRole.EDITOR)
    assert (await client.get("/en/admin/partners")).status == 403
    partner = await Partner.first()
    token = await token_of(client)
    refused = await client.post(
        f"/en/admin/partners/{partner.slug}/keys", data={"csrf_token": token, "rate": "60"}
    )
    assert refused.status == 403 and not await PartnerApiKey.filter(partner=partner).exists()


async def test_calendar_files_of_an_intake_and_of_my_enrollments(client: TestClient) -> None:
    intake = await Intake.first()
    response = await client.get(f"/ru/intakes/{intake.id}.ics")
    assert response.status == 200 and response.content_type == "text/calendar"
    text = await response.text()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and f"/ru/courses/{intake.course_id}" in text.replace(
        "\r\n ", ""
    )
    assert (await client.get("/en/intakes/999999.ics")).status == 404
    assert (await client.get("/en/account/calendar.ics", allow_redirects=False)).status == 303
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    await client.post(
        "/en/account/signup",
        data={"csrf_token": token, "email": "cal@example.org", "password": PASSWORD, "name": "Cal"},
    )
    await confirm_by_mail(client, "cal@example.org")
    learner = await Learner.get(email="cal@example.org")
    await Enrollment.create(
        learner=learner, intake=intake, status=EnrollmentStatus.ENROLLED, source=Source.PORTAL
    )
    mine = await client.get("/en/account/calendar.ics")
    assert mine.status == 200 and (await mine.text()).count("BEGIN:VEVENT") == 1
    assert "no-store" in mine.headers["Cache-Control"]


async def test_staff_pages_render_in_every_locale(client: TestClient) -> None:
    await staff_client(client, StaffRole.ADMIN)
    course = await Course.filter(intakes__id__not_isnull=True).first()
    intake = await Intake.filter(course=course).first()
    base_id = (await Intake.exclude(base_id=None).first()).base_id
    for locale in ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th"):
        for path in (
            "/admin/",
            "/admin/?missing=th",
            "/admin/courses",
            f"/admin/courses/{course.id}",
            f"/admin/intakes/{intake.id}/roster",
            "/admin/import",
            "/admin/bases",
            f"/admin/bases/{base_id}",
            "/admin/partners",
        ):
            response = await client.get(f"/{locale}{path}")
            assert response.status == 200, (locale, path)
            assert f'lang="{locale}"' in await response.text()


async def test_base_place_and_contact_form(client: TestClient) -> None:
    await staff_client(client, StaffRole.EDITOR)
    base_id = (await Intake.exclude(base_id=None).first()).base_id
    token = await token_of(client, f"/en/admin/bases/{base_id}")
    bad = await client.post(
        f"/en/admin/bases/{base_id}", data={"csrf_token": token, "latitude": "123", "longitude": "10"}
    )
    assert bad.status == 422 and "is out of range" in await bad.text()
    ok = await client.post(
        f"/en/admin/bases/{base_id}",
        allow_redirects=False,
        data={"csrf_token": token, "phone": "+66 2 123 4567"},
    )
    assert ok.status == 303
    assert "+66 2 123 4567" in await (await client.get(f"/en/admin/bases/{base_id}")).text()


async def test_base_texts_form_refuses_an_empty_name_and_saves_a_name(client: TestClient) -> None:
    await staff_client(client, StaffRole.EDITOR)
    base_id = (await Intake.exclude(base_id=None).first()).base_id
    token = await token_of(client, f"/en/admin/bases/{base_id}")
    path = f"/en/admin/bases/{base_id}/texts/th"
    bad = await client.post(path, data={"csrf_token": token, "name": " ", "address": "Bangkok"})
    assert bad.status == 422 and 'role="alert"' in await bad.text()
    ok = await client.post(path, allow_redirects=False,
                           data={"csrf_token": token, "name": "ศูนย์การเรียนรู้", "address": "Bangkok"})
    assert ok.status == 303 and ok.headers["Location"] == f"/en/admin/bases/{base_id}?saved=1"
    assert "ศูนย์การเรียนรู้" in await (await client.get(f"/en/admin/bases/{base_id}")).text()
