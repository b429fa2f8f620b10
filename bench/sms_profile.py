"""Server CPU of SMS webhooks measured in-process: the real app, no HTTP server, no client library.

    python -m bench.sms_profile --backend sqlite --people 60
    python -m bench.sms_profile --backend postgres --people 60 --profile sms.prof   # cProfile dump

Each person texts a whole signup (declining the confirmation text) through the app's ASGI callable,
one webhook at a time, with signed forms as Twilio sends them. The process's CPU time (every thread,
so aiosqlite's included; PostgreSQL's own server is a separate process) divided by the webhooks is
printed: on a shared machine it swings far less than the load benchmark's wall-clock figures, so two
versions compared with it, alternately in the same minutes, show what a change to the turn saves.
`--profile` writes a cProfile dump of the main thread's CPU (`time.thread_time`) for `pstats`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import asyncpg
from twilio.request_validator import RequestValidator

from app.factory import create_app
from app.migrate import migrate_async
from app.runtime import build_runtime
from knotty.logs import configure_logging
from tests.channels.people import Person
from tests.conftest import make_settings
from tests.support.notifiers import RecordingNotifier
from tests.support.postgres import PostgresCluster, start_cluster

__all__ = ["main"]

PUBLIC = "https://knotty.bench.example"
TOKEN = "bench-auth-token"
ACCOUNT_SID = "AC" + "b" * 32
NUMBER = "+15005550006"
SMS_PATH = "/twilio/sms"

Message = MutableMapping[str, Any]


async def _post(app: Any, params: dict[str, str], validator: RequestValidator) -> str:
    """One signed webhook through the ASGI app; the response body."""
    body = urlencode(params).encode()
    headers = [
        (b"host", b"knotty.bench.example"),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", str(len(body)).encode()),
        (b"x-twilio-signature", validator.compute_signature(PUBLIC + SMS_PATH, params).encode()),
        (b"i-twilio-idempotency-token", os.urandom(8).hex().encode()),
    ]
    scope: Message = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": SMS_PATH, "raw_path": SMS_PATH.encode(), "query_string": b"",
        "headers": headers, "client": ("127.0.0.1", 5555), "server": ("127.0.0.1", 8000),
        "root_path": "", "state": {},
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
        raise RuntimeError(f"HTTP {status}: {b''.join(chunks)[:200]!r}")
    return b"".join(chunks).decode()


async def _signup(app: Any, validator: RequestValidator, k: int) -> int:
    """One person's whole signup by text; the webhooks it took."""
    person = Person(f"Ana Lima{chr(97 + k % 26)}", f"ana{k}@example.com", "", "client", wants_text=False)
    phone, text = f"+1415555{k:04d}", "Hi! I'd like to join the waitlist"
    for webhooks in range(1, 16):
        params = {
            "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "From": phone, "To": NUMBER,
            "Body": text, "MessageSid": "SM" + os.urandom(16).hex(), "NumMedia": "0",
        }  # fmt: skip
        document = ET.fromstring(await _post(app, params, validator))  # noqa: S314 - the app's own TwiML
        reply = " ".join(m.text or "" for m in document.iter("Message"))
        try:
            text = person.answer(reply, spoken=False)
        except AssertionError:  # a goodbye: nothing left to answer
            return webhooks
    raise RuntimeError(f"the signup of {phone} did not end")


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


async def _run(backend: str, people: int, profile: Path | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="knotty-sms-profile-"))
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
        await _signup(app, validator, 9999)  # warm up: caches, prepared statements, connections
        profiler = cProfile.Profile(time.thread_time) if profile else None
        cpu = time.process_time()
        if profiler:
            profiler.enable()
        webhooks = 0
        for k in range(people):
            webhooks += await _signup(app, validator, k)
        if profiler and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        cpu = time.process_time() - cpu
        print(
            f"{backend}: {webhooks} SMS webhooks, server CPU {cpu / webhooks * 1000:.3f} ms per webhook (in-process)"
        )
        await lifespan.put({"type": "lifespan.shutdown"})
        await life
        await runtime.aclose()
    finally:
        if cluster is not None:
            cluster.stop()


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=60, help="signups measured (about 7 webhooks each)")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile dump here")
    args = parser.parse_args()
    asyncio.run(_run(args.backend, args.people, args.profile))


if __name__ == "__main__":
    main()
