"""Issue 11: the offline brain's side of returning people, given the facts the agent looked up.

The brain never reads storage: the agent puts into the state whether the caller's verified number is
listed (`returning`) and whether the number the person gave is that listed one (`listed_contacts`). Through the
real channels this is tested in tests/channels (SMS, voice) and tests/web.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


@pytest.mark.parametrize("answer", ["yes", "yes, update it", "sure", "my name changed"])
async def test_a_listed_number_is_said_and_an_update_goes_on(answer: str) -> None:
    t = Talk()
    t.state.listed_contacts = ["+14155550100"]
    await t.open()
    await t.say("Ana Lima")
    r = await t.say("415 555 0100")
    assert "phone number is already on our waitlist" in r.text and "update" in r.text
    r = await t.say(answer)
    assert not r.end
    await t.say("ana@x.com")
    await t.say("client")
    await t.say("yes")
    assert t.saves[-1]["phone"] == "+14155550100" and t.saves[-1]["email"] == "ana@x.com"


@pytest.mark.parametrize("answer", ["no", "no thanks", "no, nothing to change"])
async def test_a_listed_number_and_no_update_ends_politely(answer: str) -> None:
    t = Talk()
    t.state.listed_contacts = ["+14155550100"]
    await t.open()
    await t.say("Ana Lima")
    r = await t.say("415 555 0100")
    assert "phone number is already on our waitlist" in r.text
    r = await t.say(answer)
    assert r.end and not t.saves


async def test_a_returning_caller_is_told_first_and_nothing_stored_is_said() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    t.state.returning = True
    r = await t.open()
    assert "this number is already on our waitlist" in r.text.lower()
    r = await t.say("yes, my email is different now")
    assert "name" in r.text.lower()
    for line in ("ana lima", "this number", "ana dot new at x dot com", "client"):
        r = await t.say(line)
    if "last name" in r.text.lower():  # the role is no surname ("Ana Lima Client" was saved)
        r = await t.say("lima")
    assert "already on our waitlist" not in r.text  # the listed number is theirs: not asked about again
    await t.say("yes")
    assert t.saves[-1]["email"] == "ana.new@x.com"
    assert t.saves[-1]["full_name"] == "Ana Lima"
