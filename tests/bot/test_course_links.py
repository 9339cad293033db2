"""A course's web address reaches Telegram as an escaped link: it can add no markup to the card."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from courses.models import Course
from courses.vocabulary import Status
from tests.bot.conftest import RunningBot

pytestmark = pytest.mark.usefixtures("catalogue")

# Stored before import and editing refused such addresses (or written to the database by hand).
HOSTILE = 'https://evil.example/?a=1&b="><b>bold</b><a href="tg://x'


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


async def card_of(running_bot: RunningBot, user: int, url: str) -> str:
    course = await Course.filter(status=Status.PUBLISHED).order_by("id").first()
    assert course is not None
    course.url = url
    await course.save()
    card = await running_bot.chat(user).say(f"/start c{course.id}", contains="Course website")
    assert card.params.get("parse_mode", "HTML") == "HTML"
    return card.text


async def test_the_address_is_escaped_inside_the_link(running_bot: RunningBot) -> None:
    text = await card_of(running_bot, 1201, HOSTILE)
    links = [attrs for tag, attrs in tags_of(text) if tag == "a"]
    assert links == [{"href": HOSTILE}]  # one link, whose address is the stored one, character for character
    assert "b" not in [tag for tag, _ in tags_of(text.split("Course website")[-1])]
    assert '&quot;&gt;&lt;b&gt;' in text


async def test_an_address_that_is_not_http_is_not_linked(running_bot: RunningBot) -> None:
    text = await card_of(running_bot, 1202, "javascript:alert(1)")
    assert "<a " not in text and "javascript" not in text
