"""What the learner is told when the domain refuses something, by the refusal's stable code."""

from __future__ import annotations

from courses.errors import CourseError
from courses.vocabulary import N_

MESSAGES = {
    "not_published": N_("This course is not open for enrollment."),
    "deadline_passed": N_("The enrollment deadline of this intake has passed."),
    "intake_started": N_("This intake has already started."),
    "intake_ended": N_("This intake has ended."),
    "already_completed": N_("You have already completed this course."),
    "not_enrolled": N_("You are not enrolled in this intake."),
    "email_taken": N_("An account with this email address already exists. Try signing in."),
    "invalid_email": N_("Please enter a valid email address."),
    "weak_password": N_("Please choose a password of at least 8 characters."),
    "invalid_credentials": N_("The email address or the password is not right."),
    "invalid_timezone": N_("Please choose a time zone from the list."),
    "invalid_locale": N_("Please choose a language from the list."),
}
FALLBACK = N_("That did not work. Please try again.")


def refusal_message(error: CourseError) -> str:
    """The msgid that explains a refusal to the learner."""
    return MESSAGES.get(error.code, FALLBACK)
