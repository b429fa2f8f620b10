"""On the Gather line, a "yes" said the moment the read-back's details end is a yes.

The read-back's details are in a `<Gather>` of their own (words said over them reach the turn as said
over the read-back), and Twilio's `timeout` "begins after the audio completes": for its one second after
the details, that Gather is still the one listening. A caller who said "yes" right after hearing all of
them was taken as speaking over them, and heard every detail read again (a prompt caller, again and
again). The details' last sentence is now a plain `<Say>` after that Gather, which listens to nothing
and cannot be cut short, so the question's Gather listens from the moment the details end: what it
hears was said after every detail was played. Silence there still saves nothing.

Through the real Twilio routes (signed webhooks, the simulator follows the TwiML); people from Faker.
"""

from __future__ import annotations

import pytest

from knotty.fields import speak_email
from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "en_GB", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "pl_PL", "nl_NL", "tr_TR")
YESES = ("yes", "yes that's right", "yep", "yeah that's correct", "correct", "that's all right")


async def _read_back(twilio: TwilioWorld, person: dict[str, str]) -> Call:
    call = await twilio.sim.call(person["phone"])
    await call.press("1")
    role = "a massage therapist" if person["role"] == "therapist" else "a client looking for a massage"
    await call.say(
        f"my name is {person['full_name']} I'm {role} use this number and my email is "
        f"{said_email(person['email'])}"
    )
    assert speak_email(person["email"]) in call.last_heard, call.last_heard
    return call


async def _saved(twilio: TwilioWorld) -> list[tuple[str, str, str, str]]:
    return [(e.full_name, e.phone, e.email, e.role) for e in await twilio.store.list_entries()]


@pytest.mark.parametrize("seed", range(12))
async def test_a_yes_said_right_after_the_details_saves_them(twilio: TwilioWorld, seed: int) -> None:
    person = caller(seed, LOCALES)
    call = await _read_back(twilio, person)

    [reply] = await call.say_in_the_gap(YESES[seed % len(YESES)])

    assert await _saved(twilio) == [(person["full_name"], person["phone"], person["email"], person["role"])]
    assert speak_email(person["email"]) not in reply, reply  # not read again
    assert "text" in reply.lower(), reply  # the save confirmed, the confirmation text offered


@pytest.mark.parametrize("seed", range(3))
async def test_silence_after_the_details_saves_nothing(twilio: TwilioWorld, seed: int) -> None:
    person = caller(seed + 50, LOCALES)
    call = await _read_back(twilio, person)

    await call.stay_silent()
    assert await _saved(twilio) == []
    assert call.waiting
    await call.stay_silent()
    assert await _saved(twilio) == []


@pytest.mark.parametrize("seed", range(3))
async def test_a_yes_said_over_the_details_still_confirms_nothing(twilio: TwilioWorld, seed: int) -> None:
    person = caller(seed + 80, LOCALES)
    call = await _read_back(twilio, person)

    [again] = await call.say_over("yes")
    assert await _saved(twilio) == []
    assert speak_email(person["email"]) in again, again
    [done] = await call.say_in_the_gap("yes")
    assert await _saved(twilio) == [(person["full_name"], person["phone"], person["email"], person["role"])]
    assert "text" in done.lower(), done
