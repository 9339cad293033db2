"""A course card reads in one order — title, provider, level, the next date with its seats, then price,
credits and the rest — and its seats are those of that next open intake."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiohttp.test_utils import TestClient

from courses.enrollment import is_open
from courses.models import Intake

ORDER = ("<h3>", 'class="provider"', 'class="badge"', 'class="when"', 'class="seats"', 'class="price"',
         'class="credits"')


async def _expected_seats(course_id: int) -> str | None:
    """What the card should say about the seats of the course's earliest open intake, worked out from the rows."""
    now = datetime.now(UTC)
    runs = [i for i in await Intake.filter(course_id=course_id).order_by("starts_at", "id")
            if is_open(i.starts_at, i.ends_at, i.enroll_deadline, now)]
    if not runs:
        return None
    first = runs[0]
    if first.capacity is None:
        return "No seat limit"
    left = max(0, first.capacity - first.seats_taken)
    return "Full: waitlist open" if left == 0 else f"{left} seat{'s' if left != 1 else ''} left"


async def test_cards_put_title_provider_level_date_and_seats_in_that_order(client: TestClient) -> None:
    html = await (await client.get("/en/courses")).text()
    cards = re.findall(r'<li class="card">.*?</li>', html, re.S)
    assert cards
    checked = {"limited": 0, "unlimited": 0, "none": 0}
    for card in cards:
        course_id = int(re.search(r'href="/en/courses/(\d+)"', card).group(1))
        expected = await _expected_seats(course_id)
        seats = re.search(r'<span class="seats">([^<]+)</span>', card)
        if expected is None:
            assert seats is None and 'class="when"' not in card
            checked["none"] += 1
            continue
        assert seats and seats.group(1) == expected, (course_id, card)
        checked["unlimited" if expected == "No seat limit" else "limited"] += 1
        positions = [card.find(marker) for marker in ORDER if marker in card]
        assert positions == sorted(positions), card
    assert checked["limited"] and checked["unlimited"], checked


async def test_the_level_badge_and_seats_stay_in_elder_mode_and_in_thai(client: TestClient) -> None:
    client.session.cookie_jar.update_cookies({"elder": "1"})
    html = await (await client.get("/th/courses")).text()
    assert 'class="elder"' in html or 'class="elder ' in html
    assert html.count('class="badge"') == html.count('<li class="card">') > 0
    assert 'class="seats"' in html and "seat" not in re.sub(r"<[^>]+>", "", html).lower()


async def test_a_latin_provider_name_on_an_arabic_card_is_isolated(client: TestClient) -> None:
    from courses.models import Course, ProviderText

    course = await Course.filter(provider_id__not_isnull=True).order_by("id").first()
    assert course is not None
    await ProviderText.filter(provider_id=course.provider_id).delete()
    await ProviderText.create(provider_id=course.provider_id, locale="ar", name="Nile Skills Co.")
    html = await (await client.get(f"/ar/courses/{course.id}")).text()
    # Without isolation the bidi algorithm moves "Co."'s full stop to the start of the Latin run.
    assert "<bdi>Nile Skills Co.</bdi>" in html
