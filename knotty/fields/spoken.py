"""Spoken forms of digits and letters, shared by the field readers.

A phone line gives us speech-recognition text ("four one five double five
...", "five fifty five", "oh" for zero), and people spell names and e-mail
addresses aloud ("j o h n", "j as in juliet", "jay oh aitch en"). Phone, e-mail
and name understanding all need to turn those words into digits and letters,
so that logic is written once, here. Everything is table lookups over a token
list: no I/O, no regex backtracking, microseconds per call.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "LETTER_NAMES",
    "NATO",
    "UNITS",
    "apply_letter_notes",
    "ascii_digits",
    "is_number_token",
    "read_number",
    "read_spelling",
    "spelled_runs",
    "tokenize",
]

UNITS: dict[str, int] = {
    "zero": 0, "oh": 0, "o": 0, "nought": 0, "naught": 0, "nil": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
"""Words for a single digit. "oh"/"o" are zero only where the caller allows."""

_ZERO_LETTERS = frozenset({"oh", "o"})

_TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip

_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

_REPEATS: dict[str, int] = {"double": 2, "triple": 3, "treble": 3, "quadruple": 4}

LETTER_NAMES: dict[str, str] = {
    "ay": "a", "bee": "b", "be": "b", "cee": "c", "see": "c", "sea": "c",
    "dee": "d", "ee": "e", "ef": "f", "eff": "f", "gee": "g", "jee": "g",
    "aitch": "h", "haitch": "h", "eye": "i", "jay": "j", "kay": "k", "el": "l",
    "ell": "l", "em": "m", "en": "n", "oh": "o", "pee": "p", "pea": "p",
    "cue": "q", "queue": "q", "ar": "r", "are": "r", "es": "s", "ess": "s",
    "tee": "t", "tea": "t", "you": "u", "vee": "v", "ex": "x", "why": "y",
    "wye": "y", "zee": "z", "zed": "z",
}  # fmt: skip
"""How recognisers write a letter said on its own ("jay oh aitch en")."""

NATO: dict[str, str] = {
    "alfa": "a", "alpha": "a", "bravo": "b", "charlie": "c", "delta": "d",
    "echo": "e", "foxtrot": "f", "golf": "g", "hotel": "h", "india": "i",
    "juliet": "j", "juliett": "j", "kilo": "k", "lima": "l", "mike": "m",
    "november": "n", "oscar": "o", "papa": "p", "quebec": "q", "romeo": "r",
    "sierra": "s", "tango": "t", "uniform": "u", "victor": "v",
    "whiskey": "w", "whisky": "w", "xray": "x", "x-ray": "x", "yankee": "y",
    "zulu": "z",
}  # fmt: skip
"""The NATO alphabet. Read as letters only in a run of three or more."""

_AS_IN = frozenset({"as", "for", "like"})
_CAPITAL = frozenset({"capital", "uppercase", "upper", "lowercase", "lower", "small", "big"})

_SENTENCE_DOT_RE = re.compile(r"\.+(?=\s|$)")
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[@.+_\-]")


def tokenize(text: str) -> list[str]:
    """Split text into words, digit groups and the symbols ``@ . + _ -``.

    Case is kept. A full stop that ends a sentence is dropped, while a dot
    inside a token ("gmail.com", "415.555.0100") becomes its own ``.`` token.
    Other punctuation (commas, brackets, quotes) is dropped.
    """
    return _TOKEN_RE.findall(_SENTENCE_DOT_RE.sub(" ", _REPEAT_DASH_RE.sub(" ", _XRAY_RE.sub("xray", text))))


_XRAY_RE = re.compile(r"\bx-ray\b", re.IGNORECASE)
"""NATO's "x-ray" is one word, not "x", a dash and "ray"."""
_REPEAT_DASH_RE = re.compile(
    r"(?<=\b(?:double|triple|treble))-(?=(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|\d)\b)",
    re.IGNORECASE,
)
""""double-one", "triple-five" as a recogniser may write them: the dash is no mark of an address."""


