"""The seam through which the core asks for a confirmation SMS without knowing who sends it."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod

__all__ = ["ConfirmationNotifier", "NullNotifier"]

log = logging.getLogger("knotty.notify")


class ConfirmationNotifier(ABC):
    """Delivers the confirmation text once a person accepted it (Twilio's lives in `channels/`)."""

    can_send = True
    """Whether texts can go out at all: without a sender none is offered, so none is promised."""

    @abstractmethod
    async def confirmation_requested(self, entry_id: int) -> None:
        """Start delivering the confirmation for this entry; must not raise and must not block."""

    def start(self) -> None:  # noqa: B027 - optional hook
        """Begin any background work (the app's lifespan calls it once the event loop runs)."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Finish or hand over sends in flight before the process exits."""


class NullNotifier(ConfirmationNotifier):
    """Used when no SMS provider is configured: no text is offered."""

    can_send = False

    async def confirmation_requested(self, entry_id: int) -> None:
        log.warning("confirmation SMS requested for entry %s but no SMS sender is configured", entry_id)
