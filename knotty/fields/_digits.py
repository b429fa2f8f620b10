"""Find the runs of digits in an utterance, written or spoken.

People give a phone number in pieces: "415, 555, 0100", "four one five five
five five ...", "415 five five five 0100", "uh, four one five ... five five
five". This module turns an utterance into *runs*: the digit groups that were
said together, with nothing but pauses, punctuation, "dash" or fillers
between them. A run that followed "+" or "plus" is marked, since it carries a
country code. Choosing which run (or part of one) is the phone number is left
to :mod:`knotty.fields.phone`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knotty.fields.spoken import is_number_token, read_number, tokenize

__all__ = ["DigitRun", "digit_runs"]

_PLUS = frozenset({"+", "plus"})

_JOINERS = frozenset({
    "-", ".", "_", "and", "then", "uh", "um", "umm", "er", "erm", "ah", "hmm",
    "dash", "hyphen", "space", "comma", "dot", "point", "like",
})  # fmt: skip
"""Words that may sit between digit groups of one number."""

_HOMOPHONES = {"to": "2", "too": "2", "for": "4", "fore": "4", "won": "1", "ate": "8"}
"""Recogniser mishearings of digits, trusted between two digits (and at a number's edge when `loose`)."""
_LEADS = frozenset({
    "is", "it's", "its", "um", "uh", "umm", "er", "erm", "so", "sure", "yeah", "yes", "ok", "okay", "oh",
    "well", "number", "that's", "thats", "s",
})  # fmt: skip
"""Words after which a homophone starting a digit run is the number's first digit ("it's to zero one ...")."""
_OHS = frozenset({"oh", "o"})
"""Zero's letter names: digits only beside another digit ("five five five oh one"), never in a run alone."""


@dataclass(slots=True)
class DigitRun:
    """Digit groups said together, in order."""

    chunks: list[str] = field(default_factory=list)
    """Each group's digits, e.g. ``["415", "555", "0100"]`` or ``["4", "1", "5"]``."""
    plus: bool = False
    """Whether the run came right after "+" or "plus" (an international number)."""
    only_oh: bool = True
    """Whether every digit of the run was an "oh" ("oh, oh, oh"): a caller's exclamation, or the letter o
    a recogniser heard again and again in a spelled name, never a number's zeros."""

    @property
    def digits(self) -> str:
        """All the run's digits, joined."""
        return "".join(self.chunks)


def _edge_homophone(tokens: list[str], i: int, current: DigitRun | None) -> bool:
    """A homophone at a number's edge: last after digits ("... seven three too"), or first before digits
    where the number starts ("to zero one ...", "it's to zero one ..."), never mid-sentence ("change it to")."""
    n = len(tokens)
    if current is not None and current.chunks:
        return True
    follows = i + 1 < n and is_number_token(tokens[i + 1]) and tokens[i + 1] not in ("oh", "o")
    return follows and (i == 0 or tokens[i - 1] in _LEADS)


def digit_runs(text: str, *, loose: bool = False) -> list[DigitRun]:
    """Split ``text`` into its runs of digits (see the module docstring).

    Args:
        text: What the person said or typed.
        loose: Read a homophone at a number's edge as a digit too ("to zero one ... three too"). A second
            reading, for when the strict one makes no phone number.
    """
    tokens = [t.lower() for t in tokenize(text)]
    n = len(tokens)
    runs: list[DigitRun] = []
    current: DigitRun | None = None
    i = 0
    while i < n:
        token = tokens[i]
        if token in _PLUS:
            if current is not None and current.chunks:
                runs.append(current)
            current = DigitRun(plus=True)
            i += 1
            continue
        read = read_number(tokens, i)
        if read is None and token in _HOMOPHONES:
            between = current is not None and current.chunks and i + 1 < n and is_number_token(tokens[i + 1])
            if between or (loose and _edge_homophone(tokens, i, current)):
                read = _HOMOPHONES[token], i + 1
        if read is not None:
            if current is None:
                current = DigitRun()
            current.chunks.append(read[0])
            current.only_oh = current.only_oh and token in _OHS
            i = read[1]
            continue
        if current is not None and token in _JOINERS:
            i += 1
            continue
        if current is not None and current.chunks and not current.only_oh:
            runs.append(current)
        current = None
        i += 1
    if current is not None and current.chunks and not current.only_oh:
        runs.append(current)
    return runs
