"""Fire many enroll and cancel calls at once, each group of calls over a connection of its own.

Used in-process by the concurrency tests and, as ``python -m tests.courses.crowd``, as a
separate OS process sharing the database file (the portal and the bot on one SQLite file).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import asdict

from courses.enrollment import NotEnrolled, cancel, enroll
from courses.storage import database
from courses.vocabulary import Source
from tests.courses.intakes import NOW


async def crowd(url: str, intake_id: int, enrolling: Sequence[int], cancelling: Sequence[int] = (),
                connections: int = 10) -> list[dict]:
    """Enroll ``enrolling`` and cancel ``cancelling`` learners concurrently over ``connections`` contexts.

    Returns one dict per call: the enroll result, a cancel result, or ``{"error": code}``.
    """
    calls = [("enroll", lid) for lid in enrolling] + [("cancel", lid) for lid in cancelling]
    # Interleave the two kinds so that cancels land among enrolls, the same way on every run.
    random.Random(len(calls)).shuffle(calls)
    shares = [calls[i::connections] for i in range(connections)]

    async def one(action: str, learner_id: int) -> dict:
        try:
            if action == "enroll":
                result = asdict(await enroll(learner_id, intake_id, source=Source.BOT, now=NOW))
            else:
                result = asdict(await cancel(learner_id, intake_id, now=NOW))
        except NotEnrolled as error:
            result = {"error": error.code}
        return {"action": action, "learner_id": learner_id, **result}

    async def over_own_connection(share: list[tuple[str, int]]) -> list[dict]:
        async with database(url, global_fallback=False):
            return list(await asyncio.gather(*(one(action, lid) for action, lid in share)))

    results = await asyncio.gather(*(over_own_connection(share) for share in shares if share))
    return [r for group in results for r in group]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("intake_id", type=int)
    parser.add_argument("--enroll", type=int, nargs="*", default=[])
    parser.add_argument("--cancel", type=int, nargs="*", default=[])
    parser.add_argument("--connections", type=int, default=10)
    args = parser.parse_args(argv)
    results = asyncio.run(crowd(args.url, args.intake_id, args.enroll, args.cancel, args.connections))
    json.dump(results, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1:])
