"""A real Chromium (``/usr/bin/chromium``, driven by Playwright) against the real portal on 127.0.0.1.

Without Chromium or axe-core (``npm ci --prefix tests/browser``) the tests are skipped with the
reason, or fail when ``CI`` is set: the continuous-integration run must not pass by skipping.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from portal.app import create_app
from tests.portal.conftest import demo_template, demo_url, make_settings  # noqa: F401 (fixtures)

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser suite may not be skipped)")
    pytest.skip(reason)


@pytest.fixture
async def portal_url(demo_url: str) -> AsyncIterator[str]:  # noqa: F811 (the fixture above)
    """The real application listening on 127.0.0.1 at an ephemeral port."""
    server = TestServer(create_app(make_settings(demo_url)), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


@asynccontextmanager
async def open_page(portal_url: str, viewport: dict[str, int]) -> AsyncIterator[Any]:
    """A page of a fresh browser context at ``viewport`` (CSP bypassed only so that axe can be injected)."""
    _require(CHROMIUM.exists(), "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    _require(AXE.exists(), "axe-core is missing (npm ci --prefix tests/browser)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _require(False, "Python Playwright is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport=viewport, bypass_csp=True, base_url=portal_url,
                                            locale="en-US")
        page = await context.new_page()
        try:
            yield page
        finally:
            await context.close()
            await browser.close()


@pytest.fixture
async def page(portal_url: str) -> AsyncIterator[Any]:
    """A 390×844 page."""
    async with open_page(portal_url, VIEWPORT) as opened:
        yield opened


@pytest.fixture
async def small_phone(portal_url: str) -> AsyncIterator[Any]:
    """A 360×740 page: the narrow phones many learners have."""
    async with open_page(portal_url, SMALL_PHONE) as opened:
        yield opened


async def serious_violations(page) -> list[str]:
    """Run axe-core on the page; return the serious and critical violations, described."""
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


async def screenshot(page, name: str) -> None:
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def confirm_in_page(page, email: str, locale: str = "en") -> None:  # type: ignore[no-untyped-def]
    """Open the confirmation link mailed to ``email`` (the link the mail shows) and press its button, as a
    learner does; the page then goes where the link sends it."""
    from courses.models import Outbox
    from courses.notifications import ActionKind, OutboxMessage, Portal, render_notice
    from courses.settings import DEFAULT_LOCALES

    await page.wait_for_url(lambda url: "/account/check-mail" in url)
    message = await Outbox.filter(kind="confirm_email", learner__email=email.strip().lower()).order_by("-id").first()
    assert message is not None, f"no confirmation mail to {email}"
    mailed = OutboxMessage(id=message.id, learner_id=message.learner_id, telegram_id=None, email=email,
                           locale=locale, timezone=None, channel=message.channel, kind=message.kind,
                           payload=dict(message.payload), attempts=message.attempts)
    notice = await render_notice(mailed, Portal("", DEFAULT_LOCALES, "en"), now=datetime.now(UTC))
    assert notice is not None
    link = next(a.url for a in notice.actions if a.kind == ActionKind.LINK)
    await page.goto(link)
    await page.click("main form button[type=submit]")
    await page.wait_for_url(lambda url: "/account/confirm/" not in url)


async def open_course_with_open_intake(page, list_path: str) -> str:  # type: ignore[no-untyped-def]
    """Open the first course listed at ``list_path`` whose page offers an open intake; return its title."""
    cards = page.locator("ul.cards h3 a")
    await page.goto(list_path)
    for index in range(await cards.count()):
        await page.goto(list_path)
        link = page.locator("ul.cards h3 a").nth(index)
        title = (await link.inner_text()).strip()
        await link.click()
        await page.wait_for_load_state()
        if await page.locator("ul.intakes a.button").count():
            return str(title)
    raise AssertionError(f"no course with an open intake at {list_path}")
