"""The identifiers a signed Twilio webhook may carry: what the database can store the same way everywhere.

SQLite stores a string of any length and a NUL in it; PostgreSQL refuses both (a varchar's length, and
NUL in any text). Twilio's own identifiers are short and printable (a SID is 34 characters, a number
at most 16), so a request whose identifiers are not is refused here with a 400, before anything is
stored, on either database. Free text (`Body`, `SpeechResult`) is not checked: the agent drops control
characters from what a person says.

A SID must also be exactly Twilio's (two capital letters, 32 hex digits), a text's `MessageSid`,
`SmsSid` and `SmsMessageSid` the same one, and every webhook must name its call or its message. The
signature covers the URL and then every name and value of the sorted form run together, with no
separator, so someone holding one signed request could move where a value ends: `MessageSid=SM…`
followed by `NumMedia=0` signs the same as `MessageSid=SM…NumMedia0` alone, and `CallSid=CA…` can be
folded into the value before it, leaving no `CallSid` at all. The SID is what makes a webhook once-only
(the idempotency key, the claim of a STOP or START), so a re-split or missing SID would make a captured
request new again. Twilio's own SIDs cannot be re-split that way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["ADDRESS_MAX", "SID_MAX", "SMS_SENDER_MAX", "odd_identifier"]

SID_MAX = 64
"""The widest SID column (`sid` of the confirmation texts); Twilio's SIDs are 34 characters."""
ADDRESS_MAX = 128
"""A conversation's `external_id`: a caller or sender address (a number, `client:...`, a SIP URI)."""
SMS_SENDER_MAX = 20
"""An SMS opt-out's `phone`: a sender longer than this could not have its STOP recorded."""

_ADDRESSES = ("From", "To", "Caller", "Called")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SID = re.compile(r"[A-Z]{2}[0-9a-f]{32}")
_MESSAGE_SIDS = ("MessageSid", "SmsSid", "SmsMessageSid")


def odd_identifier(form: Mapping[str, str]) -> str | None:
    """Why `form` cannot be stored alike on every database (`"From: too long"`), or None when it can."""
    for name, value in form.items():
        if name.endswith("Sid"):
            widest = SID_MAX
        elif name in _ADDRESSES:
            widest = ADDRESS_MAX
        else:
            continue
        if _CONTROL.search(value):
            return f"{name}: a control character"
        if len(value) > widest:
            return f"{name}: longer than {widest} characters"
        if name.endswith("Sid") and value and not _SID.fullmatch(value):
            return f"{name}: not a Twilio SID"
    message_sids = {form[name] for name in _MESSAGE_SIDS if form.get(name)}
    if len(message_sids) > 1:
        return "MessageSid: not the same as SmsSid"
    if not message_sids and not form.get("CallSid"):
        return "CallSid or MessageSid: missing"
    return None
