"""Someone asking to be taken off the list is told the truth: Knotty cannot remove an entry here.

Seen by an attacker's eye: over SMS "delete my entry" became the name "Delete" ("Nice to meet you,
Delete"), and "please remove me from the waitlist" was taken as a yes ("Great! ..."). A person asking
to be removed must not be signed up, greeted by a word of their request, or told anything the database
does not say ("you've been removed" when nothing was).
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.intents import is_removal_request
from knotty.state import Modality
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

REQUESTS = (
    "delete my entry",
    "please remove me from the waitlist",
    "Can you take me off the list?",
    "I want to be removed",
    "erase my details please",
    "remove my info",
    "hi, withdraw my registration",
)
ANA = ("Ana Lima", "+1 202 555 0143", "ana.lima@example.com", "client")


def _nothing_removed(text: str) -> bool:
    lower = text.lower()
    return "not able to remove" in lower and "nothing has been changed" in lower


@pytest.mark.parametrize("request_text", REQUESTS)
@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
async def test_a_removal_asked_first_is_answered_truthfully_and_ends(
    request_text: str, modality: Modality
) -> None:
    t = Talk(modality=modality)
    await t.open()
    r = await t.say(request_text)
    assert _nothing_removed(r.text), r.text
    assert r.end and not t.saves
    assert "Delete" not in r.text and "meet you" not in r.text


@pytest.mark.parametrize("answered", range(1, len(ANA)))
async def test_a_removal_asked_midway_saves_nothing(answered: int) -> None:
    t = Talk()
    await t.open()
    for value in ANA[:answered]:
        await t.say(value)
    r = await t.say("actually, delete my entry")
    assert _nothing_removed(r.text) and r.end and not t.saves


async def test_a_removal_asked_after_the_save_says_the_entry_was_not_removed() -> None:
    """The entry stays: "you've been removed" would be a lie, and no confirmation text goes."""
    t = Talk()
    await t.open()
    for value in ANA:
        await t.say(value)
    r = await t.say("yes")
    assert len(t.saves) == 1 and "text" in r.text.lower()
    r = await t.say("wait, remove me from the list")
    assert (
        _nothing_removed(r.text) and r.end and not [c for c in r.calls if c.name == "send_confirmation_sms"]
    )


def test_no_generated_person_saying_their_name_asks_for_removal() -> None:
    """Names are never read as a request to leave ("Remy Deletre", "Drop", "Wipe")."""
    people = [p for seed in (5, 6) for p in make_strangers(600, seed)]
    said = [f"my name is {p.full_name}" for p in people] + [p.full_name.lower() for p in people]
    assert not [s for s in said if is_removal_request(s)]


@pytest.mark.parametrize(
    "fix",
    [
        "no, remove the dot",
        "delete the last digit",
        "drop the underscore",
        "drop me a text",
        "drop me an email",
    ],
)
def test_a_correction_or_a_turn_of_phrase_is_no_removal(fix: str) -> None:
    assert not is_removal_request(fix)


async def test_drop_me_an_email_at_an_address_gives_the_address() -> None:
    """ "drop me an email at ..." is how some people give their address, not a request to leave."""
    t = Talk()
    await t.open()
    await t.say(ANA[0])
    await t.say(ANA[1])
    r = await t.say("drop me an email at ana.lima@example.com")
    assert not r.end and "therapist" in r.text.lower(), r.text
