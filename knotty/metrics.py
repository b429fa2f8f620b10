"""Prometheus metrics of the conversations, fed by the structured log events the core already emits.

Every event worth counting is already logged once, where it happens (`turn` with its channel, brain
and latency, `brain_fallback` with its reason, `confirmation_sms_*`), so a logging handler turns them
into metrics instead of a second set of calls threaded through the agent, the tools and the channels.
The handler sees the events whatever `KNOTTY_LOG_LEVEL` prints (`knotty.logs` keeps INFO flowing to it).
Renaming an event is therefore a metrics change: `tests/integration/test_metrics.py` scrapes `/metrics`
during real conversations and would notice.

Signups are not counted from events but read from the waitlist at scrape time (`WaitlistCollector`):
exact across processes and restarts. With `knotty serve --workers N` the counters live in
prometheus_client's multiprocess files (`PROMETHEUS_MULTIPROC_DIR`, set by `knotty serve`), so a
scrape of any worker reports the whole server.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from prometheus_client import Counter, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = ["MetricsHandler", "WaitlistCollector"]

disable_created_metrics()  # `*_created` series double the output and no dashboard reads them

TURN_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 6.0, 10.0)
"""Seconds; a turn past Twilio's ~15 s webhook limit is a failure anyway."""

TURNS = Counter(
    "knotty_turns",
    "Conversation turns answered, by channel and the brain that answered.",
    ["channel", "brain"],
)
TURN_SECONDS = Histogram(
    "knotty_turn_seconds",
    "Time to answer one turn, by channel and brain.",
    ["channel", "brain"],
    buckets=TURN_BUCKETS,
)
FALLBACKS = Counter(
    "knotty_brain_fallbacks", "Turns the offline brain answered instead of the model, by cause.", ["reason"]
)
TAKEOVERS = Counter(
    "knotty_model_takeovers",
    "Conversations the offline brain took over from the model, by cause.",
    ["reason"],
)
CIRCUIT_OPENED = Counter(
    "knotty_circuit_opened", "Times the model's circuit breaker opened, by cause.", ["reason"]
)
CONFIRMATION_TEXTS = Counter(
    "knotty_confirmation_texts",
    "Confirmation texts by outcome (sent, retry, failed, opted_out, capped).",
    ["outcome"],
)
OVERLOAD = Counter(
    "knotty_overload_held",
    "Turns held for lack of a slot (calls told 'one moment', texts kept for later).",
    ["channel"],
)

TURNS_FAILED = Counter(
    "knotty_turns_failed",
    "Turns and call starts answered with an apology because the database (or the session) was unavailable, "
    "by channel: Twilio sees HTTP 200, so only this says that people are being turned away.",
    ["channel"],
)
_FAILED_TURN_CHANNEL = {
    "sms_failed": "sms",
    "call_start_failed": "voice",
    "call_turn_failed": "voice",
    "relay_turn_failed": "voice",
    "realtime_unavailable": "voice",
    "web_chat_unavailable": "web",
}
"""The events logged where a turn is answered with an apology, and their channel."""

_WORD = re.compile(r"[a-z]+")
_MAX_LABEL = 40


def _label(value: object) -> str:
    """A label value from an event field: its words in snake case, numbers dropped ("3 model failures"
    is `model_failures`); anything longer is `other`, so a free-form text never makes a series per message."""
    text = "_".join(_WORD.findall(str(value).lower()))
    return text if 0 < len(text) <= _MAX_LABEL else "other"


class MetricsHandler(logging.Handler):
    """Counts Knotty's structured log events (`knotty.logs.log_event`) as Prometheus metrics."""

    def emit(self, record: logging.LogRecord) -> None:
        fields: dict[str, Any] | None = getattr(record, "fields", None)
        if not fields:
            return
        try:
            self._count(fields)
        except Exception:  # noqa: BLE001 - metrics must never break the turn that logged
            self.handleError(record)

    @staticmethod
    def _count(fields: dict[str, Any]) -> None:
        event = fields.get("event")
        if event == "turn":
            labels = (_label(fields.get("channel")), _label(fields.get("brain")))
            TURNS.labels(*labels).inc()
            latency_ms = fields.get("latency_ms")
            if isinstance(latency_ms, int | float):
                TURN_SECONDS.labels(*labels).observe(latency_ms / 1000)
        elif event == "brain_fallback":
            FALLBACKS.labels(_label(fields.get("reason"))).inc()
        elif event == "model_takeover":
            TAKEOVERS.labels(_label(fields.get("reason"))).inc()
        elif event == "circuit_open":
            CIRCUIT_OPENED.labels(_label(fields.get("reason"))).inc()
        elif event == "confirmation_sms_sent":
            CONFIRMATION_TEXTS.labels("sent").inc()
        elif event == "confirmation_sms_failed":
            CONFIRMATION_TEXTS.labels(_label(fields.get("outcome"))).inc()
        elif event == "confirmation_sms_capped":
            CONFIRMATION_TEXTS.labels("capped").inc()
        elif event == "call_held_overloaded":
            OVERLOAD.labels("voice").inc()
        elif event == "sms_kept_for_later":
            OVERLOAD.labels("sms").inc()
        elif isinstance(event, str) and event in _FAILED_TURN_CHANNEL:
            TURNS_FAILED.labels(_FAILED_TURN_CHANNEL[event]).inc()


class WaitlistCollector(Collector):
    """`knotty_waitlist_entries{role,channel}` from counts read just before the scrape."""

    def __init__(self, counts: list[tuple[str, str, int]] | None) -> None:
        self._counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if self._counts is None:  # the database did not answer: say nothing rather than zero
            return
        family = GaugeMetricFamily(
            "knotty_waitlist_entries",
            "Sign-ups on the waitlist, by role and channel.",
            labels=["role", "channel"],
        )
        for role, channel, n in self._counts:
            family.add_metric([role, channel], n)
        yield family
