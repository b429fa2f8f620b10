"""On the Gather line, a "yes" said over the read-back is not taken as a yes to details not yet heard.

Twilio's `<Gather>` takes speech said while its nested `<Say>` still plays (`bargeIn`, on by default):
a caller saying "yes" after hearing only their name was saved with a phone and an email they never
heard read back. The read-back's Gather now has `bargeIn="false"`: words said over it are not taken,
the read-back plays to its end, and the question is answered after it was heard. Every other question
can still be answered early. Through the real Twilio routes (signed webhooks); people from Faker.
"""

from __future__ import annotations

import pytest

from knotty.fields import speak_email
from tests.channels.conftest import TwilioWorld
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "pl_PL")


@pytest.mark.parametrize("seed", range(3))
async def test_a_yes_said_over_the_read_back_is_not_taken_until_it_was_heard(
    twilio: TwilioWorld, seed: int
) -> None:
    person = caller(seed, LOCALES)
    call = await twilio.sim.call(person["phone"])
    await call.press("1")
    assert call.gather is not None and call.gather.get("bargeIn") is None  # the name may be said early
    role = "a massage therapist" if person["role"] == "therapist" else "a client looking for a massage"
    await call.say(
        f"my name is {person['full_name']} I'm {role} use this number and my email is "
        f"{said_email(person['email'])}"
    )
    assert speak_email(person["email"]) in call.last_heard, call.last_heard

    assert await call.say_over("yes") == []  # said while the read-back played: not taken
    assert await twilio.store.list_entries() == []
    assert call.waiting  # the question is asked once the read-back was heard

    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role) == (
        person["full_name"], person["phone"], person["email"], person["role"],
    )  # fmt: skip
