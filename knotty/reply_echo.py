"""A model reply that only says the person's own words back, or speaks as the person.

A small model often answers with the person's last message word for word ("Hallo, ich möchte mich
anmelden. Ich heiße Anna Müller.") or goes on as if it were them ("Hello, my name is Anna Nowak. I'm a
young doctor..."): the person gets their own words, or words put in their mouth, and no question to
answer. Knotty has a name of its own; the person's words are theirs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["echoes_the_person"]

_WORD = re.compile(r"[^\W_]+")
_ECHO_WORDS = 4
"""A reply of at least this many words, all of them a run of the person's last message, is an echo: a
short one ("Anna Müller?") may be a fair check of what was heard."""
_AS_THE_PERSON = re.compile(
    r"""(?ix)\b(?:my\s+name\s+is|ich\s+hei(?:ss|ß)e|mein\s+name\s+ist|nazywam\s+si[eę]|m[aă]\s+numesc|mi\s+chiamo|ik\s+heet
        |mijn\s+naam\s+is|me\s+llamo|je\s+m['’]appelle|meu\s+nome\s+[ée])\s+(?!knotty\b)"""
)
"""A self-introduction that is not Knotty's: the model speaking as the person."""


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def echoes_the_person(text: str, said: Sequence[str]) -> bool:
    """`text` is the person's last message said back (`_ECHO_WORDS` or more of its words in a row and
    nothing else), or introduces itself by a name that is not Knotty's."""
    if _AS_THE_PERSON.search(text):
        return True
    if not said:
        return False
    reply, last = _words(text), _words(said[-1])
    if len(reply) < _ECHO_WORDS:
        return False
    n = len(reply)
    return any(last[i : i + n] == reply for i in range(len(last) - n + 1))
