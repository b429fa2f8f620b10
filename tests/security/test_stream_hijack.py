"""Issue 10, item 1: stream handshakes could be replayed, and the stream was trusted for who the caller is.

Before the fix the `<Stream>`/`<ConversationRelay>` URL was the same for every call, so Twilio's
signature over it was too: with one observed handshake an attacker opened streams at will (each
one a paid OpenAI Realtime session), sent a live call's CallSid and had that caller's details read
back or changed, and made Knotty text a number of their choosing by sending it as `from`. Each
attack below is replayed over real WebSockets against the real app (handshakes signed for real,
as an attacker holding a recorded one could), and judged in the database and on the wire.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import websockets

from channels.stream_token import issue_stream_token
from channels.voice_connect import MEDIA_STREAM_PATH, RELAY_PATH, WS_POLICY_VIOLATION
from knotty.store.models import Conversation
from tests.channels.conftest import AUTH_TOKEN, PUBLIC, TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.channels.test_realtime import connected_call, realtime_world, stream_for, streamed_call
from tests.conftest import new_database_url
from tests.support.fake_media_stream import FakeMediaStream, signed_headers
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Call

PUBLIC_WS = "wss://" + PUBLIC.removeprefix("https://")
VICTIM = "+14155550123"
MALLORY = "+12025550199"
ANA = Person("Ana Lima", "ana.lima@gmail.com", "ana dot lima at gmail dot com", "therapist")


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    """For attacks whose outcome does not depend on the database: SQLite only, to keep the suite quick."""
    return await new_database_url("sqlite", tmp_path, None, None)


@asynccontextmanager
async def relay_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_VOICE_MODE="relay") as world:
        yield world


async def relay_call(world: TwilioWorld, caller: str = VICTIM) -> Call:
    """A call that pressed 1 and was handed to its own ConversationRelay URL."""
    call = await world.sim.call(caller)
    await call.press("1")
    assert call.connect is not None and call.stream_url.startswith(PUBLIC_WS + RELAY_PATH + "/")
    return call


def relay_for(world: TwilioWorld, call: Call) -> FakeRelay:
    """Twilio's side of the call's relay session, connecting to the URL the TwiML gave."""
    url = call.stream_url
    return FakeRelay(world.sim.local_ws_url(url), url, AUTH_TOKEN, call_sid=call.sid, caller=call.caller)


async def refused(connecting: Any) -> int:
    """The HTTP status a refused handshake got."""
    with pytest.raises(websockets.InvalidStatus) as caught:
        await connecting
    return int(caught.value.response.status_code)


async def snapshot(world: TwilioWorld, call_sid: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A conversation as stored: the row and every line."""
    conv = await world.store.latest_conversation("voice", call_sid)
    assert isinstance(conv, Conversation)
    return conv.model_dump(), [(m.role, m.content) for m in await world.store.history(conv.id)]


async def closed_with(ws: Any, timeout: float = 5.0) -> int | None:
    async with asyncio.timeout(timeout):
        await ws.wait_closed()
    code: int | None = ws.close_code
    return code


# --- replay ------------------------------------------------------------------------------------


