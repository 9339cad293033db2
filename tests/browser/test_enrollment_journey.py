"""Enrolling as a new learner would, on a 360-px phone, in Chinese, Arabic and Thai: sign-up errors keep the
way back to the course, the facts before confirming, what happens next, the waitlist, cancelling with a
confirmation step, and "My enrollments" with ended and cancelled ones apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from babel.support import Translations

from courses.enrollment import enroll
from courses.i18n import LOCALE_DIR, babel_id, format_number
from courses.models import Enrollment, Intake, Learner
from courses.vocabulary import EnrollmentStatus, Source, Status
from tests.browser.conftest import SMALL_PHONE, confirm_in_page, screenshot

PASSWORD = "correct horse battery"


async def open_intakes(count: int) -> list[Intake]:
    """Intakes of different published courses, open for enrollment, at a learning centre when there is one."""
    now = datetime.now(UTC)
    found: dict[int, Intake] = {}
    for intake in await Intake.filter(course__status=Status.PUBLISHED, starts_at__gt=now + timedelta(days=2)
                                      ).order_by("-base_id", "id"):
        if (intake.enroll_deadline is None or intake.enroll_deadline > now) and intake.course_id not in found:
            found[intake.course_id] = intake
        if len(found) == count:
            return list(found.values())
    raise AssertionError("the demo catalogue has too few open intakes")


async def fits_the_screen(page: Any) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    width = await page.evaluate("document.documentElement.scrollWidth")
    # What sticks out, to name in the failure.
    wide = await page.evaluate("""() => [...document.querySelectorAll('body *')].filter(
        e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 8).map(
        e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))""")
    assert width <= SMALL_PHONE["width"], f"{page.url} is {width}px wide: {wide}"


@pytest.mark.parametrize("locale", ["zh-Hans", "ar", "th"])
async def test_enroll_wait_cancel_and_see_it_all_on_a_small_phone(small_phone: Any, locale: str) -> None:
    page = small_phone
    words = Translations.load(str(LOCALE_DIR), [babel_id(locale)], "messages")
    _ = words.gettext
    seat, full, ending = await open_intakes(3)
    await Intake.filter(id=seat.id).update(capacity=seat.seats_taken + 1)
    await Intake.filter(id=full.id).update(capacity=full.seats_taken)
    await Intake.filter(id=ending.id).update(capacity=None)
    waiting_before = await Enrollment.filter(intake_id=full.id, status=EnrollmentStatus.WAITLISTED).count()

    # The course page, then Enroll: not signed in, so sign in first, and "create an account" from there.
    await page.goto(f"/{locale}/courses/{seat.course_id}")
    await page.click(f"ul.intakes a.button[href*='intake={seat.id}']")
    await page.wait_for_url(lambda url: "/account/signin" in url and "next=" in url)
    await page.click("main p a[href*='/account/signup']")
    await page.fill("input[name=email]", f"learner-{locale.lower()}@example.org")
    await page.fill("input[name=name]", "Learner")
    await page.select_option("select[name=zone]", "Asia/Bangkok")
    # Chromium refuses a short password itself; without that check (an older browser) the server does.
    await page.fill("input[name=password]", "short")
    assert not await page.eval_on_selector("input[name=password]", "el => el.checkValidity()")
    await page.eval_on_selector("input[name=password]", "el => el.removeAttribute('minlength')")
    await page.click("form.stack button[type=submit]")
    await page.wait_for_selector("p.notice.warn[role=alert]")
    assert "/account/signup" in page.url
    assert f"intake={seat.id}" in await page.get_attribute("input[name=next]", "value")
    await screenshot(page, f"signup-short-password-{locale}")
    wanted = await page.get_attribute("input[name=next]", "value")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.stack button[type=submit]")
    # The address is confirmed from the mail before a seat can be taken; the mailed link carries the
    # course, so confirming brings the learner back to it.
    await confirm_in_page(page, f"learner-{locale.lower()}@example.org", locale)
    assert page.url.endswith(wanted)

    # Back on the course's enroll page: every fact before confirming.
    await page.wait_for_url(lambda url: f"/courses/{seat.course_id}/enroll" in url and f"intake={seat.id}" in url)
    facts = await page.locator("dl.facts").inner_text()
    for term in ("Course", "Starts", "Where", "Fee"):
        assert _(term) in facts
    await fits_the_screen(page)
    await screenshot(page, f"enroll-confirm-{locale}")
    await page.click("main form button[type=submit]")

    # What happens next, with the calendar file.
    await page.wait_for_url(f"**/{locale}/account/enrollments/{seat.id}")
    assert await page.locator("h1").inner_text() == _("You are enrolled")
    ics = page.locator(f"a[href$='/intakes/{seat.id}.ics']")
    assert await ics.count()
    calendar = await page.request.get(await ics.first.get_attribute("href"))
    assert calendar.ok and "BEGIN:VEVENT" in await calendar.text()
    await fits_the_screen(page)
    await screenshot(page, f"enrolled-{locale}")

    # A full intake: the waitlist, with the number in line.
    await page.goto(f"/{locale}/courses/{full.course_id}")
    await page.click(f"ul.intakes a.button[href*='intake={full.id}']")
    await page.wait_for_url(lambda url: "/enroll" in url and f"intake={full.id}" in url)
    await page.click("main form button[type=submit]")
    await page.wait_for_url(f"**/{locale}/account/enrollments/{full.id}")
    number = format_number(waiting_before + 1, locale)
    assert await page.locator("h1").inner_text() == _("You are on the waitlist, number {n}").format(n=number)
    await screenshot(page, f"waitlisted-{locale}")

    # The course pages say what the learner holds and offer Cancel.
    await page.goto(f"/{locale}/courses/{full.course_id}")
    held = page.locator("ul.intakes .held")
    assert await held.inner_text() == _("You are on the waitlist, number {n}.").format(n=number)
    await page.goto(f"/{locale}/courses/{seat.course_id}")
    assert await page.locator("ul.intakes .held").inner_text() == _("You are enrolled in this intake.")
    await fits_the_screen(page)
    await screenshot(page, f"course-enrolled-{locale}")

    # Cancel asks first; "No, keep it" keeps it, "Yes" cancels.
    await page.click(f"a[href$='/account/enrollments/{seat.id}/cancel']")
    await page.wait_for_url(f"**/enrollments/{seat.id}/cancel")
    assert await page.locator("h1").inner_text() == _("Cancel your place?")
    await screenshot(page, f"cancel-confirm-{locale}")
    await page.click("main a.button.secondary")
    await page.wait_for_url(lambda url: url.rstrip("/").endswith("/account"))
    learner = await Learner.get(email=f"learner-{locale.lower()}@example.org")
    assert (await Enrollment.get(learner_id=learner.id, intake_id=seat.id)).status is EnrollmentStatus.ENROLLED
    await page.goto(f"/{locale}/account/enrollments/{seat.id}/cancel")
    await page.click("main form button[type=submit]")
    await page.wait_for_url(lambda url: "cancelled=1" in url)
    assert (await Enrollment.get(learner_id=learner.id, intake_id=seat.id)).status is EnrollmentStatus.CANCELLED

    # One more that has ended since: My enrollments keeps ended and cancelled ones apart.
    await enroll(learner.id, ending.id, source=Source.PORTAL, now=datetime.now(UTC))
    past = datetime.now(UTC) - timedelta(days=30)
    await Intake.filter(id=ending.id).update(starts_at=past, ends_at=past + timedelta(days=7), enroll_deadline=None)
    await page.goto(f"/{locale}/account/")
    current = page.locator("ul.enrollments > li")
    assert await current.count() == 1
    card = await current.first.inner_text()
    assert _("Position {n} on the waitlist").format(n=number) in card
    assert _("Starts") in card and _("Where") in card
    assert await current.first.locator(f"a[href$='/intakes/{full.id}.ics']").count()
    assert await page.locator("a[href$='/account/calendar.ics']").count()
    assert await page.locator("h2").filter(has_text=_("Ended and cancelled")).count()
    ended = await page.locator("ul.past > li").all_inner_texts()
    assert len(ended) == 2
    # The cancelled place, and the place in the intake that is over: "Ended", no longer "Enrolled".
    assert any(_("Cancelled") in row for row in ended) and any(_("Ended") in row for row in ended)
    assert not any(_("Enrolled") in row for row in ended)
    await fits_the_screen(page)
    await screenshot(page, f"my-enrollments-{locale}")
