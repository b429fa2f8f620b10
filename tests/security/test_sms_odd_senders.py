"""Texts from senders that are not a person's phone, and opt-outs in other words, over the real SMS route.

A signed `From` may be an alphanumeric sender ID or a short code (no phone a text can go back to as a
person's number), or Knotty's own number (a text to itself would loop through Twilio). Twilio's
Advanced Opt-Out may be set up with keywords in other languages ("ARRET", "PARAR"): it opts the number
out itself and tells the webhook so in `OptOutType`, whatever the body says. A picture with no words
in the middle of a signup is no answer. Each is judged by what the person or the owner would notice:
no reply to an opted-out number, no text sent, no entry under a number nobody holds, never a 500.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.channels.test_sms import conversations
from tests.security.test_entry_takeover import by_text, on_web
from tests.security.test_text_handoff import ANSWERS, _two_misses
from tests.support.fake_twilio_rest import FakeTwilioRest

MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
DIGITS = "415 555 0180"
OWN_NUMBER = "+14155550123"
"""Knotty's number in the test of a text from itself: a number the texting rules would text."""


async def _texting_signup(world: TwilioWorld, sender: str, person: Person) -> list[str]:
    """`person` texts from `sender`, saying "this number" and, asked for the digits, giving them."""
    replies = await by_text(world, sender, person, digits=DIGITS)
    await world.settle()
    return replies


@pytest.mark.parametrize(
    ("body", "kind"),
    [("ARRET", "STOP"), ("Parar", "STOP"), ("baja", "STOP"), ("stop!", "STOP"), ("ALTO", "STOP")],
)
async def test_an_opt_out_twilio_recorded_in_any_words_silences_the_number(
    twilio: TwilioWorld, body: str, kind: str
) -> None:
    """Twilio already opted the number out (`OptOutType`): Knotty must record it too, start no
    conversation with the words, and never text the number again."""
    phone = twilio.sim.texter("+14155550170")
    await phone.send("Hi, I'd like to join the waitlist")
    assert await phone.send(body, OptOutType=kind) == [], "Twilio answered the opt-out already"
    assert await twilio.store.is_opted_out(phone.number), f"{body!r} opted out at Twilio, not at Knotty"
    assert await phone.send("Ana Lima") == [], "an opted-out number gets no reply"
    [conversation] = await conversations(twilio, phone.number)
    assert conversation.status != "active", "the conversation the person left is closed"
    assert await twilio.store.list_entries() == []


async def test_twilios_opt_in_in_any_words_opts_the_number_back_in(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter("+14155550171")
    await phone.send("STOP")
    assert await phone.send("REANUDAR", OptOutType="START") == [], "Twilio answered it already"
    assert not await twilio.store.is_opted_out(phone.number)


@pytest.mark.parametrize("sender", ["MyBank", "Twilio", "72975", "898211"])
async def test_a_sender_id_or_short_code_is_no_number_to_save_or_text(
    twilio: TwilioWorld, sender: str
) -> None:
    """Someone texting from an alphanumeric sender or a short code says "this number": no number is
    taken from the sender, nothing is texted to it, and no request fails."""
    ana = Person("Ana Lima", "ana.lima@example.com", "", "therapist", phone_said="this number")
    replies = await _texting_signup(twilio, sender, ana)
    assert replies, "every text is answered"
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone) == ("Ana Lima", "+14155550180"), "the digits given, not the sender"
    assert twilio.rest.messages_to(sender) == []
    assert all(m.to.startswith("+") for m in twilio.rest.messages)


async def test_a_text_from_knottys_own_number_sends_it_nothing(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """A signed text whose `From` is Knotty's own number (a misrouted or looped message): no reply, no
    conversation, no confirmation text to itself, so Twilio can't be made to loop it."""
    rest, _ = fake_rest
    rest.add_number(OWN_NUMBER)
    async with twilio_world(database_url, tmp_path, fake_rest, TWILIO_PHONE_NUMBER=OWN_NUMBER) as world:
        world.sim.number = OWN_NUMBER
        ana = Person("Ana Lima", "ana.lima@example.com", "", "therapist", phone_said="this number")
        replies = await _texting_signup(world, OWN_NUMBER, ana)
        assert replies == [], "Knotty answered its own number"
        assert await conversations(world, OWN_NUMBER) == []
        assert world.rest.messages_to(OWN_NUMBER) == []
        assert [e.phone for e in await world.store.list_entries()] == []


async def test_knottys_own_number_typed_on_the_web_or_calling_in_gets_no_text(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """Knotty's number typed as a visitor's phone, or a call whose caller ID is spoofed to it: Knotty
    never texts itself (a confirmation, or the offer to finish a call by text)."""
    rest, _ = fake_rest
    rest.add_number(OWN_NUMBER)
    async with twilio_world(database_url, tmp_path, fake_rest, TWILIO_PHONE_NUMBER=OWN_NUMBER) as world:
        world.sim.number = OWN_NUMBER
        call = await world.sim.call(OWN_NUMBER)
        offered = await _two_misses(call, {**ANSWERS, "phone": DIGITS})  # "this number" is no number here
        if offered:
            await call.say("yes")
        visitor = Person("Ana Lima", "ana.lima@example.com", "", "client", phone_said="415 555 0123")
        await on_web(world.base_url, visitor)
        await world.settle()
        assert world.rest.messages_to(OWN_NUMBER) == []
        assert not offered, "a caller ID that is Knotty's own number was offered a text"


async def test_a_picture_without_words_mid_signup_is_no_answer(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter("+14155550172")
    await phone.send("Hi, I'd like to join the waitlist")
    asked = await phone.send("Ana Lima")
    [before] = await conversations(twilio, phone.number)
    [picture_reply] = await phone.send("", media=[MEDIA])
    [after] = await conversations(twilio, phone.number)
    assert (after.turns, after.status) == (before.turns, before.status), "a picture changed the conversation"
    assert picture_reply and picture_reply != asked[-1]
    for body in ("  \u200b ", "\u202e", "\x00"):  # blank-looking words with a picture
        replies = await phone.send(body, media=[MEDIA])
        assert replies and all(r.strip() for r in replies), repr(body)
    assert await twilio.store.list_entries() == []


async def test_a_caller_id_that_is_knottys_own_number_is_no_number_to_save(twilio: TwilioWorld) -> None:
    """A call whose caller ID is spoofed to the number it calls, saying "this number": Knotty's own
    number is read back and saved as nobody's phone; asked for the digits, the caller's own are saved."""
    call = await twilio.sim.call(twilio.sim.number)
    await call.press("1")
    ana = Person(
        "Ana Lima", "ana.lima@example.com", "ana dot lima at example dot com", "client", wants_text=False
    )
    said_this_number = False
    for _ in range(16):
        if call.ended:
            break
        asked = call.last_heard.lower()
        if "phone number" in asked and not said_this_number:
            said_this_number = True
            await call.say("this number")
        elif "phone number" in asked or "digit" in asked:
            await call.say("four one five, five five five, zero one eight zero")
        else:
            await call.say(ana.answer(call.last_heard, spoken=True))
    assert said_this_number
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    own_said = " ".join(words[int(d)] for d in twilio.sim.number[2:])  # +1 and ten digits, as read back
    heard = " ".join(call.heard).replace(",", "")
    assert own_said not in heard, "Knotty read its own number back as the caller's"
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone) == ("Ana Lima", "+14155550180")
