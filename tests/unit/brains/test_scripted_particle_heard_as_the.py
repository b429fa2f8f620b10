"""The particle "de" of a surname, as a recogniser writes it: "the" (strangers seed 536115).

"noortje the elder" (Noortje de Elder) was no name at all: Knotty asked again, then for a spelling,
then said goodbye. Between two words that are no sentence's, "the" in a name answer on a call is
read as "de". People come from Faker's Dutch, Portuguese, Spanish and French surnames with "de".
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


def _named_with_de() -> list[str]:
    found: dict[str, None] = {}
    for locale in ("nl_NL", "pt_BR", "es_ES", "fr_FR", "nl_BE"):
        fake = Faker(locale)
        fake.seed_instance(5)
        for _ in range(3000):
            last = fake.last_name()
            if last.lower().startswith("de ") and len(last.split()) == 2 and last.split()[1].isalpha():
                found[f"{fake.first_name()} {last}"] = None
    return list(found)[:16]


_PEOPLE = _named_with_de()


def test_faker_gives_such_people() -> None:
    assert len(_PEOPLE) >= 8, _PEOPLE


@pytest.mark.parametrize("name", _PEOPLE)
async def test_a_de_heard_as_the_is_the_surnames_particle(name: str) -> None:
    given, _, surname = name.partition(" ")
    heard = f"{given} the {surname.split()[1]}".lower()
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(heard)
    assert "phone" in r.text.lower(), r.text  # the name was taken: on to the next question
    for line in ("this number", "ana at example dot com", "client"):
        r = await t.say(line)
    expected = f"{given} de {surname.split()[1]}"
    assert expected.lower() in r.text.lower(), r.text  # read back with its "de"
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"].lower() == expected.lower()


@pytest.mark.parametrize(
    "said", ["i want to book the massage", "what is the price", "can i talk to the manager"]
)
async def test_a_the_in_a_sentence_stays_a_the(said: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said)
    assert " de " not in r.text.lower() and "phone" not in r.text.lower(), r.text
