"""A learner's journey on a phone, right-to-left Arabic, and accessibility of the main pages."""

from __future__ import annotations

from tests.browser.conftest import confirm_in_page, open_course_with_open_intake, screenshot, serious_violations

PASSWORD = "correct horse battery"


async def test_search_enroll_and_find_it_in_my_enrollments_then_read_in_arabic(page) -> None:
    await page.goto("/en/")
    await screenshot(page, "home")
    await page.fill("#q", "welding")
    await page.click("form.search button")
    await page.wait_for_url(lambda url: "/en/courses" in url and "q=welding" in url)
    await screenshot(page, "search-welding")
    cards = page.locator("ul.cards h3 a")
    assert await cards.count() > 0

    # The first result that has an open intake.
    title = await open_course_with_open_intake(page, "/en/courses?q=welding")
    assert "welding" in title.lower()
    await screenshot(page, "course")
    await page.locator("ul.intakes a.button").first.click()

    # Not signed in: the sign-in page, then "create an account", and back to the enrollment.
    await page.wait_for_url(lambda url: "/en/account/signin" in url and "next=" in url)
    await page.click("main p a[href*='/account/signup']")
    await page.fill("input[name=email]", "learner@example.org")
    await page.fill("input[name=password]", PASSWORD)
    await page.fill("input[name=name]", "Learner")
    await page.select_option("select[name=zone]", "Asia/Bangkok")
    wanted = await page.get_attribute("input[name=next]", "value")
    await page.click("form.stack button[type=submit]")
    await confirm_in_page(page, "learner@example.org")  # a seat needs a confirmed address; back to the course
    assert page.url.endswith(wanted)
    await page.wait_for_url(lambda url: "/enroll" in url and "intake=" in url)
    await screenshot(page, "enroll")
    await page.click("main form button[type=submit]")
    await page.wait_for_url(lambda url: "/en/account/enrollments/" in url)  # what happens next
    await screenshot(page, "my-enrollments")
    assert title in await page.locator("main").inner_text()

    # Switch to Arabic with the language switcher: the layout turns right to left.
    await page.click("footer a[hreflang=ar]")
    await page.wait_for_url(lambda url: "/ar/account/" in url)
    assert await page.get_attribute("html", "dir") == "rtl"
    assert await page.get_attribute("html", "lang") == "ar"
    assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = await page.locator(".brand").bounding_box()
    nav = await page.locator(".top nav").bounding_box()
    assert brand and nav
    # In RTL the brand starts at the right edge of the screen.
    assert brand["x"] + brand["width"] > 390 - 40
    await screenshot(page, "my-enrollments-ar")


async def test_main_pages_have_no_serious_accessibility_violations(page) -> None:
    pages = {"home": "/en/", "courses": "/en/courses", "course-search": "/en/courses?q=welding",
             "bases": "/en/bases", "chinese-plus": "/en/chinese-plus", "signin": "/en/account/signin",
             "signup": "/en/account/signup", "home-ar": "/ar/", "courses-zh": "/zh-Hans/courses"}
    found = {}
    for name, path in pages.items():
        await page.goto(path)
        if name == "courses":
            course = page.locator("ul.cards h3 a").first
            await screenshot(page, name)
            await course.click()
            await page.wait_for_load_state()
            name, path = "course", page.url
        violations = await serious_violations(page)
        await screenshot(page, f"axe-{name}")
        if violations:
            found[path] = violations
    assert not found, found


async def test_elder_mode_enlarges_text_with_one_tap(page) -> None:
    await page.goto("/en/courses")
    before = await page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    await page.click("footer a[href*='elder=1']")
    await page.wait_for_url("**/en/courses")
    after = await page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert after > before
    await page.goto("/en/")
    assert "elder" in (await page.get_attribute("html", "class") or "")
    assert not await serious_violations(page)
    await screenshot(page, "home-elder")
