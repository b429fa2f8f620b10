"""On the Gather line, words said over the read-back: a correction is heard, a "yes" confirms nothing unheard.

Twilio's `<Gather>` takes speech said while its nested `<Say>` still plays (`bargeIn`, on by default)
and tells the action nothing of how much was played. A caller saying "yes" after hearing only their
name had been saved with a phone and an email they never heard read back; the read-back's Gather was
then made `bargeIn="false"`, and a correction said over it ("no, my email is ...") was lost with it:
it had to be said again after the read-back.

The read-back is now two Gathers: the details, in a Gather of their own that stops at the caller's
words and posts them to the turn marked as said over the read-back; then, after a one-second gap,
the question in a Gather that takes the answer. A correction said over the details is taken; a yes
said over them confirms nothing, and the details are read again. Through the real Twilio routes
(signed webhooks); people from Faker.
"""

from __future__ import annotations

import pytest

from knotty.fields import speak_email
from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller, fake_for, said_email, said_phone

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "pl_PL")


async def _read_back(twilio: TwilioWorld, person: dict[str, str], email: str | None = None) -> Call:
    call = await twilio.sim.call(person["phone"])
    await call.press("1")
    assert call.gather is not None and call.gather.get("bargeIn") is None  # the name may be said early
    role = "a massage therapist" if person["role"] == "therapist" else "a client looking for a massage"
    await call.say(
        f"my name is {person['full_name']} I'm {role} use this number and my email is "
        f"{said_email(email or person['email'])}"
    )
    assert speak_email(email or person["email"]) in call.last_heard, call.last_heard
    return call


async def _saved(twilio: TwilioWorld) -> list[tuple[str, str, str, str]]:
    return [(e.full_name, e.phone, e.email, e.role) for e in await twilio.store.list_entries()]


def _fields(person: dict[str, str]) -> tuple[str, str, str, str]:
    return (person["full_name"], person["phone"], person["email"], person["role"])


@pytest.mark.parametrize("seed", range(3))
async def test_a_yes_said_over_the_read_back_is_not_taken_until_it_was_heard(
    twilio: TwilioWorld, seed: int
) -> None:
    person = caller(seed, LOCALES)
    call = await _read_back(twilio, person)

    [again] = await call.say_over("yes")  # said while the details were read: no yes to them
    assert await _saved(twilio) == []
    assert speak_email(person["email"]) in again and person["full_name"] in again, again  # read again
    assert call.waiting

    await call.say("yes")  # said once all of it was heard
    assert await _saved(twilio) == [_fields(person)]


@pytest.mark.parametrize("seed", range(4))
async def test_an_email_corrected_over_the_read_back_is_heard(twilio: TwilioWorld, seed: int) -> None:
    person = caller(seed, LOCALES)
    other = fake_for(seed + 100, LOCALES).free_email_domain()
    wrong = person["email"].split("@")[0] + "@" + (other if other not in person["email"] else "example.org")
    call = await _read_back(twilio, person, email=wrong)

    [reply] = await call.say_over(f"no, my email is {said_email(person['email'])}")
    assert speak_email(person["email"]) in reply and speak_email(wrong) not in reply, reply
    assert await _saved(twilio) == []

    await call.say("yes")
    assert await _saved(twilio) == [_fields(person)]


@pytest.mark.parametrize("seed", range(3))
async def test_a_no_said_over_the_read_back_asks_what_to_change(twilio: TwilioWorld, seed: int) -> None:
    person = caller(seed, LOCALES)
    call = await _read_back(twilio, person)

    [reply] = await call.say_over("no, the phone number is wrong")
    assert "number" in reply.lower() and await _saved(twilio) == [], reply
    [same] = await call.say(said_phone(person["phone"]))  # the same number: it was right after all
    assert "same as before" in same, same
    [readback] = await call.say("yes, that's right")
    assert person["full_name"] in readback, readback
    await call.say("yes")
    assert await _saved(twilio) == [_fields(person)]


async def test_the_question_after_the_read_back_takes_keys_the_read_back_does_not(
    twilio: TwilioWorld,
) -> None:
    person = caller(7, LOCALES)
    call = await _read_back(twilio, person)
    assert call.gather is not None and "dtmf" in (call.gather.get("input") or "")  # the question's Gather
    [said] = await call.press("1")  # no key says yes to a read-back: Knotty asks for it said
    assert "keypad" in said.lower() and await _saved(twilio) == []
