"""Texts answered later: the overloaded process keeps an inbound text and answers it by the REST API.

Twilio does not retry a messaging webhook that answers 5xx unless the URL asks it to (connection
overrides `#rc=`/`#rp=`, at most 5 tries within 15 s), so a 503 under load could lose the text.
Instead `POST /twilio/sms` keeps a text that found no turn slot (`SmsLedger.later`, in the database) and
answers an empty `<Response/>` at once; this worker, one per process, claims kept texts as slots
free up, runs the turn (keyed by the MessageSid like the webhook's own, so it counts once) and sends
the reply as an outbound message. A process that dies leaves its claimed texts to another process
once their lease runs out. The replies share one REST client for the life of the worker: under
overload, a new connection (and TLS handshake) per reply was CPU taken from the turns.

A reply whose send failed comes due again with its kept text (the turn is already written, so it
counts as a duplicate and gives back the same reply): a retry first asks Twilio whether the last
try's reply left (a send that timed out may have) and sends only if it did not, never twice; after
`MAX_TRIES` claims, or when Twilio refuses the send for good (a 4xx: opted out, not a valid number),
the text is let go.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from channels.sms_text import fit_sms
from channels.twilio_rest import TIMEOUT_S, TwilioApiError, TwilioRest
from channels.twiml_response import e164_or_none
from knotty import Agent, DeferredText, Inbound, Modality, Unavailable, log_event, text_turn_key

if TYPE_CHECKING:
    from knotty import Settings, SmsLedger, TurnGate

__all__ = ["MAX_HELD", "MAX_TRIES", "SmsLater", "build_sms_later", "can_answer_later"]

log = logging.getLogger("knotty.channels.sms_later")

MAX_TRIES = 10
"""Claims of one kept text before it is let go: with the 30 s lease, about five minutes of retries."""
MAX_HELD = 1000
"""Texts held in this process while another program holds SQLite's write lock (`SmsLater.hold`); past
this many a text gets the apology instead."""


def can_answer_later(settings: Settings) -> bool:
    """Whether texts can be answered by the REST API (an account and a sender are configured)."""
    sender = settings.twilio_phone_number or settings.twilio_messaging_service_sid
    return bool(settings.twilio_account_sid and settings.twilio_auth_token and sender)


class SmsLater:
    """The worker that answers kept texts, for the life of the process."""

    def __init__(
        self, settings: Settings, ledger: SmsLedger, agent: Agent, gate: TurnGate, *, poll_s: float = 1.0
    ) -> None:
        self.settings = settings
        self.ledger = ledger
        self.agent = agent
        self.gate = gate
        self.poll_s = poll_s
        self.timeout_s = TIMEOUT_S
        """How long one REST request may take."""
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._jobs: set[asyncio.Task[None]] = set()
        self._rest: TwilioRest | None = None
        self._rest_opened = contextlib.AsyncExitStack()
        self._rest_lock = asyncio.Lock()
        self._held: dict[str, tuple[str, str]] = {}
        """Texts the database could not take yet (its write lock held elsewhere): MessageSid -> sender, body."""

    def start(self) -> None:
        """Run the worker (idempotent; needs a running event loop)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="sms-later")

    def wake(self) -> None:
        """A text was just kept: look sooner than the next poll."""
        self._wake.set()

    async def keep(self, sender: str, body: str, message_sid: str) -> None:
        """Keep a text for later and make sure the worker runs."""
        await self.ledger.later.keep(sender, body, message_sid)
        self.start()
        self.wake()

    def hold(self, sender: str, body: str, message_sid: str) -> bool:
        """Hold a text in this process while another program holds the database's write lock (a write now
        would wait for it again, past Twilio's patience); the worker keeps it in the database as soon as
        the lock is let go, and answers it then. False when `MAX_HELD` texts wait already. A text held
        here is lost if the process stops first (`aclose` logs how many)."""
        if message_sid not in self._held and len(self._held) >= MAX_HELD:
            return False
        self._held[message_sid] = (sender, body)
        self.start()
        return True

    async def _keep_held(self) -> None:
        """Write the held texts as kept ones, oldest first, until the database refuses one (still locked)."""
        for sid, (sender, body) in list(self._held.items()):
            try:
                await self.ledger.later.keep(sender, body, sid)
            except Unavailable:
                return
            del self._held[sid]
            self._wake.set()

    async def aclose(self) -> None:
        """Stop claiming; let answers under way finish for a moment (unfinished ones come due again)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._held:
            await self._keep_held()
        if self._held:
            log_event("sms_held_lost", logging.ERROR, texts=len(self._held), messages=sorted(self._held))
        if self._jobs:
            await asyncio.wait(self._jobs, timeout=5.0)
        if not self._jobs:  # a reply still under way keeps the client it is using
            self._rest = None
            await self._rest_opened.aclose()

    async def _client(self) -> TwilioRest:
        """The worker's REST client, opened at the first reply and closed by `aclose`."""
        async with self._rest_lock:
            if self._rest is None:
                self._rest = await self._rest_opened.enter_async_context(
                    TwilioRest(self.settings, timeout_s=self.timeout_s)
                )
            return self._rest

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_s):
                    await self._wake.wait()
            self._wake.clear()
            if self._held:
                await self._keep_held()
            room = max(0, self.gate.limit - self.gate.in_flight - len(self._jobs))
            if not room:
                continue
            try:
                kept = await self.ledger.later.claim(room)
            except Unavailable:  # the database is away: try again at the next poll
                log_event("sms_later_claim_failed", logging.WARNING)
                continue
            for text in kept:
                job = asyncio.get_running_loop().create_task(self._answer(text))
                self._jobs.add(job)
                job.add_done_callback(self._jobs.discard)

    async def _answer(self, text: DeferredText) -> None:
        inbound = Inbound(
            "sms",
            text.sender,
            text.body,
            Modality.WRITTEN,
            caller_number=e164_or_none(text.sender),
            caller_proven=True,  # a signed SMS `From` is trusted (docs/security.md)
            idempotency_key=text_turn_key(text.message_sid),
        )
        try:
            if text.tries > MAX_TRIES:
                await self.ledger.later.finish(text.key)
                log_event("sms_later_given_up", logging.ERROR, message=text.message_sid, tries=text.tries)
                return
            async with self.gate.slot(wait_s=-1):
                result = await self.agent.turn(inbound)
            # A duplicate at the first try was answered elsewhere (the webhook's own reply); at a later
            # one it is this text's turn, written by an earlier try whose reply may not have left.
            owed = text.tries > 1 or not result.duplicate
            if owed and result.reply and not await self.ledger.is_opted_out(text.sender):
                await self._reply(text, fit_sms(result.reply))
            await self.ledger.later.finish(text.key)
            log_event("sms_answered_later", message=text.message_sid, duplicate=result.duplicate)
        except TwilioApiError as exc:
            if exc.retryable:  # left to come due again after its lease
                log_event("sms_later_failed", logging.WARNING, message=text.message_sid, tries=text.tries)
                return
            log_event("sms_later_refused", logging.WARNING, message=text.message_sid, status=exc.status)
            with contextlib.suppress(Unavailable):  # else it comes due again, and is refused again
                await self.ledger.later.finish(text.key)
        except Unavailable:  # left to come due again after its lease
            log_event("sms_later_failed", logging.WARNING, message=text.message_sid, tries=text.tries)
        except Exception:  # a bug in one job is logged as one (unseen in a task); the text comes due again
            log.exception("answering a kept text failed (message %s)", text.message_sid)

    async def _reply(self, text: DeferredText, body: str) -> None:
        """Send the reply, unless an earlier try's left (asked of Twilio: never twice)."""
        rest = await self._client()
        looked = text.tries > 1 and text.first_try is not None
        if looked and text.first_try and await rest.find_sms(text.sender, body, text.first_try):
            return
        await rest.send_sms(text.sender, body)


def build_sms_later(settings: Settings, ledger: SmsLedger, agent: Agent, gate: TurnGate) -> SmsLater | None:
    """The worker, or None when texts can't be sent by the REST API (then a text waits for its slot)."""
    return SmsLater(settings, ledger, agent, gate) if can_answer_later(settings) else None
