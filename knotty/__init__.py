"""Knotty: MasseurMatch's channel-agnostic waitlist sign-up agent (the core).

What the adapters (`channels/`, `web/`) may use is exported here, and they import it only from here
(`from knotty import Agent, Inbound`): the agent with its inbound and result types, the live session,
the errors, the settings, and the few narrow services the composition root (`app/`) builds over the
store for them (`SmsLedger` for the SMS channel, `WaitlistAdmin` for the operator's pages). Every
other module is the core's own business; `tests/unit/test_architecture.py` holds the adapters to it.

The names are imported when first used (PEP 562), so a command that needs only the settings
(`knotty --help`, a setting refused before start) does not import the agent, its brains and `openai`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotty.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from knotty.admission import TurnGate
    from knotty.agent import MAX_TURNS, MAX_UTTERANCE_CHARS, Agent, Inbound, Standing, TurnResult
    from knotty.brains.base import ChatLine
    from knotty.brains.openai_realtime import context_item, history_items, session_update
    from knotty.check import Finding
    from knotty.config import Settings, get_settings
    from knotty.errors import (
        AgentUnavailable,
        BrainUnavailable,
        KnottyError,
        LiveSessionUnavailable,
        StaleConversation,
        StoreBusy,
        StoreUnavailable,
        Unavailable,
    )
    from knotty.export import CsvWriter, csv_text
    from knotty.handoff import TextNotSent, TextSender
    from knotty.languages import written_language
    from knotty.limit_counters import LimitCounters
    from knotty.limits import Limit, Limiter, Taken, address_key
    from knotty.live import LiveSession
    from knotty.logs import REQUEST_ID, log_access, log_event
    from knotty.metrics import WaitlistCollector
    from knotty.notify import ConfirmationNotifier
    from knotty.seen import SeenTurns, conversation_tag
    from knotty.sms_ledger import SmsLedger, text_turn_key
    from knotty.state import Modality
    from knotty.statuses import ConversationStatus, TextStatus
    from knotty.store import Conversation, WaitlistEntry, WaitlistEntryPublic
    from knotty.store.deferred_texts import DeferredText
    from knotty.store.models import call_start_key, utcnow
    from knotty.store.outbox import ClaimedText, Posting, TextCaps
    from knotty.store.rate_limits import Hit, SharedCounters
    from knotty.streaming import TokenSink, streaming_to
    from knotty.texting import SenderAllowances, TextAllowance, TextingRules
    from knotty.trusted_proxies import Network
    from knotty.waitlist_admin import WaitlistAdmin

__version__ = "0.1.0"

__all__ = [
    "MAX_TURNS",
    "MAX_UTTERANCE_CHARS",
    "REQUEST_ID",
    "Agent",
    "AgentUnavailable",
    "BrainUnavailable",
    "ChatLine",
    "ClaimedText",
    "ConfirmationNotifier",
    "Conversation",
    "ConversationStatus",
    "CsvWriter",
    "DeferredText",
    "Finding",
    "Hit",
    "Inbound",
    "KnottyError",
    "Limit",
    "LimitCounters",
    "Limiter",
    "LiveSession",
    "LiveSessionUnavailable",
    "Modality",
    "Network",
    "Posting",
    "SeenTurns",
    "SenderAllowances",
    "Settings",
    "SharedCounters",
    "SmsLedger",
    "StaleConversation",
    "Standing",
    "StoreBusy",
    "StoreUnavailable",
    "Taken",
    "TextAllowance",
    "TextCaps",
    "TextNotSent",
    "TextSender",
    "TextStatus",
    "TextingRules",
    "TokenSink",
    "TurnGate",
    "TurnResult",
    "Unavailable",
    "WaitlistAdmin",
    "WaitlistCollector",
    "WaitlistEntry",
    "WaitlistEntryPublic",
    "address_key",
    "call_start_key",
    "context_item",
    "conversation_tag",
    "csv_text",
    "get_settings",
    "history_items",
    "log_access",
    "log_event",
    "session_update",
    "streaming_to",
    "text_turn_key",
    "utcnow",
    "written_language",
]

_HOMES: dict[str, str] = {
    "MAX_TURNS": "knotty.agent",
    "MAX_UTTERANCE_CHARS": "knotty.agent",
    "REQUEST_ID": "knotty.logs",
    "Agent": "knotty.agent",
    "AgentUnavailable": "knotty.errors",
    "BrainUnavailable": "knotty.errors",
    "ChatLine": "knotty.brains.base",
    "ClaimedText": "knotty.store.outbox",
    "ConfirmationNotifier": "knotty.notify",
    "Conversation": "knotty.store",
    "ConversationStatus": "knotty.statuses",
    "CsvWriter": "knotty.export",
    "DeferredText": "knotty.store.deferred_texts",
    "Finding": "knotty.check",
    "Hit": "knotty.store.rate_limits",
    "Inbound": "knotty.agent",
    "KnottyError": "knotty.errors",
    "Limit": "knotty.limits",
    "LimitCounters": "knotty.limit_counters",
    "Limiter": "knotty.limits",
    "LiveSession": "knotty.live",
    "LiveSessionUnavailable": "knotty.errors",
    "Modality": "knotty.state",
    "Network": "knotty.trusted_proxies",
    "Posting": "knotty.store.outbox",
    "SeenTurns": "knotty.seen",
    "SenderAllowances": "knotty.texting",
    "Settings": "knotty.config",
    "SharedCounters": "knotty.store.rate_limits",
    "SmsLedger": "knotty.sms_ledger",
    "StaleConversation": "knotty.errors",
    "Standing": "knotty.agent",
    "StoreBusy": "knotty.errors",
    "StoreUnavailable": "knotty.errors",
    "Taken": "knotty.limits",
    "TextAllowance": "knotty.texting",
    "TextCaps": "knotty.store.outbox",
    "TextNotSent": "knotty.handoff",
    "TextSender": "knotty.handoff",
    "TextStatus": "knotty.statuses",
    "TextingRules": "knotty.texting",
    "TokenSink": "knotty.streaming",
    "TurnGate": "knotty.admission",
    "TurnResult": "knotty.agent",
    "Unavailable": "knotty.errors",
    "WaitlistAdmin": "knotty.waitlist_admin",
    "WaitlistCollector": "knotty.metrics",
    "WaitlistEntry": "knotty.store",
    "WaitlistEntryPublic": "knotty.store",
    "address_key": "knotty.limits",
    "call_start_key": "knotty.store.models",
    "context_item": "knotty.brains.openai_realtime",
    "conversation_tag": "knotty.seen",
    "csv_text": "knotty.export",
    "get_settings": "knotty.config",
    "history_items": "knotty.brains.openai_realtime",
    "log_access": "knotty.logs",
    "log_event": "knotty.logs",
    "session_update": "knotty.brains.openai_realtime",
    "streaming_to": "knotty.streaming",
    "text_turn_key": "knotty.sms_ledger",
    "utcnow": "knotty.store.models",
    "written_language": "knotty.languages",
}
"""The module each exported name lives in."""

__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
