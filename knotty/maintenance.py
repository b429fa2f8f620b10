"""Housekeeping a long-running Knotty does in the background: forget old idempotency keys, close dead calls.

Every answered webhook leaves a key so that a retry gets the same answer; retries come within
minutes, so keys older than two days only cost space. A call whose status callback never landed
(the database was away through all of Twilio's retries) would stay `active` forever: the sweeper
closes conversations of a channel idle past that channel's limit (`IDLE_LIMITS_S`). The shared
rate-limit counters of windows that have ended go on the sweeper's round (a flood of addresses leaves
one row per address and window).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from datetime import timedelta

from knotty.errors import Unavailable
from knotty.logs import log_event
from knotty.store.models import utcnow
from knotty.store.repository import Store, idle_cutoff

__all__ = [
    "IDLE_LIMITS_S",
    "KEEP_KEYS_HOURS",
    "close_idle_once",
    "prune_forever",
    "prune_limits_once",
    "prune_once",
    "sweep_forever",
]

KEEP_KEYS_HOURS = 48.0
log = logging.getLogger("knotty")


async def _round(job: Awaitable[int], what: str) -> None:
    """One round of housekeeping; whatever fails waits for the next round."""
    try:
        await job
    except Unavailable:
        log.warning("%s failed: the database is unavailable", what, exc_info=True)
    except Exception:  # keeps the housekeeping loop alive; a bug is logged as one, with its traceback
        log.exception("%s failed", what)


async def prune_once(store: Store, keep_hours: float = KEEP_KEYS_HOURS) -> int:
    """Delete idempotency keys older than `keep_hours`; returns how many went."""
    removed = await store.prune_processed(idle_cutoff(keep_hours))
    if removed:
        log_event("pruned_processed_turns", removed=removed)
    return removed


async def prune_forever(store: Store, every_s: float = 3600.0) -> None:
    """Prune now and then every `every_s` seconds until cancelled; a failure waits for the next round."""
    while True:
        await _round(prune_once(store), "pruning idempotency keys")
        await asyncio.sleep(every_s)


IDLE_LIMITS_S = {"voice": 15 * 60.0}
"""How long a conversation of each channel may go without a turn before it is over for sure: a phone
call's turns come seconds apart (Twilio's Gather waits seconds, a stream sends every utterance)."""


async def close_idle_once(store: Store, limits: dict[str, float] | None = None) -> int:
    """Close every `active` conversation idle past its channel's limit; returns how many."""
    closed = 0
    for channel, idle_s in (limits or IDLE_LIMITS_S).items():
        count = await store.close_idle(channel, utcnow() - timedelta(seconds=idle_s))
        if count:
            log_event("closed_idle_conversations", channel=channel, closed=count)
        closed += count
    return closed


async def prune_limits_once(store: Store) -> int:
    """Delete rate-limit counters no window counts any more; returns how many went."""
    removed = await store.limits.prune()
    if removed:
        log_event("pruned_rate_limits", removed=removed)
    return removed


async def sweep_forever(store: Store, every_s: float = 60.0) -> None:
    """Close idle calls and prune ended rate-limit windows every `every_s` seconds until cancelled;
    a failure waits for the next round."""
    while True:
        await asyncio.sleep(every_s)
        await _round(close_idle_once(store), "closing idle calls")
        await _round(prune_limits_once(store), "pruning rate-limit counters")
