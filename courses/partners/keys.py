"""Partners' API keys, and the short links and QR codes that partners print on posters.

An API key is shown once when issued; only its SHA-256 is stored (a key is 32 random bytes, so
a fast hash is enough and lets every request be checked with one indexed lookup).

Short links need no table: ``/s/<code>`` spells what it opens — ``p<partner>`` a partner's page,
``c<course>`` a course, ``p<partner>-c<course>`` a course in a partner's language and scope —
with ids in base 36, and :func:`resolve_short_link` turns a code into the portal path.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import segno

from courses.errors import InvalidInput, NotFound
from courses.models import Course, Partner, PartnerApiKey
from courses.vocabulary.digits import plain_number
from courses.vocabulary.kinds import Status

__all__ = [
    "ApiClient",
    "DEFAULT_RATE",
    "api_keys",
    "authenticate_api_key",
    "bot_account_link",
    "bot_start_link",
    "course_of_start",
    "find_partner",
    "hash_key",
    "issue_api_key",
    "partners_with_keys",
    "qr_svg",
    "resolve_short_link",
    "revoke_api_key",
    "share_path",
    "short_code",
    "short_path",
    "token_of_start",
]

KEY_PREFIX = "llp_"
DEFAULT_RATE = 600  # requests per minute
MAX_RATE = 100_000
SHORT_PATH = "/s/"
# What a bot deep link's ``start`` payload begins with: a course card, or linking a portal account.
COURSE_START = "c"
ACCOUNT_START = "link"
_PART = re.compile(r"^([pc])([0-9a-z]{1,8})$")


@dataclass(frozen=True)
class IssuedKey:
    """A new key: ``secret`` is shown to staff once and never stored."""

    id: int
    prefix: str
    secret: str
    rate_per_minute: int


@dataclass(frozen=True)
class ApiClient:
    """Who is calling the API: the key's id (rate limits count per key) and its partner."""

    key_id: int
    partner_id: int
    rate_per_minute: int
    partner_slug: str = ""
    partner_locale: str = ""  # the partner's main locale


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def issue_api_key(partner_id: int, *, rate_per_minute: int = DEFAULT_RATE) -> IssuedKey:
    """Create an API key for a partner and return it with its secret (the only time it is visible).

    :raises NotFound: for an unknown partner. :raises InvalidInput: for a rate outside 1–100,000.
    """
    if not 1 <= rate_per_minute <= MAX_RATE:
        raise InvalidInput("rate_per_minute", field="rate_per_minute")
    if not await Partner.filter(id=partner_id).exists():
        raise NotFound("partner", id=partner_id)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    prefix = secret[:12]
    key = await PartnerApiKey.create(
        partner_id=partner_id, prefix=prefix, key_hash=hash_key(secret), rate_per_minute=rate_per_minute
    )
    return IssuedKey(key.id, prefix, secret, rate_per_minute)


async def authenticate_api_key(secret: str | None) -> ApiClient | None:
    """Return the client of a valid, unrevoked key, else None."""
    if not secret or not secret.startswith(KEY_PREFIX) or len(secret) > 100:
        return None
    key = await PartnerApiKey.get_or_none(key_hash=hash_key(secret), revoked_at=None).select_related(
        "partner"
    )
    if key is None:
        return None
    return ApiClient(
        key.id, key.partner_id, key.rate_per_minute, key.partner.slug, partner_locale(key.partner)
    )


async def revoke_api_key(key_id: int, *, now: datetime | None = None) -> None:
    """Revoke a key at once; revoking it again changes nothing.

    :raises NotFound: for an unknown key.
    """
    key = await PartnerApiKey.get_or_none(id=key_id)
    if key is None:
        raise NotFound("api_key", id=key_id)
    if key.revoked_at is None:
        key.revoked_at = now or datetime.now(UTC)
        await key.save(update_fields=["revoked_at"])


async def api_keys(partner_id: int) -> list[PartnerApiKey]:
    """A partner's keys, newest first (prefixes only: secrets are never kept)."""
    return await PartnerApiKey.filter(partner_id=partner_id).order_by("-id")


# -- short links and QR codes ------------------------------------------------------------------


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def short_code(*, partner_id: int | None = None, course_id: int | None = None) -> str:
    """The code of a short link to a partner's page, a course, or a course in a partner's scope."""
    if partner_id is None and course_id is None:
        raise InvalidInput("short_link")
    parts = ([f"p{_base36(partner_id)}"] if partner_id is not None else []) + (
        [f"c{_base36(course_id)}"] if course_id is not None else []
    )
    return "-".join(parts)


