"""Message ids of the catalogue's closed vocabularies, as the portal and the bot name them.

Tracks and major categories are named in :mod:`courses.vocabulary.kinds`; the rest are here.
"""

from __future__ import annotations

from datetime import datetime

from courses.vocabulary.kinds import (
    MAJOR_CATEGORIES,
    N_,
    TRACK_LABELS,
    Audience,
    BaseDomain,
    BaseKind,
    CourseKind,
    Delivery,
    EnrollmentStatus,
    Level,
)

LEVEL = {
    Level.NATIONAL: N_("National quality course"),
    Level.PROVINCIAL: N_("Provincial quality course"),
    Level.SCHOOL: N_("School quality course"),
}
KIND = {CourseKind.FOUNDATION: N_("Foundation course"), CourseKind.PROFESSIONAL: N_("Professional skills")}
DELIVERY = {Delivery.ONLINE: N_("Online"), Delivery.BLENDED: N_("Blended"), Delivery.ON_SITE: N_("On site")}
AUDIENCE = {
    Audience.EMPLOYEES: N_("Employees"),
    Audience.VETERANS: N_("Veterans"),
    Audience.MILITARY: N_("Serving military"),
    Audience.MIGRANT_WORKERS: N_("Migrant workers"),
    Audience.JOB_CHANGERS: N_("Job changers"),
    Audience.NEW_URBAN_RESIDENTS: N_("New urban residents"),
    Audience.UNEMPLOYED: N_("Unemployed"),
    Audience.DISABLED: N_("People with disabilities"),
    Audience.RURAL_TALENT: N_("Rural practical talent"),
    Audience.OLDER_ADULTS: N_("Older adults"),
}
BASE_KIND = {
    BaseKind.CONTINUING_EDUCATION: N_("Continuing education base"),
    BaseKind.COMMUNITY_EDUCATION: N_("Community education base"),
    BaseKind.ELDER_UNIVERSITY: N_("Elder university"),
    BaseKind.EMPLOYEE_TRAINING: N_("Employee training base"),
    BaseKind.VIRTUAL_SIMULATION: N_("Virtual simulation training base"),
    BaseKind.LUBAN_WORKSHOP: N_("Luban Workshop"),
    BaseKind.OVERSEAS_CENTRE: N_("Overseas learning centre"),
}
DOMAIN = {
    BaseDomain.ELDER: N_("Elder education"),
    BaseDomain.SPECIAL: N_("Special education"),
    BaseDomain.PRESCHOOL: N_("Preschool education"),
    BaseDomain.HEALTH_CARE: N_("Health care"),
    BaseDomain.CULTURE_ARTS: N_("Culture and arts"),
    BaseDomain.DOMESTIC_SERVICE: N_("Domestic services"),
    BaseDomain.MODERN_AGRICULTURE: N_("Modern agriculture"),
    BaseDomain.DIGITAL_SKILLS: N_("Digital skills"),
    BaseDomain.MANUFACTURING: N_("Manufacturing"),
}
ENROLLMENT_STATUS = {
    EnrollmentStatus.ENROLLED: N_("Enrolled"),
    EnrollmentStatus.WAITLISTED: N_("On the waitlist"),
    EnrollmentStatus.CANCELLED: N_("Cancelled"),
    EnrollmentStatus.COMPLETED: N_("Completed"),
}
ENDED = N_("Ended")
TRACK = TRACK_LABELS
CATEGORY = MAJOR_CATEGORIES


def intake_ended(ends_at: datetime | None, now: datetime) -> bool:
    """Whether an intake with this end is over at ``now`` (an intake without an end never is)."""
    return ends_at is not None and ends_at <= now


def enrollment_label(status: EnrollmentStatus, ends_at: datetime | None, now: datetime) -> str:
    """The msgid both faces show for an enrollment: its status, except that a place (or a waitlist
    place) in an intake that has ended is "Ended" rather than still "Enrolled"."""
    if status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED) and intake_ended(ends_at, now):
        return ENDED
    return ENROLLMENT_STATUS[status]
