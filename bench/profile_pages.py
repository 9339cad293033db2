"""Where an uncached page's time goes: cProfile over the real application, in-process.

    python -m bench.profile_pages [--database-url URL] [--requests 200] [--top 30]

Builds the portal with ``create_app`` over an existing demo catalogue (default
``data/bench-100000.db``, made by ``bench/portal.py`` or ``python -m courses demo --scale 100000``),
waits for the catalogue index, then sends ``--requests`` distinct URLs of each kind (a filtered list
page, and a search) through aiohttp's test client, every one a page cache miss, and prints the median
time of a request and the functions with the most cumulative and own time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import time
import urllib.parse

from aiohttp.test_utils import TestClient, TestServer

from bench.search import QUERIES
from bench.uncached import FILTERS, LOCALES
from courses.settings import Settings
from portal.app import create_app


def kinds(count: int) -> dict[str, list[str]]:
    lists, searches = [], []
    for n in range(count):
        locale = LOCALES[n % len(LOCALES)]
        filters = dict(FILTERS[n % len(FILTERS)])
        lists.append(f"/{locale}/courses?" + urllib.parse.urlencode({**filters, "page": str(n // 7 + 2)}))
        searches.append(f"/{locale}/courses?" + urllib.parse.urlencode({"q": QUERIES[n % len(QUERIES)][0],
                                                                       "page": str(n // 40 + 1)}))
    return {"list page": lists, "search page": searches}


async def profile(url: str, count: int, top: int) -> None:
    settings = Settings(database_url=url, bot_token=None, redis_url=None)  # type: ignore[call-arg]
    async with TestClient(TestServer(create_app(settings))) as client:
        (await client.get("/en/courses")).release()  # the index is built before the first answer
        for name, paths in kinds(count).items():
            for path in paths[:10]:  # warm-up: templates compiled, catalogues parsed
                (await client.get(path.replace("page=", "page=1"))).release()
            profiler = cProfile.Profile()
            times = []
            for path in paths:
                started = time.perf_counter()
                profiler.enable()
                response = await client.get(path)
                await response.read()
                profiler.disable()
                times.append((time.perf_counter() - started) * 1000)
                assert response.status == 200, (path, response.status)
            print(f"\n=== {name}: {count} requests, median {statistics.median(times):.2f} ms, "
                  f"p95 {sorted(times)[int(len(times) * 0.95)]:.2f} ms")
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
                print(f"--- by {order}")
                print("\n".join(out.getvalue().splitlines()[6:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:///data/bench-100000.db")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(profile(args.database_url, args.requests, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
