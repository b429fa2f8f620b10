"""A note on how many of a letter a word of the name has, said for the name ("the last name is with two Ls").

Said after a label at the read-back, the note had been taken for the value itself: "the last name is with
two L's" read back and saved "Ana With Two L's". The note is applied to the word it is about when that is
plain (one L in "Lil": Lill; a double N in "Anna", "with one N": Ana), and otherwise names nothing.
"""

from __future__ import annotations

import re

from knotty.fields.spoken import LETTER_NAMES

__all__ = ["count_notes_applied", "letter_count_note", "noted_word"]

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


_GATE = ("two", "double", " 2 ", " one ", "single", " 1 ")
_LETTER = r"(?P<letter>[a-z]|aitch|haitch|en|el|ell|ess|es|ee|em|tee|dee|pee)(?:'s|s)?"
_WORD_NOTED = re.compile(
    rf"\b(?P<word>[^\W\d_]{{2,}})[\s,]+(?:with\s+|w\s+|has\s+|that's\s+|it's\s+)?(?:two|2|a\s+double|double)\s+{_LETTER}\b",
    re.IGNORECASE,
)
_ONLY_A_NOTE = re.compile(
    r"^(?:(?:no|sorry|actually|oh|um|uh)[\s,]+)*(?:(?:the\s+|my\s+)?(?P<what>first\s+name|last\s+name|surname|name)\s*)?"
    r"(?:is\s+|has\s+|it's\s+|its\s+|it\s+has\s+|it\s+is\s+|should\s+be\s+|should\s+have\s+)*(?:with\s+|spelled\s+with\s+)?"
    r"(?:(?P<two>two|2|a\s+double|double)|(?:just\s+|only\s+)?(?:one|1|a\s+single|single))\s+"
    rf"{_LETTER}[\s.!]*$",
    re.IGNORECASE,
)


def _note_alone_applied(m: re.Match[str], words: list[str]) -> str:
    """A note said alone ("the name is with one N") as the word of the name it fixes: the word it names ("first
    name", "last name"), or else the one word of the name it fits ("Anna" of "Anna Lima"; the last when both
    do). Only a doubling note had been read, and "with one N" at the read-back of "Anna Lima" was "I didn't
    quite catch that", then a "yes" saved "Anna Lima"."""
    what = (m.group("what") or "").lower()
    letter = LETTER_NAMES.get(m.group("letter").lower(), m.group("letter").lower())
    double = m.group("two") is not None
    if what.startswith("first") and len(words) > 1:
        places = [0]
    elif what in ("last name", "surname") or double:
        places = [len(words) - 1]
    else:
        places = [len(words) - 1, 0] if len(words) > 1 else [0]
    for at in places:
        if fixed := noted_word(words[at], letter, double=double):
            return f"my {'first' if at == 0 and len(words) > 1 else 'last'} name is {fixed}"
    return ""


def count_notes_applied(text: str, known: str) -> str:
    """``text`` said at the read-back with a note doubling a letter applied to the word it is about: "No,
    Mitchell with two Ls" is "No, Mitchell" (the word heard "Mitchel" put right by the usual reading), "the
    last name has two Ls" alone is "my last name is Mitchell" for Ana Mitchel. Read as words, the note's
    "two" had been a digit: the whole phone number was asked again and the name left as heard. A note that
    does not say plainly where the letter goes is dropped, so it is never a digit nor a name."""
    low = f" {text.lower()} "
    if not any(g in low for g in _GATE):
        return text
    if m := _ONLY_A_NOTE.match(text.strip()):
        return _note_alone_applied(m, known.split())

    def fix(n: re.Match[str]) -> str:
        word, said = n.group("word"), n.group("letter").lower()
        letter = LETTER_NAMES.get(said, said)
        if letter * 2 in word.lower():
            return word  # "Mitchell, double L": the word as said already has it
        return noted_word(word, letter, double=True) or word

    return _WORD_NOTED.sub(fix, text)
