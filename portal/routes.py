"""Every URL of the portal, named once; templates and redirects build them with ``url_for``.

Adding a feature is one call in :func:`setup_routes` (``admin.setup_routes(app)``,
``api.setup_routes(app)``). Localized pages live under ``/{locale}/`` with a BCP 47 tag.
"""

from __future__ import annotations

from aiohttp import web

from portal import credit_routes, locales, outcome_routes, staff_routes
from portal.url_patterns import ID, INTAKE, SLUG, L, add_routes, form
from portal.views import (
    account,
    bases,
    courses,
    display,
    enrolling,
    follow,
    home,
    icons,
    mail_links,
    mini_app,
    programmes,
    system,
)

# Anonymous GETs of these routes are served from the page cache.
CACHEABLE_ROUTES = frozenset({"home", "courses", "course", "bases", "base", "chinese_plus", "partner"})


def setup_routes(app: web.Application) -> None:
    """Register every route of the portal on ``app``."""
    setup_system_routes(app)
    setup_catalogue_routes(app)
    setup_account_routes(app)
    setup_mini_app_routes(app)
    staff_routes.setup_routes(app)
    credit_routes.setup_routes(app)
    outcome_routes.setup_routes(app)


def setup_system_routes(app: web.Application) -> None:
    add_routes(app.router, "", [
        ("GET", "/", locales.root, "root"),
        ("GET", "/healthz", system.healthz, "healthz"),
        ("GET", "/metrics", system.metrics, "metrics"),
        ("GET", "/robots.txt", system.robots, "robots"),
        ("GET", "/favicon.ico", icons.favicon, "favicon"),
        ("GET", "/sitemap.xml", system.sitemap, "sitemap"),
        ("GET", "/sitemaps/{part:[0-9]{1,6}}.xml", system.sitemap_part, "sitemap_part"),
        ("GET", "/static/{version:[0-9a-f]{10}}/{name}", system.static, "static"),
    ])


def setup_catalogue_routes(app: web.Application) -> None:
    add_routes(app.router, L, [
        ("GET", "/", home.index, "home"),
        ("GET", "/display", display.toggle, "display"),
        ("GET", "/manifest.webmanifest", icons.manifest, "manifest"),
        ("GET", "/courses", courses.course_list, "courses"),
        ("GET", "/courses/" + ID, courses.course_page, "course"),
        *form("/courses/" + ID + "/enroll", enrolling.enroll_form, enrolling.enroll_submit, "enroll"),
        ("GET", "/bases", bases.base_list, "bases"),
        ("GET", "/bases/" + ID, bases.base_page, "base"),
        ("GET", "/chinese-plus", programmes.chinese_plus, "chinese_plus"),
        ("GET", "/partners/" + SLUG, programmes.partner, "partner"),
    ])


def setup_account_routes(app: web.Application) -> None:
    add_routes(app.router, L + "/account", [
        ("GET", "/", account.account, "account"),
        *form("/signup", account.signup_form, account.signup, "signup"),
        *form("/signin", account.signin_form, account.signin, "signin"),
        ("POST", "/signout", account.signout, "signout"),
        ("POST", "/telegram", account.connect_telegram, "connect_telegram"),
        ("GET", "/enrollments/" + INTAKE, enrolling.enrollment_page, "enrollment"),
        ("GET", "/enrollments/" + INTAKE + "/cancel", enrolling.cancel_form, "cancel_enrollment"),
        ("POST", "/enrollments/" + INTAKE + "/cancel", account.cancel_enrollment, None),
        ("GET", "/transcript", account.transcript_page, "transcript"),
        ("GET", "/export", account.export, "export"),
        *form("/delete", account.delete_form, account.delete, "delete_account"),
    ])
    token = "/{token:[A-Za-z0-9_-]{16,100}}"
    add_routes(app.router, L + "/account", [
        ("GET", "/check-mail", mail_links.check_mail, "check_mail"),
        ("POST", "/confirm", mail_links.resend, "resend_confirmation"),
        *form("/confirm" + token, mail_links.confirm_form, mail_links.confirm, "confirm_address"),
        *form("/reset", mail_links.reset_request_form, mail_links.reset_request, "reset"),
        *form("/reset" + token, mail_links.reset_form, mail_links.reset, "reset_password"),
    ])
    key = "/{key:[A-Za-z0-9_.-]{16,100}}"
    add_routes(app.router, L, [
        *form("/courses/" + ID + "/notify", follow.watch_page, follow.watch, "watch_course"),
        *form("/notify/stop" + key, follow.stop_form, follow.stop, "stop_watch"),
        *form("/notify/reminders" + key, follow.stop_form, follow.stop, "stop_reminders"),
    ])


def setup_mini_app_routes(app: web.Application) -> None:
    add_routes(app.router, "", [("GET", "/app", mini_app.enter_localeless, "mini_app_root")])
    add_routes(app.router, L + "/app", [
        ("GET", "", mini_app.enter, "mini_app"),
        ("POST", "/session", mini_app.open_session, "mini_app_session"),
    ])
