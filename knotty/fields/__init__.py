"""Understanding and checking the four waitlist fields: name, phone, e-mail, role.

Used by the offline brain (to understand people) and by grounding (to check a model's tool calls).

Two kinds of function, all pure and fast (no I/O, well under a millisecond):

- ``normalize_*`` check a value that is already isolated (a tool-call
  argument, a form field) and return its stored form, or raise
  :class:`FieldError` with a reason the agent can say aloud.
- ``extract_*`` find a value in free text (typed, or a phone line's speech
  recognition) and return it, or None when nothing usable was said. They
  never guess.

``speak_phone`` and ``speak_email`` turn stored values into words for reading
back on a call.
"""

from __future__ import annotations

from knotty.fields.email import (
    extract_email,
    extract_email_domain,
    extract_email_local,
    lost_at,
    normalize_email,
)
from knotty.fields.errors import FieldError, FieldName
from knotty.fields.name import (
    extract_name,
    extract_name_spelling,
    is_full_name,
    join_names,
    letter_names_joined,
    normalize_name,
    without_aka,
    without_nicknames,
)
from knotty.fields.phone import (
    extract_phone,
    mentions_own_number,
    normalize_phone,
    phone_digits_heard,
    preload_numbering_plans,
)
from knotty.fields.readback import speak_email, speak_phone
from knotty.fields.role import ROLES, Role, RoleFinding, extract_role, normalize_role

__all__ = [
    "ROLES",
    "FieldError",
    "FieldName",
    "Role",
    "RoleFinding",
    "extract_email",
    "extract_email_domain",
    "extract_email_local",
    "extract_name",
    "extract_name_spelling",
    "extract_phone",
    "extract_role",
    "is_full_name",
    "join_names",
    "letter_names_joined",
    "lost_at",
    "mentions_own_number",
    "normalize_email",
    "normalize_name",
    "normalize_phone",
    "normalize_role",
    "phone_digits_heard",
    "preload_numbering_plans",
    "speak_email",
    "speak_phone",
    "without_aka",
    "without_nicknames",
]
