"""How one of Knotty's written replies is drawn: the read-back as a card, quick replies, unbroken phones.

Speech is never touched: these are renderings of the written text the agent already sent. A read-back
("Here's what I have: name …; phone …; email …; joining as a …. Is that all correct?") becomes four
labelled lines whose text, read without the markup, is the reply word for word (copying it, a
screen reader or a test reading the page gets the same sentence). A question about the role, or the
read-back's question, gets buttons with the usual answers; the message box stays the way to answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["QuickReply", "ReadBack", "quick_replies", "read_back", "unbroken_phones"]

_READ_BACK = re.compile(
    r"^(?P<lead>.*?:)\s+name (?P<name>[^;]+); phone (?P<phone>[^;]+); email (?P<email>[^;\s]+);"
    r" joining as (?P<role>an? [a-z]+)\.\s+(?P<question>\S.*)$",
    re.DOTALL,
)
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
_ROLE_QUESTION = re.compile(r"therapist\b[^.!?]*\bclient\b[^.!?]*[?.]\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ReadBack:
    """The written read-back, split into what the card shows."""

    lead: str
    name: str
    phone: str
    email: str
    role: str
    question: str


@dataclass(frozen=True)
class QuickReply:
    """A button that sends `text` as if typed."""

    label: str
    text: str


_CONFIRM_REPLIES = (
    QuickReply("Yes, that's right", "yes"),
    QuickReply("Fix something", "I need to fix something"),
)
_ROLE_REPLIES = (
    QuickReply("I'm a therapist", "I'm a massage therapist"),
    QuickReply("I'm a client", "I'm a client"),
)


def read_back(text: str) -> ReadBack | None:
    """The read-back's parts, or None when `text` is not a written read-back."""
    found = _READ_BACK.match(text.strip())
    if found is None:
        return None
    return ReadBack(**{k: v.strip() for k, v in found.groupdict().items()})


def quick_replies(text: str) -> tuple[QuickReply, ...]:
    """Buttons for the usual answers to what `text` asks (none when it asks something open)."""
    if read_back(text) is not None:
        return _CONFIRM_REPLIES
    if _ROLE_QUESTION.search(text.strip()):
        return _ROLE_REPLIES
    return ()


def unbroken_phones(text: str) -> Markup:
    """`text` escaped, each phone number wrapped so a line never breaks inside it."""
    out: list[str] = []
    last = 0
    for found in _PHONE.finditer(text):
        if sum(ch.isdigit() for ch in found.group()) < 7:
            continue
        out.append(escape(text[last : found.start()]))
        out.append(Markup('<span class="nowrap">%s</span>') % found.group())
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
