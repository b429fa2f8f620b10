"""An apostrophe that marks a sound inside a name starts no capital (people16's finding, round 16).

"usman sa’idu" was read back and saved "Usman Sa'Idu": the capital that O'Brien, D'Angelo and N'Golo take
after their apostrophe (a word elided or joined before a name) was given to a Hausa name whose apostrophe marks
the 'ayn inside one word, as it does in Uzbek "ja’far" and "e’zoza" and Zulu "s’fiso". The people are Faker's
ha_NG, uz_UZ and zu_ZA names with such an apostrophe, typed all in lower case or all in capitals, as they are
written in Faker; the elided names keep their capital.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Talk


def _people() -> list[str]:
    found: dict[str, None] = {}
    for locale in ("ha_NG", "uz_UZ", "zu_ZA"):
        fake = Faker(locale)
        fake.seed_instance(1616)
        for _ in range(4000):
            first, last = fake.first_name(), fake.last_name()
            name = f"{first} {last}"
            if any(mark in name for mark in "ʼ'’") and len(name.split()) == 2:
                found[name.replace("’", "'").replace("ʼ", "'")] = None
    return list(found)[:16]


_PEOPLE = _people()


async def _read_back_and_save(typed: str) -> tuple[str, list[str]]:
    t = Talk(Modality.WRITTEN)
    await t.open()
    for line in (typed, "+1 415 555 0134", "dana@example.com", "client"):
        r = await t.say(line)
    await t.say("yes")
    return r.text, [s["full_name"] for s in t.saves]


def test_faker_gives_such_people() -> None:
    assert len(_PEOPLE) >= 8, _PEOPLE


@pytest.mark.parametrize("case", ["upper", "lower"])
@pytest.mark.parametrize("name", _PEOPLE)
async def test_the_letter_after_a_sounded_apostrophe_stays_small(name: str, case: str) -> None:
    typed = name.upper() if case == "upper" else name.lower()
    read_back, saved = await _read_back_and_save(typed.replace("'", "’"))
    assert f"name {name};" in read_back, (typed, read_back)
    assert saved == [name]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("usman sa’idu", "Usman Sa'idu"),
        ("sean o'brien", "Sean O'Brien"),
        ("N'GOLO KANTE", "N'Golo Kante"),
        ("d'angelo russell", "D'Angelo Russell"),
        ("priya d’souza", "Priya D'Souza"),
        ("de'andre jordan", "De'Andre Jordan"),
        ("marco dell'acqua", "Marco Dell'Acqua"),
    ],
)
async def test_a_name_after_an_elided_word_keeps_its_capital(typed: str, name: str) -> None:
    read_back, saved = await _read_back_and_save(typed)
    assert f"name {name};" in read_back, read_back
    assert saved == [name]
