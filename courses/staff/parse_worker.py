"""Read and check an uploaded course list in a child process bounded in time and memory.

A spreadsheet is untrusted input: however it was crafted, reading it must not stall the
portal's event loop nor take the machine's memory. The child is forked from a forkserver
that has the readers imported already (a fork costs milliseconds), lowers its own address-space
limit first, and is killed when the time is up.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from courses.staff.import_columns import Problem
from courses.staff.import_rows import parse
from courses.staff.sheets import UnreadableFile, read_sheet

__all__ = [
    "Checker",
    "PARSE_MEMORY",
    "PARSE_SECONDS",
    "ParsedList",
    "parse_in_worker",
]

log = logging.getLogger(__name__)

PARSE_SECONDS = 60.0  # a 100,000-row list reads in a few seconds; far beyond that it is hostile
PARSE_MEMORY = 1024 * 1024 * 1024  # bytes of address space of the child, interpreter included
PARSE_NICENESS = 10

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["courses.staff.parse_worker"])


@dataclass(frozen=True)
class ParsedList:
    """The valid rows of a file and every problem found (``problems`` non-empty: import nothing).

    Rows are :class:`CourseRow` for course lists, the checker's own rows for other sheets.
    """

    rows: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None


def read_and_check(data: bytes) -> ParsedList:
    """Read a CSV or XLSX file and check its rows, in this process."""
    try:
        sheet = read_sheet(data)
    except UnreadableFile as error:
        return ParsedList(problems=[Problem(None, None, error.code, details=error.details)])
    rows, problems = parse(sheet)
    return ParsedList(rows, problems, sheet.encoding)


Checker = Callable[[bytes], ParsedList]  # module level, so that the child can be handed it by name


def _child(data: bytes, memory: int, sender: Connection, check: Checker = read_and_check) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # Below the portal's priority: on a busy machine the pages are served first, the parse waits.
    os.nice(PARSE_NICENESS)
    try:
        result = check(data)
    except MemoryError:
        result = ParsedList(problems=[Problem(None, None, "too_large")])
    try:
        sender.send(result)
    except MemoryError:
        pass  # the parent sees the pipe close and reports the file as too large
    finally:
        sender.close()


def _receive(receiver: Connection, seconds: float) -> ParsedList:
    if not receiver.poll(seconds):
        return ParsedList(problems=[Problem(None, None, "too_slow")])
    try:
        result: ParsedList = receiver.recv()
    except EOFError:  # the child died: out of memory, or killed
        return ParsedList(problems=[Problem(None, None, "too_large")])
    return result


async def parse_in_worker(
    data: bytes, *, seconds: float = PARSE_SECONDS, memory: int = PARSE_MEMORY, check: Checker = read_and_check
) -> ParsedList:
    """Read and check ``data`` in a child process; the event loop only waits.

    ``check`` reads and checks the bytes (a course list unless told otherwise); it must be a
    module-level function so that it can be sent to the child.

    A child still working after ``seconds`` is killed and the file reported ``too_slow``; one that
    runs out of its ``memory`` bytes of address space is reported ``too_large``.
    """
    receiver, sender = _context.Pipe(duplex=False)
    process = _context.Process(target=_child, args=(data, memory, sender, check), daemon=True)
    try:
        await asyncio.to_thread(process.start)
    finally:
        sender.close()
    try:
        return await asyncio.to_thread(_receive, receiver, seconds)
    finally:
        if process.is_alive():
            process.kill()
        await asyncio.to_thread(process.join)
        receiver.close()
        process.close()
