"""The bot's ``/start`` deep links: what the portal and the inline mode build, the bot reads back."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from courses.partners import bot_account_link, bot_start_link, course_of_start, token_of_start


def payload(link: str) -> str:
    return parse_qs(urlsplit(link).query)["start"][0]


def test_a_course_link_reads_back_as_its_course() -> None:
    link = bot_start_link("llp_bot", 42)
    assert link == "https://t.me/llp_bot?start=c42"
    assert course_of_start(payload(link)) == 42
    assert token_of_start(payload(link)) is None


def test_an_account_link_reads_back_as_its_token() -> None:
    link = bot_account_link("llp_bot", "AbC-12_x")
    assert token_of_start(payload(link)) == "AbC-12_x"
    assert course_of_start(payload(link)) is None


@pytest.mark.parametrize("start", ["", "c", "cx1", "c-1", "c1.5", "c²", "42", "course42"])
def test_other_payloads_open_no_course(start: str) -> None:
    assert course_of_start(start) is None
