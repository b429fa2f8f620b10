"""Read an e-mail address out of spoken (or half-spoken) words.

Over the phone an address arrives as "john dot smith at gmail dot com", "j o h
n at g mail dot com", "juliet oscar hotel november at ...", "john seventy
seven at yahoo dot com", or a mix with what the recogniser wrote itself
("ana.lima at gmail.com"). This module finds each "at", reads a domain after
it (which must end in a real top-level domain, so "I'm at home" is never an
address) and a local part before it, back to the first word that cannot be
part of one ("is", "it's", "that's", ...). Spaces between spoken words mean
concatenation: "john smith at ..." is "johnsmith@...".

It returns candidates as text; :mod:`knotty.fields.email` validates them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knotty.fields._name_words import NOT_NAMES
from knotty.fields.email_typos import COMMON_DOMAINS
from knotty.fields.spoken import LETTER_NAMES, NATO, UNITS, read_number, read_spelling, tokenize

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = [
    "DIGIT_HOMOPHONES",
    "SPOKEN_AT",
    "SPOKEN_SYMBOLS",
    "said_without_at",
    "spoken_addresses",
    "spoken_domain",
    "spoken_local_part",
]

_AT = "@"
_DOT = "."

_PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("at", "the", "rate", "of"), (_AT,)),
    (("at", "the", "rate"), (_AT,)),
    (("at", "rate"), (_AT,)),
    (("at", "sign"), (_AT,)),
    (("at", "symbol"), (_AT,)),
    (("at", "-", "sign"), (_AT,)),
    (("full", "stop"), (_DOT,)),
    (("under", "score"), ("_",)),
    (("e", "mail"), ("email",)),
    (("e", "-", "mail"), ("email",)),
    (("dotcom",), (_DOT, "com")),
    (("guion", "bajo"), ("_",)),
    (("guión", "bajo"), ("_",)),
    (("tiret", "bas"), ("_",)),
)
"""Several words said for one symbol, rewritten before reading."""

_SYMBOLS: dict[str, str] = {
    "at": _AT, _AT: _AT,
    "dot": _DOT, "period": _DOT, "point": _DOT, _DOT: _DOT,
    "underscore": "_", "_": "_",
    "dash": "-", "hyphen": "-", "minus": "-", "-": "-",
    "plus": "+", "+": "+",
    # Said in the caller's own language, as people abroad spell an address even on an English line:
    "arroba": _AT, "arobase": _AT, "chiocciola": _AT, "klammeraffe": _AT,
    "punto": _DOT, "ponto": _DOT, "punkt": _DOT,
    "guion": "-", "guión": "-", "tiret": "-", "bindestrich": "-", "unterstrich": "_",
}  # fmt: skip
SPOKEN_SYMBOLS = _SYMBOLS
"""The words said for an address's marks, and the marks themselves: what grounding reads a said address by."""
SPOKEN_AT = re.compile(
    r"\b(?:" + "|".join(w for w, s in _SYMBOLS.items() if s == _AT and w.isalpha()) + r")\b|@", re.I
)
"""An "at" said in any of the languages above ("at", "arroba", "arobase", ...), or written."""

_SKIP = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "like"})

_TLDS = frozenset({
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "me",
    "us", "ai", "app", "dev", "tech", "online", "site", "xyz", "store", "shop", "pro",
    "name", "mobi", "tv", "cc", "ly", "fm", "email", "blog", "cloud", "live", "life",
    "world", "today", "health", "care", "spa", "massage", "studio", "design", "agency",
    "group", "company", "solutions", "services", "family", "fitness", "yoga", "club",
    "team", "network", "space", "website", "page", "art", "work", "zone", "one", "nyc",
    "la", "london", "berlin", "church", "coach", "clinic", "wellness", "salon", "beauty",
})  # fmt: skip
"""Top-level domains people will say; any two-letter country code is accepted too."""

_GLUED_ENDING = re.compile(r"(co|com|org|net|ac|gov|edu)([a-z]{2})")
"""A second-level ending and a country code run together ("couk", "combr"): no such top-level domain
exists, so the dot between them was lost."""
_BARE_TLDS = frozenset({"com", "net", "org", "edu"})
"""Endings recognisers sometimes write without their "dot" ("gmail com")."""

_DOMAIN_FIXES = {
    "geemail": "gmail", "jeemail": "gmail", "gmale": "gmail", "geemale": "gmail",
    "gmial": "gmail", "hotmale": "hotmail", "yahoomail": "yahoo", "icloudmail": "icloud",
    "outlookmail": "outlook",
}  # fmt: skip
"""Provider names as recognisers mishear them."""

