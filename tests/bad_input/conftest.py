"""The real portal over the demo catalogue, as the portal's own tests build it."""

from tests.portal.conftest import client, demo_template, demo_url  # noqa: F401  (fixtures)
