"""Every error Knotty raises on purpose, in one tree: anything else that escapes is a bug, and surfaces as one.

Hierarchy::

    Exception
    └── KnottyError                    raised by Knotty on purpose; catch it to mean "any of ours"
        ├── Unavailable                something Knotty relies on is away for now: apologise, try later
        │   ├── StoreUnavailable       the database did not answer, or refused the statement
        │   │   └── StoreBusy          it is there, but another connection held the lock (or every
        │   │                          pooled connection) past the wait: `Unavailable.busy`
        │   ├── BrainUnavailable       the model's endpoint timed out, was unreachable or failed
        │   │                          (also a BrainError: the agent falls back to the offline brain)
        │   └── AgentUnavailable       a conversation could not be loaded or stored (`__cause__` says why)
        │       └── LiveSessionUnavailable   the same, for a live (streaming) model's session
        ├── StaleConversation          another writer advanced the conversation between a read and a write
        ├── BrainError                 a brain could not answer this step; the agent falls back
        │   ├── BrainUnavailable       (above)
        │   └── ReplyRejected          the model's reply failed the guard (`knotty.reply_guard`)
        ├── FieldError                 a value for one waitlist field is not acceptable (`knotty.fields`;
        │                              also a ValueError)
        ├── TextNotSent                a caller's text to finish by typing could not be sent (`knotty.handoff`)
        └── BadConfiguration           the settings can't be used as they are (`knotty.preflight`)

The adapters add leaves of their own under these: `channels.twilio_rest.TwilioApiError` (a KnottyError:
Twilio refused a REST call) with `TwilioUnavailable` (also Unavailable: Twilio could not be reached or
failed), and `channels.realtime.upstream.RealtimeUnavailable` (Unavailable: the live model's server).

Other libraries' errors are translated where they arise (`raise StoreUnavailable(...) from exc` in
`knotty.store`, `BrainUnavailable` in `knotty.brains.openai`), so nothing outside those modules
imports SQLAlchemy's, a driver's or the model client's exceptions. A channel catches `Unavailable` (or
one of the specific errors above) and answers the person with an apology, a re-ask or hold music; a
broad `except Exception` is left only where it keeps a call or a background worker alive, and says so.
"""

from __future__ import annotations

__all__ = [
    "AgentUnavailable",
    "BrainError",
    "BrainUnavailable",
    "KnottyError",
    "LiveSessionUnavailable",
    "StaleConversation",
    "StoreBusy",
    "StoreUnavailable",
    "Unavailable",
]


class KnottyError(Exception):
    """The root of every error Knotty raises on purpose."""


class Unavailable(KnottyError):
    """Something Knotty relies on is away for now; the same request may work in a moment."""

    @property
    def busy(self) -> bool:
        """Whether a `StoreBusy` caused it (itself or a cause): the database is there and answers reads,
        but another program holds its write lock, so a write now would wait again."""
        seen: BaseException | None = self
        for _ in range(8):  # a cause chain is short; never loop on a cycle
            if seen is None:
                return False
            if isinstance(seen, StoreBusy):
                return True
            seen = seen.__cause__
        return False


class StoreUnavailable(Unavailable):
    """The database did not answer or refused the statement; the driver's error is the `__cause__`."""

    def __init__(self, operation: str, detail: str = "") -> None:
        super().__init__(f"{operation}: the database is unavailable" + (f" ({detail})" if detail else ""))
        self.operation = operation
        """The store's operation that failed (`Store.commit_turn`, `Outbox.claim`, ...)."""


class StoreBusy(StoreUnavailable):
    """Another connection held the lock the statement needed, or every pooled connection, past the wait
    (on SQLite: a shell's open transaction, a backup tool); reads still work."""


class BrainError(KnottyError):
    """A brain could not answer (malformed answer, model unreachable); the agent falls back."""

    def __init__(self, message: str = "", *, reason: str = "bad_output") -> None:
        super().__init__(message)
        self.reason = reason
        """Why, in one word for logs and the circuit breaker: timeout, unreachable, http_429, bad_output..."""


class BrainUnavailable(BrainError, Unavailable):
    """The model's endpoint timed out, could not be reached or failed; `reason` says which."""


class AgentUnavailable(Unavailable):
    """The conversation could not be loaded or stored (the database is away, or it kept changing)."""


class LiveSessionUnavailable(AgentUnavailable):
    """A live session's conversation could not be opened or written; the channel should apologise."""


class StaleConversation(KnottyError):
    """Another process advanced the conversation between this turn's read and its write."""
