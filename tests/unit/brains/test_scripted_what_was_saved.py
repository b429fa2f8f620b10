"""After the save, "what did you save?" or "is my number right?" at the confirmation text's offer.

"is my number right?" was read as a yes ("right") and the confirmation text was sent; "what did you
save?" got "I can only help with the MasseurMatch waitlist." A person asking what is on their entry
hears the details they gave, as saved, and the offer again; nothing is sent until they answer it.

People come from Faker in several locales, their numbers from libphonenumber's examples.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller, said_phone
from tests.unit.brains.conftest import Talk
from tests.unit.brains.test_scripted_text_elsewhere import _saved

_LOCALES = ("en_US", "it_IT", "fr_CA", "en_AU", "nl_NL", "es_ES")
_ASKS = (
    "is my number right?",
    "what did you save?",
    "wait, what details do you have?",
    "is my email correct?",
    "can you read it back?",
    "which number did you save?",
    "did you get my name right?",
)


@pytest.mark.parametrize("ask", _ASKS)
@pytest.mark.parametrize("seed", range(3))
async def test_what_was_saved_is_read_and_no_text_goes_without_a_yes(seed: int, ask: str) -> None:
    person = caller(seed, _LOCALES)
    t = Talk()
    await _saved(t, person)
    r = await t.say(ask)
    assert r.called("send_confirmation_sms") is None, f"a text was sent: {r.text}"
    assert person["email"] in r.text and person["full_name"] in r.text, r.text
    assert "only help" not in r.text and not r.end and r.text.rstrip().endswith("?")
    r = await t.say("yes please")
    assert r.called("send_confirmation_sms") is not None
    assert len(t.saves) == 1


@pytest.mark.parametrize("seed", range(3))
async def test_on_a_call_what_was_saved_is_said(seed: int) -> None:
    person = caller(seed, _LOCALES)
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await _saved(t, person, spoken=True)
    r = await t.say("sorry what number did you save")
    assert r.called("send_confirmation_sms") is None and not r.end
    assert said_phone(person["phone"]) in r.text.replace(",", "")
    assert person["full_name"] in r.text and r.text.rstrip().endswith("?")
