"""What lists and searches are narrowed by: filters read from typed values or query strings, and the SQL
conditions they become (written once for lists, facets and search).
"""

from courses.filtering.conditions import (
    open_intake,
)
from courses.filtering.filters import (
    BaseFilters,
    CourseFilters,
)

__all__ = [
    "BaseFilters",
    "CourseFilters",
    "open_intake",
]
