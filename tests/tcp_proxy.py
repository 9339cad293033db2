"""A small TCP proxy on 127.0.0.1 that tests put between a client and a server, then cut, slow or reset.

``async with TcpProxy("127.0.0.1", 5432) as proxy:`` listens on ``proxy.port``. While
``proxy.cut()`` is in force every open connection is dropped and new ones are closed at once
(what a stopped server or a broken link looks like to the client); ``proxy.restore()`` ends it.
``proxy.latency`` delays every chunk each way; ``proxy.reset_every`` drops each connection after
that many chunks (a flaky link). ``proxy.blackhole()`` accepts and forwards nothing (a hang).
"""

from __future__ import annotations

import asyncio
import contextlib


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.latency = 0.0
        self.reset_every: int | None = None
        self.connections_made = 0
        self.attempts = 0  # connections tried, refused ones included
        self._mode = "open"  # open, cut, blackhole
        self._links: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        self._drop_all()
        if self._links:
            await asyncio.wait(self._links, timeout=5)
        await self._server.wait_closed()

    def url(self, url: str) -> str:
        """``url`` (``scheme://user@host:port/rest``) with its host and port replaced by the proxy's."""
        scheme, rest = url.split("://", 1)
        userinfo, _, after = rest.rpartition("@")
        path = after.split("/", 1)[1] if "/" in after else ""
        prefix = f"{userinfo}@" if userinfo else ""
        return f"{scheme}://{prefix}127.0.0.1:{self.port}/{path}"

    def cut(self) -> None:
        """Drop every connection and refuse new ones until :meth:`restore`."""
        self._mode = "cut"
        self._drop_all()

    def blackhole(self) -> None:
        """Keep connections open but pass nothing either way until :meth:`restore`."""
        self._mode = "blackhole"

    def restore(self) -> None:
        self._mode = "open"
        self.latency = 0.0
        self.reset_every = None

    def _drop_all(self) -> None:
        for task in list(self._links):
            task.cancel()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.attempts += 1
        if self._mode == "cut":
            writer.transport.abort()
            return
        task = asyncio.current_task()
        assert task is not None
        self._links.add(task)
        self.connections_made += 1
        upstream_writer = None
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
            await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self._links.discard(task)
            writer.transport.abort()
            if upstream_writer is not None:
                upstream_writer.transport.abort()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        chunks = 0
        while True:
            data = await reader.read(65536)
            if not data:
                with contextlib.suppress(OSError):
                    writer.write_eof()
                return
            while self._mode == "blackhole":
                await asyncio.sleep(0.05)
            if self._mode == "cut":
                raise ConnectionResetError("cut")
            if self.latency:
                await asyncio.sleep(self.latency)
            chunks += 1
            if self.reset_every is not None and chunks >= self.reset_every:
                raise ConnectionResetError("flaky link")
            writer.write(data)
            await writer.drain()
