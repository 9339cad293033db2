"""The staff area under ``/<locale>/admin``: signing in and out, the overview, translation coverage.

Staff sign in with their own accounts (``python -m courses create-staff``); the session then
carries the staff id under a fresh key. Every page asks :func:`staff_user` and the domain's
permission matrix; a refusal is a 403 page that says so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from aiohttp import web
from yarl import URL

from courses.i18n import display_name
from courses.staff import (
    PROBLEM_MESSAGES,
    Action,
    Forbidden,
    StaffUser,
    active_staff,
    authenticate,
    can,
    editing,
    missing_translations,
    translation_coverage,
)
from courses.vocabulary import N_, Status, plain_number
from portal import keys
from portal.csrf import csrf_token
from portal.errors import error_response
from portal.forms import form_text, read_form
from portal.layout import page_layout
from portal.rendering import render
from portal.sessions import COOKIE_NAME, fresh_session, get_session
from portal.signin import SignInRefused, after_signin, sign_in, sign_out_to

STAFF = "staff_id"
CURRENT_STAFF = web.RequestKey("staff", StaffUser)
FORBIDDEN = N_("Your staff account may not do this.")
STATUS_LABELS: dict[str, str] = {Status.DRAFT: N_("Draft"), Status.PUBLISHED: N_("Published"),
                                 Status.ARCHIVED: N_("Archived")}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def url(request: web.Request, name: str, **parts: Any) -> URL:
    return request.app.router[name].url_for(
        locale=request[keys.LOCALE], **{k: str(v) for k, v in parts.items()}
    )


async def staff_user(request: web.Request) -> StaffUser | None:
    """The signed-in member of staff, or None (no session is started for anyone else)."""
    if request.get(CURRENT_STAFF) is not None:
        return request[CURRENT_STAFF]
    if COOKIE_NAME not in request.cookies:
        return None
    staff = await active_staff((await get_session(request)).get(STAFF))
    if staff is not None:
        request[CURRENT_STAFF] = staff
    return staff


def staff_page(handler: Handler) -> Handler:
    """Require a signed-in member of staff (else to the sign-in page); a refusal becomes a 403 page."""

    @wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        if await staff_user(request) is None:
            signin = url(request, "admin_signin").with_query(next=request.rel_url.path_qs)
            raise web.HTTPSeeOther(signin)
        try:
            return await handler(request)
        except Forbidden:
            return error_response(request, 403, FORBIDDEN)

    return wrapped


async def admin_page(request: web.Request, template: str, view: Any, *, status: int = 200) -> web.Response:
    """Render an admin page; it carries the staff member, the CSRF token and the permission check."""
    staff = request[CURRENT_STAFF]
    context = {
        "layout": await page_layout(request),
        "view": view,
        "staff": staff,
        "csrf_token": await csrf_token(request),
        "status_label": status_label,
        "can": lambda action, provider_id=None: can(staff, Action(action), provider_id),
    }
    response = render(request, template, context, status=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def status_label(status: str) -> str:
    """The msgid naming a catalogue status (draft, published, archived)."""
    return STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


async def saved_or_refused(
    request: web.Request,
    save: Awaitable[object],
    template: str,
    refused: Callable[[dict[str, str]], Awaitable[Any]],
    then: URL,
) -> web.Response:
    """Post/Redirect/Get for a staff form: await ``save``, then see ``then``.

    When the domain refuses the form, ``template`` is shown again (422) with the view that
    ``refused`` builds from the problem codes by field.
    """
    try:
        await save
    except editing.InvalidForm as refusal:
        return await admin_page(request, template, await refused(refusal.problems), status=422)
    raise web.HTTPSeeOther(then)


def path_id(request: web.Request, name: str = "id") -> int:
    """The record id in the URL (``name``); a 404 for one longer than any id."""
    value = request.match_info[name]
    if len(value) > 9:
        raise web.HTTPNotFound()
    return int(value)


def list_query(request: web.Request) -> tuple[str, int]:
    """A staff list's search words (at most 200 characters) and page number (1 when absent or bad)."""
    page = plain_number(request.query.get("page"), 5)
    return request.query.get("q", "")[:200], page if page is not None and page > 0 else 1


async def posted_status(request: web.Request) -> tuple[int, str]:
    """The record id in the URL and the status its status form asks for (not yet checked)."""
    return path_id(request), form_text(await read_form(request), "status", 16)


