"""The credit bank: completions become credit records, transcripts, verification by code."""

from courses.credits import records
from courses.credits.records import *  # noqa: F403

__all__ = [
    *records.__all__,
]
