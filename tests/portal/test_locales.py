"""No English interface text leaks into pages in other languages; fallback content says which language it is in."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient
from babel.core import get_global
from markupsafe import escape

from courses.i18n import babel_id
from courses.models import Base, Course, CourseText, Partner
from courses.settings import DEFAULT_LOCALES
from tests.english_leaks import english_messages

SHOWN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
# Elements that hold interface labels, never catalogue content.
LABEL_TAGS = frozenset({"summary", "label", "button", "th", "dt", "h2", "legend", "nav"})
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
TRANSLATED = [tag for tag in DEFAULT_LOCALES if tag != "en"]


def script(tag: str) -> str:
    likely = get_global("likely_subtags")
    full = likely.get(babel_id(tag)) or likely.get(tag.split("-")[0], "")
    return tag.split("-")[1] if "-" in tag else full.split("_")[1] if "_" in full else ""


NOT_LATIN = [tag for tag in TRANSLATED if script(tag) != "Latn"]
CODES = {"HSK", "Telegram", "CSV", "XLSX", "SVG", "API", "QR", "UTF", "GB18030", "GMT", "UTC"}


class InterfaceText(HTMLParser):
    """The text a reader sees or hears, minus content marked as being in another language.

    Catalogue texts shown as a fallback sit in an element with their own ``lang``; scripts, styles
    and ``<code>`` are not prose.
    """

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []
        self.labels: list[str] = []  # text inside LABEL_TAGS

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        foreign = tag != "html" and values.get("lang") not in (None, self.page_lang)
        skipped = foreign or tag in ("script", "style", "code")
        if not self._skipping() and not skipped:
            self.parts.extend(values[name] or "" for name in SHOWN_ATTRIBUTES if name in values)
        if tag not in ("meta", "link", "br", "img", "input", "hr", "source"):
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)
            if any(tag in LABEL_TAGS for tag, _ in self.stack):
                self.labels.append(data)


def interface_text(html: str, locale: str) -> list[str]:
    """The page's text nodes and spoken attributes, each stripped, fallback content left out."""
    # <title> carries the catalogue title without a lang mark; the body's <h1> is checked instead.
    parser = InterfaceText(locale)
    parser.feed("<body" + html.split("<body", 1)[-1])
    return [" ".join(part.split()) for part in parser.parts if part.strip()]


async def pages(client: TestClient, locale: str) -> dict[str, str]:
    course = await Course.filter(status="published").order_by("id").first()
    base = await Base.filter(status="published").order_by("id").first()
    partner = await Partner.all().order_by("id").first()
    assert course and base and partner
    paths = ["/", "/courses", "/courses?q=welding", f"/courses/{course.id}", "/bases", f"/bases/{base.id}",
             "/chinese-plus", f"/partners/{partner.slug}", "/account/signin", "/account/signup", "/app",
             "/no-such-page"]
    found = {}
    for path in paths:
        response = await client.get(f"/{locale}{path}")
        assert response.status in (200, 404), path
        found[path] = await response.text()
    return found


@pytest.mark.parametrize("locale", TRANSLATED)
async def test_no_english_interface_text_leaks_into_pages(client: TestClient, locale: str) -> None:
    labels, phrases = english_messages(locale)
    leaks = {}
    for path, html in (await pages(client, locale)).items():
        parts = interface_text(html, locale)
        shown = " ".join(parts)
        leaked = {part for part in parts if part in labels} | {p for p in phrases if p in shown}
        if leaked:
            leaks[path] = sorted(leaked)[:10]
    assert not leaks, f"{locale}: {leaks}"


@pytest.mark.parametrize("locale", NOT_LATIN)
async def test_labels_in_other_scripts_hold_no_latin_words(client: TestClient, locale: str) -> None:
    """A Latin word in a label of a Russian, Thai, Arabic or Chinese page is a string gettext never saw."""
    leaks = {}
    for path, html in (await pages(client, locale)).items():
        parser = InterfaceText(locale)
        parser.feed(html)
        words = set(LATIN_WORD.findall(" ".join(parser.labels))) - CODES
        if words:
            leaks[path] = sorted(words)
    assert not leaks, f"{locale}: {leaks}"


async def test_fallback_content_carries_its_language_and_a_note(client: TestClient) -> None:
    """A course with no Thai text shows its English title in lang="en", followed by a note in Thai."""
    thai = CourseText.filter(locale="th").values_list("course_id", flat=True)
    course = await Course.filter(status="published").exclude(id__in=await thai).order_by("id").first()
    assert course is not None
    english = await CourseText.get(course=course, locale="en")
    html = await (await client.get(f"/th/courses/{course.id}")).text()
    assert '<html lang="th"' in html
    assert f'<bdi lang="en">{escape(english.title)}</bdi> <small class="fallback-note">เป็นภาษาอังกฤษ</small>' in html