@dataclass(frozen=True)
class RecordForms:
    """The two forms of a record's staff page (a course, a learning centre): its fields, and its texts
    in one locale. Both save through the domain and then show the page again (Post/Redirect/Get), or
    show it at once with the problems when the domain refuses."""

    template: str
    fields: tuple[str, ...]  # of the fields form, each at most 500 characters
    text_limits: dict[str, int]  # the texts form's fields and their lengths
    text_problems: str  # what the texts form's problem keys start with on the page
    # The page again: (request, record id, the values sent or None, problems by field).
    shown_again: Callable[[web.Request, int, dict[str, str] | None, dict[str, str]], Awaitable[Any]]
    saved: Callable[[web.Request, int], URL]  # where to go after a save

    async def save_fields(
        self, request: web.Request, update: Callable[[StaffUser, int, dict[str, str]], Awaitable[object]]
    ) -> web.Response:
        record = path_id(request)
        form = await read_form(request)
        values = {name: form_text(form, name, 500) for name in self.fields if name in form}
        return await saved_or_refused(
            request, update(request[CURRENT_STAFF], record, values), self.template,
            lambda problems: self.shown_again(request, record, values, problems), self.saved(request, record))

    async def save_texts(self, request: web.Request, save: Callable[..., Awaitable[object]]) -> web.Response:
        """``save(staff, record id, locale, locales, **texts)``, the locale from the URL's ``text_locale``."""
        record = path_id(request)
        form = await read_form(request)
        texts = {name: form_text(form, name, limit) for name, limit in self.text_limits.items()}
        saving = save(request[CURRENT_STAFF], record, request.match_info["text_locale"],
                      request.app[keys.SETTINGS].locales, **texts)
        return await saved_or_refused(
            request, saving, self.template,
            lambda problems: self.shown_again(
                request, record, None, {self.text_problems + k: v for k, v in problems.items()}),
            self.saved(request, record))

    def text_columns(
        self, request: web.Request, record: int, texts: Mapping[str, Any], route: str
    ) -> list[TextColumn]:
        """One column a configured locale: the record's stored texts there (empty when it has none) and
        the address its texts form posts to (``route`` with the record id and ``text_locale``)."""
        locale = request[keys.LOCALE]
        return [
            TextColumn(
                loc,
                display_name(loc, locale),
                {name: getattr(texts.get(loc), name, None) or "" for name in self.text_limits},
                str(url(request, route, id=record, text_locale=loc)),
            )
            for loc in request.app[keys.SETTINGS].locales
        ]


@dataclass(frozen=True)
class TextColumn:
    """A record's texts in one locale, by field (a course's title, a centre's name …), side by side."""

    locale: str
    name: str  # the locale's own name
    texts: dict[str, str]
    action: str


@dataclass(frozen=True)
class FormProblem:
    """A refused form field: a msgid and the values its placeholders take."""

    msgid: str
    variables: dict[str, str]


def form_problems(problems: dict[str, str], values: dict[str, str]) -> dict[str, FormProblem]:
    """Domain problem codes by field, as messages a template translates."""
    return {
        name: FormProblem(
            PROBLEM_MESSAGES.get(code, PROBLEM_MESSAGES["unknown_value"]),
            {"column": name, "value": values.get(name, ""), "limit": "…", "first_row": "…"},
        )
        for name, code in problems.items()
    }


@dataclass(frozen=True)
class SigninView:
    email: str
    next_path: str
    message: str | None


async def _signin_page(
    request: web.Request, email: str = "", message: str | None = None, status: int = 200,
    wanted: str | None = None,
) -> web.Response:
    next_path = after_signin(request, wanted or request.query.get("next"), str(url(request, "admin")))
    view = SigninView(email, next_path, message)
    context = {"layout": await page_layout(request), "view": view, "csrf_token": await csrf_token(request)}
    response = render(request, "admin/signin.html", context, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


async def signin_form(request: web.Request) -> web.Response:
    return await _signin_page(request)


async def signin(request: web.Request) -> web.Response:
    """Check a staff password (throttled like learners'); success starts a new session."""
    async def refused_page(email: str, refused: SignInRefused, wanted: str) -> web.Response:
        return await _signin_page(request, email, refused.message, status=refused.status, wanted=wanted)

    async def start(staff: StaffUser) -> None:
        (await fresh_session(request))[STAFF] = staff.id

    return await sign_in(request, account=lambda email: "staff:" + email, check=authenticate,
                         refused_page=refused_page, start=start, default_next=str(url(request, "admin")))


signout = sign_out_to("admin_signin")


@dataclass(frozen=True)
class CoverageRow:
    locale: str
    name: str
    translated: int
    total: int
    percent: int
    missing_url: str


@dataclass(frozen=True)
class OverviewView:
    coverage: list[CoverageRow]
    missing_locale: str | None
    missing_name: str | None
    missing: list  # CourseLine
    missing_total: int


@staff_page
async def overview(request: web.Request) -> web.Response:
    """The staff home: translation coverage per locale, and (``?missing=<locale>``) what lacks a text."""
    staff, locale = request[CURRENT_STAFF], request[keys.LOCALE]
    locales = request.app[keys.SETTINGS].locales
    rows = [
        CoverageRow(
            c.locale,
            display_name(c.locale, locale),
            c.translated,
            c.total,
            round(100 * c.translated / c.total) if c.total else 100,
            str(url(request, "admin").with_query(missing=c.locale)),
        )
        for c in await translation_coverage(staff, locales)
    ]
    wanted = request.query.get("missing")
    missing, total = ([], 0)
    if wanted in locales:
        missing, total = await missing_translations(staff, wanted, display_locale=locale)
    view = OverviewView(
        rows,
        wanted if wanted in locales else None,
        display_name(wanted, locale) if wanted in locales else None,
        missing,
        total,
    )
    return await admin_page(request, "admin/overview.html", view)
