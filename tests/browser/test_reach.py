"""Every page type in every locale and both display modes on a 320 px phone: nothing scrolls sideways,
no price or credit is hidden, the language switch and the elder toggle sit in the header, headings go
down one level at a time from a single h1, a centre's page draws its map, and axe-core finds nothing
serious. A few screenshots per locale are written for review."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

from courses.credits import format_code, record_completion
from courses.models import Base, Course, Intake, Learner, Partner
from courses.vocabulary import Status
from portal.base_map import OUTLINES
from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, _require, serious_violations

WIDTH = 320
LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")
PASSWORD = "correct horse battery"
SCREENSHOT_PAGES = {"home", "course", "courses", "base", "transcript"}
PARALLEL = 3

# In the page: how far it scrolls sideways, which controls the header holds, and which price or credit of a
# course is present in the markup but not shown.
PROBE = """() => {
  const root = document.documentElement;
  const header = document.querySelector('header.top');
  const hidden = [...document.querySelectorAll('.price, .credits')]
    .filter(e => e.offsetParent === null || getComputedStyle(e).visibility === 'hidden')
    .map(e => e.className);
  return {scroll: root.scrollWidth, client: root.clientWidth,
          languages: header ? header.querySelectorAll('a[hreflang]').length : 0,
          elder: header ? header.querySelectorAll('a[href*="/display?elder="]').length : 0,
          hidden: hidden,
          h1: document.querySelectorAll('h1').length,
          skips: (() => { let last = 0; const skips = [];
                          for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
                            const level = Number(h.tagName[1]);
                            if (level > last + 1) skips.push('h' + last + ' → h' + level);
                            last = level; }
                          return skips; })(),
          map: document.querySelectorAll('.base-map svg circle.dot').length,
          wide: [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.skip'))
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.width && (r.right > root.clientWidth + 1 || r.left < -1); })
            .slice(0, 3).map(e => e.tagName + '.' + e.className)};
}"""


async def _paths(portal_url: str) -> dict[str, str]:
    """One URL of every page type, in the form ``/{locale}/…``."""
    published = Course.filter(status=Status.PUBLISHED)
    course = await published.filter(url__not_isnull=True, tuition__gt=0).order_by("id").first()
    course = course or await published.order_by("id").first()
    intake = await Intake.filter(course_id=course.id).order_by("id").first() if course else None
    # A centre that holds intakes and has coordinates in a country with an outline, so its map is drawn.
    held = await Intake.filter(base_id__not_isnull=True).values_list("base_id", flat=True)
    drawn = [path.stem for path in OUTLINES.glob("*.json")]
    base = await Base.filter(id__in=held, latitude__not_isnull=True, country__in=drawn).order_by("id").first()
    partner = await Partner.all().order_by("id").first()
    paths = {
        "home": "/{locale}/", "courses": "/{locale}/courses", "search": "/{locale}/courses?q=welding",
        "course": f"/{{locale}}/courses/{course.id}", "bases": "/{locale}/bases",
        "base": f"/{{locale}}/bases/{base.id}", "chinese-plus": "/{locale}/chinese-plus",
        "signin": "/{locale}/account/signin", "signup": "/{locale}/account/signup",
        "verify": "/{locale}/verify", "missing": "/{locale}/courses/999999",
        "bad-request": "/{locale}/courses?page=x", "elder-centres": "/{locale}/bases?kind=elder_university",
    }
    if partner:
        paths["partner"] = f"/{{locale}}/partners/{partner.slug}"
    if intake:
        paths["enroll"] = f"/{{locale}}/courses/{course.id}/enroll?intake={intake.id}"
    return paths


async def _signed_in_state(browser, portal_url: str) -> dict:
    """A learner signed up through the form, with a credit record, as a storage state for new contexts."""
    context = await browser.new_context(base_url=portal_url)
    page = await context.new_page()
    await page.goto("/en/account/signup")
    await page.fill("input[name=email]", "reach@example.org")
    await page.fill("input[name=password]", PASSWORD)
    await page.fill("input[name=name]", "Reach")
    await page.click("form.stack button[type=submit]")
    await page.wait_for_load_state()
    state = await context.storage_state()
    await context.close()
    return state


async def _check(context, name: str, path: str, locale: str, elder: bool) -> list[str]:
    page = await context.new_page()
    problems = []
    try:
        await page.goto(path.format(locale=locale))
        probe = await page.evaluate(PROBE)
        where = f"{name} {locale}{' elder' if elder else ''}"
        if probe["scroll"] > probe["client"]:
            problems.append(f"{where}: {probe['scroll']} px wide at {probe['client']} ({probe['wide']})")
        if probe["hidden"]:
            problems.append(f"{where}: hidden {probe['hidden']}")
        if probe["languages"] < len(LOCALES) - 1 or probe["elder"] != 1:
            problems.append(f"{where}: header has {probe['languages']} language links, {probe['elder']} toggles")
        if probe["h1"] != 1 or probe["skips"]:
            problems.append(f"{where}: {probe['h1']} h1, heading levels skipped: {probe['skips']}")
        if name == "base" and probe["map"] != 1:
            problems.append(f"{where}: no map of the centre")
        problems += [f"{where}: {v}" for v in await serious_violations(page)]
        if name in SCREENSHOT_PAGES and (not elder or name in ("home", "course", "base")):
            mode = "-elder" if elder else ""
            await page.screenshot(path=str(SCREENSHOTS / f"reach-{locale}-{name}{mode}.png"), full_page=True)
    finally:
        await page.close()
    return problems


async def test_every_page_fits_a_320_px_phone_in_every_locale_and_display_mode(portal_url: str) -> None:
    _require(CHROMIUM.exists(), "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    _require(AXE.exists(), "axe-core is missing (npm ci --prefix tests/browser)")
    from playwright.async_api import async_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = await _paths(portal_url)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        state = await _signed_in_state(browser, portal_url)
        learner = await Learner.get(email="reach@example.org")
        course = await Course.all().order_by("id").first()
        entry = await record_completion(learner.id, course.id, completed_at=datetime.now(UTC))
        paths.update({"account": "/{locale}/account/", "transcript": "/{locale}/account/transcript",
                      "outcomes": "/{locale}/account/outcomes",
                      "record": f"/{{locale}}/verify/{format_code(entry.verification_code)}"})
        problems: list[str] = []
        try:
            for elder in (False, True):
                cookies = state["cookies"] + [{"name": "elder", "value": "1" if elder else "0",
                                               "url": portal_url}]
                context = await browser.new_context(
                    viewport={"width": WIDTH, "height": 640}, bypass_csp=True, base_url=portal_url,
                    storage_state={"cookies": cookies, "origins": []})
                gate = asyncio.Semaphore(PARALLEL)

                async def one(name: str, path: str, locale: str, context=context, elder=elder,
                              gate=gate) -> list[str]:
                    async with gate:
                        return await _check(context, name, path, locale, elder)

                for found in await asyncio.gather(*(one(name, path, locale) for locale in LOCALES
                                                    for name, path in paths.items())):
                    problems += found
                await context.close()
        finally:
            await browser.close()
    (SCREENSHOTS / "reach-problems.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    assert not problems, "\n".join(problems)
    assert len([p for p in SCREENSHOTS.glob("reach-*.png") if re.search(r"reach-[\w-]+-home", p.name)]) >= 7
