"""The database: opening and closing it, raw SQL on either backend, the schema (Alembic), short-lived counts."""

from courses.storage import counting, db, health, schema, sql
from courses.storage.counting import *  # noqa: F403
from courses.storage.db import *  # noqa: F403
from courses.storage.health import *  # noqa: F403
from courses.storage.schema import *  # noqa: F403
from courses.storage.sql import *  # noqa: F403

__all__ = [
    *counting.__all__,
    *db.__all__,
    *health.__all__,
    *schema.__all__,
    *sql.__all__,
]
