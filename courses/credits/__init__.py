"""The credit bank: completions become credit records, transcripts, verification by code."""

from courses.credits.records import (
    AlreadyCompleted,
    NotEnrolled,
    Totals,
    complete_enrollment,
    format_code,
    record_completion,
    transcript,
    verify,
)

__all__ = [
    "AlreadyCompleted",
    "NotEnrolled",
    "Totals",
    "complete_enrollment",
    "format_code",
    "record_completion",
    "transcript",
    "verify",
]
