"""A text-level model of what a phone line's speech recogniser does to what a caller says.

The corpus' spoken styles are what a *good* recogniser hands over. A small one on an 8 kHz line
does worse, in ways that are not random and that people who run phone lines know well:

- homophones: "four" written "for", "two" as "to" or "too", "one" as "won", "eight" as "ate";
- letters heard as words: "c" as "see", "u" as "you", "r" as "are", "y" as "why", "b" as "be",
  "t" as "tea" (and "i" as "eye", "o" as "oh", "j" as "jay"...);
- "at" and "dot" turned into "@" and "." or dropped;
- digits grouped into numerals ("four one five" as "415"), repeated ("4155") or lost;
- a surname it does not know written as one it does ("lima" as "leema"), every time it is said;
- an address cut in two at a pause before or after its "at": the rest arrives as the next utterance.

`NoisyLine(seed, level)` applies these with probabilities scaled by `level` (0 is a clean line, 1 the
modelled noisy line, more is worse). Same seed, same line, same mistakes. A caller who speaks
carefully (`careful=True`: spelling, digits said slowly) halves the chance of each mistake.

    line = NoisyLine(seed=3, level=1.0, surname="lima")
    line.hear("four one five five five five zero one zero zero")  # "415 555 0100" or "for one 5..."
"""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Protocol

from tests.corpus.people import _mishear

__all__ = ["DIGIT_WORDS", "LETTER_WORDS", "Hears", "Line", "NoisyLine", "Rates"]

DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
               "six": "6", "seven": "7", "eight": "8", "nine": "9"}  # fmt: skip
HOMOPHONES = {"four": ("for",), "for": ("four",), "two": ("to", "too"), "to": ("two",), "one": ("won",),
              "eight": ("ate",), "too": ("two",)}  # fmt: skip
LETTER_WORDS = {"c": "see", "u": "you", "r": "are", "y": "why", "b": "be", "t": "tea", "i": "eye", "o": "oh",
                "j": "jay", "g": "gee", "p": "pee", "q": "queue", "x": "ex", "k": "kay"}  # fmt: skip
_WORD = re.compile(r"\S+")
_EDGE = re.compile(r"^([^\w@.]*)(.*?)([^\w@]*)$")


class Hears(Protocol):
    """A call's line and recogniser: what they hand over for what was said. A real recogniser is slow,
    so it may answer with a coroutine. `hints` are the question's `<Gather hints>` (what Knotty told
    Twilio's recogniser to expect); a real recogniser is biased by them, the text-level model is not."""

    def hear(self, said: str, *, careful: bool = False, hints: str = "") -> str | Awaitable[str]: ...


class Line:
    """A clean line: the recogniser writes exactly what was said."""

    def hear(self, said: str, *, careful: bool = False, hints: str = "") -> str:
        """What the recogniser hands over for `said`."""
        return said


@dataclass(frozen=True)
class Rates:
    """How often each mistake happens at level 1 (per word, digit or letter where it can happen)."""

    homophone: float = 0.3
    letter_as_word: float = 0.4
    symbol: float = 0.3
    """"at" written "@", "dot" written "."."""
    dropped_symbol: float = 0.06
    """"at" or "dot" not written at all."""
    grouped: float = 0.5
    """A run of spoken digits written as numerals."""
    lost_digit: float = 0.03
    repeated_digit: float = 0.03
    misheard_surname: float = 0.3
    """Per call: whether this line writes the caller's surname as another word (then always)."""
    cut_address: float = 0.15
    """An address said in one breath handed over in two utterances, cut at its "at"."""


