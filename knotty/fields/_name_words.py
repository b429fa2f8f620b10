"""Word lists that tell a person's name from the words around it.

Kept apart from :mod:`knotty.fields.name` so the rules there stay readable.
Words that are also common first names (Will, Rose, May, Grace, Hope, Mark,
Frank, Drew, Chase...) are deliberately *not* listed: after "my name is" we
would rather accept "Will" than refuse it.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "FILLERS", "MISTAKE_WORDS", "NOT_NAMES", "PARTICLES", "SENTENCE_WORDS", "WAITLIST_WORDS", "WORD_TAIL", "in_word_mark", "irish_article",
]  # fmt: skip

FILLERS = frozenset({
    "um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "eh", "hmm", "mm", "mhm",
    "yeah", "yea", "yep", "yup", "yes", "ya", "well", "so", "ok", "okay", "oh", "sure",
    "hi", "hello", "hey", "alright", "right", "like", "and", "actually", "absolutely",
    "certainly", "of", "course", "please", "thanks", "thank", "you", "it", "is",
})  # fmt: skip
"""Words people put before an answer ("um, yeah, sure, it's ...")."""

WAITLIST_WORDS = frozenset({
    "therapist", "therapists", "massage", "massages", "masseuse", "masseur", "client",
    "clients", "customer", "customers", "patient", "provider", "practitioner",
    "bodyworker", "licensed", "lmt", "professional", "waitlist", "list",
    "access", "app", "website", "email", "e-mail", "mail", "phone", "number", "cell",
    "mobile", "name", "first", "last", "full", "surname", "spelled", "spelt", "spell",
    "letter", "letters", "dot", "com", "gmail", "underscore", "dash", "hyphen",
    "knotty", "masseurmatch",
    "arroba", "arobase", "chiocciola", "klammeraffe", "punto", "ponto", "punkt",
})  # fmt: skip
"""The waitlist's own words (fields, roles): never in a name, not even written with a capital."""

MISTAKE_WORDS = frozenset({
    "misspelt", "misspelled", "mispelled", "mispelt", "misspelling", "mistyped", "typo", "typos", "mistaken",
    "messed", "garbled", "scrambled", "inaccurate",
})  # fmt: skip
"""Words that say a value is wrong ("surname misspelled", "my given name is misspelt"): they had been read as the
name itself ("Ana Misspelled", "Misspelt Anna" saved)."""

NOT_NAMES = frozenset({
    # answers, fillers and politeness
    "um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "eh", "hmm", "mm", "mhm",
    "yes", "yeah", "yea", "yep", "yup", "ya", "no", "nope", "nah", "ok", "okay", "sure",
    "hi", "hello", "hey", "bye", "goodbye", "thanks", "thank", "please", "sorry", "pardon",
    "well", "so", "oh", "alright", "right", "actually", "absolutely", "certainly", "course",
    "maybe", "perhaps", "whatever", "nothing", "nobody", "someone", "somebody", "anyone",
    # chat shorthand typed after an answer ("kelly lol"): it had been saved as the surname "Lol"
    "lol", "lolol", "lmao", "rofl", "haha", "hahaha", "hehe", "omg", "jk", "smh", "tbh", "btw", "xd", "thx",
    # pronouns, articles, prepositions, conjunctions
    "i", "i'm", "im", "i've", "i'll", "i'd", "me", "my", "mine", "myself", "you", "your",
    "you're", "yours", "he", "she", "him", "her", "his", "hers", "we", "us", "our", "they",
    "them", "their", "it", "it's", "its", "this", "that", "that's", "these", "those",
    "there", "here", "what", "what's", "who", "whom", "whose", "which", "where", "when",
    "why", "how", "a", "an", "the", "and", "or", "but", "nor", "if", "then", "than",
    "because", "cause", "as", "at", "by", "for", "from", "in", "into", "of", "off", "on",
    "onto", "out", "over", "to", "up", "down", "with", "without", "about", "after",
    "before", "again", "also", "too", "just", "only", "not", "never", "ever", "very",
    "really", "quite", "still", "already", "all", "any", "some", "each", "every", "both",
    "either", "neither", "other", "another", "such", "own", "same", "more", "most",
    # verbs and auxiliaries
    "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done",
    "don't", "doesn't", "didn't", "have", "has", "had", "can", "can't", "could", "would",
    "should", "shall", "might", "must", "won't", "get", "got", "getting",
    "go", "going", "gonna", "want", "wanna", "wanted", "need", "needs", "like",
    "know", "think", "thought", "see", "say", "said", "tell", "told", "call", "called",
    "calling", "text", "texting", "give", "giving", "make", "take", "try", "trying",
    "look", "looking", "book", "booking", "find", "finding", "sign", "signing", "join",
    "joining", "register", "registering", "work", "working", "wondering", "hoping",
    "interested", "curious", "speaking", "talking", "reaching", "wanting", "asking",
    "checking", "excited", "happy", "glad", "ready", "fine", "good", "great",
    "doing", "new", "old", "busy", "tired", "confused", "lost", "back", "now", "today",
    "currently", "available",
    "nice", "pleased", "meet", "meeting", "wait", "hold", "hang",
    "pass", "skip", "later", "nevermind", "mind", "repeat", "huh",
    "excuse", "question", "wrong", "correct", "incorrect", "exactly", "true",
    "false", "cool", "awesome", "perfect", "hm", "sounds", "way", "anyway", "something",
    "everyone", "thinking", "early",
    # conjunctions that end a name ("it's Lynn since the wedding" had been read back "Lynn Since")
    "since", "until", "unless", "while", "although", "though", "whereas", "whenever", "wherever", "cos", "coz",
    "cuz",
    # digits said as words (capitalised, "Seven" is a surname too)
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
}) | WAITLIST_WORDS | MISTAKE_WORDS  # fmt: skip
"""Lower-case words that are never (or almost never) part of a person's name."""


