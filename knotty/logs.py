"""Structured, privacy-safe logging: one JSON line per event, phone numbers and emails masked."""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

__all__ = ["configure_logging", "log_event", "mask"]

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)")
_PHONE = re.compile(r"(?<![A-Za-z0-9])\+?\d[\d\s().-]{6,}\d(?![A-Za-z0-9])")

log = logging.getLogger("knotty")

# Identifiers Knotty makes itself (hex ids, labels): never personal data, and masking would garble them.
_SAFE_KEYS = frozenset({"event", "channel", "conversation", "stage", "brain", "status", "mode", "voice_mode"})


def mask(text: str) -> str:
    """Hide all but the edges of any email address or phone number in `text`."""
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return _PHONE.sub(lambda m: "***" + re.sub(r"\D", "", m.group(0))[-2:], text)


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {"level": record.levelname.lower(), "logger": record.name}
        fields = getattr(record, "fields", None)
        if fields:
            data.update(fields)
        else:
            data["message"] = mask(record.getMessage())
        if record.exc_info:
            # The last line names the error at a glance; the whole traceback says where it came from
            # (for SQLAlchemy the last line is only a help link).
            trace = mask(self.formatException(record.exc_info))
            data["error"] = trace.splitlines()[-1]
            data["traceback"] = trace
        return json.dumps(data, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send Knotty's logs to stderr as JSON lines, and its INFO events to the metrics whatever `level` prints."""
    from knotty.metrics import MetricsHandler

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter())
    handler.setLevel(level.upper())
    metrics = MetricsHandler(logging.INFO)
    root = logging.getLogger("knotty")
    root.handlers[:] = [handler, metrics]
    root.setLevel(min(handler.level, logging.INFO))
    root.propagate = False


def log_event(event: str, level: int = logging.INFO, *, exc_info: bool = False, **fields: Any) -> None:
    """Log one structured event; string values are masked. `exc_info` attaches the exception being handled."""
    if not log.isEnabledFor(level):
        return
    safe = {k: mask(v) if isinstance(v, str) and k not in _SAFE_KEYS else v for k, v in fields.items()}
    log.log(level, event, exc_info=exc_info, extra={"fields": {"event": event, **safe}})
