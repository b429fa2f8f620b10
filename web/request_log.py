"""A request id on every log line of a request, returned as `X-Request-Id`, and one access line each.

Wrapped around the whole app (not a per-route Litestar middleware) so a 404 or a refused method gets
its access line too. The id is made here, never taken from the request: a client could write any
`X-Request-Id` it likes. WebSockets (the voice streams) get an id for their log lines but no access
line. The cost on the hot path is an 8-byte random id, a context variable, and one log call.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType

from knotty import REQUEST_ID, log_access

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["REQUEST_ID_HEADER", "RequestLog"]

REQUEST_ID_HEADER = "x-request-id"


class RequestLog:
    """ASGI middleware: a fresh request id in `knotty.logs.REQUEST_ID` and the response's
    `X-Request-Id` header, then the access line (method, path, status, duration)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:  # a WebSocket: Litestar hands lifespan events to the router
            token = REQUEST_ID.set(os.urandom(8).hex())
            try:
                await self.app(scope, receive, send)
            finally:
                REQUEST_ID.reset(token)
            return

        request_id = os.urandom(8).hex()
        header = (REQUEST_ID_HEADER.encode(), request_id.encode())
        status = 500  # unless a response starts: the app failed before answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                start: Any = message
                status = start["status"]
                start["headers"] = [*start.get("headers", ()), header]
            await send(message)

        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log_access(scope["method"], scope["path"], status, (time.perf_counter() - started) * 1000)
            REQUEST_ID.reset(token)