_KNOWN_DOMAINS = frozenset(COMMON_DOMAINS)
_FIRST_LABEL_TOKENS = 3

_DOMAIN_STOP = frozenset({
    "and", "or", "but", "so", "then", "my", "is", "it", "it's", "its", "that", "that's",
    "thanks", "thank", "please", "okay", "ok", "right", "home", "the", "a", "an", "i", "i'm",
    "you", "me", "call", "text", "number", "phone",
})  # fmt: skip
"""Words that end a domain (or show that "at" was not an e-mail "at")."""

_LOCAL_OK = frozenset({"massage", "therapist", "mail", "love", "happy", "good", "great", "new"})
_LOCAL_STOP = (NOT_NAMES - _LOCAL_OK - set(UNITS) - set(_SYMBOLS) - {"ten"}) | {
    "address", "work", "works", "live", "lives", "living", "stay", "based", "employed",
    "reach", "reached", "contact", "contacted", "emailed", "send", "sent", "write",
    "use", "using", "try", "put", "mail", "home", "office", "gym", "school",
    "least", "spelled", "spelt", "capital", "letters", "mean", "meant", "instead", "correction",
}  # fmt: skip
"""Words that end a local part when reading backwards from "at"."""

DIGIT_HOMOPHONES = {"won": "1", "to": "2", "too": "2", "for": "4", "ate": "8"}
"""Digits as a recogniser writes them; read as digits only after spelled letters or digits."""
_PHONE_LENGTH = 7
"""Digits this many in a row before an address are a phone number said with it, not part of it."""
_MAX_LOCAL_TOKENS = 300
"""Enough for the longest address spelled the NATO way ("n as in november ..." is four tokens a letter, and
"coreth von und zu coredo und starkenberg" has 39 letters)."""
_ROLE_WORDS = frozenset({
    "therapist", "therapists", "massage", "client", "customer", "lmt", "rmt", "masseuse", "masseur",
    "bodyworker", "provider", "practitioner", "licensed", "certified",
})  # fmt: skip
"""Words of "I'm a (licensed massage) therapist", said right before an address."""
_ARTICLES = frozenset({"a", "an"})
_PAUSE = ","
_PAUSE_RE = re.compile(r"[,;]")
_SUBJECTS = frozenset({"i", "we", "they", "he", "she", "you", "who"})


def _rewrite(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        for phrase, replacement in _PHRASES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                out.extend(replacement)
                i += len(phrase)
                break
        else:
            if _austrian_ending(tokens, i, out):
                out.extend(("a", "t"))  # "kabsi punkt at": the ending .at, spelled, not a second "@"
            else:
                out.append(tokens[i])
            i += 1
    return out


def _austrian_ending(tokens: Sequence[str], i: int, out: Sequence[str]) -> bool:
    """Whether the "at" at ``tokens[i]`` is Austria's ending: right after a dot, at the end of what was said."""
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        tokens[i] == "at"
        and bool(out)
        and _SYMBOLS.get(out[-1]) == _DOT
        and (after is None or after == _PAUSE or after in _DOMAIN_STOP)
    )


def _label_piece(
    tokens: Sequence[str], i: int, *, after_dot: bool = False, starts_label: bool = False
) -> tuple[str, int] | None:
    """One piece of a domain label: a spelled run, a number or a word. Right after a dot, two letters
    a recogniser wrote as words are an ending ("dot see oh dot you kay": .co.uk), though two such
    words alone spell nothing elsewhere. "Dash" where no hyphen can be, at a label's start or end, is
    the word ("touch by dash dot co" for touchbydash.co): read as "-", the address was refused every
    time it was said, and the caller hung up on."""
    spelled = read_spelling(tokens, i)
    if spelled is not None:
        return spelled
    if after_dot and (ending := _ending_as_heard(tokens, i)) is not None:
        return ending, i + 2
    token = tokens[i]
    symbol = _SYMBOLS.get(token)
    if symbol == "-":
        if token.isalpha() and (starts_label or _label_ends(tokens, i + 1)):
            return token, i + 1
        return "-", i + 1
    if symbol is None and token.isalnum():
        return token, i + 1
    return None


def _label_ends(tokens: Sequence[str], i: int) -> bool:
    """Whether a domain label ends before ``tokens[i]``: at a dot, a pause, a stop word or the end."""
    if i >= len(tokens):
        return True
    token = tokens[i]
    return _SYMBOLS.get(token) == _DOT or token == _PAUSE or token in _DOMAIN_STOP


