"""Keeping one conversation going for ever with answers, over the real Twilio routes (each turn signed).

Six asides in a row end a conversation (`test_endless_asides.py`), but a stranger who answered every
time, at the read-back correcting the email, the name or the number to a new one again and again, was
answered without any bound: a call (paid by the minute) stayed open, and every turn read the whole
transcript again, so each answer cost more than the one before (with the model, each one sent the
whole transcript to it). Now a conversation ends politely after `MAX_TURNS` turns, nothing saved that
the person did not confirm, and its transcript stops growing.
"""

from __future__ import annotations

import random

from faker import Faker

from knotty.agent import MAX_TURNS
from knotty.store.models import Conversation
from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Texter

LOCALES = ["en_US", "es_MX", "fr_FR", "de_DE", "it_IT", "pt_BR", "en_GB", "pl_PL"]
ENOUGH = MAX_TURNS * 2
"""Far more corrections than the bound."""


def _person(seed: int) -> tuple[Faker, str, str, str]:
    fake = Faker(LOCALES)
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    return fake, first, last, f"{fake.user_name()}@{fake.free_email_domain()}"


def _correction(fake: Faker, rng: random.Random, i: int) -> str:
    """A fresh answer to the read-back: a new email, name or number each time."""
    kind = rng.choice(("email", "name", "phone"))
    if kind == "email":
        return f"no, my email is {fake.user_name()}{i}@{fake.free_email_domain()}"
    if kind == "name":
        return f"no, my name is {fake.first_name()} {fake.last_name()}"
    return f"no, my number is 415 555 {rng.randrange(10000):04d}"


async def _correct_until_closed(
    twilio: TwilioWorld, phone: Texter, sender: str, fake: Faker, rng: random.Random
) -> tuple[Conversation, int]:
    """A new correction texted for as long as the conversation stays open (at most `ENOUGH`): the
    conversation as it ended, and how many were sent."""
    sent = 0
    for i in range(ENOUGH):
        conv = await twilio.store.latest_conversation("sms", sender)
        assert conv is not None
        if conv.status != "active":
            return conv, sent
        await phone.send(_correction(fake, rng, i))
        sent += 1
    conv = await twilio.store.latest_conversation("sms", sender)
    assert conv is not None
    return conv, sent


async def test_a_texter_correcting_for_ever_at_the_read_back_is_ended_politely(twilio: TwilioWorld) -> None:
    fake, first, last, email = _person(2041)
    rng = random.Random(2041)
    sender = "+14155550141"
    phone = twilio.sim.texter(sender)
    for body in ("hi", f"{first} {last}", "this number", email, "client"):
        await phone.send(body)
    conv = await twilio.store.latest_conversation("sms", sender)
    assert conv is not None
    conv, sent = await _correct_until_closed(twilio, phone, sender, fake, rng)
    assert conv.status != "active", f"still answering after {sent} corrections: {phone.replies[-1]}"
    assert sent <= MAX_TURNS, sent
    assert "stop here" in phone.replies[-1].lower(), phone.replies[-1]
    assert "weren't saved" in phone.replies[-1], phone.replies[-1]
    assert await twilio.store.list_entries() == [], "nothing was confirmed, so nothing is saved"
    lines = await twilio.store.history(conv.id)
    assert len(lines) <= 2 * MAX_TURNS + 2, len(lines)
    assert twilio.rest.messages_to(sender) == []


async def test_a_caller_correcting_for_ever_at_the_read_back_is_hung_up_on_politely(
    twilio: TwilioWorld,
) -> None:
    fake, first, last, email = _person(2042)
    rng = random.Random(2042)
    call = await twilio.sim.call("+14155550142")
    await call.press("1")
    for said in (f"{first} {last}", "this number", email, "therapist"):
        await call.say(said)
    said_times = 0
    for i in range(ENOUGH):
        if call.ended:
            break
        await call.say(_correction(fake, rng, i))
        said_times += 1
    assert call.ended, f"the call is still open after {said_times} corrections: {call.last_heard}"
    assert said_times <= MAX_TURNS, said_times
    assert "stop here" in call.last_heard.lower(), call.last_heard
    assert "weren't saved" in call.last_heard, call.last_heard
    assert call.errors == []
    assert await twilio.store.list_entries() == []


async def test_a_saved_texter_changing_details_for_ever_keeps_the_signup_they_confirmed(
    twilio: TwilioWorld,
) -> None:
    """After the save the conversation ends the same way; what the database holds is what was read back
    and confirmed last, and the goodbye says the signup is saved, as the database says."""
    fake, first, last, email = _person(2043)
    rng = random.Random(2043)
    sender = "+14155550143"
    phone = twilio.sim.texter(sender)
    for body in ("hi", f"{first} {last}", "this number", email, "client", "yes"):
        await phone.send(body)
    [saved] = await twilio.store.list_entries()
    conv = await twilio.store.latest_conversation("sms", sender)
    assert conv is not None
    conv, sent = await _correct_until_closed(twilio, phone, sender, fake, rng)
    assert conv.status != "active", f"still answering after {sent} messages: {phone.replies[-1]}"
    assert sent <= MAX_TURNS, sent
    [entry] = await twilio.store.list_entries()
    assert entry.id == saved.id
    assert "stop here" in phone.replies[-1].lower(), phone.replies[-1]
    assert "is saved" in phone.replies[-1] and "weren't saved" not in phone.replies[-1], phone.replies[-1]