def is_number_token(token: str, *, oh_is_zero: bool = True) -> bool:
    """Whether ``token`` (lower-case) starts or belongs to a spoken number."""
    if token.isdigit() or token in _TEENS or token in _TENS or token in _REPEATS:
        return True
    if token in UNITS:
        return oh_is_zero or token not in _ZERO_LETTERS
    return token in {"hundred", "thousand"}


def ascii_digits(token: str) -> str:
    """A group of digits typed in another script as ASCII ones: "٤١٥" (Arabic-Indic), "۴۱۵" (Persian), "४१५"
    (Devanagari), "４１５" (fullwidth, from an input method), "²" -> "415", "415", "415", "415", "2".

    What is saved, read back and checked against what the person said (`knotty.grounding`) is ASCII: read
    as typed, the number was read back right and then never found in the person's words, so their yes
    was met by "I want to make sure I have your phone number exactly right" until Knotty gave up."""
    return token if token.isascii() else "".join(str(unicodedata.digit(c)) for c in token)


def _unit(token: str, oh_is_zero: bool) -> int | None:
    if token.isdigit() and len(token) == 1:
        return int(ascii_digits(token))  # "²" is a digit that int() alone refuses
    value = UNITS.get(token)
    if value is None or (not oh_is_zero and token in _ZERO_LETTERS):
        return None
    return value


def _below_hundred(tokens: Sequence[str], i: int, oh_is_zero: bool) -> tuple[str, int] | None:
    """Read "seven", "fifteen", "fifty", "fifty five" at ``i`` as digits."""
    token = tokens[i]
    if token in _TEENS:
        return str(_TEENS[token]), i + 1
    if token in _TENS:
        tens = _TENS[token]
        if i + 1 < len(tokens):
            unit = UNITS.get(tokens[i + 1])
            if unit:  # "fifty five"; never "fifty oh" (that is "50", "0")
                return str(tens + unit), i + 2
        return str(tens), i + 1
    unit = _unit(token, oh_is_zero)
    if unit is None:
        return None
    return str(unit), i + 1


def _tail(tokens: Sequence[str], i: int, oh_is_zero: bool, *, hundreds: bool) -> tuple[int, int]:
    """Read what may follow "hundred"/"thousand": "and fifty five", "five hundred"."""
    n = len(tokens)
    j = i + 1 if i < n and tokens[i] == "and" else i
    if j >= n:
        return 0, i
    read = _below_hundred(tokens, j, oh_is_zero)
    if read is None:
        return 0, i
    digits, k = read
    value = int(digits)
    if hundreds and k < n and tokens[k] == "hundred" and 0 < value < 10:
        rest, k = _tail(tokens, k + 1, oh_is_zero, hundreds=False)
        return value * 100 + rest, k
    if len(digits) == 1 and j == i and k < n and _unit(tokens[k], oh_is_zero) is not None:
        # "eight hundred five five five ..." is "800", "5", "5", "5", not "805".
        return 0, i
    return value, k


def read_number(tokens: Sequence[str], i: int, *, oh_is_zero: bool = True) -> tuple[str, int] | None:
    """Read the spoken or written number starting at ``tokens[i]``.

    Tokens must be lower-case. Returns the digits, as a string so leading
    zeros survive, and the index after the number; or None when ``tokens[i]``
    does not start a number. Phone-style speech is read digit group by digit
    group: "four fifteen" is "415", "five fifty five" is "5" then "55",
    "double five" is "55", "zero one hundred" is "0" then "100", "twenty one"
    is "21", "fifteen hundred" is "1500".

    Args:
        tokens: Lower-case tokens, as from :func:`tokenize`.
        i: Where to start reading.
        oh_is_zero: Whether "oh" and "o" count as zero (not when spelling).
    """
    token = tokens[i]
    if token.isdigit():
        return ascii_digits(token), i + 1
    n = len(tokens)
    if token in _REPEATS:
        if i + 1 < n:
            unit = _unit(tokens[i + 1], oh_is_zero)
            if unit is not None:
                return str(unit) * _REPEATS[token], i + 2
        return None
    read = _below_hundred(tokens, i, oh_is_zero)
    if read is None:
        return None
    digits, j = read
    value = int(digits)
    if j < n and tokens[j] == "hundred" and value > 0:
        rest, j = _tail(tokens, j + 1, oh_is_zero, hundreds=False)
        return str(value * 100 + rest), j
    if j < n and tokens[j] == "thousand" and 0 < value < 100:
        rest, j = _tail(tokens, j + 1, oh_is_zero, hundreds=True)
        return str(value * 1000 + rest), j
    return digits, j


