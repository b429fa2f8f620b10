"""Titles of more languages before a name (round 14 finding).

"Dña. Rosa Blanco" was "Thanks, Dña. And your last name, please?", "Ing. Marco Rossi" "Thanks, Ing.", and neither
was ever signed up (the name said after was taken as the surname asked for, and asked again); "Pani Anna Nowak"
was saved with the Polish "Mrs", "Dott.ssa Giulia Bianchi" as "Ssa Giulia Bianchi". A title is no part of the
name, typed with or without its dot, before a Faker person of the title's language, and also in a first message.
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.understanding import understand_first_text
from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_TITLES = {
    "es_ES": ("Dña.", "Ing.", "Lic.", "Arq."),
    "es_MX": ("Lic.", "Licda.", "Lcdo.", "Ing."),
    "it_IT": ("Dott.ssa", "Ing.", "Dott."),
    "pl_PL": ("Pani", "Inż.", "mgr"),
    "de_AT": ("Mag.", "Ing."),
}
_CASES = [
    (locale, title, seed) for locale, titles in _TITLES.items() for title in titles for seed in range(3)
]


def _person(locale: str, seed: int) -> tuple[str, str]:
    fake = fake_for(seed, (locale,))
    first, last = fake.first_name(), fake.last_name()
    while " " in first or " " in last or "-" in first:
        first, last = fake.first_name(), fake.last_name()
    return first, last


@pytest.mark.parametrize(("locale", "title", "seed"), _CASES)
async def test_a_title_before_a_name_is_no_part_of_it(locale: str, title: str, seed: int) -> None:
    first, last = _person(locale, seed)
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    r = await t.say(f"{title} {first} {last}")
    assert first in r.text and title.rstrip(".") not in r.text, (
        r.text
    )  # "Thanks, Rosa.", never "Thanks, Dña."
    await t.say("this number")
    await t.say("pat.doe@gmail.com")
    await t.say("client")
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{first} {last}")


@pytest.mark.parametrize(("locale", "title", "seed"), _CASES[::3])
def test_a_title_in_a_first_message_is_no_part_of_the_name(locale: str, title: str, seed: int) -> None:
    first, last = _person(locale, seed)
    r = understand_first_text(f"Hi, {title} {first} {last} here, I'd like to join", region="US")
    assert r.values.get("full_name") == normalize_name(f"{first} {last}")
