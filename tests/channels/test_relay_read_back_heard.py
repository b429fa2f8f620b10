"""A "yes" said over the read-back on ConversationRelay confirms only what the caller heard.

A caller cut in after "Here's what I have. Your name is Maria Gomez." and said "yes": Knotty said
"Wonderful, Maria, you're on the MasseurMatch early-access list" and saved a phone and an email the
caller never heard read back. Twilio's `interrupt` says what had been spoken
(`utteranceUntilInterrupt`); the relay passes it to the core with the caller's next words. Now the
yes gets the rest of the read-back and the question again, and nothing is saved until a yes to it; a
correction said over the read-back still counts, and a yes cut into the closing question (every field
heard) still saves.

Played through the simulated Twilio and a fake ConversationRelay client (the real message shapes)
against the real app, with the offline brain (and once with the streaming OpenAI brain on a loopback
model: it is told where its read-back was cut, and its save is refused). People from Faker in several locales.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knotty.fields import speak_email, speak_phone
from tests.channels.test_relay import relay_call, relay_world, streaming_openai
from tests.channels.test_relay_hangups import saving_model
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "pl_PL")
YESES = ("yes", "yes that's right", "yep", "yeah that's correct")


async def _read_back(relay: FakeRelay, person: dict[str, str]) -> str:
    """The caller gives everything at once; Knotty's read-back."""
    await relay.reply(count=1)
    role = "a massage therapist" if person["role"] == "therapist" else "a client looking for a massage"
    reply = await relay.ask(
        f"my name is {person['full_name']} I'm {role} use this number and my email is "
        f"{said_email(person['email'])}"
    )
    assert f"Your name is {person['full_name']}." in reply, reply
    assert speak_email(person["email"]) in reply, reply
    return reply


def _cut_after(reply: str, sentence: str) -> str:
    """What Twilio had spoken when the caller cut in right after `sentence`."""
    return reply[: reply.index(sentence) + len(sentence)]


@pytest.mark.parametrize("seed", range(4))
async def test_a_yes_said_after_hearing_only_the_name_saves_nothing_and_the_rest_is_read(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        read_back = await _read_back(relay, person)
        heard = _cut_after(read_back, f"Your name is {person['full_name']}.")
        await relay.interrupt(heard, ms=2150)
        reply = await relay.ask(YESES[seed % len(YESES)])

        assert await world.store.list_entries() == []  # the phone and email were never heard
        assert "on the" not in reply.lower() and "list" not in reply.lower(), reply
        assert speak_phone(person["phone"]) in reply and speak_email(person["email"]) in reply, reply
        assert reply.rstrip().endswith("?"), reply

        reply = await relay.ask("yes")  # now heard whole, without cutting in
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role) == (
            person["full_name"], person["phone"], person["email"], person["role"],
        )  # fmt: skip
        await relay.close()


@pytest.mark.parametrize("seed", range(6, 8))
async def test_a_correction_said_over_the_read_back_still_counts(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    other = caller(seed + 100, LOCALES)["email"]
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        read_back = await _read_back(relay, person)
        await relay.interrupt(_cut_after(read_back, f"Your name is {person['full_name']}."), ms=1900)
        reply = await relay.ask(f"no my email is {said_email(other)}")
        assert speak_email(other) in reply and await world.store.list_entries() == [], reply

        await relay.ask("yes")
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.email) == (person["full_name"], other)
        await relay.close()


@pytest.mark.parametrize("seed", range(10, 12))
async def test_a_yes_cut_into_the_closing_question_saves_what_was_read_back(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with relay_world(sqlite_url, tmp_path, fake_rest) as world:
        _, relay = await relay_call(world, caller=person["phone"])
        read_back = await _read_back(relay, person)
        await relay.interrupt(_cut_after(read_back, f"{person['role']}."), ms=9000)
        await relay.ask("yes")
        [entry] = await world.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email) == (
            person["full_name"], person["phone"], person["email"],
        )  # fmt: skip
        await relay.close()


async def test_a_model_is_told_what_was_heard_and_its_save_after_a_cut_read_back_is_refused(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    person = caller(20, LOCALES)
    async with (
        relay_world(sqlite_url, tmp_path, fake_rest) as world,
        streaming_openai(world, saving_model(person)) as model,
    ):
        _, relay = await relay_call(world, caller=person["phone"])
        await relay.reply(count=1)
        role = "a massage therapist" if person["role"] == "therapist" else "a client"
        read_back = await relay.ask(
            f"I'm {person['full_name']}, {role}. Use this number. My email is {said_email(person['email'])}."
        )
        assert "Right?" in read_back
        heard = _cut_after(read_back, f"{person['full_name']},")
        await relay.interrupt(heard, ms=1200)
        await relay.ask("yes")

        assert await world.store.list_entries() == []  # the email was never heard
        said = [m["content"] for m in model.requests[-1]["messages"] if m["role"] == "assistant"]
        assert heard in said and read_back not in said  # the model knows where it was cut
        await relay.close()
