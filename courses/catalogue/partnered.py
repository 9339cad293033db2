"""A partner's catalogue: what serves the partner's country first, in the partner's languages.

A course serves a country when it is offered there: one of its partner countries ("Chinese +
vocational skills") is that country, one of its intakes meets at a learning centre there, or it is
learned online (an online course or an intake without a place). The partner's own selection keeps
its order; after it come up to :data:`MORE_FOR_COUNTRY` other published programmes for the country,
those with a text in the partner's main language first. Selected courses that serve no one in the
country are not dropped — the partner chose them — but listed apart, under their own heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.catalogue import assembly as cards
from courses.catalogue.entries import PartnerCatalogue, PartnerContact
from courses.catalogue.paging import now_or_utc
from courses.errors import NotFound
from courses.i18n.content import LocalizedText, chain_locales, localize
from courses.storage.sql import connection, fetch, marks
from courses.vocabulary.kinds import Delivery, Status

__all__ = ["MORE_FOR_COUNTRY", "partner_catalogue"]

MORE_FOR_COUNTRY = 12
# How many of the country's newest programmes are looked at to find those in the partner's language.
_LOOK_AT = 60


async def _serving(conn: BaseDBAsyncClient, ids: Sequence[int], country: str) -> set[int]:
    """Those of ``ids`` offered in ``country`` by partner country or by an intake there or online."""
    if not ids:
        return set()
    rows = await fetch(
        conn,
        f"SELECT course_id FROM course_country WHERE country = ? AND course_id IN ({marks(len(ids))}) "
        "UNION SELECT i.course_id FROM intake i LEFT JOIN base b ON b.id = i.base_id "
        f"WHERE i.course_id IN ({marks(len(ids))}) AND (i.base_id IS NULL OR b.country = ?)",
        [country, *ids, *ids, country],
    )
    return {row[0] for row in rows}


async def _more_for(conn: BaseDBAsyncClient, country: str, chosen: Sequence[int], main_locale: str) -> list[int]:
    """Published programmes for ``country`` outside the selection, in the partner's language first."""
    # Driven by the indexed course_country rows of one country, never by a scan of all courses.
    rows = await fetch(
        conn,
        "SELECT c.id, EXISTS (SELECT 1 FROM course_text t WHERE t.course_id = c.id AND t.locale = ?) "
        "FROM course_country cc JOIN course c ON c.id = cc.course_id "
        "WHERE cc.country = ? AND c.status = ? ORDER BY c.id DESC LIMIT ?",
        [main_locale, country, str(Status.PUBLISHED), _LOOK_AT + len(chosen)],
    )
    taken = set(chosen)
    candidates = [(not own_language, -course_id) for course_id, own_language in rows if course_id not in taken]
    return [-negative for _, negative in sorted(candidates)[:MORE_FOR_COUNTRY]]


async def partner_catalogue(
    slug: str, locale: str | None = None, *, now: datetime | None = None
) -> PartnerCatalogue:
    """Return a partner's catalogue in ``locale``: name, intro, contact, logo, and its courses.

    ``courses`` are those serving the partner's country (the selection in the partner's order, then
    other programmes for the country); ``elsewhere`` the selected courses that do not. ``locale`` None
    means the partner's main locale (the first of ``Partner.locales``).

    :raises NotFound: when there is no partner with this slug.
    """
    conn = connection()
    rows = await fetch(
        conn, "SELECT id, slug, country, locales, currency, email, phone, address, website FROM partner "
        "WHERE slug = ?", [str(slug)[:64]]
    )
    if not rows:
        raise NotFound("no such partner", slug=slug)
    partner_id, slug, country, stored_locales, currency, email, phone, address, website = rows[0]
    locales = tuple(tag.strip() for tag in (stored_locales or "").split(",") if tag.strip())
    main_locale = locales[0] if locales else "en"
    locale = locale or main_locale
    texts = (
        await cards.texts(
            conn, "partner_text", "partner_id", ("name", "intro"), [partner_id], chain_locales(locale)
        )
    ).get(partner_id, [{}, {}])
    name = localize(texts[0], locale) or LocalizedText(slug, "en")
    chosen = [row[0] for row in await fetch(
        conn, "SELECT course_id FROM partner_course WHERE partner_id = ? ORDER BY position, id", [partner_id]
    )]
    serving = await _serving(conn, chosen, country)
    more = await _more_for(conn, country, chosen, main_locale)
    found = await cards.course_cards(conn, chosen + more, locale, now_or_utc(now))
    first = [c for c in found if c.id in serving or c.delivery is Delivery.ONLINE or c.id not in chosen]
    logo = await fetch(conn, "SELECT digest FROM partner_logo WHERE partner_id = ?", [partner_id])
    return PartnerCatalogue(
        slug=slug,
        country=country,
        locale=locale,
        locales=locales,
        name=name,
        intro=localize(texts[1], locale),
        currency=currency,
        courses=tuple(first),
        elsewhere=tuple(c for c in found if c not in first),
        contact=PartnerContact(email, phone, address, website),
        logo=logo[0][0] if logo else None,
    )
