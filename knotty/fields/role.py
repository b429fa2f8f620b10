"""The role a person signs up with: therapist (provider) or client.

MasseurMatch's waitlist has exactly two kinds of people: massage therapists
who want to be listed, and clients who want to book them. Everything people
call themselves is folded into those two words here.
"""

from __future__ import annotations

import re
from typing import Literal

from knotty.fields.errors import FieldError

__all__ = ["ROLES", "Role", "normalize_role"]

Role = Literal["therapist", "client"]

ROLES: tuple[Role, ...] = ("therapist", "client")
"""Every role, in the order the agent offers them ("therapist or client")."""

_SYNONYMS: dict[str, Role] = {
    "therapist": "therapist",
    "massage therapist": "therapist",
    "licensed massage therapist": "therapist",
    "lmt": "therapist",
    "rmt": "therapist",
    "masseuse": "therapist",
    "masseur": "therapist",
    "massagist": "therapist",
    "bodyworker": "therapist",
    "body worker": "therapist",
    "provider": "therapist",
    "practitioner": "therapist",
    "professional": "therapist",
    "pro": "therapist",
    "client": "client",
    "customer": "client",
    "patient": "client",
    "user": "client",
    "consumer": "client",
    "guest": "client",
}

_CLEAN_RE = re.compile(r"[^a-z ]+")
_ARTICLE_RE = re.compile(r"^(?:(?:i'?m|i am|im|as)\s+)?(?:an?|the)\s+|s$")


def normalize_role(raw: str) -> Role:
    """Check a role given on its own and return "therapist" or "client".

    Accepts the two words in any case and their obvious synonyms ("LMT",
    "masseuse", "provider", "customer", "a client").

    Raises:
        FieldError: The value is neither role.
    """
    text = " ".join(_CLEAN_RE.sub(" ", raw.lower().replace("'", "")).split())
    role = _SYNONYMS.get(text) or _SYNONYMS.get(_ARTICLE_RE.sub("", text).strip())
    if role is None:
        raise FieldError("role", "I need to know whether you're a massage therapist or a client")
    return role
