"""What the page benchmarks share: the demo catalogue, the portal and a bare aiohttp handler in
processes of their own on 127.0.0.1, ``wrk`` (Debian package ``wrk``) against them, and memory.

    python -m bench.serving --bare-server PORT     # the bare handler alone (what serve() starts)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
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


def wrk(url: str, connections: int, duration: int, script: Path | None = None,
        script_args: tuple[str, ...] = ()) -> tuple[float, float, str]:
    """Run wrk (gzip accepted, or the Lua ``script`` makes the requests, given ``script_args``); return
    (requests per second, p99 latency in ms, wrk's non-2xx line or "")."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(script)] if script else ["-H", "Accept-Encoding: gzip"]
    out = subprocess.run([*command, url, *(["--", *script_args] if script_args else [])], check=True,
                         capture_output=True, text=True).stdout
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


def arguments(doc: str) -> argparse.Namespace:
    """The options every page benchmark takes: --scale, --database-url, --connections, --duration."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=10)
    return parser.parse_args()


def prepare_catalogue(database_url: str, scale: int) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([PYTHON, "-m", "courses", "migrate"], check=True, cwd=ROOT, env=env)
    # Progress bars go to stderr; keep the report readable.
    subprocess.run([PYTHON, "-m", "courses", "demo", "--scale", str(scale), "--if-empty"], check=True,
                   cwd=ROOT, env=env, stderr=subprocess.DEVNULL)


@dataclass(frozen=True)
class Servers:
    portal: str  # http://127.0.0.1:<port>, no trailing slash
    bare: str  # the bare handler's URL
    portal_pid: int
    database_url: str


@contextlib.contextmanager
def serve(args: argparse.Namespace, *, startup: float = 60.0) -> Iterator[Servers]:
    """The catalogue of ``args.scale`` courses (generated once per database), then the portal and the bare
    handler, both up (the portal within ``startup`` seconds), until the block ends."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    database_url = args.database_url or f"sqlite:///data/bench-{args.scale}.db"
    prepare_catalogue(database_url, args.scale)
    portal_port, bare_port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": str(portal_port),
           "BOT_TOKEN": "", "REDIS_URL": os.environ.get("REDIS_URL", "")}
    processes = [
        subprocess.Popen([PYTHON, "-m", "portal"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL),
        subprocess.Popen([PYTHON, "-m", "bench.serving", "--bare-server", str(bare_port)], cwd=ROOT,
                         stdout=subprocess.DEVNULL),
    ]
    try:
        servers = Servers(f"http://127.0.0.1:{portal_port}", f"http://127.0.0.1:{bare_port}/", processes[0].pid,
                          database_url)
        wait_until_up(servers.portal + "/healthz", timeout=startup)
        wait_until_up(servers.bare)
        yield servers
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def page_cache_counts(portal: str) -> dict[str, str]:
    """The portal's page cache hits and misses so far, from its /metrics."""
    metrics = urllib.request.urlopen(portal + "/metrics", timeout=30).read().decode()
    return dict(re.findall(r'portal_page_cache_total\{result="(\w+)"\} (\d+)', metrics))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bare-server", type=int, required=True)
    bare_server(parser.parse_args().bare_server)
