"""Another program holds SQLite's write lock (a shell's open `BEGIN IMMEDIATE`, a backup tool): every
webhook answers within a few seconds, and nothing said is lost.

Before: each webhook waited for the lock up to SQLite's 30 s busy timeout (and behind it, for the one
pooled connection, up to the pool's 30 s), longer than Twilio's 15 s, after which a caller hears "an
application error has occurred" and a text is dropped. Here a real second sqlite3 connection holds the
lock while a caller speaks, a new call rings, a person texts, a visitor chats and a call ends, all at
once through real HTTP, and each answer is timed; once the lock is let go the call goes on with what the
caller said, the text is answered by the REST API and the chat takes the message again.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
import xml.etree.ElementTree as ET
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

import httpx
from faker import Faker

from app.migrate import migrate_async
from tests.channels.conftest import KNOTTY_NUMBER, PUBLIC, twilio_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.web.conftest import WebVisitor, bubbles

ANSWER_BOUND_S = 6.0
"""The longest any webhook or chat post may take while the lock is held: well inside Twilio's 15 s."""
LOCK_HELD_S = 8.0
"""How long the other program keeps the lock: longer than a webhook may wait for it."""

T = TypeVar("T")


async def _timed(answer: Awaitable[T]) -> tuple[T | None, float]:
    """The answer and how long it took; None when it took longer than Twilio's 15 s (it gave up)."""
    started = time.monotonic()
    try:
        result = await answer
    except httpx.TimeoutException:
        return None, time.monotonic() - started
    return result, time.monotonic() - started


async def test_an_outside_lock_never_makes_a_webhook_wait_past_a_few_seconds(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    fake = Faker(["pt_BR", "de_DE", "ja_JP", "en_IN"])
    fake.seed_instance(1212)
    name = fake.name()
    path = tmp_path / "knotty.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    async with twilio_world(url, tmp_path, fake_rest) as world:
        call = await world.sim.call("+14155550181")
        await call.press("1")
        assert call.gather is not None, "the call is listening for the name"
        turn_url = call.gather.get("action", "").removeprefix(PUBLIC)
        texter = "+14155550182"
        visitor = WebVisitor(httpx.AsyncClient(base_url=world.base_url, timeout=60))
        await visitor.open("/")
        first = await visitor.say(fake.name())
        assert first.status_code == 200
        ending = await world.sim.call("+14155550183")
        await ending.press("1")

        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held = time.monotonic()
        try:
            (
                (spoken, spoken_s),
                (ring, ring_s),
                (text, text_s),
                (chat, chat_s),
                (status, status_s),
            ) = await asyncio.gather(
                _timed(world.sim.post(turn_url, {**call._params(), "SpeechResult": name})),
                _timed(world.sim.post("/twilio/voice", {**ending._params(), "CallSid": "CA" + "4" * 32})),
                _timed(
                    world.sim.post(
                        "/twilio/sms",
                        {"From": texter, "To": KNOTTY_NUMBER, "Body": "hi", "MessageSid": "SM" + "5" * 32},
                    )
                ),
                _timed(visitor.say("therapist", htmx=False)),
                _timed(
                    world.sim.post("/twilio/voice/status", {**ending._params(), "CallStatus": "completed"})
                ),
            )
            waited = {
                "turn": spoken_s,
                "new call": ring_s,
                "text": text_s,
                "chat": chat_s,
                "status": status_s,
            }
            slow = {what: round(s, 1) for what, s in waited.items() if s > ANSWER_BOUND_S}
            assert not slow, f"answers that waited past {ANSWER_BOUND_S} s for the lock: {slow}"
            assert spoken and ring and text and chat and status
            assert spoken.status_code == 200 and "<Redirect" in spoken.text, spoken.text
            assert "one moment" in spoken.text.lower(), "the caller hears why there is a pause"
            assert ring.status_code == 200 and "<Hangup" not in ring.text, ring.text
            assert text.status_code == 200, "Twilio does not retry a text's 5xx: it would be lost"
            assert chat.status_code == 503 and chat.headers.get("retry-after", "").isdigit()
            assert "therapist" in chat.text, "what the visitor typed is still in the box"
            assert status.status_code == 503, "Twilio sends a callback that could not be recorded again"
            await asyncio.sleep(max(0.0, LOCK_HELD_S - (time.monotonic() - held)))
        finally:
            other.rollback()
            other.close()

        redirect = ET.fromstring(spoken.text).find("Redirect")
        assert redirect is not None
        again = await world.sim.post((redirect.text or "").removeprefix(PUBLIC), call._params())
        assert again.status_code == 200 and "<Gather" in again.text, again.text
        [conversation] = [c for c in await world.store.list_conversations() if c.external_id == call.sid]
        assert name in str(conversation.state), "the name said while the lock was held is kept"
        for _ in range(75):  # the worker polls each second; at most 15 s
            if world.rest.messages_to(texter):
                break
            await asyncio.sleep(0.2)
        assert world.rest.messages_to(texter), "the text kept while the lock was held is answered"
        retried = await visitor.say("therapist")
        assert retried.status_code == 200 and bubbles(retried.text, "user")[-1:] == ["therapist"]
        await visitor.http.aclose()
