"""The partner JSON API, version 1: the public catalogue for partners' own sites and apps.

Every data endpoint needs an API key (``X-API-Key``), counts against that key's per-minute
limit (429 with ``Retry-After`` beyond it), speaks the locale asked for with ``?locale=``
(else the partner's main locale), pages lists by cursor, and answers ``If-None-Match`` with
304 when nothing changed. Nothing here returns a learner's personal data; a credit record is
answered only while its learner consents to partners reading it. The OpenAPI
document (:mod:`portal.api.openapi`) describes exactly these handlers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from courses import catalogue
from courses.credits import public_url
from courses.errors import InvalidInput, NotFound
from courses.filtering import BaseFilters, CourseFilters
from courses.outcomes import partner_credit_facts
from courses.partners import ApiClient, MemoryRateLimiter, RateLimiter, RedisRateLimiter, authenticate_api_key
from courses.vocabulary import plain_number
from portal import keys
from portal.api import json as shapes
from portal.api.openapi import document
from portal.url_patterns import add_routes

RATE_LIMITER: web.AppKey[RateLimiter] = web.AppKey("api_rate_limiter")
API_CLIENT = web.RequestKey("api_client", ApiClient)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
PREFIX = "/api/v1"
Handler = Callable[[web.Request, str], Awaitable[Any]]


def error(
    status: int, message: str, *, field: str | None = None, headers: dict[str, str] | None = None
) -> web.Response:
    body: dict[str, Any] = {"error": message, "status": status}
    if field:
        body["field"] = field
    response = web.json_response(body, status=status, headers=headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _json(request: web.Request, payload: Any) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = _etag(body)
    headers = {"ETag": etag, "Cache-Control": "private, max-age=60", "Vary": "X-API-Key, Accept-Encoding"}
    if _matches(request.headers.get("If-None-Match"), etag):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, content_type="application/json", charset="utf-8", headers=headers)


def _locale(request: web.Request, client: ApiClient) -> str:
    settings = request.app[keys.SETTINGS]
    asked = request.query.get("locale")
    if asked is not None:
        if asked not in settings.locales:
            raise InvalidInput("unknown locale", field="locale")
        return asked
    return client.partner_locale if client.partner_locale in settings.locales else settings.default_locale


def _limit(request: web.Request) -> int:
    raw = request.query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    limit = plain_number(raw, 3)
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("limit must be an integer from 1 to 100", field="limit")
    return limit


def _paging(request: web.Request) -> dict[str, Any]:
    """The cursor and page size every list endpoint takes from the query string."""
    return {"cursor": request.query.get("cursor"), "per_page": _limit(request)}


def _id(request: web.Request) -> int:
    found = plain_number(request.match_info["id"])
    if found is None:
        raise NotFound("id")
    return found


def endpoint(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Wrap a handler with the API's key check, rate limit, locale, errors and ETag."""

    async def wrapped(request: web.Request) -> web.Response:
        client = await authenticate_api_key(request.headers.get("X-API-Key"))
        if client is None:
            return error(
                401,
                "a valid X-API-Key header is required",
                headers={"WWW-Authenticate": 'ApiKey header="X-API-Key"'},
            )
        decision = await request.app[RATE_LIMITER].hit(f"api:{client.key_id}", client.rate_per_minute)
        limits = {"X-RateLimit-Limit": str(decision.limit), "X-RateLimit-Remaining": str(decision.remaining)}
        if not decision.allowed:
            return error(
                429, "rate limit exceeded", headers={**limits, "Retry-After": str(decision.retry_after)}
            )
        request[API_CLIENT] = client
        try:
            payload = await handler(request, _locale(request, client))
        except InvalidInput as refusal:
            response = error(400, str(refusal), field=str(refusal.details.get("field") or "") or None)
        except NotFound:
            response = error(404, "not found")
        else:
            response = _json(request, payload)
        response.headers.update(limits)
        return response

    return wrapped


@endpoint
async def courses(request: web.Request, locale: str) -> Any:
    result = await catalogue.list_courses(CourseFilters.parse(_params(request)), locale, **_paging(request))
    return shapes.page(result, shapes.course, locale)


@endpoint
async def course(request: web.Request, locale: str) -> Any:
    return shapes.course_detail(await catalogue.get_course(_id(request), locale), locale)


@endpoint
async def course_intakes(request: web.Request, locale: str) -> Any:
    detail = await catalogue.get_course(_id(request), locale)
    return {"items": [shapes.intake(i, locale) for i in detail.intakes], "locale": locale}


@endpoint
async def chinese_plus(request: web.Request, locale: str) -> Any:
    result = await catalogue.list_chinese_plus(
        locale, filters=CourseFilters.parse(_params(request)), **_paging(request))
    return shapes.page(result, shapes.course, locale)


@endpoint
async def bases(request: web.Request, locale: str) -> Any:
    result = await catalogue.list_bases(BaseFilters.parse(_params(request)), locale, **_paging(request))
    return shapes.page(result, lambda card: shapes.base(card, locale), locale)


@endpoint
async def base(request: web.Request, locale: str) -> Any:
    return shapes.base_detail(await catalogue.get_base(_id(request), locale), locale)


@endpoint
async def partner(request: web.Request, locale: str) -> Any:
    """The calling partner's own curated catalogue."""
    return shapes.partner(await catalogue.partner_catalogue(request[API_CLIENT].partner_slug, locale))


@endpoint
async def credit(request: web.Request, locale: str) -> Any:
    """What a verification code proves, only while its learner consents: the verification page's facts."""
    facts = await partner_credit_facts(request.match_info["code"])
    base = public_url(request.app[keys.SETTINGS])
    verify = request.app.router["verify_record"].url_for(locale=locale, code=facts.code)
    credential = request.app.router["credential"].url_for(code=facts.code.replace("-", ""))
    return shapes.credit(facts, locale, verify_url=base + str(verify), credential_url=base + str(credential))


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(
        document(request.app[keys.SETTINGS].locales), headers={"Cache-Control": "public, max-age=300"}
    )


def _params(request: web.Request) -> dict[str, list[str]]:
    """Query-string values by name (repeated names kept), without the API's own parameters."""
    params: dict[str, list[str]] = {}
    for name, value in request.query.items():
        if name not in ("locale", "cursor", "limit"):
            params.setdefault(name, []).append(value)
    return params


def setup_routes(app: web.Application) -> None:
    """Register the API under /api/v1 and choose where rate limits are counted (Redis when there is one)."""
    redis = app[keys.REDIS]
    app[RATE_LIMITER] = (
        RedisRateLimiter(redis, prefix="portal:api:") if redis is not None else MemoryRateLimiter()
    )
    add_routes(app.router, PREFIX, [
        ("GET", "/openapi.json", openapi, "api_openapi"),
        ("GET", "/courses", courses, "api_courses"),
        ("GET", "/courses/{id}", course, "api_course"),
        ("GET", "/courses/{id}/intakes", course_intakes, "api_course_intakes"),
        ("GET", "/chinese-plus", chinese_plus, "api_chinese_plus"),
        ("GET", "/bases", bases, "api_bases"),
        ("GET", "/bases/{id}", base, "api_base"),
        ("GET", "/partner", partner, "api_partner"),
        ("GET", "/credentials/{code}", credit, "api_credential"),
    ])
