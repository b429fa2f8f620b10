"""Housekeeping a long-running Knotty does in the background: forget old idempotency keys.

Every answered webhook leaves a key so that a retry gets the same answer; retries come within
minutes, so keys older than two days only cost space.
"""

from __future__ import annotations

import asyncio
import logging

from knotty.logs import log_event
from knotty.store.repository import Store, idle_cutoff

__all__ = ["KEEP_KEYS_HOURS", "prune_forever", "prune_once"]

KEEP_KEYS_HOURS = 48.0


async def prune_once(store: Store, keep_hours: float = KEEP_KEYS_HOURS) -> int:
    """Delete idempotency keys older than `keep_hours`; returns how many went."""
    removed = await store.prune_processed(idle_cutoff(keep_hours))
    if removed:
        log_event("pruned_processed_turns", removed=removed)
    return removed


async def prune_forever(store: Store, every_s: float = 3600.0) -> None:
    """Prune now and then every `every_s` seconds until cancelled; a failure waits for the next round."""
    while True:
        try:
            await prune_once(store)
        except Exception:  # noqa: BLE001 - housekeeping must never take the app down
            logging.getLogger("knotty").warning("pruning idempotency keys failed", exc_info=True)
        await asyncio.sleep(every_s)
