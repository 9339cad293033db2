"""Staff page of partners: share links and QR codes of their pages, API keys (issue once, revoke)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from courses.i18n import country_name
from courses.partners import find_partner, issue_api_key, partners_with_keys, revoke_api_key, short_path
from courses.staff import Action, require
from courses.vocabulary import N_, plain_number
from portal import keys
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.layout import absolute
from portal.views.admin import CURRENT_STAFF, admin_page, staff_page, url


@dataclass(frozen=True)
class KeyRow:
    id: int
    prefix: str
    rate: int
    revoked: bool
    revoke_url: str


@dataclass(frozen=True)
class PartnerRow:
    slug: str
    country: str
    page_url: str
    short_url: str
    qr_url: str
    issue_url: str
    keys: list[KeyRow]


@dataclass(frozen=True)
class PartnersView:
    partners: list[PartnerRow]
    new_secret: str | None
    new_for: str | None


async def _view(
    request: web.Request, new_secret: str | None = None, new_for: str | None = None
) -> PartnersView:
    rows = []
    for p in await partners_with_keys():
        rows.append(
            PartnerRow(
                p.slug,
                country_name(p.country, request[keys.LOCALE]),
                str(request.app.router["partner"].url_for(locale=p.locale, slug=p.slug)),
                absolute(request, short_path(partner_id=p.id)),
                str(request.app.router["partner_qr"].url_for(locale=request[keys.LOCALE], slug=p.slug)),
                str(url(request, "admin_partner_key", slug=p.slug)),
                [
                    KeyRow(
                        k.id,
                        k.prefix,
                        k.rate_per_minute,
                        k.revoked_at is not None,
                        str(url(request, "admin_revoke_key", key=k.id)),
                    )
                    for k in p.keys
                ],
            )
        )
    return PartnersView(rows, new_secret, new_for)


@staff_page
async def partners(request: web.Request) -> web.Response:
    require(request[CURRENT_STAFF], Action.MANAGE_PARTNERS)
    return await admin_page(request, "admin/partners.html", await _view(request))


@staff_page
async def issue_key(request: web.Request) -> web.Response:
    """Issue a key and show its secret on this one response (it is never shown again)."""
    require(request[CURRENT_STAFF], Action.MANAGE_PARTNERS)
    form = await read_form(request)
    rate = plain_number(form_text(form, "rate", 6), 6)
    if rate is None or not 1 <= rate <= 100_000:
        raise BadRequest(N_("The rate must be a whole number from 1 to 100000."))
    partner = await find_partner(request.match_info["slug"])
    issued = await issue_api_key(partner.id, rate_per_minute=rate)
    return await admin_page(request, "admin/partners.html", await _view(request, issued.secret, partner.slug))


@staff_page
async def revoke_key(request: web.Request) -> web.Response:
    require(request[CURRENT_STAFF], Action.MANAGE_PARTNERS)
    await revoke_api_key(int(request.match_info["key"]))
    raise web.HTTPSeeOther(url(request, "admin_partners"))
