"""Enrollment in intakes: whether an intake is open, seats, the waitlist, cancelling, staff edits of
an intake's capacity, rosters and calendars."""

from courses.enrollment import capacity, icalendar, opening, outlook, reachable, seats
from courses.enrollment.capacity import *  # noqa: F403
from courses.enrollment.icalendar import *  # noqa: F403
from courses.enrollment.opening import *  # noqa: F403
from courses.enrollment.outlook import *  # noqa: F403
from courses.enrollment.reachable import *  # noqa: F403
from courses.enrollment.seats import *  # noqa: F403

__all__ = [
    *capacity.__all__,
    *icalendar.__all__,
    *opening.__all__,
    *outlook.__all__,
    *reachable.__all__,
    *seats.__all__,
]
