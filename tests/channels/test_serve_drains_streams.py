"""A deploy's SIGTERM no longer cuts the calls on `knotty serve`'s voice streams.

uvicorn's shutdown closed every open WebSocket at once (code 1012): each ConversationRelay caller was
cut off mid-signup at every deploy, whatever they had said. Now `knotty serve` drains: it stops taking
connections, lets the open streams go on for up to `KNOTTY_DRAIN_S` (a caller at the read-back says yes
and is saved, hears the answer and the goodbye), and a call still open then hears a last line and gets
`end` without a goodbye: the conversation stays open with what the caller gave, and Twilio's `<Connect
action>` (answered by the next process, here an app on the same database) carries it on by Gather.

A real `knotty serve` process (relay mode, the offline brain), real WebSocket clients playing Twilio's
side, SIGTERM as a platform sends it; on SQLite and PostgreSQL; people from Faker.
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest
import websockets

from channels import wording
from channels.stream_token import issue_stream_token
from channels.voice_connect import ENDED_SUFFIX, MEDIA_STREAM_PATH, RELAY_PATH
from knotty.store import Store, create_engine
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, twilio_world
from tests.support.fake_media_stream import FakeMediaStream
from tests.support.fake_realtime import FakeRealtime
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.serve_process import free_port, knotty_serve_process
from tests.unit.brains.callers import caller, said_email

pytestmark = pytest.mark.slow

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "pl_PL")
DRAIN_S = 4.0


async def _relay(base: str, call_sid: str, phone: str) -> FakeRelay:
    token = issue_stream_token(AUTH_TOKEN, call_sid=call_sid, caller=phone, mode="relay")
    url = base.replace("http://", "ws://") + f"{RELAY_PATH}/{token}"
    relay = await FakeRelay(url, url, AUTH_TOKEN, call_sid=call_sid, caller=phone).connect()
    await relay.reply(count=1)  # the greeting
    return relay


def _details(person: dict[str, str]) -> str:
    role = "a massage therapist" if person["role"] == "therapist" else "a client"
    return f"I'm {person['full_name']}, {role}. Use this number. My email is {said_email(person['email'])}."


@pytest.mark.parametrize("seed", [4])
async def test_a_deploy_lets_open_calls_finish_and_hands_over_the_rest(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    finishing, waiting = caller(seed, LOCALES), caller(seed + 1, LOCALES)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "DATABASE_URL": database_url,
        "KNOTTY_DATA_DIR": str(tmp_path / "served"),
        "KNOTTY_VOICE_MODE": "relay",
        "KNOTTY_VOICE_SILENCE_S": "0",  # the waiting caller is not asked "are you still there?"
        "KNOTTY_DRAIN_S": str(DRAIN_S),
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "PUBLIC_BASE_URL": base,
    }
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        async with knotty_serve_process(port, env, stop_timeout_s=DRAIN_S + 15) as server:
            a = await _relay(base, "CA" + "a" * 32, finishing["phone"])
            b = await _relay(base, "CA" + "b" * 32, waiting["phone"])
            assert "?" in await a.ask(_details(finishing))  # the read-back
            await b.ask(f"my name is {waiting['full_name']}")  # then the deploy comes

            server.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)
            with pytest.raises((OSError, websockets.InvalidHandshake)):  # no new calls here
                await _relay(base, "CA" + "c" * 32, "+14155550100")

            # The caller at the read-back is still heard: their yes saves them, and they are told so.
            answer = await a.ask("yes, that's right")
            assert "list" in answer.lower(), a.replies
            assert a.ws.close_code is None, "cut off mid-call"
            await a.say("no thanks")
            assert "goodbye" in (await a.wait_end())["handoffData"], a.replies  # Knotty's own goodbye
            await a.close()

            # The one still on the line past KNOTTY_DRAIN_S hears a last line and `end`, no 1012.
            started = time.monotonic()
            ended = await b.wait_end(timeout=DRAIN_S + 10)
            assert "goodbye" not in ended["handoffData"], ended  # carried on elsewhere, not ended
            assert wording.STREAM_MOVING in b.replies, b.replies
            assert b.ws.close_code in (None, 1000), b.ws.close_code
            assert time.monotonic() - started < DRAIN_S + 8
            await b.close()
            async with asyncio.timeout(20):
                # It exits on its own once drained (uvicorn raises the signal again once shut down).
                assert await server.wait() in (0, -signal.SIGTERM)

        entries = [(e.full_name, e.phone, e.email, e.role) for e in await store.list_entries()]
        assert entries == [
            (finishing["full_name"], finishing["phone"], finishing["email"], finishing["role"])
        ]
        conv = await store.latest_conversation("voice", "CA" + "b" * 32)
        assert conv is not None and conv.status == "active"  # handed over, not closed

        # The next process answers Twilio's `<Connect action>`: the call goes on by Gather, name kept.
        async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_VOICE_MODE="relay") as world:
            params = {
                "AccountSid": ACCOUNT_SID,
                "CallSid": "CA" + "b" * 32,
                "CallStatus": "in-progress",
                "From": waiting["phone"],
                "Caller": waiting["phone"],
                "To": world.sim.number,
                "Direction": "inbound",
            }
            after = await world.sim.post(RELAY_PATH + ENDED_SUFFIX, params)
            assert after.status_code == 200
            assert "<Gather" in after.text and "Hangup" not in after.text, after.text
            assert wording.STREAM_LOST in after.text, after.text
            conv = await world.store.latest_conversation("voice", "CA" + "b" * 32)
            assert conv is not None and waiting["full_name"] in str(conv.state), conv
    finally:
        await engine.dispose()


async def test_a_deploy_hands_a_realtime_call_over_with_what_was_said(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """Media Streams: during the drain the caller is still heard (their audio reaches the model, their
    words are stored); past it the stream is closed normally (no 1012), the conversation stays open with
    what they said, and the `<Connect action>` carries the call on by Gather."""
    person = caller(9, LOCALES)
    call_sid = "CA" + "d" * 32
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with FakeRealtime() as fake:
        env = {
            "DATABASE_URL": database_url,
            "KNOTTY_DATA_DIR": str(tmp_path / "served"),
            "KNOTTY_VOICE_MODE": "realtime",
            "KNOTTY_VOICE_SILENCE_S": "0",
            "KNOTTY_DRAIN_S": str(DRAIN_S),
            "OPENAI_REALTIME_URL": fake.url,
            "OPENAI_API_KEY": "sk-test",
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "PUBLIC_BASE_URL": base,
        }
        async with knotty_serve_process(port, env, stop_timeout_s=DRAIN_S + 15) as server:
            token = issue_stream_token(AUTH_TOKEN, call_sid=call_sid, caller=person["phone"], mode="realtime")
            url = base.replace("http://", "ws://") + f"{MEDIA_STREAM_PATH}/{token}"
            stream = await FakeMediaStream(
                url, url, AUTH_TOKEN, call_sid=call_sid, caller=person["phone"]
            ).connect()
            model = await fake.next_session(timeout=15)
            await model.wait_for("response.create", timeout=15)
            await model.hear(f"my name is {person['full_name']}")

            server.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)
            heard = len(model.audio_in)
            await stream.send_audio(b"\x7f" * 1600)  # still on the line: the caller is still heard
            await model.wait_for_audio(heard + 1600)
            await model.hear(f"my email is {said_email(person['email'])}")
            assert not stream.closed.is_set(), "cut off mid-call"

            await stream.wait_closed(timeout=DRAIN_S + 10)
            assert stream.ws.close_code == 1000, stream.ws.close_code  # closed normally, not 1012
            async with asyncio.timeout(20):
                assert await server.wait() in (0, -signal.SIGTERM)

    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_VOICE_MODE="realtime") as world:
        conv = await world.store.latest_conversation("voice", call_sid)
        assert conv is not None and conv.status == "active"  # handed over, not closed
        said = " ".join(m.content or "" for m in await world.store.history(conv.id) if m.role == "user")
        assert person["full_name"] in said and "email" in said, said
        params = {
            "AccountSid": ACCOUNT_SID,
            "CallSid": call_sid,
            "CallStatus": "in-progress",
            "From": person["phone"],
            "To": world.sim.number,
        }
        after = await world.sim.post(MEDIA_STREAM_PATH + ENDED_SUFFIX, params)
        assert after.status_code == 200
        assert "<Gather" in after.text and "Hangup" not in after.text, after.text
