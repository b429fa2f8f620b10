from __future__ import annotations

import pytest

from knotty.fields.spoken import read_number, read_spelling, tokenize


def _number(text: str, *, oh_is_zero: bool = True) -> str | None:
    tokens = [t.lower() for t in tokenize(text)]
    read = read_number(tokens, 0, oh_is_zero=oh_is_zero)
    return None if read is None else read[0]


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("five", "5"),
        ("oh", "0"),
        ("zero", "0"),
        ("0100", "0100"),
        ("fifteen", "15"),
        ("fifty", "50"),
        ("fifty five", "55"),
        ("twenty one", "21"),
        ("twenty oh one", "20"),  # "oh" is read next, as its own digit
        ("double five", "55"),
        ("triple seven", "777"),
        ("double oh", "00"),
        ("one hundred", "100"),
        ("five hundred and five", "505"),
        ("nine hundred fifty", "950"),
        ("eight hundred five five", "800"),
        ("fifteen hundred", "1500"),
        ("two thousand", "2000"),
        ("two thousand and five", "2005"),
        ("two thousand five hundred", "2500"),
    ],
)
def test_read_number(text: str, digits: str) -> None:
    assert _number(text) == digits


@pytest.mark.parametrize("text", ["hello", "double", "double trouble", "hundred", "a"])
def test_read_number_needs_a_number(text: str) -> None:
    assert _number(text) is None


def test_oh_is_a_letter_when_asked() -> None:
    assert _number("oh", oh_is_zero=False) is None
    assert _number("o", oh_is_zero=False) is None
    assert _number("zero", oh_is_zero=False) == "0"


def _spelled(text: str) -> str | None:
    read = read_spelling(tokenize(text), 0)
    return None if read is None else read[0]


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("j o h n", "john"),
        ("J O H N", "john"),
        ("j-o-h-n", "john"),
        ("j as in juliet o h n", "john"),
        ("j for john o h n", "john"),
        ("j like jack o", "jo"),
        ("juliet oscar hotel november", "john"),
        ("jay oh aitch en", "john"),
        ("double l o", "llo"),
        ("double u i l l", "will"),
        ("capital j o", "jo"),
        ("a n a lima", "ana"),  # one NATO word is a word, not a letter
    ],
)
def test_read_spelling(text: str, letters: str) -> None:
    assert _spelled(text) == letters


@pytest.mark.parametrize(
    "text",
    ["j", "john", "a therapist", "see you", "are you", "mike", "juliet oscar", "thank you"],
)
def test_read_spelling_needs_a_spelling(text: str) -> None:
    assert _spelled(text) is None


def test_tokenize_keeps_symbols_inside_tokens_only() -> None:
    assert tokenize("Ana.Lima@Gmail.com. Thanks!") == ["Ana", ".", "Lima", "@", "Gmail", ".", "com", "Thanks"]
    assert tokenize("(415) 555-0100, ok") == ["415", "555", "-", "0100", "ok"]
