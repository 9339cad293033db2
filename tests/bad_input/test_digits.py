"""Digits that are not ASCII (``"²".isdigit()`` is true, ``int("²")`` fails) wherever a number is read from
outside: paths, query strings, staff searches and forms, the API, bot payloads and callback data."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from courses.partners import course_of_start
from courses.vocabulary import plain_number
from courses.vocabulary.kinds import StaffRole
from tests.portal.test_admin import staff_client
from tests.portal.test_api import key_for

ODD = ("²", "①", "٣", "1²", "99999999999", "")


def test_plain_number_takes_ascii_digits_only() -> None:
    assert plain_number("42") == 42 and plain_number("007") == 7
    assert [plain_number(value) for value in ODD] == [None] * len(ODD)
    assert plain_number("123", 2) is None
    assert course_of_start("c²") is None and course_of_start("c٣") is None and course_of_start("c12") == 12
    assert course_of_start("c" + "9" * 30) is None


async def test_the_api_answers_404_or_400_never_500(client: TestClient) -> None:
    secret, _ = await key_for()
    headers = {"X-API-Key": secret}
    for path in ("/api/v1/courses/²", "/api/v1/courses/²/intakes", "/api/v1/bases/²", "/api/v1/courses/٣",
                 "/api/v1/courses/1²"):
        assert (await client.get(path, headers=headers)).status == 404, path
    for query in ("limit=²", "limit=①", "limit=٣"):
        assert (await client.get(f"/api/v1/courses?{query}", headers=headers)).status == 400, query


async def test_pages_answer_404_or_400_never_500(client: TestClient) -> None:
    for path in ("/en/courses/²", "/en/bases/²", "/en/account/enrollments/²", "/en/intakes/².ics",
                 "/en/courses/1/enroll?intake=²", "/en/courses?page=²", "/en/courses?category=²",
                 "/en/courses/1/qr.svg?scale=²"):
        status = (await client.get(path, allow_redirects=False)).status
        assert status < 500, (path, status)


async def test_staff_searches_and_forms_never_500(client: TestClient) -> None:
    await staff_client(client, StaffRole.ADMIN)
    for path in ("/en/admin/courses?q=²", "/en/admin/courses?q=99999999999", "/en/admin/courses?page=²",
                 "/en/admin/bases?q=²"):
        status = (await client.get(path)).status
        assert status == 200, (path, status)
