"""E-mail addresses: check a given one, or find one in what a person said.

``email_validator`` decides what is a valid address (syntax only: checking
deliverability would mean DNS look-ups, and these functions do no I/O). Its
exceptions become :class:`~knotty.fields.errors.FieldError` with a reason the
agent can say aloud. Addresses are stored lower-cased as a whole: people do
not mean "Ana@X.com" and "ana@x.com" to be different sign-ups.

Lookalikes are refused, politely: the part before the @ must be plain ASCII
(a Cyrillic "о" in "jоhn" looks like an "o" but is another mailbox, and few
mail systems accept such addresses at all), and a domain may hold non-ASCII
letters only when each is a Latin letter with an accent ("münchen.de"), never
a letter from another alphabet or a Latin lookalike ("gmаil.com", "ɡmail.com").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from knotty.fields._name_words import NOT_NAMES
from knotty.fields._spoken_email import (
    DIGIT_HOMOPHONES,
    SPOKEN_AT,
    said_without_at,
    spoken_addresses,
    spoken_domain,
    spoken_local_part,
)
from knotty.fields._typed_email import typed_marks
from knotty.fields.email_typos import COMMON_DOMAINS
from knotty.fields.errors import FieldError
from knotty.fields.spoken import LETTER_NAMES, UNITS

__all__ = [
    "extract_email",
    "extract_email_domain",
    "extract_email_local",
    "lost_at",
    "normalize_email",
    "spaced_email",
]

_WRITTEN_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_SPOKEN_AT_RE = SPOKEN_AT

_MAX_LENGTH = 254

_REASONS: tuple[tuple[str, str], ...] = (
    ("something before the @", "the part before the at sign seems to be missing"),
    ("something after the @", "the part after the at sign seems to be missing"),
    ("should have a period", "the part after the at sign needs a dot, like gmail dot com"),
    ("two periods in a row", "that email address seems to have two dots in a row"),
    ("cannot end with a period", "that email address seems to end with a dot"),
    ("cannot start with a period", "that email address seems to start with a dot"),
    ("period immediately", "that email address has a dot in the wrong place"),
    ("hyphen immediately", "that email address has a dash in the wrong place"),
    ("special-use or reserved", "that email domain can't receive email"),
    ("invalid characters", "that email address seems to have a character that isn't allowed"),
    (
        "Internationalized characters before the @-sign",
        "the part before the at sign has a letter that isn't a plain a to z; please type it with plain letters",
    ),
    ("too long", "that email address is too long"),
)


_LOOKALIKE_DOMAIN = "the part after the at sign has a letter that only looks like a plain one; please type it with plain letters"


def _plain_or_accented_latin(char: str) -> bool:
    """ASCII, or a Latin letter that is an ASCII letter plus accents (ü, é), not a lookalike (а, ɡ)."""
    if char.isascii():
        return True
    base = unicodedata.normalize("NFD", char)
    return (
        base[0].isascii()
        and base[0].isalpha()
        and all(unicodedata.combining(c) for c in base[1:])
        and len(base) > 1
    )


def _reason(message: str) -> str:
    for needle, reason in _REASONS:
        if needle in message:
            return reason
    return "that email address doesn't look quite right"


_MEMO_SIZE = 256
"""Strings whose reading is remembered: one turn reads the same text and address several times
(the returning-person lookup, understanding, grounding, the save's validation); the reading is a
pure function of the string."""
_MEMO_MAX_CHARS = 1000
"""Longer strings (grounding's whole transcript joined) are read afresh, not kept: the memo stays small."""


def normalize_email(raw: str) -> str:
    """Check an e-mail address given on its own and return it lower-cased.

    Args:
        raw: The address, e.g. a tool-call argument or a form field.

    Raises:
        FieldError: The address is not a valid e-mail address.
    """
    value, valid = _address_or_reason(raw)
    if not valid:
        raise FieldError("email", value)
    return value


def _address_or_reason(raw: str) -> tuple[str, bool]:
    """`normalize_email`'s answer: the address and True, or why it is not one and False."""
    return _remembered_address(raw) if len(raw) <= _MEMO_MAX_CHARS else _checked_address(raw)


def _checked_address(raw: str) -> tuple[str, bool]:
    """`_address_or_reason` worked out afresh."""
    try:
        return _normalized(raw), True
    except FieldError as exc:
        return exc.reason, False


_remembered_address = lru_cache(maxsize=_MEMO_SIZE)(_checked_address)


def _normalized(raw: str) -> str:
    """The address lower-cased (see `normalize_email`), checked afresh."""
    text = raw.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if not text:
        raise FieldError("email", "I didn't catch an email address")
    if "@" not in text:
        raise FieldError("email", "that email address seems to be missing the at sign")
    if text.count("@") > 1:
        raise FieldError("email", "that email address seems to have more than one at sign")
    if any(c.isspace() for c in text):
        raise FieldError("email", "an email address can't have spaces in it")
    if len(text) > _MAX_LENGTH:
        raise FieldError("email", "that email address is too long")
    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise FieldError("email", _reason(str(exc))) from exc
    if not all(_plain_or_accented_latin(c) for c in result.domain):
        raise FieldError("email", _LOOKALIKE_DOMAIN)
    address = result.normalized.lower()
    if len(address.rsplit(".", 1)[-1]) < 2:
        raise FieldError("email", "the ending after the last dot seems too short, like dot com")
    return address


def _checked(candidate: str) -> str | None:
    value, valid = _address_or_reason(candidate)
    return value if valid else None


def extract_email(text: str, names: frozenset[str] = frozenset()) -> str | None:
    """Find an e-mail address in an utterance and return it lower-cased.

    Reads written addresses ("sure it's Ana.Lima@gmail.com thanks") and
    spoken ones ("john dot smith at gmail dot com", "j o h n at g mail dot
    com", "j as in juliet ...", "john seventy seven at yahoo dot com").
    Returns None unless what was said is confidently a valid address: "I'm
    at home" is not one. ``names``, the lower-case words of the person's
    name, are words when said in an address ("d dot seven" for Dawn Seven).
    """
    return _remembered_email(text, names) if len(text) <= _MEMO_MAX_CHARS else _read_email(text, names)


def _read_email(text: str, names: frozenset[str] = frozenset()) -> str | None:
    """`extract_email`'s reading, done afresh."""
    text = typed_marks(text)  # "ana . lima @ example . com", "ana(at)x(dot)com", "ana＠x．com"
    for match in _WRITTEN_RE.finditer(text):
        if _spelled_before(text[: match.start()]) and (whole := _read_as_said(text, match, names)):
            return whole
        address, _ = _written_address(text, match, names)
        if address is not None:
            return address
    if not _SPOKEN_AT_RE.search(text):
        return _without_at(text, names)
    for candidate in spoken_addresses(text, names):
        address = _checked(candidate)
        if address is not None:
            return address
    return None


_remembered_email = lru_cache(maxsize=_MEMO_SIZE)(_read_email)


def spaced_email(text: str, names: frozenset[str] = frozenset()) -> str | None:
    """The address the person most likely meant, when a space may have split the one they typed and it is
    unclear which words belong to it: "maria. lopez 88@hotmail.com" gives maria.lopez88@hotmail.com
    (`extract_email` keeps 88@hotmail.com, as typed). Phone keyboards add a space after a dot; a dialogue
    asks "did you mean ...?" rather than keep a piece of the address. None when nothing is in doubt.
    ``names`` are as for `extract_email`.
    """
    text = typed_marks(text)
    if "@" not in text:
        return None
    found = extract_email(text, names)
    for match in _WRITTEN_RE.finditer(text):
        address, guess = _written_address(text, match, names)
        if address is not None:
            return guess if address == found else None
    return None


_JOINERS = "._-"
"""Characters that join the words of an address: a word ending in one was typed as part of it."""
_ADDRESS_WORD = re.compile(r"[\w.+'-]*[^\W_][\w.+'-]*")
_NOT_ADDRESS_WORDS = NOT_NAMES | {"address", "e-mail", "mail", "email"}
"""Words that end a sentence or introduce an address ("Sure. ana@x.com", "it's ana@x.com"), never part of it."""


def _written_address(
    text: str, match: re.Match[str], names: frozenset[str] = frozenset()
) -> tuple[str | None, str | None]:
    """A written address, with the words a space split from it: (the address to take, one to ask about).

    "jane. doe@gmail.com" and "jane_ doe@yahoo.com" are jane.doe@ and jane_doe@: the word before ends in a
    character that joins an address, so it is part of it. Where that is unclear ("maria. lopez 88@...", a
    bare number after a word as in "lopez 88@...", or "ana lima. ana@...") the address is taken as typed
    and the joined one is returned to ask about, never taken silently. "Ana Lima. ana@..." ends a sentence.
    A lone word and a dot are joined silently only when the word is a word of the person's name
    (``names``): "Correction. ana@x.com" is asked about, never saved as correction.ana@x.com.
    """
    written = match.group()
    words = _words_before(text[: match.start()])
    start = len(words)
    while start and _joined(words[start - 1], words[start] if start < len(words) else written, written):
        if not _surely_joined(words, start - 1, written, names):
            break
        start -= 1
    address = _checked("".join(words[start:]) + written)
    if address is None:
        start, address = len(words), _checked(written.strip(".'-"))
    if address is None:
        return None, None
    first = words[start] if start < len(words) else written
    doubt = start
    if (
        doubt
        and not _ends_sentence(words, doubt - 1)
        and (
            _joined(words[doubt - 1], first, written)
            or (doubt > 1 and _joined(words[doubt - 2], words[doubt - 1], written))
            or (doubt == len(words) and written.split("@")[0].isdigit())
        )
    ):
        doubt -= 1
        while doubt and _joined(words[doubt - 1], words[doubt], written):
            doubt -= 1
    guess = _checked("".join(words[doubt:start]) + address) if doubt < start else None
    return address, guess if guess != address else None


def _words_before(before: str) -> list[str]:
    """The words typed right before an address that could be part of it, nearest last; none when it
    follows punctuation ("email: ana@x.com") or another character with no space ("<ana@x.com>")."""
    if not before[-1:].isspace():
        return []
    words: list[str] = []
    for word in reversed(before.split()):
        if not _ADDRESS_WORD.fullmatch(word) or word.strip(_JOINERS).lower() in _NOT_ADDRESS_WORDS:
            break
        words.append(word)
    return words[::-1]


def _joined(left: str, right: str, written: str) -> bool:
    """Whether a joining character sits at the space between two words ("jane." "doe", "jane" ".doe"),
    unless the word before the dot is already in the address ("Ana Lima. ana.lima@x.com": a sentence)."""
    if right[:1] in _JOINERS:
        return True
    if left[-1:] not in _JOINERS:
        return False
    return left[-1] != "." or left.strip(_JOINERS).lower() not in written.split("@", maxsplit=1)[0].lower()


def _ends_sentence(words: list[str], k: int) -> bool:
    """Whether ``words[k]`` is a capitalised word ending a sentence after another word ("Ana Lima. ana@x.com"):
    the address starts after it, with no doubt to ask about (a keyboard capitalises only a first word)."""
    word = words[k]
    return k > 0 and word[-1:] == "." and word[:1].isupper() and not _joined(words[k - 1], word, word)


def _surely_joined(words: list[str], k: int, written: str, names: frozenset[str]) -> bool:
    """Whether ``words[k]`` is surely typed as part of what follows it: it ends in "_" or "-", or in a dot
    with no word before it that it could end a sentence with ("jane. doe@", "my email is jane. doe@"),
    not "Ana Lima. ana@" (a name, then the address, or an address split twice: asked about).

    A lone word and a dot must be a word of the person's name ("jane. doe@" from Jane Doe): any other
    word may end a sentence of its own ("Correction. ana@x.com", "sure thing. ana@x.com", "lol. ..."),
    and joined silently it saved an address that is not theirs; it is asked about instead.
    """
    word = words[k]
    if word[-1:] != ".":
        return True
    if k:
        return _joined(words[k - 1], word, written)
    return word.strip(_JOINERS).lower() in names


_SPELLED_PIECE = re.compile(r"^(?:[a-z](?:\.[a-z])*|\d+|underscore|dot|dash|hyphen)$", re.IGNORECASE)
"""A piece of a spelling as a recogniser writes it: a letter, letters it joined with the dot said between
them ("n.c" of "robin dot church"), digits, a separator's name."""
_SAID_DIGITS = frozenset({*UNITS, "oh", *DIGIT_HOMOPHONES})
_SPELLING_MIN = 3


def _spelled_before(before: str) -> bool:
    """Whether the address written in a transcript comes right after letters spelled one by one ("s e e
    r y 1980@uol.com", "w i n tea e r won nine six won@yahoo.co": a recogniser wrote the end of a
    spelling as an address, its start as letters). The words right before it must be at least three
    spelled pieces (letters, as written or as words, digits, separators), two of them letters alone."""
    if before[-1:] not in (" ", ""):
        return False
    run: list[str] = []
    for word in reversed(before.lower().split()):
        if not (_SPELLED_PIECE.match(word) or word in LETTER_NAMES or word in _SAID_DIGITS):
            break
        run.append(word)
    # A letter as a recogniser writes it is a letter too: "see", "are", "you" ("c h you are see h@icloud.com"
    # had kept h@icloud.com).
    letters = sum(1 for w in run if (len(w) == 1 and w.isalpha()) or w in LETTER_NAMES)
    return len(run) >= _SPELLING_MIN and letters >= 2


def _read_as_said(text: str, written: re.Match[str], names: frozenset[str]) -> str | None:
    """The address read with the letters spelled before its written part, as one spoken address (and
    what was said after it: "1980@uol.com dot br")."""
    said = written.group().replace("@", " at ").replace(".", " dot ")
    for candidate in spoken_addresses(f"{text[: written.start()]}{said}{text[written.end() :]}", names):
        if (address := _checked(candidate)) is not None:
            return address
    return None


_KNOWN_DOMAIN_RE = re.compile(
    r"(?<![@\w])(?:"
    + "|".join(
        re.escape(domain).replace(r"\.", r"(?:\s*\.\s*|\s+dot\s+)")
        for domain in sorted(COMMON_DOMAINS, key=len, reverse=True)
    )
    + r")(?!\w)",
    re.IGNORECASE,
)
"""A common provider's domain, written ("gmx.de") or said ("gmx dot de")."""


def _without_at(text: str, names: frozenset[str] = frozenset()) -> str | None:
    """ "h f o x gmx dot de": an address whose "at" the line lost, before a provider everyone knows.

    Only before one of the common providers (`email_typos.COMMON_DOMAINS`), said whole, with something
    before it; the read-back lets the person check it.
    """
    found = _KNOWN_DOMAIN_RE.search(text)
    if found is None or not text[: found.start()].strip():
        return None
    for candidate in spoken_addresses(f"{text[: found.start()]} at {text[found.start() :]}", names):
        address = _checked(candidate)
        if address is not None and not _DOMAIN_AS_LOCAL.search(address.split("@")[0]):
            return address
    return None


_DOMAIN_AS_LOCAL = re.compile(r"^e?-?mail$|\.(?:com|net|org|edu)$", re.IGNORECASE)
"""What came before the provider, with no "at" said, is a domain itself or the word "email" ("Email dot com,
gmail dot com." for "at gmail dot com", Whisper tiny.en): the line wrote the domain twice, no address."""


_STAND_IN_DOMAIN = "example.com"
_STAND_IN_LOCAL = "a"


def extract_email_local(text: str, *, asked: bool = False) -> str | None:
    """The part before the @ of an address said on its own, lower-cased: "the first part is jane dot
    doe", "j a n e dot d o e" (the caller, or the line, split the address in two). None unless it is
    shaped like one (a separator, spelled letters, digits, or "first part") and valid as one. `asked`:
    Knotty asked for just that part (`spoken_local_part`).
    """
    if extract_email(text) is not None:
        return None
    local = spoken_local_part(text, asked=asked)
    if local is None or _checked(f"{local}@{_STAND_IN_DOMAIN}") is None:
        return None
    return local.lower()


def extract_email_domain(text: str) -> str | None:
    """The part after the @ said on its own, lower-cased: "at gmail dot com", "@gmail.com", "the domain
    is relax dot studio". None unless it is the whole utterance and a valid domain."""
    if extract_email(text) is not None:
        return None
    domain = spoken_domain(text)
    if domain is None or _checked(f"{_STAND_IN_LOCAL}@{domain}") is None:
        return None
    return domain.lower()


def lost_at(text: str) -> bool:
    """ "i n f o h e a l i n g b y m o u l i n dot massage": an address said whole whose "at" the line
    lost, so nobody can tell where the domain starts (a provider everyone knows is found anyway)."""
    return extract_email(text) is None and said_without_at(text)
