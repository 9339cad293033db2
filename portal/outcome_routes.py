"""Routes of the learning account's outcomes (learner pages) and of the reviewers' pages.

:func:`setup_routes` is the one call the portal's routes module makes for them.
"""

from __future__ import annotations

from aiohttp import web

from portal.url_patterns import ID, L, add_routes
from portal.views import admin_outcomes, admin_rules, hours, outcomes

# Both GET routes name their id ``id``, the name the route-walking tests fill in.


def setup_routes(app: web.Application) -> None:
    """Register the outcome and hours pages of the account and the reviewers' application and rule pages."""
    add_routes(app.router, L, [
        ("GET", "/account/outcomes", outcomes.outcomes, "outcomes"),
        ("POST", "/account/outcomes", outcomes.add, None),
        ("GET", "/account/outcomes/" + ID + "/proof", outcomes.proof, "outcome_proof"),
        ("POST", "/account/outcomes/" + ID + "/apply/{rule:[0-9]{1,9}}", outcomes.apply, "apply_conversion"),
        ("GET", "/account/hours", hours.hours, "hours"),
        ("GET", "/account/hours.csv", hours.hours_csv, "hours_csv"),
        ("POST", "/account/hours/share", hours.share, "hours_share"),
        ("GET", "/admin/applications", admin_outcomes.applications, "admin_applications"),
        ("POST", "/admin/applications/" + ID + "/decide", admin_outcomes.decide, "admin_decide"),
        ("GET", "/admin/applications/" + ID + "/proof", admin_outcomes.proof, "admin_application_proof"),
        ("POST", "/admin/rules", admin_outcomes.add_rule, "admin_add_rule"),
        ("GET", "/admin/rules/import", admin_rules.rules_import_form, "admin_rules_import"),
        ("POST", "/admin/rules/import", admin_rules.rules_import, None),
        ("GET", "/admin/rules/export", admin_rules.rules_export, "admin_rules_export"),
    ])
