"""The bits of raw ASGI every loopback fake needs: answer the lifespan, read a request body."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["Receive", "Send", "read_body", "serve_lifespan"]

Receive = Callable[[], Awaitable[dict[str, Any]]]
"""ASGI's `receive`: the next message from the server."""
Send = Callable[[dict[str, Any]], Awaitable[None]]
"""ASGI's `send`: one message to the server."""


async def serve_lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge start-up and shut-down until the server stops."""
    while True:
        msg = await receive()
        if msg["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif msg["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def read_body(receive: Receive) -> bytes:
    """The whole request body."""
    body = b""
    while True:
        msg = await receive()
        chunk: bytes = msg.get("body", b"")
        body += chunk
        if not msg.get("more_body"):
            return body
