"""A partner's profile as staff maintain it: an introduction per locale, contact details and a logo.

Everything is checked before anything is written, so a refused form changes nothing. A logo is a
PNG (recognized by its signature) or an SVG without anything that could run or fetch (scripts, event
handlers, foreign objects, outside references, entity declarations); the type the browser declared
and the file name must agree with the content. The portal serves logos from the database under a
``Content-Security-Policy`` that forbids scripts as well, so a check that missed something still
runs nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from courses.errors import InvalidInput, NotFound
from courses.models import Partner, PartnerText
from courses.reach_models import PartnerLogo
from courses.staff.import_columns import CellError, read_url

__all__ = [
    "INTRO_LIMIT",
    "LOGO_LIMIT",
    "Logo",
    "LogoRefused",
    "ProfileRefused",
    "check_logo",
    "PartnerProfile",
    "partner_logo",
    "partner_profile",
    "save_partner_profile",
    "set_partner_logo",
]

LOGO_LIMIT = 100 * 1024  # a logo is a few kilobytes; a bigger file is a photo or a mistake
INTRO_LIMIT = 2000
PNG = "image/png"
SVG = "image/svg+xml"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_EXTENSIONS = {PNG: (".png",), SVG: (".svg",)}
_EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\"]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{4,30}[0-9]$")
# SVG elements that run script, embed other documents or animate attributes into links.
_ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
                              "animate", "set", "animatemotion", "animatetransform", "audio", "video"})
_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"


class ProfileRefused(InvalidInput):
    """A profile field is not acceptable: ``field`` names it (``email``, ``phone``, ``website``,
    ``address``, ``intro``)."""

    code = "partner_profile"


class LogoRefused(InvalidInput):
    """A logo is refused: ``problem`` is ``size`` (empty or over :data:`LOGO_LIMIT`), ``type`` (neither
    PNG nor SVG), ``mismatch`` (declared type or file name disagree with the content) or ``active``
    (an SVG with script, event handlers or outside references)."""

    code = "partner_logo"


@dataclass(frozen=True, slots=True)
class Logo:
    content_type: str
    data: bytes
    digest: str  # SHA-256 of ``data``: names this version of the logo


@dataclass(frozen=True, slots=True)
class PartnerProfile:
    """What staff edit: the partner's locales (main first), stored introductions by locale, contact."""

    slug: str
    country: str
    locales: tuple[str, ...]
    intros: dict[str, str]
    email: str | None
    phone: str | None
    address: str | None
    website: str | None
    logo: str | None  # the logo's digest


async def partner_profile(slug: str) -> PartnerProfile:
    """The profile of a partner as stored. :raises NotFound: no partner with this slug."""
    partner = await Partner.get_or_none(slug=slug[:64])
    if partner is None:
        raise NotFound("partner", slug=slug)
    intros = {t.locale: t.intro or "" for t in await PartnerText.filter(partner_id=partner.id)}
    logo = await PartnerLogo.get_or_none(partner_id=partner.id).only("id", "digest")
    return PartnerProfile(partner.slug, partner.country, _locales(partner), intros, partner.email,
                          partner.phone, partner.address, partner.website, logo.digest if logo else None)


def _locales(partner: Partner) -> tuple[str, ...]:
    return tuple(tag.strip() for tag in partner.locales.split(",") if tag.strip())


def _plain(value: str, limit: int, field: str, *, lines: bool = False) -> str:
    """A trimmed text with no control character (new lines allowed where ``lines``), at most ``limit``."""
    value = value.strip()
    allowed = "\n\r\t" if lines else ""
    if len(value) > limit or any(unicodedata.category(ch) == "Cc" and ch not in allowed or ch == "\ufffd"
                                 for ch in value):
        raise ProfileRefused(field, field=field)
    return value


def _contact(email: str, phone: str, address: str, website: str) -> dict[str, str | None]:
    email = _plain(email, 254, "email").lower()
    if email and not _EMAIL.match(email):
        raise ProfileRefused("email", field="email")
    phone = _plain(phone, 40, "phone")
    if phone and (not _PHONE.match(phone) or not 6 <= len(re.sub(r"[^0-9]", "", phone)) <= 15):
        raise ProfileRefused("phone", field="phone")
    website = _plain(website, 500, "website")
    if website:
        try:
            website = read_url(website)
        except CellError:
            raise ProfileRefused("website", field="website") from None
    return {"email": email or None, "phone": phone or None, "address": _plain(address, 300, "address") or None,
            "website": website or None}


