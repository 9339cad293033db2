"""What the learner is told when the domain refuses something, by the refusal's stable code.

The msgids are defined once here; the portal and the bot translate them (``_(refusal_message(e))``).
"""

from __future__ import annotations

from courses.errors import CourseError
from courses.vocabulary import N_

__all__ = [
    "ENROLLMENT_FALLBACK",
    "refusal_message",
]

MESSAGES = {
    "not_published": N_("This course is not open for enrollment."),
    "deadline_passed": N_("The enrollment deadline of this intake has passed."),
    "intake_started": N_("This intake has already started."),
    "intake_ended": N_("This intake has ended."),
    "already_completed": N_("You have already completed this course."),
    "not_enrolled": N_("You are not enrolled in this intake."),
    "not_found": N_("This intake is no longer available."),
    "email_taken": N_("An account with this email address already exists. Try signing in."),
    "invalid_email": N_("Please enter a valid email address."),
    "weak_password": N_("Please choose a password of at least 8 characters."),
    "invalid_credentials": N_("The email address or the password is not right."),
    "invalid_timezone": N_("Please choose a time zone from the list."),
    "invalid_locale": N_("Please choose a language from the list."),
    "address_not_confirmed": N_("Please confirm your e-mail address first: open the link in the mail we "
                                "sent you. Until then an enrollment does not take a seat."),
}
FALLBACK = N_("That did not work. Please try again.")
ENROLLMENT_FALLBACK = N_("Enrollment is not possible at the moment.")


def refusal_message(error: CourseError, fallback: str = FALLBACK) -> str:
    """The msgid that explains a refusal to the learner (``fallback`` for a code without one)."""
    return MESSAGES.get(error.code, fallback)
