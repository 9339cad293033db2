"""Hostile bodies and odd requests to the real portal: a 4xx with a localized page, never a 5xx or a write.

Oversized forms, a gzip bomb, bodies that do not decompress, invalid UTF-8 and NUL bytes in
forms and query strings, absurd page numbers, unknown locales. Each case also checks that
nothing was written (no learner, no enrollment).
"""

from __future__ import annotations

import gzip

import pytest
from aiohttp.test_utils import TestClient
from yarl import URL

from courses.models import Enrollment, Learner
from tests.bad_input.test_query_strings import KNOWN_NAMES, get_routes, path_values
from tests.portal.conftest import csrf_from
from tests.portal.test_accounts import PASSWORD, sign_up

FORM = "application/x-www-form-urlencoded"


async def counts() -> tuple[int, int]:
    return await Learner.all().count(), await Enrollment.all().count()


async def signup_token(client: TestClient) -> bytes:
    return csrf_from(await (await client.get("/en/account/signup")).text()).encode()


async def post(client: TestClient, path: str, body: bytes, **headers: str) -> tuple[int, str]:
    response = await client.post(path, data=body, headers={"Content-Type": FORM, **headers},
                                 allow_redirects=False)
    return response.status, await response.text()


async def test_an_oversized_form_is_refused_unread(client: TestClient) -> None:
    before = await counts()
    token = await signup_token(client)
    status, html = await post(client, "/en/account/signup",
                              b"csrf_token=" + token + b"&email=a@b.cn&name=" + b"x" * 400_000)
    assert status == 413 and "What you sent is too large." in html
    assert await counts() == before


async def test_a_gzip_bomb_is_refused_before_it_is_decompressed(client: TestClient) -> None:
    before = await counts()
    token = await signup_token(client)
    bomb = gzip.compress(b"csrf_token=" + token + b"&name=" + b"a" * 50_000_000)
    assert len(bomb) < 100_000
    status, html = await post(client, "/en/account/signup", bomb, **{"Content-Encoding": "gzip"})
    assert status == 415 and "This kind of upload is not accepted." in html
    status, _ = await post(client, "/en/account/signin", b"not gzip at all", **{"Content-Encoding": "gzip"})
    assert status == 415
    assert await counts() == before


async def test_a_body_that_breaks_off_is_a_bad_request(client: TestClient) -> None:
    before = await counts()
    token = await signup_token(client)
    response = await client.post("/en/account/signup", data=b"csrf_token=" + token, allow_redirects=False,
                                 headers={"Content-Type": "multipart/form-data; boundary=zz"})
    assert 400 <= response.status < 500
    assert await counts() == before


@pytest.mark.parametrize("fields", [
    b"email=%ff%fe%fd@example.org&password=" + PASSWORD.encode(),
    b"email=ana%00@example.org&password=" + PASSWORD.encode(),
    b"email=\xff\xfe&password=\xff\xfe\xff\xfe\xff\xfe\xff\xfe",
    b"%ff%00=%00&email=&password=",
    b"email=a@b.cn&email=c@d.cn&password=" + PASSWORD.encode(),
])
async def test_undecodable_or_nul_form_fields_are_refused_without_a_write(client: TestClient,
                                                                           fields: bytes) -> None:
    before = await counts()
    token = await signup_token(client)
    status, html = await post(client, "/en/account/signup", b"csrf_token=" + token + b"&" + fields)
    assert 400 <= status < 500, html[:300]
    assert '<html lang="en"' in html and "Traceback" not in html
    assert await counts() == before


async def test_control_characters_are_dropped_from_a_name(client: TestClient) -> None:
    token = await signup_token(client)
    status, _ = await post(client, "/en/account/signup", b"csrf_token=" + token
                           + b"&email=nul@example.org&name=Li%00%07Wei&password=" + PASSWORD.encode())
    assert status == 303
    learner = await Learner.get(email="nul@example.org")
    assert learner.display_name == "LiWei"


async def test_enrolling_with_a_forged_intake_writes_nothing(client: TestClient) -> None:
    await sign_up(client)
    enrollments = await Enrollment.all().count()
    html = await (await client.get("/en/account/")).text()
    token = csrf_from(html).encode()
    for intake in (b"%00", b"99999999999999999999", b"-1", b"\xff", b"1e3", b""):
        status, page = await post(client, "/en/courses/1/enroll", b"csrf_token=" + token + b"&intake=" + intake)
        assert 400 <= status < 500, (intake, page[:200])
    assert await Enrollment.all().count() == enrollments


@pytest.mark.parametrize("path", ["/en/courses?page=99999999999999", "/en/courses?page=-3",
                                  "/en/courses?page=1.5", "/en/bases?page=1000000", "/en/courses?page=%00",
                                  "/en/chinese-plus?page=9999999"])
async def test_absurd_page_numbers_are_a_bad_request_or_an_empty_page(client: TestClient, path: str) -> None:
    response = await client.session.get(URL(str(client.make_url("/")) + path.lstrip("/"), encoded=True))
    assert response.status in (200, 400, 404), path
    assert "Traceback" not in await response.text()


@pytest.mark.parametrize("path", ["/xx/courses", "/qq-Zzzz/", "/en-XX-x-private/courses", "/tlh/bases"])
async def test_unknown_locales_are_not_found(client: TestClient, path: str) -> None:
    response = await client.get(path, allow_redirects=False)
    assert response.status in (301, 404)
    if response.status == 404:
        assert "We could not find this page." in await response.text()


@pytest.mark.parametrize("header", ["", "xx", "*;q=0.5, zz-QQ;q=2, en;q=nan", "q=,,;;", "a" * 500])
async def test_any_accept_language_leads_to_a_configured_locale(client: TestClient, header: str) -> None:
    response = await client.get("/", headers={"Accept-Language": header}, allow_redirects=False)
    assert response.status == 302
    assert response.headers["Location"].split("/")[1] in ("en", "zh-Hans", "zh-Hant", "ru", "fr", "ar", "th")


@pytest.mark.parametrize("value", [b"%00", b"%ff%fe", b"%ed%a0%80", b"a%00b"])
async def test_nul_and_invalid_utf8_under_every_name_on_every_route(client: TestClient, value: bytes) -> None:
    """Exhaustive where the property test samples: every GET route, every name the portal reads."""
    values = await path_values()
    root = str(client.make_url("/")).rstrip("/")
    for pattern in get_routes(client):
        path = pattern.replace("{locale}", "en")
        for name, choices in values.items():
            path = path.replace("{" + name + "}", choices[0])
        assert "{" not in path, path
        for name in KNOWN_NAMES:
            response = await client.session.get(URL(f"{root}{path}?{name}={value.decode()}", encoded=True),
                                                allow_redirects=False)
            assert response.status < 500, (path, name, value, await response.text())
