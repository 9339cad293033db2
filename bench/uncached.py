"""Every request a different URL: the portal's course list with filters, deep pages and searches.

    python -m bench.uncached [--scale 100000] [--database-url URL] [--connections 64] [--duration 10]

Loads the demo catalogue (``--scale`` courses, once per database file; a PostgreSQL URL works too),
starts ``python -m portal`` and a bare aiohttp handler in processes of their own on 127.0.0.1, and
drives both with ``wrk`` (Debian package ``wrk``) at the same connections and duration. For the
portal, a Lua script hands every request the next of ~100,000 distinct URLs: filter combinations,
pages up to 2,500 deep, and searches in zh-Hans, zh-Hant, pinyin, en, ru, fr, ar and th with typos,
each in one of the 7 locales — so the page cache (almost) never has the page. The measured run
follows 5 s of the same kind of traffic on other URLs of the list (a process that has just started
has compiled no template and kept no fragment yet). Then the cached path:
one URL again and again. Prints req/s, p99, the ratio to the bare handler, and the portal's memory.
"""

from __future__ import annotations

import itertools
import random
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from bench.search import QUERIES
from bench.serving import arguments, page_cache_counts, rss_mb, serve, wrk

LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")
FILTERS = [
    {}, {"track": "online"}, {"track": "continuing"}, {"track": "chinese_plus"}, {"level": "national"},
    {"track": "online", "level": "provincial"}, {"category": "46"}, {"category": "52", "delivery": "online"},
    {"audience": "migrant_workers"}, {"audience": "older_adults", "track": "continuing"}, {"lang": "en"},
    {"lang": "ru", "category": "44"}, {"kind": "professional"}, {"hsk": "3"}, {"partner_country": "TH"},
    {"delivery": "blended", "kind": "foundation"}, {"country": "CN", "category": "53"}, {"province": "Jiangsu"},
]
EXTRA_QUERIES = ["电工", "护士", "汽修", "electrician", "электрик", "كهرباء", "infirmière", "электрике",
                 "welding nursing", "luban workshop", "老年大学", "zzzqqq", "a' OR 1=1 --", 'NEAR("a" "b")']


WARM_UP = 5  # seconds of other distinct URLs before the measured run


def urls(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct course-list URLs drawn at random from every combination of locale, filters,
    query and page, so that every locale, filter and query is in the mix (shuffled)."""
    queries = [None, *(text for text, _ in QUERIES), *EXTRA_QUERIES]
    every = list(itertools.product(LOCALES, FILTERS, queries, range(1, 60)))
    random.Random(seed).shuffle(every)
    found: dict[str, None] = {}
    for locale, filters, query, page in every:
        params = dict(filters)
        if query:
            params["q"] = query
        if page > 1:
            params["page"] = str(page if query else page * 43)
        found[f"/{locale}/courses?" + urllib.parse.urlencode(params)] = None
        if len(found) >= count:
            break
    return list(found)


def lua_script(paths: list[str], folder: Path) -> Path:
    """A wrk script whose threads walk the list from different ends: no URL twice in a run. Its one
    argument moves both starting points (a warm-up run walks other URLs than the measured one)."""
    quoted = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script = folder / "uncached.lua"
    script.write_text(
        "local paths = {\n" + quoted + "\n}\n"
        "local counter, step = 0, 1\n"
        "local n = 0\n"
        "function setup(thread) n = n + 1; thread:set('first', n) end\n"
        "function init(args) counter = tonumber(first) * 50000 + (tonumber(args[1]) or 0) end\n"
        "function request()\n"
        "  counter = counter + 1\n"
        "  return wrk.format('GET', paths[(counter % #paths) + 1], {['Accept-Encoding'] = 'gzip'})\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def main() -> int:
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory(prefix="lifelong-wrk-") as folder, serve(args, startup=300) as servers:
        portal = servers.portal
        started_mb = rss_mb(servers.portal_pid)
        script = lua_script(urls(100_000), Path(folder))
        urllib.request.urlopen(portal + "/en/courses", timeout=60).read()
        # Templates compiled, catalogues and Babel data loaded, kept fragments in their steady state:
        # on URLs a quarter of the list away from where the measured run walks.
        wrk(portal, args.connections, WARM_UP, script, ("25000",))
        results = {
            "bare aiohttp handler": wrk(servers.bare, args.connections, args.duration),
            "every request a different URL": wrk(portal, args.connections, args.duration, script),
            "one URL again (page cache)": wrk(portal + "/en/courses", args.connections, args.duration),
        }
        cache = page_cache_counts(portal)
        loaded_mb = rss_mb(servers.portal_pid)
    database_url = servers.database_url
    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"\n{backend}, scale {args.scale:,} courses, {args.connections} connections, {args.duration} s each, wrk -t2")
    print(f"{'target':<34}{'req/s':>10}{'p99 ms':>10}{'ratio':>8}")
    bare_rate = results["bare aiohttp handler"][0]
    for name, (rate, p99, errors) in results.items():
        print(f"{name:<34}{rate:>10,.0f}{p99:>10.1f}{rate / bare_rate:>8.3f}  {errors}")
    print(f"page cache: {cache.get('hit', '?')} hits, {cache.get('miss', '?')} misses")
    print(f"portal memory: {started_mb:.0f} MB after start (index built), {loaded_mb:.0f} MB after the runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
