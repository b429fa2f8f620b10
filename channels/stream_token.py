"""The per-call ticket that lets Twilio, and only for this call, open a voice stream.

A `<Stream>` or `<ConversationRelay>` URL used to be the same for every call, so Twilio's signature
over it was the same for every call too: one observed handshake let anyone open streams at will
and claim any CallSid. Now the TwiML that answers a call puts a token in the URL's path (Media
Streams drop query strings; Twilio's docs say to use `<Parameter>`, but those travel inside the
stream and are not signed): Twilio's handshake signature then covers a URL unique to this call,
and the token itself says which call it is for, who the caller is, whether their caller ID proves they
hold that number (`channels.caller_id`) and which voice mode.

The token is an HMAC-signed (itsdangerous, SHA-256) list of the CallSid, the caller's E.164 number
as taken from the signed webhook that answered the call, the mode, the issue time and whether that
webhook's caller ID was proven (a token without it, from before it was carried, proves nothing), keyed with
`TWILIO_AUTH_TOKEN` and salted per mode, so a token minted for one mode is worthless on the other.
Twilio connects right after it fetches the TwiML, so a token is good for `TOKEN_TTL_S` only; that it
is used at most once is the handshake's job (`channels.voice_connect`), since that needs the store.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

__all__ = ["MAX_TOKEN_CHARS", "TOKEN_TTL_S", "StreamGrant", "issue_stream_token", "read_stream_token"]

TOKEN_TTL_S = 120
"""Seconds between the TwiML being served and Twilio's handshake: generous for a slow network, short
enough that a token copied from a log is dead before it is useful."""
CLOCK_SKEW_S = 5
"""A token "issued" this far in the future is still taken (another process's clock)."""
MAX_TOKEN_CHARS = 512
"""Longer path segments are refused without decoding them."""


@dataclass(frozen=True)
class StreamGrant:
    """What a valid token vouches for: this call, this caller, this voice mode."""

    call_sid: str
    caller: str | None
    """E.164 number from the answered call's signed webhook (None for a withheld number)."""
    mode: str
    issued_at: int
    caller_proven: bool = False
    """That webhook's caller ID proves the caller holds `caller` (`channels.caller_id.caller_proven`)."""


def _serializer(secret: str, mode: str) -> URLSafeSerializer:
    return URLSafeSerializer(
        secret, salt=f"knotty.voice-stream.{mode}", signer_kwargs={"digest_method": hashlib.sha256}
    )


def issue_stream_token(
    secret: str,
    *,
    call_sid: str,
    caller: str | None,
    mode: str,
    caller_proven: bool = False,
    now: float | None = None,
) -> str:
    """A URL-safe token for one call's stream in `mode` (`now`, for tests, backdates it)."""
    issued = int(time.time() if now is None else now)
    payload = [call_sid, caller or "", mode, issued, bool(caller_proven)]
    return str(_serializer(secret, mode).dumps(payload))


def read_stream_token(
    secret: str | None, token: str | None, *, mode: str, now: float | None = None
) -> StreamGrant | None:
    """The grant a token carries, or None when it is missing, forged, expired or for another mode."""
    if not secret or not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        payload = _serializer(secret, mode).loads(token)
    except BadSignature:
        return None
    if not (isinstance(payload, list) and len(payload) in (4, 5)):
        return None
    call_sid, caller, token_mode, issued, *rest = payload
    proven = rest == [True]  # exactly True; a four-item token (issued before) proves nothing
    if not (isinstance(call_sid, str) and call_sid and isinstance(caller, str) and token_mode == mode):
        return None
    if not isinstance(issued, int) or isinstance(issued, bool):
        return None
    age = (time.time() if now is None else now) - issued
    if not -CLOCK_SKEW_S <= age <= TOKEN_TTL_S:
        return None
    return StreamGrant(
        call_sid=call_sid, caller=caller or None, mode=mode, issued_at=issued, caller_proven=proven
    )