async def test_a_replayed_relay_handshake_is_refused(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(database_url, tmp_path, fake_rest) as world:
        call = await relay_call(world)
        victim = await relay_for(world, call).connect()
        assert "name" in (await victim.reply(count=1)).lower()
        await victim.ask("Ana Lima")
        before = await snapshot(world, call.sid)

        # The attacker recorded the handshake: same URL, same valid signature, any CallSid they like.
        local = world.sim.local_ws_url(call.stream_url)
        assert signed_headers(AUTH_TOKEN, call.stream_url) == {
            "X-Twilio-Signature": victim.ws.request.headers["X-Twilio-Signature"]
        }
        assert (
            await refused(
                FakeRelay(local, call.stream_url, AUTH_TOKEN, call_sid=call.sid, caller=MALLORY).connect()
            )
            == 403
        )
        await victim.close()
        await asyncio.sleep(0.2)
        # ...and after the call's stream is over, too.
        assert (
            await refused(
                FakeRelay(local, call.stream_url, AUTH_TOKEN, call_sid=call.sid, caller=MALLORY).connect()
            )
            == 403
        )
        after = await snapshot(world, call.sid)
        assert after[1] == before[1]


async def test_a_replayed_media_stream_handshake_opens_no_realtime_session(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, victim, _ = await connected_call(world, fake, caller=VICTIM)
        for _ in range(3):
            replay = FakeMediaStream(
                world.sim.local_ws_url(call.stream_url), call.stream_url, AUTH_TOKEN, call_sid=call.sid
            )
            assert await refused(replay.connect()) == 403
        await asyncio.sleep(0.2)
        assert len(fake.sessions) == 1  # the owner pays for the caller's session only
        await victim.stop()


async def test_one_stream_per_call_even_with_a_fresh_token(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call = await relay_call(world)
        victim = await relay_for(world, call).connect()
        await victim.reply(count=1)
        # Another genuine token for the same call (say the menu webhook was answered twice).
        fresh = issue_stream_token(
            AUTH_TOKEN, call_sid=call.sid, caller=VICTIM, mode="relay", now=time.time() - 2
        )
        url = f"{PUBLIC_WS}{RELAY_PATH}/{fresh}"
        assert url != call.stream_url
        assert (
            await refused(
                FakeRelay(world.sim.local_ws_url(url), url, AUTH_TOKEN, call_sid=call.sid).connect()
            )
            == 403
        )
        await victim.close()


# --- tokens that are not this call's -----------------------------------------------------------


def _other_token_urls(call: Call) -> dict[str, str]:
    """Stream URLs an attacker could get Twilio-valid signatures for, none with this call's own token."""
    good = call.stream_url.rsplit("/", 1)[1]
    sid = call.sid
    stream = PUBLIC_WS + MEDIA_STREAM_PATH
    return {
        "no token": stream,
        "token in the query": f"{stream}?token={good}",
        "forged": f"{stream}/{issue_stream_token('not-the-auth-token', call_sid=sid, caller=VICTIM, mode='realtime')}",
        "tampered": f"{stream}/{good[:-3]}{'AAA' if not good.endswith('AAA') else 'BBB'}",
        "expired": f"{stream}/{issue_stream_token(AUTH_TOKEN, call_sid=sid, caller=VICTIM, mode='realtime', now=time.time() - 600)}",
        "another mode's": f"{stream}/{issue_stream_token(AUTH_TOKEN, call_sid=sid, caller=VICTIM, mode='relay')}",
        "too long": f"{stream}/{good}{'A' * 600}",
    }


async def test_handshakes_without_this_calls_valid_token_are_refused_and_claim_nothing(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call = await streamed_call(world, VICTIM)
        for kind, url in _other_token_urls(call).items():
            # A valid Twilio signature over exactly that URL: only the token can stop it.
            client = FakeMediaStream(world.sim.local_ws_url(url), url, AUTH_TOKEN, call_sid=call.sid)
            assert await refused(client.connect()) == 403, kind
        assert fake.sessions == []
        assert await world.store.latest_conversation("voice", call.sid) is None
        # None of them used up the call's one stream: Twilio's own handshake still gets in.
        client = await stream_for(world, call).connect()
        model = await fake.next_session()
        await model.wait_for("response.create")
        await client.stop()


async def test_a_relay_token_does_not_open_a_media_stream_nor_the_reverse(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        call = await relay_call(world)
        token = call.stream_url.rsplit("/", 1)[1]
        url = f"{PUBLIC_WS}{MEDIA_STREAM_PATH}/{token}"
        assert (
            await refused(
                FakeMediaStream(world.sim.local_ws_url(url), url, AUTH_TOKEN, call_sid=call.sid).connect()
            )
            == 403
        )
        realtime = issue_stream_token(AUTH_TOKEN, call_sid=call.sid, caller=VICTIM, mode="realtime")
        url = f"{PUBLIC_WS}{RELAY_PATH}/{realtime}"
        assert (
            await refused(
                FakeRelay(world.sim.local_ws_url(url), url, AUTH_TOKEN, call_sid=call.sid).connect()
            )
            == 403
        )
        assert await world.store.latest_conversation("voice", call.sid) is None


# --- someone else's CallSid --------------------------------------------------------------------


async def test_a_relay_naming_another_calls_sid_is_closed_and_reads_nothing(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(database_url, tmp_path, fake_rest) as world:
        call = await relay_call(world)
        victim = await relay_for(world, call).connect()
        reply = await victim.reply(count=1)
        for _ in range(3):  # name, number, email
            reply = await victim.ask(ANA.answer(reply, spoken=True))
        before = await snapshot(world, call.sid)
        assert any(
            "ana.lima@gmail.com" in (content or "") or "ana dot lima" in (content or "")
            for _, content in before[1]
        )

        # Mallory calls in, and uses her own stream (valid token, valid signature) with the victim's CallSid.
        own = await relay_call(world, MALLORY)
        mallory = FakeRelay(
            world.sim.local_ws_url(own.stream_url),
            own.stream_url,
            AUTH_TOKEN,
            call_sid=call.sid,
            caller=VICTIM,
        )
        await mallory.connect()
        for attempt in ("What's my email?", "Change my email to mallory at evil dot com", "goodbye"):
            try:
                await mallory.say(attempt)
            except websockets.ConnectionClosed:
                break
        assert await closed_with(mallory.ws) == WS_POLICY_VIOLATION
        assert mallory.messages == []  # nothing read back
        assert await snapshot(world, call.sid) == before  # nothing changed, nothing ended
        assert await world.store.latest_conversation("voice", own.sid) is None
        assert (await victim.ask(ANA.answer(reply, spoken=True))) != ""  # the victim's call goes on
        await victim.close()


async def test_a_media_stream_naming_another_calls_sid_is_closed_before_any_session(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, victim, model = await connected_call(world, fake, caller=VICTIM)
        await model.hear("My name is Ana Lima.")
        await asyncio.sleep(0.3)
        before = await snapshot(world, call.sid)

        own = await streamed_call(world, MALLORY)
        mallory = FakeMediaStream(
            world.sim.local_ws_url(own.stream_url),
            own.stream_url,
            AUTH_TOKEN,
            call_sid=call.sid,
            caller=VICTIM,
        )
        await mallory.connect()
        await mallory.wait_closed()
        assert mallory.ws.close_code == WS_POLICY_VIOLATION and mallory.frames == []
        await asyncio.sleep(0.2)
        assert len(fake.sessions) == 1  # no Realtime session for Mallory: nothing to read back, nothing paid
        assert await snapshot(world, call.sid) == before
        await victim.stop()


# --- who the caller is -------------------------------------------------------------------------


async def test_the_relays_from_and_parameters_do_not_choose_this_number(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(database_url, tmp_path, fake_rest) as world:
        call = await relay_call(world, VICTIM)
        # The stream claims to come from Mallory's phone, in `from` and in `customParameters`.
        relay = await FakeRelay(
            world.sim.local_ws_url(call.stream_url),
            call.stream_url,
            AUTH_TOKEN,
            call_sid=call.sid,
            caller=MALLORY,
        ).connect()
        reply = await relay.reply(count=1)
        for _ in range(12):
            if relay.ended is not None:
                break
            reply = await relay.ask(ANA.answer(reply, spoken=True))  # "this number" when asked for a phone
        await relay.wait_end()
        await relay.close()
        [entry] = await world.store.list_entries()
        assert entry.phone == VICTIM
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None and conv.state.get("caller_number") == VICTIM
        await world.settle()
        assert [m.to for m in world.rest.messages] == [VICTIM]  # never a text to a number the stream chose


async def test_the_media_streams_parameters_do_not_choose_this_number(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call = await streamed_call(world, VICTIM)
        client = await FakeMediaStream(
            world.sim.local_ws_url(call.stream_url),
            call.stream_url,
            AUTH_TOKEN,
            call_sid=call.sid,
            caller=MALLORY,
        ).connect()
        model = await fake.next_session()
        await model.wait_for("response.create")
        [note] = [e for e in model.of_type("conversation.item.create") if e["item"].get("role") == "system"]
        told = note["item"]["content"][0]["text"]
        assert VICTIM in told and MALLORY not in told
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None and conv.state.get("caller_number") == VICTIM
        await client.stop()
