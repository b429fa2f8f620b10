"""Issue 11: a correction that names its field and gives the value in one breath changes that field.

Before, "no, my name is X, spelled ..." or "sorry, I meant ..." could be read as an answer to the
question asked next (the phone, in a loop), or the lead-in words ("I meant") became part of the
spoken address. The field the person names is the field that changes, written and spoken.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_RIGHT = {"full_name": "Ana Lima", "phone": "+14155550100", "email": "ana@x.com", "role": "client"}
_WRITTEN = ["Ana Lima", "415 555 0100", "ana@x.com", "client"]
_SPOKEN = ["ana lima", "four one five five five five zero one zero zero", "ana at x dot com", "client"]


async def _at_readback(modality: Modality) -> Talk:
    t = Talk(modality, caller_number="+14155550100", silence_limit=3)
    await t.open()
    for line in _SPOKEN if modality == Modality.SPOKEN else _WRITTEN:
        r = await t.say(line)
    assert "correct" in r.text.lower() or "right" in r.text.lower()
    return t


@pytest.mark.parametrize(
    ("modality", "correction", "changed"),
    [
        (Modality.WRITTEN, "no, my name is Ana Lyma, spelled L Y M A", {"full_name": "Ana Lyma"}),
        (Modality.SPOKEN, "no, my name is ana lyma, spelled l y m a", {"full_name": "Ana Lyma"}),
        (Modality.WRITTEN, "the email is wrong, it's ana.lima@y.com", {"email": "ana.lima@y.com"}),
        (Modality.SPOKEN, "the email is wrong, it's ana dot lima at y dot com", {"email": "ana.lima@y.com"}),
        (Modality.WRITTEN, "sorry, I meant ana@y.com", {"email": "ana@y.com"}),
        (Modality.SPOKEN, "sorry, I meant ana at y dot com", {"email": "ana@y.com"}),
        (Modality.SPOKEN, "no wait, I mean ana at y dot com", {"email": "ana@y.com"}),
        (
            Modality.SPOKEN,
            "no, the phone number is wrong, it's four one five five five five zero one nine nine",
            {"phone": "+14155550199"},
        ),
        (Modality.WRITTEN, "the name is wrong, it's Ana Lyma", {"full_name": "Ana Lyma"}),
    ],
)
async def test_a_correction_at_the_read_back_changes_the_field_it_names(
    modality: Modality, correction: str, changed: dict[str, str]
) -> None:
    t = await _at_readback(modality)
    r = await t.say(correction)
    assert "updated" in r.text.lower() and "phone number should" not in r.text.lower()
    await t.say("yes")
    assert t.saves == [{**_RIGHT, **changed}]


@pytest.mark.parametrize(
    ("modality", "lines"),
    [
        (Modality.WRITTEN, ["Ana Lima", "sorry, I meant Ana Lyma", "415 555 0100", "ana@x.com", "client"]),
        (Modality.SPOKEN, ["ana lima", "sorry, I meant ana lyma", *_SPOKEN[1:]]),
    ],
)
async def test_sorry_i_meant_is_not_an_answer_to_the_next_question(
    modality: Modality, lines: list[str]
) -> None:
    t = Talk(modality, caller_number="+14155550100", silence_limit=3)
    await t.open()
    replies = [await t.say(line) for line in lines]
    assert "didn't" not in replies[1].text and "phone" in replies[1].text.lower()
    await t.say("yes")
    assert t.saves == [{**_RIGHT, "full_name": "Ana Lyma"}]
