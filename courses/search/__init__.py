"""One search across courses, bases and programmes: text analysis, the search index, ranked matching."""

from courses.search import compiling, index, query, suggestions
from courses.search.compiling import *  # noqa: F403
from courses.search.index import *  # noqa: F403
from courses.search.query import *  # noqa: F403
from courses.search.suggestions import *  # noqa: F403

__all__ = [
    *compiling.__all__,
    *index.__all__,
    *query.__all__,
    *suggestions.__all__,
]
