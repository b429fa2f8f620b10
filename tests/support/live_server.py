"""Serve an ASGI app over real HTTP on a loopback port, inside the test's event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn

__all__ = ["free_port", "serve"]

_POLL_S = 0.002
"""How often a stopping server looks whether its connections and tasks are done."""


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _PromptServer(uvicorn.Server):
    """uvicorn's server, stopping as soon as it is told to and its connections are closed.

    uvicorn looks for `should_exit` every 0.1 s and sleeps a fixed 0.1 s after asking its connections
    to close, then polls them every 0.1 s: 0.2-0.3 s of sleep for each server a test stops, most of a
    channel test's time, and minutes over the suite. The steps are uvicorn's own, in its order."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self.should_exit = True
        self._stop.set()

    async def main_loop(self) -> None:
        await self.on_tick(0)  # the Date header, as uvicorn's first tick sets it
        await self._stop.wait()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        async with asyncio.timeout(self.config.timeout_graceful_shutdown or 30):
            while self.server_state.connections or self.server_state.tasks:  # noqa: ASYNC110 - uvicorn keeps them in sets, with no event to wait on
                await asyncio.sleep(_POLL_S)
        for server in self.servers:
            await server.wait_closed()
        await self.lifespan.shutdown()


@asynccontextmanager
async def serve(app: Any, port: int | None = None) -> AsyncIterator[str]:
    """Run `app` with uvicorn until the block ends; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        ws="websockets-sansio",
        proxy_headers=False,  # as `knotty serve`: the app reads proxy headers itself (web/proxy.py)
        server_header=False,
    )
    server = _PromptServer(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("server stopped during start-up")
        await asyncio.sleep(_POLL_S)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        await task
