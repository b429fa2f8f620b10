"""The seam through which a channel hears a reply while the brain is still writing it.

A channel that can speak partial text (ConversationRelay) runs `Agent.turn` inside
`streaming_to(sink)`; a brain that streams (the OpenAI one) feeds the sink token by token and stops
early when the sink says the person interrupted. Brains that answer at once ignore it, and the
channel sends their whole reply when the turn returns. The turn itself (tools, validation, storage)
is unchanged: the agent still receives and commits the complete step.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["TokenSink", "current_sink", "streaming_to"]


class TokenSink(ABC):
    """Receives a reply's text as it is produced."""

    @abstractmethod
    async def token(self, text: str) -> None:
        """A piece of the reply, in order; must not block for long."""

    async def step_done(self) -> None:  # noqa: B027 - an optional hook: doing nothing is its default
        """The brain finished one step (more text may follow after its tool calls)."""

    @property
    def cancelled(self) -> bool:
        """True once the person interrupted: the brain should stop producing text."""
        return False


_current: ContextVar[TokenSink | None] = ContextVar("knotty_token_sink", default=None)


def current_sink() -> TokenSink | None:
    """The sink of the turn running in this task, if its channel streams."""
    return _current.get()


@contextmanager
def streaming_to(sink: TokenSink) -> Iterator[None]:
    """Within the block, streaming brains send their text to `sink`."""
    token = _current.set(sink)
    try:
        yield
    finally:
        _current.reset(token)
