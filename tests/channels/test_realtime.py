"""Voice mode `realtime`: calls through the simulated Twilio, a fake Media Streams client and a fake
OpenAI Realtime server, against the real app on loopback.

Audio must cross the bridge byte for byte, barge-in must clear Twilio's queue and truncate at what
the caller heard (from mark echoes), tool calls must go through the core's validation and grounding,
and a whole signup must end with the entry in the database.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import websockets

from channels.voice_connect import MEDIA_STREAM_PATH
from knotty.prompt import knotty_prompt
from knotty.store.models import Conversation
from tests.channels.conftest import AUTH_TOKEN, PUBLIC, TwilioWorld, twilio_world
from tests.support.fake_media_stream import FakeMediaStream
from tests.support.fake_realtime import FakeRealtime, RealtimeSession
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import said_email

PUBLIC_STREAM = "wss://knotty.example.com" + MEDIA_STREAM_PATH
ENDED = MEDIA_STREAM_PATH + "/ended"
ANA = {"full_name": "Ana Lima", "phone": "+14155550123", "email": "ana.lima@gmail.com", "role": "therapist"}


@asynccontextmanager
async def realtime_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], **env: str
) -> AsyncIterator[tuple[TwilioWorld, FakeRealtime]]:
    async with FakeRealtime(
        refuse=env.pop("REFUSE", "") == "1",
        reject_session=env.pop("REJECT", "") == "1",
        echo_metadata=env.pop("ECHO_METADATA", "1") == "1",
    ) as fake:
        settings = {
            "KNOTTY_VOICE_MODE": "realtime",
            "OPENAI_REALTIME_URL": fake.url,
            "OPENAI_API_KEY": "sk-test",
            **env,
        }
        async with twilio_world(database_url, tmp_path, fake_rest, **settings) as world:
            yield world, fake


async def streamed_call(world: TwilioWorld, caller: str = "+14155550123") -> Call:
    """A call that pressed 1 and was handed to a `<Stream>` of its own (a token in the URL's path)."""
    call = await world.sim.call(caller)
    await call.press("1")
    assert call.connect is not None, call.transcript
    stream = call.connect.find("Stream")
    assert stream is not None and call.stream_url.startswith(PUBLIC_STREAM + "/")
    assert list(stream.iter("Parameter")) == []  # the caller's number travels in the signed token only
    return call


def stream_for(world: TwilioWorld, call: Call, *, autoplay: bool = True) -> FakeMediaStream:
    """Twilio's side of the call's media stream, connecting to the URL the TwiML gave."""
    url = call.stream_url
    return FakeMediaStream(
        world.sim.local_ws_url(url), url, AUTH_TOKEN, call_sid=call.sid, caller=call.caller, autoplay=autoplay
    )


async def connected_call(
    world: TwilioWorld, fake: FakeRealtime, caller: str = "+14155550123", *, autoplay: bool = True
) -> tuple[Call, FakeMediaStream, RealtimeSession]:
    """A call that pressed 1 and whose stream is bridged to a fresh Realtime session that greeted."""
    call = await streamed_call(world, caller)
    client = stream_for(world, call, autoplay=autoplay)
    await client.connect()
    model = await fake.next_session()
    await model.wait_for("response.create")
    return call, client, model


async def after_stream(world: TwilioWorld, call: Call) -> ET.Element:
    """Twilio asks the <Connect action> URL what to do once the stream is over."""
    assert call.connect is not None and call.connect.get("action") == PUBLIC + ENDED
    response = await world.sim.post(
        ENDED, {"CallSid": call.sid, "From": call.caller, "To": "+15005550006", "AccountSid": "AC" + "1" * 32}
    )
    assert response.status_code == 200
    return ET.fromstring(response.text)


class Speaker:
    """Knotty speaks a line, and the caller hears all of it (every mark echoed) before answering."""

    def __init__(self, model: RealtimeSession, client: FakeMediaStream) -> None:
        self.model, self.client = model, client

    async def __call__(self, text: str, ms: int = 100) -> None:
        marks = len(self.client.of_event("mark"))
        await self.model.say(noise(ms * 8), text, chunk=800)
        await self.client.wait_for("mark", count=marks + -(-ms * 8 // 800))
        await asyncio.sleep(0.05)  # the echoes travel back to the app

    async def up_to_the_read_back(self, person: dict[str, str], name: str, phone: str, role: str) -> None:
        """Knotty asks the four questions and reads `person` back; the caller answers as given."""
        model = self.model
        await self("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear(name)
        await self("What's the best phone number for you?")
        await model.hear(phone)
        await self("And your email?")
        await model.hear(said_email(person["email"]))
        await self("Are you a massage therapist or a client?")
        await model.hear(role)
        await self(f"{person['full_name']}, this number, {person['email']}, {person['role']}. Is that right?")


async def settled(world: TwilioWorld, call_sid: str, timeout: float = 5.0) -> Conversation:
    """The call's conversation once it is no longer active."""
    async with asyncio.timeout(timeout):
        while True:
            conv = await world.store.latest_conversation("voice", call_sid)
            if conv is not None and conv.status != "active":
                return conv
            await asyncio.sleep(0.05)


async def saved_as(world: TwilioWorld, call_sid: str, person: dict[str, str]) -> Conversation:
    """The call's conversation once it ended, its one entry checked to hold exactly `person`."""
    conv = await settled(world, call_sid)
    [entry] = await world.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role) == (
        person["full_name"], person["phone"], person["email"], person["role"],
    )  # fmt: skip
    assert conv.entry_id == entry.id
    return conv


def noise(n: int, seed: int = 7) -> bytes:
    """Deterministic μ-law bytes covering every value (0x00..0xFF)."""
    return bytes((i * 131 + seed + (i >> 8)) % 256 for i in range(n))


async def test_the_session_is_configured_for_telephony_with_knottys_prompt_and_tools(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake)
        assert model.headers.get("Authorization") == "Bearer sk-test"
        assert "model=gpt-realtime" in model.path
        session = (await model.wait_for("session.update"))["session"]
        assert session["type"] == "realtime" and session["instructions"] == knotty_prompt()
        assert session["audio"]["input"]["format"] == {"type": "audio/pcmu"}
        assert session["audio"]["output"]["format"] == {"type": "audio/pcmu"}
        assert session["audio"]["input"]["turn_detection"]["type"] == "server_vad"
        assert session["audio"]["input"]["transcription"]["model"]
        assert {t["name"] for t in session["tools"]} == {
            "save_waitlist_entry",
            "send_confirmation_sms",
            "end_conversation",
        }
        assert all(t["type"] == "function" and "parameters" in t for t in session["tools"])
        [note] = [e for e in model.of_type("conversation.item.create") if e["item"].get("role") == "system"]
        assert "+14155550123" in note["item"]["content"][0]["text"]
        await client.stop()


async def test_a_stored_prompt_is_referenced_instead_of_sent(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(
        sqlite_url, tmp_path, fake_rest, OPENAI_PROMPT_ID="pmpt_123", OPENAI_PROMPT_VERSION="4"
    ) as (world, fake):
        _, client, model = await connected_call(world, fake)
        session = (await model.wait_for("session.update"))["session"]
        assert session["prompt"] == {"id": "pmpt_123", "version": "4"} and "instructions" not in session
        await client.stop()


async def test_audio_crosses_the_bridge_byte_for_byte_both_ways(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake)
        caller_audio = noise(8000 * 3)  # 3 s in 20 ms frames
        await client.send_audio(caller_audio)
        assert await model.wait_for_audio(len(caller_audio)) == caller_audio

        knotty_audio = noise(8000 * 2 + 37, seed=99)  # chunks of odd sizes, as the model sends them
        await model.say(knotty_audio, "Hi there!", chunk=1237)
        assert await client.wait_for_audio(len(knotty_audio)) == knotty_audio
        media = client.of_event("media")
        assert all(f["streamSid"] == client.stream_sid for f in media)
        # every chunk is followed by a mark, and every mark came back: nothing is left to play
        assert len(client.of_event("mark")) == len(media) and not client.queued_ms
        await client.stop()
        await model.closed.wait()


async def test_barge_in_clears_twilio_and_truncates_at_what_the_caller_heard(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake, autoplay=False)
        item = await model.say(
            noise(8000), "Hi! I'm Knotty, and I can add you to the waitlist.", chunk=800
        )  # 1 s, 100 ms chunks
        await client.wait_for_audio(8000)
        await client.wait_for("mark", count=10)
        await client.play(250)  # the caller heard 250 ms: marks of the first two chunks came back
        await asyncio.sleep(0.1)
        await model.speech_started()
        clear = await client.wait_for("clear")
        assert clear == {"event": "clear", "streamSid": client.stream_sid}
        truncate = await model.wait_for("conversation.item.truncate")
        assert truncate == {
            "type": "conversation.item.truncate",
            "item_id": item,
            "content_index": 0,
            "audio_end_ms": 200,
        }
        assert client.queued_ms == 0
        # audio of the truncated item still on its way is dropped, not played over the caller
        await model.audio_delta("resp_late", item, noise(800))
        await asyncio.sleep(0.2)
        assert len(client.audio_out) == 8000
        await client.stop()


async def test_speech_while_nothing_plays_does_not_truncate(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake)  # autoplay: every mark comes back at once
        await model.say(noise(1600), "Hi!")
        await client.wait_for("mark", count=2)
        await asyncio.sleep(0.1)
        await model.speech_started()
        await asyncio.sleep(0.2)
        assert client.of_event("clear") == [] and model.of_type("conversation.item.truncate") == []
        await client.stop()


async def test_a_signup_over_realtime_ends_with_the_entry_in_the_database(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(database_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=ANA["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear("My name is Ana Lima.")
        await says("Thanks, Ana. What's the best phone number for you?")
        await model.hear("Use this number.")
        await says("And your email?")
        await model.hear("ana dot lima at gmail dot com")
        await says("Are you a massage therapist or a client?")
        await model.hear("I'm a massage therapist.")
        await says("Ana Lima, this number, ana.lima@gmail.com, therapist. Is that right?")

        # A made-up email is refused by the core, as in every channel.
        refused = await model.call_tool("save_waitlist_entry", {**ANA, "email": "ana.lima@yahoo.com"})
        assert refused["ok"] is False and "email" in refused["errors"]
        assert await world.store.list_entries() == []

        # The model saves before the transcript of the caller's "yes" has arrived: the save waits for it.
        yes = await model.hear(None)
        saving = asyncio.create_task(model.call_tool("save_waitlist_entry", ANA))
        await asyncio.sleep(0.2)
        assert not saving.done()
        await model.transcribe(yes, "Yes, that's right.")
        saved = await saving
        assert saved["ok"] is True and saved["saved"] == ANA
        await model.wait_for("response.create", count=3)  # greeting, after the refusal, after the save

        await says("You're on the list! Would you like a confirmation text?")
        await model.hear("Yes please.")
        assert (await model.call_tool("send_confirmation_sms", {}))["ok"] is True

        client.autoplay = False
        before = len(client.audio_out)
        await model.say(noise(4000), "Done! Thanks for joining MasseurMatch. Goodbye!")
        await client.wait_for_audio(before + 4000)
        assert (await model.call_tool("end_conversation", {}))["ok"] is True
        await asyncio.sleep(0.3)
        assert not client.closed.is_set(), "the call must not end before the goodbye has played"
        await client.play(500)
        await client.wait_closed()
        assert len(model.of_type("response.create")) == 4, "no new response after end_conversation"

        assert (await after_stream(world, call)).find("Hangup") is not None
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role, entry.channel) == (
            ANA["full_name"], ANA["phone"], ANA["email"], ANA["role"], "voice",
        )  # fmt: skip
        conv = await world.store.latest_conversation("voice", call.sid)
        assert isinstance(conv, Conversation) and conv.status == "completed" and conv.entry_id == entry.id
        lines = [
            (m.role, m.content)
            for m in await world.store.history(conv.id)
            if m.role in ("user", "assistant") and m.content
        ]
        assert [text for role, text in lines if role == "user"] == [
            "My name is Ana Lima.", "Use this number.", "ana dot lima at gmail dot com", "I'm a massage therapist.",
            "Yes, that's right.", "Yes please.",
        ]  # fmt: skip
        assert lines[0] == ("assistant", "Hi, I'm Knotty from MasseurMatch. What's your full name?")
        assert lines[-1] == ("assistant", "Done! Thanks for joining MasseurMatch. Goodbye!")
        await world.settle()
        [text] = world.rest.messages
        assert text.to == ANA["phone"]


async def test_when_realtime_is_unreachable_the_caller_hears_an_apology_and_continues_in_gather(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(database_url, tmp_path, fake_rest, REFUSE="1") as (world, _):
        call = await streamed_call(world)
        client = await stream_for(world, call).connect()
        await client.send_audio(noise(1600))
        await client.wait_closed()  # the app gives the call back to Twilio
        twiml = await after_stream(world, call)
        gather = twiml.find("Gather")
        assert gather is not None and gather.get("input") == "speech"
        said = " ".join(gather.itertext()).lower()
        assert "sorry" in said and "name" in said
        action = gather.get("action", "")
        assert action.startswith(PUBLIC + "/twilio/voice/turn?n=")
        # The call goes on turn by turn, in the same conversation.
        turn = await world.sim.post(
            action[len(PUBLIC) :],
            {"CallSid": call.sid, "From": call.caller, "To": "+15005550006", "SpeechResult": "Ana Lima"},
        )
        assert turn.status_code == 200 and ET.fromstring(turn.text).find("Gather") is not None
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None and conv.status == "active"
        assert [m.content for m in await world.store.history(conv.id) if m.role == "user"] == ["Ana Lima"]


async def test_a_session_realtime_refuses_goes_back_to_gather_instead_of_silence(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest, REJECT="1") as (world, fake):
        call = await streamed_call(world)
        client = await stream_for(world, call).connect()
        await client.wait_closed()
        gather = (await after_stream(world, call)).find("Gather")
        assert gather is not None and "sorry" in " ".join(gather.itertext()).lower()
        assert len(fake.sessions) == 1


async def test_a_dropped_realtime_connection_mid_call_keeps_what_was_said(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(database_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake)
        await model.say(noise(800), "Hi, I'm Knotty. What's your full name?")
        await model.hear("My name is Ana Lima.")
        await asyncio.sleep(0.2)
        await model.drop()
        await client.wait_closed()
        twiml = await after_stream(world, call)
        gather = twiml.find("Gather")
        assert gather is not None
        said = " ".join(gather.itertext()).lower()
        assert "sorry" in said and "again" in said and "name" not in said  # not the question already answered
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None and conv.status == "active"
        assert [m.content for m in await world.store.history(conv.id) if m.role == "user"] == [
            "My name is Ana Lima."
        ]
        # In gather mode the offline brain picks up from the stored transcript: the name is known.
        action = gather.get("action", "")
        params = {"CallSid": call.sid, "From": call.caller, "To": "+15005550006", "SpeechResult": "Ana Lima"}
        turn = await world.sim.post(action[len(PUBLIC) :], params)
        asking = ET.fromstring(turn.text).find("Gather")
        assert asking is not None, turn.text
        asked = " ".join(asking.itertext()).lower()
        assert "number" in asked or "phone" in asked, asked


async def test_a_caller_hanging_up_ends_the_realtime_session(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake)
        await model.say(noise(800), "Hi! What's your full name?")
        await model.hear("Ana Lima")
        await client.stop()
        await asyncio.wait_for(model.closed.wait(), 10)
        conv = await settled(world, call.sid)
        assert conv.status == "abandoned"
        assert [m.content for m in await world.store.history(conv.id) if m.role == "user"] == ["Ana Lima"]


@pytest.mark.parametrize("signature", ["missing", "forged", "wrong-url"])
async def test_a_stream_without_twilios_signature_is_refused(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], signature: str
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call = await streamed_call(world)
        local, path = (
            world.sim.local_ws_url(call.stream_url),
            call.stream_url[len("wss://knotty.example.com") :],
        )
        if signature == "wrong-url":
            client = FakeMediaStream(local, "wss://evil.example.com" + path, AUTH_TOKEN, call_sid=call.sid)
        else:
            client = FakeMediaStream(
                local,
                call.stream_url,
                AUTH_TOKEN,
                call_sid=call.sid,
                signature="" if signature == "missing" else "Zm9yZ2Vk",
            )
        with pytest.raises(websockets.InvalidStatus) as refused:
            await client.connect()
        assert refused.value.response.status_code == 403
        assert fake.sessions == []


async def test_without_an_openai_key_realtime_mode_stays_with_gather(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest, OPENAI_API_KEY="") as (world, _):
        call = await world.sim.call()
        await call.press("1")
        assert call.connect is None and call.waiting and "name" in call.last_heard.lower()


async def test_a_reply_that_came_as_text_is_asked_for_again_aloud_once(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """A response with text and no audio (a model or session answering in text) left the caller in
    silence until the silence count asked "are you still there?". The model is now asked at once to say
    it aloud, once in a row: a second text-only answer is left to the silence count (no loop)."""

    async def text_only() -> None:
        response_id = "resp_text_" + str(len(model.events))
        await model.send(
            {"type": "response.created", "response": {"id": response_id, "status": "in_progress"}}
        )
        await model.send(
            {
                "type": "response.done",
                "response": {
                    "id": response_id,
                    "status": "completed",
                    "output": [
                        {
                            "type": "message",
                            "role": "assistant",
                            "content": [{"type": "output_text", "text": "What's your full name?"}],
                        }
                    ],
                },
            }
        )

    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake)
        await text_only()
        again = await model.wait_for("response.create", count=2, timeout=3.0)
        assert again["response"]["output_modalities"] == ["audio"]
        told = [e for e in model.of_type("conversation.item.create") if e["item"].get("role") == "system"]
        assert "heard nothing" in told[-1]["item"]["content"][0]["text"]
        await text_only()
        await asyncio.sleep(0.5)
        assert len(model.of_type("response.create")) == 2
        await Speaker(model, client)("Sorry about that. What's your full name?")
        await model.hear("Ana Lima")
        await client.stop()
        conv = await settled(world, call.sid)
        lines = [
            (m.role, m.content) for m in await world.store.history(conv.id) if m.role in ("user", "assistant")
        ]
        assert ("user", "Ana Lima") in lines
        assert ("assistant", "What's your full name?") not in lines  # never heard, never stored
