"""Squatting: a stranger signs up first with someone else's number, before its holder does.

Mallory types Ana's number on the web chat with her own name and email (the number was on nobody's
entry, so it is listed under Mallory, and Ana gets the one confirmation text a number can get in the
window: a known limit). Then Ana signs up herself. Ana would expect her signup not to be lost and no
second text from the stranger's signup. Texting from her own phone (Twilio's signed `From`) proves
the number, not that Mallory's entry is hers: a couple or a family sharing a phone looks the same to
the database, and there the first person's signup must not be replaced by the second's
(`tests/channels/test_shared_contacts.py`). So Ana's signup is kept, apart, with the reason saying she
proved the number, and the admin decides; Mallory's entry is left as it is. Her texting changes her
own signup from the web, kept apart with her number, rather than keeping a second one beside it (this
test expected a third entry before: two of Ana's for the admin, and no way for her to change hers).
"""

from __future__ import annotations

from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.security.test_entry_takeover import by_text, on_web

ANA_PHONE = "+14155550100"
MALLORY = Person("Mallory Stone", "mallory@example.com", "", "client", phone_said="415 555 0100")
ANA = Person("Ana Lima", "ana.lima@example.com", "", "therapist", phone_said="415 555 0100")


async def test_a_squatted_number_loses_its_holder_nothing_and_texting_from_it_tells_the_admin_she_proved_it(
    twilio: TwilioWorld,
) -> None:
    await on_web(twilio.base_url, MALLORY)
    await twilio.settle()
    [squatted] = await twilio.store.list_entries()
    assert twilio.rest.messages_to(ANA_PHONE) != [], "the known limit: one text to an unlisted number"
    texts_before = len(twilio.rest.messages_to(ANA_PHONE))
    await on_web(twilio.base_url, ANA)
    await twilio.settle()
    entries = await twilio.store.list_entries()
    [on_web_apart] = [e for e in entries if e.id != squatted.id]
    assert (on_web_apart.full_name, on_web_apart.email) == ("Ana Lima", ANA.email_typed), (
        "Ana's signup is kept"
    )
    assert on_web_apart.review_reason, "kept apart for the admin, as the number is listed"
    await by_text(twilio, ANA_PHONE, Person("Ana Lima", ANA.email_typed, "", "therapist", wants_text=True))
    await twilio.settle()
    entries = await twilio.store.list_entries()
    [left] = [e for e in entries if e.id == squatted.id]
    assert (left.full_name, left.email, left.phone) == (squatted.full_name, squatted.email, squatted.phone)
    # Her own signup from the web, kept apart with her number, is the one her text changes (one entry
    # of hers for the admin, no second beside it), now with the reason that she proved the number.
    [by_phone] = [e for e in entries if e.id != squatted.id]
    assert by_phone.id == on_web_apart.id
    assert (by_phone.full_name, by_phone.email, by_phone.phone) == ("Ana Lima", ANA.email_typed, ANA_PHONE)
    assert (
        by_phone.review_reason and f"proved its number, which entry #{squatted.id}" in by_phone.review_reason
    )
    later = twilio.rest.messages_to(ANA_PHONE)[texts_before:]
    assert len(later) <= 1 and all("Mallory" not in m.body for m in later), "no more texts about Mallory"
