"""Small pieces every Twilio route shares: the XML response and the caller's number."""

from __future__ import annotations

import re

from litestar import Response

__all__ = ["TWIML_MEDIA_TYPE", "e164_or_none", "twiml"]

TWIML_MEDIA_TYPE = "application/xml"
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def twiml(body: str) -> Response[str]:
    """A TwiML document as an HTTP 200 response."""
    return Response(content=body, media_type=TWIML_MEDIA_TYPE, status_code=200)


def e164_or_none(number: str | None) -> str | None:
    """The number when it is a real E.164 number (not `anonymous`, a short code or a client id)."""
    number = (number or "").strip()
    return number if _E164.match(number) else None
