"""A nickname after "aka" or "goes by", and the Spanish particles "los" and "las" (round 15 finding).

"Robert Smith aka Bobby" was read back and saved "Robert Smith Aka Bobby"; "Ana María de los Ángeles López"
saved "Ana María de Los Ángeles López", "bartolomé de las casas" "Bartolomé de Las Casas". The nickname is what the
person is called, not a part of the name (as "Robert Smith, call me Bob"); "los" and "las" are written in lower
case inside a name as "de" and "la" are.
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.understanding import understand_first_text
from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for
from tests.unit.brains.conftest import Talk

_AKA = (
    "{} aka {}",
    "{} a.k.a. {}",
    "{}, also known as {}",
    "{}, goes by {}",
    "{} who goes by {}",
    "{} AKA {}",
)


async def _saved(said: str) -> tuple[str, str | None]:
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    for answer in (said, "this number", "pat.doe@gmail.com", "client"):
        r = await t.say(answer)
    await t.say("yes")
    return r.text, (t.saves[-1]["full_name"] if t.saves else None)


@pytest.mark.parametrize("phrase", _AKA)
@pytest.mark.parametrize("seed", range(3))
async def test_a_nickname_after_aka_is_no_part_of_the_name(phrase: str, seed: int) -> None:
    fake = fake_for(seed, ("en_US", "en_CA", "en_NZ"))
    first, last, nick = fake.first_name(), fake.last_name(), fake.first_name()
    read_back, saved = await _saved(phrase.format(f"{first} {last}", nick))
    assert f"name {normalize_name(f'{first} {last}')};" in read_back, read_back
    assert saved == normalize_name(f"{first} {last}")


@pytest.mark.parametrize("seed", range(3))
def test_a_nickname_after_aka_in_a_first_text(seed: int) -> None:
    fake = fake_for(seed + 5, ("en_US", "en_GB"))
    first, last, nick = fake.first_name(), fake.last_name(), fake.first_name()
    r = understand_first_text(f"Hi, {first} {last} aka {nick}, I'm a therapist", region="US")
    assert r.values.get("full_name") == normalize_name(f"{first} {last}")


@pytest.mark.parametrize(
    ("said", "saved"),
    [
        ("Ana María de los Ángeles López", "Ana María de los Ángeles López"),
        ("juan de los santos", "Juan de los Santos"),
        ("bartolomé de las casas", "Bartolomé de las Casas"),
        ("my name is Rocío de los Reyes", "Rocío de los Reyes"),
    ],
)
async def test_los_and_las_stay_lower_case_inside_a_name(said: str, saved: str) -> None:
    read_back, got = await _saved(said)
    assert f"name {saved};" in read_back, read_back
    assert got == saved
