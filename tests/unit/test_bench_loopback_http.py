"""The load driver's HTTP client sends each signed webhook as Twilio would and reads the answer right."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from twilio.request_validator import RequestValidator

from bench.loopback_http import LoopbackPoster
from tests.support.live_server import free_port, serve

TOKEN = "loopback-token"
PUBLIC = "https://knotty.example"


class _Echo:
    """An ASGI app that checks the Twilio signature and answers with what it received."""

    def __init__(self) -> None:
        self.clients: list[tuple[str, int]] = []
        self.validator = RequestValidator(TOKEN)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": message["type"] + ".complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = dict(scope["headers"])
        form = dict(parse_qsl(body.decode(), keep_blank_values=True))
        query = scope["query_string"].decode()
        url = PUBLIC + scope["path"] + (f"?{query}" if query else "")
        valid = self.validator.validate(url, form, headers.get(b"x-twilio-signature", b"").decode())
        self.clients.append(scope["client"])
        answer = f"{valid} {scope['raw_path'].decode()}?{query} {form.get('Body', '')}".encode()
        await send({"type": "http.response.start", "status": 200 if valid else 403,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")]})  # fmt: skip
        await send({"type": "http.response.body", "body": answer})


def _signed(path: str, form: dict[str, str]) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(PUBLIC + path, form)}


async def test_a_signed_form_arrives_as_signed_and_the_connection_is_kept() -> None:
    app = _Echo()
    async with serve(app) as base:
        http = LoopbackPoster(base, connections=4)
        try:
            path = "/twilio/voice/turn?said=it%27s+me"
            form = {"Body": "café & más = 100%", "From": "+15005550006"}
            first = await http.post(base + path, data=form, headers=_signed(path, form))
            second = await http.post(base + path, data=form, headers=_signed(path, form))
        finally:
            await http.aclose()
    assert first.status_code == 200
    assert first.text == "True /twilio/voice/turn?said=it%27s+me café & más = 100%"
    assert second.status_code == 200
    assert app.clients[0] == app.clients[1], "one kept connection for both requests"
    assert [path for _, path, _ in http.log] == ["/twilio/voice/turn"] * 2


async def test_a_forged_signature_gets_the_servers_refusal() -> None:
    async with serve(_Echo()) as base:
        http = LoopbackPoster(base, connections=1)
        try:
            reply = await http.post(
                base + "/twilio/sms", data={"Body": "hi"}, headers={"X-Twilio-Signature": "x"}
            )
        finally:
            await http.aclose()
    assert reply.status_code == 403


async def test_a_connection_the_server_closed_while_idle_is_replaced() -> None:
    app = _Echo()
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=1)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    base = f"http://127.0.0.1:{port}"
    http = LoopbackPoster(base, connections=2)
    try:
        form = {"Body": "hello"}
        first = await http.post(base + "/twilio/sms", data=form, headers=_signed("/twilio/sms", form))
        await asyncio.sleep(1.5)  # past the server's keep-alive: it closes the kept connection
        second = await http.post(base + "/twilio/sms", data=form, headers=_signed("/twilio/sms", form))
    finally:
        await http.aclose()
        server.should_exit = True
        await task
    assert (first.status_code, second.status_code) == (200, 200)
    assert app.clients[0] != app.clients[1], "a new connection after the server closed the idle one"


async def test_the_timeline_says_who_used_the_cores_in_each_second() -> None:
    """A stall in the timeline shows beside the cores used that second, sampled by the runner."""
    poster = LoopbackPoster("http://127.0.0.1:9", 1)
    start = 100.0
    poster.log += [(start + 0.2, "/twilio/sms", 0.004), (start + 1.5, "/twilio/sms", 0.300)]
    poster.cpu += [(start + 1.0, 0.8, 0.3, 1.2), (start + 2.0, 1.1, 0.5, 1.95)]
    poster.collections += [(start + 1.2, 2, 0.090), (start + 1.7, 0, 0.002)]
    lines = poster.timeline(start).splitlines()
    assert "p50     4.0 ms" in lines[0] and "cores: server 0.80 db 0.30 machine 1.20" in lines[0]
    assert "(gc   0.0 ms)" in lines[0]
    assert "p50   300.0 ms" in lines[1] and "machine 1.95" in lines[1]
    assert "(gc  92.0 ms)" in lines[1]  # the driver's own collector, not the server, held that second
    assert "texts" not in lines[0]  # no column for texts in a run that sent none
    poster.texts += [start + 1.1, start + 1.4, start + 1.9]
    lines = poster.timeline(start).splitlines()
    assert "texts   0" in lines[0] and "texts   3" in lines[1]  # the second the texts went out
    await poster.aclose()


def test_the_drivers_collector_stays_out_of_the_measured_seconds() -> None:
    poster = LoopbackPoster("http://127.0.0.1:9", 1)
    unwatch = poster.watch_gc()
    resume = poster.pause_collector()
    try:
        for _ in range(50_000):  # cycles enough for several passes of the youngest generation
            a: list[Any] = []
            a.append(a)
        paused = list(poster.collections)
    finally:
        resume()
    for _ in range(50_000):
        b: list[Any] = []
        b.append(b)
    unwatch()
    assert paused == [], "a collector pass ran while the driver measured"
    assert poster.collections, "the collector did not come back after the measured seconds"
