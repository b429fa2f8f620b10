"""People's names: check a given one, and tell a full name from a first name.

A name is kept as the person gave it when they typed it with care ("DeShawn
McDonald"), and given sensible capitals when they did not ("ana lima", "ANA
LIMA", a recogniser's lower-case output). We refuse what is plainly not a
name (digits, an e-mail address, "um", "yes") but are generous otherwise:
real names have hyphens, apostrophes, accents and particles.
"""

from __future__ import annotations

import re
import unicodedata

from knotty.fields._name_words import FILLERS, NOT_NAMES, PARTICLES
from knotty.fields.errors import FieldError
from knotty.fields.spoken import read_spelling
from knotty.fields.spoken import tokenize as spoken_tokens

__all__ = ["extract_name", "extract_name_spelling", "is_full_name", "normalize_name"]

_MAX_LENGTH = 100
_NAME_PUNCTUATION = frozenset("-'. ")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_STRIP = " \t,;:!?\"()[]"
_INITIAL_RE = re.compile(r"(?:^|\s)\w\.$")


def _capitalize_piece(piece: str) -> str:
    """Capitalise one hyphen-free piece: "o'neil" -> "O'Neil", "mcdonald" -> "McDonald"."""
    if not piece:
        return piece
    if "'" in piece:
        head, _, tail = piece.partition("'")
        # "o'neil", "d'angelo" take a capital after the apostrophe; "'s" does not.
        tail = _capitalize_piece(tail) if len(tail) > 1 else tail
        return _capitalize_piece(head) + "'" + tail
    if piece.startswith("mc") and len(piece) > 3:
        return "Mc" + piece[2].upper() + piece[3:]
    return piece[0].upper() + piece[1:]


def _capitalize_part(part: str, first: bool) -> str:
    """Capitalise one space-free, lower-case part of a name."""
    if not first and part in PARTICLES:
        return part
    return "-".join(_capitalize_piece(piece) for piece in part.split("-"))


def _recase(parts: list[str]) -> list[str]:
    """Give capitals to a name typed or transcribed without care."""
    letters = "".join(parts)
    if letters == letters.lower() or letters == letters.upper():
        return [_capitalize_part(p.lower(), i == 0) for i, p in enumerate(parts)]
    # Mixed case: keep what the person chose, but lift parts left all lower-case.
    return [
        _capitalize_part(p, i == 0) if p == p.lower() else p for i, p in enumerate(parts)
    ]


def normalize_name(raw: str) -> str:
    """Check a name given on its own and return it tidied.

    Strips and collapses spaces, and capitalises a name given all lower-case
    or all upper-case ("mary-jane o'neil" -> "Mary-Jane O'Neil"); mixed case
    is kept. A first name alone is accepted: see :func:`is_full_name`.

    Raises:
        FieldError: The value is empty, too long, has digits or symbols, or
            is not plausibly a name ("um", "yes", a single letter).
    """
    text = unicodedata.normalize("NFC", raw).translate(_APOSTROPHES)
    text = " ".join(text.split()).strip(_STRIP)
    if text.endswith(".") and not _INITIAL_RE.search(text):
        text = text.rstrip(".").rstrip(_STRIP)
    if not text:
        raise FieldError("full_name", "I didn't catch a name")
    if len(text) > _MAX_LENGTH:
        raise FieldError("full_name", "that name is longer than I can take")
    if "@" in text:
        raise FieldError("full_name", "that looks like an email address rather than a name")
    if any(c.isdigit() for c in text):
        raise FieldError("full_name", "a name shouldn't have numbers in it")
    if any(not (c.isalpha() or c in _NAME_PUNCTUATION or unicodedata.combining(c)) for c in text):
        raise FieldError("full_name", "that name has a character I can't use")
    parts = [p for p in text.split(" ") if any(c.isalpha() for c in p)]
    if sum(c.isalpha() for c in text) < 2:
        raise FieldError("full_name", "that seems too short to be a name")
    if all(p.lower().strip(".-'") in NOT_NAMES for p in parts):
        raise FieldError("full_name", "that doesn't sound like a name")
    return " ".join(_recase(parts))


def is_full_name(name: str) -> bool:
    """Whether ``name`` has a first name and a surname, not just one of them.

    "Ana Lima", "Ana da Silva" and "J. R. Smith" are full names; "Ana",
    "Ana L." and "Ana da" are not.
    """
    parts = [p for p in name.split() if any(c.isalpha() for c in p)]
    if len(parts) < 2:
        return False
    last = parts[-1]
    if last.lower() in PARTICLES:
        return False
    return sum(c.isalpha() for c in last) >= 2


_WORD_RE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*|\d+|[^\w\s]")
_HYPHEN_SPELLED_RE = re.compile(r"^(?:[^\W\d_]-)+[^\W\d_]$")
_PAUSES = frozenset(",;:")
_ENDS = frozenset(".!?")


