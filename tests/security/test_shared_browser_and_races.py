"""A browser someone else used before, and two conversations saving one person's contact at once.

A signup on the web chat belongs to the conversation that wrote it; what the next person at the same
computer types (in the finished chat, or after "Start over") must not change it. Two conversations
saving the same email at once, or the holder of a number updating by text while a stranger types that
number on the web, must lose nobody's signup and overwrite nobody's entry. Played over real HTTP.
"""

from __future__ import annotations

import asyncio

import httpx

from tests.channels.conftest import TwilioWorld
from tests.channels.people import Person
from tests.security.test_entry_takeover import by_text, on_web
from tests.web.conftest import SIGNUP, WebVisitor, bubbles

ANA_PHONE = "+14155550100"


async def test_the_next_person_at_the_same_browser_changes_nothing_of_the_last_signup(
    twilio: TwilioWorld,
) -> None:
    async with httpx.AsyncClient(base_url=twilio.base_url) as http:
        browser = WebVisitor(http)
        await browser.open("/")
        for text in [*SIGNUP, "no thanks"]:
            await browser.say(text)
        [jane] = await twilio.store.list_entries()
        for text in ("actually my email is mallory@evil.example", "yes", "change my name to Mallory Stone"):
            reply = await browser.say(text)
            assert reply.status_code == 200 and "mallory" not in " ".join(bubbles(reply.text)).lower()
        await browser.restart()
        for text in ("Mallory Stone", "415 555 0100", "mallory@evil.example", "client", "yes", "yes", "no"):
            await browser.say(text)
    entries = await twilio.store.list_entries()
    [still] = [e for e in entries if e.id == jane.id]
    assert (still.full_name, still.phone, still.email, still.role, still.review_reason) == (
        jane.full_name,
        jane.phone,
        jane.email,
        jane.role,
        None,
    )
    [after] = [e for e in entries if e.id != jane.id]
    assert after.full_name == "Mallory Stone" and after.review_reason, "the next person's entry is kept apart"


async def test_concurrent_signups_with_one_email_keep_all_and_list_one(twilio: TwilioWorld) -> None:
    people = [
        Person(
            f"Person {name}",
            "shared@example.com",
            "",
            "client",
            phone_said=f"415 555 01{i}0",
            wants_text=False,
        )
        for i, name in enumerate(["Ames", "Bloom", "Crane", "Dove"])
    ]
    await asyncio.gather(*(on_web(twilio.base_url, p) for p in people))
    entries = await twilio.store.list_entries()
    assert sorted(e.full_name for e in entries) == sorted(p.name for p in people), "no signup lost"
    assert len([e for e in entries if e.review_reason is None]) == 1, "one listed holder of the email"


async def test_the_holder_updating_by_text_while_a_stranger_types_her_number_keeps_her_update(
    twilio: TwilioWorld,
) -> None:
    await by_text(
        twilio, ANA_PHONE, Person("Ana Lima", "ana.lima@example.com", "", "therapist", wants_text=False)
    )
    [ana] = await twilio.store.list_entries()
    mallory = Person(
        "Mallory Stone", "mallory@example.com", "", "client", phone_said="415 555 0100", wants_text=False
    )
    ana_again = Person("Ana Lima", "ana.new@example.com", "", "therapist", wants_text=False)
    await asyncio.gather(by_text(twilio, ANA_PHONE, ana_again), on_web(twilio.base_url, mallory))
    entries = await twilio.store.list_entries()
    [listed] = [e for e in entries if e.review_reason is None]
    assert (listed.id, listed.full_name, listed.phone, listed.email) == (
        ana.id,
        "Ana Lima",
        ANA_PHONE,
        "ana.new@example.com",
    ), "Ana's own update is what her entry says"
    [apart] = [e for e in entries if e.review_reason]
    assert (apart.full_name, apart.duplicate_of) == ("Mallory Stone", ana.id)
