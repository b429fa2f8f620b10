"""Issue 11: no loops. Knotty never asks for the same field the same way more than twice.

Before, a surname Knotty could not take ("it's nice"), or a read-back the person kept saying was
wrong, was asked again identically until the person hung up (twenty turns in the corpus). Now the
third ask changes the way (spell it, say it slowly, one word; on a call the channel adds the keypad
itself, so the brain does not), a call has a fourth way for digits and addresses (type it on the
keypad, a word for each letter), an address a fifth (in two parts, each spelled), and when every way
failed Knotty ends politely with a way back.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


@pytest.mark.parametrize(
    ("modality", "before", "gibberish", "other_ways"),
    [
        (Modality.WRITTEN, ["Ana Lima"], "banana phone", ["type just the digits"]),
        (
            Modality.SPOKEN,
            ["ana lima"],
            "banana phone",
            ["slowly, one digit at a time", "type it on your phone's keypad"],
        ),
        (Modality.WRITTEN, ["Ana Lima", "415 555 0100"], "hmm lemme see", ["like name@example.com"]),
        (
            Modality.SPOKEN,
            ["ana lima", "this number"],
            "hmm lemme see",
            ["spell it for me, letter by letter", "a as in alpha", "in two parts"],
        ),
        (Modality.WRITTEN, ["Ana Lima", "415 555 0100", "ana@x.com"], "banana", ["just one word"]),
        (Modality.SPOKEN, ["ana lima", "this number", "ana at x dot com"], "banana", ["just one word"]),
    ],
)
async def test_the_third_ask_changes_the_way_each_other_way_is_tried_once_then_it_ends_politely(
    modality: Modality, before: list[str], gibberish: str, other_ways: list[str]
) -> None:
    t = Talk(modality, caller_number="+14155550100", silence_limit=5)
    await t.open()
    for line in before:
        await t.say(line)
    second = await t.say(gibberish)
    assert not any(way in second.text.lower() for way in other_ways)
    for k, way in enumerate(other_ways):
        ask = await t.say(gibberish)
        assert way in ask.text.lower() and not ask.end
        assert not any(other in ask.text.lower() for other in other_ways[:k])  # each way once
        if k == 0:
            assert "keypad" not in ask.text.lower()  # the voice channel adds the keypad wording itself
    last = await t.say(gibberish)
    assert last.end
    assert "later" in last.text.lower() and "goodbye" in last.text.lower()
    assert not t.saves


async def test_a_surname_that_is_an_everyday_word_is_taken_when_said_again() -> None:
    """ "it's nice" once may be a remark; said again when the last name is asked again, it is the surname
    (no third ask to spell it)."""
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("etienne")
    r = await t.say("it's nice")
    assert "last name" in r.text.lower()
    r = await t.say("oh sorry, it's nice")
    assert "phone" in r.text.lower()
    await t.say("this number")
    await t.say("etienne at x dot com")
    await t.say("client")
    await t.say("yes")
    assert t.saves[-1]["full_name"] == "Etienne Nice"


async def test_a_read_back_said_wrong_again_and_again_ends_politely() -> None:
    t = Talk()
    await t.open()
    for line in ("Gustavo Henrique Love", "415 555 0100", "g@x.com", "client"):
        r = await t.say(line)
    asks = 0
    for _ in range(6):
        r = await t.say("no, the name is wrong")
        if r.end:
            break
        asks += 1
        r = await t.say("Gustavo Henrique Lowe")
    assert r.end and asks <= 3
    assert "later" in r.text.lower()


async def test_a_name_ending_in_an_everyday_word_keeps_it() -> None:
    t = Talk()
    await t.open()
    for line in ("um, yeah, my name's Gustavo Henrique Love", "415 555 0100", "g@x.com"):
        await t.say(line)
    r = await t.say("client")
    assert "name Gustavo Henrique Love;" in r.text


@pytest.mark.parametrize(
    ("modality", "other_ways"),
    [
        (Modality.SPOKEN, ["slowly, one digit at a time", "type it on your phone's keypad"]),
        (Modality.WRITTEN, ["type just the digits"]),
    ],
)
async def test_this_number_from_a_withheld_caller_is_asked_another_way_not_the_same_way_again(
    modality: Modality, other_ways: list[str]
) -> None:
    """'this number' when the channel has no number (withheld, or Knotty's own caller ID) was answered
    "I can't see the number ... Could you tell me the digits?" every time, seven times in a row."""
    t = Talk(modality, caller_number=None, silence_limit=5)
    await t.open()
    await t.say("Dana Brooks")
    replies = [(await t.say("this number")).text for _ in range(1 + len(other_ways) + 1)]
    assert "can't see the number" in replies[0].lower()
    assert max(replies.count(r) for r in replies) <= 2
    for way, reply in zip(other_ways, replies[1:], strict=False):
        assert way in reply.lower()
    assert "goodbye" in replies[-1].lower()
