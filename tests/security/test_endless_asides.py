"""Keeping a conversation going for ever, over the real Twilio routes (each turn a signed webhook).

A caller at the read-back who says "is it free?" or "are you there?" again and again, and a texter who does
the same when offered a confirmation text, were answered every time without any bound: the call (paid by
the minute) stayed open as long as they liked. Now a run of such messages ends politely, as at a field
question: the call hangs up with nothing saved, the text conversation ends with no text sent.
A name whose surname makes it too long for a name no longer leaves the texter's conversation answering
"Sorry, I didn't quite catch that" to everything.
"""

from __future__ import annotations

from faker import Faker

from tests.channels.conftest import TwilioWorld

ENOUGH = 30
"""Far more asides than any bound."""


def _person(seed: int) -> tuple[str, str, str]:
    fake = Faker(["en_US", "es_MX", "fr_FR", "de_DE"])
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    return first, last, f"{first[:1].lower()}{seed}@example.com"


async def test_a_caller_repeating_questions_at_the_read_back_is_ended_politely(twilio: TwilioWorld) -> None:
    first, last, email = _person(11)
    call = await twilio.sim.call("+14155550123")
    await call.press("1")
    for said in (f"{first} {last}", "this number", email, "client"):
        await call.say(said)
    assert "client" in call.last_heard, call.last_heard
    for _ in range(ENOUGH):
        if call.ended:
            break
        await call.say("is it free?")
    assert call.ended, f"the call is still open after {ENOUGH} questions: {call.last_heard}"
    assert call.errors == []
    assert await twilio.store.list_entries() == []


async def test_a_texter_repeating_are_you_there_at_the_text_offer_gets_no_text_and_an_end(
    twilio: TwilioWorld,
) -> None:
    first, last, email = _person(12)
    phone = twilio.sim.texter("+14155550124")
    for body in ("hi", f"{first} {last}", "this number", email, "therapist", "yes"):
        replies = await phone.send(body)
    assert "text" in replies[-1].lower(), replies
    for _ in range(ENOUGH):
        conv = await twilio.store.latest_conversation("sms", "+14155550124")
        if conv is not None and conv.status != "active":
            break
        await phone.send("Hello? Are you there?")
    assert conv is not None and conv.status == "completed", phone.replies[-3:]
    assert twilio.rest.messages_to("+14155550124") == []


async def test_a_surname_too_long_for_the_name_by_text_is_asked_again(twilio: TwilioWorld) -> None:
    first, last, email = _person(13)
    phone = twilio.sim.texter("+14155550125")
    await phone.send("hi")
    await phone.send(first)
    replies = await phone.send("it's " + "-".join([last] * (100 // len(last) + 1)))
    assert "last name" in replies[-1].lower(), replies
    for body in (last, "this number", email, "client", "yes"):
        replies = await phone.send(body)
    assert not any("didn't quite catch" in r for r in phone.replies), phone.replies
    [entry] = await twilio.store.list_entries()
    assert entry.full_name == f"{first} {last}"
