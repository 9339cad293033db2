"""Mini App init data: Telegram's HMAC (cross-checked with aiogram's parser), its age, bad input."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
from aiogram.utils.web_app import safe_parse_webapp_init_data

from courses.learners import INIT_DATA_MAX_AGE, InitDataRefused, read_init_data
from tests.mini_app_data import signed_init_data

TOKEN = "4242:TEST-token-for-the-fake-server"
OTHER_BOT = "777:another-bot-token"


def now() -> datetime:
    return datetime.now(UTC)


@pytest.mark.parametrize("start_param", [None, "c12"])
def test_agrees_with_aiogram_on_genuine_init_data(start_param: str | None) -> None:
    data = signed_init_data(TOKEN, 1001, start_param=start_param, first_name="Алия 李")
    ours = read_init_data(data, TOKEN, now=now())
    theirs = safe_parse_webapp_init_data(TOKEN, data)
    assert theirs.user is not None and ours.telegram_id == theirs.user.id == 1001
    assert ours.start_param == theirs.start_param == start_param
    assert ours.issued_at == theirs.auth_date
    assert ours.name == "Алия 李 Wei" and ours.language_code == "en"
    assert ours.signature == theirs.hash


def forged_variants() -> list[str]:
    data = signed_init_data(TOKEN, 1001)
    fields = dict(parse_qsl(data))
    changed_user = {**fields, "user": fields["user"].replace("1001", "1002")}
    without_hash = {key: value for key, value in fields.items() if key != "hash"}
    return [urlencode(changed_user), urlencode(without_hash), data[: len(data) // 2], data[:-1],
            signed_init_data(OTHER_BOT, 1001)]


@pytest.mark.parametrize("data", forged_variants(), ids=["forged", "no hash", "truncated", "short hash",
                                                         "other bot"])
def test_aiogram_and_we_both_refuse(data: str) -> None:
    with pytest.raises(InitDataRefused):
        read_init_data(data, TOKEN, now=now())
    with pytest.raises(ValueError):
        safe_parse_webapp_init_data(TOKEN, data)


def test_stale_init_data_passes_aiogram_but_not_us() -> None:
    issued = time.time() - INIT_DATA_MAX_AGE.total_seconds() - 60
    data = signed_init_data(TOKEN, 1001, auth_date=issued)
    safe_parse_webapp_init_data(TOKEN, data)  # aiogram checks only the signature
    with pytest.raises(InitDataRefused, match="too old"):
        read_init_data(data, TOKEN, now=now())
    # Just inside the hour it is still good.
    assert read_init_data(data, TOKEN, now=now() - timedelta(minutes=2)).telegram_id == 1001


def test_init_data_from_the_future_is_refused() -> None:
    data = signed_init_data(TOKEN, 1001, auth_date=time.time() + 3600)
    with pytest.raises(InitDataRefused):
        read_init_data(data, TOKEN, now=now())


@pytest.mark.parametrize("data", ["", "x" * 9000, "a=1&a=2", "%zz", "hash=&auth_date=1"])
def test_garbage_is_refused(data: str) -> None:
    with pytest.raises(InitDataRefused):
        read_init_data(data, TOKEN, now=now())


def test_a_repeated_field_is_refused_even_when_signed() -> None:
    data = signed_init_data(TOKEN, 1001)
    with pytest.raises(InitDataRefused):
        read_init_data(data + "&auth_date=1", TOKEN, now=now())
