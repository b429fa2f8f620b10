"""Small pieces every Twilio route shares: the XML response and the caller's number."""

from __future__ import annotations

import re
from collections.abc import Mapping

from litestar import Response

__all__ = ["TWIML_MEDIA_TYPE", "caller_of", "e164_or_none", "twiml"]

TWIML_MEDIA_TYPE = "application/xml"
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_WITHHELD = frozenset({"+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"})
"""What Twilio puts in `From` when the caller ID is withheld: ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN
and UNAVAILABLE spelled on a keypad. Every such caller shares it, so it proves no number."""


def twiml(body: str) -> Response[str]:
    """A TwiML document as an HTTP 200 response."""
    return Response(content=body, media_type=TWIML_MEDIA_TYPE, status_code=200)


def e164_or_none(number: str | None) -> str | None:
    """The number when it is a real E.164 number (not `anonymous`, a withheld caller ID's stand-in, a
    short code or a client id)."""
    number = (number or "").strip()
    return number if _E164.match(number) and number not in _WITHHELD else None


def caller_of(form: Mapping[str, str]) -> str | None:
    """The caller's own number from a signed voice webhook: `From` when it is a real number and not
    the number called. A caller ID set to Knotty's own number proves nothing about the caller, and
    "this number" must not become it (a text to it would loop through Twilio)."""
    number = e164_or_none(form.get("From"))
    return None if number is not None and number == e164_or_none(form.get("To")) else number
