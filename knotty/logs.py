"""Structured, privacy-safe logging: one JSON line per event, phone numbers and emails masked.

One configuration (`configure_logging`) serves every logger in the process: Knotty's, uvicorn's,
Alembic's, Litestar's and any library's go through a single JSON handler on the root logger, so an
operator's log pipeline parses one format. While an HTTP request is being answered, every line
carries its `request_id` (set by the web layer's middleware through `REQUEST_ID`), and the web layer
writes one access line per request with `log_access`.

Why not structlog (Litestar's structlog plugin): the masking, the request id and the metrics (counted
from these same records by `knotty.metrics.MetricsHandler`) are a few lines on the standard library's
records; structlog would add a dependency and a second pipeline that the libraries' own standard
loggers would still have to be bridged into.
"""

from __future__ import annotations

import logging
import re
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import msgspec

from knotty.metrics import MetricsHandler

__all__ = [
    "ACCESS_LOGGER",
    "REQUEST_ID",
    "JsonFormatter",
    "configure_logging",
    "log_access",
    "log_event",
    "mask",
]

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)")
_PHONE = re.compile(r"(?<![A-Za-z0-9])\+?\d[\d\s().-]{6,}\d(?![A-Za-z0-9])")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")

REQUEST_ID: ContextVar[str | None] = ContextVar("knotty_request_id", default=None)
"""The id of the request being answered (None outside one); the formatter adds it to every line."""

ACCESS_LOGGER = "knotty.access"
"""One line per HTTP request; its level is `KNOTTY_LOG_LEVEL`, so at WARNING the line costs nothing."""

log = logging.getLogger("knotty")
_access = logging.getLogger(ACCESS_LOGGER)

# Identifiers Knotty makes itself (hex ids, labels): never personal data, and masking would garble them.
_SAFE_KEYS = frozenset(
    {"event", "channel", "conversation", "stage", "brain", "status", "mode", "voice_mode", "method"}
)

_ROUTED_LOGGERS = ("uvicorn", "uvicorn.error", "alembic", "litestar")
"""Loggers that their own defaults (uvicorn's, Litestar's, Alembic's ini) give handlers or a text
format: emptied and propagated, so their lines reach the one JSON handler on the root."""

_QUIET_LOGGERS = ("httpx", "httpcore", "twilio.http_client", "openai", "aiosqlite", "websockets")
"""Libraries that log every request or query at INFO or DEBUG (URLs, headers): warnings and up only."""


def mask(text: str) -> str:
    """Hide all but the edges of any email address or phone number in `text`."""
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return _PHONE.sub(_masked_phone, text)


def _masked_phone(match: re.Match[str]) -> str:
    """A phone number's last two digits; an IPv4 address (a listening socket, a peer) is no phone."""
    found = match.group(0)
    if _IPV4.fullmatch(found):
        return found
    return "***" + re.sub(r"\D", "", found)[-2:]


_ENCODER = msgspec.json.Encoder(enc_hook=str)
"""JSON of a line's fields (msgspec: about a fifth of `json.dumps`'s time on a request's lines); a value
of any other type is written as its `str`, as `json.dumps(default=str)` did."""


class JsonFormatter(logging.Formatter):
    """A record as one JSON object: level, logger, the event's fields (or the masked message), the
    request id when logged while answering a request, and any exception with its masked traceback.

    Written as UTF-8 (an accented name stays readable, where `json.dumps` wrote `\\u00e9`)."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {"level": record.levelname.lower(), "logger": record.name}
        fields = getattr(record, "fields", None)
        if fields:
            data.update(fields)
        else:
            data["message"] = mask(record.getMessage())
        request_id = REQUEST_ID.get()
        if request_id is not None:
            data["request_id"] = request_id
        if record.exc_info:
            # The last line names the error at a glance; the whole traceback says where it came from
            # (for SQLAlchemy the last line is only a help link).
            trace = mask(self.formatException(record.exc_info))
            data["error"] = trace.splitlines()[-1]
            data["traceback"] = trace
        return _ENCODER.encode(data).decode()


def _output(log_file: Path | None, quiet: bool) -> logging.Handler:
    if quiet:
        return logging.NullHandler()
    if log_file is not None:
        return logging.FileHandler(log_file, encoding="utf-8")  # OSError when it cannot be written
    return logging.StreamHandler(sys.stderr)


def _skip_unused_record_fields() -> None:
    """No caller frame, thread, process or task looked up for each record (the logging docs'
    "Optimization" knobs): no line carries them, and on a request's two lines they were a third of
    the logging's time. Records say "(unknown file)", line 0, where a caller would have been."""
    logging._srcfile = None  # the documented switch for findCaller
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


