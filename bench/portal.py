"""Requests/s and p99 latency of the course list, a course page and a bare aiohttp handler, in one run.

    python -m bench.portal [--scale 100000] [--database-url sqlite:///data/bench-100000.db]
                           [--connections 64] [--duration 10]

The catalogue is generated once (``python -m courses demo --scale N``) into its own SQLite file
and reused by later runs. The portal (``python -m portal``) and a bare aiohttp handler each run
in a process of their own on 127.0.0.1; ``wrk`` (Debian package ``wrk``) loads them one after
the other with the same connections and duration, anonymous, accepting gzip.
"""

from __future__ import annotations

import re
import urllib.request

from bench.serving import arguments, page_cache_counts, serve, wrk


def main() -> int:
    args = arguments(__doc__)
    with serve(args) as servers:
        html = urllib.request.urlopen(servers.portal + "/en/courses", timeout=30).read().decode()
        course = re.search(r'href="(/en/courses/\d+)"', html).group(1)
        targets = {"bare aiohttp handler": servers.bare, "course list /en/courses": servers.portal + "/en/courses",
                   f"course page {course}": servers.portal + course}
        for url in targets.values():  # warm the page cache and the connection pools
            urllib.request.urlopen(url, timeout=30).read()
        results = {}
        for name, url in targets.items():
            rate, p99, errors = wrk(url, args.connections, args.duration)
            if errors:
                raise SystemExit(f"wrk saw errors for {url}: {errors}")
            results[name] = rate, p99
        cache = page_cache_counts(servers.portal)

    print(f"\nscale {args.scale:,} courses, {args.connections} connections, {args.duration} s each, "
          f"wrk -t2, Accept-Encoding: gzip")
    print(f"{'target':<32}{'req/s':>10}{'p99 ms':>10}{'ratio':>8}")
    bare_rate = results["bare aiohttp handler"][0]
    for name, (rate, p99) in results.items():
        print(f"{name:<32}{rate:>10,.0f}{p99:>10.1f}{rate / bare_rate:>8.2f}")
    print(f"page cache: {cache.get('hit', '?')} hits, {cache.get('miss', '?')} misses")
    list_rate, list_p99 = results["course list /en/courses"]
    ratio = list_rate / bare_rate
    verdict = "meets" if ratio >= 0.4 and list_p99 <= 100 else "misses"
    print(f"\ncourse list at {ratio:.2f}x the bare handler, p99 {list_p99:.1f} ms: {verdict} the target "
          "(>= 0.4x, p99 <= 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
