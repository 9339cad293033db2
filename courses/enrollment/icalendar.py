"""iCalendar (RFC 5545) documents of dated events, written by hand: only VEVENTs in UTC are needed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = [
    "Event",
    "calendar",
    "fold",
]

PRODID = "-//Lifelong Learning Portal//Courses//EN"
_LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime | None = None
    timezone: str | None = None  # the intake's zone, told to the reader; times are written in UTC
    url: str | None = None
    location: str | None = None
    description: str | None = None


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    chunks: list[str] = []
    current: list[str] = []
    size, limit = 0, _LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, _LINE_OCTETS - 1  # continuation lines start with a space
        current.append(ch)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], *, stamp: datetime) -> str:
    """Return a VCALENDAR with one VEVENT per event, CRLF line ends, folded lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc_stamp(stamp)}",
            f"DTSTART:{utc_stamp(event.starts_at)}",
        ]
        if event.ends_at is not None and event.ends_at > event.starts_at:
            lines.append(f"DTEND:{utc_stamp(event.ends_at)}")
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.timezone:
            lines.append(f"X-LIFELONG-TIMEZONE:{escape_text(event.timezone)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
