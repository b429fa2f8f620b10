"""Puts the core together once, from settings: engine, store, brains, confirmation sender, limits, agent.

This is the only place that decides which brain runs, who sends confirmation texts and where the abuse
limits are counted; channels and the web app receive the built agent and counters. The sender is built
before the agent and handed to it (the Twilio one lives in `channels/`, so the core never imports a
channel), as is each phone sender's text allowance.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

import channels
from knotty.agent import Agent
from knotty.brains.base import Brain
from knotty.brains.openai_stream import StreamingOpenAIBrain
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.circuit import CircuitBreaker
from knotty.config import Settings
from knotty.limit_counters import LimitCounters
from knotty.limits import Limiter
from knotty.notify import ConfirmationNotifier
from knotty.sender_texts import SenderTexts, texts_per_sender
from knotty.sms_ledger import SmsLedger
from knotty.store import SQLITE_SERVING_WAIT_S, Store, create_engine
from knotty.store.redis_counters import RedisCounters
from knotty.texting import TextingRules
from knotty.waitlist_admin import WaitlistAdmin

__all__ = ["Runtime", "build_brain", "build_runtime"]


@dataclass
class Runtime:
    """The live core of one process."""

    settings: Settings
    engine: AsyncEngine
    store: Store
    agent: Agent
    ledger: SmsLedger
    """The SMS channel's records (opt-outs, texts kept for later, the confirmation outbox)."""
    admin: WaitlistAdmin
    """The operator's queries (admin pages, API, metrics, readiness)."""
    counters: LimitCounters
    """The abuse limits' shared counters: Redis' with `KNOTTY_REDIS_URL`, else the database's."""

    async def aclose(self) -> None:
        """Let confirmation texts in flight finish, then close the brain's clients and the database pool."""
        await self.agent.notifier.aclose()
        await self.agent.brain.aclose()
        if isinstance(self.counters, RedisCounters):
            await self.counters.aclose()
        await self.store.aclose()
        await self.engine.dispose()


def build_brain(settings: Settings) -> Brain:
    """The configured brain: OpenAI when chosen (or a key is set), the offline brain otherwise."""
    if settings.brain == "openai":
        # The streaming variant answers exactly like the plain one unless a channel streams
        # (ConversationRelay), so it is the one every channel gets.
        return StreamingOpenAIBrain(
            api_key=settings.openai_api_key or "unset",
            model=settings.openai_model,
            base_url=settings.openai_base_url,
            timeout_s=settings.openai_timeout_s,
        )
    return ScriptedBrain()


def build_runtime(
    settings: Settings, notifier: ConfirmationNotifier | None = None, *, twilio_texts: bool = False
) -> Runtime:
    """Engine, store and agent for these settings (no I/O happens until first use).

    The agent sends confirmation texts through `notifier`; without one, through Twilio when
    `twilio_texts` and Twilio is configured (the served app), else none are offered (`knotty chat`).
    The same goes for the text that lets a caller finish a call by typing (`knotty.handoff`).
    """
    # Webhooks must answer before Twilio gives up: on SQLite, another program's lock is waited for
    # briefly, then the channels hold, keep or refuse politely (`SQLITE_SERVING_WAIT_S`).
    engine = create_engine(settings.resolved_database_url, lock_wait_s=SQLITE_SERVING_WAIT_S)
    store = Store(engine)
    ledger = SmsLedger(store)
    if notifier is None and twilio_texts:
        notifier = channels.build_notifier(settings, ledger)
    counters: LimitCounters = RedisCounters(settings.redis_url) if settings.redis_url else store.limits
    agent = Agent(
        store,
        build_brain(settings),
        ScriptedBrain(),
        notifier,
        region=settings.default_region,
        budget_s=settings.openai_timeout_s,
        breaker=CircuitBreaker(failures=settings.model_failures, cooldown_s=settings.model_cooldown_s),
        texting=TextingRules.from_settings(settings),
        handoff=channels.build_text_sender(settings) if twilio_texts else None,
        sender_texts=_sender_texts(settings, counters),
        web_chat_host=settings.web_chat_host,
    )
    return Runtime(
        settings=settings,
        engine=engine,
        store=store,
        agent=agent,
        ledger=ledger,
        admin=WaitlistAdmin(store, counters if isinstance(counters, RedisCounters) else None),
        counters=counters,
    )


def _sender_texts(settings: Settings, counters: LimitCounters) -> SenderTexts:
    """The texts each texting or calling number may ask for (`KNOTTY_SMS_HOURLY_CAP_PER_SENDER`), in the
    shared counters: the phone channels' counterpart of the web chat's per-address allowance."""
    return SenderTexts(
        Limiter(counters=counters),
        texts_per_sender(settings.sms_hourly_cap_per_sender),
        channels.PHONE_CHANNELS,
    )
