"""The one error a field check raises.

Hierarchy (the whole tree is drawn in `knotty.errors`)::

    KnottyError, ValueError
    └── FieldError   a value for one waitlist field was not acceptable

Callers (the agent, tool-call handlers, the web form) never see a third-party
exception: phone and e-mail library errors are translated here, at the field
boundary. ``reason`` is a short, polite fragment the agent can say aloud
("that phone number seems to be missing a digit").
"""

from __future__ import annotations

from typing import Literal

from knotty.errors import KnottyError

__all__ = ["FieldError", "FieldName"]

FieldName = Literal["full_name", "phone", "email", "role"]


class FieldError(KnottyError, ValueError):
    """A value given for a waitlist field was not acceptable.

    Attributes:
        field: Which field was being checked.
        reason: A short, speakable explanation of what is wrong.
    """

    field: FieldName
    reason: str

    def __init__(self, field: FieldName, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        return self.reason

    def __repr__(self) -> str:
        return f"FieldError(field={self.field!r}, reason={self.reason!r})"
