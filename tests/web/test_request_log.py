"""Every log line of a request carries its request id, returned as `X-Request-Id`; one access line each."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import WebVisitor, web_app


def _lines(err: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


async def test_a_requests_log_lines_share_its_id_and_end_with_an_access_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with (
        web_app(database_url, tmp_path, KNOTTY_LOG_LEVEL="INFO") as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        visitor = WebVisitor(http)
        await visitor.open("/")
        await visitor.say("Jane Doe")
        answer = await visitor.say("415 555 0100")
        missing = await http.get("/no-such-page?token=hunter2")
    logging.getLogger().handlers[0].flush()
    err = capsys.readouterr().err
    lines = _lines(err)

    request_id = answer.headers["x-request-id"]
    of_request = [line for line in lines if line.get("request_id") == request_id]
    events = [line.get("event") for line in of_request]
    assert "turn" in events, "the agent's event carries the id of the request it answered"
    assert events[-1] == "request", "the access line comes last"
    access = of_request[-1]
    assert (access["method"], access["path"], access["status"]) == ("POST", "/chat/message", 200)
    assert isinstance(access["duration_ms"], float) and access["duration_ms"] > 0
    assert "4155550100" not in err and "555 0100" not in err, "the caller's number is masked"

    assert missing.status_code == 404 and missing.headers["x-request-id"] != request_id
    [not_found] = [line for line in lines if line.get("request_id") == missing.headers["x-request-id"]]
    assert (not_found["path"], not_found["status"]) == ("/no-such-page", 404)
    assert "hunter2" not in err, "the query string stays out of the access line"

    ids = [line["request_id"] for line in lines if line.get("event") == "request"]
    assert len(ids) == len(set(ids)) == 4, "one access line per request, each with its own id"


async def test_at_warning_level_no_access_lines_but_still_the_header(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with (
        web_app(database_url, tmp_path, KNOTTY_LOG_LEVEL="WARNING") as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        page = await http.get("/livez")
    assert len(page.headers["x-request-id"]) == 16
    assert [line for line in _lines(capsys.readouterr().err) if line.get("event") == "request"] == []
