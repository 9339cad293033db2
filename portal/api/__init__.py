"""The partner JSON API: ``setup_routes(app)`` mounts every version (today /api/v1)."""

from __future__ import annotations

from aiohttp import web

from portal.api import v1


def setup_routes(app: web.Application) -> None:
    """Register the API's routes on the portal application."""
    v1.setup_routes(app)
