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

# Inside Telegram (Mini App pages only): Telegram's one script, and framing by its web clients
# (web.telegram.org, whose K and A versions also live at webk. and webz.). The mobile and
# desktop apps open the page in a web view of their own, which is no frame.
TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js"
TELEGRAM_WEB_CLIENTS = ("https://web.telegram.org", "https://webk.telegram.org", "https://webz.telegram.org")
MINI_APP_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", f"script-src 'self' {TELEGRAM_SCRIPT}").replace(
    "frame-ancestors 'none'", "frame-ancestors " + " ".join(TELEGRAM_WEB_CLIENTS))

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
    headers = HEADERS
    if request.get(keys.MINI_APP):
        # X-Frame-Options knows no list of origins; frame-ancestors says it for browsers that frame.
        headers = {name: value for name, value in HEADERS.items() if name != "X-Frame-Options"}
        headers["Content-Security-Policy"] = MINI_APP_CONTENT_SECURITY_POLICY
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    if request.app[keys.SETTINGS].production:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
