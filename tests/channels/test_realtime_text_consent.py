"""A Realtime model that texts the caller on the "yes" they gave the read-back.

A confirmation text is offered only once the entry is saved, so the only "yes" that accepts it comes
after the save. A weak model saves and at once calls `send_confirmation_sms`, with the caller's last
words still "yes, that's right": no text may go out until the caller has been asked. Played through
the simulated Twilio, a fake Media Streams client and a fake Realtime model against the real app.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.test_realtime import Speaker, connected_call, realtime_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller

LOCALES = ("en_GB", "es_AR", "fr_CA", "de_CH", "pt_PT", "en_AU")
READ_BACK_YESES = ("Yes, that's right.", "yes correct", "Yep, all good.")


@pytest.mark.parametrize("seed", [5, 12, 27])
async def test_no_text_goes_out_on_the_read_backs_yes(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says.up_to_the_read_back(
            person,
            person["full_name"],
            "the one I'm calling from",
            "a therapist" if person["role"] == "therapist" else "client",
        )
        await model.hear(READ_BACK_YESES[seed % len(READ_BACK_YESES)])
        assert (await model.call_tool("save_waitlist_entry", person))["ok"] is True

        early = await model.call_tool("send_confirmation_sms", {})
        assert early["ok"] is False, early
        await world.settle()
        assert world.rest.messages == []

        await says("You're on the list! Would you like a confirmation text?")
        await model.hear("Yes please.")
        assert (await model.call_tool("send_confirmation_sms", {}))["ok"] is True
        await world.settle()
        [text] = world.rest.messages
        assert text.to == person["phone"]
        await client.stop()


@pytest.mark.parametrize("seed", [8, 15])
async def test_a_text_asked_for_by_name_at_the_read_back_is_sent(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says.up_to_the_read_back(
            person,
            person["full_name"],
            "this number",
            "a therapist" if person["role"] == "therapist" else "client",
        )
        await model.hear("Yes, that's right, and please text me a confirmation.")
        assert (await model.call_tool("save_waitlist_entry", person))["ok"] is True
        assert (await model.call_tool("send_confirmation_sms", {}))["ok"] is True
        await world.settle()
        [text] = world.rest.messages
        assert text.to == person["phone"]
        await client.stop()