def _ending_as_heard(tokens: Sequence[str], i: int) -> str | None:
    """ "see oh", "you kay", "dee ee": two letters written as words, read as an ending, or None."""
    pair = [LETTER_NAMES.get(t) or (t if _is_letter(t) else None) for t in tokens[i : i + 2]]
    if len(pair) != 2 or None in pair:
        return None
    ending = "".join(p for p in pair if p)
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    ends = after is None or _SYMBOLS.get(after) == _DOT or after in _DOMAIN_STOP or after == _PAUSE
    return ending if ends else None


def _read_domain(tokens: Sequence[str], i: int) -> str | None:
    """Read "gmail dot com", "g mail.com", "my spa dot co dot uk" from ``i``."""
    read = _read_domain_to(tokens, i)
    return read[0] if read else None


def _read_domain_to(tokens: Sequence[str], i: int) -> tuple[str, int] | None:
    """The domain read from ``i``, and where its words end."""
    n = len(tokens)
    while i < n and tokens[i] in _SKIP:
        i += 1
    labels: list[str] = []
    current: list[str] = []
    while i < n:
        token = tokens[i]
        if token == _PAUSE:
            i += 1  # "at, gmail, dot com"
            continue
        if _SYMBOLS.get(token) == _DOT:
            if not current:
                return None
            labels.append("".join(current))
            current = []
            i += 1
            continue
        if labels and current:
            break  # after a dot a label is one word: "gmail dot com thanks"
        if (
            not labels
            and current
            and (token in _BARE_TLDS or f"{''.join(current)}.{token}" in _KNOWN_DOMAINS)
        ):
            # "gmail com", "gmx de", "proton me": a provider everyone knows, its dot not heard
            labels.append("".join(current))
            current = [token]
            i += 1
            break
        if not labels and len(current) >= _FIRST_LABEL_TOKENS:
            break
        after_dot = bool(labels) and not current
        piece = _label_piece(tokens, i, after_dot=after_dot, starts_label=not current)
        tld_after_dot = after_dot and (
            token in _TLDS or (len(token) == 2 and token.isalpha())
        )  # "dot me", "dot it"
        if piece is None or (piece[1] == i + 1 and token in _DOMAIN_STOP and not tld_after_dot):
            break
        current.append(piece[0])
        i = piece[1]
    if current:
        labels.append("".join(current))
    if len(labels) < 2:
        return None
    tld = labels[-1]
    if tld not in _TLDS and (glued := _GLUED_ENDING.fullmatch(tld)):
        labels[-1:] = glued.groups()  # "c o u k": the dot of "co dot uk" lost in a spelling
    elif tld not in _TLDS and not (len(tld) == 2 and tld.isalpha()):
        return None
    labels[0] = _DOMAIN_FIXES.get(labels[0], labels[0])
    return ".".join(labels), i


def _name_not_symbol(
    window: Sequence[str], i: int, pieces: list[tuple[str, str]], names: frozenset[str]
) -> bool:
    """Whether ``window[i]``, a separator's word that is also a word of the person's name ("dash" for
    Kamya Dash-Kapoor), is that word: at either end (no address starts or ends with a separator), or
    beside another separator ("kamya underscore dash kapoor" is kamya_dashkapoor, not kamya_-kapoor;
    "underscore dash dash kapoor" is _dash-kapoor). A separator after it that is a name word too is no
    proof: "tom dot dot" for Tom Dot is tom.dot."""
    if not pieces or i == len(window) - 1:
        return True
    after = window[i + 1]
    return pieces[-1][0] == "symbol" or (after in _SYMBOLS and after not in names)


