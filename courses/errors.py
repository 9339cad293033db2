"""Errors the domain raises. Each has a stable ``code`` that the portal, the bot and the API
turn into a localized message; none carries transport details (no HTTP status here)."""

from __future__ import annotations


class CourseError(Exception):
    """Base of every refusal the domain makes on purpose."""

    code = "error"

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message or self.code)
        self.details = details


class NotFound(CourseError):
    code = "not_found"


class InvalidInput(CourseError):
    """A value from outside (a query string, a form, an import row) is not acceptable."""

    code = "invalid_input"
