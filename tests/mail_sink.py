"""A real SMTP server process on 127.0.0.1 (aiosmtpd) that keeps every mail it receives as a file.

``python -m tests.mail_sink DIR`` listens on a free port, prints ``PORT <n>`` once it accepts
connections, and writes each received mail to ``DIR/<n>.eml``. :class:`MailSink` runs it for a
test and reads the mails back.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import itertools
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

WAIT = 20.0


class _Keep:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        number = next(self.count)
        partial = self.folder / f".{number}.tmp"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.folder / f"{number:05d}.eml")
        return "250 OK"


def main(folder: str) -> None:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port, asked of the system (never a fixed one)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(_Keep(Path(folder)), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"PORT {port}", flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin
    finally:
        controller.stop()


class MailSink:
    """The sink process for one test: ``url`` is its SMTP_URL, :meth:`mails` what it received."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[str] | None = None
        self.port = 0

    def __enter__(self) -> MailSink:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen([sys.executable, "-m", "tests.mail_sink", str(self.folder)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("PORT "), f"the mail sink did not start: {line!r}"
        self.port = int(line.split()[1])
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def mails(self, to: str | None = None) -> list[EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(mail, EmailMessage)
            if to is None or mail["To"] == to:
                found.append(mail)
        return found

    async def wait_for(self, count: int, to: str | None = None, timeout: float = WAIT) -> list[EmailMessage]:
        """At least ``count`` mails (to ``to``), waiting for them up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while len(mails := self.mails(to)) < count:
            assert time.monotonic() < deadline, f"{len(mails)} of {count} mails arrived"
            await asyncio.sleep(0.05)
        return mails


def text_of(mail: EmailMessage, subtype: str = "plain") -> str:
    part = mail.get_body(preferencelist=(subtype,))
    assert part is not None, f"no text/{subtype} part"
    return str(part.get_content())


if __name__ == "__main__":
    main(sys.argv[1])
