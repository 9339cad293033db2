"""Staff pages of partners: share links and QR codes of their pages, API keys (issue once, revoke), and
each partner's profile (introductions, contact, logo)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from courses.i18n import country_name
from courses.partners import (
    LOGO_LIMIT,
    LogoRefused,
    ProfileRefused,
    find_partner,
    issue_api_key,
    partner_profile,
    partners_with_keys,
    revoke_api_key,
    save_partner_profile,
    set_partner_logo,
    short_path,
)
from courses.staff import Action, require
from courses.vocabulary import N_, plain_number
from portal import keys
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.layout import absolute
from portal.locales import autonym
from portal.views.admin import CURRENT_STAFF, FormProblem, admin_page, staff_page, url


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
    profile_url: str


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
                str(url(request, "admin_partner", slug=p.slug)),
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


CONTACT_FIELDS = ("email", "phone", "address", "website")
PROFILE_PROBLEMS = {
    "email": N_("Please enter an e-mail address such as name@example.org."),
    "phone": N_("Please enter a phone number with its country code, such as +66 2 123 4567."),
    "website": N_("Please enter a web address that starts with https://."),
    "address": N_("The address may have at most 300 characters, on one line."),
    "intro": N_("An introduction may have at most 2000 characters."),
}
LOGO_PROBLEMS = {
    "size": N_("The logo must be a file of at most {kilobytes} KB."),
    "type": N_("The logo must be a PNG or SVG file."),
    "mismatch": N_("The file's content does not match its type. Please upload the original file."),
    "active": N_("This SVG holds scripts, event handlers or outside links. Please upload a plain drawing."),
}
NOTICES = {"saved": N_("The partner's profile was saved."), "logo": N_("The logo was saved.")}


@dataclass(frozen=True)
class IntroField:
    locale: str
    language: str  # the locale's own name
    value: str


@dataclass(frozen=True)
class ProfileView:
    slug: str
    country: str
    page_url: str
    intros: list[IntroField]
    values: dict[str, str]  # contact fields as stored or as just typed
    logo_url: str | None
    logo_limit_kb: int
    problems: dict[str, FormProblem]
    notice: str | None


async def _profile_view(request: web.Request, slug: str, *, problems: dict[str, FormProblem] | None = None,
                        typed: dict[str, str] | None = None) -> ProfileView:
    profile = await partner_profile(slug)
    typed = typed or {}
    values = {"email": profile.email or "", "phone": profile.phone or "", "address": profile.address or "",
              "website": profile.website or ""}
    values.update({k: v for k, v in typed.items() if k in CONTACT_FIELDS})
    router = request.app.router
    return ProfileView(
        slug=profile.slug,
        country=country_name(profile.country, request[keys.LOCALE]),
        page_url=str(router["partner"].url_for(locale=(profile.locales or (request[keys.LOCALE],))[0],
                                               slug=profile.slug)),
        intros=[IntroField(tag, autonym(tag), typed.get("intro-" + tag, profile.intros.get(tag, "")))
                for tag in profile.locales],
        values=values,
        logo_url=(str(router["partner_logo"].url_for(slug=profile.slug).with_query(v=profile.logo))
                  if profile.logo else None),
        logo_limit_kb=LOGO_LIMIT // 1024,
        problems=problems or {},
        notice=NOTICES.get(request.query.get("saved", "")),
    )


@staff_page
async def profile_form(request: web.Request) -> web.Response:
    require(request[CURRENT_STAFF], Action.MANAGE_PARTNERS)
    return await admin_page(request, "admin/partner.html", await _profile_view(request, request.match_info["slug"]))


@staff_page
async def profile_save(request: web.Request) -> web.Response:
    """Save the introductions and contact; a refused field shows the form again with what was typed."""
    require(request[CURRENT_STAFF], Action.MANAGE_PARTNERS)
    slug = request.match_info["slug"]
    profile = await partner_profile(slug)
    form = await read_form(request)
    typed = {name: form_text(form, name, 600) for name in CONTACT_FIELDS}
    intros = {tag: form_text(form, "intro-" + tag, 4000) for tag in profile.locales if "intro-" + tag in form}
    try:
        await save_partner_profile(slug, intros=intros, **typed)
        await request.app[keys.PAGE_CACHE].invalidate()  # edited in place: no catalogue stamp sees it
    except ProfileRefused as refusal:
        field = str(refusal.details.get("field"))
        problems = {field: FormProblem(PROFILE_PROBLEMS.get(field, PROFILE_PROBLEMS["intro"]), {})}
        typed.update({"intro-" + tag: value for tag, value in intros.items()})
        return await admin_page(request, "admin/partner.html",
                                await _profile_view(request, slug, problems=problems, typed=typed), status=422)
    raise web.HTTPSeeOther(url(request, "admin_partner", slug=slug).with_query(saved="saved"))


@staff_page
async def logo_upload(request: web.Request) -> web.Response:
    """Replace the logo with an uploaded PNG or SVG, checked by its content."""
    require(request[CURRENT_STAFF], Action.MANAGE_PARTNERS)
    slug = request.match_info["slug"]
    await find_partner(slug)
    form = await read_form(request)
    upload = form.get("logo")
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise LogoRefused("logo", problem="type")
        content = upload.file.read(LOGO_LIMIT + 1)
        await set_partner_logo(slug, content, upload.content_type or "", upload.filename)
        await request.app[keys.PAGE_CACHE].invalidate()
    except LogoRefused as refusal:
        problem = str(refusal.details.get("problem"))
        problems = {"logo": FormProblem(LOGO_PROBLEMS.get(problem, LOGO_PROBLEMS["type"]),
                                        {"kilobytes": str(LOGO_LIMIT // 1024)})}
        return await admin_page(request, "admin/partner.html",
                                await _profile_view(request, slug, problems=problems),
                                status=413 if problem == "size" else 422)
    raise web.HTTPSeeOther(url(request, "admin_partner", slug=slug).with_query(saved="logo"))
