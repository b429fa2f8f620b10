"""The confirmation text, sent through Twilio's REST API in the background once a person accepts it.

`confirmation_requested` returns at once: a background task loads the entry, skips numbers that
opted out, sends with retries and exponential backoff, and records the outcome on the entry
(`sent` with the Message SID, `failed`, or `opted_out`). A failed send never reaches the
conversation, and a burst of them queues behind a small concurrency limit instead of crowding the
database pool the conversations use. Entries left in `requested` by a crash are sent when the process
starts again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from channels.twilio_rest import TwilioApiError, TwilioRest
from channels.wording import confirmation_sms
from knotty.logs import log_event
from knotty.notify import ConfirmationNotifier
from knotty.store.models import utcnow

if TYPE_CHECKING:
    from knotty.config import Settings
    from knotty.store import Store

__all__ = ["REQUESTED", "TwilioConfirmationSender"]

REQUESTED = "requested"
log = logging.getLogger("knotty.channels.confirmation_sms")


def _preload_rest_client() -> None:
    """Import the library's Messages resource now: its first import takes tens of milliseconds, which
    would otherwise stall the event loop (and every call on it) at the first confirmation sent."""
    import twilio.rest.api.v2010.account.message  # noqa: F401


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, TwilioApiError) and exc.retryable


class TwilioConfirmationSender(ConfirmationNotifier):
    """Sends each requested confirmation once, off the conversation's path."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        attempts: int = 4,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
        resume_older_than_s: float = 120.0,
        concurrency: int = 4,
    ) -> None:
        self.settings = settings
        self.store = store
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.resume_older_than_s = resume_older_than_s
        self._tasks: set[asyncio.Task[None]] = set()
        """Sends under way."""
        self._gate = asyncio.Semaphore(concurrency)
        """At most this many sends touch the database or Twilio at once: a burst of confirmations
        (many signups ending together) must not take the connections the conversations need."""
        self._resume_task: asyncio.Task[None] | None = None
        self._in_flight: set[int] = set()
        self._resumed = False
        _preload_rest_client()

    # --- ConfirmationNotifier ----------------------------------------------------------------

    async def confirmation_requested(self, entry_id: int) -> None:
        """Schedule the send and return at once."""
        self._ensure_resumed()
        self._spawn(entry_id)

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self, delay_s: float = 2.0) -> None:
        """Resume entries left in `requested` (after a crash), once, in the background."""
        if self._resumed:
            return
        self._resumed = True
        self._resume_task = asyncio.get_running_loop().create_task(self._resume_later(delay_s))

    async def drain(self, timeout_s: float = 10.0) -> None:
        """Wait until no send is under way (or `timeout_s` passed)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while self._tasks and (remaining := deadline - loop.time()) > 0:
            await asyncio.wait(set(self._tasks), timeout=remaining)

    async def aclose(self, timeout_s: float = 5.0) -> None:
        """Let the sends under way finish for a moment, then cancel the rest (they resume next start)."""
        if self._resume_task is not None and not self._resume_task.done():
            self._resume_task.cancel()
            await asyncio.gather(self._resume_task, return_exceptions=True)
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=timeout_s)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def resume(self) -> int:
        """Send every confirmation left in `requested` for longer than a live send takes; how many."""
        cutoff = utcnow() - timedelta(seconds=self.resume_older_than_s)
        count = 0
        for entry in await self.store.entries_with_sms_status(REQUESTED):
            updated = entry.updated_at if entry.updated_at.tzinfo else entry.updated_at.replace(tzinfo=cutoff.tzinfo)
            if entry.id is not None and updated <= cutoff:
                self._spawn(entry.id)
                count += 1
        if count:
            log_event("confirmation_sms_resumed", count=count)
        return count

    # --- the work ----------------------------------------------------------------------------

    def _ensure_resumed(self) -> None:
        if not self._resumed:
            self.start(delay_s=0)

    def _spawn(self, entry_id: int) -> None:
        if entry_id in self._in_flight:
            return
        self._in_flight.add(entry_id)
        task = asyncio.get_running_loop().create_task(self._deliver(entry_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda _t: self._in_flight.discard(entry_id))

    async def _resume_later(self, delay_s: float) -> None:
        """Resume after start-up (migrations first); a database that isn't up yet gets a few more tries."""
        for attempt in range(5):
            await asyncio.sleep(delay_s if attempt == 0 else 2.0 * attempt)
            try:
                await self.resume()
                return
            except Exception:  # noqa: BLE001 - retried, then left for the next start
                log.warning("could not look for unsent confirmation texts (attempt %s)", attempt + 1)

    async def _deliver(self, entry_id: int) -> None:
        try:
            await self._send(entry_id)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("confirmation SMS for entry %s failed unexpectedly", entry_id)

    async def _send(self, entry_id: int) -> None:
        async with self._gate:
            entry = await self.store.get_entry(entry_id)
            if entry is None or entry.confirmation_sms_status != REQUESTED:
                return  # deleted, or already handled (a duplicate request)
            if await self.store.is_opted_out(entry.phone):
                await self.store.set_sms_status(entry_id, "opted_out", attempts=0)
                log_event("confirmation_sms_skipped", entry=entry_id, reason="opted_out")
                return
        attempts = 0
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff_s, max=self.max_backoff_s),
            retry=retry_if_exception(_retryable),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    attempts += 1
                    async with self._gate, TwilioRest(self.settings) as rest:
                        sid = await rest.send_sms(entry.phone, confirmation_sms(entry.full_name))
        except TwilioApiError as exc:
            status = "opted_out" if exc.opted_out else "failed"
            async with self._gate:
                if exc.opted_out:
                    await self.store.set_opt_out(entry.phone, True)
                await self.store.set_sms_status(entry_id, status, attempts=attempts)
            log_event(
                "confirmation_sms_failed",
                logging.WARNING,
                entry=entry_id,
                attempts=attempts,
                status=exc.status,
                code=exc.code,
                outcome=status,
            )
            return
        async with self._gate:
            await self.store.set_sms_status(entry_id, "sent", sid=sid, attempts=attempts)
        log_event("confirmation_sms_sent", entry=entry_id, attempts=attempts, sid=sid)
