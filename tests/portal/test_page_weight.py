"""A page stays light on a slow connection: its HTML, the stylesheet and the icon sprite together are at
most 30 KB as they travel (gzip), on the heaviest pages of the portal, in the longest scripts."""

from __future__ import annotations

import gzip
import re

import pytest
from aiohttp.test_utils import TestClient

from courses.models import Base, Course, Partner
from courses.vocabulary import Status

BUDGET = 30 * 1024
LOCALES = ("en", "th", "ar", "ru")


async def _heaviest_paths() -> dict[str, str]:
    course = await Course.filter(status=Status.PUBLISHED, url__not_isnull=True).order_by("id").first()
    base = await Base.filter(latitude__not_isnull=True, country="CN").order_by("id").first()
    partner = await Partner.all().order_by("id").first()
    return {"home": "/{locale}/", "courses": "/{locale}/courses", "search": "/{locale}/courses?q=welding",
            "chinese-plus": "/{locale}/chinese-plus", "bases": "/{locale}/bases",
            "course": f"/{{locale}}/courses/{course.id}", "base": f"/{{locale}}/bases/{base.id}",
            "partner": f"/{{locale}}/partners/{partner.slug}"}


async def _sent_size(client: TestClient, path: str) -> int:
    """Bytes on the wire with gzip accepted (a static file comes compressed; a page is compressed here,
    at the level the portal uses for dynamic responses)."""
    response = await client.get(path, headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    assert response.status == 200, path
    body = await response.read()
    return len(body) if response.headers.get("Content-Encoding") == "gzip" else len(gzip.compress(body, 6))


@pytest.mark.parametrize("elder", [False, True])
async def test_the_heaviest_pages_weigh_at_most_30_kb_compressed_with_css_and_icons(
        client: TestClient, elder: bool) -> None:
    client.session.cookie_jar.update_cookies({"elder": "1" if elder else "0"})
    figures = {}
    for name, template in (await _heaviest_paths()).items():
        for locale in LOCALES:
            path = template.format(locale=locale)
            response = await client.get(path)
            html = await response.text()
            assert response.status == 200, path
            css = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', html).group(1)
            sprite = re.search(r'<use href="(/static/[0-9a-f]{10}/icons\.svg)#', html)
            total = len(gzip.compress(html.encode(), 6)) + await _sent_size(client, css)
            if sprite:
                total += await _sent_size(client, sprite.group(1))
            figures[f"{name} {locale}"] = total
    heaviest = max(figures, key=figures.__getitem__)
    print(f"page weight, elder={elder}: heaviest {heaviest} {figures[heaviest] / 1024:.1f} KB; "
          + ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(figures.items())))
    over = {k: f"{v / 1024:.1f} KB" for k, v in figures.items() if v > BUDGET}
    assert not over, (f"over the 30 KB budget (HTML + CSS + icons, gzip): {over}; heaviest {heaviest} "
                      f"{figures[heaviest] / 1024:.1f} KB")
    assert len(figures) == 8 * len(LOCALES)
