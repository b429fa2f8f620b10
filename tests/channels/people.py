"""A cooperative person for whole conversations: answers whatever Knotty's last question asks."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Person", "last_question"]


def last_question(reply: str) -> str:
    """The last question of a reply (or its last sentence), lower case."""
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", reply.lower()) if s.strip()]
    questions = [s for s in sentences if s.endswith("?")]
    return questions[-1] if questions else (sentences[-1] if sentences else "")


@dataclass
class Person:
    """Someone signing up; `spoken` answers as a phone line's speech recogniser would hand them over."""

    name: str
    email_typed: str
    email_spoken: str
    role: str
    phone_said: str = "this number"
    wants_text: bool = True

    def answer(self, reply: str, *, spoken: bool) -> str:
        q = last_question(reply)
        if "already on our waitlist" in reply.lower() and ("update" in q or "change" in q):
            return "yes"  # a returning person (or someone giving another's details) goes ahead
        if "text" in q or "confirmation" in q:
            return "yes please" if self.wants_text else "no thanks"
        if "correct" in q or "right" in q:
            return "yes"
        if "email" in q:
            return self.email_spoken if spoken else self.email_typed
        if "number" in q or "phone" in q:
            return self.phone_said
        if "therapist" in q or "client" in q:
            return f"I'm a {self.role}"
        if "name" in q:
            return self.name
        raise AssertionError(f"the person can't tell what Knotty asks: {reply!r}")
