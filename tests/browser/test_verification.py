"""The verification page on a narrow phone in Arabic (RTL, no sideways scrolling, accessible) and as a
printed A4 page: one sheet, the QR code kept, the screen-only links gone."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from courses.credits import format_code
from portal.app import create_app
from tests.browser.conftest import screenshot, serious_violations
from tests.courses.credits.records import TITLES, credit
from tests.portal.conftest import make_settings


@pytest.fixture
async def portal_url(demo_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """The portal with its issuer key in a scratch data directory."""
    settings = make_settings(demo_url, data_dir=tmp_path, public_url="https://credits.example.org")
    server = TestServer(create_app(settings), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def test_the_arabic_verification_page_on_a_phone_and_on_a4(page) -> None:
    _, entry = await credit()
    code = format_code(entry.verification_code)
    await page.set_viewport_size({"width": 340, "height": 740})
    await page.goto(f"/ar/verify/{code.lower()}")
    assert await page.evaluate("document.documentElement.dir") == "rtl"
    heading = page.locator("h2.certificate-course")
    assert TITLES["ar"] in await heading.inner_text()
    assert await heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 340
    assert await page.locator(".certificate-qr svg").is_visible()
    assert not await serious_violations(page)
    await screenshot(page, "verify-ar")
    await page.emulate_media(media="print")
    assert not await page.locator(".certificate .no-print").is_visible()
    assert await page.locator(".certificate-qr svg").is_visible()
    pdf = await page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # the certificate fits one A4 sheet
