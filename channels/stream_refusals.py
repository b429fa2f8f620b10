"""Refused stream handshakes, counted per client address across processes; past a cap, closed without a line.

A handshake to `/twilio/relay/<token>` or `/twilio/media-stream/<token>` that is refused (no signature
or a forged one, a bad or expired token, a second handshake of a call) was logged every time: a flood
from one address filled the log with a JSON line each and cost the server the writes. Refusals are
counted per client address (`knotty.address_key`: an IPv6 client by its /64) in the shared counters,
`STREAM_REFUSALS` per window across every process, as the admin's sign-in guesses are. Past that a
refusal is closed all the same (HTTP 403 before the handshake is accepted) without a line of its own,
and one line, `stream_refusals_capped`, says so once per address and window for all processes
together. Once capped, a process remembers the window's end for that address and stops asking the
counters: the rest of a flood costs a signature check and a close.

The cap never refuses a handshake that would be accepted: Twilio's streams come from addresses that every
Twilio customer's streams share, and a cap that refused them would let anyone with a Twilio account
point streams at Knotty and shut its calls out.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from knotty import Limit, Limiter, address_key, log_event

if TYPE_CHECKING:
    from litestar import WebSocket

__all__ = ["CAPPED_NOTICE", "STREAM_REFUSALS", "WS_POLICY_VIOLATION", "RefusalFields", "StreamRefusals"]

WS_POLICY_VIOLATION = 1008
STREAM_REFUSALS = Limit("stream-refused", 20, 300)
"""Refused handshakes from one client address logged in five minutes (as many as Twilio's own retries
and a few replays could ever make)."""
CAPPED_NOTICE = Limit("stream-refused-capped", 1, STREAM_REFUSALS.window_s)
"""The one `stream_refusals_capped` line per address and window, across processes."""
MAX_QUIET_ADDRESSES = 10_000
"""Capped addresses a process remembers (the oldest forgotten first): a flood from many addresses is
bounded in memory and falls back to asking the shared counters."""
log = logging.getLogger("knotty.channels.stream_refusals")


class RefusalFields(TypedDict, total=False):
    """What a refusal's log line may say beside the mode and the reason."""

    call: str


@dataclass
class StreamRefusals:
    """Closes refused stream handshakes, logging each address's first `STREAM_REFUSALS` of a window."""

    limiter: Limiter
    _quiet: OrderedDict[str, float] = field(default_factory=OrderedDict, repr=False)
    """Capped addresses and the monotonic time their window ends."""

    async def refuse(
        self, socket: WebSocket[Any, Any, Any], mode: str, reason: str, **fields: Unpack[RefusalFields]
    ) -> None:
        """Close with a policy violation: before `accept` Twilio sees HTTP 403; after, close code 1008.
        Logged unless the address is past its cap. The token is never logged (it is a credential until
        it expires)."""
        address = address_key(socket.client.host) if socket.client else "unknown"
        if await self._counted(address):
            log_event("stream_refused", logging.WARNING, mode=mode, reason=reason, **fields)
        try:
            await socket.close(code=WS_POLICY_VIOLATION, reason=reason)
        except Exception:  # keeps the refusal going: the peer is already gone, whatever the socket raises
            log.debug("could not close a refused stream", exc_info=True)

    async def _counted(self, address: str) -> bool:
        """Count one refusal from `address`; False when it is past the window's cap (nothing counted)."""
        now = time.monotonic()
        until = self._quiet.get(address)
        if until is not None:
            if until > now:
                return False
            del self._quiet[address]
        wait = await self.limiter.take((STREAM_REFUSALS, address))
        if wait <= 0:
            return True
        self._quiet[address] = now + wait
        while len(self._quiet) > MAX_QUIET_ADDRESSES:
            self._quiet.popitem(last=False)
        if await self.limiter.take((CAPPED_NOTICE, address)) <= 0:
            log_event(
                "stream_refusals_capped",
                logging.WARNING,
                address=address,
                refused=STREAM_REFUSALS.limit,
                window_s=STREAM_REFUSALS.window_s,
            )
        return False
