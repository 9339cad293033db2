"""Every page in every locale: status, lang and dir, canonical and hreflang links, no raw placeholders."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient

from courses.models import Base, Course, Partner
from courses.settings import DEFAULT_LOCALES

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


async def first_ids() -> tuple[int, int, str]:
    course = await Course.filter(status="published").order_by("id").first()
    base = await Base.filter(status="published").order_by("id").first()
    partner = await Partner.all().order_by("id").first()
    assert course and base and partner
    return course.id, base.id, partner.slug


def visible(html: str) -> str:
    return re.sub(r"<script.*?</script>", "", html, flags=re.S)


@pytest.mark.parametrize("locale", DEFAULT_LOCALES)
async def test_every_page_in_every_locale(client: TestClient, locale: str) -> None:
    course_id, base_id, slug = await first_ids()
    paths = ["/", "/courses", "/courses?q=welding", "/courses?track=online&level=national",
             f"/courses/{course_id}", "/bases", "/bases?kind=elder_university", f"/bases/{base_id}",
             "/chinese-plus", "/chinese-plus?hsk=3", f"/partners/{slug}", "/account/signin",
             "/account/signup"]
    direction = "rtl" if locale == "ar" else "ltr"
    for path in paths:
        response = await client.get(f"/{locale}{path}")
        html = await response.text()
        assert response.status == 200, (path, html[:500])
        assert f'<html lang="{locale}" dir="{direction}"' in html, path
        assert html.count('rel="alternate" hreflang=') >= len(DEFAULT_LOCALES) + 1, path
        assert 'hreflang="x-default"' in html and 'rel="canonical"' in html, path
        assert not PLACEHOLDER.search(visible(html)), (path, PLACEHOLDER.search(visible(html)))
        assert "Traceback" not in html


async def test_home_lists_the_three_tracks_with_counts(client: TestClient) -> None:
    html = await (await client.get("/en/")).text()
    published = await Course.filter(status="published", track="online").count()
    assert "Online quality courses" in html and "Chinese + vocational skills" in html
    assert f"{published:,} courses" in html or f"{published} courses" in html


async def test_fallback_text_is_marked_with_its_language(client: TestClient) -> None:
    """A course without a Thai text shows its English title inside lang="en"."""
    html = await (await client.get("/th/courses")).text()
    assert re.search(r'<bdi lang="(en|zh-Hans)">', html)


async def test_course_page_has_json_ld_and_intakes(client: TestClient) -> None:
    course_id, _, _ = await first_ids()
    html = await (await client.get(f"/en/courses/{course_id}")).text()
    assert '<script type="application/ld+json">' in html and '"@type": "CourseInstance"' in html
    assert "t.me/" not in html  # no bot configured, no Telegram link
    assert "Enroll" in html or "No intake is planned yet." in html


async def test_language_switcher_names_each_language_in_itself(client: TestClient) -> None:
    html = await (await client.get("/en/")).text()
    for name in ("中文 (简体)", "中文 (繁體)", "Русский", "Français", "العربية", "ไทย"):
        assert name in html


@pytest.mark.parametrize(("headers", "cookies", "expected"), [
    ({"Accept-Language": "zh-CN,zh;q=0.9"}, {}, "/zh-Hans/"),
    ({"Accept-Language": "zh-TW"}, {}, "/zh-Hant/"),
    ({"Accept-Language": "ar-EG, en;q=0.5"}, {}, "/ar/"),
    ({"Accept-Language": "!!!, ;q=abc"}, {}, "/en/"),
    ({}, {}, "/en/"),
    ({"Accept-Language": "ru"}, {"locale": "fr"}, "/fr/"),
    ({"Accept-Language": "ru"}, {"locale": "garbage"}, "/ru/"),
])
async def test_root_redirects_by_cookie_then_accept_language(client: TestClient, headers, cookies,
                                                             expected) -> None:
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies(cookies)
    response = await client.get("/", headers=headers, allow_redirects=False)
    assert response.status == 302
    assert response.headers["Location"] == expected


async def test_visiting_a_locale_remembers_it(client: TestClient) -> None:
    await client.get("/th/")
    response = await client.get("/", headers={"Accept-Language": "ru"}, allow_redirects=False)
    assert response.headers["Location"] == "/th/"


async def test_near_miss_locales_redirect_and_unknown_ones_are_localized_404s(client: TestClient) -> None:
    response = await client.get("/zh-CN/courses?track=online", allow_redirects=False)
    assert response.status == 301
    assert response.headers["Location"] == "/zh-Hans/courses?track=online"
    response = await client.get("/xx/courses", headers={"Accept-Language": "fr"})
    assert response.status == 404
    html = await response.text()
    assert '<html lang="fr" dir="ltr"' in html


async def test_missing_pages_are_404_without_internals(client: TestClient) -> None:
    for path in ("/en/courses/999999", "/en/bases/999999", "/en/partners/nobody", "/en/nowhere",
                 "/en/courses/9999999999"):
        response = await client.get(path)
        html = await response.text()
        assert response.status == 404, path
        assert "Traceback" not in html and "NotFound" not in html and "courses." not in html


@pytest.mark.parametrize("query", [
    "page=abc", "page=0", "page=-1", "page=99999999999999999999", "page=1&page=2", "track=zzz",
    "category=99", "category=abc", "level=%00", "lang=!!", "hsk=9", "open=maybe", "from=yesterday",
    "from=2027-01-02&until=2026-01-01", "audience=" + "x" * 5000,
])
async def test_malformed_course_queries_are_400_with_a_message(client: TestClient, query: str) -> None:
    response = await client.get(f"/en/courses?{query}")
    html = await response.text()
    assert response.status == 400, (query, html[:300])
    assert 'class="notice"' in html


@pytest.mark.parametrize("query", ["lat=91&lon=0", "lat=1", "within=-4", "kind=castle", "page=x"])
async def test_malformed_base_queries_are_400(client: TestClient, query: str) -> None:
    response = await client.get(f"/en/bases?{query}")
    assert response.status == 400


async def test_undecodable_query_strings_never_500(client: TestClient) -> None:
    for query in ("q=%ff%fe", "q=%", "%zz=1", "q=" + "焊" * 500, "track=online&track=online&track=x,y"):
        response = await client.get(f"/en/courses?{query}")
        assert response.status in (200, 400), query


async def test_facet_links_work_without_javascript(client: TestClient) -> None:
    html = await (await client.get("/en/courses")).text()
    link = re.search(r'href="(/en/courses\?track=online)"', html)
    assert link, "no facet link for the online track"
    filtered = await (await client.get(link.group(1).replace("&amp;", "&"))).text()
    assert 'aria-current="true"' in filtered


async def test_bases_near_a_point_come_nearest_first(client: TestClient) -> None:
    response = await client.get("/en/bases?lat=31.23&lon=121.47")
    html = await response.text()
    assert response.status == 200 and "km away" in html


async def test_security_headers_on_pages_errors_and_static_files(client: TestClient) -> None:
    html_response = await client.get("/en/")
    css = re.search(r'href="(/static/[0-9a-f]{10}/portal\.css)"', await html_response.text())
    assert css
    for response in (html_response, await client.get("/en/nowhere"), await client.get(css.group(1))):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]


async def test_no_inline_script_and_no_third_party_urls(client: TestClient) -> None:
    for path in ("/en/", "/en/courses", "/en/bases", "/ar/chinese-plus"):
        html = await (await client.get(path)).text()
        for script in re.findall(r"<script([^>]*)>", html):
            assert "src=" in script or 'type="application/ld+json"' in script
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert url.startswith("http://127.0.0.1") or "example" in url, url


async def test_static_files_are_versioned_and_cached_for_a_year(client: TestClient) -> None:
    html = await (await client.get("/en/")).text()
    path = re.search(r'href="(/static/[0-9a-f]{10}/portal\.css)"', html).group(1)
    response = await client.get(path)
    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers[
        "Cache-Control"]
    assert (await client.get(path.replace("/static/", "/static/0").replace("portal", "x"))).status == 404
    assert (await client.get("/static/0000000000/portal.css")).status == 404


async def test_system_routes(client: TestClient) -> None:
    assert (await client.get("/healthz")).status == 200
    robots = await (await client.get("/robots.txt")).text()
    assert "Sitemap:" in robots
    sitemap = await (await client.get("/sitemap.xml")).text()
    assert 'hreflang="x-default"' in sitemap and 'hreflang="ar"' in sitemap
    metrics = await (await client.get("/metrics")).text()
    assert 'portal_requests_total{route="sitemap",method="GET",status="200"} 1' in metrics


async def test_elder_mode_is_one_tap_and_remembered(client: TestClient) -> None:
    response = await client.get("/en/display?elder=1&next=/en/courses", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/en/courses"
    html = await (await client.get("/en/courses")).text()
    assert 'class="elder"' in html
    await client.get("/en/display?elder=0&next=/en/")
    assert 'class="elder"' not in await (await client.get("/en/courses")).text()


async def test_display_toggle_never_redirects_off_site(client: TestClient) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = await client.get("/en/display", params={"elder": "1", "next": target},
                                    allow_redirects=False)
        assert response.headers["Location"] == "/en/"


async def test_enroll_in_telegram_link_with_a_bot(demo_url: str) -> None:
    from aiohttp.test_utils import TestServer

    from portal import keys
    from portal.app import create_app
    from tests.portal.conftest import make_settings

    app = create_app(make_settings(demo_url, bot_token="123:test"))
    app[keys.BOT_USERNAME] = "lifelong_test_bot"  # known already: no getMe call to Telegram
    async with TestClient(TestServer(app)) as with_bot:
        course_id, _, _ = await first_ids()
        html = await (await with_bot.get(f"/en/courses/{course_id}")).text()
    assert f'href="https://t.me/lifelong_test_bot?start=c{course_id}"' in html


async def test_wrong_methods_get_a_localized_405(client: TestClient) -> None:
    response = await client.put("/ru/courses", headers={"X-CSRF-Token": "x"})
    assert response.status in (403, 405)
    response = await client.delete("/healthz")
    assert response.status in (403, 405)
