"""``/sitemap.xml``: every public page in every locale, each with its hreflang alternates.

A catalogue too large for one file (50,000 URLs) gets a sitemap index whose parts hold
the fixed pages, bases and partners (part 0) and the courses in id order (parts 1…).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from aiohttp import web

from courses.catalogue import (
    partner_slugs,
    published_base_ids,
    published_course_count,
    published_course_ids,
)
from portal import keys
from portal.layout import absolute

COURSES_PER_PART = 1000
ONE_FILE_LIMIT = 1000  # courses: 7 locales × 9 links each already make a file of several MB
FIXED_PAGES = ("home", "courses", "bases", "chinese_plus")


def _entries(request: web.Request, route: str, parts: dict[str, str]) -> list[str]:
    locales = request.app[keys.SETTINGS].locales
    urls = {tag: absolute(request, request.app.router[route].url_for(locale=tag, **parts)) for tag in locales}
    links = "".join(f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(url)}/>'
                    for tag, url in urls.items())
    default = urls[request.app[keys.SETTINGS].default_locale]
    links += f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(default)}/>'
    return [f"<url><loc>{escape(url)}</loc>{links}</url>" for url in urls.values()]


def _urlset(entries: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n").encode()


async def _fixed_entries(request: web.Request) -> list[str]:
    entries: list[str] = []
    for route in FIXED_PAGES:
        entries += _entries(request, route, {})
    for base_id in await published_base_ids():
        entries += _entries(request, "base", {"id": str(base_id)})
    for slug in await partner_slugs():
        entries += _entries(request, "partner", {"slug": slug})
    return entries


async def _course_entries(request: web.Request, after: int, limit: int) -> list[str]:
    entries: list[str] = []
    for course_id in await published_course_ids(after, limit):
        entries += _entries(request, "course", {"id": str(course_id)})
    return entries


async def sitemap_xml(request: web.Request) -> bytes:
    """The whole sitemap, or an index of its parts when the catalogue is large."""
    count = await published_course_count()
    if count <= ONE_FILE_LIMIT:
        return _urlset(await _fixed_entries(request) + await _course_entries(request, 0, ONE_FILE_LIMIT))
    parts = 1 + (count + COURSES_PER_PART - 1) // COURSES_PER_PART
    locs = [absolute(request, request.app.router["sitemap_part"].url_for(part=str(n))) for n in range(parts)]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locs)
            + "\n</sitemapindex>\n").encode()


async def sitemap_part_xml(request: web.Request, part: int) -> bytes | None:
    """Part ``part`` of a large sitemap, or None past the end."""
    if part == 0:
        return _urlset(await _fixed_entries(request))
    # Parts are keyset pages of ids: part n starts after the last id of part n-1.
    after = 0
    for _ in range(part - 1):
        ids = await published_course_ids(after, COURSES_PER_PART)
        if not ids:
            return None
        after = ids[-1]
    entries = await _course_entries(request, after, COURSES_PER_PART)
    return _urlset(entries) if entries else None
