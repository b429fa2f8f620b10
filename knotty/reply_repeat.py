"""Whether a model's reply says again, word for word, a line Knotty already sent in this conversation.

A small model stuck on one line sends it at every turn: SmolLM2-135M, answered in Indonesian, Tagalog
or Vietnamese, said "Hello, this is Knotty with MasseurMatch. ... What's your full name?" five to seven
times in a row while the person gave their name, number, email and role. The offline brain's view of
the fields moved at each of those turns (the person's words are read), so the watch never saw a stall,
and the person met the same line until they gave up. A reply said before is a lost model turn: the
offline brain answers it, and three of them hand it the conversation (`knotty.watch`).

A streamed reply (ConversationRelay) is heard as it is written, so it cannot be refused once whole:
`MaySayAgain` tells the streaming brain to hold its words while they are still the start of a line sent
before, and `says_again` refuses it at its end, before any of it was heard.
"""

from __future__ import annotations

from collections.abc import Sequence

from knotty.brains.base import ChatLine

__all__ = ["MaySayAgain", "says_again"]

_NEAR = 8
"""Lines whose lengths differ by more than this many characters are not compared (most of them)."""


def _key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def says_again(text: str, history: Sequence[ChatLine]) -> bool:
    """`text` is, but for case, spaces and marks, a line Knotty sent earlier in `history`."""
    key = ""
    for line in history:
        if line.role != "assistant" or not line.content or abs(len(line.content) - len(text)) > _NEAR:
            continue
        key = key or _key(text)
        if key and _key(line.content) == key:
            return True
    return False


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
