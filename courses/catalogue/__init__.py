"""What learners browse: course and base lists with filters, facets and paging, course and base pages,
partner selections.
"""

from courses.catalogue.bases import (
    base_facets,
    get_base,
    list_bases,
    nearest_bases,
)
from courses.catalogue.entries import (
    BaseCard,
    BaseDetail,
    CourseCard,
    CourseDetail,
    Facets,
    IntakeView,
    Page,
    PartnerCatalogue,
)
from courses.catalogue.freshness import (
    catalogue_fingerprint,
    catalogue_stamp,
)
from courses.catalogue.published import (
    partner_slugs,
    published_base_ids,
    published_course_count,
    published_course_ids,
)
from courses.catalogue.queries import (
    BaseFilters,
    course_facets,
    get_course,
    get_courses,
    list_chinese_plus,
    list_courses,
    partner_catalogue,
)
from courses.catalogue.stats import (
    catalogue_stats,
    published_counts_by_track,
)

__all__ = [
    "BaseCard",
    "BaseDetail",
    "BaseFilters",
    "CourseCard",
    "CourseDetail",
    "Facets",
    "IntakeView",
    "Page",
    "PartnerCatalogue",
    "base_facets",
    "catalogue_fingerprint",
    "catalogue_stamp",
    "catalogue_stats",
    "course_facets",
    "get_base",
    "get_course",
    "get_courses",
    "list_bases",
    "list_chinese_plus",
    "list_courses",
    "nearest_bases",
    "partner_catalogue",
    "partner_slugs",
    "published_base_ids",
    "published_counts_by_track",
    "published_course_count",
    "published_course_ids",
]
