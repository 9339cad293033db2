"""Machine-readable credit files: a record's signed Open Badges credential, the issuer's DID document,
the revocation status list, and a learner's credentials as one zip.

The issuer's keys are read from ``data/`` on each request, so a rotation (``python -m courses
issuer-key --rotate``) takes effect without a restart. Absolute URLs come from ``PUBLIC_URL``,
never from the request's Host.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from aiohttp import web

from courses.credits import (
    Issuer,
    IssuerKeyMissing,
    credential_for,
    did_document,
    load_issuer,
    revocation_list,
    transcript_bundle,
)
from courses.errors import NotFound
from portal import keys
from portal.throttle import Limit, address_key
from portal.views.account import require_learner

CREDENTIAL_TYPE = "application/vc+ld+json"
LOOKUP_LIMIT = Limit(attempts=10, window=10 * 60)  # unknown codes per client and window
T = TypeVar("T")


async def against_enumeration(request: web.Request, lookup: Callable[[], Awaitable[T]]) -> T:
    """Look a code up, counting unknown codes per client; past the limit every lookup is a 429.

    Pages and credential files share the count, so neither is a way around the other.
    """
    throttle, key = request.app[keys.THROTTLE], "verify:" + address_key(request.remote)
    wait = await throttle.retry_after(key, LOOKUP_LIMIT)
    if wait:
        raise web.HTTPTooManyRequests(headers={"Retry-After": str(wait)})
    try:
        return await lookup()
    except NotFound:
        await throttle.fail(key, LOOKUP_LIMIT)
        raise


def current_issuer(request: web.Request) -> Issuer:
    """The issuer with its keys; a production portal without a key answers 503 until one is made."""
    try:
        return load_issuer(request.app[keys.SETTINGS])
    except IssuerKeyMissing as missing:
        raise web.HTTPServiceUnavailable(headers={"Retry-After": "3600"}) from missing


def _json(payload: Any, *, content_type: str = "application/json", cache: str = "no-store",
          filename: str | None = None) -> web.Response:
    headers = {"Cache-Control": cache, "Access-Control-Allow-Origin": "*"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return web.Response(body=json.dumps(payload, ensure_ascii=False, indent=2).encode(),
                        content_type=content_type, charset="utf-8", headers=headers)


async def credential(request: web.Request) -> web.Response:
    """The signed ``OpenBadgeCredential`` of the record with this code (anyone holding the code)."""
    issuer, code = current_issuer(request), request.match_info["code"]
    document = await against_enumeration(request, lambda: credential_for(issuer, code, now=datetime.now(UTC)))
    return _json(document, content_type=CREDENTIAL_TYPE)


async def did(request: web.Request) -> web.Response:
    """The ``did:web`` document: every issuer key, old ones included, so old credentials keep verifying."""
    return _json(did_document(current_issuer(request)), content_type="application/did+json",
                 cache="public, max-age=300")


async def status_list(request: web.Request) -> web.Response:
    """The signed Bitstring Status List of revoked records (short-lived: a revocation shows within a minute)."""
    document = await revocation_list(current_issuer(request), now=datetime.now(UTC))
    return _json(document, content_type=CREDENTIAL_TYPE, cache="public, max-age=60")


async def my_credentials(request: web.Request) -> web.Response:
    """All my credentials, signed, in one zip with a manifest."""
    learner_id = await require_learner(request)
    body = await transcript_bundle(current_issuer(request), learner_id, now=datetime.now(UTC))
    return web.Response(body=body, content_type="application/zip", headers={
        "Content-Disposition": 'attachment; filename="my-credentials.zip"', "Cache-Control": "no-store"})
