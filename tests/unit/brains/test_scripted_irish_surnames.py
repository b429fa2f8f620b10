"""Irish surnames with an article inside: "Mac an Bhiocáire", "Nic an tSaoir", "Ó na Gealaí".

"an" alone is an article and no name, so the name reader stopped at it: "Miranda Mac an Bhiocáire" was
read back as "Miranda Mac" and, said yes to, saved that way; said again at the read-back, the same cut
name came back. About one Irish surname in fifty in Faker's ga_IE list has the article.
"""

from __future__ import annotations

import phonenumbers
import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.callers import plain
from tests.unit.brains.conftest import Talk

_ARTICLES = ("an", "na", "a'")


def _people(count: int) -> list[str]:
    """Irish people from Faker whose surname has an article in it, written as Faker writes them."""
    fake = Faker("ga_IE")
    fake.seed_instance(5150)
    people: list[str] = []
    while len(people) < count:
        last = fake.last_name()
        if any(w in _ARTICLES for w in last.split()[1:-1]):
            people.append(f"{fake.first_name()} {last}")
    return people


_PEOPLE = _people(8)
_NUMBER = phonenumbers.example_number_for_type("IE", phonenumbers.PhoneNumberType.MOBILE)
assert _NUMBER is not None
_TYPED_NUMBER = phonenumbers.format_number(_NUMBER, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _as_heard(name: str) -> str:
    """The name a recogniser writes ("miranda mac an bhiocaire"), with the capitals Knotty gives it."""
    return " ".join(w if w in _ARTICLES else w.capitalize() for w in plain(name).split())


@pytest.mark.parametrize("name", _PEOPLE)
@pytest.mark.parametrize("lead", ["{}", "Hi, I'm {}"])
async def test_a_typed_irish_surname_keeps_its_article(name: str, lead: str) -> None:
    t = Talk()
    await t.open()
    await t.say(lead.format(name))
    await t.say(_TYPED_NUMBER)
    await t.say("niamh.k@eircom.net")
    r = await t.say("client")
    assert f"name {name};" in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == name


@pytest.mark.parametrize("name", _PEOPLE)
async def test_an_irish_surname_said_on_a_call_keeps_its_article(name: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(plain(name))
    await t.say("this number")
    await t.say("k at gmail dot com")
    r = await t.say("therapist")
    assert f"Your name is {_as_heard(name)}." in r.text
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == _as_heard(name)
