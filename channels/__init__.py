"""Twilio adapters: webhooks and streams in, agent turns, TwiML and messages out.

`route_handlers` and `build_notifier` are what the app composes; nothing here knows prompts or SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knotty.config import Settings
    from knotty.notify import ConfirmationNotifier
    from knotty.store import Store

__all__ = ["build_notifier", "route_handlers"]


def route_handlers(settings: Settings) -> list[Any]:
    """The Twilio routes to mount."""
    return []


def build_notifier(settings: Settings, store: Store) -> ConfirmationNotifier | None:
    """The confirmation-SMS sender for these settings, or None when Twilio isn't configured."""
    return None