_HANDSHAKE_LINE = '%s - "WebSocket %s"'
"""How uvicorn begins the line it writes at INFO for every WebSocket handshake (accepted, 403, or any
other status), with the client's address and the path."""


class _NoHandshakeLines(logging.Filter):
    """Drops uvicorn's line for each WebSocket handshake: its path holds the stream's token (a credential
    until it expires: `channels.stream_token`), and a flood of refused handshakes wrote one line each.
    Knotty logs its own: the refusals up to a cap per address (`channels.stream_refusals`), the streams
    that start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith(_HANDSHAKE_LINE))


def configure_logging(level: str = "INFO", *, log_file: Path | None = None, quiet: bool = False) -> None:
    """Route every logger of the process to one JSON handler at `level` (stderr, or `log_file`, or
    nowhere when `quiet`), and Knotty's INFO events to the metrics whatever `level` prints.

    Raises:
        OSError: `log_file` cannot be opened for writing.
    """
    threshold = logging.getLevelName(level.upper())
    if not isinstance(threshold, int):
        raise ValueError(f"unknown log level {level!r}")
    _skip_unused_record_fields()
    handler = _output(log_file, quiet)
    handler.setFormatter(JsonFormatter())
    handler.setLevel(threshold)

    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
        if isinstance(old, logging.FileHandler):
            old.close()
    root.addHandler(handler)
    root.setLevel(threshold)

    for name in _ROUTED_LOGGERS:
        routed = logging.getLogger(name)
        routed.handlers.clear()
        routed.setLevel(logging.NOTSET)
        routed.propagate = True
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(threshold, logging.WARNING))
    uvicorn_error = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _NoHandshakeLines) for f in uvicorn_error.filters):
        uvicorn_error.addFilter(_NoHandshakeLines())
    uvicorn_access = logging.getLogger("uvicorn.access")  # Knotty writes its own access line
    uvicorn_access.handlers.clear()
    uvicorn_access.propagate = False
    uvicorn_access.setLevel(logging.CRITICAL + 1)

    knotty = logging.getLogger("knotty")
    knotty.handlers[:] = [MetricsHandler(logging.INFO)]
    knotty.setLevel(min(threshold, logging.INFO))
    knotty.propagate = True
    _access.handlers[:] = [handler]  # straight to the output: the metrics count no access lines
    _access.setLevel(threshold)
    _access.propagate = False


def log_event(event: str, level: int = logging.INFO, *, exc_info: bool = False, **fields: Any) -> None:
    """Log one structured event; string values are masked. `exc_info` attaches the exception being handled."""
    if not log.isEnabledFor(level):
        return
    safe = {k: mask(v) if isinstance(v, str) and k not in _SAFE_KEYS else v for k, v in fields.items()}
    log.log(level, event, exc_info=exc_info, extra={"fields": {"event": event, **safe}})


def log_access(method: str, path: str, status: int, duration_ms: float) -> None:
    """The access line of one HTTP request (the path masked; a query string is never passed here)."""
    if _access.isEnabledFor(logging.INFO):
        fields = {
            "event": "request",
            "method": method,
            "path": mask(path),
            "status": status,
            "duration_ms": round(duration_ms, 1),
        }
        _access.info("request", extra={"fields": fields})
