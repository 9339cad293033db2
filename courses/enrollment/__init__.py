"""Enrollment in intakes: whether an intake is open, seats, the waitlist, cancelling, rosters and calendars."""

from courses.enrollment import icalendar, opening, reachable, seats
from courses.enrollment.icalendar import *  # noqa: F403
from courses.enrollment.opening import *  # noqa: F403
from courses.enrollment.reachable import *  # noqa: F403
from courses.enrollment.seats import *  # noqa: F403

__all__ = [
    *icalendar.__all__,
    *opening.__all__,
    *reachable.__all__,
    *seats.__all__,
]
