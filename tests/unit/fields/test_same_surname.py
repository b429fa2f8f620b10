"""`same_surname`: with `same_first_name`, tells a holder of a shared phone changing one thing (a married
name, a middle name, an accent) from a second person of the same first name (two Alexes on the family
phone), whose signup must never replace the first's. People from Faker in several locales."""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields._name_reading import folded
from knotty.fields.name import same_surname

_LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "pt_BR", "pl_PL")


def _people(seed: int) -> tuple[str, str, str]:
    """A first name and two surnames sharing no word."""
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    other = fake.last_name()
    while not {folded(w) for w in other.replace("-", " ").split()}.isdisjoint(
        folded(w) for w in last.replace("-", " ").split()
    ):
        other = fake.last_name()
    return first, last, other


@pytest.mark.parametrize("seed", range(24))
def test_the_same_surname_with_a_middle_name_a_second_surname_or_another_case_is_the_same(seed: int) -> None:
    first, last, other = _people(seed)
    name = f"{first} {last}"
    assert same_surname(name, name.upper())
    assert same_surname(name, f"{first} {other} {last}"), "a middle name added"
    assert same_surname(name, f"{first} {last}-{other}"), "a married name joined on"


@pytest.mark.parametrize("seed", range(24))
def test_another_surname_is_another(seed: int) -> None:
    first, last, other = _people(seed)
    assert not same_surname(f"{first} {last}", f"{first} {other}")


@pytest.mark.parametrize("seed", range(6))
def test_a_single_name_shares_no_surname_with_a_full_name(seed: int) -> None:
    first, last, _ = _people(seed)
    assert not same_surname(first, f"{first} {last}")
    assert same_surname(first, first.upper())


@pytest.mark.parametrize("suffix", ["Jr", "Jr.", "Sr", "III", "Junior"])
@pytest.mark.parametrize("seed", range(4))
def test_a_parent_and_a_child_of_one_name_are_two_people(seed: int, suffix: str) -> None:
    first, last, _ = _people(seed)
    assert not same_surname(f"{first} {last}", f"{first} {last} {suffix}")
    assert same_surname(f"{first} {last} {suffix}", f"{first.lower()} {last.lower()} {suffix}")
