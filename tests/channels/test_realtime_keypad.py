"""A Realtime caller who types their phone number on the keypad is heard, and can be saved with it.

Twilio's bidirectional stream sends each key as a `dtmf` frame; the bridge dropped them, so a caller
who keyed their number (as the `gather` and `relay` lines invite) heard nothing back, and had the
model guessed the number anyway, the core would refuse it: no one had said it. Now the digits are
gathered (`#` or a pause ends them), stored as the caller's words and given to the model. Played
through the simulated Twilio, a fake Media Streams client and a fake Realtime model against the real
app; the numbers are phonenumbers' example numbers, the people Faker's.
"""

from __future__ import annotations

import asyncio
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


def spoken_instructions(event: dict[str, Any]) -> str:
    """The instructions of a `response.create` the bridge sent ("" for the model's own turns)."""
    return str((event.get("response") or {}).get("instructions") or "")


@pytest.mark.parametrize(
    ("seed", "stage", "told"),
    [
        (3, "name", "Sorry, the keypad can't spell a name. Please say your full name."),
        (5, "email", "Sorry, the keypad can't type an email address. Please say your email address."),
        (8, "read-back", "Sorry, the keypad doesn't work for this question. Please say yes if your details"),
    ],
)
async def test_keys_at_a_question_no_key_answers_are_told_to_say_it_and_nothing_is_stored(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int, stage: str, told: str
) -> None:
    """The keys had reached the model as the caller's words ("1" at the read-back, "5 5" for a name) and
    were stored as such. As on the other lines, the caller is now told the keypad can't answer that
    question and to say it; the keys are neither stored nor given to the model as an answer."""
    person = caller(seed, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        if stage == "name":
            await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        elif stage == "email":
            await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
            await model.hear(person["full_name"])
            await says("Thanks. What's your email address?")
        else:
            await says.up_to_the_read_back(person, person["full_name"], "this number", person["role"])
        await client.press("15#")
        event = await model.wait_for("response.create", lambda e: bool(spoken_instructions(e)), timeout=5.0)
        assert told in spoken_instructions(event), spoken_instructions(event)
        assert event["response"].get("tool_choice") == "none"
        await asyncio.sleep(0.2)
        assert not [e for e in model.of_type("conversation.item.create") if typed_item(e)]
        await client.stop()
        conv = await settled(world, call.sid)
        said = [m.content for m in await world.store.history(conv.id) if m.role == "user"]
        assert not [line for line in said if "1" in line and "5" in line], said
        assert await world.store.list_entries() == []


@pytest.mark.parametrize(("key", "role"), [("1", "therapist"), ("2", "client")])
async def test_a_key_at_the_role_question_is_the_role(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], key: str, role: str
) -> None:
    """1 and 2 at the role question mean therapist and client, as on the other lines (they reached the
    model as a bare "1")."""
    person = caller(4, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        _, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Are you a massage therapist or a client?")
        await client.press(key)
        event = await model.wait_for("conversation.item.create", lambda e: bool(typed_item(e)), timeout=5.0)
        assert typed_item(event) == role
        await client.stop()
