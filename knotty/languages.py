"""The lines Knotty says in a language other than English, and where a reply holds them.

Knotty works in English; to a person speaking Spanish it says a few fixed lines in Spanish (the offline
brain's `Wording.spanish*`). A voice channel should speak those in a Spanish voice: an English voice
reading Spanish is hard to follow. `spoken_runs` cuts a reply into runs of one language each, so the
agent can hand them to the channel (`TurnResult.parts`) without the channel knowing any language.
"""

from __future__ import annotations

import re

__all__ = [
    "SPANISH",
    "SPANISH_AGAIN",
    "SPANISH_GOODBYE_SPOKEN",
    "SPANISH_GOODBYE_WRITTEN",
    "SPANISH_NOTE_SPOKEN",
    "SPANISH_NOTE_WRITTEN",
    "spoken_runs",
    "written_language",
]

SPANISH = "es"
"""The BCP-47 primary tag of the runs in Spanish."""
SPANISH_NOTE_SPOKEN = (
    "Lo siento, por ahora solo puedo ayudarle en inglés. También puede apuntarse en la web de "
    "MasseurMatch, o escribirnos un mensaje de texto a este número. Si prefiere, seguimos en inglés."
)
SPANISH_NOTE_WRITTEN = (
    "Lo siento, por ahora solo puedo ayudarle en inglés. Puede escribirme en inglés, aunque sea con "
    "un traductor, o apuntarse en la web de MasseurMatch."
)
SPANISH_AGAIN = "Lo siento, solo puedo ayudarle en inglés."
SPANISH_GOODBYE_SPOKEN = (
    "Lo siento, solo puedo ayudarle en inglés. Puede apuntarse en la web de MasseurMatch o por mensaje de "
    "texto. Gracias, y adiós."
)
SPANISH_GOODBYE_WRITTEN = (
    "Lo siento, solo puedo ayudarle en inglés. Puede apuntarse en la web de MasseurMatch. Gracias, y adiós."
)
_SPOKEN_LINES = (SPANISH_NOTE_SPOKEN, SPANISH_GOODBYE_SPOKEN, SPANISH_AGAIN)
"""Longest first: the shorter line begins the goodbye."""
_MARK = "Lo siento"


def spoken_runs(reply: str) -> tuple[tuple[str, str], ...]:
    """`reply` as `(language, text)` runs, when it holds a Spanish line said on a call; `()` when it is all
    English (nearly every reply: one substring test)."""
    if _MARK not in reply:
        return ()
    for line in _SPOKEN_LINES:
        at = reply.find(line)
        if at < 0:
            continue
        before, after = reply[:at].strip(), reply[at + len(line) :].strip()
        runs = [("en", before)] if before else []
        runs.append((SPANISH, line))
        if after:
            runs.append(("en", after))
        return tuple(runs)
    return ()


_SPANISH_MARKS = ("¿", "¡")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SPANISH_WORDS = """de la que el en y los las del se por un una para con su sus es está están lo le les al como más pero
    sí muy ya también usted ustedes puede puedo podemos gracias hola nombre correo electrónico número teléfono
    soy tu mi yo nos este esta eso esto hay ser fue qué cómo cuál dónde cuándo ahora solo sólo
    ayudarle ayudar inglés español bien bueno favor quiere prefiere seguir lista espera"""
_SPANISH_WRITTEN = frozenset(_SPANISH_WORDS.split())
"""Words of written Spanish, the small ones first: a sentence a model writes in Spanish holds some."""
_ENGLISH_WORDS = """the an and is are to of you your i it that this what for on in with be have has can could would will
    please thanks thank my me we us was were do does at from just so if or our how which who when where there
    here i'm you're that's what's it's let's i'll you'll we'll"""
_ENGLISH_WRITTEN = frozenset(_ENGLISH_WORDS.split())
"""Words of written English that are no Spanish word (not "a", "me", "no")."""


_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e"})
"""Words that are part of a name when one follows ("Luis de la Garza", "Ortega y Gasset")."""


def _names_next(words: list[str], i: int) -> bool:
    """The words after `words[i]` (past more particles) go on with a capitalised one: a name's particle."""
    for word in words[i + 1 :]:
        if word.lower() not in _PARTICLES:
            return word[:1].isupper()
    return False


def written_language(sentence: str, before: str = "en") -> str:
    """The language a sentence a model wrote is in: `SPANISH` or "en" (`before`, the sentence before's,
    when nothing in it tells: "Perfecto." or a name alone).

    Spanish by its opening marks (English has no "¿" or "¡"), or by more words of written Spanish than of
    written English: "Lo siento, solo puedo ayudarle en inglés" is Spanish; "Thanks, María de la Cruz, is
    that right?" is English. A name's "de la" weighs against the English words around it."""
    if any(mark in sentence for mark in _SPANISH_MARKS):
        return SPANISH
    spanish = english = 0
    words = _WORD.findall(sentence)
    for i, word in enumerate(words):
        low = word.lower()
        if low in _PARTICLES and _names_next(words, i):
            continue  # "María de la Cruz": a name's, in any language
        if low in _SPANISH_WRITTEN:
            spanish += 1
        elif low in _ENGLISH_WRITTEN:
            english += 1
    if not spanish and not english:
        return before
    return SPANISH if spanish > english else "en"
