"""Security headers on every response the portal sends, cached pages and errors included."""

from __future__ import annotations

from aiohttp import web

from portal import keys

# No inline script anywhere: scripts and styles come only from our own /static/ files.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Signal handler (``on_response_prepare``): set the headers unless a route chose its own."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.app[keys.SETTINGS].production:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
