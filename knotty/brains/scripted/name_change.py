"""A name said changed at the read-back: which word is new ("married now, Lynn", "Anna now") and which word of
the name read back it replaces.

At the read-back of "Ana Lima", "it's Anna now" had dropped the name and asked for a last name (Anna taken
for a first name alone), and "married now, Lynn", "married name Lynn" or "Jones now" were not understood (the
read-back asked again, and a "yes" saved the old name). A marriage or divorce changes the surname; a new word
like the first name ("Anna" for "Ana") or a given name that is nobody's surname ("Maria") changes the first.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._lone_given_names import LONE_GIVEN_NAMES
from knotty.fields._name_reading import folded
from knotty.fields._name_words import NOT_NAMES, SENTENCE_WORDS

__all__ = ["GOES_BY", "MARRIED", "changed_word", "name_after_the_change", "name_word_changed"]

MARRIED = re.compile(
    r"\b(?:married|remarried|marriage|divorced?|maiden|wedding|husband|wife)\b", re.IGNORECASE
)
"""Words that say the surname changed: a marriage or a divorce changes no one's first name."""
GOES_BY = re.compile(r"\b(?:go(?:es)?\s+by|call\s+me|prefer)\b", re.IGNORECASE)
"""Words that say the name a person uses now ("I go by Maria"): a first name, never a surname."""

_CHANGE_WORDS = frozenset(
    """
    i i'm im i’m am got just recently newly since so and now anymore any more married remarried divorced maiden
    wedding marriage divorce husband husband's wife wife's took his her their name name's name’s names is it
    it's it’s its my new changed change to after the a was go goes by call me please
    """.split()  # noqa: SIM905 - one word a word, easier to read
)
"""The words around a changed name that are no part of it ("i got married, it's now ...", "married name ...")."""
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LIKE = 0.75
"""How alike a new word must be to a word of the name read back to be that word put right ("Anna" for "Ana",
0.86; "Alba" for "Ana", 0.57, is another name)."""
_LONGER = 2
"""How many letters a word put right may add or drop ("Ana" to "Anna"), not another name ("Anastasia")."""


def changed_word(text: str) -> str | None:
    """The one word left of a message about a changed name once the words of the change are taken out
    and everyday words ("married now, Lynn": Lynn; "Anna now": Anna; "Barnes until the divorce is final":
    Barnes), or None when no word, or more than one, is left."""
    words: list[str] = _WORD.findall(text)
    left = [w for w in words if w.lower() not in _CHANGE_WORDS and not _everyday(folded(w))]
    if len(left) != 1 or len(left) == len(words) or len(left[0]) < 2:
        return None
    return left[0][:1].upper() + left[0][1:]


def _everyday(low: str) -> bool:
    """An everyday word, nobody's name ("until the divorce is final")."""
    return low in COMMON_WORDS or low in NOT_NAMES or low in SENTENCE_WORDS


def name_word_changed(word: str, known: str, text: str, *, changing: bool) -> str | None:
    """The full name ``known`` with ``word``, said at its read-back, in place of the word it changes, or None:
    never with a marriage word (read as a surname elsewhere), nor a word of the name already. A word like one
    word of the name, most like it ("Anna" for "Ana", "Lyma" for "Lima"), is that word put right; a given name
    that is nobody's surname, said as a change (``changing``: "it's Maria now", "I go by Maria"), is the new
    first name."""
    if MARRIED.search(text):
        return None
    said, words = folded(word), known.split()
    plain = [folded(w) for w in words]
    if said in plain or len(words) < 2:
        return None
    likeness = [SequenceMatcher(None, said, w).ratio() for w in plain]
    best = max(range(len(words)), key=likeness.__getitem__)
    if likeness[best] >= _LIKE and abs(len(said) - len(plain[best])) <= _LONGER:
        return " ".join([*words[:best], word, *words[best + 1 :]])
    if changing and said in LONE_GIVEN_NAMES:
        return " ".join([word, *words[1:]])
    return None


_CHANGED_TO = re.compile(
    r"(?:\bto|\bnow|\bwrong|\bis|[,:;—–])\s+(?P<tail>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})\s*[.!]?\s*$",
    re.IGNORECASE,
)


def name_after_the_change(text: str) -> str | None:
    """The words of a name that end a message saying the name changed or is wrong, after "to", "now", "wrong"
    or a mark ("changed my name to Ana Lynn", "name's wrong, Anna Lima", "now Ana Lynn": at the read-back
    those had asked for the whole name again, the name given with them dropped); None when any of them is an
    everyday word ("changed it to the right one")."""
    found = _CHANGED_TO.search(text)
    if found is None:
        return None
    words = found.group("tail").split()
    if any(_everyday(folded(w)) or w.lower() in _CHANGE_WORDS for w in words):
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)
