"""A first name spelled at the read-back, and "I go by" one name (round 14 findings).

"my first name is spelled A N N A", at the read-back of "Ana Lima", was "I'm sorry, I didn't get that. Is
everything I read correct?", and a "yes" then saved "Ana Lima": the spelling was lost. A surname spelled so had
been taken ("my last name is spelled L Y M A"); a first name is taken the same way, and the surname is kept.

"I just go by Paz" (or "I go by just Paz") answered to "And your last name?" after "Paz" says there is no other
name, as "just Paz" does: it had been "Sorry, I didn't catch your last name" until Knotty gave up.

People come from Faker in eight locales; what they say is typed, or said as a recogniser writes it.
"""

from __future__ import annotations

import pytest

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.callers import fake_for, plain, said_email, word
from tests.unit.brains.conftest import Talk

_LOCALES = ("en_US", "es_ES", "pt_BR", "fr_FR", "de_DE", "it_IT", "pl_PL", "tr_TR")
_SPELLED = (
    "my first name is spelled {}",
    "no, my first name is {}",
    "the first name should be {}",
    "no my first name is spelled {}",
)
_GO_BY = ("I just go by {}", "I go by just {}", "i only go by {}")


def _person(seed: int) -> tuple[str, str, str]:
    """(the first name heard, the first name spelled, the surname)."""
    fake = fake_for(seed, _LOCALES)
    heard = word(fake.first_name)
    meant = word(fake.first_name, avoid=heard)
    return heard, meant, word(fake.last_name, avoid=meant)


_CASES = [
    (seed, label, modality)
    for seed in range(16)
    for label in _SPELLED
    for modality in (Modality.WRITTEN, Modality.SPOKEN)
]


@pytest.mark.parametrize(("seed", "label", "modality"), _CASES)
async def test_a_first_name_spelled_at_the_read_back_replaces_the_first_name(
    seed: int, label: str, modality: Modality
) -> None:
    heard, meant, last = _person(seed)
    spoken = modality is Modality.SPOKEN
    letters = " ".join(meant if spoken else meant.upper())
    t = Talk(modality, caller_number="+14155550100")
    await t.open()
    await t.say(f"{heard} {last}" if spoken else f"{heard.capitalize()} {last.capitalize()}")
    await t.say("this number")
    await t.say(said_email("pat.doe@gmail.com") if spoken else "pat.doe@gmail.com")
    await t.say("client")
    await t.say(label.format(letters))
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(f"{meant} {last}")


@pytest.mark.parametrize(("seed", "label"), [(s, g) for s in range(16) for g in _GO_BY])
async def test_i_go_by_the_one_name_goes_on_with_it(seed: int, label: str) -> None:
    _, name, _ = _person(seed)
    t = Talk()
    await t.open()
    await t.say(name.capitalize())
    r = await t.say(label.format(name.capitalize()))
    assert "last name" not in r.text.lower(), r.text
    await t.say("+1 415 555 0100")
    await t.say(f"{plain(name)}@gmail.com")
    await t.say("client")
    await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == normalize_name(name)
