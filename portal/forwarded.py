"""Behind a reverse proxy: the learner's address and scheme from the headers the proxy sets.

Only a request whose direct peer is one of ``TRUSTED_PROXIES`` is believed; from anyone else
the headers are ignored, so a client cannot pick the address its sign-in attempts are
throttled under.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def forwarded_middleware(trusted: frozenset[str]):
    """Take ``X-Forwarded-For`` and ``X-Forwarded-Proto`` from trusted proxies (none by default)."""

    @web.middleware
    async def middleware(request: web.Request, handler):
        if not trusted or request.remote not in trusted:
            return await handler(request)
        changes: dict[str, str] = {}
        # Each proxy appends the peer it saw: the learner is the rightmost address no proxy of ours added.
        for value in reversed(request.headers.get("X-Forwarded-For", "").split(",")):
            address = _address(value)
            if address is not None and address not in trusted:
                changes["remote"] = address
                break
        proto = request.headers.get("X-Forwarded-Proto", "").strip().lower()
        if proto in ("http", "https"):
            changes["scheme"] = proto
        return await handler(request.clone(**changes) if changes else request)

    return middleware
