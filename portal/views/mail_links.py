"""Pages behind mailed links: "check your mail", confirming the address, resending, password reset.

Every answer that could tell whether an address has an account is the same for both: sign-up
and the reset request always end on "check your mail". Reset requests are throttled per
address and per client, as sign-in is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from courses.errors import CourseError
from courses.i18n import refusal_message
from courses.learners import (
    LinkNotValid,
    confirm_address,
    request_password_reset,
    resend_confirmation,
    reset_link_valid,
    reset_password,
    site_path,
)
from courses.vocabulary import N_
from portal import keys
from portal.csrf import csrf_token
from portal.errors import MESSAGES
from portal.forms import form_text, read_form
from portal.layout import page_layout
from portal.rendering import render
from portal.sessions import end_session, signed_in_learner, start_session
from portal.throttle import Limit, address_key, email_key

RESET_PER_ADDRESS = Limit(attempts=3, window=60 * 60)
RESET_PER_CLIENT = Limit(attempts=10, window=60 * 60)
LINK_INVALID = N_("This link has expired or was already used. You can ask for a new one.")
SENT = {
    "signup": N_("Almost done: we sent a mail to the address you gave. Open the link in it to confirm "
                 "your address; until then an enrollment does not take a seat."),
    "reset": N_("If an account uses this address, we sent it a mail with a link to set a new password. "
                "The link works for an hour."),
    "resent": N_("We sent you a new confirmation mail."),
}


def _url(request: web.Request, name: str, **parts: str) -> str:
    return str(request.app.router[name].url_for(locale=request[keys.LOCALE], **parts))


@dataclass(frozen=True)
class MailPage:
    csrf_token: str
    message: str | None  # msgid
    form: str  # which form to show: "", "confirm", "reset_request", "reset"
    action: str
    warn: bool = False
    next_path: str | None = None  # the confirm form: where the learner goes once confirmed


async def _page(request: web.Request, form: str, message: str | None, *, action: str = "",
                status: int = 200, warn: bool = False, next_path: str | None = None) -> web.Response:
    view = MailPage(await csrf_token(request), message, form, action, warn, next_path)
    return render(request, "account/mail_link.html", {"layout": await page_layout(request), "view": view},
                  status=status)


async def check_mail(request: web.Request) -> web.Response:
    """Where sign-up, a resend and a reset request end, whatever the address was."""
    reason = request.query.get("for", "signup")
    return await _page(request, "", SENT.get(reason, SENT["signup"]))


async def confirm_form(request: web.Request) -> web.Response:
    """A button, not an action: mail scanners that open links must not spend the token."""
    return await _page(request, "confirm", None, action=request.path,
                       next_path=site_path(request.query.get("next")))


async def confirm(request: web.Request) -> web.Response:
    """Confirm the address and sign the learner in; then on to the form's ``next`` (a path on this site),
    where the learner was going when they signed up, or to their account."""
    next_path = site_path(form_text(await read_form(request), "next", 2000))
    try:
        learner = await confirm_address(request.match_info["token"], now=datetime.now(UTC))
    except LinkNotValid:
        return await _page(request, "", LINK_INVALID, status=410, warn=True)
    await start_session(request, learner.id, learner.display_name or learner.email or "", learner.timezone)
    account = str(request.app.router["account"].url_for(locale=request[keys.LOCALE]))
    raise web.HTTPSeeOther(next_path or account + "?confirmed=1")


async def resend(request: web.Request) -> web.Response:
    learner_id = await signed_in_learner(request)
    if learner_id is None:
        raise web.HTTPSeeOther(_url(request, "signin"))
    await resend_confirmation(learner_id, now=datetime.now(UTC))
    raise web.HTTPSeeOther(_url(request, "check_mail") + "?for=resent")


async def reset_request_form(request: web.Request) -> web.Response:
    return await _page(request, "reset_request", None, action=_url(request, "reset"))


async def reset_request(request: web.Request) -> web.Response:
    """Mail a reset link if the address has an account; answer the same either way (throttled)."""
    form = await read_form(request)
    email = form_text(form, "email", 254)
    throttle = request.app[keys.THROTTLE]
    by_address, by_client = "reset:" + email_key(email), "reset:" + address_key(request.remote)
    wait = max(await throttle.retry_after(by_address, RESET_PER_ADDRESS),
               await throttle.retry_after(by_client, RESET_PER_CLIENT))
    if wait:
        response = await _page(request, "reset_request", MESSAGES[429], action=_url(request, "reset"),
                               status=429, warn=True)
        response.headers["Retry-After"] = str(wait)
        return response
    await throttle.fail(by_address, RESET_PER_ADDRESS)  # every request counts, found or not
    await throttle.fail(by_client, RESET_PER_CLIENT)
    await request_password_reset(email, now=datetime.now(UTC))
    raise web.HTTPSeeOther(_url(request, "check_mail") + "?for=reset")


async def reset_form(request: web.Request) -> web.Response:
    if not await reset_link_valid(request.match_info["token"], now=datetime.now(UTC)):
        return await _page(request, "", LINK_INVALID, status=410, warn=True)
    return await _page(request, "reset", None, action=request.path)


async def reset(request: web.Request) -> web.Response:
    """Set the new password; every session of the learner ends, and this browser is signed in anew."""
    form = await read_form(request)
    try:
        learner = await reset_password(request.match_info["token"], form_text(form, "password", 1024),
                                       now=datetime.now(UTC))
    except LinkNotValid:
        return await _page(request, "", LINK_INVALID, status=410, warn=True)
    except CourseError as refusal:
        return await _page(request, "reset", refusal_message(refusal), action=request.path, status=422,
                           warn=True)
    await end_session(request)
    await start_session(request, learner.id, learner.display_name or learner.email or "", learner.timezone)
    raise web.HTTPSeeOther(str(request.app.router["account"].url_for(locale=request[keys.LOCALE]))
                           + "?password=1")
