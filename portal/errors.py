"""Errors as the learner sees them: localized pages that say what happened and reveal no internals.

Malformed input gets a 400 with a message; a missing page a 404; anything unexpected a
500 whose details go to the log only. JSON API paths get JSON bodies instead of pages.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from courses.errors import CourseError, InvalidInput, NotFound
from courses.storage import is_unavailable
from courses.vocabulary import N_

log = logging.getLogger(__name__)
RETRY_AFTER = 30  # seconds a client is asked to wait while the database is unavailable

MESSAGES: dict[int, str] = {
    400: N_("The request could not be understood."),
    403: N_("This form has expired or was sent from another site. Please go back, reload the page and "
            "try again."),
    404: N_("We could not find this page."),
    405: N_("This address does not accept that kind of request."),
    413: N_("What you sent is too large."),
    415: N_("This kind of upload is not accepted. Please send the form again from the page."),
    429: N_("Too many attempts. Please wait a few minutes and try again."),
    500: N_("Something went wrong on our side. Please try again later."),
    503: N_("The service is briefly unavailable. Please try again in a minute."),
}
# When Redis (sessions, sign-in limits) is down, the catalogue still works: say so.
SESSIONS_UNAVAILABLE = N_("Signing in and your account are briefly unavailable. Browsing courses still "
                          "works; please try again in a minute.")
TITLES: dict[int, str] = {
    400: N_("Bad request"),
    403: N_("Not allowed"),
    404: N_("Page not found"),
    405: N_("Not allowed"),
    413: N_("Too large"),
    415: N_("Not accepted"),
    429: N_("Too many attempts"),
    500: N_("Server error"),
    503: N_("Temporarily unavailable"),
}


class BadRequest(web.HTTPBadRequest):
    """Malformed input from the learner; ``message`` is a msgid with ``{placeholders}``."""

    def __init__(self, message: str, **variables: Any) -> None:
        super().__init__()
        self.message = message
        self.variables = variables


def _is_api(request: web.Request) -> bool:
    return request.path.startswith("/api/")


def error_response(request: web.Request, status: int, message: str | None = None,
                   variables: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> web.Response:
    """A localized error page (or a JSON error on API paths) with the given status."""
    from portal.views.errors import render_error  # the page needs the template machinery

    code = status if status in MESSAGES else (500 if status >= 500 else 400)
    if _is_api(request):
        response = web.json_response({"error": TITLES[code], "status": status}, status=status)
    else:
        response = render_error(request, status, TITLES[code], message or MESSAGES[code], variables or {})
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


@web.middleware
async def refuse_encoded_bodies(request: web.Request, handler):
    """Refuse request bodies sent compressed (415) before reading a byte of them.

    No form, webhook or API client of the portal compresses what it sends; decompressing
    would only let a small gzip bomb cost the server far more than its size.
    """
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if request.body_exists and encoding not in ("", "identity"):
        raise web.HTTPUnsupportedMediaType()
    return await handler(request)


@web.middleware
async def error_middleware(request: web.Request, handler):
    """Turn HTTP errors, domain refusals and crashes into localized error responses."""
    try:
        return await handler(request)
    except BadRequest as exc:
        return error_response(request, 400, exc.message, exc.variables)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if exc.text and exc.content_type == "application/json":  # a JSON API's own answer
            raise
        retry = {"Retry-After": exc.headers["Retry-After"]} if "Retry-After" in exc.headers else None
        allow = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        return error_response(request, exc.status, headers=retry or allow)
    except web.RequestPayloadError:  # a body that breaks off or does not decompress
        return error_response(request, 400)
    except NotFound:
        return error_response(request, 404)
    except InvalidInput:
        return error_response(request, 400)
    except CourseError:
        return error_response(request, 400)
    except (RedisConnectionError, RedisTimeoutError) as exc:
        log.warning("Redis unavailable on %s %s: %r", request.method, request.path, exc)
        return error_response(request, 503, SESSIONS_UNAVAILABLE, headers={"Retry-After": str(RETRY_AFTER)})
    except Exception as exc:
        if is_unavailable(exc):  # passing: the pool reconnects when the database is back
            log.warning("Database unavailable on %s %s: %r", request.method, request.path, exc)
            return error_response(request, 503, headers={"Retry-After": str(RETRY_AFTER)})
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(request, 500)
