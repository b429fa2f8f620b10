"""Titles that are names too, and titles before a surname alone (round 15 finding).

"Don Alejandro Vega", "Dom Pedro Alves", "Dona Maria Silva", "Pan Jan Kowalski" were greeted "Thanks, Don." (or
the whole "Pan Jan Kowalski") and saved with the title; "Coach Mike Smith" was "Thanks, Coach." and saved so;
"Rev. Jones", "I'm Father Brown", "Captain Kirk", "Coach Carter" were "Thanks, Jones. And your last name,
please?", the surname just given asked for again. Before a given name and a surname, Don, Dom, Dona and Pan are
titles; alone before one name they stay names ("Don Draper", "Pan Wei"). A surname after a title asks for the
first name, as "Mrs. Smith" does.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_GIVEN_AFTER = {
    "es_ES": ("Don", ("Alejandro", "Carlos", "Juan", "Luis", "Pedro", "Francisco")),
    "es_MX": ("don", ("Jorge", "Miguel", "Ricardo", "Guillermo")),
    "it_IT": ("Don", ("Giuseppe", "Giovanni", "Matteo", "Alessandro")),
    "pt_BR": ("Dona", ("Maria", "Ana", "Beatriz", "Leticia")),
    "pt_PT": ("Dom", ("Pedro", "Manuel", "Fernando", "Eduardo")),
    "pl_PL": ("Pan", ("Jan", "Piotr", "Krzysztof", "Tomasz", "Andrzej")),
}
_CASES = [(locale, i) for locale in _GIVEN_AFTER for i in range(4)]


def _surname(locale: str, seed: int) -> str:
    fake = fake_for(seed, (locale,))
    last = fake.last_name()
    while not last.isalpha():
        last = fake.last_name()
    return last


async def _signed_up(said: str, *answers: str) -> tuple[Talk, str]:
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    first_reply = (await t.say(said)).text
    for answer in (*answers, "this number", "pat.doe@gmail.com", "client", "yes"):
        await t.say(answer)
    return t, first_reply


@pytest.mark.parametrize(("locale", "i"), _CASES)
async def test_don_or_pan_before_a_given_name_and_a_surname_is_a_title(locale: str, i: int) -> None:
    title, given = _GIVEN_AFTER[locale]
    first, last = given[i % len(given)], _surname(locale, i)
    t, greeted = await _signed_up(f"{title} {first} {last}")
    assert f"Thanks, {first}." in greeted, greeted  # never "Thanks, Don."
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{first} {last}")


@pytest.mark.parametrize("said", ["Coach {} {}", "hi, coach {} {} here", "Dame {} {}"])
@pytest.mark.parametrize("seed", range(3))
async def test_coach_and_dame_before_a_name_are_titles(said: str, seed: int) -> None:
    fake = fake_for(seed, ("en_US", "en_GB", "en_CA"))
    first, last = fake.first_name(), fake.last_name()
    t, greeted = await _signed_up(said.format(first, last))
    assert f"Thanks, {first}." in greeted, greeted
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{first} {last}")


@pytest.mark.parametrize(
    "title", ["Rev.", "Reverend", "I'm Father", "Pastor", "Captain", "Coach", "Sgt.", "Sir", "it's coach"]
)
@pytest.mark.parametrize("seed", range(2))
async def test_a_title_before_a_surname_alone_asks_for_the_first_name(title: str, seed: int) -> None:
    fake = fake_for(seed + 10, ("en_US", "en_GB", "en_NZ"))
    first, last = fake.first_name(), fake.last_name()
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    r = await t.say(f"{title} {last}")
    assert "first name" in r.text and f"Thanks, {last}." not in r.text, r.text
    for answer in (first, "this number", "pat.doe@gmail.com", "client", "yes"):
        await t.say(answer)
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{first} {last}")
