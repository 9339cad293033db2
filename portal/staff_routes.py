"""Routes of the staff and partner features: the admin area, the partner API, short links and QR codes,
and iCalendar files of intakes and of a learner's enrollments.

:func:`setup_routes` is the one call the portal's routes module makes for all of them.
"""

from __future__ import annotations

from aiohttp import web

from portal import api
from portal.views import admin, admin_courses, admin_partners, admin_records, calendars, sharing

TEXT_LOCALE = "{text_locale:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}}"


def setup_routes(app: web.Application) -> None:
    """Register the admin pages, the partner API, the sharing routes and the calendar files."""
    from portal.routes import ID, L  # the portal's URL patterns; routes.py imports this module

    setup_admin_routes(app, L, ID)
    api.setup_routes(app)
    router = app.router
    router.add_get("/s/{code:[0-9a-z-]{1,20}}", sharing.short_link, name="short_link")
    router.add_get(L + "/courses/" + ID + "/qr.svg", sharing.course_qr, name="course_qr")
    router.add_get(L + "/partners/{slug:[A-Za-z0-9_-]{1,64}}/qr.svg", sharing.partner_qr, name="partner_qr")
    router.add_get(L + "/intakes/{intake:[0-9]{1,9}}.ics", calendars.intake_ics, name="intake_ics")
    router.add_get(L + "/account/calendar.ics", calendars.my_calendar, name="my_calendar")


def setup_admin_routes(app: web.Application, L: str, ID: str) -> None:  # noqa: N803 (the portal's names)
    router = app.router
    a = L + "/admin"
    router.add_get(a + "/", admin.overview, name="admin")
    router.add_get(a + "/signin", admin.signin_form, name="admin_signin")
    router.add_post(a + "/signin", admin.signin)
    router.add_post(a + "/signout", admin.signout, name="admin_signout")
    router.add_get(a + "/courses", admin_courses.course_list, name="admin_courses")
    router.add_get(a + "/courses/" + ID, admin_courses.course_edit, name="admin_course")
    router.add_post(a + "/courses/" + ID, admin_courses.course_update)
    router.add_post(
        a + "/courses/" + ID + "/texts/" + TEXT_LOCALE, admin_courses.course_text, name="admin_course_text"
    )
    router.add_post(a + "/courses/" + ID + "/status", admin_courses.course_status, name="admin_course_status")
    router.add_post(a + "/courses/" + ID + "/intakes", admin_courses.intake_save, name="admin_intake_new")
    router.add_post(
        a + "/courses/" + ID + "/intakes/{intake:[0-9]{1,9}}", admin_courses.intake_save, name="admin_intake"
    )
    router.add_get(a + "/intakes/{intake:[0-9]{1,9}}/roster", admin_records.roster, name="admin_roster")
    router.add_get(
        a + "/intakes/{intake:[0-9]{1,9}}/roster.csv", admin_records.roster_csv, name="admin_roster_csv"
    )
    router.add_post(
        a + "/enrollments/{enrollment:[0-9]{1,9}}/complete", admin_records.complete, name="admin_complete"
    )
    router.add_get(a + "/import", admin_records.import_form, name="admin_import")
    router.add_post(a + "/import", admin_records.import_upload)
    router.add_get(a + "/export", admin_records.export, name="admin_export")
    router.add_get(a + "/bases", admin_records.base_list, name="admin_bases")
    router.add_get(a + "/bases/" + ID, admin_records.base_edit, name="admin_base")
    router.add_post(a + "/bases/" + ID, admin_records.base_update)
    router.add_post(
        a + "/bases/" + ID + "/texts/" + TEXT_LOCALE, admin_records.base_text, name="admin_base_text"
    )
    router.add_post(a + "/bases/" + ID + "/status", admin_records.base_status, name="admin_base_status")
    router.add_get(a + "/partners", admin_partners.partners, name="admin_partners")
    router.add_post(
        a + "/partners/{slug:[A-Za-z0-9_-]{1,64}}/keys", admin_partners.issue_key, name="admin_partner_key"
    )
    router.add_post(a + "/keys/{key:[0-9]{1,9}}/revoke", admin_partners.revoke_key, name="admin_revoke_key")
