"""The portal inside Telegram: real Chromium, the real portal, and a stand-in for Telegram's script.

Telegram serves ``telegram-web-app.js`` and fills ``Telegram.WebApp.initData``; here the route
to that script is intercepted and a stand-in provides init data signed in the test with the
bot's token, records the Back button, and sets theme colours the way Telegram's script does.
The Content-Security-Policy is enforced (no bypass): Telegram's script must be allowed by it.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from courses.learners import INIT_DATA_MAX_AGE
from portal import keys
from portal.app import create_app
from portal.security import TELEGRAM_SCRIPT
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, _require, open_course_with_open_intake
from tests.mini_app_data import signed_init_data
from tests.portal.conftest import make_settings

TOKEN = "4242:TEST-token-for-the-fake-server"
VIEWPORT = {"width": 360, "height": 640}
THEME_BG = "#112233"

STAND_IN = """
(function () {
  var root = document.documentElement;
  root.style.setProperty("--tg-theme-bg-color", %(bg)s);
  root.style.setProperty("--tg-theme-text-color", "#eeeeee");
  var record = JSON.parse(sessionStorage.getItem("tg-record") || "{}");
  function save() { sessionStorage.setItem("tg-record", JSON.stringify(record)); }
  window.Telegram = {WebApp: {
    initData: %(init_data)s,
    ready: function () { record.ready = (record.ready || 0) + 1; save(); },
    expand: function () {},
    BackButton: {
      show: function () { record.back = location.pathname; save(); },
      hide: function () {},
      onClick: function (callback) { window.__telegramBack = callback; }
    }
  }};
})();
"""


@pytest.fixture
async def mini_app_url(demo_url: str) -> AsyncIterator[str]:
    app = create_app(make_settings(demo_url, bot_token=TOKEN))
    app[keys.BOT_USERNAME] = "lifelong_test_bot"  # known already: no getMe call to Telegram
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


@pytest.fixture
async def browser():
    _require(CHROMIUM.exists(), "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _require(False, "Python Playwright is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


class InsideTelegram:
    """A phone-sized page whose Telegram script is the stand-in, with CSP violations collected."""

    def __init__(self, page, violations: list[str]) -> None:
        self.page, self.violations = page, violations

    async def record(self) -> dict:
        return json.loads(await self.page.evaluate("sessionStorage.getItem('tg-record') || '{}'"))


async def inside_telegram(browser, base_url: str, init_data: str) -> InsideTelegram:
    context = await browser.new_context(viewport=VIEWPORT, base_url=base_url, locale="en-US")
    script = STAND_IN % {"bg": json.dumps(THEME_BG), "init_data": json.dumps(init_data)}

    async def serve(route) -> None:
        await route.fulfill(status=200, content_type="application/javascript", body=script)

    await context.route(TELEGRAM_SCRIPT, serve)
    page = await context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return InsideTelegram(page, violations)


async def test_inside_telegram_the_learner_is_signed_in_and_enrolls(browser, mini_app_url: str) -> None:
    inside = await inside_telegram(browser, mini_app_url, signed_init_data(TOKEN, 6660001, first_name="Mina"))
    page = inside.page
    await page.goto("/en/app")
    await page.wait_for_url(lambda url: url.endswith("/en/courses"), timeout=20_000)
    assert await page.get_attribute("html", "class") == "telegram"
    assert await page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(17, 34, 51)"
    assert await page.locator("header a[href='/en/account/']").count() == 1  # signed in: "My learning"
    await page.screenshot(path=str(SCREENSHOTS / "mini-app-courses.png"), full_page=True)

    title = await open_course_with_open_intake(page, "/en/courses")
    assert (await inside.record()).get("back", "").startswith("/en/courses/")  # Telegram's Back button
    await page.locator("ul.intakes a.button").first.click()
    await page.wait_for_url(lambda url: "/enroll" in url)  # no sign-in page: the learner is known
    await page.click("main form button[type=submit]")
    await page.wait_for_url(lambda url: "/en/account/enrollments/" in url)  # what happens next
    assert title in await page.locator("main").inner_text()
    await page.screenshot(path=str(SCREENSHOTS / "mini-app-enrolled.png"), full_page=True)
    await page.goto("/en/account/transcript")
    assert await page.locator("main h1").count() == 1
    await page.evaluate("window.__telegramBack()")
    await page.wait_for_url(lambda url: "/en/account/enrollments/" in url)
    assert not inside.violations, inside.violations
    await page.context.close()


async def test_a_start_parameter_opens_its_course(browser, mini_app_url: str) -> None:
    inside = await inside_telegram(browser, mini_app_url, signed_init_data(TOKEN, 6660002, start_param="c2"))
    await inside.page.goto("/en/app")
    await inside.page.wait_for_url(lambda url: url.endswith("/en/courses/2"), timeout=20_000)
    assert await inside.page.get_attribute("html", "class") == "telegram"
    await inside.page.context.close()


@pytest.mark.parametrize("case", ["stale", "forged"])
async def test_stale_or_forged_init_data_leaves_the_portal_anonymous(browser, mini_app_url: str,
                                                                      case: str) -> None:
    if case == "stale":
        init_data = signed_init_data(TOKEN, 6660003,
                                     auth_date=time.time() - INIT_DATA_MAX_AGE.total_seconds() - 30)
    else:
        init_data = signed_init_data("999:another-bot", 6660003)
    inside = await inside_telegram(browser, mini_app_url, init_data)
    page = inside.page
    refusals = []
    page.on("response", lambda response: refusals.append(response.status)
            if response.url.endswith("/app/session") else None)
    await page.goto("/en/app")
    await page.wait_for_url(lambda url: url.endswith("/en/courses"), timeout=20_000)
    assert refusals == [401]
    assert await page.locator("header a[href*='/account/signin']").count() == 1  # anonymous
    assert await page.get_attribute("html", "class") is None  # an ordinary portal page
    await page.context.close()
