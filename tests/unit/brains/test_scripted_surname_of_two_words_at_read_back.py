"""A surname of two words said at the read-back replaced the whole name (round 6 finding).

"no wait my last name is Gómez Ruiz", at the read-back of "Maria Gómez", saved the entry as "Gómez Ruiz"
and Knotty said "Done, Gómez!": a surname of two words read as a full name. The given name is kept and
the surname replaced: "Maria Gómez Ruiz". The same for particles ("da Silva Santos", "van der Berg",
"von Weizsäcker"), typed and said, however the surname is labelled.

People come from Faker: a Spanish or Mexican given name with two surnames, a Brazilian surname after "da",
a Dutch surname with its particle, a German surname after "von".
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields import normalize_name
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LABELS = [
    "no wait my last name is {}",
    "my surname is {}",
    "last name's {}",
    "actually my family name is {}",
]


def _person(locale: str, seed: int) -> tuple[str, str, str]:
    """(given name, the surname read back, the surname said at the read-back)."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    first = fake.first_name()
    one, two = fake.last_name(), fake.last_name()
    while " " in one or " " in two or one == two:
        one, two = fake.last_name(), fake.last_name()
    if locale.startswith("es"):
        return first, one, f"{one} {two}"  # "Gómez", then "Gómez Ruiz"
    if locale == "pt_BR":
        return first, one, f"da {one} {two}"  # "Silva", then "da Silva Santos"
    if locale == "nl_NL":
        particle = ("van der", "van", "de")[seed % 3]
        return first, one, f"{particle} {one}"  # "Berg", then "van der Berg"
    return first, one, f"von {one}"  # "Weizsäcker", then "von Weizsäcker"


_CASES = [
    (locale, seed, label, modality)
    for locale in ("es_ES", "es_MX", "pt_BR", "nl_NL", "de_DE")
    for seed in range(2)
    for label in _LABELS
    for modality in (Modality.WRITTEN, Modality.SPOKEN)
]


@pytest.mark.parametrize(("locale", "seed", "label", "modality"), _CASES)
async def test_a_surname_said_again_at_the_read_back_keeps_the_given_name(
    locale: str, seed: int, label: str, modality: Modality
) -> None:
    first, heard, surname = _person(locale, seed)
    t = Talk(modality, caller_number="+14155550100")
    await t.open()
    await t.say(f"{first} {heard}")
    await t.say("this number")
    await t.say("jane.doe@gmail.com" if modality is Modality.WRITTEN else "jane dot doe at gmail dot com")
    r = await t.say("client")
    assert heard in r.text, r.text  # the read-back
    r = await t.say(label.format(surname))
    expected = normalize_name(f"{first} {surname}")
    assert expected in r.text, r.text  # read back with the given name kept
    r = await t.say("yes")
    assert t.saves and t.saves[-1]["full_name"] == expected
    assert first.split()[0] in r.text, r.text  # "Done, Maria!", never "Done, Gómez!"
