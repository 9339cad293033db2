"""Catalogue staff: accounts and permissions, editing courses and bases, importing and exporting official lists."""

from courses.staff import cells, editing, exporter, import_columns, importer, roles
from courses.staff.cells import *  # noqa: F403
from courses.staff.editing import *  # noqa: F403
from courses.staff.exporter import *  # noqa: F403
from courses.staff.import_columns import *  # noqa: F403
from courses.staff.importer import *  # noqa: F403
from courses.staff.roles import *  # noqa: F403

__all__ = [
    *cells.__all__,
    *editing.__all__,
    *exporter.__all__,
    *import_columns.__all__,
    *importer.__all__,
    *roles.__all__,
]
