"""A spelled address as a recogniser writes it on a bad line (line report 757570, level 2.5).

"n i k k i underscore s e e r y one nine eight zero at uol dot com dot br" was heard as
- "... s e e r y 1980@uol.com dot br": the end of the spelling written as an address, and Knotty kept
  only "1980@uol.com";
- "... s e e are why 1980": two letters in a row written as words ("are why"), which ended the
  address where they began;
- and the "k" of "n i k k i" was taken for "okay", a yes, so Knotty answered "Great!" and asked again.

People come from Faker in several locales; how the line writes letters is this test's own list.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import pytest
from faker import Faker

from knotty.brains.scripted.understanding import understand
from knotty.fields import extract_email, extract_email_domain, extract_email_local
from knotty.fields.name import name_words
from knotty.fields.spoken import LETTER_NAMES

_LOCALES = ["en_US", "pt_BR", "pl_PL", "de_DE", "en_IN", "fr_FR", "it_IT", "nl_NL"]
_AS_WORDS = {"i": "eye", "k": "kay", "r": "are", "y": "why", "c": "see", "u": "you", "b": "bee", "t": "tea"}
"""Letters a recogniser writes as the word that sounds like them."""
_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _ascii(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in plain if c.isalpha())


@dataclass(frozen=True)
class _Address:
    """A Faker person's address, first_last1980@their provider, and its parts."""

    first: str
    last: str
    year: str
    domain: str

    @property
    def local(self) -> str:
        return f"{self.first}_{self.last}{self.year}"

    @property
    def email(self) -> str:
        return f"{self.local}@{self.domain}"


def _address(seed: int) -> _Address:
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    first, last = _ascii(fake.first_name()) or "ana", _ascii(fake.last_name()) or "lima"
    return _Address(first, last, str(fake.random_int(1950, 2005)), fake.free_email_domain())


def _spelled(word: str, rng: random.Random, share: float = 0.5) -> list[str]:
    """The word's letters one by one, `share` of those that sound like a word written as it."""
    return [_AS_WORDS[c] if c in _AS_WORDS and rng.random() < share else c for c in word]


@pytest.mark.parametrize("seed", range(40))
def test_a_spelling_whose_end_the_line_wrote_as_an_address_is_read_whole(seed: int) -> None:
    a, rng = _address(seed), random.Random(seed)
    *head, lastletter = _spelled(a.last, rng)
    if not lastletter.isalpha() or len(lastletter) != 1:
        lastletter = a.last[-1]  # the line glues a letter it wrote as a letter to what follows
    said = " ".join([*_spelled(a.first, rng), "underscore", *head])
    heard = f"my email is {said} {lastletter} {a.year}@{a.domain}"
    assert extract_email(heard) == a.email, heard


@pytest.mark.parametrize("seed", range(40))
def test_a_spelling_ending_in_digits_said_as_words_then_written_as_an_address_is_read_whole(
    seed: int,
) -> None:
    """ "w i n tea e r won nine six won@yahoo.co dot uk": the digits said (one of them as "won"), the
    last written into the address."""
    a, rng = _address(seed), random.Random(seed)
    said = " ".join([*_spelled(a.first, rng), "underscore", *_spelled(a.last, rng)])
    digits = " ".join("won" if d == "1" else _DIGITS[int(d)] for d in a.year[:-1])
    heard = f"sure, {said} {digits} {a.year[-1]}@{a.domain}"
    assert extract_email(heard) == a.email, heard


@pytest.mark.parametrize("seed", range(40))
def test_letters_written_as_words_in_a_row_stay_in_the_spelling(seed: int) -> None:
    a, rng = _address(seed), random.Random(seed)
    said = " ".join([*_spelled(a.first, rng, 1.0), "underscore", *_spelled(a.last, rng, 1.0)])
    digits = " ".join(_DIGITS[int(d)] for d in a.year)
    assert extract_email_local(f"{said} {digits}") == a.local
    assert extract_email(f"{said} {digits} at {a.domain.replace('.', ' dot ')}") == a.email


@pytest.mark.parametrize("seed", range(40))
def test_a_spelling_with_a_k_or_a_y_in_it_is_no_yes(seed: int) -> None:
    a, rng = _address(seed), random.Random(seed)
    said = " ".join([*_spelled(a.first, rng), "underscore", *_spelled(a.last, rng), "k", "y"])
    reading = understand(said, "email", region="US", spoken=True)
    assert reading.yes is None, said
    assert understand("k", "confirm", region="US").yes is True  # typed alone, "k" is still okay


def _people_named_like_a_letter() -> list[tuple[str, str]]:
    """(given name, surname) of Faker people whose given name a recogniser also writes for a letter
    ("Kay", "Jay"): strangers seed 880663 met Kay van den Brand."""
    found: dict[tuple[str, str], None] = {}
    for locale in ("nl_NL", "en_US", "en_GB", "en_AU", "en_CA", "en_IE"):
        fake = Faker(locale)
        fake.seed_instance(3)
        for _ in range(4000):
            given = fake.first_name()
            if given.lower() in LETTER_NAMES:
                found[(given, fake.last_name())] = None
    return list(found)[:12]


_LETTER_NAMED = _people_named_like_a_letter()


def test_faker_gives_people_named_like_a_letter() -> None:
    assert len(_LETTER_NAMED) >= 4, _LETTER_NAMED


@pytest.mark.parametrize(("given", "surname"), _LETTER_NAMED)
def test_a_given_name_said_whole_after_a_spelled_surname_is_the_name_not_a_letter(
    given: str, surname: str
) -> None:
    """ "v a n d e n b r a n d dot kay at yahoo dot com" from Kay van den Brand was vandenbrand.k@."""
    letters = " ".join(_ascii(surname))
    heard = f"my email is {letters} dot {given.lower()} at yahoo dot com"
    names = name_words(f"{given} {surname}")
    assert extract_email(heard, names) == f"{_ascii(surname)}.{given.lower()}@yahoo.com"


_ENDINGS = {"co": "see oh", "uk": "you kay", "de": "dee ee", "es": "ee es", "ie": "eye ee", "me": "em ee"}
"""Two-letter endings as a recogniser writes them, letter by letter, each letter a word."""


@pytest.mark.parametrize("seed", range(40))
def test_a_spelled_domain_whose_ending_is_written_as_two_words_is_read(seed: int) -> None:
    """ "at r eye v e are s tea h e are a p y dot see oh" (line report 640812, level 2.5): the ending's
    two letters, each written as a word, spell nothing on their own, and the domain was lost."""
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    rng = random.Random(seed)
    name = _ascii(fake.last_name()) or "rivers"
    endings = rng.choice([["co"], ["co", "uk"], ["de"], ["es"], ["ie"], ["me"]])
    said_endings = " ".join(f"dot {_ENDINGS[e]}" for e in endings)
    heard = f"at {' '.join(_spelled(name + 'therapy', rng))} {said_endings}"
    assert extract_email_domain(heard) == ".".join([f"{name}therapy", *endings]), heard
