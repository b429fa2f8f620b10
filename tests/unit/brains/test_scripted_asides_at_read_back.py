"""Questions, "are you there?", "what?" or a harassing remark at the read-back or the text offer, again and again,
end politely instead of going on for ever.

At a field question, questions answered in a row end the conversation after a bound (six) so that nobody,
and no call, is kept going in circles. At the read-back and at the offer of a confirmation text the same
messages were answered without any bound: a caller repeating "is it free?" or "are you there?" kept the
call (paid by the minute) open as long as they liked, and nothing was saved or declined. Now they count
the same way there: a few are answered as before, and after the bound Knotty says goodbye (nothing saved
at the read-back; no text sent at the offer).

People come from Faker in several locales (`tests.corpus.strangers`).
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.corpus.strangers import make_strangers
from tests.unit.brains.conftest import Talk

PEOPLE = make_strangers(4, seed=5150)
ASIDES = ("is it free?", "Hello? Are you there?", "what?", "send nudes")
"""Said over and over, from the finding."""
ENOUGH = 30
"""Far more than any bound: a conversation still going after this many is going on for ever."""


async def _at_read_back(t: Talk, index: int) -> None:
    p = PEOPLE[index]
    await t.open()
    for answer in (p.full_name, p.phone, p.email, p.role):
        r = await t.say(answer)
    assert "joining as" in r.text, r.text


@pytest.mark.parametrize("modality", [Modality.WRITTEN, Modality.SPOKEN])
@pytest.mark.parametrize("aside", ASIDES)
@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_asides_at_the_read_back_end_politely_without_a_save(
    modality: Modality, aside: str, index: int
) -> None:
    t = Talk(modality)
    await _at_read_back(t, index)
    said = 0
    while said < ENOUGH:
        said += 1
        r = await t.say(aside)
        if r.end:
            break
    assert r.end, f"still going after {ENOUGH} times {aside!r}: {r.text!r}"
    assert said > 3, f"ended after only {said}: {r.text!r}"
    assert t.saves == [], "nothing was agreed, so nothing is saved"


@pytest.mark.parametrize("aside", ASIDES)
@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_asides_at_the_text_offer_end_politely_without_a_text(aside: str, index: int) -> None:
    t = Talk()
    await _at_read_back(t, index)
    r = await t.say("yes")
    assert t.saves and "text" in r.text.lower(), r.text
    calls = []
    said = 0
    while said < ENOUGH:
        said += 1
        r = await t.say(aside)
        calls += r.calls
        if r.end:
            break
    assert r.end, f"still going after {ENOUGH} times {aside!r}: {r.text!r}"
    assert said > 3, f"ended after only {said}: {r.text!r}"
    assert not [c for c in calls if c.name == "send_confirmation_sms"], "no text was agreed"


@pytest.mark.parametrize("index", range(len(PEOPLE)))
async def test_a_few_questions_at_the_read_back_then_yes_still_saves(index: int) -> None:
    t = Talk()
    await _at_read_back(t, index)
    for aside in ASIDES:
        r = await t.say(aside)
        assert not r.end, r.text
    await t.say("yes")
    assert len(t.saves) == 1
