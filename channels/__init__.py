"""Twilio adapters: webhooks and streams in, agent turns, TwiML and messages out.

`route_handlers` and `build_notifier` are what the app composes; nothing here knows prompts or SQL.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knotty.config import Settings
    from knotty.notify import ConfirmationNotifier
    from knotty.store import Store

__all__ = ["build_notifier", "route_handlers"]

log = logging.getLogger("knotty.channels")

_STREAM_PACKAGES = ("channels.realtime", "channels.relay")
"""Packages of the streaming voice modes; each may expose `route_handlers(settings)`."""


def route_handlers(settings: Settings) -> list[Any]:
    """The Twilio routes to mount: voice and SMS webhooks, and the stream endpoints when present."""
    from channels import sms, voice

    handlers: list[Any] = [*voice.route_handlers(), *sms.route_handlers()]
    for package in _STREAM_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ModuleNotFoundError as exc:
            if exc.name != package:
                log.exception("%s failed to import; its routes are not mounted", package)
            continue
        except Exception:
            log.exception("%s failed to import; its routes are not mounted", package)
            continue
        extra = getattr(module, "route_handlers", None)
        if callable(extra):
            handlers.extend(extra(settings))
    return handlers


def build_notifier(settings: Settings, store: Store) -> ConfirmationNotifier | None:
    """The confirmation-SMS sender for these settings, or None when Twilio isn't configured.

    Its outbox worker starts with the app's lifespan (or here, when an event loop is already running).
    """
    sender_configured = settings.twilio_phone_number or settings.twilio_messaging_service_sid
    if not (settings.twilio_account_sid and settings.twilio_auth_token and sender_configured):
        return None
    from channels.confirmation_sms import TwilioConfirmationSender

    notifier = TwilioConfirmationSender(settings, store)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return notifier
    notifier.start()
    return notifier