async def save_partner_profile(slug: str, *, intros: dict[str, str], email: str = "", phone: str = "",
                               address: str = "", website: str = "") -> None:
    """Store a partner's introductions (by locale, among the partner's locales) and contact details.

    An empty value clears that detail. A locale without a name of its own gets the partner's name in
    its main locale, since every partner text has a name.

    :raises NotFound: no partner with this slug.
    :raises ProfileRefused: a malformed e-mail, phone, website, an over-long or control-character
        address or introduction, or a locale the partner does not use (nothing is written).
    """
    partner = await Partner.get_or_none(slug=slug[:64])
    if partner is None:
        raise NotFound("partner", slug=slug)
    locales = _locales(partner)
    checked_intros: dict[str, str | None] = {}
    for locale, intro in intros.items():
        if locale not in locales:
            raise ProfileRefused("intro", field="intro", locale=locale)
        checked_intros[locale] = _plain(intro, INTRO_LIMIT, "intro", lines=True) or None
    contact = _contact(email, phone, address, website)
    async with in_transaction() as conn:
        await Partner.filter(id=partner.id).using_db(conn).update(**contact)
        texts = {t.locale: t for t in await PartnerText.filter(partner_id=partner.id).using_db(conn)}
        main_name = next((texts[tag].name for tag in locales if tag in texts), partner.slug)
        for locale, checked in checked_intros.items():
            if locale in texts:
                await PartnerText.filter(id=texts[locale].id).using_db(conn).update(intro=checked)
            elif checked:
                await PartnerText.create(partner_id=partner.id, locale=locale, name=main_name, intro=checked,
                                         using_db=conn)


def _check_svg(content: bytes) -> None:
    try:
        document = content.decode("utf-8")
    except UnicodeDecodeError:
        raise LogoRefused("logo", problem="type") from None
    # Entities are how XML bombs and outside files get in; a logo needs none.
    if re.search(r"<!(DOCTYPE|ENTITY)", document, re.IGNORECASE):
        raise LogoRefused("logo", problem="active")
    try:
        root = ET.fromstring(document)
    except ET.ParseError:
        raise LogoRefused("logo", problem="type") from None
    if root.tag != _SVG_ROOT:
        raise LogoRefused("logo", problem="type")
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in _ACTIVE_ELEMENTS:
            raise LogoRefused("logo", problem="active")
        if name == "style" and re.search(r"url\s*\(|@import|expression", element.text or "", re.IGNORECASE):
            raise LogoRefused("logo", problem="active")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            lowered = value.strip().lower()
            if (local.startswith("on") or "javascript:" in lowered.replace(" ", "")
                    or (local == "href" and not lowered.startswith("#"))
                    or re.search(r"url\s*\(\s*['\"]?(?!#)", lowered)):
                raise LogoRefused("logo", problem="active")


def check_logo(content: bytes, declared_type: str, filename: str) -> Logo:
    """Accept an uploaded logo, judged by its content first.

    :raises LogoRefused: see its ``problem`` codes.
    """
    if not content or len(content) > LOGO_LIMIT:
        raise LogoRefused("logo", problem="size")
    declared = declared_type.split(";")[0].strip().lower()
    if content.startswith(_PNG_SIGNATURE):
        actual = PNG
    elif content.lstrip()[:1] == b"<":
        _check_svg(content)
        actual = SVG
    else:
        raise LogoRefused("logo", problem="type")
    if declared not in _EXTENSIONS:
        raise LogoRefused("logo", problem="type")
    if actual != declared or not filename.lower().endswith(_EXTENSIONS[actual]):
        raise LogoRefused("logo", problem="mismatch")
    return Logo(actual, content, hashlib.sha256(content).hexdigest())


async def set_partner_logo(slug: str, content: bytes, declared_type: str, filename: str) -> Logo:
    """Check a logo and make it the partner's (replacing any earlier one).

    :raises NotFound: no partner with this slug. :raises LogoRefused: see :func:`check_logo`.
    """
    partner = await Partner.get_or_none(slug=slug[:64])
    if partner is None:
        raise NotFound("partner", slug=slug)
    logo = check_logo(content, declared_type, filename)
    async with in_transaction() as conn:
        updated = await PartnerLogo.filter(partner_id=partner.id).using_db(conn).update(
            content_type=logo.content_type, data=logo.data, digest=logo.digest, updated_at=datetime.now(UTC))
        if not updated:
            await PartnerLogo.create(partner_id=partner.id, content_type=logo.content_type, data=logo.data,
                                     digest=logo.digest, using_db=conn)
    return logo


async def partner_logo(slug: str) -> Logo:
    """The partner's logo. :raises NotFound: no such partner, or it has no logo."""
    logo = await PartnerLogo.get_or_none(partner__slug=slug[:64])
    if logo is None:
        raise NotFound("partner_logo", slug=slug)
    return Logo(logo.content_type, bytes(logo.data), logo.digest)