def _tokens(text: str) -> tuple[list[str], set[int]]:
    """Words, digits and symbols of ``text``, and which tokens follow a pause (a comma).

    Pause marks are dropped from the list, so spellings read across them
    ("L as in Lima, I, M, A"); sentence ends are kept as "." so a name stops
    there. A dot after a single letter ("J. R. Smith") marks an initial.
    """
    tokens: list[str] = []
    pauses: set[int] = set()
    for token in _WORD_RE.findall(text):
        if token in _PAUSES:
            pauses.add(len(tokens))
        elif token in _ENDS:
            if token == "." and tokens and len(tokens[-1]) == 1 and tokens[-1].isalpha():
                tokens[-1] += "."  # an initial, kept whole so it is not read as spelling
            else:
                tokens.append(".")
        elif _HYPHEN_SPELLED_RE.match(token):
            tokens.extend(token.split("-"))
        elif token not in {"'", '"', "(", ")"}:
            tokens.append(token)
    return tokens, pauses


def _cues(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in phrases)


_FIRST_CUES = _cues("my first name is", "first name is", "my first name's", "first name's")
_LAST_CUES = _cues(
    "my last name is", "last name is", "my last name's", "last name's", "my surname is",
    "surname is", "my family name is", "family name is",
)  # fmt: skip
_STRONG_CUES = _cues(
    "my full name is", "full name is", "my full name's", "my name is", "my name's", "my names",
    "the name is", "the name's", "name is", "name's", "you can call me", "call me", "i go by",
    "people call me", "everyone calls me", "they call me", "name",
)  # fmt: skip
_WEAK_CUES = _cues("i'm", "i am", "im", "this is", "it's", "it is", "its", "this's")
_SPELLING_CUES = _cues(
    "that's spelled", "it's spelled", "spelled", "spelt", "that's", "that is", "thats",
    "spelled like", "as in",
)  # fmt: skip
_NOT_OUR_NAME = frozenset({
    "first", "last", "middle", "user", "email", "e-mail", "business", "company", "practice",
    "spa", "studio", "family", "screen", "maiden", "brand", "shop", "salon", "his", "her",
    "their", "your", "dog's", "wife's", "husband's", "street", "file",
})  # fmt: skip
_HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "eh", "hmm"})
_EMAIL_NEXT = frozenset({"at", "@", "dot", "underscore"})
_VERB_SUFFIXES = ("ing", "ly", "ful", "ous", "ive", "able", "ible", "ied", "ish", "less")
_INTRODUCING = frozenset({"here", "speaking"})
_MAX_PARTS = 5


def _cue_ends(low: list[str], cues: tuple[tuple[str, ...], ...], pauses: set[int]) -> list[int]:
    """Where a name would start after each cue found in ``low``, in order."""
    ends: list[int] = []
    for i in range(len(low)):
        for cue in cues:
            end = i + len(cue)
            if tuple(low[i:end]) != cue:
                continue
            if cue[0] in {"name", "name's"} and i > 0 and low[i - 1] in _NOT_OUR_NAME:
                continue
            if cue == ("name",) and end not in pauses:  # only "Name: Ana Lima"
                continue
            ends.append(end)
            break
    return ends


def _spelling_at(tokens: list[str], i: int) -> tuple[str, int, bool] | None:
    """A spelling at ``i``, perhaps after "that's" or "spelled": (letters, end, cued)."""
    low = [t.lower() for t in tokens[i : i + 3]]
    for cue in _SPELLING_CUES:
        if tuple(low[: len(cue)]) == cue:
            read = read_spelling(tokens, i + len(cue))
            if read is not None:
                return read[0], read[1], True
    read = read_spelling(tokens, i)
    return (read[0], read[1], False) if read is not None else None


def _same_word(word: str, letters: str) -> bool:
    """Whether ``letters`` spell ``word``, allowing for a misheard word ("Leema", "lima")."""
    word = word.lower()
    return word == letters or (word[0] == letters[0] and abs(len(word) - len(letters)) <= 1)


def _continues(tokens: list[str], i: int) -> bool:
    """After a pause, whether the name goes on: a spelling, or a word then its spelling."""
    if _spelling_at(tokens, i) is not None:
        return True
    after = _spelling_at(tokens, i + 1) if tokens[i][:1].isalpha() else None
    return after is not None and _same_word(tokens[i], after[0])


def _describes(token: str) -> bool:
    """Whether a lower-case word looks like a verb or adjective ("retired", "originally")."""
    if token[0].isupper() and not token.isupper():
        return False
    low = token.lower()
    return low.endswith(_VERB_SUFFIXES) or (low.endswith("ed") and len(low) > 5)


