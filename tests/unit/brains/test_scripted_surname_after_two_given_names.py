"""A surname said after two given names replaced the second (round 14 finding).

"Marie Eve" typed for the name is read as a first and a last name: Eve is no family name Knotty can tell from
another, and "Marie Eve" is on no list of compound given names. "no, my last name is Tremblay", said at the
read-back or at the next question, then replaced Eve: saved "Marie Tremblay", a given name lost. The "no" says
Eve is not the surname, and Eve is a given name that is nobody's surname: the surname is added (Marie Eve
Tremblay). A surname read back wrong ("Ana Smith", then "no, my last name is Jones") is still replaced.

People come from Faker in eight locales: two given names of a locale (the second no surname of any Faker
locale), or a given name and a surname read back wrong, and the surname said in English or the person's
language, typed and said, at the read-back and at the phone question.
"""

from __future__ import annotations

import importlib
from functools import cache

import faker.config
import pytest
from faker import Faker

from knotty.fields import normalize_name
from knotty.fields._compound_given_names import COMPOUND_GIVEN_NAMES
from knotty.fields._given_names import both_given_names
from knotty.state import Modality
from tests.unit.brains.callers import plain, said_email
from tests.unit.brains.conftest import Talk

_LOCALES = ("fr_FR", "fr_CA", "pt_BR", "de_DE", "es_ES", "it_IT", "en_US", "pl_PL")
_LABELS = {
    "en": (
        "no, my last name is {}",
        "no, my surname is {}",
        "actually my family name is {}",
        "no, the last name is {}",
    ),
    "fr": ("non, mon nom de famille est {}",),
    "pt": ("não, meu sobrenome é {}",),
    "de": ("nein, mein Nachname ist {}",),
    "es": ("no, mi apellido es {}",),
    "it": ("no, il mio cognome è {}",),
    "pl": ("nie, moje nazwisko to {}",),
}


@cache
def _surnames(locale: str) -> frozenset[str]:
    """Every word of a locale's surnames, as a recogniser writes it."""
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:
        return frozenset()
    found: set[str] = set()
    for attr in dir(provider):
        value = getattr(provider, attr)
        if attr.startswith("last_name") and isinstance(value, (list, tuple, dict)):
            found.update(plain(w) for name in value for w in str(name).replace("-", " ").split())
    return frozenset(found)


@cache
def _all_surnames() -> frozenset[str]:
    """Every word of every Faker locale's surnames: a second given name here is nobody's family name."""
    return frozenset(w for locale in faker.config.AVAILABLE_LOCALES for w in _surnames(locale))


def _one_word(fake: Faker, make: str, *, avoid: frozenset[str] = frozenset()) -> str:
    for _ in range(500):
        name = getattr(fake, make)()
        if (
            " " not in name
            and "-" not in name
            and name.isalpha()
            and len(name) > 2
            and plain(name) not in avoid
        ):
            return str(name)
    raise AssertionError("Faker gave no such name")


def _two_given(seed: int) -> tuple[str, str, str]:
    """(two given names, the surname, the locale): the second given name no surname of the locale or English."""
    locale = _LOCALES[seed % len(_LOCALES)]
    fake = Faker(locale)
    fake.seed_instance(seed)
    family = _all_surnames()
    for _ in range(200):
        first, second = _one_word(fake, "first_name"), _one_word(fake, "first_name", avoid=family)
        given = f"{first} {second}"
        compound = " ".join(plain(given).split()) in COMPOUND_GIVEN_NAMES or both_given_names(given)
        if plain(first) != plain(second) and not compound:
            return given, _one_word(fake, "last_name"), locale
    raise AssertionError("Faker gave no two given names")


def _surname_wrong(seed: int) -> tuple[str, str, str]:
    """(a given name and a surname heard wrong, the surname said, the locale)."""
    locale = _LOCALES[seed % len(_LOCALES)]
    fake = Faker(locale)
    fake.seed_instance(seed + 1000)
    first = _one_word(fake, "first_name")
    heard = _one_word(fake, "last_name")
    said = _one_word(fake, "last_name", avoid=frozenset({plain(heard)}))
    while plain(said)[0] == plain(heard)[0]:
        said = _one_word(fake, "last_name", avoid=frozenset({plain(heard)}))
    return f"{first} {heard}", said, locale


def _label(seed: int, locale: str) -> str:
    labels = _LABELS["en"] + _LABELS.get(locale[:2], ())
    return labels[seed % len(labels)]


_CASES = [
    (seed, modality, at_read_back)
    for seed in range(24)
    for modality in (Modality.WRITTEN, Modality.SPOKEN)
    for at_read_back in (True, False)
]


async def _play(name: str, correction: str, modality: Modality, *, at_read_back: bool) -> Talk:
    spoken = modality is Modality.SPOKEN
    t = Talk(modality, caller_number="+14155550100")
    await t.open()
    await t.say(plain(name) if spoken else name)
    if not at_read_back:
        await t.say(plain(correction) if spoken else correction)
    await t.say("this number")
    await t.say(said_email("pat.doe@gmail.com") if spoken else "pat.doe@gmail.com")
    await t.say("client")
    if at_read_back:
        await t.say(plain(correction) if spoken else correction)
    await t.say("yes")
    return t


def _as_saved(name: str, modality: Modality) -> str:
    return normalize_name(plain(name) if modality is Modality.SPOKEN else name)


@pytest.mark.parametrize(("seed", "modality", "at_read_back"), _CASES)
async def test_a_surname_after_two_given_names_is_added(
    seed: int, modality: Modality, at_read_back: bool
) -> None:
    given, surname, locale = _two_given(seed)
    t = await _play(given, _label(seed, locale).format(surname), modality, at_read_back=at_read_back)
    assert t.saves, t.history[-1].content
    assert t.saves[-1]["full_name"] == _as_saved(f"{given} {surname}", modality)


@pytest.mark.parametrize(("seed", "modality", "at_read_back"), _CASES)
async def test_a_surname_heard_wrong_is_still_replaced(
    seed: int, modality: Modality, at_read_back: bool
) -> None:
    name, surname, locale = _surname_wrong(seed)
    t = await _play(name, _label(seed, locale).format(surname), modality, at_read_back=at_read_back)
    assert t.saves, t.history[-1].content
    assert t.saves[-1]["full_name"] == _as_saved(f"{name.split()[0]} {surname}", modality)
