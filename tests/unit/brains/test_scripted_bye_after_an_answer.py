"""A "bye" after words that could be the answer is asked about on a call; a farewell still ends it.

The real recogniser writes a surname's last syllable as "bye" ("It's me, bye." for "it's Mebai", "Maria,
bye." for "Maria Bayer"): Knotty said "You're welcome to come back anytime. Goodbye!" and the call ended with
nothing saved. A goodbye word answered to a field question, with words before it that are no farewell, is now
asked about ("did you want to end the call?"); "bye", "ok bye", "goodbye, thanks", "sorry, I have to go, bye"
still end the call. People come from Faker in many locales.
"""

from __future__ import annotations

import itertools

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = ["en_US", "en_GB", "de_DE", "it_IT", "es_ES", "fr_FR", "nl_NL", "pl_PL", "pt_BR", "tr_TR", "en_IN"]
_QUESTIONS = ("full_name", "phone", "email")
_MISHEARD = (
    "It's me, bye.",
    "It's {first}, bye.",
    "{first}, bye.",
    "{first} {last}, bye.",
    "{first}, goodbye.",
)
_LEADS = (
    "", "ok", "okay", "no", "sorry", "thanks", "thank you", "alright then", "no, I'm fine", "I'll call back",
    "I'm busy", "not now", "never mind", "sorry, I have to go", "actually I'm not interested", "that's all",
    "I'll try again later", "oh well",
)  # fmt: skip
_BYES = ("bye", "goodbye", "bye bye", "bye now", "goodbye, thanks", "bye, have a good day")
_FAREWELLS = [", ".join(filter(None, (lead, bye))) + "." for lead, bye in itertools.product(_LEADS, _BYES)]


def _person(seed: int) -> tuple[str, str]:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    return fake.first_name(), fake.last_name()


async def _at(question: str, first: str, last: str) -> Talk:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    if question in ("phone", "email"):
        await t.say(f"{first} {last}")
    if question == "email":
        await t.say("this number")
    return t


@pytest.mark.parametrize("seed", range(36))
async def test_a_bye_after_a_possible_answer_is_asked_about(seed: int) -> None:
    first, last = _person(seed)
    question = _QUESTIONS[seed % len(_QUESTIONS)]
    heard = _MISHEARD[seed % len(_MISHEARD)].format(first=first, last=last)
    t = await _at(question, first, last)
    r = await t.say(heard)
    assert not r.end and "goodbye" not in r.text.lower(), (question, heard, r.text)
    if "end the call" not in r.text:  # "It's Louise, bye.": the name is taken, the question goes on
        assert heard.startswith(f"It's {first}"), (question, heard, r.text)
        return
    if seed % 2:  # they did not mean to go: they answer again, and the call goes on
        again = {
            "full_name": f"{first} {last}",
            "phone": "this number",
            "email": "ana dot lima at gmail dot com",
        }
        r = await t.say(again[question])
        assert not r.end and "goodbye" not in r.text.lower(), (question, r.text)
    else:  # they did mean to go: "yes" ends the call, with nothing saved
        r = await t.say("yes")
        assert r.end and not t.saves, r.text


@pytest.mark.parametrize(("said", "question"), [(f, _QUESTIONS[i % 3]) for i, f in enumerate(_FAREWELLS)])
async def test_a_farewell_still_ends_the_call(said: str, question: str) -> None:
    first, last = _person(len(said))
    t = await _at(question, first, last)
    r = await t.say(said)
    assert r.end and not t.saves, (question, said, r.text)
