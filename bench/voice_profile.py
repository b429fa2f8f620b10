"""Server CPU of voice webhooks measured in-process: the real app, no HTTP server, no client library.

    python -m bench.voice_profile --backend sqlite --callers 40
    python -m bench.voice_profile --backend postgres --callers 40 --profile voice.prof   # cProfile dump

Each caller phones in, presses 1 at the menu and signs up by speech (declining the confirmation
text), one webhook at a time through the app's ASGI callable, with signed forms as Twilio sends them
to the URLs the TwiML names; the call ends with its status callback. The process's CPU time (every
thread) divided by the webhooks is printed, as `bench.sms_profile` does for texts: compare two
versions alternately, in the same minutes, on this shared machine.
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
from urllib.parse import urlencode, urlsplit

from twilio.request_validator import RequestValidator

from app.factory import create_app
from app.migrate import migrate_async
from app.runtime import build_runtime
from bench.sms_profile import ACCOUNT_SID, NUMBER, PUBLIC, TOKEN, _database
from knotty.logs import configure_logging
from tests.channels.people import Person
from tests.conftest import make_settings
from tests.support.notifiers import RecordingNotifier

__all__ = ["main"]

Message = MutableMapping[str, Any]
MAX_WEBHOOKS = 40
"""A call that has not ended after this many webhooks is a bug in the app or the caller."""


async def _post(app: Any, url: str, params: dict[str, str], validator: RequestValidator) -> str:
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


def _said_and_action(document: str) -> tuple[str, str | None]:
    """What the TwiML says and where its `<Gather>` posts the answer (None: the call hangs up)."""
    root = ET.fromstring(document)  # noqa: S314 - the app's own TwiML
    said = " ".join(say.text or "" for say in root.iter("Say"))
    gather = root.find("Gather")
    return said, (gather.get("action") if gather is not None else None)


async def _call(app: Any, validator: RequestValidator, k: int) -> int:
    """One caller's whole signup by voice; the webhooks it took."""
    person = Person(
        f"Ana Lima{chr(97 + k % 26)}", f"ana{k}@example.com", f"ana {k} at example dot com", "client",
        wants_text=False,
    )  # fmt: skip
    call = {
        "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": "CA" + os.urandom(16).hex(),
        "From": f"+1415555{k:04d}", "To": NUMBER, "Direction": "inbound",
    }  # fmt: skip
    await _post(app, PUBLIC + "/twilio/voice", {**call, "CallStatus": "ringing"}, validator)
    said, action = _said_and_action(
        await _post(app, PUBLIC + "/twilio/voice/menu?attempt=1", {**call, "CallStatus": "in-progress", "Digits": "1"}, validator)
    )  # fmt: skip
    webhooks = 2
    while action is not None:
        if webhooks >= MAX_WEBHOOKS:
            raise RuntimeError(f"the call of {call['From']} did not end")
        speech = {"SpeechResult": person.answer(said, spoken=True), "Confidence": "0.92"}
        said, action = _said_and_action(
            await _post(app, action, {**call, "CallStatus": "in-progress", **speech}, validator)
        )
        webhooks += 1
    await _post(app, PUBLIC + "/twilio/voice/status", {**call, "CallStatus": "completed"}, validator)
    return webhooks + 1


async def _run(backend: str, callers: int, profile: Path | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="knotty-voice-profile-"))
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
        await _call(app, validator, 9999)  # warm up: caches, prepared statements, connections
        profiler = cProfile.Profile(time.thread_time) if profile else None
        cpu = time.process_time()
        if profiler:
            profiler.enable()
        webhooks = 0
        for k in range(callers):
            webhooks += await _call(app, validator, k)
        if profiler and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        cpu = time.process_time() - cpu
        print(
            f"{backend}: {webhooks} voice webhooks ({callers} calls), server CPU "
            f"{cpu / webhooks * 1000:.3f} ms per webhook (in-process)"
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
    parser.add_argument("--callers", type=int, default=40, help="calls measured (about 9 webhooks each)")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile dump here")
    args = parser.parse_args()
    asyncio.run(_run(args.backend, args.callers, args.profile))


if __name__ == "__main__":
    main()
