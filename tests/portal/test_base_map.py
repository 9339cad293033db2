"""A centre's page draws its location on its country's outline, from its coordinates, and links the
point to the phone's maps (geo:) and to OpenStreetMap."""

from __future__ import annotations

import re
from itertools import permutations
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient

from courses.models import Base
from portal.base_map import base_map, outline

DEMO_COUNTRIES = ("TH", "KZ", "EG", "KE", "DJ")  # abroad; see the China test below


def _extent(country: str) -> tuple[float, float, float, float]:
    rings = outline(country)
    assert rings is not None
    lons = [lon for ring in rings for lon, _ in ring]
    lats = [lat for ring in rings for _, lat in ring]
    return min(lons), max(lons), min(lats), max(lats)


@pytest.mark.parametrize("country", DEMO_COUNTRIES)
def test_every_demo_country_has_a_small_outline(country: str) -> None:
    rings = outline(country)
    assert rings and all(len(ring) >= 4 and ring[0] == ring[-1] for ring in rings)
    assert sum(len(ring) for ring in rings) < 400  # simplified: a few KB


@pytest.mark.parametrize(("latitude", "longitude"), [(13.7563, 100.5018), (18.7883, 98.9853), (7.8804, 98.3923)])
def test_the_dot_sits_where_the_coordinates_fall_within_the_country(latitude: float, longitude: float) -> None:
    drawn = base_map("TH", latitude, longitude)
    west, east, south, north = _extent("TH")
    # The frame is the outline's extent plus a margin; across it, longitude runs west → east, latitude north → south.
    inner_w, inner_h = drawn.width - 32, drawn.height - 32
    assert (drawn.x - 16) / inner_w == pytest.approx((longitude - west) / (east - west), abs=0.01)
    assert (drawn.y - 16) / inner_h == pytest.approx((north - latitude) / (north - south), abs=0.01)
    assert drawn.outline


def test_east_is_right_and_north_is_up() -> None:
    chiang_mai, ubon = base_map("TH", 18.79, 98.99), base_map("TH", 15.24, 104.85)
    assert ubon.x > chiang_mai.x and chiang_mai.y < ubon.y
    south_of_equator = base_map("KE", -1.29, 36.82)
    assert 0 < south_of_equator.y < south_of_equator.height


def test_china_is_not_drawn_from_a_simplified_outline() -> None:
    # A map of China must be the reviewed standard map (South China Sea islands included): links only.
    drawn = base_map("CN", 39.08, 117.20)
    assert outline("CN") is None and drawn.outline is None
    assert drawn.geo_url.startswith("geo:39.08000,117.20000")


def test_a_point_beyond_the_simplified_outline_is_still_inside_the_frame() -> None:
    drawn = base_map("DJ", 13.5, 44.0)  # north-east of Djibouti's outline
    assert 0 < drawn.x <= drawn.width and 0 < drawn.y <= drawn.height


def test_links_open_the_phones_maps_and_openstreetmap_at_the_point() -> None:
    drawn = base_map("TH", 13.7563, 100.5018)
    assert drawn.geo_url == "geo:13.75630,100.50180?q=13.75630,100.50180"
    web = urlsplit(drawn.web_url)
    assert web.scheme == "https" and web.netloc == "www.openstreetmap.org"
    assert parse_qs(web.query) == {"mlat": ["13.75630"], "mlon": ["100.50180"]}


def test_a_country_without_an_outline_gets_the_links_only() -> None:
    drawn = base_map("FR", 48.85, 2.35)
    assert drawn.outline is None and drawn.geo_url.startswith("geo:48.85000,2.35000")
    assert outline("../TH") is None and outline("th") is None


@pytest.mark.parametrize("locale", ["en", "ar"])
async def test_a_centres_page_draws_its_map_from_its_coordinates(client: TestClient, locale: str) -> None:
    base = await Base.filter(country="TH", latitude__not_isnull=True).order_by("id").first()
    html = await (await client.get(f"/{locale}/bases/{base.id}")).text()
    svg = re.search(r'<svg viewBox="0 0 (\d+) (\d+)" role="img" aria-label="([^"]+)"><path class="land" '
                    r'd="([^"]+)"/><circle class="dot" cx="([\d.]+)" cy="([\d.]+)"', html)
    assert svg, "the page has no map"
    width, height, x, y = int(svg.group(1)), int(svg.group(2)), float(svg.group(5)), float(svg.group(6))
    west, east, south, north = _extent("TH")
    assert (x - 16) / (width - 32) == pytest.approx((base.longitude - west) / (east - west), abs=0.01)
    assert (y - 16) / (height - 32) == pytest.approx((north - base.latitude) / (north - south), abs=0.01)
    assert f'href="geo:{base.latitude:.5f},{base.longitude:.5f}?q=' in html
    assert f"mlat={base.latitude:.5f}&amp;mlon={base.longitude:.5f}" in html
    if locale == "ar":
        assert "Map:" not in svg.group(3)


async def test_a_centre_without_coordinates_has_no_map_and_no_error(client: TestClient) -> None:
    base = await Base.filter(latitude__not_isnull=True).order_by("id").first()
    await Base.filter(id=base.id).update(latitude=None, longitude=None)
    response = await client.get(f"/en/bases/{base.id}")
    assert response.status == 200
    assert 'class="base-map"' not in await response.text()


async def test_a_centres_upcoming_intakes_name_their_course(client: TestClient) -> None:
    from courses.models import CourseText, Intake

    held = await Intake.filter(base_id__not_isnull=True).order_by("starts_at").first()
    html = await (await client.get(f"/en/bases/{held.base_id}")).text()
    intakes = html.split('<ul class="intakes">', 1)[1].split("</ul>", 1)[0]
    linked = re.findall(r'<h3><a href="/en/courses/(\d+)">(?:<bdi lang="[\w-]+">)?([^<]+)', intakes)
    assert linked and len(linked) == intakes.count("<li>")
    course_id, title = linked[0]
    texts = {t.title for t in await CourseText.filter(course_id=int(course_id))}
    assert title.replace("&#39;", "'").replace("&amp;", "&") in texts


async def test_a_centres_specialities_are_listed_as_the_locale_writes_lists(client: TestClient) -> None:
    from babel.lists import format_list

    from courses.models import BaseDomainTag
    from courses.vocabulary import labels

    tags = await BaseDomainTag.all().order_by("base_id", "id").values_list("base_id", "domain")
    by_base: dict[int, list[str]] = {}
    for base_id, domain in tags:
        by_base.setdefault(base_id, []).append(domain)
    base_id, domains = next((b, d) for b, d in by_base.items() if len(d) >= 2)
    html = await (await client.get(f"/zh-Hans/bases/{base_id}")).text()
    from courses.i18n import translations

    names = [translations("zh-Hans").gettext(labels.DOMAIN[d]) for d in domains]
    listed = {f"<dd>{format_list(list(order), locale='zh_Hans')}</dd>" for order in permutations(names)}
    assert any(item in html for item in listed), names  # 、 and 和, not a Latin comma
