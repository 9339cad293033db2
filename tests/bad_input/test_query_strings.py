"""Any query string on any GET route of the real application: a page or a 4xx, never a 5xx.

The routes are enumerated from the application's router, so a route added later is covered
without touching this test. Path parameters are filled with existing ids, missing ids and
unknown locales; query strings are arbitrary bytes, percent-encoded (invalid UTF-8, NUL bytes,
huge numbers), under the names the portal reads and under random ones.
"""

from __future__ import annotations

import re
from urllib.parse import quote_from_bytes

from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from courses.models import Base, Course, Partner

# Every name a view or a filter reads from the query string.
KNOWN_NAMES = ("q", "page", "after", "before", "sort", "track", "level", "category", "kind", "delivery",
               "lang", "audience", "country", "province", "partner_country", "hsk", "open", "from", "until",
               "lat", "lon", "near", "next", "elder", "intake", "enrolled", "cancelled", "signedout")
AWKWARD = (b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"-1", b"0", b"99999999999999999999999", b"1e400",
           b"nan", b"inf", b"%", b"\r\n", b"../..", b"//evil.example", "课程".encode(), b"a" * 300,
           "²".encode(), "٣".encode())  # digits to str.isdigit, and int() refuses the first


def get_routes(client: TestClient) -> list[str]:
    """The canonical pattern of every resource that answers GET."""
    patterns = []
    for resource in client.app.router.resources():
        if any(route.method == "GET" for route in resource):
            patterns.append(resource.canonical)
    return sorted(set(patterns))


async def path_values() -> dict[str, list[str]]:
    course = await Course.filter(status="published").order_by("id").first()
    base = await Base.filter(status="published").order_by("id").first()
    partner = await Partner.all().order_by("id").first()
    assert course and base and partner
    return {
        "locale": ["en", "zh-Hans", "ar", "zh-CN", "xx", "qq-Zzzz-ZZ"],
        "id": [str(course.id), str(base.id), "0", "999999999999", "²"],
        "intake": ["1", "999999999999", "²"],
        "slug": [partner.slug, "no-such-partner"],
        "part": ["0", "1", "999999"],
        "version": ["0000000000"],
        "name": ["portal.css", "..", "nothing.js"],
        "code": ["c1", "b1", "zz-9"],
        "token": ["A" * 43, "not-a-real-token-at-all"],  # a mailed link's token: unknown ones are refused
        "key": ["1.0123456789abcdef0123456789abcdef", "no-such-watch-key-here"],
    }


def fill(pattern: str, values: dict[str, list[str]], pick: st.DataObject) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        return pick.draw(st.sampled_from(values.get(name, ["1"])), label=name)

    return re.sub(r"\{([^}]+)\}", one, pattern)


raw_value = st.one_of(st.binary(max_size=40), st.sampled_from(AWKWARD),
                      st.text(max_size=20).map(lambda text: text.encode("utf-8", "surrogatepass")))
raw_name = st.one_of(st.sampled_from([name.encode() for name in KNOWN_NAMES]), st.binary(min_size=1, max_size=12))
query = st.lists(st.tuples(raw_name, raw_value), max_size=6).map(
    lambda pairs: "&".join(f"{quote_from_bytes(k, safe=b'')}={quote_from_bytes(v, safe=b'')}" for k, v in pairs))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), query_string=query)
async def test_no_query_string_makes_any_get_route_fail(client: TestClient, data: st.DataObject,
                                                        query_string: str) -> None:
    values = await path_values()
    pattern = data.draw(st.sampled_from(get_routes(client)), label="route")
    path = fill(pattern, values, data)
    # encoded=True: the bytes go out exactly as generated, never re-quoted by the client.
    url = URL(str(client.make_url(path)) + "?" + query_string, encoded=True)
    response = await client.session.get(url, allow_redirects=False)
    body = await response.read()
    assert response.status < 500, (path, query_string, response.status, body[:300])
    assert b"Traceback" not in body


def test_the_routes_cover_the_catalogue_and_the_account(client: TestClient) -> None:
    patterns = get_routes(client)
    assert "/healthz" in patterns and "/sitemap.xml" in patterns
    assert any(p.endswith("/courses/{id}") for p in patterns)
    assert any(p.endswith("/account/transcript") for p in patterns)
