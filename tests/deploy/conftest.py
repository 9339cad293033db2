from tests.portal.conftest import demo_template, demo_url  # noqa: F401  (fixtures)
