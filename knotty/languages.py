"""The lines Knotty says in a language other than English, and where a reply holds them.

Knotty works in English; to a person speaking Spanish it says a few fixed lines in Spanish (the offline
brain's `Wording.spanish*`). A voice channel should speak those in a Spanish voice: an English voice
reading Spanish is hard to follow. `spoken_runs` cuts a reply into runs of one language each, so the
agent can hand them to the channel (`TurnResult.parts`) without the channel knowing any language.
"""

from __future__ import annotations

__all__ = [
    "SPANISH",
    "SPANISH_AGAIN",
    "SPANISH_GOODBYE_SPOKEN",
    "SPANISH_GOODBYE_WRITTEN",
    "SPANISH_NOTE_SPOKEN",
    "SPANISH_NOTE_WRITTEN",
    "spoken_runs",
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
