"""A TCP proxy that delivers every chunk some time after it arrived: a database across a slow link.

A managed database in another region answers each round trip tens of milliseconds later. Whatever a
process holds across round trips (a lock, a transaction) it holds that much longer, and the others
wait. This proxy puts that distance between a test's process and the loopback PostgreSQL, the same
in both directions, keeping the byte stream in order.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

__all__ = ["slow_link"]


async def _carry(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, one_way_s: float) -> None:
    """Forward what `reader` receives to `writer`, each chunk `one_way_s` after it arrived, in order."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, chunk = await queue.get()
            if not chunk:
                break
            await asyncio.sleep(max(0.0, due - loop.time()))
            writer.write(chunk)
            await writer.drain()

    delivering = asyncio.create_task(deliver())
    try:
        while chunk := await reader.read(65536):
            queue.put_nowait((loop.time() + one_way_s, chunk))
    finally:
        queue.put_nowait((0.0, b""))
        with contextlib.suppress(ConnectionError):
            await delivering
        writer.close()


@contextlib.asynccontextmanager
async def slow_link(host: str, port: int, one_way_s: float) -> AsyncIterator[int]:
    """A loopback port whose connections reach `host:port`, every byte `one_way_s` late each way."""
    ends: list[asyncio.StreamWriter] = []
    carrying: set[asyncio.Future[Any]] = set()

    async def connected(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection(host, port)
        ends.extend((client_w, server_w))
        both = asyncio.gather(
            _carry(client_r, server_w, one_way_s),
            _carry(server_r, client_w, one_way_s),
            return_exceptions=True,
        )
        carrying.add(both)
        await both

    server = await asyncio.start_server(connected, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for end in ends:  # the pumps see the end of their streams and stop
            end.close()
        await asyncio.gather(*carrying, return_exceptions=True)
