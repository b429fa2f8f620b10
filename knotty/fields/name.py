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

from knotty.fields._name_words import NOT_NAMES, PARTICLES
from knotty.fields.errors import FieldError

__all__ = ["is_full_name", "normalize_name"]

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
