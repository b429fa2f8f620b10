"""An address's part before the "at", spelled letter by letter as a phone recogniser writes the letters
("r o be eye n dot see h you are see h"), whose last word is also a domain ending: a surname such as
Church, Li, Do, Ma, Lu. It had been taken for a whole address whose "at" the line lost, so "spell just the
part before the at sign" could never be answered (a caller of the noisy line, seed 7410852, gave up); said
before the rest of the address, it left only its last letter ("h@icloud.com"), read back to the caller.
Asked for that part alone, it is that part; said unasked, it may still be an address whose "at" was lost
("b o o k w e l l n e s s b y g o o d dot s t u d i o", `test_email_halves.py`).
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from faker import Faker

from knotty.fields.email import extract_email, extract_email_local

_LOCALES = ["en_US", "en_GB", "vi_VN", "zh_TW", "fr_FR", "es_MX", "de_DE", "it_IT", "pt_BR", "nl_NL", "tr_TR"]
_AS_WORDS = {"r": ["are"], "i": ["eye"], "c": ["see"], "u": ["you"], "b": ["be"], "o": ["oh"]}
"""The letters Whisper tiny writes as words in the project's recorded phone-line spellings (a letter's name
said alone, "ell ee" for "l e", reads as a word: another limit, not this one)."""
_ENDINGS = {
    "church",
    "coach",
    "care",
    "one",
    "li",
    "lu",
    "ma",
    "do",
    "mo",
    "ng",
    "le",
    "la",
    "me",
    "co",
    "us",
}
"""Surnames (or their last word) that are also domain endings people say."""


def _plain(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in folded if c.isalpha())


def _people(seed: int) -> list[tuple[str, str]]:
    """(given name, surname) in plain letters, every surname's last word one of `_ENDINGS`: Faker's
    given names of many locales beside Faker's surnames that are domain endings, or those endings."""
    fake = Faker(_LOCALES)
    fake.seed_instance(seed)
    surnames = sorted({_plain(fake.last_name()) for _ in range(4000)} & _ENDINGS) + sorted(_ENDINGS)
    rng = random.Random(seed)
    given = [g for g in (_plain(fake.first_name()) for _ in range(200)) if 2 <= len(g) <= 9]
    return [(rng.choice(given), surname) for surname in surnames for _ in range(3)]


def _as_heard(word: str, rng: random.Random, *, as_words: bool = False) -> str:
    """`word` spelled, each letter as the recogniser may write it: the letter, or its name ("see"); with
    `as_words`, its name whenever it has one (the recording: "c h you are see h")."""
    return " ".join(
        (
            _AS_WORDS[letter][0]
            if as_words and letter in _AS_WORDS
            else rng.choice([letter, *_AS_WORDS.get(letter, [])])
        )
        for letter in word
    )


@pytest.mark.parametrize("seed", [11, 12])
def test_asked_for_the_part_before_the_at_a_spelled_one_ending_like_a_domain_is_read(seed: int) -> None:
    rng = random.Random(seed)
    missed = []
    for given, surname in _people(seed):
        heard = f"{_as_heard(given, rng)} dot {_as_heard(surname, rng)}"
        if extract_email_local(heard, asked=True) != f"{given}.{surname}":
            missed.append((heard, extract_email_local(heard, asked=True)))
    assert not missed, f"{len(missed)} missed: {missed[:5]}"


@pytest.mark.parametrize("seed", [21, 22])
def test_a_spelled_address_whose_end_was_written_keeps_its_spelled_start(seed: int) -> None:
    rng = random.Random(seed)
    missed = []
    for given, surname in _people(seed):
        # As in the recording: the dot written between two letters, the end written as an address.
        start, middle = (
            _as_heard(given[:-1], rng, as_words=True),
            _as_heard(surname[1:-1], rng, as_words=True),
        )
        heard = f"sure, {start} {given[-1]}.{surname[0]} {middle} {surname[-1]}@icloud.com"
        if extract_email(heard) != f"{given}.{surname}@icloud.com":
            missed.append((heard, extract_email(heard)))
    assert not missed, f"{len(missed)} missed: {missed[:5]}"
