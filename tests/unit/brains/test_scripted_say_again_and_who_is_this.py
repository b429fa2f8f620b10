"""A caller who did not hear the question, and one who asks who is calling (round 7).

- "what?", "sorry?", "can you repeat that" on a bad line, three times: each counted as an answer missed, and
  the third ended the call ("I'm having trouble getting your name right ... goodbye!") with nothing saved,
  before the caller had said anything at all. Asking again is no wrong answer: now it is counted like a
  question asked instead of an answer (only a long run of them ends, politely).
- "who is this?" mid-signup got "That's outside what I can help with"; now it is answered ("I'm Knotty, a
  virtual assistant for MasseurMatch") and the question asked again.

People from Faker (several locales) then sign up with what they said.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller, said_email
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "es_MX", "de_DE", "en_IN", "fr_FR", "pt_BR")
_SAY_AGAIN = ("what?", "sorry?", "can you repeat that", "what was that?", "pardon?")


@pytest.mark.parametrize("asked", ["name", "phone", "email", "role"])
@pytest.mark.parametrize("seed", range(4))
async def test_say_again_three_times_is_no_reason_to_give_up(asked: str, seed: int) -> None:
    person = caller(seed, _LOCALES)
    t = Talk(Modality.SPOKEN, caller_number=person["phone"], silence_limit=3)
    await t.open()
    answers = {
        "name": person["full_name"].lower(),
        "phone": "this number",
        "email": said_email(person["email"]),
        "role": person["role"],
    }
    for field in ("name", "phone", "email", "role"):
        if field == asked:
            for k in range(4):
                reply = await t.say(_SAY_AGAIN[(seed + k) % len(_SAY_AGAIN)])
                assert not reply.end and "trouble" not in reply.text, reply.text
        await t.say(answers[field])
    await t.say("yes")
    assert t.saves == [{k: person[k] for k in ("full_name", "phone", "email", "role")}], t.history[-1].content


@pytest.mark.parametrize("asked", ["who is this?", "who's calling?", "sorry, who am I speaking to?"])
async def test_who_is_this_is_answered(asked: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("ana lima")
    reply = (await t.say(asked)).text
    assert "Knotty" in reply and "outside what I can help" not in reply and "phone" in reply, reply
