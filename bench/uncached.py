"""Every request a different URL: the portal's course list with filters, deep pages and searches.

    python -m bench.uncached [--scale 100000] [--database-url URL] [--connections 64] [--duration 10]

Loads the demo catalogue (``--scale`` courses, once per database file; a PostgreSQL URL works too),
starts ``python -m portal`` and a bare aiohttp handler in processes of their own on 127.0.0.1, and
drives both with ``wrk`` (Debian package ``wrk``) at the same connections and duration. For the
portal, a Lua script hands every request the next of ~100,000 distinct URLs: filter combinations,
pages up to 2,500 deep, and searches in zh-Hans, zh-Hant, pinyin, en, ru, fr, ar and th with typos,
each in one of the 7 locales — so the page cache (almost) never has the page. Then the cached path:
one URL again and again. Prints req/s, p99, the ratio to the bare handler, and the portal's memory.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from bench.portal import PYTHON, ROOT, free_port, prepare_catalogue, wait_until_up
from bench.search import QUERIES

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


def urls(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct course-list URLs, shuffled."""
    found: set[str] = set()
    queries = [None, *(text for text, _ in QUERIES), *EXTRA_QUERIES]
    for locale, filters, query, page in itertools.product(LOCALES, FILTERS, queries, range(1, 60)):
        params = dict(filters)
        if query:
            params["q"] = query
        if page > 1:
            params["page"] = str(page if query else page * 43)
        found.add(f"/{locale}/courses?" + urllib.parse.urlencode(params))
        if len(found) >= count:
            break
    ordered = sorted(found)
    random.Random(seed).shuffle(ordered)
    return ordered


def lua_script(paths: list[str], folder: Path) -> Path:
    """A wrk script whose threads walk the list from different ends: no URL twice in a run."""
    quoted = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script = folder / "uncached.lua"
    script.write_text(
        "local paths = {\n" + quoted + "\n}\n"
        "local counter, step = 0, 1\n"
        "local n = 0\n"
        "function setup(thread) n = n + 1; thread:set('first', n) end\n"
        "function init(args) counter = tonumber(first) * 50000 end\n"
        "function request()\n"
        "  counter = counter + 1\n"
        "  return wrk.format('GET', paths[(counter % #paths) + 1], {['Accept-Encoding'] = 'gzip'})\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def wrk(url: str, connections: int, duration: int, script: Path | None = None) -> tuple[float, float, str]:
    """Run wrk; return (requests per second, p99 latency in ms, the non-2xx line if any)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(script)] if script else ["-H", "Accept-Encoding: gzip"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx.*", out)
    return rate, p99, errors.group(0) if errors else ""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    database_url = args.database_url or f"sqlite:///data/bench-{args.scale}.db"
    prepare_catalogue(database_url, args.scale)
    portal_port, bare_port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": str(portal_port),
           "BOT_TOKEN": "", "REDIS_URL": os.environ.get("REDIS_URL", "")}
    portal_process = subprocess.Popen([PYTHON, "-m", "portal"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
    bare_process = subprocess.Popen([PYTHON, str(ROOT / "bench" / "portal.py"), "--bare-server", str(bare_port)],
                                    cwd=ROOT, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="lifelong-wrk-") as folder:
        try:
            portal = f"http://127.0.0.1:{portal_port}"
            bare = f"http://127.0.0.1:{bare_port}/"
            wait_until_up(portal + "/healthz", timeout=300)
            wait_until_up(bare)
            started_mb = rss_mb(portal_process.pid)
            script = lua_script(urls(100_000), Path(folder))
            urllib.request.urlopen(portal + "/en/courses", timeout=60).read()
            results = {
                "bare aiohttp handler": wrk(bare, args.connections, args.duration),
                "every request a different URL": wrk(portal, args.connections, args.duration, script),
                "one URL again (page cache)": wrk(portal + "/en/courses", args.connections, args.duration),
            }
            metrics = urllib.request.urlopen(portal + "/metrics", timeout=30).read().decode()
            cache = dict(re.findall(r'portal_page_cache_total\{result="(\w+)"\} (\d+)', metrics))
            loaded_mb = rss_mb(portal_process.pid)
        finally:
            for process in (portal_process, bare_process):
                process.terminate()
            for process in (portal_process, bare_process):
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
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
