"""A model reply that only says the person's own words back, or speaks as the person.

A small model often answers with the person's last message word for word ("Hallo, ich möchte mich
anmelden. Ich heiße Anna Müller.") or goes on as if it were them ("Hello, my name is Anna Nowak. I'm a
young doctor..."): the person gets their own words, or words put in their mouth, and no question to
answer. Knotty has a name of its own; the person's words are theirs.

It also takes the person's part without their words (round 17, SmolLM2-135M): "I'm Kenji Murphy,
MasseurMatch's assistant" to Kenji Murphy, "I'm sorry, I don't have an account. Can you help me with
something?", "Hi, I'd like to sign up as a therapist". Knotty asks for the four fields and never wants
to sign up, has no account, email or number of its own, and is no therapist or client
(`speaks_as_the_person`); those lines are refused, and the offline brain answers the person instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["echoes_the_person", "speaks_as_the_person"]

_WORD = re.compile(r"[^\W_]+")
_ECHO_WORDS = 4
"""A reply of at least this many words, all of them a run of the person's last message, is an echo: a
short one ("Anna Müller?") may be a fair check of what was heard."""
_AS_THE_PERSON = re.compile(
    r"""(?ix)\b(?:my\s+name\s+is|ich\s+hei(?:ss|ß)e|mein\s+name\s+ist|nazywam\s+si[eę]|m[aă]\s+numesc|mi\s+chiamo|ik\s+heet
        |mijn\s+naam\s+is|me\s+llamo|je\s+m['’]appelle|meu\s+nome\s+[ée])\s+(?!knotty\b)"""
)
"""A self-introduction that is not Knotty's: the model speaking as the person."""
_THE_PERSONS_PART = re.compile(
    r"""(?ix)
    \bi(?:['’]?d|\s+would|\s+want|['’]?m\s+(?:trying|hoping|here)|\s+am\s+(?:trying|hoping|here))
        \s+(?:like\s+|love\s+)?to\s+(?:sign\s+up|join|register|enrol+|get\s+(?:on|a\s+massage)|book)\b
        (?!\s+(?:you|them|him|her|people|callers|clients|therapists)\b)
    |\b(?:can|could|would)\s+you\s+(?:please\s+)?(?:help|sign|add|put)\s+me\b
    |\bhow\s+(?:can|do|could|should)\s+i\s+(?:sign\s+up|join|register)\b
    |\bi\s+(?:don['’]?t|do\s+not)\s+have\s+an?\s+account\b
    |\bi(?:['’]?m|\s+am|\s+work\s+as)\s+an?\s+(?:licensed\s+|certified\s+|registered\s+|new\s+)?
        (?:massage\s+)?(?:therapist|client|lmt|masseuse|masseur)\b
    |\bi(?:['’]?m|\s+am)\s+looking\s+for\s+(?:a\s+)?(?:massage|therapist|masseuse|masseur)
    |\bmy\s+(?:e-?mail(?:\s+address)?|(?:phone|cell|mobile)(?:\s+number)?|number|full\s+name)\s+is\b
    """
)
"""What only the person says: wanting to sign up, asking to be helped or added, having no account, being a
therapist or client, their email or number. Knotty asks for these; it never says them of itself."""
_I_AM = re.compile(r"\bi(?:['’]m|\s+am)\s+((?:[^\W\d_][\w'’-]*\s*){1,3})", re.IGNORECASE)
_NOT_A_NAME = frozenset(
    [
        "sorry",
        "here",
        "glad",
        "happy",
        "afraid",
        "not",
        "so",
        "just",
        "really",
        "very",
        "still",
        "going",
        "knotty",
        "okay",
        "ok",
        "fine",
        "good",
        "great",
        "sure",
        "a",
        "an",
        "the",
        "your",
        "you",
        "all",
        "now",
        "back",
    ]
)
"""Words after "I'm" that make it no self-introduction by name ("I'm sorry", "I'm so glad", "I'm Knotty")."""


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def speaks_as_the_person(text: str, said: Sequence[str] = ()) -> bool:
    """`text` says what only the person says (`_THE_PERSONS_PART`), introduces itself by a name that is
    not Knotty's (`_AS_THE_PERSON`), or says "I'm" with a name the person gave (`said`): "I'm Kenji Murphy"."""
    if _AS_THE_PERSON.search(text) or _THE_PERSONS_PART.search(text):
        return True
    if not said or not (intros := _I_AM.findall(text)):
        return False
    theirs = {w for line in said for w in _words(line)}
    for intro in intros:
        name = _words(intro)
        if intro[:1].islower() or not name or name[0] in _NOT_A_NAME:
            continue  # "I'm sorry", "I'm glad": a name is written with a capital (or in a script with none)
        if name[0] in theirs:
            return True
    return False


def echoes_the_person(text: str, said: Sequence[str]) -> bool:
    """`text` is the person's last message said back (`_ECHO_WORDS` or more of its words in a row and
    nothing else), or speaks as the person (`speaks_as_the_person`)."""
    if speaks_as_the_person(text, said):
        return True
    if not said:
        return False
    reply, last = _words(text), _words(said[-1])
    if len(reply) < _ECHO_WORDS:
        return False
    n = len(reply)
    return any(last[i : i + n] == reply for i in range(len(last) - n + 1))
