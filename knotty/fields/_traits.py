"""A word after "I'm" that says what a person is, not who ("I'm autistic", "I'm visually impaired").

Asked for their name, someone who first says something about themselves ("I'm autistic", "i'm dyslexic", "I'm
visually impaired", "I'm bipolar") had been greeted by it ("Thank you, Autistic. And your last name?"), and it
went into the read-back. Such a word has an adjective's ending (`TRAIT_ENDINGS`); a word with such an ending
that is somebody's name in a Faker locale (Kelly, Eric, Manning, Jamal: `_trait_like_names.TRAIT_LIKE_NAMES`)
is still a name, as is one written with a capital in a message otherwise cased ("I'm Kadic") or with a hyphen.
"""

from __future__ import annotations

from knotty.fields._name_reading import folded
from knotty.fields._trait_like_names import TRAIT_LIKE_NAMES

__all__ = ["TRAIT_ENDINGS", "states_a_trait"]

TRAIT_ENDINGS = (
    "ic", "ical", "al", "ar", "ary", "ed", "ous", "ful", "ive", "able", "ible", "less", "ish", "ly", "ent", "ant",
    "ing", "ile", "blind",
)  # fmt: skip
"""Endings of English adjectives and adverbs ("autistic", "bipolar", "impaired", "visually", "anxious")."""
_SHORTEST = 5
"""Shorter words with those endings are names more often than not ("Al", "Aly", "Ed", "Ant")."""


def states_a_trait(word: str, *, cased: bool) -> bool:
    """Whether ``word``, said right after "I'm", describes the person rather than names them."""
    if (cased and word[:1].isupper()) or "-" in word:
        return False  # "I'm Kadic", "this is YA-LING JUAN": written as a name
    low = folded(word)
    return len(low) >= _SHORTEST and low.endswith(TRAIT_ENDINGS) and low not in TRAIT_LIKE_NAMES
