"""Routes of the credit bank's public face: verification pages, credential files, the issuer's keys.

:func:`setup_routes` is the one call the portal's routes module makes for them.
"""

from __future__ import annotations

from aiohttp import web

from portal.views import admin_credits, credentials, verification

# Printed (ABCD-EFGH-JKMN) or compact, any case; anything longer is not a code and is a plain 404.
CODE = "{code:[A-Za-z0-9-]{1,20}}"


def setup_routes(app: web.Application) -> None:
    """Register the verification pages and the credential files."""
    from portal.routes import L  # the portal's URL pattern of a locale; routes.py imports this module

    router = app.router
    router.add_get(L + "/verify", verification.verify_form, name="verify")
    router.add_post(L + "/verify", verification.verify_file)
    router.add_get(L + "/verify/" + CODE, verification.record_page, name="verify_record")
    router.add_post(L + "/account/transcript/" + CODE + "/name", verification.name_choice, name="name_choice")
    router.add_get(L + "/account/credentials.zip", credentials.my_credentials, name="my_credentials")
    router.add_get("/credentials/status/revocation", credentials.status_list, name="status_list")
    router.add_get("/credentials/" + CODE + ".json", credentials.credential, name="credential")
    router.add_get("/.well-known/did.json", credentials.did, name="did")
    router.add_get(L + "/admin/credits", admin_credits.credits, name="admin_credits")
    router.add_post(L + "/admin/credits/" + CODE + "/revoke", admin_credits.revoke, name="admin_revoke")
