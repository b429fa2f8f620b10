"""How far a call's caller ID proves the caller holds the number: Twilio's SHAKEN/STIR verdict, at the edge.

Anyone can set any caller ID on a SIP trunk, so a call's `From` alone proves nothing. Twilio checks the
SHAKEN/STIR identity header of an incoming call and puts the result in the webhook's `StirVerstat`
(present only when the call carried one): `TN-Validation-Passed-A` means the originating carrier both
knows the caller and knows they may use that number; `-B` and `-C` vouch only for the customer or the
gateway; `TN-Validation-Failed-*` and `No-TN-Validation` vouch for nothing, nor does its absence (calls
from abroad, older networks). `KNOTTY_CALLER_ID_TRUST` says which callers count: `attested` (A only)
or `any` (every caller ID, for deployments whose callers are outside SHAKEN/STIR).

The core hears only the answer (`Inbound.caller_proven`), never Twilio's words. The streaming modes read
it from the stream's token (`channels.stream_token`), signed when the webhook that answered the call
was read, so a stream cannot claim an attestation its call did not have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ATTESTED", "STIR_PARAM", "caller_proven"]

STIR_PARAM = "StirVerstat"
"""The signed voice webhook's SHAKEN/STIR verification result."""
ATTESTED = "TN-Validation-Passed-A"
"""Full attestation: the carrier knows the caller and that they may use the number."""


def caller_proven(form: Mapping[str, str], trust: str) -> bool:
    """Whether this signed voice webhook's caller ID proves the caller holds it, under `trust`
    (`Settings.caller_id_trust`). Exact match only: a value Twilio may add later is not trusted."""
    return trust == "any" or form.get(STIR_PARAM, "") == ATTESTED
