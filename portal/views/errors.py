"""The error page, in the locale of the URL or the visitor's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from portal.layout import error_layout
from portal.rendering import render


@dataclass(frozen=True)
class ErrorPage:
    status: int
    title: str  # msgid
    message: str  # msgid with {placeholders}
    variables: dict[str, Any] = field(default_factory=dict)


def render_error(request: web.Request, status: int, title: str, message: str,
                 variables: dict[str, Any]) -> web.Response:
    """Render the error page; it names no exception, path or stack."""
    view = ErrorPage(status, title, message, variables)
    return render(request, "errors/error.html", {"layout": error_layout(request), "view": view},
                  status=status, locale=error_layout(request).locale)
