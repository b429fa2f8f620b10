"""A Realtime call whose stream goes right after the save: the caller is told the truth, the entry stands.

The caller says "yes, that's right" to the read-back, the model saves, and then one side drops
before Knotty has said so. Twilio's stream closing without a `stop` is a dropped connection, not a
hang-up: the call is carried on in `gather` mode (it used to be closed, and the caller still on the
line was hung up on in silence, never told they were on the list). And "Sorry, I lost you… could you
say that again?" alone, after their yes was saved, made them think it wasn't: they are told their
details are saved first. A yes to the text the model offered just before the drop sends it, instead
of "you're all set… would you like a text?" asked a second time by the offline brain. Played through the simulated Twilio, a fake Media Streams client and a fake
Realtime model against the real app, with people from Faker in several locales.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from channels import wording
from tests.channels.conftest import KNOTTY_NUMBER, PUBLIC, TwilioWorld
from tests.channels.test_realtime import Speaker, after_stream, connected_call, realtime_world, settled
from tests.support.fake_media_stream import FakeMediaStream
from tests.support.fake_realtime import FakeRealtime, RealtimeSession
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_ES", "de_DE", "fr_CA", "en_AU", "it_IT")


async def saved_by_the_model(
    world: TwilioWorld, fake: FakeRealtime, person: dict[str, str]
) -> tuple[Call, FakeMediaStream, RealtimeSession]:
    """A call up to the model's successful save of `person`, after their yes to the read-back."""
    call, client, model = await connected_call(world, fake, caller=person["phone"])
    says = Speaker(model, client)
    role = "massage therapist" if person["role"] == "therapist" else "I'm a client"
    await says.up_to_the_read_back(person, f"It's {person['full_name']}.", "this number", role)
    await model.hear("Yes, that's right.")
    saved = await model.call_tool("save_waitlist_entry", {**person})
    assert saved["ok"] is True, saved
    return call, client, model


def spoken(twiml: ET.Element) -> str:
    return " ".join(" ".join(twiml.itertext()).split())


async def the_entry_stands(world: TwilioWorld, person: dict[str, str]) -> None:
    [entry] = await world.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role) == (
        person["full_name"], person["phone"], person["email"], person["role"],
    )  # fmt: skip


async def next_turn(world: TwilioWorld, call: Call, gather: ET.Element, said: str) -> ET.Element:
    action = gather.get("action", "")
    params = {"CallSid": call.sid, "From": call.caller, "To": KNOTTY_NUMBER, "SpeechResult": said}
    response = await world.sim.post(action[len(PUBLIC) :], params)
    assert response.status_code == 200
    return ET.fromstring(response.text)


@pytest.mark.parametrize("seed", [4, 11, 19])
async def test_a_stream_dropped_without_stop_after_the_save_carries_on_and_says_it_is_saved(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, _ = await saved_by_the_model(world, fake, person)
        await client.ws.close()  # no `stop`: the connection dropped
        await client.wait_closed()
        await asyncio.sleep(0.3)

        twiml = await after_stream(world, call)
        gather = twiml.find("Gather")
        assert gather is not None, f"a caller still on the line was hung up on: {spoken(twiml)!r}"
        said = spoken(gather)
        assert said.startswith(wording.STREAM_LOST) and wording.STREAM_SAVED in said, said
        await the_entry_stands(world, person)

        # The call goes on by Gather from where it stands: the text offer, then goodbye.
        reply = await next_turn(world, call, gather, "I said yes")
        assert "text" in spoken(reply).lower(), spoken(reply)
        asking = reply.find("Gather")
        assert asking is not None, spoken(reply)
        bye = await next_turn(world, call, asking, "no thanks")
        assert bye.find("Hangup") is not None, spoken(bye)
        conv = await settled(world, call.sid)
        assert conv.status == "completed" and conv.entry_id is not None
        await the_entry_stands(world, person)
        assert world.rest.messages == []


@pytest.mark.parametrize("seed", [6, 13])
async def test_realtime_lost_right_after_the_save_says_it_is_saved_before_asking_again(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await saved_by_the_model(world, fake, person)
        await asyncio.sleep(0.2)
        await model.drop()
        await client.wait_closed()

        gather = (await after_stream(world, call)).find("Gather")
        assert gather is not None
        said = spoken(gather)
        assert said == f"{wording.STREAM_LOST} {wording.STREAM_SAVED} {wording.STREAM_ASK_AGAIN}", said
        await the_entry_stands(world, person)


async def test_a_caller_who_hangs_up_after_the_save_is_still_closed_as_completed(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    person = caller(8, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, _ = await saved_by_the_model(world, fake, person)
        await client.stop()  # Twilio's `stop`: the caller hung up
        conv = await settled(world, call.sid)
        assert conv.status == "completed" and conv.entry_id is not None
        assert (await after_stream(world, call)).find("Hangup") is not None
        await the_entry_stands(world, person)


@pytest.mark.parametrize("seed", [5, 16])
async def test_a_yes_to_the_models_text_offer_after_a_drop_sends_it_without_asking_again(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await saved_by_the_model(world, fake, person)
        await Speaker(model, client)("You're on the list! Would you like a confirmation text?")
        await client.ws.close()  # dropped before the caller could answer
        await client.wait_closed()
        await asyncio.sleep(0.3)

        gather = (await after_stream(world, call)).find("Gather")
        assert gather is not None
        assert spoken(gather).endswith("Would you like a confirmation text?"), spoken(gather)
        reply = await next_turn(world, call, gather, "yes please")
        said = spoken(reply)
        assert reply.find("Hangup") is not None and "would you like" not in said.lower(), said
        await world.settle()
        [text] = world.rest.messages
        assert text.to == person["phone"]
        await the_entry_stands(world, person)
