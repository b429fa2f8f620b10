"""Persistence: SQLModel tables, the async engine, and the store the agent writes through.

The names are imported on first use (`knotty.lazy_exports`): the settings need `engine_spec` alone,
not the store and its models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotty.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from knotty.store.database import SQLITE_SERVING_WAIT_S, create_engine, engine_spec
    from knotty.store.models import Conversation, Message, WaitlistEntry, WaitlistEntryPublic
    from knotty.store.repository import Store

__all__ = [
    "SQLITE_SERVING_WAIT_S",
    "Conversation",
    "Message",
    "Store",
    "WaitlistEntry",
    "WaitlistEntryPublic",
    "create_engine",
    "engine_spec",
]

_HOMES = {
    "SQLITE_SERVING_WAIT_S": "knotty.store.database",
    "create_engine": "knotty.store.database",
    "engine_spec": "knotty.store.database",
    "Conversation": "knotty.store.models",
    "Message": "knotty.store.models",
    "WaitlistEntry": "knotty.store.models",
    "WaitlistEntryPublic": "knotty.store.models",
    "Store": "knotty.store.repository",
}
"""The module each exported name lives in."""

__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
