"""A word after "I'm" that says what a person is, not who ("I'm autistic", "I'm visually impaired").

Asked for their name, someone who first says something about themselves ("I'm autistic", "i'm dyslexic", "I'm
visually impaired", "I'm bipolar") had been greeted by it ("Thank you, Autistic. And your last name?"), and it
went into the read-back. Such a word has an adjective's ending (`TRAIT_ENDINGS`); a word with such an ending
that is somebody's name in a Faker locale (Kelly, Eric, Manning, Jamal: `_trait_like_names.TRAIT_LIKE_NAMES`)
is still a name, as is one with a hyphen, or one written with a capital in a message otherwise cased that is no
English word (`_trait_words.TRAIT_WORDS`: "I'm Kadic" is a name, "I'm Autistic", as phones that capitalise write
it, is none).
"""

from __future__ import annotations

from knotty.fields._name_reading import folded
from knotty.fields._trait_like_names import TRAIT_LIKE_NAMES
from knotty.fields._trait_words import TRAIT_WORDS

__all__ = ["TRAIT_ENDINGS", "TRAIT_SHORTEST", "states_a_trait"]

TRAIT_ENDINGS = (
    "ic", "ical", "al", "ar", "ary", "ed", "ous", "ful", "ive", "able", "ible", "less", "ish", "ly", "ent", "ant",
    "ing", "ile", "blind",
)  # fmt: skip
"""Endings of English adjectives and adverbs ("autistic", "bipolar", "impaired", "visually", "anxious")."""
TRAIT_SHORTEST = 5
"""Shorter words with those endings are names more often than not ("Al", "Aly", "Ed", "Ant")."""


def states_a_trait(word: str, *, cased: bool) -> bool:
    """Whether ``word``, said right after "I'm", describes the person rather than names them."""
    if "-" in word:
        return False  # "this is YA-LING JUAN": written as a name
    low = folded(word)
    if len(low) < TRAIT_SHORTEST or not low.endswith(TRAIT_ENDINGS) or low in TRAIT_LIKE_NAMES:
        return False
    # "I'm Autistic", as a phone that capitalises writes it, is what the person is; "I'm Kadic", a capital
    # on a word no English list has, is a name.
    return not (cased and word[:1].isupper()) or _english(low)


_PREFIX = 3
"""The shortest prefix before an English word ("neuro" + "divergent", "hyper" + "mobile", "non" + "verbal")."""


def _english(low: str) -> bool:
    """Whether ``low`` is an English word of `TRAIT_WORDS`, or one with a prefix ("neurodivergent")."""
    return low in TRAIT_WORDS or any(
        low[k:] in TRAIT_WORDS for k in range(_PREFIX, len(low) - TRAIT_SHORTEST + 1)
    )
