"""Every URL of the portal, named once; templates and redirects build them with ``url_for``.

Adding a feature is one call in :func:`setup_routes` (``admin.setup_routes(app)``,
``api.setup_routes(app)``). Localized pages live under ``/{locale}/`` with a BCP 47 tag.
"""

from __future__ import annotations

from aiohttp import web

from portal import locales, staff_routes
from portal.views import account, bases, courses, display, follow, home, mail_links, programmes, system

# A BCP 47 tag such as en, zh-Hans or zh-Hant-TW (near misses are redirected, unknown ones are 404).
L = "/{locale:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}}"
# Nine digits at most: every id fits a 32-bit integer column, so a longer one is a 404, never a database error.
ID = "{id:[0-9]{1,9}}"

# Anonymous GETs of these routes are served from the page cache.
CACHEABLE_ROUTES = frozenset({"home", "courses", "course", "bases", "base", "chinese_plus", "partner"})


def setup_routes(app: web.Application) -> None:
    """Register every route of the portal on ``app``."""
    setup_system_routes(app)
    setup_catalogue_routes(app)
    setup_account_routes(app)
    staff_routes.setup_routes(app)


def setup_system_routes(app: web.Application) -> None:
    router = app.router
    router.add_get("/", locales.root, name="root")
    router.add_get("/healthz", system.healthz, name="healthz")
    router.add_get("/metrics", system.metrics, name="metrics")
    router.add_get("/robots.txt", system.robots, name="robots")
    router.add_get("/sitemap.xml", system.sitemap, name="sitemap")
    router.add_get("/sitemaps/{part:[0-9]{1,6}}.xml", system.sitemap_part, name="sitemap_part")
    router.add_get("/static/{version:[0-9a-f]{10}}/{name}", system.static, name="static")


def setup_catalogue_routes(app: web.Application) -> None:
    router = app.router
    router.add_get(L + "/", home.index, name="home")
    router.add_get(L + "/display", display.toggle, name="display")
    router.add_get(L + "/courses", courses.course_list, name="courses")
    router.add_get(L + "/courses/" + ID, courses.course_page, name="course")
    router.add_get(L + "/courses/" + ID + "/enroll", courses.enroll_form, name="enroll")
    router.add_post(L + "/courses/" + ID + "/enroll", courses.enroll_submit)
    router.add_get(L + "/bases", bases.base_list, name="bases")
    router.add_get(L + "/bases/" + ID, bases.base_page, name="base")
    router.add_get(L + "/chinese-plus", programmes.chinese_plus, name="chinese_plus")
    router.add_get(L + "/partners/{slug:[A-Za-z0-9_-]{1,64}}", programmes.partner, name="partner")


def setup_account_routes(app: web.Application) -> None:
    router = app.router
    a = L + "/account"
    router.add_get(a + "/", account.account, name="account")
    router.add_get(a + "/signup", account.signup_form, name="signup")
    router.add_post(a + "/signup", account.signup)
    router.add_get(a + "/signin", account.signin_form, name="signin")
    router.add_post(a + "/signin", account.signin)
    router.add_post(a + "/signout", account.signout, name="signout")
    router.add_post(a + "/telegram", account.connect_telegram, name="connect_telegram")
    router.add_post(a + "/enrollments/{intake:[0-9]{1,9}}/cancel", account.cancel_enrollment,
                    name="cancel_enrollment")
    router.add_get(a + "/transcript", account.transcript_page, name="transcript")
    router.add_get(a + "/export", account.export, name="export")
    router.add_get(a + "/delete", account.delete_form, name="delete_account")
    router.add_post(a + "/delete", account.delete)
    token = "/{token:[A-Za-z0-9_-]{16,100}}"
    router.add_get(a + "/check-mail", mail_links.check_mail, name="check_mail")
    router.add_post(a + "/confirm", mail_links.resend, name="resend_confirmation")
    router.add_get(a + "/confirm" + token, mail_links.confirm_form, name="confirm_address")
    router.add_post(a + "/confirm" + token, mail_links.confirm)
    router.add_get(a + "/reset", mail_links.reset_request_form, name="reset")
    router.add_post(a + "/reset", mail_links.reset_request)
    router.add_get(a + "/reset" + token, mail_links.reset_form, name="reset_password")
    router.add_post(a + "/reset" + token, mail_links.reset)
    key = "/{key:[A-Za-z0-9_.-]{16,100}}"
    router.add_get(L + "/courses/" + ID + "/notify", follow.watch_page, name="watch_course")
    router.add_post(L + "/courses/" + ID + "/notify", follow.watch)
    router.add_get(L + "/notify/stop" + key, follow.stop_form, name="stop_watch")
    router.add_post(L + "/notify/stop" + key, follow.stop)
    router.add_get(L + "/notify/reminders" + key, follow.stop_form, name="stop_reminders")
    router.add_post(L + "/notify/reminders" + key, follow.stop)
