"""A Realtime caller who types their phone number on the keypad is heard, and can be saved with it.

Twilio's bidirectional stream sends each key as a `dtmf` frame; the bridge dropped them, so a caller
who keyed their number (as the `gather` and `relay` lines invite) heard nothing back, and had the
model guessed the number anyway, the core would refuse it: no one had said it. Now the digits are
gathered (`#` or a pause ends them), stored as the caller's words and given to the model. Played
through the simulated Twilio, a fake Media Streams client and a fake Realtime model against the real
app; the numbers are phonenumbers' example numbers, the people Faker's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.channels.test_realtime import Speaker, connected_call, realtime_world, settled
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "fr_CA", "en_GB", "de_DE")


def typed_item(event: dict[str, Any]) -> str:
    """The text of a user message item the bridge created ("" for anything else)."""
    item = event.get("item") or {}
    if item.get("role") != "user":
        return ""
    return " ".join(c.get("text", "") for c in item.get("content", []) if c.get("type") == "input_text")


@pytest.mark.parametrize(("seed", "end_key"), [(2, "#"), (7, "")])
async def test_a_phone_number_typed_on_the_keypad_reaches_the_model_and_grounds_the_save(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int, end_key: str
) -> None:
    person = caller(seed, LOCALES)
    national = person["phone"][2:]  # a +1 number, typed without the country code
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        # The call comes from another phone: the number must come from the keypad.
        call, client, model = await connected_call(world, fake, caller="+14155550177")
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await model.hear(f"It's {person['full_name']}.")
        await says("What's the best phone number for you?")
        await client.press(national + end_key)
        event = await model.wait_for("conversation.item.create", lambda e: bool(typed_item(e)), timeout=5.0)
        assert typed_item(event) == " ".join(national)
        await model.wait_for("response.create", count=2)  # the greeting's, then the keypad answer's
        await says("And your email?")
        await model.hear(said_email(person["email"]))
        await says("Are you a massage therapist or a client?")
        await model.hear(person["role"])
        await says(f"{person['full_name']}, {national}, {person['email']}, {person['role']}. Is that right?")
        await model.hear("Yes, that's right.")
        saved = await model.call_tool("save_waitlist_entry", {**person})
        assert saved["ok"] is True, saved
        await client.stop()

        conv = await settled(world, call.sid)
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role) == (
            person["full_name"], person["phone"], person["email"], person["role"],
        )  # fmt: skip
        said = [m.content for m in await world.store.history(conv.id) if m.role == "user"]
        assert " ".join(national) in said


async def test_keys_pressed_while_knotty_speaks_cut_it_off_like_speech(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake, autoplay=False)
        await model.say(b"\x7f" * 8000, "Hi, I'm Knotty from MasseurMatch. What's your full name?")
        await client.wait_for("mark")
        await client.press("1#")
        await client.wait_for("clear")
        await model.wait_for("conversation.item.truncate")
        await model.wait_for("response.create", count=2)
        await client.stop()
