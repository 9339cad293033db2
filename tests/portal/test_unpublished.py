"""Draft and archived courses and bases are 404 on every read path, and a draft base is nobody's place."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from courses.models import Base, BaseText, Course, Intake, Partner
from courses.partners import short_code
from courses.vocabulary import Status
from portal import keys
from tests.portal.test_accounts import sign_up
from tests.portal.test_api import key_for


async def course_at_a_base() -> tuple[Intake, str]:
    """An intake of a published course held at a published base, and the base's English name."""
    intake = await Intake.filter(course__status=Status.PUBLISHED, base__status=Status.PUBLISHED,
                                 base_id__not_isnull=True).order_by("id").first()
    assert intake is not None and intake.base_id is not None
    name = (await BaseText.get(base_id=intake.base_id, locale="en")).name
    return intake, name


def course_paths(intake: Intake, partner: Partner) -> list[str]:
    course = intake.course_id
    return [f"/en/courses/{course}", f"/en/courses/{course}/enroll?intake={intake.id}",
            f"/en/intakes/{intake.id}.ics", f"/zh-Hans/intakes/{intake.id}.ics",
            "/s/" + short_code(course_id=course), "/s/" + short_code(partner_id=partner.id, course_id=course),
            f"/en/courses/{course}/qr.svg", f"/en/courses/{course}/qr.svg?partner={partner.slug}"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
async def test_an_unpublished_course_is_404_everywhere(client: TestClient, status: Status) -> None:
    intake, _ = await course_at_a_base()
    secret, partner = await key_for()
    api = {"X-API-Key": secret}
    paths = course_paths(intake, partner)
    for path in paths:  # all open while published
        assert (await client.get(path, allow_redirects=False)).status in (200, 302, 303), path
    await Course.filter(id=intake.course_id).update(status=status)
    await client.app[keys.PAGE_CACHE].invalidate()  # what the stamp watcher does within seconds
    for path in paths:
        response = await client.get(path, allow_redirects=False)
        if "/enroll" in path:  # anonymous visitors are sent to sign in first, which tells them nothing
            assert response.status == 303 and "/signin" in response.headers["Location"]
        else:
            assert response.status == 404, path
    for path in (f"/api/v1/courses/{intake.course_id}", f"/api/v1/courses/{intake.course_id}/intakes"):
        assert (await client.get(path, headers=api)).status == 404, path
    await sign_up(client, f"{status}@example.org")  # signed in, the same
    for path in paths:
        assert (await client.get(path, allow_redirects=False)).status == 404, path


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
async def test_an_unpublished_base_is_404_and_no_intake_names_it(client: TestClient, status: Status) -> None:
    intake, name = await course_at_a_base()
    secret, _ = await key_for()
    api = {"X-API-Key": secret}
    course_page = f"/en/courses/{intake.course_id}"
    assert name in await (await client.get(course_page)).text()
    await Base.filter(id=intake.base_id).update(status=status)
    await client.app[keys.PAGE_CACHE].invalidate()
    for path in (f"/en/bases/{intake.base_id}", f"/api/v1/bases/{intake.base_id}"):
        assert (await client.get(path, headers=api)).status == 404, path
    page = await (await client.get(course_page)).text()
    assert name not in page and f"/en/bases/{intake.base_id}\"" not in page
    enroll = await (await client.get(f"/en/courses/{intake.course_id}/enroll?intake={intake.id}")).text()
    assert name not in enroll
    ics = await (await client.get(f"/en/intakes/{intake.id}.ics")).text()
    assert "BEGIN:VEVENT" in ics and name.split(",")[0] not in ics and "LOCATION:" not in ics
    for path in (f"/api/v1/courses/{intake.course_id}", f"/api/v1/courses/{intake.course_id}/intakes"):
        body = await (await client.get(path + "?locale=en", headers=api)).text()
        assert name not in body, path
    intakes = (await (await client.get(f"/api/v1/courses/{intake.course_id}/intakes?locale=en",
                                       headers=api)).json())["items"]
    ours = next(i for i in intakes if i["id"] == intake.id)
    assert ours["base_id"] is None and ours["base_name"] is None
