"""The closed vocabularies of the catalogue (tracks, levels, the 19 major categories, audiences, kinds)
and their msgids.
"""

from courses.vocabulary.kinds import (
    ACTIVE_ENROLLMENT,
    MAJOR_CATEGORIES,
    N_,
    TRACK_LABELS,
    Audience,
    BaseDomain,
    BaseKind,
    Channel,
    CourseKind,
    Delivery,
    EnrollmentStatus,
    Level,
    OutboxStatus,
    ProviderKind,
    Source,
    StaffRole,
    Status,
    Track,
)

__all__ = [
    "ACTIVE_ENROLLMENT",
    "Audience",
    "BaseDomain",
    "BaseKind",
    "Channel",
    "CourseKind",
    "Delivery",
    "EnrollmentStatus",
    "Level",
    "MAJOR_CATEGORIES",
    "N_",
    "OutboxStatus",
    "ProviderKind",
    "Source",
    "StaffRole",
    "Status",
    "TRACK_LABELS",
    "Track",
]