@dataclass
class NoisyLine(Line):
    """A recogniser on a bad line, seeded; `level` scales every rate in `rates`."""

    seed: int
    level: float = 1.0
    surname: str | None = None
    """The caller's surname as the corpus says it (lower case, no accents), for the line to mishear."""
    rates: Rates = field(default_factory=Rates)
    rng: random.Random = field(init=False)
    misheard: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        simple = self.surname is not None and self.surname.isalpha()
        if simple and self.rng.random() < self.rates.misheard_surname * self.level:
            self.misheard = _mishear(self.surname or "")

    def _chance(self, rate: float, careful: bool) -> bool:
        p = rate * self.level * (0.5 if careful else 1.0)
        return p > 0 and self.rng.random() < p

    def hear(self, said: str, *, careful: bool = False, hints: str = "") -> str:
        if self.level <= 0 or not said:
            return said
        words = _WORD.findall(said)
        out: list[str] = []
        i = 0
        while i < len(words):
            run = _digit_run(words, i)
            if run:
                out.extend(self._digits(words[i : i + run], careful))
                i += run
                continue
            out.append(self._word(words[i], careful))
            i += 1
        return _glue(" ".join(w for w in out if w))

    def cut(self, said: str, *, careful: bool = False) -> tuple[str, str] | None:
        """Where the recogniser's end-of-speech cuts an address said in one breath: ("jane dot doe at",
        "gmail dot com") or ("jane dot doe", "at gmail dot com"); None when it does not."""
        at = said.rfind(" at ")
        if (
            self.level <= 0
            or at < 0
            or " dot " not in said[at:]
            or not self._chance(self.rates.cut_address, careful)
        ):
            return None
        split = at + 3 if self.rng.random() < 0.5 else at
        return said[:split].strip(), said[split:].strip()

    def _word(self, word: str, careful: bool) -> str:
        edges = _EDGE.match(word)
        assert edges is not None, "the pattern matches every word"
        lead, core, tail = edges.groups()
        low = core.lower()
        if self.misheard and low == self.surname:
            core = self.misheard
        elif low in ("at", "dot"):
            if self._chance(self.rates.dropped_symbol, careful):
                return lead.strip() + tail.strip()
            if self._chance(self.rates.symbol, careful):
                core = "@" if low == "at" else "."
        elif low in LETTER_WORDS and len(low) == 1 and self._chance(self.rates.letter_as_word, careful):
            core = LETTER_WORDS[low]
        elif low in HOMOPHONES and self._chance(self.rates.homophone, careful):
            core = self.rng.choice(HOMOPHONES[low])
        return f"{lead}{core}{tail}"

    def _digits(self, run: list[str], careful: bool) -> list[str]:
        """A run of spoken digits ("four one five, five five five"), as the recogniser writes it."""
        groups: list[list[str]] = [[]]
        for word in run:
            core = word.strip(",.").lower()
            digits = DIGIT_WORDS.get(core, core)
            if core == "double":
                groups[-1].append("double")
                continue
            said = list(digits) if digits.isdigit() else [core]  # "415" said as a numeral: three digits
            if groups[-1] and groups[-1][-1] == "double":
                groups[-1][-1:] = [said[0], *said]
            else:
                groups[-1].extend(said)
            if word.endswith(","):
                groups.append([])
        grouped = self._chance(self.rates.grouped, careful)
        written: list[str] = []
        for group in (g for g in groups if g):
            kept: list[str] = []
            for d in group:
                if self._chance(self.rates.lost_digit, careful):
                    continue
                kept.append(d)
                if self._chance(self.rates.repeated_digit, careful):
                    kept.append(d)
            if grouped:
                written.append("".join(kept))
            else:
                written.extend(self._spoken_digit(d, careful) for d in kept)
        return written

    def _spoken_digit(self, digit: str, careful: bool) -> str:
        word = {v: k for k, v in DIGIT_WORDS.items() if k != "oh"}.get(digit, digit)
        if word in HOMOPHONES and self._chance(self.rates.homophone, careful):
            return self.rng.choice(HOMOPHONES[word])
        return word


def _digit_run(words: list[str], start: int) -> int:
    """How many words from `start` are digits said one by one (words, numerals, "double", "oh")."""
    n = 0
    while start + n < len(words):
        core = words[start + n].strip(",.").lower()
        if core in DIGIT_WORDS or core == "double" or (core.isdigit() and core):
            n += 1
            continue
        break
    # A lone "one" or "oh" ("one more thing", "oh sorry") is a word, not a number.
    return n if n >= 2 else 0


def _glue(text: str) -> str:
    """Symbols the recogniser wrote stick to their neighbours: "ana . lima @ gmail . com" -> "ana.lima@gmail.com"."""
    return re.sub(r"(?:^|\s+)([@.])(?:\s+|$)", r"\1", text)
