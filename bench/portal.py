"""Requests/s and p99 latency of the course list, a course page and a bare aiohttp handler, in one run.

    python bench/portal.py [--scale 100000] [--database-url sqlite:///data/bench-100000.db]
                           [--connections 64] [--duration 10]

The catalogue is generated once (``python -m courses demo --scale N``) into its own SQLite file
and reused by later runs. The portal (``python -m portal``) and a bare aiohttp handler each run
in a process of their own on 127.0.0.1; ``wrk`` (Debian package ``wrk``) loads them one after
the other with the same connections and duration, anonymous, accepting gzip.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bare_server(port: int) -> None:
    """The reference: an aiohttp application with one handler returning 13 bytes."""
    from aiohttp import web

    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="Hello, world!")

    app = web.Application()
    app.router.add_get("/", hello)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up within {timeout:.0f} s")


def wrk(url: str, connections: int, duration: int) -> tuple[float, float]:
    """Run wrk; return (requests per second, p99 latency in ms)."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-H", "Accept-Encoding: gzip", url],
        check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors for {url}:\n{out}")
    return rate, p99


def prepare_catalogue(database_url: str, scale: int) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([PYTHON, "-m", "courses", "migrate"], check=True, cwd=ROOT, env=env)
    # Progress bars go to stderr; keep the report readable.
    subprocess.run([PYTHON, "-m", "courses", "demo", "--scale", str(scale), "--if-empty"], check=True,
                   cwd=ROOT, env=env, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        bare_server(args.bare_server)
        return 0
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    database_url = args.database_url or f"sqlite:///data/bench-{args.scale}.db"
    prepare_catalogue(database_url, args.scale)

    portal_port, bare_port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": str(portal_port),
           "BOT_TOKEN": "", "REDIS_URL": os.environ.get("REDIS_URL", "")}
    processes = [
        subprocess.Popen([PYTHON, "-m", "portal"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL),
        subprocess.Popen([PYTHON, str(Path(__file__).resolve()), "--bare-server", str(bare_port)], cwd=ROOT,
                         stdout=subprocess.DEVNULL),
    ]
    try:
        portal = f"http://127.0.0.1:{portal_port}"
        bare = f"http://127.0.0.1:{bare_port}/"
        wait_until_up(portal + "/healthz")
        wait_until_up(bare)
        html = urllib.request.urlopen(portal + "/en/courses", timeout=30).read().decode()
        course = re.search(r'href="(/en/courses/\d+)"', html).group(1)
        targets = {"bare aiohttp handler": bare, "course list /en/courses": portal + "/en/courses",
                   f"course page {course}": portal + course}
        for url in targets.values():  # warm the page cache and the connection pools
            urllib.request.urlopen(url, timeout=30).read()
        results = {name: wrk(url, args.connections, args.duration) for name, url in targets.items()}
        metrics = urllib.request.urlopen(portal + "/metrics", timeout=30).read().decode()
        cache = dict(re.findall(r'portal_page_cache_total\{result="(\w+)"\} (\d+)', metrics))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)

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
