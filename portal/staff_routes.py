"""Routes of the staff and partner features: the admin area, the partner API, short links and QR codes,
and iCalendar files of intakes and of a learner's enrollments.

:func:`setup_routes` is the one call the portal's routes module makes for all of them.
"""

from __future__ import annotations

from aiohttp import web

from portal import api
from portal.url_patterns import ID, INTAKE, SLUG, L, add_routes, form, record_routes
from portal.views import admin, admin_courses, admin_partners, admin_records, calendars, sharing


def setup_routes(app: web.Application) -> None:
    """Register the admin pages, the partner API, the sharing routes and the calendar files."""
    setup_admin_routes(app)
    api.setup_routes(app)
    add_routes(app.router, "", [
        ("GET", "/s/{code:[0-9a-z-]{1,20}}", sharing.short_link, "short_link"),
        ("GET", L + "/courses/" + ID + "/qr.svg", sharing.course_qr, "course_qr"),
        ("GET", L + "/partners/" + SLUG + "/qr.svg", sharing.partner_qr, "partner_qr"),
        ("GET", "/partners/" + SLUG + "/logo", sharing.partner_logo_file, "partner_logo"),
        ("GET", L + "/intakes/" + INTAKE + ".ics", calendars.intake_ics, "intake_ics"),
        ("GET", L + "/account/calendar.ics", calendars.my_calendar, "my_calendar"),
    ])


def setup_admin_routes(app: web.Application) -> None:
    course, base = "/courses/" + ID, "/bases/" + ID
    add_routes(app.router, L + "/admin", [
        ("GET", "/", admin.overview, "admin"),
        *form("/signin", admin.signin_form, admin.signin, "admin_signin"),
        ("POST", "/signout", admin.signout, "admin_signout"),
        ("GET", "/courses", admin_courses.course_list, "admin_courses"),
        *record_routes(course, "admin_course", admin_courses.course_edit, admin_courses.course_update,
                       admin_courses.course_text, admin_courses.course_status),
        ("POST", course + "/intakes", admin_courses.intake_save, "admin_intake_new"),
        ("POST", course + "/intakes/" + INTAKE, admin_courses.intake_save, "admin_intake"),
        ("GET", "/intakes/" + INTAKE + "/roster", admin_records.roster, "admin_roster"),
        ("GET", "/intakes/" + INTAKE + "/roster.csv", admin_records.roster_csv, "admin_roster_csv"),
        ("POST", "/enrollments/{enrollment:[0-9]{1,9}}/complete", admin_records.complete, "admin_complete"),
        *form("/import", admin_records.import_form, admin_records.import_upload, "admin_import"),
        ("GET", "/export", admin_records.export, "admin_export"),
        ("GET", "/bases", admin_records.base_list, "admin_bases"),
        *record_routes(base, "admin_base", admin_records.base_edit, admin_records.base_update,
                       admin_records.base_text, admin_records.base_status),
        ("GET", "/partners", admin_partners.partners, "admin_partners"),
        ("POST", "/partners/" + SLUG + "/keys", admin_partners.issue_key, "admin_partner_key"),
        ("GET", "/partners/" + SLUG, admin_partners.profile_form, "admin_partner"),
        ("POST", "/partners/" + SLUG, admin_partners.profile_save, None),
        ("POST", "/partners/" + SLUG + "/logo", admin_partners.logo_upload, "admin_partner_logo"),
        ("POST", "/keys/{key:[0-9]{1,9}}/revoke", admin_partners.revoke_key, "admin_revoke_key"),
    ])
