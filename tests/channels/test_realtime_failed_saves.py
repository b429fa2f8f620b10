"""A Realtime call whose save hits a database error: nothing saved must mean nothing believed saved.

The database refuses the entry once (a trigger aborts the insert, as a lock timeout or a fail-over
would). The model is told nothing was saved; a weak model then behaves as if it had been: it says so
(the reply guard stops those words unheard), offers the text, sends it, ends the call. None of that may pass, the call must go on being stored, and the
save tried again must put the person on the list. Played through the simulated Twilio, a fake Media
Streams client and a fake Realtime model against the real app.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from channels.realtime.journal import STORAGE_ERROR
from tests.channels.conftest import TwilioWorld
from tests.channels.test_realtime import Speaker, connected_call, noise, realtime_world, saved_as
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_ES", "pl_PL", "nl_NL", "sv_SE", "en_IN")


async def refuse_entries(world: TwilioWorld, refuse: bool) -> None:
    """The database aborts every new waitlist entry (or stops doing so)."""
    async with world.store.engine.begin() as db:
        if refuse:
            await db.exec_driver_sql(
                "CREATE TRIGGER blip BEFORE INSERT ON waitlist_entries BEGIN SELECT RAISE(ABORT, 'blip'); END"
            )
        else:
            await db.exec_driver_sql("DROP TRIGGER blip")


@pytest.mark.parametrize("seed", [4, 11, 20])
async def test_a_save_the_database_refused_is_not_treated_as_saved(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says.up_to_the_read_back(
            person,
            f"It's {person['full_name']}.",
            "This number is fine.",
            "massage therapist" if person["role"] == "therapist" else "I'm a client",
        )
        await model.hear("Yes, that's right.")

        await refuse_entries(world, True)
        assert await model.call_tool("save_waitlist_entry", person) == STORAGE_ERROR
        await refuse_entries(world, False)
        assert await world.store.list_entries() == []

        # A weak model carries on as if the save had worked: the reply guard stops its words unheard.
        played = len(client.of_event("media"))
        await model.say(noise(800), "You're on the list! Would you like a confirmation text?")
        told = await model.wait_for(
            "conversation.item.create", lambda e: e["item"].get("role") == "system", count=2
        )
        assert "not on the list" in told["item"]["content"][0]["text"]
        assert len(client.of_event("media")) == played
        await model.hear("Sure, text me.")
        texting = await model.call_tool("send_confirmation_sms", {})
        assert texting["ok"] is False and texting != STORAGE_ERROR, texting
        ending = await model.call_tool("end_conversation", {})
        assert ending["ok"] is False and ending != STORAGE_ERROR, ending

        # Told the truth, it apologises and saves again: the person is on the list.
        await says("I'm sorry, that didn't go through. May I try saving your details again?")
        await model.hear("Yes, please try again.")
        saved = await model.call_tool("save_waitlist_entry", person)
        assert saved["ok"] is True, saved
        await client.stop()

        conv = await saved_as(world, call.sid, person)
        assert conv.status == "completed"
        said = [(m.role, m.content) for m in await world.store.history(conv.id) if m.content]
        assert ("assistant", "You're on the list! Would you like a confirmation text?") not in said
        assert ("user", "Sure, text me.") in said and ("user", "Yes, please try again.") in said
        await world.settle()
        assert world.rest.messages == []  # no text was asked for after the real save
