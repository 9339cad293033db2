"""Catalogue staff: accounts and permissions, editing courses and bases, importing and exporting official lists."""

from courses.staff.editing import (
    StaffUser,
    missing_translations,
    translation_coverage,
)
from courses.staff.exporter import (
    EXPORT_COLUMNS,
    catalogue_rows,
    intake_calendar,
    learner_calendar,
    to_csv,
    to_xlsx,
)
from courses.staff.import_columns import (
    PROBLEM_MESSAGES,
)
from courses.staff.importer import (
    ImportReport,
    import_file,
)
from courses.staff.roles import (
    MIN_PASSWORD_LENGTH,
    AccountExists,
    Action,
    Forbidden,
    active_staff,
    authenticate,
    can,
    create_staff,
    require,
    set_disabled,
    set_password,
)

__all__ = [
    "AccountExists",
    "Action",
    "EXPORT_COLUMNS",
    "Forbidden",
    "ImportReport",
    "MIN_PASSWORD_LENGTH",
    "PROBLEM_MESSAGES",
    "StaffUser",
    "active_staff",
    "authenticate",
    "can",
    "catalogue_rows",
    "create_staff",
    "import_file",
    "intake_calendar",
    "learner_calendar",
    "missing_translations",
    "require",
    "set_disabled",
    "set_password",
    "to_csv",
    "to_xlsx",
    "translation_coverage",
]
