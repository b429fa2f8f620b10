"""A note on how many of a letter a word of the name has, said for the name ("the last name is with two Ls").

Said after a label at the read-back, the note had been taken for the value itself: "the last name is with
two L's" read back and saved "Ana With Two L's". The note is applied to the word it is about when that is
plain (one L in "Lil": Lill; a double N in "Anna", "with one N": Ana), and otherwise names nothing.
"""

from __future__ import annotations

import re

from knotty.fields.spoken import LETTER_NAMES

__all__ = ["letter_count_note", "noted_word"]

_NOTE = re.compile(
    r"^(?:spelled\s+|spelt\s+|written\s+)?(?:with\s+|w\s+)?"
    r"(?:(?P<two>two|2|a\s+double|double)|(?P<one>one|1|a\s+single|single|just\s+one|only\s+one))\s+"
    r"(?P<letter>[a-z]|aitch|haitch|en|el|ell|ess|es|ee|em|tee|dee|pee|are|ar)(?:'s|s)?\s*[.!]?$",
    re.IGNORECASE,
)


def letter_count_note(value: str) -> tuple[str, bool] | None:
    """The letter and whether it is doubled (True) or single, when ``value`` is only such a note."""
    m = _NOTE.match(value.strip())
    if m is None:
        return None
    said = m.group("letter").lower()
    return LETTER_NAMES.get(said, said), m.group("two") is not None


def noted_word(word: str, letter: str, *, double: bool) -> str | None:
    """``word`` with the note applied, or None when the note does not say plainly where (two single Ls) or
    the word already fits it."""
    low = word.lower()
    if double:
        if low.count(letter) != 1:
            return None
        at = low.index(letter)
        return word[: at + 1] + letter + word[at + 1 :]
    if low.count(letter * 2) != 1 or low.count(letter) != 2:
        return None
    at = low.index(letter * 2)
    return word[:at] + word[at + 1 :]
