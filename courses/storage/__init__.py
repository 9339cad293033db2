"""The database: opening and closing it, raw SQL on either backend, the schema (Alembic), short-lived counts."""

from courses.storage.counting import (
    counts,
)
from courses.storage.db import (
    BUSY_ATTEMPTS,
    MODELS,
    database,
    is_unavailable,
    retry_when_busy,
    tortoise_url,
)
from courses.storage.health import (
    database_latency,
)
from courses.storage.schema import (
    downgrade,
    upgrade,
)
from courses.storage.sql import (
    as_datetime,
    connection,
    execute,
    execute_many,
    fetch,
    fetch_dicts,
)

__all__ = [
    "BUSY_ATTEMPTS",
    "MODELS",
    "as_datetime",
    "connection",
    "counts",
    "database",
    "database_latency",
    "downgrade",
    "execute",
    "execute_many",
    "fetch",
    "fetch_dicts",
    "is_unavailable",
    "retry_when_busy",
    "tortoise_url",
    "upgrade",
]
