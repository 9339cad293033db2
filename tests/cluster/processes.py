"""Real processes of the portal on loopback ports, started and always stopped by the tests and bench/soak.py."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Process:
    """``python -m <module>`` with its own environment; output goes to ``log``."""

    def __init__(self, module: str, env: dict[str, str], log: Path, port: int | None = None) -> None:
        self.module = module
        self.env = env
        self.log = log
        self.port = port
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        env = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}
        if self.port is not None:
            env.update(HOST="127.0.0.1", PORT=str(self.port))
        with open(self.log, "ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.module, cwd=ROOT, env=env, stdout=out, stderr=out,
                start_new_session=True)

    async def ready(self, timeout: float = 120.0) -> None:
        """Wait until /healthz answers 200 (web processes) or the process is up (others)."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        if self.port is None:
            await asyncio.sleep(0.5)
            assert self.proc.returncode is None, self.output()
            return
        async with aiohttp.ClientSession() as session:
            while True:
                assert self.proc.returncode is None, f"{self.module} exited:\n{self.output()}"
                try:
                    async with session.get(self.url + "/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                assert time.monotonic() < deadline, f"{self.module} did not start:\n{self.output()}"
                await asyncio.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL after five seconds; never leaves the process behind."""
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 5)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()

    def rss_kib(self) -> int:
        """Resident memory of the process in KiB (Linux)."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0
