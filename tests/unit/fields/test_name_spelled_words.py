"""A spelling after a name says its words are a name, everyday words included (the name reader).

"said nilsson, that's n i l s s o n": "said" is a word sentences use, but the spelling of the word after
it says the whole answer is a name. Words sentences are built from ("i'm", "and", "my") stay what they are,
and an answer with no spelling is read as before.
"""

from __future__ import annotations

import pytest

from knotty.fields import extract_name, normalize_name
from knotty.fields._name_words import NOT_NAMES
from tests.corpus.people import ascii_letters
from tests.corpus.strangers import make_strangers

EVERYDAY_GIVEN = ("said", "will", "hope", "may", "june", "grant", "bill", "rose", "good", "early")
EVERYDAY_SURNAMES = ("early", "good", "nice", "love", "young", "price")


def _plain_surnames(count: int) -> list[str]:
    found: list[str] = []
    for p in make_strangers(200, 8080):
        last = ascii_letters(p.last).lower()
        if last.isalpha() and 3 <= len(last) <= 12 and last not in NOT_NAMES and last not in found:
            found.append(last)
    return found[:count]


def _plain_given(count: int) -> list[str]:
    found: list[str] = []
    for p in make_strangers(200, 8081):
        given = ascii_letters(p.first.split()[0]).lower()
        if given.isalpha() and len(given) > 2 and given not in NOT_NAMES and given not in found:
            found.append(given)
    return found[:count]


@pytest.mark.parametrize("given", EVERYDAY_GIVEN)
@pytest.mark.parametrize("lead", ["", "my name is ", "um, "])
def test_an_everyday_given_name_before_a_spelled_surname_is_read(given: str, lead: str) -> None:
    for surname in _plain_surnames(6):
        said = f"{lead}{given} {surname}, that's {' '.join(surname)}"
        assert extract_name(said, expecting=True) == normalize_name(f"{given} {surname}"), said


@pytest.mark.parametrize("surname", EVERYDAY_SURNAMES)
def test_an_everyday_surname_spelled_after_a_generated_given_name_is_read(surname: str) -> None:
    for given in _plain_given(6):
        said = f"{given} {surname}, that's {' '.join(surname)}"
        assert extract_name(said, expecting=True) == normalize_name(f"{given} {surname}"), said
        assert extract_name(f"{surname}, that's {' '.join(surname)}", expecting=True) == surname.capitalize()


def test_the_spelling_corrects_the_last_word_heard() -> None:
    assert extract_name("said nilsen, that's n i l s s o n", expecting=True) == "Said Nilsson"


@pytest.mark.parametrize(
    "said",
    [
        "said nilsson",  # no spelling: "said" is no name on its own
        "and nilsson",  # a word sentences are built from, spelled or not
        "i'm nilsson and, that's a n d",
        "early",
    ],
)
def test_without_a_spelling_or_with_sentence_words_nothing_changes(said: str) -> None:
    name = extract_name(said, expecting=True)
    assert name is None or not name.lower().startswith(("said", "and", "i'm", "early")), name


def test_a_spelled_name_said_unasked_after_a_weak_cue_is_not_taken() -> None:
    """ "it's early, that's e a r l y" answered to another question: "it's" is no name cue there."""
    assert extract_name("it's early, that's e a r l y", expecting=False) is None
