"""One search across courses, bases and programmes: text analysis, the search index, ranked matching."""

from courses.search.compiling import (
    MatchKind,
)
from courses.search.index import (
    reindex_bases,
    reindex_courses,
)
from courses.search.query import (
    HitKind,
    search,
)

__all__ = [
    "HitKind",
    "MatchKind",
    "reindex_bases",
    "reindex_courses",
    "search",
]