def _letter(token: str) -> str | None:
    """A single letter written as a letter ("j", "J"); a Chinese character, a kana or a Hangul syllable is a
    word, never a letter spelled ("舞 林" had been read as the spelling 舞林, and its given name asked for)."""
    if len(token) == 1 and token.isalpha() and not _SYLLABIC_FROM <= ord(token) <= _SYLLABIC_TO:
        return token.lower()
    return None


_SYLLABIC_FROM, _SYLLABIC_TO = 0x3040, 0xFAFF
"""Kana, CJK ideographs and Hangul syllables (with the blocks between them, none of them letters of an alphabet)."""


def _cue_end(tokens: Sequence[str], j: int, letter: str, *, named: bool) -> int | None:
    """Where "as in juliet" after the letter at ``tokens[j]`` ends, if it names that letter.

    A letter heard as a word ("tea", "see") takes only "as in", the cue people say on a phone line. A
    small recogniser writes "as in" as "and in" ("h and in hotel"): with "in" and the letter's word after
    it, that is the same cue.
    """
    n = len(tokens)
    cue = tokens[j + 1].lower() if j + 1 < n else ""
    if cue == "and" and j + 3 < n and tokens[j + 2].lower() == "in":
        cue = "as"
    if j + 2 >= n or cue not in _AS_IN or (named and cue != "as"):
        return None
    k = j + 2
    if cue == "as" and tokens[k].lower() == "in" and k + 1 < n:
        k += 1
    elif named:
        return None
    word = tokens[k].lower()
    return k + 1 if word.startswith(letter) and tokens[k].isalpha() else None


def read_spelling(tokens: Sequence[str], i: int) -> tuple[str, int] | None:
    """Read letters spelled out from ``tokens[i]``: "j o h n", "j as in juliet".

    Understands single letters, "X as in Word" / "X for Word" / "X like Word",
    "double l", "capital J", letter names from recognisers ("jay oh aitch
    en") and runs of three or more NATO words ("juliet oscar hotel"). Hyphens
    between letters ("j-o-h-n") are skipped.

    Returns the lower-case letters and the index after them, or None unless
    the run is convincingly a spelling: at least two letters, and either one
    of them written as a bare letter or at least three of them; or a single
    letter named with its word ("c as in charlie").
    """
    n = len(tokens)
    letters: list[str] = []
    strong = False
    cued = False
    j = i
    while j < n:
        low = tokens[j].lower()
        if low == "-" and letters and j + 1 < n and _letter(tokens[j + 1]):
            j += 1
            continue
        if low in _CAPITAL and j + 1 < n and _letter(tokens[j + 1]):
            j += 1
            continue
        if low == "double" and j + 1 < n:
            nxt = tokens[j + 1].lower()
            if nxt in {"u", "you"}:
                letters.append("w")
                strong = True
                j += 2
                continue
            letter = _letter(nxt) or LETTER_NAMES.get(nxt)
            if letter:
                letters += [letter, letter]
                strong = True
                j += 2
                continue
            break
        bare = _letter(low)
        letter = bare or LETTER_NAMES.get(low)
        if letter:
            letters.append(letter)
            strong = strong or bare is not None
            # "j as in juliet", "j for john", "j like jack"; a recogniser's "tea as in tango" too
            if (cue := _cue_end(tokens, j, letter, named=bare is None)) is not None:
                cued = strong = True
                j = cue
                continue
            j += 1
            continue
        if low in NATO:
            run_end = j
            while run_end < n and tokens[run_end].lower() in NATO:
                run_end += 1
            if run_end - j >= 3:
                letters += [NATO[t.lower()] for t in tokens[j:run_end]]
                strong = True
                j = run_end
                continue
        break
    if len(letters) == 1 and cued:
        return letters[0], j  # "c as in charlie" on its own, as after a dot in an address
    if len(letters) < 2 or not (strong or len(letters) >= 3):
        return None
    return "".join(letters), j


