"""Course and partner pages carry a QR code and a short link that lead back to them."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from courses.catalogue import list_courses


def share_parts(html: str) -> tuple[str, str]:
    section = html[html.index('class="share"'):]
    qr = re.search(r'<img src="([^"]+)"', section).group(1)
    short = re.search(r'<a href="([^"]+)"', section).group(1)
    return qr, short


async def test_course_page_short_link_and_qr_open_the_course(client: TestClient) -> None:
    course = (await list_courses(locale="th")).items[0]
    page = await client.get(f"/th/courses/{course.id}")
    assert page.status == 200
    qr, short = share_parts(await page.text())
    svg = await client.get(qr)
    assert svg.status == 200 and svg.content_type == "image/svg+xml"
    assert "<svg" in await svg.text()
    followed = await client.get("/" + short.split("://", 1)[1].split("/", 1)[1], allow_redirects=False)
    assert followed.status == 302
    assert followed.headers["Location"].endswith(f"/courses/{course.id}")


async def test_partner_page_short_link_opens_in_the_partner_language(client: TestClient) -> None:
    page = await client.get("/en/partners/luban-thailand")
    assert page.status == 200
    qr, short = share_parts(await page.text())
    assert (await client.get(qr)).status == 200
    path = "/" + short.split("://", 1)[1].split("/", 1)[1]
    followed = await client.get(path, allow_redirects=False)
    assert followed.status == 302
    assert followed.headers["Location"] == "/th/partners/luban-thailand"