def _read_name(
    tokens: list[str], pauses: set[int], i: int, *, weak: bool, cased: bool
) -> tuple[list[str], int] | None:
    """Read the words of a name from ``tokens[i]``; None if none are there."""
    n = len(tokens)
    while i < n and tokens[i].lower() in _HESITATIONS:
        i += 1
    words: list[str] = []
    while i < n and len(words) < _MAX_PARTS:
        if words and i in pauses and not _continues(tokens, i):
            break
        spelled = _spelling_at(tokens, i)
        if spelled is not None and (words or not spelled[2]):
            letters, i, cued = spelled
            if words and (cued or _same_word(words[-1], letters)):
                if words[-1].lower() != letters:
                    words[-1] = letters.capitalize()  # the spelling corrects what was heard
            else:
                words.append(letters.capitalize())
            continue
        token = tokens[i]
        low = token.lower()
        if not token[0].isalpha():
            break
        if low in NOT_NAMES and not (words and low in PARTICLES):
            break
        if _describes(token):
            if not words and weak:
                return None  # "I'm retired", "it's complicated"
            if words:
                break  # "Ana originally from ..."
        words.append(token)
        i += 1
    while words and words[-1].lower() in PARTICLES and len(words) > 1:
        words.pop()
    if not words or (i < n and tokens[i].lower() in _EMAIL_NEXT):
        return None  # "it's ana lima at gmail dot com" is an address
    if weak and cased and not words[0][0].isupper():
        return None  # "I'm retired", typed with care for capitals elsewhere
    return words, i


def _checked(words: list[str]) -> str | None:
    try:
        return normalize_name(" ".join(words))
    except FieldError:
        return None


def _after_cues(
    tokens: list[str], pauses: set[int], cues: tuple[tuple[str, ...], ...], *, weak: bool
) -> str | None:
    low = [t.lower() for t in tokens]
    cased = any(c.isupper() for c in "".join(tokens)) and any(c.islower() for c in "".join(tokens))
    for start in dict.fromkeys(_cue_ends(low, cues, pauses)):
        read = _read_name(tokens, pauses, start, weak=weak, cased=cased)
        if read is not None and (name := _checked(read[0])) is not None:
            return name
    return None


def _bare(tokens: list[str], pauses: set[int], *, expecting: bool) -> str | None:
    """A name said on its own, after fillers: "um, yeah, Ana Lima", "Ana here"."""
    i = 0
    while i < len(tokens) and (tokens[i].lower() in FILLERS or tokens[i] == "."):
        i += 1
    read = _read_name(tokens, pauses, i, weak=False, cased=False)
    if read is None:
        return None
    words, end = read
    if not expecting and not (end < len(tokens) and tokens[end].lower() in _INTRODUCING):
        return None
    return _checked(words)


def extract_name(text: str, expecting: bool = False) -> str | None:
    """Find a person's name in an utterance and return it normalized.

    Understands cues anywhere ("my name is ...", "I'm ...", "this is ...",
    "call me ...", "Name: ...", "Ana here"), and, when ``expecting`` (the
    agent just asked for the name), a bare answer ("um, yeah, Ana Lima").
    Stops at the end of the name (", and my email is", "and I'm a
    therapist"), and reads spellings: "Ana, A N A, Lima L I M A" is "Ana
    Lima", and "Leema, that's L-I-M-A" is "Lima". "I'm a therapist" or
    "I'm looking to book" give None, as does anything unsure.

    "My first name is Ana and my last name is Lima" gives "Ana Lima"; a
    surname said alone ("my last name is Lima") gives just "Lima".
    """
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    tokens, pauses = _tokens(text)
    if not tokens:
        return None
    first = _after_cues(tokens, pauses, _FIRST_CUES, weak=False)
    last = _after_cues(tokens, pauses, _LAST_CUES, weak=False)
    if first and last:
        return _checked([first, last])
    found = (
        first
        or last
        or _after_cues(tokens, pauses, _STRONG_CUES, weak=False)
        or _after_cues(tokens, pauses, _WEAK_CUES, weak=not expecting)
    )
    return found or _bare(tokens, pauses, expecting=expecting)


_SPELLING_LEAD = frozenset({
    "that's", "thats", "that", "it's", "its", "it", "is", "spelled", "spelt", "spelling",
    "my", "name", "last", "first", "surname", "the", "so", "like", "as", "letters",
})  # fmt: skip
_JOINS = {"dash": "-", "hyphen": "-", "-": "-", "apostrophe": "'", "space": " "}


def extract_name_spelling(text: str) -> str | None:
    """If the utterance spells a word out ("L I M A", "l-i-m-a", "L as in Lima, I, M, A"),
    return it capitalised ("Lima"); otherwise None.

    "M A R Y dash J A N E" gives "Mary-Jane". The spelling must be the whole
    answer, apart from lead-ins ("that's", "it's spelled") and fillers.
    """
    tokens = spoken_tokens(text)
    i = 0
    while i < len(tokens) and (tokens[i].lower() in FILLERS or tokens[i].lower() in _SPELLING_LEAD):
        i += 1
    parts: list[str] = []
    while i < len(tokens):
        join = _JOINS.get(tokens[i].lower())
        if join is not None and parts and parts[-1] not in _JOINS.values():
            parts.append(join)
            i += 1
            continue
        read = read_spelling(tokens, i)
        if read is None:
            break
        parts.append(read[0])
        i = read[1]
    rest = [t for t in tokens[i:] if t.lower() not in FILLERS and t != "."]
    if not parts or rest or parts[-1] in _JOINS.values():
        return None
    try:
        return normalize_name("".join(parts).lower())
    except FieldError:
        return None
