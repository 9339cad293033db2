"""The init data Telegram hands a Mini App: checked as Telegram documents it, and for its age.

Telegram signs ``Telegram.WebApp.initData`` with the bot's token ("Validating data received via
the Mini App"): ``secret = HMAC_SHA256(key="WebAppData", msg=bot_token)`` and the ``hash`` field
is ``HMAC_SHA256(key=secret, msg=data_check_string)``, the other fields as ``key=value`` lines
sorted by key. aiogram's ``safe_parse_webapp_init_data`` does the same, but the portal must not
load aiogram, and aiogram checks no age: a leaked string would sign in forever.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from courses.errors import CourseError

__all__ = [
    "INIT_DATA_MAX_AGE",
    "InitDataRefused",
    "MiniAppUser",
    "read_init_data",
]

# How long init data signs a learner in after Telegram issued it (Telegram itself sets no limit).
INIT_DATA_MAX_AGE = timedelta(hours=1)
# Clocks disagree a little; init data "from the future" beyond this is refused as forged.
CLOCK_SKEW = timedelta(minutes=5)
MAX_LENGTH = 8192  # Telegram's own init data is well under 1 KB


class InitDataRefused(CourseError):
    """The init data is forged, truncated, of another bot, malformed or too old."""

    code = "init_data_refused"


@dataclass(frozen=True)
class MiniAppUser:
    """Who opened the Mini App, as Telegram vouches for it."""

    telegram_id: int
    name: str
    language_code: str | None
    start_param: str | None
    issued_at: datetime
    signature: str  # the ``hash`` field: unique per issued init data, what a replay guard remembers


def _secret(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def _check_string(fields: dict[str, str]) -> bytes:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields)).encode()


def read_init_data(init_data: str, bot_token: str, *, now: datetime,
                   max_age: timedelta = INIT_DATA_MAX_AGE) -> MiniAppUser:
    """Check the signature and the age of ``init_data`` and return the user it names.

    :raises InitDataRefused: a wrong or missing ``hash`` (forged, truncated, another bot's), a
        repeated field, no ``auth_date`` or one older than ``max_age`` (or in the future), no user.
    """
    if not init_data or len(init_data) > MAX_LENGTH:
        raise InitDataRefused("empty or oversized init data")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as error:
        raise InitDataRefused("not a query string") from error
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataRefused("a field is repeated")  # the signed value and the read one could differ
    sent = fields.pop("hash", "")
    expected = hmac.new(_secret(bot_token), _check_string(fields), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise InitDataRefused("wrong signature")
    try:
        issued_at = datetime.fromtimestamp(int(fields["auth_date"]), UTC)
        user = json.loads(fields["user"])
        telegram_id = int(user["id"])
    except (KeyError, ValueError, TypeError, OverflowError, OSError) as error:
        raise InitDataRefused("no auth_date or no user") from error
    if issued_at < now - max_age or issued_at > now + CLOCK_SKEW:
        raise InitDataRefused("too old")
    name = " ".join(str(user.get(part) or "") for part in ("first_name", "last_name")).strip()
    language = user.get("language_code")
    return MiniAppUser(telegram_id=telegram_id, name=name[:200], language_code=language if isinstance(
        language, str) else None, start_param=fields.get("start_param") or None, issued_at=issued_at,
        signature=expected)
