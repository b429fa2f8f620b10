"""Persistence: SQLModel tables, the async engine, and the store the agent writes through."""

from __future__ import annotations

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