def _local_pieces(
    tokens: Sequence[str], start: int, end: int, names: frozenset[str] = frozenset()
) -> list[tuple[str, str]] | None:
    """Read the local part's pieces in ``tokens[start:end]`` as (kind, text).

    A word of the person's own name is that word ("d dot seven" for Dawn Seven), not a digit.
    """
    window = [t for t in tokens[start:end] if t != _PAUSE]  # "j as in juliet, o as in oscar" is one spelling
    pieces: list[tuple[str, str]] = []
    i, end = 0, len(window)
    while i < end:
        token = window[i]
        if token in _SKIP:
            i += 1
            continue
        if token in _SYMBOLS and not (token in names and _name_not_symbol(window, i, pieces, names)):
            pieces.append(("symbol", _SYMBOLS[token]))
            i += 1
            continue
        if token in _SYMBOLS:  # "dash t at ..." for Tara Dash: the word of a name, not a separator
            pieces.append(("word", token))
            i += 1
            continue
        if (
            token in names
            and not (i + 1 < end and window[i + 1] == "as")
            and not (pieces and pieces[-1][0] in ("spelled", "number"))
            and not (pieces and pieces[-1] == ("word", token) and token * 2 not in names)
        ):
            # "d dot seven" for Dawn Seven, "us inonu" for Us Inonu; after its spelling ("s e v e n seven"), a
            # digit ("daniel nine one nine" for Daniel Nine: danielnine19) or itself ("nine nine": nine9) a digit
            pieces.append(("word", token))
            i += 1
            continue
        spelled = read_spelling(window, i)
        if spelled is not None:
            pieces.append(("spelled", spelled[0]))
            i = spelled[1]
            continue
        if token == "oh":  # noqa: S105 - beside digits it is zero ("bob oh seven"), otherwise the letter
            digit_before = bool(pieces) and pieces[-1][0] == "number"
            digit_after = i + 1 < end and read_number(window, i + 1, oh_is_zero=False) is not None
            pieces.append(("number", "0") if digit_before or digit_after else ("word", "o"))
            i += 1
            continue
        number = read_number(window, i, oh_is_zero=False)
        if number is not None:
            pieces.append(("number", number[0]))
            i = number[1]
            continue
        beside_digit = i + 1 < end and read_number(window, i + 1, oh_is_zero=False) is not None
        # "carol dot naylor for at": last before the "at", after a word the address's dot joined
        after_dotted_word = (
            i + 1 == end and len(pieces) >= 2 and pieces[-1][0] == "word" and pieces[-2][0] == "symbol"
        )
        if (
            token in DIGIT_HOMOPHONES
            and pieces
            and (pieces[-1][0] in ("spelled", "number") or beside_digit or after_dotted_word)
        ):
            # "b l a i r four to", "r i c h a r d s won": after spelled letters or digits, a digit
            pieces.append(("number", DIGIT_HOMOPHONES[token]))
            i += 1
            continue
        if not (token.isalnum() or _inner_apostrophe(token)):
            return None
        pieces.append(("word", token))
        i += 1
    return pieces


def _inner_apostrophe(token: str) -> bool:
    """Whether ``token`` is a word with an apostrophe inside it ("o'brien at gmail dot com", as a name is typed):
    a mark an address may hold, as a written "o'brien@gmail.com" does. It had been no address at all."""
    plain = "'" in token and token[0].isalnum() and token[-1].isalnum() and token.replace("'", "").isalnum()
    return plain and not token.endswith(_CONTRACTED)


_CONTRACTED = ("'s", "'re", "'m", "'ll", "'ve", "'d", "n't")
"""Endings of "it's", "mine's", "we're", "don't": a word of a sentence before "at", never an address."""


