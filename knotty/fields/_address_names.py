"""What an e-mail address says about the name of the person who gave it.

People build addresses from their names ("maria.bernad", "e.casagrande", "julio.heredia74"). When
someone asked for their full name gives two words and then an address made of the first of them and
a third word, the two words were most likely given names ("Maria Belen", "Enzo Gabriel") and the third
is the surname: the address tells what no list of given names can.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._given_names import given_name

__all__ = ["other_surname_in_address", "surname_in_address"]

_LETTER_RUN = re.compile(r"[a-z]+")
_MIN_SURNAME = 3
_GLUED_SURNAME = 5
"""An initial glued to at least this many letters ("amoreira") is read as initial and surname."""
_SAME_WORD = 0.6
"""How alike two words must be to be one surname heard or typed two ways ("leema", "lima")."""
_TRADE = re.compile(r"massag|masseu|therap|bodywork|wellness|^(?:spa|lmt|rmt)|(?:spa|lmt|rmt)$")
"""The trade's own words, which an address adds to a given name ("jane.massage", "ana_lmt"): no surname."""
_FOLD = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "ß": "ss", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th"})


def _plain(word: str) -> str:
    """Lower-case letters without accents or punctuation, as an address spells a name ("César" -> "cesar")."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_FOLD))
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


_EVERYDAY_LOCALS = frozenset({
    "someone", "somebody", "anyone", "anybody", "nobody", "noreply", "example", "sample", "testing", "tester",
    "myself", "yourself", "contact", "contacts", "office", "support", "enquiries", "inquiries", "bookings",
    "booking", "appointments", "reception", "frontdesk", "hello", "hellothere", "mailbox", "private", "personal",
    "business", "whatever", "something", "nothing", "mystuff", "random",
})  # fmt: skip
"""Addresses made of an everyday word ("someone@example.com", "contact@", "bookings@"): taken for an initial
glued to a surname ("s" + "omeone", "someon" + "e"), they had "Ester Souza" asked for a last name she gave."""


def _beside_given(runs: list[str], given: str) -> str | None:
    """The letters of the address other than the given name, when the name (or its initial, written apart)
    starts or ends it: "maria.bernad" -> "bernad", "e.casagrande" -> "casagrande", "hello" -> None."""
    joined = "".join(runs)
    if len(given) >= _MIN_SURNAME and joined.startswith(given):
        return joined[len(given) :]
    if len(given) >= _MIN_SURNAME and joined.endswith(given):
        return joined[: -len(given)]
    if len(runs) == 2 and given[:1] in (runs[0], runs[1]):
        return runs[1] if runs[0] == given[:1] else runs[0]  # "e.casagrande", "casagrande.e"
    if len(runs) == 1 and joined in _EVERYDAY_LOCALS:
        return None  # "someone@", "myself@": an address of a word, no initial glued to a surname
    if len(runs) == 1 and len(joined) > _GLUED_SURNAME and joined.startswith(given[:1]):
        return joined[1:]  # "amoreira": the initial glued to a surname
    if len(runs) == 1 and len(joined) > _GLUED_SURNAME and joined.endswith(given[:1]):
        return joined[:-1]  # "garciaa": a surname, then the initial
    return None


def _glued(runs: list[str], given: str) -> bool:
    """Whether `_beside_given` read the address as an initial glued to a surname ("amoreira", "garciaa"),
    not as the whole given name beside it ("maria.bernad") or an initial written apart ("e.casagrande")."""
    joined = "".join(runs)
    whole = len(given) >= _MIN_SURNAME and (joined.startswith(given) or joined.endswith(given))
    return len(runs) == 1 and not whole


def _abbreviates(short: str, word: str) -> bool:
    """Whether ``short`` is ``word`` written short, as people shorten a long surname in an address: its first
    letter, then some of its letters in order ("hdz" for Hernández, "glz" for González, "mtz" for Martínez)."""
    letters = iter(word)
    return short[:1] == word[:1] and len(short) < len(word) and all(c in letters for c in short)


_OWNED = re.compile(r"[a-z]{4,}by([a-z]{3,})")
"""A business named after its owner: "massagebyhunt", "therapybybanuelos"."""


def _owner_not_named(words: list[str], email: str) -> bool:
    """Whether the address is at a business named after someone the name does not include: "Maria del
    Carmen" (or "Enzo Gabriel") at maria@therapybybanuelos.spa or hello@relaxbyhunt.studio. Its owner is
    most likely the person, and "Bañuelos" the surname they left out. ("Serenity Massage" is a brand as
    often as a surname: only "<trade> by <name>" names an owner.)"""
    local, _, domain = email.lower().partition("@")
    label = domain.split(".", maxsplit=1)[0]
    owned = _OWNED.fullmatch(label)
    letters = "".join(_LETTER_RUN.findall(local))
    if owned is None or any(w in letters or (len(w) >= _MIN_SURNAME and w in label) for w in words[1:]):
        return False  # "hello@", "maria@", "m.lima@" at a business named after its owner; "przybysbodywork"
    owner = owned.group(1)
    return not any(
        owner in w or w in owner or SequenceMatcher(None, owner, w).ratio() >= _SAME_WORD for w in words
    )


def other_surname_in_address(name: str, email: str) -> bool:
    """Whether the address pairs the first word of a two-word ``name`` with a surname that is not its second.

    "Maria Belen" and maria.bernad@x.com: yes; "Arthur Miguel" and garciaa@ (a surname, then the initial):
    yes; "Maria del Carmen" at maria@therapybybanuelos.spa: yes. "Jane Doe" and jane.massage@ (the trade, not a
    surname): no. "Ana Lima" and ana.lima@, alima@, lima.ana@, ana57@,
    hello@limamassage.com: no; nor "Ana Leema" and ana.lima@, one surname heard two ways.
    """
    words = [_plain(w) for w in name.split()]
    if len(words) >= 2 and all(words) and _owner_not_named(words, email):
        return True
    if len(words) != 2 or not all(words):
        return False
    given, second = words
    runs = _LETTER_RUN.findall(email.split("@", maxsplit=1)[0].lower())
    if len(runs) == 2 and runs[0] == given and len(runs[1]) == 1:
        return bool(runs[1] != second[:1])  # "João Guilherme" and joao.s@: the initial of another surname
    rest = _beside_given(runs, given) if runs else None
    if rest is not None and _glued(runs, given) and not given_name(second):
        # "trevor92@" for Rebecca Martinez: an address of one word that only starts or ends with her initial
        # says nothing of her surname (one address in twenty or so does that by chance). Read as an initial
        # glued to a surname only when the name's second word is a given name ("Arthur Miguel", garciaa@).
        return False
    if rest is None or len(rest) < _MIN_SURNAME or _TRADE.search(rest) or rest in COMMON_WORDS:
        return False  # "jane.massage@", "ana.work@": the trade or a common word, not a surname
    if second in rest or rest in second or _abbreviates(rest, second):
        return False
    return (
        SequenceMatcher(None, second, rest).ratio() < _SAME_WORD
    )  # "Ana Leema", ana.lima@: a misheard surname


def surname_in_address(given: str, word: str, email: str) -> bool:
    """Whether the address is built from ``given`` (or its initial) and ``word``, and nothing else.

    "milosz early ... earlym@yahoo.co.uk": the word said after the given name is what the address pairs
    with it ("milosz.early", "early.m", "mearly", "early_milosz"), so it is the surname, however everyday
    a word it is. "rose and ... roseanderson@" is no "Rose And": the rest of the address is "anderson".
    """
    words = given.split()
    given_letters, word_letters = (_plain(words[0]) if words else ""), _plain(word)
    if len(word_letters) < 2 or not given_letters or word_letters == given_letters:
        return False
    runs = _LETTER_RUN.findall(email.split("@", maxsplit=1)[0].lower())
    joined = "".join(runs)
    for head in (given_letters, given_letters[:1]):
        for rest in (joined.removeprefix(head), joined.removesuffix(head)):
            if rest != joined and rest == word_letters:
                return True
    return False