SENTENCE_WORDS = frozenset({
    "i", "i'm", "im", "me", "my", "you", "your", "he", "she", "we", "they", "it", "it's", "its", "this", "that",
    "what", "whats", "what's", "who", "how", "why", "when", "where", "a", "an", "the", "and", "or", "but", "if",
    "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "is", "are", "was", "be", "am", "do",
    "does", "did", "have", "has", "can", "could", "would", "will", "not", "no", "yes", "want", "need", "like",
    "name", "last", "first", "surname", "sign", "up", "join", "here", "there", "just", "so", "please", "thanks",
})  # fmt: skip
"""Words a sentence is built from: a reply made only of other words, after a name question, is a name."""


PARTICLES = frozenset({
    "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "la", "le",
    "van", "von", "den", "ter", "ten", "y", "e", "bin", "binti", "ibn", "al", "el", "en", "zu",
    "d'", "l'", "dell'", "und", "'t", "'s", "los", "las",
})  # fmt: skip
"""Surname particles written in lower case inside a name ("Ana da Silva", the Dutch "van 't Riet", the Spanish "de
los Ángeles", once saved "de Los Ángeles")."""

_IRISH_PATRONYMS = frozenset({"mac", "mic", "mhic", "nic", "mag", "ó", "o", "ní", "uí", "giolla"})
_IRISH_ARTICLES = frozenset({"an", "na", "a'"})


def irish_article(before: str, word: str) -> bool:
    """Whether ``word`` is the article inside an Irish surname, written in lower case: "Mac an Bhaird",
    "Nic an tSaoir", "Ó na Gealaí", "Mac a' Bhàird". Alone, "an" is no name; after "Mac" it is part of one."""
    return before.lower() in _IRISH_PATRONYMS and word.lower() in _IRISH_ARTICLES


_JOINERS = "\u200c\u200d"
"""The zero-width non-joiner and joiner, which Persian and the Indic scripts write inside a word."""


def in_word_mark(char: str) -> bool:
    """Whether ``char`` belongs inside a word although it is no letter: a vowel sign or virama of an Indic
    script ("गोविंदा"), Arabic or Hebrew vowel points and shadda ("صدّام"), a Thai tone mark, an accent
    written apart, or a joiner. Regular expressions' letters leave them out, which cut such names apart."""
    return unicodedata.category(char).startswith("M") or char in _JOINERS


def _mark_class() -> str:
    """The marks of `in_word_mark` in the first plane, as ranges for a regular expression's class."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if in_word_mark(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


WORD_TAIL = f"[^\\W\\d_]*(?:[{_mark_class()}]+[^\\W\\d_]*)*"
"""A regular expression for the rest of a word after its first letter: letters, and the marks written inside
a word between them (letters first, in one run: plain words are read as fast as before the marks)."""
