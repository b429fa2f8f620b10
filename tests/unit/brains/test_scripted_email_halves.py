"""Issue 11: an address in two halves, or without its "at", in writing as well as on a call."""

from __future__ import annotations

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


async def _at_the_email_question(modality: Modality) -> Talk:
    t = Talk(modality, caller_number="+14155550100", silence_limit=3)
    await t.open()
    for said in ("Jane Doe", "this number"):
        await t.say(said)
    return t


async def test_a_typed_address_without_its_at_is_asked_again_with_it_not_spelled() -> None:
    t = await _at_the_email_question(Modality.WRITTEN)
    r = await t.say("jane.doe.relax.studio")
    assert "@" in r.text and "spell" not in r.text.lower()
    r = await t.say("jane.doe@relax.studio")
    assert "therapist" in r.text.lower()


async def test_a_typed_address_in_two_halves_is_put_together() -> None:
    t = await _at_the_email_question(Modality.WRITTEN)
    r = await t.say("jane.doe")
    assert "jane.doe" in r.text and "@" in r.text
    await t.say("gmail.com")
    await t.say("client")
    r = await t.say("yes")
    assert t.saves and t.saves[-1]["email"] == "jane.doe@gmail.com"
