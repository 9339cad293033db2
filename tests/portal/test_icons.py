"""The favicon is where browsers look for it and the web manifest names the portal in each language."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient


async def test_favicon_is_an_icon_not_a_404(client: TestClient) -> None:
    response = await client.get("/favicon.ico")
    assert response.status == 200
    assert response.content_type == "image/x-icon"
    assert (await response.read())[:4] == b"\0\0\1\0"


async def test_every_page_links_a_localized_manifest_whose_icons_load(client: TestClient) -> None:
    html = await (await client.get("/th/")).text()
    href = re.search(r'<link rel="manifest" href="([^"]+)"', html).group(1)
    assert re.search(r'<link rel="icon" href="/static/[0-9a-f]{10}/icon.svg"', html)
    manifest = await (await client.get(href)).json(content_type=None)
    assert manifest["lang"] == "th" and manifest["start_url"] == "/th/"
    assert manifest["name"] != "Lifelong Learning Portal"  # in Thai
    sizes = set()
    for icon in manifest["icons"]:
        response = await client.get(icon["src"])
        assert response.status == 200 and response.content_type == icon["type"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
