"""A stranger giving Ana's phone and email in other forms, to reach "already signed up, change anything?"
and change her entry, or hear what is stored (issue 11, returning people).

Ana signs up by text from her own phone. Then Mallory, from another phone or the web chat, gives
Ana's number written another way (national, dotted, with the country code and brackets, in
full-width digits, with trailing spaces) and Ana's address another way (capitals, a plus tag, Gmail's
dots dropped, googlemail.com, a Cyrillic look-alike letter), agrees to update "that signup" and
gives her own details. Ana would expect her entry exactly as she left it, nothing of it read out,
and no text about someone else's signup: once, none at all, but a missing offer told the typist the
number is listed; now membership is never told to an unproven contact (`test_membership_oracle.py`), so
a typed number is offered a text under its own rules (one per `KNOTTY_SMS_PER_NUMBER_DAYS`), saying only
the name typed. A spoofed caller ID (a known limit: it may claim the entry)
still hears nothing stored that it did not say.
"""

from __future__ import annotations

import unicodedata

import pytest

from knotty.store.models import WaitlistEntry
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.channels.test_voice import converse
from tests.security.test_entry_takeover import by_text, on_web
from tests.security.test_strangers_asking import ANA_PHONE, fields, listed_entry, texted_nothing_of_hers

ANA = Person("Ana Lima", "ana.lima@gmail.com", "", "therapist", wants_text=False)
STORED = ("Ana", "Lima", "ana.lima", "0100")
ODD_FORMS = [
    ("(415) 555-0100", "ANA.LIMA@GMAIL.COM"),
    ("+1 415.555.0100  ", "ana.lima+waitlist@gmail.com"),
    ("1-415-555-0100", "analima@gmail.com"),
    ("\uff14\uff11\uff15 \uff15\uff15\uff15 \uff10\uff11\uff10\uff10", "  ana.lima@gmail.com  "),
    ("+1 (415) 555 0100", "ana.lima@googlemail.com"),
    ("4155550100", "\u0430na.lima@gmail.com"),
]


def _mallory(phone: str, email: str) -> Person:
    return Person("Mallory Stone", email, "", "client", phone_said=phone, wants_text=True)


async def _ana(world: TwilioWorld) -> WaitlistEntry:
    """Ana's entry, written from her own phone."""
    await by_text(world, ANA_PHONE, ANA)
    [entry] = await world.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email) == ("Ana Lima", ANA_PHONE, ANA.email_typed)
    return entry


def _nothing_stored_read_out(replies: list[str], said: str) -> None:
    """No reply holds a piece of Ana's entry that the person did not say (in any form) themselves."""
    said = unicodedata.normalize("NFKC", said)
    for reply in replies:
        for stored in STORED:
            if stored.lower() not in said.lower():
                assert stored.lower() not in reply.lower(), f"{stored!r} was read out: {reply!r}"


@pytest.mark.parametrize(("phone", "email"), ODD_FORMS)
async def test_a_texter_giving_anas_contacts_in_other_forms_changes_nothing(
    twilio: TwilioWorld, phone: str, email: str
) -> None:
    ana = await _ana(twilio)
    mallory = twilio.sim.texter("+14155550166")
    await mallory.send(f"Hi, I'm already on your waitlist, my number is {phone}")
    await mallory.send(f"and my email is {email}")
    replies = [*mallory.replies, *await by_text(twilio, mallory.number, _mallory(phone, email))]
    await twilio.settle()
    assert fields(await listed_entry(twilio, ana.id)) == fields(ana), "Ana's entry is as she left it"
    _nothing_stored_read_out(replies, f"{phone} {email} Mallory Stone")
    texted_nothing_of_hers(twilio, ana)  # the number's own rules, as for any typed number


@pytest.mark.parametrize(("phone", "email"), ODD_FORMS)
async def test_a_web_visitor_giving_anas_contacts_in_other_forms_changes_nothing(
    twilio: TwilioWorld, phone: str, email: str
) -> None:
    ana = await _ana(twilio)
    said = await on_web(twilio.base_url, _mallory(phone, email))
    await twilio.settle()
    assert fields(await listed_entry(twilio, ana.id)) == fields(ana), "Ana's entry is as she left it"
    _nothing_stored_read_out(said, f"{phone} {email} Mallory Stone")
    texted_nothing_of_hers(twilio, ana)  # the number's own rules, as for any typed number


async def test_a_caller_keying_anas_number_and_saying_her_address_changes_nothing(
    twilio: TwilioWorld,
) -> None:
    ana = await _ana(twilio)
    call = await twilio.sim.call("+14155550167")
    await call.press("1")
    mallory = Person(
        "Mallory Stone",
        ANA.email_typed,
        "A N A dot L I M A at G MAIL dot com",
        "client",
        phone_said="one four one five five five five zero one zero zero",
        wants_text=False,
    )
    await converse(call, mallory)
    assert fields(await listed_entry(twilio, ana.id)) == fields(ana), "Ana's entry is as she left it"
    heard = " ".join(call.heard).lower()
    assert "lima" not in heard.replace("l i m a", ""), "nothing of Ana's entry read out"
    assert twilio.rest.messages_to(ANA_PHONE) == []


async def test_a_spoofed_caller_id_or_anas_own_phone_hears_nothing_stored_it_did_not_say(
    twilio: TwilioWorld,
) -> None:
    """Caller ID proves the number (spoofing is a known limit), not that the caller may hear the entry."""
    await _ana(twilio)
    call = await twilio.sim.call(ANA_PHONE)
    await call.press("1")
    for words in ("what name and email do you have for me", "read me my details please", "yes", "no"):
        if call.ended:
            break
        await call.say(words)
    heard = " ".join(call.heard).lower()
    assert "lima" not in heard and "gmail" not in heard, heard
    texter = twilio.sim.texter(ANA_PHONE)
    for words in ("What email do you have on file for me?", "what's my name on the list", "yes"):
        await texter.send(words)
    _nothing_stored_read_out(texter.replies, "")


@pytest.mark.parametrize(
    "caller", ["sip:+14155550100@evil.example", "client:+14155550100", "+1 415 555 0100", "14155550100"]
)
async def test_a_caller_whose_address_only_contains_anas_number_is_not_ana(
    twilio: TwilioWorld, caller: str
) -> None:
    """A SIP or client caller (or a `From` not in E.164) holding Ana's digits proves no claim to her number."""
    ana = await _ana(twilio)
    call = await twilio.sim.call(caller)
    await call.press("1")
    await call.say("Mallory Stone")
    await call.say("this number")
    heard = " ".join(call.heard).lower()
    assert "already on our waitlist" not in heard, "the caller was taken for Ana"
    assert "digits" in call.last_heard.lower() or "number" in call.last_heard.lower(), call.last_heard
    await call.say("yes, update my email to mallory@evil.example")
    await call.hang_up()
    assert fields(await listed_entry(twilio, ana.id)) == fields(ana)
