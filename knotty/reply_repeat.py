"""Whether a model's reply says again, word for word, a line Knotty already sent in this conversation.

A small model stuck on one line sends it at every turn: SmolLM2-135M, answered in Indonesian, Tagalog
or Vietnamese, said "Hello, this is Knotty with MasseurMatch. ... What's your full name?" five to seven
times in a row while the person gave their name, number, email and role. The offline brain's view of
the fields moved at each of those turns (the person's words are read), so the watch never saw a stall,
and the person met the same line until they gave up. A reply said before is a lost model turn: the
offline brain answers it, and three of them hand it the conversation (`knotty.watch`).

A line said again with a word changed is the same lost turn ("I'm glad to hear that" then "I'm happy to
hear that", the same question after it): `says_again` refuses it too when it asks what the earlier line
asked (`infer_asking`). A changed word that is a number, or a read-back (its details may be the ones
corrected), is news, never a repeat.

A streamed reply (ConversationRelay) is heard as it is written, so it cannot be refused once whole:
`MaySayAgain` tells the streaming brain to hold its words while they are still the start of a line sent
before, and `says_again` refuses it at its end, before any of it was heard; a near repeat is refused
there only when none of it was let out.
"""

from __future__ import annotations

from collections.abc import Sequence

from knotty.brains.base import ChatLine
from knotty.brains.scripted.transcript import infer_asking

__all__ = ["MaySayAgain", "says_again"]

_NEAR = 16
"""Lines whose lengths differ by more than this many characters are not compared (most of them)."""
_NEAR_WORDS = 5
"""A line of fewer words than this is not held to be said again with a word changed ("What's your email,
please?" after "What's your email?" is; "Thanks! And your role?" after "Thanks! And your email?" is not)."""


def _key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def says_again(text: str, history: Sequence[ChatLine], *, near: bool = True) -> bool:
    """`text` is, but for case, spaces and marks, a line Knotty sent earlier in `history`, or (`near`)
    that line with one word changed, added or left out, asking the same (`_one_word_apart`)."""
    key = ""
    for line in history:
        if line.role != "assistant" or not line.content or abs(len(line.content) - len(text)) > _NEAR:
            continue
        key = key or _key(text)
        if not key:
            return False
        earlier = _key(line.content)
        if earlier == key or (
            _one_word_apart(key.split(), earlier.split()) and _asks_the_same(text, line.content)
        ):
            return True
    return False


def _one_word_apart(a: list[str], b: list[str]) -> bool:
    """The word lists differ by one word (changed, added or left out), not a number, and are long enough."""
    if min(len(a), len(b)) < _NEAR_WORDS or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    changed = [*a[start : len(a) - end], *b[start : len(b) - end]]
    return (
        len(a) - start - end <= 1
        and len(b) - start - end <= 1
        and not any(c.isdigit() for word in changed for c in word)
    )


def _asks_the_same(text: str, earlier: str) -> bool:
    """Both lines ask for the same thing, and it is not the read-back (whose details may have changed)."""
    asked = infer_asking(text)
    return asked != "confirm" and asked == infer_asking(earlier)


class MaySayAgain:
    """The earlier lines a reply being streamed may still turn out to repeat, narrowed as it grows.

    Once its words left every earlier line behind, it costs nothing more for the rest of the reply."""

    __slots__ = ("_keys",)

    def __init__(self, history: Sequence[ChatLine]) -> None:
        self._keys = [_key(line.content) for line in history if line.role == "assistant" and line.content]

    def still(self, text: str) -> bool:
        """`text` (the reply so far) is, but for case, spaces and marks, the start of an earlier line."""
        if not self._keys:
            return False
        key = _key(text)
        self._keys = [k for k in self._keys if k.startswith(key)]
        return bool(self._keys)
