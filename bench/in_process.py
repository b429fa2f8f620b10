"""The in-process benchmarks' common part: the real app behind its ASGI callable, and its CPU per webhook.

`bench.sms_profile` (texts) and `bench.voice_profile` (calls) play whole conversations through the app
with signed forms as Twilio sends them, no HTTP server and no client library, and divide the process's
CPU time (every thread: aiosqlite's included; PostgreSQL's own server is a separate process) by the
webhooks. On a shared machine that swings far less than the load benchmark's wall-clock figures.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import tempfile
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import asyncpg
from twilio.request_validator import RequestValidator

from app.factory import create_app
from app.migrate import migrate_async
from app.runtime import build_runtime
from knotty.logs import configure_logging
from tests.conftest import make_settings
from tests.support.notifiers import RecordingNotifier
from tests.support.postgres import PostgresCluster, start_cluster

__all__ = ["ACCOUNT_SID", "NUMBER", "PUBLIC", "Play", "measure", "post"]

PUBLIC = "https://knotty.bench.example"
TOKEN = "bench-auth-token"
ACCOUNT_SID = "AC" + "b" * 32
NUMBER = "+15005550006"

Message = MutableMapping[str, Any]
Play = Callable[[Any, RequestValidator, int], Awaitable[int]]
"""One conversation (the app, the validator, the conversation's number k); the webhooks it took."""


async def post(app: Any, url: str, params: dict[str, str], validator: RequestValidator) -> str:
    """One signed webhook to the public `url` through the ASGI app; the response body."""
    parts = urlsplit(url)
    body = urlencode(params).encode()
    headers = [
        (b"host", parts.netloc.encode()),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", str(len(body)).encode()),
        (b"x-twilio-signature", validator.compute_signature(url, params).encode()),
        (b"i-twilio-idempotency-token", os.urandom(8).hex().encode()),
    ]
    scope: Message = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": parts.path, "raw_path": parts.path.encode(),
        "query_string": parts.query.encode(), "headers": headers, "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000), "root_path": "", "state": {},
    }  # fmt: skip
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    if status != 200:
        raise RuntimeError(f"HTTP {status} from {url}: {b''.join(chunks)[:200]!r}")
    return b"".join(chunks).decode()


async def _database(backend: str, workdir: Path) -> tuple[str, PostgresCluster | None]:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{workdir}/knotty.db", None
    cluster = start_cluster()
    conn = await asyncpg.connect(cluster.url().replace("+asyncpg", ""))
    try:
        await conn.execute("CREATE DATABASE knotty")
    finally:
        await conn.close()
    return cluster.url("knotty"), cluster


async def measure(backend: str, play: Play, conversations: int, profile: Path | None) -> tuple[int, float]:
    """Play `conversations` through a fresh app on `backend` after one unmeasured warm-up; (webhooks, CPU s).

    `profile`: write a cProfile dump of the main thread's CPU (`time.thread_time`) there, for `pstats`.
    """
    workdir = Path(tempfile.mkdtemp(prefix="knotty-in-process-"))
    url, cluster = await _database(backend, workdir)
    try:
        await migrate_async(url)
        settings = make_settings(
            url, workdir, PUBLIC_BASE_URL=PUBLIC, TWILIO_AUTH_TOKEN=TOKEN, TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_PHONE_NUMBER=NUMBER, KNOTTY_LOG_LEVEL="INFO",
        )  # fmt: skip
        runtime = build_runtime(settings, RecordingNotifier())
        app: Any = create_app(runtime=runtime, migrate=False)
        configure_logging("INFO", log_file=workdir / "server.log")  # as `knotty serve` at INFO, to a file
        validator = RequestValidator(TOKEN)
        lifespan: asyncio.Queue[Message] = asyncio.Queue()
        started = asyncio.Event()
        await lifespan.put({"type": "lifespan.startup"})

        async def on_lifespan(message: Message) -> None:
            if message["type"].startswith("lifespan.startup"):
                started.set()

        life = asyncio.create_task(
            app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, lifespan.get, on_lifespan)
        )
        await started.wait()
        await play(app, validator, 9999)  # warm up: caches, prepared statements, connections
        profiler = cProfile.Profile(time.thread_time) if profile else None
        cpu = time.process_time()
        if profiler:
            profiler.enable()
        webhooks = 0
        for k in range(conversations):
            webhooks += await play(app, validator, k)
        if profiler and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        cpu = time.process_time() - cpu
        await lifespan.put({"type": "lifespan.shutdown"})
        await life
        await runtime.aclose()
        return webhooks, cpu
    finally:
        if cluster is not None:
            cluster.stop()
