"""Enrollment in intakes: whether an intake is open, seats, the waitlist, cancelling, rosters and calendars."""

from courses.enrollment.icalendar import (
    Event,
    calendar,
    fold,
)
from courses.enrollment.opening import (
    AlreadyCompleted,
    DeadlinePassed,
    EnrollmentRefused,
    IntakeEnded,
    IntakeStarted,
    NotEnrolled,
    NotPublished,
    check_open,
    is_open,
)
from courses.enrollment.seats import (
    EnrollmentView,
    availability,
    cancel,
    cancel_enrollment,
    cancellable,
    enroll,
    enrollment_in,
    fill_from_waitlist,
    my_enrollments,
)

__all__ = [
    "AlreadyCompleted",
    "DeadlinePassed",
    "EnrollmentRefused",
    "EnrollmentView",
    "Event",
    "IntakeEnded",
    "IntakeStarted",
    "NotEnrolled",
    "NotPublished",
    "availability",
    "calendar",
    "cancel",
    "cancel_enrollment",
    "cancellable",
    "check_open",
    "enroll",
    "enrollment_in",
    "fill_from_waitlist",
    "fold",
    "is_open",
    "my_enrollments",
]
