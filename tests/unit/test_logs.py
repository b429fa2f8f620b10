"""Logs never carry a full phone number or email address."""

from __future__ import annotations

import json
import logging

import pytest

from knotty.logs import configure_logging, log_event, mask


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


def test_turn_log_is_one_json_line_without_pii(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    log_event("turn", channel="sms", conversation="0a12345678bc", caller="+14155550100", latency_ms=3.2)
    logging.getLogger("knotty").handlers[0].flush()
    line = capsys.readouterr().err.strip().splitlines()[-1]
    data = json.loads(line)
    assert data["event"] == "turn" and data["channel"] == "sms" and data["latency_ms"] == 3.2
    assert data["conversation"] == "0a12345678bc"
    assert "4155550100" not in line


def _raise_deep(number: str) -> None:
    raise ConnectionRefusedError(f"could not reach the database for {number}")


def test_an_error_event_carries_the_whole_masked_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    try:
        _raise_deep("+14155550100")
    except ConnectionRefusedError:
        log_event("sms_failed", logging.WARNING, exc_info=True, message="SM123")
    logging.getLogger("knotty").handlers[0].flush()
    line = capsys.readouterr().err.strip().splitlines()[-1]
    data = json.loads(line)
    assert data["event"] == "sms_failed" and data["error"].startswith("ConnectionRefusedError")
    assert "_raise_deep" in data["traceback"], "where it came from, not only the last line"
    assert "4155550100" not in line
