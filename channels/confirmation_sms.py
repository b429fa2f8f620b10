"""The confirmation texts' sender: a worker in every process draining the durable outbox through Twilio.

Accepting a text writes an outbox row in the transaction of the turn that heard the "yes"; this
worker only ever sends what is in the database. It runs for the life of the process (started by the
app's lifespan), claims due rows under a lease (`Store.outbox.claim`: the SMS caps apply again there),
and polls every `poll_s` seconds; `confirmation_requested` only wakes it early. Each claimed row is
one attempt in its own task, keeping its lease alive while it works:

- A row that may already be at Twilio (`posted_at` set: an earlier POST timed out, its answer was
  lost, or the process died mid-send) is looked up through the REST API first and never blindly
  posted again. `posted_at` is written *before* each POST for that reason.
- The POST carries a StatusCallback URL naming the row (`/twilio/sms/status?text=ID`), so Twilio's
  statuses land on it, and a callback can prove a send whose answer never came back.
- Database and network errors alike put the row back with exponential backoff (capped at
  `max_backoff_s`, so a text goes out within seconds of the fault ending); a process that dies or
  stalls loses its lease and another process takes the row over.
- A graceful shutdown lets attempts finish for a moment, then hands the leases back, due at once.

Twilio calls are not held behind the database slots: many attempts may wait on a slow Twilio at once
(`concurrency`), and a backlog behind a slow API drains in parallel rather than one timeout at a time.
They share one REST client for the life of the worker, so its connections stay open between texts: a
client per text was a new TCP connection, and against api.twilio.com a TLS handshake, for every text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

# The library's Messages resource, imported with the module: its first import takes tens of
# milliseconds, which would otherwise stall the event loop (and every call on it) at the first
# confirmation sent.
import twilio.rest.api.v2010.account.message  # noqa: F401

from channels.public_url import public_url
from channels.twilio_rest import TIMEOUT_S, TwilioApiError, TwilioRest
from channels.wording import confirmation_sms
from knotty import (
    ClaimedText,
    ConfirmationNotifier,
    Posting,
    TextCaps,
    TextingRules,
    TextStatus,
    Unavailable,
    log_event,
    utcnow,
)

if TYPE_CHECKING:
    from knotty import Settings, SmsLedger

__all__ = ["SMS_STATUS_PATH", "TwilioConfirmationSender"]

SMS_STATUS_PATH = "/twilio/sms/status"
log = logging.getLogger("knotty.channels.confirmation_sms")
T = TypeVar("T")


class TwilioConfirmationSender(ConfirmationNotifier):
    """Sends each accepted confirmation exactly once, from the outbox, off the conversation's path."""

    def __init__(
        self,
        settings: Settings,
        ledger: SmsLedger,
        *,
        attempts: int | None = None,
        backoff_s: float = 1.0,
        max_backoff_s: float = 10.0,
        poll_s: float = 1.0,
        lease_s: float = 15.0,
        concurrency: int = 16,
        timeout_s: float = TIMEOUT_S,
        give_up_after_s: float = 24 * 3600.0,
        rules: TextingRules | None = None,
    ) -> None:
        self.settings = settings
        self.ledger = ledger
        self.attempts = attempts
        """Attempts after which a text that keeps failing is given up (None: only `give_up_after_s`)."""
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.poll_s = poll_s
        self.lease_s = lease_s
        """Longer than one attempt's REST calls between renewals; a dead process's rows wait this long."""
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self.give_up_after_s = give_up_after_s
        self.rules = rules or TextingRules.from_settings(settings)
        self.owner = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        """This process's name on the leases it holds."""
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop_task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self._rest: TwilioRest | None = None
        self._rest_opened = contextlib.AsyncExitStack()
        self._rest_lock = asyncio.Lock()

    # --- ConfirmationNotifier ----------------------------------------------------------------

    async def confirmation_requested(self, entry_id: int) -> None:
        """The row is already in the outbox: wake the worker so it goes out now, and return at once."""
        self.start()
        self._wake.set()

    def start(self) -> None:
        """Run the worker for the life of the process (idempotent; needs a running event loop)."""
        if self._loop_task is None or self._loop_task.done():
            self._stopping = False
            self._loop_task = asyncio.get_running_loop().create_task(self._run(), name="confirmation-texts")

    async def drain(self, timeout_s: float = 10.0) -> None:
        """Wait until no text is waiting or under way (or `timeout_s` passed): for tests and tools."""
        self.start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while loop.time() < deadline:
            try:
                if not self._tasks and await self.ledger.outbox.open_count() == 0:
                    return
            except Unavailable:  # the database may be down for a moment
                pass
            self._wake.set()
            await asyncio.sleep(0.05)

    async def aclose(self, timeout_s: float = 5.0) -> None:
        """Stop claiming, let attempts under way finish for a moment, then hand their leases back."""
        self._stopping = True
        self._wake.set()
        if self._loop_task is not None:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=timeout_s)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        try:
            released = await self.ledger.outbox.release(self.owner)
            if released:
                log_event("confirmation_sms_released", count=released)
        except Unavailable:  # the leases expire on their own
            log.warning("could not hand back confirmation texts under way; their leases will expire")
        finally:
            self._rest = None
            await self._rest_opened.aclose()  # after every attempt: none is left using it

    # --- the worker --------------------------------------------------------------------------

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            self._wake.clear()
            free = self.concurrency - len(self._tasks)
            try:
                claimed = await self.ledger.outbox.claim(
                    self.owner, limit=free, lease_s=self.lease_s, caps=self._caps()
                )
                failures = 0
            except Unavailable:
                failures += 1
                if failures in (1, 10) or failures % 60 == 0:
                    log.warning(
                        "could not claim confirmation texts (%s failures in a row)",
                        failures,
                        exc_info=failures == 1,
                    )
                claimed = []
            except Exception:  # keeps the worker alive: a bug is logged as one, and it polls again
                failures += 1
                log.exception("claiming confirmation texts failed")
                claimed = []
            for row in claimed:
                task = asyncio.get_running_loop().create_task(self._attempt(row))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
                task.add_done_callback(lambda _t: self._wake.set())
            if claimed and len(claimed) == free:
                await asyncio.sleep(0)
                continue  # maybe more are due
            wait = self.poll_s if not failures else min(self.poll_s * (2 ** min(failures, 3)), 5.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)

    def _caps(self) -> TextCaps:
        rules = self.rules
        return TextCaps(
            since=rules.per_number_since(), hour_ago=rules.hour_ago(), hourly_cap=rules.hourly_cap
        )

    def _delay(self, attempts: int) -> float:
        growth: int = 2 ** max(0, attempts - 1)
        base = min(self.max_backoff_s, self.backoff_s * growth)
        return base * random.uniform(0.8, 1.0)

    def _status_callback(self, text_id: int) -> str:
        return public_url(self.settings, SMS_STATUS_PATH, text=text_id)

    async def _attempt(self, row: ClaimedText) -> None:
        renewer = asyncio.get_running_loop().create_task(self._keep_lease(row.id))
        try:
            await self._deliver(row)
        except asyncio.CancelledError:
            raise
        except TwilioApiError as exc:
            await self._failed(row, exc)
        except Unavailable as exc:  # the database failed mid-attempt: back off and retry
            log.warning("confirmation text %s: %s; retrying", row.id, type(exc).__name__)
            await self._persist(
                self.ledger.outbox.record_retry,
                row.id,
                self.owner,
                self._delay(row.attempts),
                f"database: {type(exc).__name__}",
            )
        except Exception:  # a bug in one attempt is logged as one; the row comes due when its lease ends
            log.exception("confirmation text %s: the attempt failed", row.id)
        finally:
            renewer.cancel()
            await asyncio.gather(renewer, return_exceptions=True)

    async def _deliver(self, row: ClaimedText) -> None:
        outbox = self.ledger.outbox
        body = row.body
        if body is None:
            name = await self.ledger.entry_name(row.entry_id)
            if name is None:
                return  # the entry was deleted, and its text with it
            body = confirmation_sms(name)
        rest = await self._client()
        found: tuple[str, str | None] | None = None
        if row.sid:
            found = (row.sid, None)
        elif row.posted_at is not None:  # posted before, its answer lost: look for it at Twilio
            found = await rest.find_sms(row.phone, body, row.posted_at)
        if found is not None:
            await self._persist(outbox.record_sent, row.id, found[0], found[1])
            log_event("confirmation_sms_found", text=row.id, entry=row.entry_id, sid=found[0])
            return
        posting = await outbox.mark_posting(row.id, self.owner, body)
        if posting == Posting.OPTED_OUT:  # a STOP landed since the claim: closed, nothing sent
            log_event(
                "confirmation_sms_failed", logging.INFO, text=row.id, entry=row.entry_id, attempts=row.attempts,
                status=None, code=None, unknown=False, outcome="opted_out",
            )  # fmt: skip
            return
        if posting != Posting.GO:
            return  # the lease went to another process: it carries on
        sid, status = await rest.send_sms_with_status(
            row.phone, body, status_callback=self._status_callback(row.id)
        )
        await self._persist(outbox.record_sent, row.id, sid, status)
        log_event("confirmation_sms_sent", text=row.id, entry=row.entry_id, attempts=row.attempts, sid=sid)

    async def _client(self) -> TwilioRest:
        """The worker's REST client, opened at the first text and closed by `aclose`."""
        async with self._rest_lock:
            if self._rest is None:
                self._rest = await self._rest_opened.enter_async_context(
                    TwilioRest(self.settings, timeout_s=self.timeout_s)
                )
            return self._rest

    async def _failed(self, row: ClaimedText, exc: TwilioApiError) -> None:
        outbox = self.ledger.outbox
        error = f"{exc.status or 'network'} {exc.code or ''} {exc}".strip()
        age = (utcnow() - row.created_at).total_seconds()
        exhausted = (
            self.attempts is not None and row.attempts >= self.attempts
        ) or age > self.give_up_after_s
        if exc.opted_out:
            await self._persist(
                outbox.record_final, row.id, self.owner, TextStatus.OPTED_OUT, error, opt_out_phone=row.phone
            )
            outcome = "opted_out"
        elif (exc.retryable or exc.unknown) and not exhausted:
            await self._persist(outbox.record_retry, row.id, self.owner, self._delay(row.attempts), error)
            outcome = "retry"
        else:
            await self._persist(outbox.record_final, row.id, self.owner, TextStatus.FAILED, error)
            outcome = "failed"
        level = logging.ERROR if exc.credentials_refused else logging.WARNING  # the operator must act
        log_event(
            "confirmation_sms_failed", level, text=row.id, entry=row.entry_id, attempts=row.attempts,
            status=exc.status, code=exc.code, unknown=exc.unknown, outcome=outcome,
        )  # fmt: skip

    async def _keep_lease(self, text_id: int) -> None:
        while True:
            await asyncio.sleep(self.lease_s / 3)
            with contextlib.suppress(Unavailable):  # renewed at the next beat, or the lease expires
                await self.ledger.outbox.renew(text_id, self.owner, self.lease_s)

    async def _persist(self, write: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T | None:
        """A write of an outcome, retried through a database blip for about a lease; else the lease
        expires and whoever claims the row next finds the truth again (at Twilio, by looking it up)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(self.lease_s, 5.0)
        delay = 0.2
        while True:
            try:
                return await write(*args, **kwargs)
            except Unavailable:
                if loop.time() + delay > deadline:
                    log.warning("could not record a confirmation text's outcome; its lease will expire")
                    return None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
