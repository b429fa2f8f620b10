"""Twilio adapters: webhooks and streams in, agent turns, TwiML and messages out.

`route_handlers` (given a `TwilioCore`), `build_notifier` and `build_text_sender` are what the
composition root (`app/`) mounts and plugs into the agent; nothing here knows prompts or SQL. Every
voice mode's routes are imported here, at import time: a channel that fails to import fails the start
instead of leaving its routes silently missing.
"""

from __future__ import annotations

import asyncio
from typing import Any

from channels import realtime, relay, sms, voice, voice_call
from channels.confirmation_sms import TwilioConfirmationSender
from channels.sms_handoff import build_text_sender
from channels.stream_refusals import StreamRefusals
from channels.webhook import TwilioCore
from knotty import ConfirmationNotifier, Settings, SmsLedger

__all__ = [
    "PHONE_CHANNELS",
    "StreamRefusals",
    "TwilioCore",
    "build_notifier",
    "build_text_sender",
    "route_handlers",
]

PHONE_CHANNELS = frozenset({sms.CHANNEL, voice_call.CHANNEL})
"""The channels whose conversations come from a phone number (texts and every voice mode): each such
number gets its own allowance of confirmation texts to other numbers (`knotty.sender_texts`)."""


def route_handlers(core: TwilioCore) -> list[Any]:
    """The Twilio routes to mount: voice and SMS webhooks (given `core`: they take no Litestar
    dependencies), and both streaming modes' endpoints."""
    return [
        *voice.route_handlers(core),
        *sms.route_handlers(core),
        *realtime.route_handlers(),
        *relay.route_handlers(),
    ]


def build_notifier(settings: Settings, ledger: SmsLedger) -> ConfirmationNotifier | None:
    """The confirmation-SMS sender for these settings, or None when Twilio isn't configured.

    Its outbox worker starts with the app's lifespan (or here, when an event loop is already running).
    """
    sender_configured = settings.twilio_phone_number or settings.twilio_messaging_service_sid
    if not (settings.twilio_account_sid and settings.twilio_auth_token and sender_configured):
        return None
    notifier = TwilioConfirmationSender(settings, ledger)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return notifier
    notifier.start()
    return notifier
