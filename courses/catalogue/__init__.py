"""What learners browse: course and base lists with filters, facets and paging, course and base pages,
partner selections.
"""

from courses.catalogue import bases, elsewhere, entries, freshness, partnered, published, queries, stats, watching
from courses.catalogue.bases import *  # noqa: F403
from courses.catalogue.elsewhere import *  # noqa: F403
from courses.catalogue.entries import *  # noqa: F403
from courses.catalogue.freshness import *  # noqa: F403
from courses.catalogue.partnered import *  # noqa: F403
from courses.catalogue.published import *  # noqa: F403
from courses.catalogue.queries import *  # noqa: F403
from courses.catalogue.stats import *  # noqa: F403
from courses.catalogue.watching import *  # noqa: F403

__all__ = [
    *bases.__all__,
    *elsewhere.__all__,
    *entries.__all__,
    *freshness.__all__,
    *partnered.__all__,
    *published.__all__,
    *queries.__all__,
    *stats.__all__,
    *watching.__all__,
]