def spelled_runs(text: str) -> set[str]:
    """Words spelled letter by letter anywhere in `text` ("smyth, s m i t h" gives "smith").

    A word with an apostrophe ("that's") is one token, so its last letter never starts a run. Spellings a
    comma parts ("A-N-N-A, S-M-Y-T-H", as a recogniser writes a first name and a surname spelled) are each
    a run too, besides the two run together ("S, M, I, T, H" parts nothing: its pieces are single letters).
    """
    runs = _runs(text)
    if runs and "," in text:
        for piece in text.split(","):
            runs |= _runs(piece)
    return runs


def _runs(text: str) -> set[str]:
    """`spelled_runs` of `text` as one stretch."""
    runs: set[str] = set()
    letters: list[str] = []
    tokens = [*re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text.lower()), ""]
    for k, token in enumerate(tokens):
        if len(token) == 1:
            letters.append(token)
            continue
        if token in LETTER_NAMES and (letters or all(len(t) == 1 for t in tokens[k + 1 : k + 3])):
            letters.append(LETTER_NAMES[token])  # "o r tea i z": a letter the recogniser wrote as a word
            continue
        if len(letters) >= 2:
            runs.add("".join(letters))
        letters = []
    return runs


_NOTE_LETTER = r"(?P<letter>[a-z]|aitch|haitch|en|el|ell|ess|es|ee)(?:'s|s)?"
_LETTER_NOTE = re.compile(
    r"\b(?P<word>[^\W\d_]{2,})[\s,]+(?:"
    r"(?:with|w)\s+(?:just\s+|only\s+)?(?P<one>one|1|a\s+single|single)\s+"
    r"|(?P<without>without|with\s+no|minus)\s+(?!a\s+\w\w)(?:the\s+|an?\s+)?"
    rf"){_NOTE_LETTER}(?![\w'])",
    re.IGNORECASE,
)
"""A word followed by a note on its letters: "ana with one n", "jon without the h". Not "with two l's": that
may count the letters of the word as said ("Maria with two a's"), so it is left to be read as before."""


def _noted(word: str, letter: str, note: str) -> str:
    """``word`` as the note describes it, or as said when it already fits ("jon without the h")."""
    low = word.lower()
    double = letter * 2
    if note == "one" and double in low:
        at = low.index(double)
        return word[:at] + word[at + 1 :]
    if note == "without" and letter in low:
        at = low.rindex(letter)
        return word[:at] + word[at + 1 :]
    return word


def apply_letter_notes(text: str) -> str:
    """Apply what people say about a word's letters to the word, and drop the note: "ana with one n at gmail
    dot com" is ana@gmail.com (not "1n@"), "jon without the h" is Jon, "alison with one l" stays Alison.
    A recogniser writes the word as it sounds ("anna", "john"), so the note is what tells the spelling;
    read as words, the note's "one" became a digit of the address and its letter part of it."""

    def fix(m: re.Match[str]) -> str:
        letter = LETTER_NAMES.get(m.group("letter").lower(), m.group("letter").lower())
        note = "one" if m.group("one") else "without"
        return _noted(m.group("word"), letter, note)

    return _LETTER_NOTE.sub(fix, text)
