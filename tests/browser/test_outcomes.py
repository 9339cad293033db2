"""The learning account on a 320 px phone in Chinese and Arabic: a learner adds a 1+X certificate with
a photo of it, applies for the conversion it offers, a reviewer approves it in the staff area, and the
learner sees the approval and the credit granted by conversion. Screenshots for review."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from courses.learners import register
from portal.app import create_app
from tests.browser.conftest import SCREENSHOTS, open_page
from tests.courses.outcomes.account import CERTIFICATE, PASSWORD, PNG, institution, reviewer
from tests.portal.conftest import make_settings

WIDTH = 320


@pytest.fixture
async def portal_url(demo_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """The portal with its proofs in a scratch data directory."""
    server = TestServer(create_app(make_settings(demo_url, data_dir=tmp_path)), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert await page.evaluate("document.documentElement.scrollWidth") <= WIDTH


async def _sign_in(page, path: str, email: str) -> None:  # type: ignore[no-untyped-def]
    await page.goto(path)
    await page.fill("main input[name=email]", email)
    await page.fill("main input[name=password]", PASSWORD)
    await page.click("main form button[type=submit]")
    await page.wait_for_load_state()


@pytest.mark.parametrize("locale", ["zh-Hans", "ar"])
async def test_add_apply_and_see_the_approval_on_a_small_phone(portal_url: str, locale: str) -> None:
    from courses.i18n import translations

    _ = translations(locale).gettext
    await institution("robots")
    await reviewer("robots")
    await register("ana@example.org", PASSWORD, display_name="Ana", locale=locale)
    async with open_page(portal_url, {"width": WIDTH, "height": 700}) as page:
        await _sign_in(page, f"/{locale}/account/signin", "ana@example.org")
        await page.goto(f"/{locale}/account/outcomes")
        assert await page.evaluate("document.documentElement.dir") == ("rtl" if locale == "ar" else "ltr")
        await page.select_option("#kind", "one_plus_x")
        await page.fill("#name", CERTIFICATE)
        await page.select_option("#level", "senior")
        await page.fill("#issuer", "某培训评价组织")
        await page.fill("#number", "X-0001")
        await page.fill("#issued_on", "2025-06-01")
        await page.set_input_files("#proof", files=[{"name": "certificate.png", "mimeType": "image/png",
                                                     "buffer": PNG}])
        await page.click("main form[enctype] button[type=submit]")
        await page.wait_for_url(lambda url: "added=1" in url, timeout=30_000)
        assert _("Your outcome was added.") in await page.locator("main .notice").inner_text()
        await _no_sideways_scroll(page)
        await page.click("section.outcome form button[type=submit]")  # Apply
        await page.wait_for_url(lambda url: "applied=1" in url, timeout=30_000)
        assert _("Application pending") in await page.locator("section.outcome").inner_text()

        reviewing = await page.context.browser.new_context(viewport={"width": WIDTH, "height": 700},
                                                          base_url=portal_url)
        staff = await reviewing.new_page()
        await _sign_in(staff, f"/{locale}/admin/signin", "reviewer-robots@example.org")
        await staff.goto(f"/{locale}/admin/applications")
        assert CERTIFICATE in await staff.locator("section.application h2").inner_text()
        await staff.click("section.application button[value=approve]")
        await staff.wait_for_url(lambda url: "approved=1" in url, timeout=30_000)
        await reviewing.close()

        await page.goto(f"/{locale}/account/outcomes")
        outcome = await page.locator("section.outcome").inner_text()
        assert _("Approved") != "Approved" and _("Approved") in outcome  # in the page's language
        assert _("Application approved") in await page.locator("ol.history").inner_text()
        await _no_sideways_scroll(page)
        await page.screenshot(path=str(SCREENSHOTS / f"outcome-{locale}.png"), full_page=True)
        await page.goto(f"/{locale}/account/transcript")
        assert _("granted by conversion") in await page.locator("main table").inner_text()
        await _no_sideways_scroll(page)
        await page.screenshot(path=str(SCREENSHOTS / f"outcome-transcript-{locale}.png"), full_page=True)
