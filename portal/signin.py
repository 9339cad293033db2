"""One sign-in flow for learners and staff: throttled per account-and-address and per address, same
answer for unknown and known emails, back to the page asked for (on this site only), and one sign-out;
each page supplies only its password check, its session and its form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import web

from courses.i18n import refusal_message
from courses.learners import InvalidCredentials
from portal import keys
from portal.errors import MESSAGES
from portal.forms import form_text, read_form
from portal.navigation import safe_next
from portal.sessions import end_session
from portal.throttle import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    SIGNUP_LIMIT,
    account_key,
    address_key,
    signup_key,
)

T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Staff and learners hear the same refusal, whose words the domain defines.
WRONG_PASSWORD = refusal_message(InvalidCredentials())


class SignInRefused(Exception):
    """The attempt is throttled (429, with ``retry_after`` seconds) or the password is wrong (401)."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after

    def mark(self, response: web.Response) -> web.Response:
        """Add ``Retry-After`` to the page that shows the refusal."""
        if self.retry_after:
            response.headers["Retry-After"] = str(self.retry_after)
        return response


async def attempt_signin(request: web.Request, account: str, check: Callable[[], Awaitable[T | None]]) -> T:
    """Run ``check`` (None: wrong email or password) unless ``account`` or the address is throttled.

    :raises SignInRefused: throttled, or ``check`` found no match (the failure is counted).
    """
    throttle = request.app[keys.THROTTLE]
    by_account, by_address = account_key(account, request.remote), address_key(request.remote)
    wait = max(await throttle.retry_after(by_account, ACCOUNT_LIMIT),
               await throttle.retry_after(by_address, ADDRESS_LIMIT))
    if wait:
        raise SignInRefused(429, MESSAGES[429], retry_after=wait)
    found = await check()
    if found is None:
        await throttle.fail(by_account, ACCOUNT_LIMIT)
        await throttle.fail(by_address, ADDRESS_LIMIT)
        raise SignInRefused(401, WRONG_PASSWORD)
    await throttle.clear(by_account)
    return found


async def count_signup(request: web.Request) -> None:
    """Count one sign-up attempt from the request's address.

    :raises SignInRefused: (429) the address has made too many sign-ups in the last hour.
    """
    throttle = request.app[keys.THROTTLE]
    key = signup_key(request.remote)
    wait = await throttle.retry_after(key, SIGNUP_LIMIT)
    if wait:
        raise SignInRefused(429, MESSAGES[429], retry_after=wait)
    await throttle.fail(key, SIGNUP_LIMIT)


def after_signin(request: web.Request, wanted: str | None, default: str) -> str:
    """Where to go after signing in: ``wanted`` when it is a path on this site, ``default`` when none was asked."""
    return safe_next(request, wanted) if wanted else default


async def sign_in(
    request: web.Request,
    *,
    account: Callable[[str], str],
    check: Callable[[str, str], Awaitable[T | None]],
    refused_page: Callable[[str, SignInRefused, str], Awaitable[web.Response]],
    start: Callable[[T], Awaitable[object]],
    default_next: str,
) -> web.Response:
    """The sign-in POST of both pages: check the form's email and password through
    :func:`attempt_signin` (under the throttle key ``account(email)``), then ``start`` the session and
    go to the form's ``next``, or ``default_next``.

    A refusal shows ``refused_page(email, refusal, next)`` with its status (and ``Retry-After``).
    """
    form = await read_form(request)
    email, password = form_text(form, "email", 254), form_text(form, "password", 1024)
    wanted = form_text(form, "next", 2000)
    try:
        found = await attempt_signin(request, account(email), lambda: check(email, password))
    except SignInRefused as refused:
        return refused.mark(await refused_page(email, refused, wanted))
    await start(found)
    raise web.HTTPSeeOther(after_signin(request, wanted, default_next))


def sign_out_to(route: str) -> Handler:
    """The sign-out POST: the session ends on the server, then the page named ``route``."""
    async def sign_out(request: web.Request) -> web.StreamResponse:
        await end_session(request)
        raise web.HTTPSeeOther(request.app.router[route].url_for(locale=request[keys.LOCALE]))

    return sign_out
