"""The line mishears a caller's first name the same way every time it is said whole ("gordon black" heard
"Morgan Black", real recogniser seed 8675309). Said wrong at the read-back, heard the same again ("no"),
Knotty asks for the last name alone, which comes back the same ("no" again): it had then asked for the
whole name spelled, heard the same a third time, and given up. Now it keeps the surname and asks for the
first name alone, spelled, which comes through; never a name the caller said was wrong. Faker people in
several locales, their first name misheard as another Faker first name.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality
from tests.corpus.line import LETTER_WORDS
from tests.unit.brains.callers import caller, fake_for, said_email, said_phone, word
from tests.unit.brains.conftest import Talk

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "pt_BR", "pl_PL")


def _spelled(text: str) -> str:
    return " ".join(LETTER_WORDS.get(c, c) for c in text)


@pytest.mark.parametrize("seed", range(18))
async def test_a_first_name_misheard_the_same_each_time_is_asked_alone_spelled(seed: int) -> None:
    person = caller(seed, LOCALES)
    first, last = person["full_name"].lower().split()
    misheard = word(fake_for(seed + 50, LOCALES).first_name, avoid=first)
    heard = f"{misheard} {last}"
    call = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await call.open()
    await call.say(heard)
    await call.say(said_phone(person["phone"]))
    await call.say(said_email(person["email"]))
    reply = await call.say(person["role"])
    for _ in range(8):
        text = reply.text.lower()
        if "spell" in text and "first name" in text:
            reply = await call.say(_spelled(first))
        elif "the same as before" in text:
            reply = await call.say("no")
        elif "last name" in text:
            reply = await call.say(last)
        elif "your name is" in text and person["full_name"] in reply.text:
            reply = await call.say("yes")
            break
        elif "your name is" in text:
            reply = await call.say("no, the name is wrong")
        elif "name" in text:
            reply = await call.say(heard)
        else:
            break
    assert [s["full_name"] for s in call.saves] == [person["full_name"]], reply.text