def _letters_as_heard(
    pieces: list[tuple[str, str]], names: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """A letter the recogniser wrote as a word ("why", "tea") beside a spelling is that letter:
    "why dot s a n t a n a" is "y.santana". Beside plain words it stays a word, and so does a word of
    the person's name ("v a n d e n b r a n d dot kay" from Kay van den Brand is vandenbrand.kay)."""
    out = list(pieces)
    for k, (kind, text) in enumerate(pieces):
        if kind != "word" or text not in LETTER_NAMES or text in names:
            continue
        near = [p for p in (*reversed(pieces[:k]), None) if p is None or p[0] != "symbol"][:1]
        near += [p for p in (*pieces[k + 1 :], None) if p is None or p[0] != "symbol"][:1]
        if any(p is not None and p[0] == "spelled" for p in near):
            out[k] = ("spelled", LETTER_NAMES[text])
    return out


def _same_word(word: str, spelled: str) -> bool:
    """Whether a spelling is of the word before it, perhaps misheard ("jon", "john")."""
    return word == spelled or (word[0] == spelled[0] and abs(len(word) - len(spelled)) <= 2)


def _after_phone(pieces: list[tuple[str, str]]) -> int:
    """Where the address starts when a phone number's worth of digits comes before it (else 0)."""
    start, run = 0, 0
    for k, (kind, text) in enumerate(pieces):
        run = run + len(text) if kind == "number" else 0
        if run >= _PHONE_LENGTH and (k + 1 == len(pieces) or pieces[k + 1][0] != "number"):
            start = k + 1
    return start


def _join_local(pieces: list[tuple[str, str]], names: frozenset[str] = frozenset()) -> str:
    """Join pieces; a spelling right after a word replaces it ("ana, a n a").

    When separators are said ("wei underscore tanaka"), each part between them is one word or one
    spelling, so of several plain words before the first separator only the last belongs to the
    address: "my name is wei tanaka wei underscore tanaka at ..." is "wei_tanaka@...". A word said twice
    that the person's name has twice (``names`` holds "britobrito" for Brito-Brito) is both words:
    "brito brito dot thales" is britobrito.thales.
    """
    pieces = _letters_as_heard(
        pieces[_after_phone(pieces) :], names
    )  # "ana lima 415 555 0100 ana at ...": the phone first
    first_symbol = next((k for k, (kind, _) in enumerate(pieces) if kind == "symbol"), None)
    if first_symbol and first_symbol >= 2 and all(kind == "word" for kind, _ in pieces[:first_symbol]):
        # "wei tanaka wei underscore tanaka": the address starts where its first word comes again;
        # "tom baker dash jones" has no repeat, and is "tombaker-jones".
        words = [text for _, text in pieces[:first_symbol]]
        again = [k for k in range(1, len(words)) if words[k] == words[0]]
        doubled = len(words) == 2 and words[0] * 2 in names  # "brito brito dot ...": Brito-Brito
        if again and not doubled:
            pieces = pieces[again[-1] :]
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind == "spelled" and out and out[-1][0] == "word" and _same_word(out[-1][1], text):
            out[-1] = (kind, text)
            continue
        out.append((kind, text))
    return "".join(text for _, text in out)


def _is_letter(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def _after_article(tokens: Sequence[str], i: int) -> bool:
    """Whether the role words ending at ``tokens[i]`` follow "a"/"an" used as an article."""
    j = i
    while j > 0 and tokens[j - 1] in _ROLE_WORDS:
        j -= 1
    if j == 0 or tokens[j - 1] not in _ARTICLES:
        return False
    return j < 2 or not _is_letter(tokens[j - 2])  # "b a therapist" could be spelling; "i'm a" is not


def _word_follows(tokens: Sequence[str], i: int, at: int) -> bool:
    """Whether a plain word (no separator) comes right after ``tokens[i - 1]``, before the "at"."""
    return i < at and tokens[i] != _PAUSE and tokens[i] not in _SYMBOLS


def _between_words(tokens: Sequence[str], i: int) -> bool:
    """Whether the pause at ``tokens[i]`` sits between two whole words (not letters or symbols)."""

    def word(t: str) -> bool:
        return len(t) > 1 and t.isalpha() and t not in _SYMBOLS and t not in LETTER_NAMES and t not in NATO

    return i > 0 and i + 1 < len(tokens) and word(tokens[i - 1]) and word(tokens[i + 1])


_SEPARATORS = frozenset({".", "_", "-"})


def _joined(tokens: Sequence[str], k: int, at: int) -> bool:
    """Whether ``tokens[k]`` is tied into the address by a separator said right before or after it."""
    after = tokens[k + 1] if k + 1 < at else None
    before = tokens[k - 1] if k > 0 else None
    return tokens[k].isalnum() and (
        _SYMBOLS.get(after or "") in _SEPARATORS or _SYMBOLS.get(before or "") in _SEPARATORS
    )


_LEAD_INS = frozenset(
    {"is", "be", "it's", "its", "email", "address", "sure", "um", "uh", "yes", "yeah", "ok", "okay", _PAUSE}
)


_NOT_ADDRESSES = _SUBJECTS | {
    "look", "looking", "work", "working", "live", "lives", "living", "stay", "staying", "based", "meet", "meeting",
    "am", "is", "are", "be", "was", "were", "i'm", "im", "it", "it's", "that", "this", "me", "us", "home",
}  # fmt: skip
"""Words that, alone before "at", make it a preposition ("look at this dot com")."""


def _lead_in(tokens: Sequence[str], k: int) -> bool:
    """Whether ``tokens[k]`` starts the utterance or leads into an answer ("it's", "my email is").

    "be" after a spelled letter is the letter b as a recogniser writes it, not "would be": "a be be a at
    ..." is abba@, and had been a@ (the last "a" taken for the whole address after a lead-in).
    """
    if k < 0:
        return True
    token = tokens[k]
    if token in LETTER_NAMES and k > 0 and _spelled_letter(tokens[k - 1]):
        return False
    return token in _LEAD_INS


def _address_begins(tokens: Sequence[str], k: int, word: str) -> bool:
    """Whether an address may begin right after ``tokens[k]``, with ``word``: after a lead-in, after the role
    said before it ("I'm a client early m at ..."), or after that same word said as the name ("milosz early
    early m at ...")."""
    return _lead_in(tokens, k) or (len(word) > 1 and (tokens[k] in _ROLE_WORDS or tokens[k] == word))


def _tokens(text: str) -> list[str]:
    """Lower-case tokens, with a pause token where the text has a comma or a semicolon."""
    tokens: list[str] = []
    for k, part in enumerate(_PAUSE_RE.split(_unhyphenated(text))):
        if k:
            tokens.append(_PAUSE)
        tokens.extend(t.lower() for t in tokenize(part))
    return _dots_heard_as_not(tokens)


_SPELLING_HYPHENS = 3
"""Single letters or digits joined by hyphens, at least this many: a recogniser's way of writing a spelling."""
_NOT_AS_DOT = frozenset({"not", "lot"})


def _unhyphenated(text: str) -> str:
    """ "K-0-H-O-D-K-I-N-S", "m-not-s-m-i-t-h": a recogniser writes a spelling with hyphens; they are no
    dashes of the address. A word joined by a hyphen ("tom-baker") is left alone."""
    chunks = text.split()
    for k, chunk in enumerate(chunks):
        parts = chunk.split("-")
        singles = sum(len(part.strip(".,;:!?")) == 1 for part in parts)
        if singles >= _SPELLING_HYPHENS and 2 * singles >= len(parts):
            chunks[k] = " ".join(parts)
    return " ".join(chunks)


def _dots_heard_as_not(tokens: list[str]) -> list[str]:
    """A small recogniser writes "dot" as "not" (or "lot"): between spelled letters ("m not s m i t h") or
    before an ending at the very end ("gmail not com") it is that dot; anywhere else it is the word."""
    out = list(tokens)
    for k, token in enumerate(tokens):
        if token not in _NOT_AS_DOT or k == 0:
            continue
        before = tokens[k - 1]
        after = tokens[k + 1] if k + 1 < len(tokens) else ""
        rest = [t for t in tokens[k + 2 :] if t not in (_PAUSE, _DOT)]
        spelled = len(before) == 1 and before.isalnum() and len(after) == 1 and after.isalnum()
        ending = before.isalnum() and after in _TLDS and not rest
        if spelled or ending:
            out[k] = _DOT
    return out


def _is_digit(token: str) -> bool:
    return token.isdigit() or token in UNITS


def _digit_between(tokens: Sequence[str], k: int, at: int) -> bool:
    """Whether the homophone ``tokens[k]`` ("to", "for", "won") is a digit of the address: after a letter or
    a digit ("b l a i r four to"), or before a digit after a word of it ("brodowicz to seven")."""
    before = tokens[k - 1] if k > 0 else ""
    after = tokens[k + 1] if k + 1 < at else ""
    if _is_letter(before) or _is_digit(before):
        return True
    if before in LETTER_NAMES and k >= 2 and _spelled_letter(tokens[k - 2]):
        return True  # "n a y l o are for at": the letter r as a recogniser writes it, then the digit
    if k + 1 == at and k >= 2 and _SYMBOLS.get(tokens[k - 2]) in _SEPARATORS:
        # "carol dot naylor for at": right before the "at", after a word the address's dot joined
        return before.isalpha() and before not in _LOCAL_STOP
    return _is_digit(after) and before.isalpha() and before not in _LOCAL_STOP


def _spelled_letter(token: str) -> bool:
    """A letter said on its own, as written ("t") or as a recogniser writes it ("tea")."""
    return _is_letter(token) or token in LETTER_NAMES


def _inside_spelling(tokens: Sequence[str], k: int, at: int) -> bool:
    """Whether the letter-like word ``tokens[k]`` ("be", "tea", "you") sits in a spelled run.

    It does when the next word (towards the "at") is a letter, its "as in", a separator, a digit or the
    "at" itself, and the word before it is a letter too, or the run's start ("it's see h r i s ...").
    Before the "at", the word before may be another such word after a letter ("s e e are why at").
    """
    after = tokens[k + 1] if k + 1 < at else _AT
    before = tokens[k - 1] if k > 0 else None
    digit = after.isdigit() or after in UNITS or after in DIGIT_HOMOPHONES  # "s e e are why 1980 at"
    follows = _spelled_letter(after) or after in ("as", _AT) or _SYMBOLS.get(after) in _SEPARATORS or digit
    lettered = before is not None and (
        _is_letter(before) or (before in LETTER_NAMES and k >= 2 and _is_letter(tokens[k - 2]))
    )
    if not follows or (after == _AT and not lettered):
        return False
    if after == "as" and not (k + 3 < len(tokens) and tokens[k + 2] == "in"):
        return False
    return before is None or _spelled_letter(before) or _lead_in(tokens, k - 1) or before in _SYMBOLS


def _local_start(tokens: Sequence[str], at: int, names: frozenset[str] = frozenset()) -> int | None:
    """Where the local part before ``tokens[at]`` starts, or None if "at" was a preposition.

    A word of the person's own name (``names``) never ends it: "us inonu at ..." is Us Inonu's address.
    """
    i = at
    while i > 0 and at - i < _MAX_LOCAL_TOKENS:
        token = tokens[i - 1]
        if _SYMBOLS.get(token) == _AT:
            break
        if token in names:
            i -= 1
            if token in _SYMBOLS and _lead_in(tokens, i - 1):
                break  # "email is dash t at ..." for Tara Dash: "is" leads in, "dash" is no separator
            continue
        if token == _PAUSE:
            if _between_words(tokens, i - 1):
                break  # "kenji petrova, therapist, kenjipetrova at ...": a new clause
            i -= 1
            continue
        if _joined(tokens, i - 1, at):
            i -= 1  # "s dot b underscore lmt at ...": a word tied to the address by a separator is part of it
            continue
        if token in _ROLE_WORDS and (
            _word_follows(tokens, i, at) or tokens[i] == _PAUSE or _after_article(tokens, i - 1)
        ):
            break  # "I'm a therapist ana at ...", "therapist, h knight at ...": the role, not the address
        if token in _LOCAL_STOP and i == at and _lead_in(tokens, i - 2) and token not in _NOT_ADDRESSES:
            i -= 1  # "book at ...", "it's info at ...": the one word before "at" is the address
            break
        if (
            token in _LOCAL_STOP
            and i == at
            and i >= 2
            and (
                (_is_letter(tokens[i - 2]) and tokens[i - 2] not in {"a", "i"})
                or (tokens[i - 2].isalpha() and tokens[i - 2] not in _LOCAL_STOP | _SYMBOLS.keys())
            )
            and _lead_in(tokens, i - 3)
            and token not in _NOT_ADDRESSES
        ):
            i -= 2  # "m nice at ...", "bryan nice at ...": an initial or a name, and a surname that is also a word
            break
        if (
            token in _LOCAL_STOP
            and i == at - 1
            and _is_letter(tokens[i])
            and _address_begins(tokens, i - 2, token)
            and token not in _NOT_ADDRESSES
            and token not in _LEAD_INS
        ):
            i -= 1  # "nice f at ...", "early h at ...": a surname that is also a word, then an initial
            break
        if token in DIGIT_HOMOPHONES and _digit_between(tokens, i - 1, at):
            i -= 1  # "b l a i r four to at ...": the digit "two", as the recogniser wrote it
            continue
        if token in LETTER_NAMES and _inside_spelling(tokens, i - 1, at):
            i -= 1  # "l i s be e tea h at ...": a letter the recogniser wrote as a word
            continue
        if token in _LOCAL_STOP and not _is_letter(token):
            # "j as in juliet", "j for john": part of a spelling, not the end of it
            if token == "in" and i >= 3 and tokens[i - 2] in ("as", "and") and _spelled_letter(tokens[i - 3]):  # noqa: S105
                i -= 3
                continue
            if token in {"as", "for", "like"} and i >= 2 and _is_letter(tokens[i - 2]):
                i -= 2
                continue
            if token in _SUBJECTS:
                return None  # "I work at ...", "we met at ...": a place, not an address
            break
        i -= 1
    return i


def spoken_addresses(text: str, names: frozenset[str] = frozenset()) -> Iterator[str]:
    """Yield each "local@domain" that the words of ``text`` could spell, in order.

    ``names``: the lower-case words of the person's name, read as words wherever they are said.
    """
    tokens = _rewrite(_tokens(text))
    for at, token in enumerate(tokens):
        if _SYMBOLS.get(token) != _AT:
            continue
        domain = _read_domain(tokens, at + 1)
        if domain is None:
            continue
        start = _local_start(tokens, at, names)
        pieces = _local_pieces(tokens, start, at, names) if start is not None else None
        if pieces:
            yield _join_local(pieces, names) + _AT + domain


_HALF_CUES = re.compile(
    r"^.*?\b(?:(?:first|second|last|other|next|rest)\s+(?:part|half|bit)|part\s+(?:before|after)\s+the\s+at"
    r"|before\s+the\s+at|after\s+the\s+at|(?:the\s+)?domain|(?:it\s+)?(?:starts|begins|ends)\s+(?:with)?)"
    r"(?:\s+(?:of\s+it|is|it's|its|was|goes))*[\s,:]*",
    re.IGNORECASE,
)
"""The words before a half of an address ("the first part is", "the domain is", "it starts with")."""
_HALF_LEADS = frozenset({"and", "then", "so", "it's", "its", "it", "is", "um", "uh", "okay", "ok", "sure", "my",
                         "email", "address", "the", "rest", "that's", "thats", "with", "yes", "yeah"})  # fmt: skip
_PLACEHOLDER_DOMAIN = ("example", _DOT, "com")


def spoken_local_part(text: str, *, asked: bool = False) -> str | None:
    """The part before the "at" of an address, said on its own: "the first part is jane dot doe",
    "j a n e underscore d o e 42", "jane dot doe at" (the line cut off the rest).

    Only words shaped like an address count: a separator said (dot, underscore, dash), letters spelled,
    digits in it, or a cue ("first part", "before the at"). Plain words alone ("I don't have one") never
    are. Returns the local part as text (unchecked), or None.

    Words ending like a domain ("jane dot doe relax dot studio") are a whole address whose "at" was
    lost, unless Knotty `asked` for just this part and the ending was spelled letter by letter: "r o b i
    n dot c h u r c h" is Robin Church's, not the domain robin.church.
    """
    cue = _HALF_CUES.match(text)
    pieces = _half_pieces(text[cue.end() :] if cue else text)
    if not pieces or (not cue and _ends_in_tld(pieces) and not (asked and pieces[-1][0] == "spelled")):
        return None
    kinds = {kind for kind, _ in pieces}
    spelled = "spelled" in kinds or sum(1 for _, t in pieces if len(t) == 1 and t.isalpha()) >= 2
    if not (cue or spelled or "number" in kinds or any(t in _SEPARATORS for _, t in pieces)):
        return None
    local = _join_local(pieces)
    return local if any(c.isalpha() for c in local) else None  # digits alone are a number, not an address


def _half_pieces(text: str) -> list[tuple[str, str]] | None:
    """The words of `text` read as the part before an "at" (None when they cannot be one)."""
    tokens = _rewrite(_tokens(text))
    while tokens and tokens[0] in (*_HALF_LEADS, _PAUSE):
        tokens = tokens[1:]
    while tokens and tokens[-1] in (_PAUSE, _DOT):
        tokens = tokens[:-1]
    if tokens and _SYMBOLS.get(tokens[-1]) == _AT:
        tokens = tokens[:-1]  # "jane dot doe at": the domain is still to come
    if not tokens or any(_SYMBOLS.get(t) == _AT for t in tokens) or len(tokens) > _MAX_LOCAL_TOKENS:
        return None
    at = len(tokens)
    tokens = [*tokens, _AT, *_PLACEHOLDER_DOMAIN]
    if _local_start(tokens, at) != 0:
        return None  # words that end a local part ("i", "don't", "have"): not an address
    return _local_pieces(tokens, 0, at)


def _ends_in_tld(pieces: list[tuple[str, str]]) -> bool:
    """Whether the pieces end in ". com" (or another ending people say) after something: an address."""
    return (
        len(pieces) >= 3
        and pieces[-2] == ("symbol", _DOT)
        and pieces[-1][0] in ("word", "spelled")
        and pieces[-1][1] in _TLDS
    )


def said_without_at(text: str) -> bool:
    """Whether `text` is a whole address whose "at" the line lost: address words ending in a dot and an
    ending ("i n f o h e a l i n g dot massage"), with no "at" anywhere to tell where the domain starts."""
    pieces = _half_pieces(text)
    return bool(pieces) and _ends_in_tld(pieces or [])


def spoken_domain(text: str) -> str | None:
    """The part after the "at", said on its own: "at gmail dot com", "@gmail.com", "the domain is
    relax dot studio", "and then gmail dot com". Returns the domain (unchecked), or None."""
    cue = _HALF_CUES.match(text)
    rest = text[cue.end() :] if cue else text
    tokens = _rewrite(_tokens(rest))
    while tokens and (tokens[0] in (*_HALF_LEADS, _PAUSE) or _SYMBOLS.get(tokens[0]) == _AT):
        tokens = tokens[1:]
    if not tokens or any(_SYMBOLS.get(t) == _AT for t in tokens):
        return None
    read = _read_domain_to(tokens, 0)
    if read is None:
        return None
    leftover = [t for t in tokens[read[1] :] if t not in (_PAUSE, _DOT, "thanks", "thank", "you", "please")]
    return None if leftover else read[0]
