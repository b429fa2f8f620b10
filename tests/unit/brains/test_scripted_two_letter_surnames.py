"""Surnames of two letters spelled with letter names, and the Nepali K.C. (round 13).

Li, Ng, Ko, Wu, Yu, Vu: spelled on a call, the recogniser writes each letter as it sounds ("ell eye", "en gee",
"kay oh", "why you", as the corpus's line does). Two letter names were no spelling (a run needed a bare letter
or three letters), so the surname was read as words: "Ana Ell Eye", "Wen-Chieh Tea Eye", or lost ("Kay", or
nothing). Now a whole answer to the last name's question of two letters so written is those letters; in a whole
name, a last word written as two letter names one of which is no everyday word ("wei en gee") is joined.

"राम के.सी." (Ram K.C., Khatri Chhetri, written with initials) lost its "सी" and was saved "राम के"; "Ram K.C."
was taken as a first name with initials and the last name asked for. Now both are whole names, saved as typed.

People from Faker: the romanised two-letter surnames of zh_CN, zh_TW and vi_VN, their given names; ne_NP's
given names with के.सी., and en_IN's with K.C.
"""

from __future__ import annotations

import importlib
import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.corpus.line import LETTER_WORDS
from tests.unit.brains.conftest import Talk

_RECOGNISER_LETTERS = {"l": "ell", "n": "en", "m": "em", "h": "aitch", "s": "ess", "d": "dee", "f": "eff"}
"""Letters a recogniser writes as their names besides the corpus line's (`LETTER_WORDS`)."""


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _two_letter_people() -> list[tuple[str, str]]:
    """(given name, surname of two letters), lower case without accents, as a recogniser writes them."""
    people: list[tuple[str, str]] = []
    for locale, attribute in (
        ("zh_CN", "last_romanized_names"),
        ("zh_TW", "last_romanized_names"),
        ("vi_VN", "last_names"),
    ):
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        surnames = getattr(provider, attribute)
        fake = Faker(locale)
        fake.seed_instance(1313)
        given = getattr(provider, "first_romanized_names", None)
        for surname in sorted({_plain(s) for s in surnames if len(_plain(s)) == 2 and _plain(s).isalpha()}):
            first = _plain(fake.random_element(list(given)) if given else fake.first_name()).split()[0]
            people.append((first, surname))
    return people


def _letter_names(letter: str) -> list[str]:
    return [name for name in (LETTER_WORDS.get(letter), _RECOGNISER_LETTERS.get(letter)) if name]


def _spellings(surname: str) -> list[str]:
    """The surname's letters said one by one with at least one written as its name ("kay oh", "l eye")."""
    a, b = surname[0], surname[1]
    said = [f"{x} {y}" for x in [a, *_letter_names(a)] for y in [b, *_letter_names(b)]]
    return [s for s in said if s != f"{a} {b}"]


CASES = [
    (first, surname, spelled) for first, surname in _two_letter_people() for spelled in _spellings(surname)
]


async def _saved_name(t: Talk, first_answers: list[str], address: str) -> str | None:
    """Say ``first_answers``, then this number, ``address`` (the person's own), client and yes: the name saved."""
    if not t.history:
        await t.open()
    for said in first_answers:
        await t.say(said)
    for said in ("this number", address, "client", "yes"):
        if t.saves:
            break
        await t.say(said)
    return t.saves[0]["full_name"] if t.saves else None


@pytest.mark.parametrize(("first", "surname", "spelled"), CASES)
async def test_a_two_letter_surname_spelled_with_letter_names_at_its_question(
    first: str, surname: str, spelled: str
) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    saved = await _saved_name(
        t, [first, spelled], f"{first.replace('-', '')} dot {surname} at example dot com"
    )
    assert saved is not None and _plain(saved) == f"{first} {surname}", (first, spelled, saved)


_WORDS_NOT_READ_AS_SURNAMES = frozenset({"le", "an", "he"})
"""Surnames that are words of a sentence ("jane le", "pi-hsia an"): not read as a surname even said as words,
so they are asked for on their own (`test_a_two_letter_surname_spelled_with_letter_names_at_its_question`)."""


@pytest.mark.parametrize(
    ("first", "surname", "spelled"),
    [c for c in CASES if ("ell" in c[2] or "en" in c[2].split()) and c[1] not in _WORDS_NOT_READ_AS_SURNAMES],
)
async def test_a_two_letter_surname_written_as_letter_names_in_the_whole_name(
    first: str, surname: str, spelled: str
) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    saved = await _saved_name(
        t, [f"{first} {spelled}"], f"{first.replace('-', '')} dot {surname} at example dot com"
    )
    assert saved is not None and _plain(saved) == f"{first} {surname}", (first, spelled, saved)


def _nepali(k: int) -> tuple[str, str]:
    """(a given name from ne_NP in Devanagari, one from en_IN in Latin letters)."""
    nepali, indian = Faker("ne_NP"), Faker("en_IN")
    nepali.seed_instance(130 + k)
    indian.seed_instance(130 + k)
    return nepali.first_name(), indian.first_name()


@pytest.mark.parametrize("typed", ["{first} के.सी.", "{first} के.सी", "my name is {first} के.सी."])
@pytest.mark.parametrize("k", range(6))
async def test_the_nepali_surname_kc_in_devanagari_keeps_both_its_letters(k: int, typed: str) -> None:
    first, _ = _nepali(k)
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    said = typed.format(first=first)
    saved = await _saved_name(t, [said], "ram.kc@example.com")
    whole = said.removeprefix("my name is ")
    assert saved == whole, (said, saved)


@pytest.mark.parametrize("typed", ["{first} K.C.", "{first} K. C.", "Hi, I'm {first} B.K."])
@pytest.mark.parametrize("k", range(6))
async def test_a_surname_written_as_initials_is_a_whole_name(k: int, typed: str) -> None:
    _, first = _nepali(k)
    t = Talk(Modality.WRITTEN, caller_number="+14155550100")
    said = typed.format(first=first)
    await t.open()
    r = await t.say(said)
    assert "last name" not in r.text, (said, r.text)
    saved = await _saved_name(t, [], f"{first.lower()}.kc@example.com")
    expected = said.removeprefix("Hi, I'm ").replace("K. C.", "K.C.")
    assert saved == expected, (said, saved)
