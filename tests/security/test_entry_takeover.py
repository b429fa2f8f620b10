"""Issue 10, item 4: nobody overwrites or deletes someone else's waitlist entry by giving their phone or email.

Before the fix, a save matched existing entries on phone *or* email, overwrote the best match and
deleted the others: a stranger's email plus any phone renamed that person's entry, and one person's
phone with another's email deleted the second entry. Each attack below is played over real HTTP
(web chat, Twilio-signed SMS) against the real app, and judged in the database.
"""

from __future__ import annotations

import asyncio

import httpx

from knotty.store.models import WaitlistEntry
from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.web.conftest import WebVisitor, bubbles

ANA = Person("Ana Lima", "ana.lima@example.com", "", "therapist", phone_said="415 555 0100", wants_text=False)
BEN = Person(
    "Ben Okafor", "ben.okafor@example.com", "", "client", phone_said="415 555 0101", wants_text=False
)
MALLORY_PHONE = "415 555 0199"


async def on_web(base_url: str, person: Person, *, everything: bool = False) -> list[str]:
    """A visitor signs `person` up through the web chat, answering whatever Knotty asks; what Knotty
    said last (`everything`: all it said, as each reply shows only its own)."""
    async with httpx.AsyncClient(base_url=base_url) as http:
        visitor = WebVisitor(http)
        page = await visitor.open("/")
        said = bubbles(page.text)
        heard = list(said)
        for _ in range(14):
            if 'action="/chat/restart"' in (visitor.last.text if visitor.last else ""):
                return heard if everything else said
            reply = await visitor.say(person.answer(said[-1], spoken=False))
            assert reply.status_code == 200, reply.text[:300]
            said = bubbles(reply.text)
            heard += said
        raise AssertionError(f"the web signup did not finish: {said[-1]!r}")


async def by_text(world: TwilioWorld, sender: str, person: Person, *, digits: str = "") -> list[str]:
    """`person` signs up by texting from `sender` (asked for the digits, giving `digits` if any)."""
    phone = world.sim.texter(sender)
    replies = await phone.send("Hi, I'd like to join the waitlist")
    for _ in range(14):
        if not replies or "?" not in replies[-1]:
            break
        asked_digits = digits and "digits" in replies[-1].lower()
        replies = await phone.send(digits if asked_digits else person.answer(replies[-1], spoken=False))
    return phone.replies


def contacts(entries: list[WaitlistEntry]) -> dict[int, tuple[str, str, str, str]]:
    return {e.id or 0: (e.full_name, e.phone, e.email, e.role) for e in entries}


async def listed(world: TwilioWorld) -> list[WaitlistEntry]:
    return [e for e in await world.store.list_entries() if getattr(e, "review_reason", None) is None]


async def test_a_strangers_email_with_any_phone_does_not_rename_their_entry(twilio: TwilioWorld) -> None:
    await on_web(twilio.base_url, ANA)
    before = contacts(await twilio.store.list_entries())
    mallory = Person(
        "Mallory Stone", ANA.email_typed, "", "client", phone_said=MALLORY_PHONE, wants_text=False
    )
    await on_web(twilio.base_url, mallory)
    entries = await twilio.store.list_entries()
    assert contacts(await listed(twilio)) == before, "Ana's entry is exactly as she left it"
    [kept_apart] = [e for e in entries if e.review_reason]
    assert (kept_apart.full_name, kept_apart.email) == ("Mallory Stone", ANA.email_typed)
    assert kept_apart.duplicate_of == next(iter(before)) and "email" in (kept_apart.review_reason or "")


async def test_one_persons_phone_with_anothers_email_deletes_nobody(twilio: TwilioWorld) -> None:
    await on_web(twilio.base_url, ANA)
    await on_web(twilio.base_url, BEN)
    before = contacts(await twilio.store.list_entries())
    assert len(before) == 2
    mixed = Person(
        "Mallory Stone", BEN.email_typed, "", "client", phone_said=ANA.phone_said, wants_text=False
    )
    await on_web(twilio.base_url, mixed)
    entries = await twilio.store.list_entries()
    assert contacts(await listed(twilio)) == before, "neither Ana's nor Ben's entry changed or vanished"
    [kept_apart] = [e for e in entries if e.review_reason]
    assert "phone and email" in (kept_apart.review_reason or "")


async def test_a_correction_in_the_strangers_conversation_changes_only_its_own_entry(
    twilio: TwilioWorld,
) -> None:
    """Exactly Ana's four fields (nothing written), then a 'correction' of the email: still not Ana's entry."""
    await on_web(twilio.base_url, ANA)
    before = contacts(await twilio.store.list_entries())
    async with httpx.AsyncClient(base_url=twilio.base_url) as http:
        visitor = WebVisitor(http)
        said = bubbles((await visitor.open("/")).text)
        for _ in range(10):
            if "correct" in said[-1].lower() or "right" in said[-1].lower():
                break
            said = bubbles((await visitor.say(ANA.answer(said[-1], spoken=False))).text)
        said = bubbles((await visitor.say("yes")).text)
        said = bubbles((await visitor.say("actually my email is mallory@evil.example")).text)
        for _ in range(4):
            if "correct" in said[-1].lower() or "right" in said[-1].lower():
                said = bubbles((await visitor.say("yes")).text)
                break
            said = bubbles((await visitor.say("yes")).text)
    assert contacts(await listed(twilio)) == before, "Ana's entry still has Ana's email"
    assert all(
        e.email != "mallory@evil.example" or e.id not in before for e in await twilio.store.list_entries()
    )


async def test_the_holder_of_a_number_may_update_their_own_entry_by_text(twilio: TwilioWorld) -> None:
    """The same phone on SMS proves the entry is theirs: a new email updates it, nothing is kept apart."""
    await by_text(
        twilio, "+14155550100", Person("Ana Lima", "ana.lima@example.com", "", "therapist", wants_text=False)
    )
    [entry] = await twilio.store.list_entries()
    ana_again = Person("Ana Lima", "ana.new@example.com", "", "therapist", wants_text=False)
    await by_text(twilio, "+14155550100", ana_again)
    [updated] = await twilio.store.list_entries()
    assert (updated.id, updated.email, updated.review_reason) == (entry.id, "ana.new@example.com", None)


async def test_concurrent_signups_with_one_phone_keep_both_and_list_one(twilio: TwilioWorld) -> None:
    people = [
        Person(
            f"Person {name}", f"p{i}@example.com", "", "client", phone_said="415 555 0177", wants_text=False
        )
        for i, name in enumerate(["Ames", "Bloom", "Crane", "Dove"])
    ]
    await asyncio.gather(*(on_web(twilio.base_url, p) for p in people))
    entries = await twilio.store.list_entries()
    assert sorted(e.email for e in entries) == [f"p{i}@example.com" for i in range(4)], "no signup lost"
    assert len([e for e in entries if e.review_reason is None]) == 1, "one listed holder of the number"
