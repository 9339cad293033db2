"""Routes of the credit bank's public face: verification pages, credential files, the issuer's keys.

:func:`setup_routes` is the one call the portal's routes module makes for them.
"""

from __future__ import annotations

from aiohttp import web

from portal.url_patterns import L, add_routes
from portal.views import admin_credits, credentials, verification

# Printed (ABCD-EFGH-JKMN) or compact, any case; anything longer is not a code and is a plain 404.
CODE = "{code:[A-Za-z0-9-]{1,20}}"


def setup_routes(app: web.Application) -> None:
    """Register the verification pages and the credential files."""
    add_routes(app.router, L, [
        ("GET", "/verify", verification.verify_form, "verify"),
        ("POST", "/verify", verification.verify_file, None),
        ("GET", "/verify/" + CODE, verification.record_page, "verify_record"),
        ("POST", "/account/transcript/" + CODE + "/name", verification.name_choice, "name_choice"),
        ("POST", "/account/transcript/" + CODE + "/partners", verification.partner_choice, "partner_choice"),
        ("GET", "/account/credentials.zip", credentials.my_credentials, "my_credentials"),
        ("GET", "/admin/credits", admin_credits.credits, "admin_credits"),
        ("POST", "/admin/credits/" + CODE + "/revoke", admin_credits.revoke, "admin_revoke"),
    ])
    add_routes(app.router, "", [
        ("GET", "/credentials/status/revocation", credentials.status_list, "status_list"),
        ("GET", "/credentials/" + CODE + ".json", credentials.credential, "credential"),
        ("GET", "/.well-known/did.json", credentials.did, "did"),
    ])