def _parse_code(code: str) -> tuple[int | None, int | None]:
    parts = [_PART.match(part) for part in code.lower().split("-")] if code else []
    if not parts or len(parts) > 2 or not all(parts):
        raise NotFound("short_link", code=code)
    letters = "".join(m.group(1) for m in parts)  # type: ignore[union-attr]
    if letters not in ("p", "c", "pc"):
        raise NotFound("short_link", code=code)
    ids = {m.group(1): int(m.group(2), 36) for m in parts}  # type: ignore[union-attr]
    return ids.get("p"), ids.get("c")


def short_path(**target: int | None) -> str:
    return SHORT_PATH + short_code(**target)


async def resolve_short_link(code: str, default_locale: str) -> str:
    """Return the portal path a short link opens, in the partner's main locale when it has a partner.

    :raises NotFound: for a malformed code, an unknown partner, or a course that is unknown or
        not published (a printed code of a withdrawn course opens nothing).
    """
    partner_id, course_id = _parse_code(code)
    partner = None
    if partner_id is not None:
        partner = await Partner.get_or_none(id=partner_id)
        if partner is None:
            raise NotFound("partner", code=code)
    locale = partner_locale(partner) if partner else default_locale
    if course_id is not None:
        if not await Course.filter(id=course_id, status=Status.PUBLISHED).exists():
            raise NotFound("course", code=code)
        path = f"/{locale}/courses/{course_id}"
        return f"{path}?partner={partner.slug}" if partner else path
    return f"/{locale}/partners/{partner.slug}"  # type: ignore[union-attr]


def partner_locale(partner: Partner) -> str:
    """A partner's main locale: the first of its ``locales``."""
    return partner.locales.split(",")[0].strip()


def bot_start_link(bot_username: str, course_id: int) -> str:
    """A t.me link that opens the bot on a course card (``/start c<id>``)."""
    return f"https://t.me/{bot_username}?start={COURSE_START}{course_id}"


def bot_account_link(bot_username: str, token: str) -> str:
    """A t.me link that links the bot's chat to a portal account (``/start link<token>``)."""
    return f"https://t.me/{bot_username}?start={ACCOUNT_START}{token}"


def course_of_start(payload: str) -> int | None:
    """The course id of a ``/start`` payload made by :func:`bot_start_link`, or None for any other payload."""
    rest = payload.removeprefix(COURSE_START)
    return plain_number(rest) if rest != payload else None


def token_of_start(payload: str) -> str | None:
    """The token of a ``/start`` payload made by :func:`bot_account_link`, or None for any other payload."""
    rest = payload.removeprefix(ACCOUNT_START)
    return rest if rest != payload else None


def qr_svg(url: str, *, scale: int = 4, title: str | None = None) -> str:
    """A standalone SVG QR code of ``url`` (error correction M, so a printed poster survives some wear).

    The document carries its namespace, so it serves as an ``image/svg+xml`` file and inline in HTML.
    """
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out,
        kind="svg",
        scale=scale,
        title=title,
        xmldecl=False,
        svgclass="qr",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    return out.getvalue().decode("utf-8")


async def share_path(*, partner_slug: str | None = None, course_id: int | None = None) -> str:
    """The short path (``/s/…``) to a partner's page, a course, or a course in a partner's scope.

    :raises NotFound: for an unknown partner, or a course that is unknown or not published.
    """
    partner_id = None
    if partner_slug is not None:
        partner = await Partner.get_or_none(slug=partner_slug[:64])
        if partner is None:
            raise NotFound("partner", slug=partner_slug)
        partner_id = partner.id
    if course_id is not None and not await Course.filter(id=course_id, status=Status.PUBLISHED).exists():
        raise NotFound("course", id=course_id)
    return short_path(partner_id=partner_id, course_id=course_id)


async def find_partner(slug: str) -> Partner:
    """The partner with this slug. :raises NotFound: when there is none."""
    partner = await Partner.get_or_none(slug=slug[:64])
    if partner is None:
        raise NotFound("partner", slug=slug)
    return partner


@dataclass(frozen=True)
class PartnerLine:
    id: int
    slug: str
    country: str
    locale: str
    keys: list[PartnerApiKey]


async def partners_with_keys() -> list[PartnerLine]:
    """Every partner, by slug, with its API keys (newest first)."""
    partners = await Partner.all().order_by("slug")
    keys: dict[int, list[PartnerApiKey]] = {}
    for key in await PartnerApiKey.filter(partner_id__in=[p.id for p in partners]).order_by("-id"):
        keys.setdefault(key.partner_id, []).append(key)
    return [PartnerLine(p.id, p.slug, p.country, partner_locale(p), keys.get(p.id, [])) for p in partners]
