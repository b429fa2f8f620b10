"""A caller who asks for a person in a word or two, as at any phone menu, is not signed up under it.

"Operator" at the name question was taken as the first name ("Thank you, Operator. And your last
name?"), and "representative" after it as the surname; only "talk to a human" was understood. The
bare requests get the same honest answer (no one to transfer to, the signup takes a minute) and
the question again; the caller's real name, given next, is the one read back and saved. People come
from Faker in several locales.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.unit.brains.callers import caller, said_email
from tests.unit.brains.conftest import Talk

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "en_IN", "pl_PL")
ASKS = (
    "operator",
    "Operator.",
    "representative",
    "representative please",
    "agent",
    "live agent",
    "a real person please",
    "human",
    "get me a human",
    "I want a person",
    "can I get an operator",
    "put me through to a person",
)


@pytest.mark.parametrize("seed", range(len(ASKS)))
async def test_a_bare_request_for_a_person_is_answered_and_never_taken_as_a_name(seed: int) -> None:
    person = caller(seed, LOCALES)
    ask = ASKS[seed]
    talk = Talk(modality=Modality.SPOKEN, caller_number=person["phone"], silence_limit=2)
    await talk.open()
    reply = await talk.say(ask)
    assert "transfer" in reply.text or "connect you" in reply.text, (ask, reply.text)
    said_as_name = ask.split()[-1].strip(".").capitalize()
    assert said_as_name not in reply.text, (ask, reply.text)

    answers = iter([person["full_name"], "this number", said_email(person["email"]), person["role"], "yes"])
    for _ in range(5):
        reply = await talk.say(next(answers))
        assert said_as_name not in reply.text, (ask, reply.text)
        if reply.called("save_waitlist_entry"):
            break
    [saved] = talk.saves
    assert saved == {k: person[k] for k in ("full_name", "phone", "email", "role")}, (ask, talk.history)
