"""Routes of the learning account's outcomes (learner pages) and of the reviewers' pages.

:func:`setup_routes` is the one call the portal's routes module makes for them.
"""

from __future__ import annotations

from aiohttp import web

from portal.url_patterns import L, add_routes
from portal.views import admin_outcomes, outcomes

OUTCOME = "{outcome:[0-9]{1,9}}"
APPLICATION = "{application:[0-9]{1,9}}"


def setup_routes(app: web.Application) -> None:
    """Register the outcome pages of the account and the reviewers' application pages."""
    add_routes(app.router, L, [
        ("GET", "/account/outcomes", outcomes.outcomes, "outcomes"),
        ("POST", "/account/outcomes", outcomes.add, None),
        ("GET", "/account/outcomes/" + OUTCOME + "/proof", outcomes.proof, "outcome_proof"),
        ("POST", "/account/outcomes/" + OUTCOME + "/apply/{rule:[0-9]{1,9}}", outcomes.apply, "apply_conversion"),
        ("GET", "/admin/applications", admin_outcomes.applications, "admin_applications"),
        ("POST", "/admin/applications/" + APPLICATION + "/decide", admin_outcomes.decide, "admin_decide"),
        ("GET", "/admin/applications/" + APPLICATION + "/proof", admin_outcomes.proof, "admin_application_proof"),
        ("POST", "/admin/rules", admin_outcomes.add_rule, "admin_add_rule"),
    ])
