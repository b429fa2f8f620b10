"""A confirmation sender for tests that records what it was asked to send (texts are offered with it)."""

from __future__ import annotations

from knotty.notify import ConfirmationNotifier

__all__ = ["RecordingNotifier"]


class RecordingNotifier(ConfirmationNotifier):
    """Stands for a configured SMS sender; remembers each entry whose text was requested."""

    def __init__(self) -> None:
        self.requested: list[int] = []

    async def confirmation_requested(self, entry_id: int) -> None:
        self.requested.append(entry_id)
