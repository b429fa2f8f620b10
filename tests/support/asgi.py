"""The bits of raw ASGI every loopback fake needs: answer the lifespan, read a request body."""

from __future__ import annotations

from typing import Any

__all__ = ["read_body", "serve_lifespan"]


async def serve_lifespan(receive: Any, send: Any) -> None:
    """Acknowledge start-up and shut-down until the server stops."""
    while True:
        msg = await receive()
        if msg["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif msg["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def read_body(receive: Any) -> bytes:
    """The whole request body."""
    body = b""
    while True:
        msg = await receive()
        body += msg.get("body", b"")
        if not msg.get("more_body"):
            return body
