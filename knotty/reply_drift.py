"""Whether a model's reply before the save carries the sign-up on at all.

A weak model drifts into talk about something else: small talk ("Interesting. What do you enjoy
most?"), answers to questions nobody asked, a line about massage in general. Such a reply asks for no
field, reads nothing back and offers nothing, so the person met it for up to three turns before the
watch took the conversation over (`knotty.watch`), and answered it, and was asked nothing. Before the
save, a reply that names none of the four fields, no detail of theirs and no text is a lost model turn:
the offline brain answers it instead (it answers an off-topic question in one line, then asks).

The words are looked for in what the reply leaves the person to answer (its questions, its last
sentence), as stems, in the languages a model reply may be in (`reply_languages`), so a
question about the phone, the email, the name or the role in any of them is on the sign-up. Only a
model's reply is read, once, and only before the save.
"""

from __future__ import annotations

import re

__all__ = ["asks_nothing"]

_DETAILS = re.compile(r"@|\d(?:[\s().-]*\d){5}")
"""An address or a number read back, anywhere in the reply."""
_SENTENCE = re.compile(r"[^.?!\n]+[.?!]*")
_SIGNUP_WORDS = re.compile(
    r"""(?ix)
    \b(?:
        name | nom | naam | nombre | nome | nume | imi[eę] | nazwisk | surname | apellid | llam | chiam | hei(?:ss|ß)
        | spell | deletre | [ée]pel | buchstab | call\s+you
        | phone | number | tel[eéè]f | n[uú]m[eé]r | num[aă]r | nummer | numer | cell | mobil | m[oó]vil | portable | handy
        | e-?mail | mail | correo | courriel | adres | adress | endere[cç]o | indirizzo
        | therapists? | th[ée]rapeutes?\b | therapeut(?:in|en)?\b | terapeut(?:as?|ă|i|e)?\b | terapist[ai]?
        | client | klient | klant | kund | provider | customer | practitioner
        | text | sms | message | mensaje | nachricht | bericht | wiadomo
        | role | rol | papel | ruolo | rolle
        | sign | regist | waitlist | list[aey]? | lijst | sav(?:e|ed|ing) | detail | anmeld | angemeld | eintrag
        | trage | speicher | gespeichert | daten | dati | dados | donn[ée]es | gegevens | opsla | opgesla
        | inschrijv | ingeschrev | schrijf | iscri | salv | zapis | dan(?:e|ych) | [îi]nscri | stimmt
        | best[äa]tig | conferm | potwierdz
      )
    """
)


_CONFIRM_WORDS = re.compile(
    r"(?i)\b(?:correct|right|confirm|accurate|look\w*\s+good|exact|richtig|juist|corect|giust|poprawn|certo)"
)
"""Words that ask for a yes: on the sign-up only when the reply reads something of the person's back (a
detail, a field, a name); "your dog is barking, right?" and "the correct information" ask nothing."""
_NAME_SAID = re.compile(r"\b[A-ZÀ-Þ][\w'-]+[\s,]+[A-ZÀ-Þ][\w'-]+")
"""Two capitalised words: a name read back ("So it's Ana Lima, right?", "Ana Lima, correct?")."""
_REACH = re.compile(
    r"(?i)\b(?:reach|contact|get\s+(?:in\s+touch|back\s+to)|text|call)\s+(?:you|u)\b"
    r"|\bwho\s+(?:am\s+i|are\s+you|is\s+this|i'?m)\b|\bwho\s+i'?m\b"
)
"""Asking how to reach the person or who they are, without a field's word ("How can we reach you?",
"Who am I speaking with?"): the phone and the name asked in other words."""
_ASKED_WORDS = re.compile(r"(?i)\b(?:massag|masaj|masa[zż]|book)")
"""Words of the role only when asked about ("Are you giving massages or getting one?"): a statement about
massage ("... a study on massage for back pain") asks nothing."""


def asks_nothing(text: str) -> bool:
    """The reply reads back no detail of the person's, and neither its questions nor its last sentence
    (what it leaves the person to answer) name a field of the sign-up or the text: it drifted. A field
    word in a sentence about something else ("The role of MasseurMatch is ...") asks nothing, and a
    "right?" or "correct" asks for a yes only after a name read back: what the line asks is read, not
    single words."""
    if _DETAILS.search(text):
        return False
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    questions = [s for s in sentences if "?" in s]
    asked = [*questions, *sentences[-1:]]
    if any(_SIGNUP_WORDS.search(s) or _REACH.search(s) for s in asked):
        return False
    if any(_ASKED_WORDS.search(s) for s in questions):
        return False
    reads_back = _NAME_SAID.search(text) is not None
    return not (reads_back and any(_CONFIRM_WORDS.search(s) for s in asked))
