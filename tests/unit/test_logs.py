"""Logs never carry a full phone number or email address."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from knotty.logs import REQUEST_ID, configure_logging, log_access, log_event, mask


@pytest.mark.parametrize(
    ("raw", "hidden"),
    [
        ("call from +14155550100", "4155550100"),
        ("number 415-555-0100 given", "555-0100"),
        ("email Ana.Lima@example.com", "Ana.Lima@"),
    ],
)
def test_mask_hides_contact_details(raw: str, hidden: str) -> None:
    assert hidden not in mask(raw)


@pytest.mark.parametrize(
    "line",
    ["Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)", "peer 203.0.113.77 refused"],
)
def test_mask_leaves_ip_addresses_readable(line: str) -> None:
    assert mask(line) == line


def test_mask_still_hides_a_dotted_phone_number() -> None:
    assert "555.0100" not in mask("call me on 415.555.0100")


def test_turn_log_is_one_json_line_without_pii(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    log_event("turn", channel="sms", conversation="0a12345678bc", caller="+14155550100", latency_ms=3.2)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    data = json.loads(line)
    assert data["event"] == "turn" and data["channel"] == "sms" and data["latency_ms"] == 3.2
    assert data["conversation"] == "0a12345678bc"
    assert "4155550100" not in line


def test_a_line_keeps_accents_readable_and_writes_other_values_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    configure_logging("INFO")
    log_event("note", reason="José Ñúñez asked again", folder=tmp_path, attempts=2)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    data = json.loads(line)
    assert data == {
        "level": "info",
        "logger": "knotty",
        "event": "note",
        "reason": "José Ñúñez asked again",
        "folder": str(tmp_path),
        "attempts": 2,
    }
    assert "José Ñúñez" in line, "written as UTF-8, not as \\u escapes"


def test_an_access_line_is_one_json_object_with_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    token = REQUEST_ID.set("0123456789abcdef")
    try:
        log_access("POST", "/twilio/sms", 200, 3.14159)
    finally:
        REQUEST_ID.reset(token)
    [line] = capsys.readouterr().err.strip().splitlines()
    assert json.loads(line) == {
        "level": "info",
        "logger": "knotty.access",
        "event": "request",
        "method": "POST",
        "path": "/twilio/sms",
        "status": 200,
        "duration_ms": 3.1,
        "request_id": "0123456789abcdef",
    }


def _raise_deep(number: str) -> None:
    raise ConnectionRefusedError(f"could not reach the database for {number}")


def test_an_error_event_carries_the_whole_masked_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    try:
        _raise_deep("+14155550100")
    except ConnectionRefusedError:
        log_event("sms_failed", logging.WARNING, exc_info=True, message="SM123")
    line = capsys.readouterr().err.strip().splitlines()[-1]
    data = json.loads(line)
    assert data["event"] == "sms_failed" and data["error"].startswith("ConnectionRefusedError")
    assert "_raise_deep" in data["traceback"], "where it came from, not only the last line"
    assert "4155550100" not in line


def _json_lines(err: str) -> list[dict[str, object]]:
    lines = [line for line in err.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # every line is JSON, or this fails


def test_every_library_logs_through_the_one_json_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    """uvicorn's and Litestar's own logging setups applied first, as they are when the app is served."""
    import logging.config

    from litestar.logging.config import LoggingConfig
    from uvicorn.config import LOGGING_CONFIG

    logging.config.dictConfig(LOGGING_CONFIG)
    LoggingConfig().configure()
    configure_logging("INFO")
    logging.getLogger("uvicorn.error").info("Application startup complete.")
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /?token=secret HTTP/1.1" 200')
    logging.getLogger("alembic.runtime.migration").info("Running upgrade  -> 0001, call from +14155550100")
    logging.getLogger("litestar").warning("litestar says so")
    logging.getLogger("httpx").info("HTTP Request: POST https://api.twilio.com/ 201")
    logging.getLogger("some.library").warning("to ana@example.com")
    log_event("startup", brain="scripted")
    logging.getLogger().handlers[0].flush()

    lines = _json_lines(capsys.readouterr().err)
    assert [(line["logger"], line.get("message", line.get("event"))) for line in lines] == [
        ("uvicorn.error", "Application startup complete."),
        ("alembic.runtime.migration", "Running upgrade  -> 0001, call from ***00"),
        ("litestar", "litestar says so"),
        ("some.library", "to a***@example.com"),
        ("knotty", "startup"),
    ], "uvicorn's access line is off (Knotty writes its own) and httpx's request lines stay out"
    assert "request_id" not in lines[0], "outside a request there is no request id"


def test_the_level_applies_to_every_logger(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("WARNING")
    logging.getLogger("uvicorn.error").info("Started server process")
    logging.getLogger("alembic").info("Context impl SQLiteImpl.")
    log_event("turn", channel="web")
    log_event("sms_failed", logging.WARNING, message="SM1")
    logging.getLogger("uvicorn.error").error("Exception in ASGI application")
    lines = _json_lines(capsys.readouterr().err)
    assert [line["level"] for line in lines] == ["warning", "error"]


def test_log_lines_can_go_to_a_file_instead(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "chat.log"
    configure_logging("INFO", log_file=path)
    log_event("turn", channel="cli", caller="+14155550100")
    logging.getLogger("alembic").info("Running upgrade")
    configure_logging("INFO")  # closes the file
    assert capsys.readouterr().err == ""
    events = [json.loads(line).get("event", "alembic") for line in path.read_text().splitlines()]
    assert events == ["turn", "alembic"]
    assert "4155550100" not in path.read_text()
