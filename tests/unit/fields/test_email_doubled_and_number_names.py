"""A spoken address read with the person's name in mind: a surname said twice (Brito-Brito), and a surname
that is a number word beside the address's digits (Daniel Nine).

"brito brito dot thales at ..." is britobrito.thales@ for Thales Brito-Brito (the reader took a word said
again as the address starting over, and read brito.thales@). "daniel nine one nine at ..." is danielnine19@
for Daniel Nine: after a digit, or after itself, a number word is a digit ("nine nine" is nine9), not the
name again (it was read danielnine1nine@).
"""

from __future__ import annotations

import pytest

from knotty.fields import extract_email
from knotty.fields._name_words import NOT_NAMES
from knotty.fields.name import name_words
from knotty.state import Modality
from tests.corpus.people import Person, ascii_letters, say_email
from tests.corpus.strangers import make_strangers, plain_given_names

NUMBER_SURNAMES = ("one", "two", "four", "six", "seven", "eight", "nine", "ten")


def _surnames(count: int) -> list[str]:
    found: list[str] = []
    for p in make_strangers(20 * count, 606):
        last = ascii_letters(p.last).lower()
        if last.isalpha() and 3 <= len(last) <= 10 and last not in NOT_NAMES and last not in found:
            found.append(last)
    return found[:count]


def _heard(first: str, last: str, email: str) -> str | None:
    """The address as the person says it on a call, read with their name in mind."""
    person = Person(first.capitalize(), last, email, "+12015550143", "client", False)
    return extract_email(say_email(person, "spoken", Modality.SPOKEN), name_words(person.full_name))


@pytest.mark.parametrize("shape", ["{s}{s}.{g}", "{g}.{s}{s}", "{g}_{s}{s}", "{s}{s}{i}", "{g}-{s}{s}"])
def test_a_doubled_surname_said_twice_in_an_address_is_both_words(shape: str) -> None:
    for g, s in zip(plain_given_names(8, 606), _surnames(8), strict=True):
        email = shape.format(g=g, s=s, i=g[0]) + "@gmail.com"
        assert _heard(g, f"{s.capitalize()}-{s.capitalize()}", email) == email, email


def test_a_word_said_twice_is_still_the_address_starting_over_when_the_name_has_it_once() -> None:
    """ "wei tanaka wei underscore tanaka": the name, then the address; the rule for a doubled name is no wider."""
    for g, s in zip(plain_given_names(6, 607), _surnames(6), strict=True):
        said = f"{g} {s} {g} underscore {s} at gmail dot com"
        assert extract_email(said, name_words(f"{g} {s}")) == f"{g}_{s}@gmail.com", said


@pytest.mark.parametrize("number", NUMBER_SURNAMES)
@pytest.mark.parametrize("shape", ["{g}.{n}{d}", "{g}_{n}{d}", "{g}{n}{d}", "{g}.{n}", "{i}.{n}"])
def test_a_number_word_surname_beside_digits_is_read_as_said(number: str, shape: str) -> None:
    for k, g in enumerate(plain_given_names(4, 608)):
        digits = ("19", "91", "1988", "7")[k]
        email = shape.format(g=g, n=number, d=digits, i=g[0]) + "@icloud.com"
        assert _heard(g, number.capitalize(), email) == email, email
