"""A digit the line wrote as a word ("for", "to", "won", "ate") at the end of an address's first part.

Noisy-line seed 390251 at level 2.5: Carol Naylor, carol.naylor4@orange.fr, said "carol dot naylor
four at orange dot fr", heard "carol dot neylor for@"; spelled, "c a are oh l dot n a why l oh are for".
Knotty read neither ("I didn't get the email address") and, after every way of asking, ended the call.
A digit homophone was read as a digit only after a letter written as a letter or a digit ("b l a i r
four to"); after a letter the line wrote as a word ("are" for r), or right before the "at" after a word
the address's "dot" joined, it is a digit too. People from Faker, in several locales.
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.understanding import understand
from tests.corpus.line import LETTER_WORDS
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "pt_BR", "it_IT", "es_ES", "nl_NL")
HOMOPHONES = {"for": "4", "to": "2", "too": "2", "won": "1", "ate": "8"}
PEOPLE = 24


def _people() -> list[dict[str, str]]:
    return [caller(seed, LOCALES) for seed in range(PEOPLE)]


def _domain_said(domain: str) -> str:
    return domain.replace(".", " dot ")


def _spelled_as_heard(word: str) -> str:
    """Letter by letter, each letter a recogniser writes as a word written so ("r" as "are")."""
    return " ".join(LETTER_WORDS.get(c, c) for c in word)


@pytest.mark.parametrize("homophone", sorted(HOMOPHONES))
def test_said_whole_the_word_before_the_at_is_the_digit(homophone: str) -> None:
    wrong = []
    for p in _people():
        first, last = p["full_name"].lower().split()
        domain = p["email"].split("@")[1]
        expected = f"{first}.{last}{HOMOPHONES[homophone]}@{domain}"
        said = f"{first} dot {last} {homophone} at {_domain_said(domain)}"
        got = understand(said, asking="email", region="US", spoken=True).values.get("email")
        if got != expected:
            wrong.append(f"{said!r} -> {got}, not {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("homophone", sorted(HOMOPHONES))
def test_spelled_with_letters_heard_as_words_the_word_after_them_is_the_digit(homophone: str) -> None:
    wrong = []
    for p in _people():
        first, last = p["full_name"].lower().split()
        domain = p["email"].split("@")[1]
        expected = f"{first}.{last}{HOMOPHONES[homophone]}"
        said = f"{_spelled_as_heard(first)} dot {_spelled_as_heard(last)} {homophone}"
        whole = understand(f"{said} at {_domain_said(domain)}", asking="email", region="US", spoken=True)
        half = understand(said, asking="email", region="US", spoken=True)  # "spell the part before the at"
        if whole.values.get("email") != f"{expected}@{domain}" or half.email_local != expected:
            wrong.append(f"{said!r} -> {whole.values.get('email')} / {half.email_local!r}, not {expected}")
    assert not wrong, "\n".join(wrong)


def test_a_homophone_before_the_name_or_a_lone_word_stays_a_word() -> None:
    """ "send it to ana dot lima at ...", "it's for ana at ...": no digit where no address part is before it."""
    assert understand(
        "send it to ana dot lima at gmail dot com", asking="email", region="US", spoken=True
    ).values["email"] == ("ana.lima@gmail.com")
    assert understand("it's for ana at gmail dot com", asking="email", region="US", spoken=True).values[
        "email"
    ] == ("ana@gmail.com")
