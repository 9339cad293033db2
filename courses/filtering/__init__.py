"""What lists and searches are narrowed by: filters read from typed values or query strings, and the SQL
conditions they become (written once for lists, facets and search).
"""

from courses.filtering import conditions, filters
from courses.filtering.conditions import *  # noqa: F403
from courses.filtering.filters import *  # noqa: F403

__all__ = [
    *conditions.__all__,
    *filters.__all__,
]
