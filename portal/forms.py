"""Reading HTML forms: text fields only, bounded, with a 400 for anything malformed."""

from __future__ import annotations

from aiohttp import web
from multidict import MultiDictProxy

from courses.vocabulary import N_
from portal.errors import BadRequest

# Time zones a learner can choose at sign-up: China and the partner regions the portal serves.
ZONES = (
    "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Bangkok", "Asia/Jakarta", "Asia/Kolkata",
    "Asia/Karachi", "Asia/Dubai", "Asia/Riyadh", "Asia/Tashkent", "Asia/Almaty", "Europe/Moscow",
    "Europe/Paris", "Europe/London", "Africa/Cairo", "Africa/Nairobi", "Africa/Lagos",
    "Africa/Johannesburg", "America/Sao_Paulo", "UTC",
)


async def read_form(request: web.Request) -> MultiDictProxy:
    """The posted form (already read and cached by the CSRF check)."""
    try:
        return await request.post()
    except ValueError as error:
        raise BadRequest(N_("The form could not be read. Please try again.")) from error


def form_text(form: MultiDictProxy, name: str, limit: int) -> str:
    """A text field, stripped; "" when absent.

    :raises BadRequest: when it is a file, repeated, or longer than ``limit``.
    """
    values = form.getall(name, [])
    if not values:
        return ""
    if len(values) > 1 or not isinstance(values[0], str):
        raise BadRequest(N_("The form was not filled in as expected. Please try again."))
    if len(values[0]) > limit:
        raise BadRequest(N_("The field “{name}” is too long."), name=name)
    return values[0].strip() if name != "password" else values[0]
