"""Benchmark of the `realtime` bridge: added latency per audio frame, and how many calls one process carries.

    python -m bench.realtime_bench                       # 50, 100, 150, 200 calls, 10 s each
    python -m bench.realtime_bench --calls 200 --seconds 20

Three kinds of process on loopback: the real app (`knotty serve`, one process, the one measured), a
fake OpenAI Realtime server that echoes every appended chunk back as an output audio delta, and the
load: N fake Twilio media streams, each sending a 20 ms μ-law frame every 20 ms (50 frames/s) and
echoing every mark, as Twilio does once audio has played. Each frame carries its send time; the fake
server stamps the time it received it. Clocks are the same (CLOCK_MONOTONIC), so each direction is
timed on its own:

    up    Twilio's frame sent  →  append received by OpenAI      (through the bridge)
    down  delta sent by OpenAI →  media received by Twilio       (through the bridge)

The same load is also run with the streams talking to the fake server directly (`--direct`): the
bridge's *added* latency is the difference. The app's CPU use comes from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import shlex
import signal
import struct
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Request, Response
from websockets.server import ServerProtocol
from websockets.uri import parse_uri

from bench.core import percentile
from tests.support.live_server import free_port

__all__ = ["main"]

AUTH_TOKEN = "bench-auth-token"
FRAME_BYTES = 160
FRAME_S = 0.020
_STAMP = struct.Struct("<dd")  # sent by Twilio, received by OpenAI


def _stamp_arrival(chunk: str) -> str:
    """The fake server's echo transform: write the arrival time into bytes 8..16 of the frame."""
    raw = bytearray(base64.b64decode(chunk))
    struct.pack_into("<d", raw, 8, time.perf_counter())
    return base64.b64encode(raw).decode()


# --- the fake OpenAI process ---------------------------------------------------------------------
#
# The Realtime API's side, reduced to what the benchmark needs: accept the WebSocket (bearer key
# required), ignore the session set-up, and answer every `input_audio_buffer.append` at once with a
# `response.output_audio.delta` carrying the same audio, stamped with the time it arrived. The words
# come with the audio, as from the real API: every `_ITEM_FRAMES` frames a new item (one reply) begins,
# and with its first frame come its transcript deltas and transcript (the model's text is written
# ahead of its audio), which the bridge checks with the reply guard before letting the audio out. Written
# on websockets' sans-I/O protocol so that the fake costs as little CPU as possible.

_REPLY = "Thanks, that's lovely. What's the best phone number for you?"
_ITEM_FRAMES = len(_REPLY) * 50 // 15
"""The reply spoken at 15 characters a second, in 20 ms frames."""


class _EchoRealtime(asyncio.Protocol):
    def __init__(self) -> None:
        self.ws = ServerProtocol()
        self.transport: asyncio.Transport | None = None
        self.frames = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no asyncio.Transport subclass

    def data_received(self, data: bytes) -> None:
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Request):
                ok = event.headers.get("Authorization", "").startswith("Bearer ")
                self.ws.send_response(self.ws.accept(event) if ok else self.ws.reject(401, "missing key\n"))
            elif isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                text = bytes(event.data).decode()
                at = text.find('"audio":"')
                if text.startswith('{"type":"input_audio_buffer.append"') and at >= 0:
                    chunk = _stamp_arrival(text[at + 9 : text.rfind('"')])
                    item, n = divmod(self.frames, _ITEM_FRAMES)
                    self.frames += 1
                    head = f'"response_id":"resp_echo","item_id":"item_{item}","output_index":0,"content_index":0'
                    if n == 0:
                        words = _REPLY.split(" ")
                        for k in range(0, len(words), 3):
                            piece = " ".join(words[k : k + 3]) + (" " if k + 3 < len(words) else "")
                            self.ws.send_text(
                                f'{{"type":"response.output_audio_transcript.delta",{head},"delta":"{piece}"}}'.encode()
                            )
                        self.ws.send_text(
                            f'{{"type":"response.output_audio_transcript.done",{head},"transcript":"{_REPLY}"}}'.encode()
                        )
                    self.ws.send_text(
                        (
                            '{"type":"response.output_audio.delta",' + head + ',"delta":"' + chunk + '"}'
                        ).encode()
                    )
        for out in self.ws.data_to_send():
            if out and self.transport is not None and not self.transport.is_closing():
                self.transport.write(out)
            elif not out and self.transport is not None:
                self.transport.close()


async def _serve_fake(port: int) -> None:
    server = await asyncio.get_running_loop().create_server(_EchoRealtime, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


# --- the load ------------------------------------------------------------------------------------
#
# The load must cost far less than what it measures, so each fake stream is a bare asyncio protocol
# driving websockets' sans-I/O client: no per-message tasks or futures, frames parsed by slicing.


@dataclass
class Results:
    up: list[float] = field(default_factory=list)
    down: list[float] = field(default_factory=list)
    sent: int = 0
    received: int = 0
    measuring: bool = False
    failures: int = 0
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU used during the measured window, in cores (1.0 = one core busy), per process."""
    frames_in_window: int = 0


_STAMP_B64 = 24  # the first 18 bytes of a frame (two stamps and 2 spare bytes) are 24 base64 characters


def _payload_tail(call: int) -> str:
    body = bytes((call * 7 + i) % 256 for i in range(FRAME_BYTES))
    return base64.b64encode(body).decode()[_STAMP_B64:]


def _stamped(tail: str) -> str:
    return base64.b64encode(_STAMP.pack(time.perf_counter(), 0.0) + b"\0\0").decode() + tail


def _record(payload: str, now: float, results: Results) -> None:
    sent, arrived = _STAMP.unpack_from(base64.b64decode(payload[:_STAMP_B64]), 0)
    results.received += 1
    if results.measuring and arrived:
        results.up.append(arrived - sent)
        results.down.append(now - arrived)


class _Stream(asyncio.Protocol):
    """One fake call: Twilio's media stream to the app, or (direct) a Realtime client to the fake server."""

    def __init__(
        self,
        url: str,
        headers: dict[str, str],
        call: int,
        results: Results,
        *,
        direct: bool,
        call_sid: str = "",
    ) -> None:
        self.ws = ClientProtocol(parse_uri(url))
        self.headers, self.call, self.results, self.direct = headers, call, results, direct
        self.call_sid = call_sid or f"CA{call:032d}"
        self.sid = f"MZ{call:032d}"
        self.tail = _payload_tail(call)
        self.open = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.mark_prefix = '{"event":"mark","streamSid":"' + self.sid + '","mark":{"name":"'

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no asyncio.Transport subclass
        request = self.ws.connect()
        for k, v in self.headers.items():
            request.headers[k] = v
        self.ws.send_request(request)
        self._flush()

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Response):
                if event.status_code == 101:
                    self.open.set_result(None)
                else:
                    self.open.set_exception(RuntimeError(f"handshake refused: {event.status_code}"))
            elif isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self._on_text(bytes(event.data).decode(), now)
        self._flush()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.open.done():
            self.open.set_exception(ConnectionError("closed"))

    def _on_text(self, text: str, now: float) -> None:
        if self.direct:
            at = text.find('"delta":"')
            if at >= 0:
                _record(text[at + 9 : at + 9 + _STAMP_B64], now, self.results)
        elif text.startswith('{"event":"media"'):
            at = text.find('"payload":"')
            _record(text[at + 11 : at + 11 + _STAMP_B64], now, self.results)
        elif text.startswith('{"event":"mark"'):
            name = text[text.find('"name":"') + 8 : text.rfind('"}}')]
            self.send(self.mark_prefix + name + '"}}')  # played at once

    def send(self, text: str) -> None:
        self.ws.send_text(text.encode())
        self._flush()

    def _flush(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            for chunk in self.ws.data_to_send():
                if chunk:
                    self.transport.write(chunk)

    def frame(self) -> str:
        payload = _stamped(self.tail)
        if self.direct:
            return '{"type":"input_audio_buffer.append","audio":"' + payload + '"}'
        return (
            '{"event":"media","streamSid":"'
            + self.sid
            + '","media":{"track":"inbound","payload":"'
            + payload
            + '"}}'
        )

    def start(self) -> None:
        self.send(json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"}))
        start = {
            "streamSid": self.sid,
            "callSid": self.call_sid,
            "tracks": ["inbound"],
            "customParameters": {"caller": "+14155550100"},
        }
        self.send(
            json.dumps({"event": "start", "sequenceNumber": "1", "start": start, "streamSid": self.sid})
        )

    def stop(self) -> None:
        if not self.direct:
            self.send(
                json.dumps({"event": "stop", "streamSid": self.sid, "stop": {"callSid": self.call_sid}})
            )
        self.ws.send_close()
        self._flush()
        if self.transport is not None:
            self.transport.close()


async def _stream(url: str, call: int, results: Results, stop: asyncio.Event, *, direct: bool) -> None:
    from twilio.request_validator import RequestValidator

    from channels.stream_token import issue_stream_token

    loop = asyncio.get_running_loop()
    port = int(url.split(":")[2].split("/", maxsplit=1)[0])
    call_sid = "CA" + uuid.uuid4().hex  # the app takes one stream per call: a new call every run
    if direct:
        headers = {"Authorization": "Bearer bench"}
    else:
        # What the app's TwiML would have given this call: its own token in the stream URL's path.
        url = f"{url}/{issue_stream_token(AUTH_TOKEN, call_sid=call_sid, caller='+14155550100', mode='realtime')}"
        headers = {"X-Twilio-Signature": RequestValidator(AUTH_TOKEN).compute_signature(url, {})}
    try:
        _, stream = await loop.create_connection(
            lambda: _Stream(url, headers, call, results, direct=direct, call_sid=call_sid), "127.0.0.1", port
        )
        await stream.open
    except Exception:  # noqa: BLE001 - counted and reported
        results.failures += 1
        return
    if not direct:
        stream.start()
    await asyncio.sleep((call % 50) * FRAME_S / 50)  # spread the calls over the 20 ms period
    t0, n = loop.time(), 0
    while not stop.is_set():
        n += 1
        stream.send(stream.frame())
        results.sent += 1
        delay = t0 + n * FRAME_S - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
    await asyncio.sleep(0.5)  # frames still in flight
    stream.stop()


async def _run_load(calls: int, seconds: float, *, url: str, direct: bool, pids: dict[str, int]) -> Results:
    results, stop = Results(), asyncio.Event()
    tasks = [asyncio.create_task(_stream(url, i, results, stop, direct=direct)) for i in range(calls)]
    await asyncio.sleep(3.0)  # every call connected and the bridge warmed up
    cpu0 = {name: _cpu_seconds(pid) for name, pid in pids.items()}
    busy0 = _machine_busy_seconds()
    sent0, t0 = results.sent, time.monotonic()
    results.measuring = True
    await asyncio.sleep(seconds)
    results.measuring = False
    elapsed = time.monotonic() - t0
    results.cpu = {name: (_cpu_seconds(pid) - cpu0[name]) / elapsed for name, pid in pids.items()}
    results.cpu["machine"] = (_machine_busy_seconds() - busy0) / elapsed
    results.frames_in_window = results.sent - sent0
    stop.set()
    await asyncio.gather(*tasks)
    if results.failures:
        print(f"  {results.failures} streams could not connect", file=sys.stderr)
    return results


# --- orchestration -------------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def _prioritise(nice: int, *pids: int) -> None:
    """Give the benchmark's processes scheduling priority `nice` (negative needs root): on a shared
    machine this keeps other tenants' work from being measured as the bridge's latency."""
    if not nice:
        return
    for pid in pids:
        try:
            os.setpriority(os.PRIO_PROCESS, pid, nice)
        except (PermissionError, ProcessLookupError) as exc:
            print(f"could not set priority {nice} on {pid}: {exc}", file=sys.stderr)


def _load_average() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def _machine_busy_seconds() -> float:
    """CPU time spent by the whole machine (every process, the kernel, other tenants of this VM)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def _ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:6.2f}" if values else "   n/a"


async def _bench(args: argparse.Namespace) -> int:
    fake_port, app_port = free_port(), free_port()
    fake = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.realtime_bench", "--fake-server", str(fake_port)
    )
    data_dir = tempfile.mkdtemp(prefix="knotty-bench-")
    env = {
        **os.environ,
        "KNOTTY_DATA_DIR": data_dir,
        "KNOTTY_VOICE_MODE": "realtime",
        "KNOTTY_BRAIN": "scripted",
        "KNOTTY_LOG_LEVEL": "WARNING",
        "OPENAI_API_KEY": "bench",
        "OPENAI_REALTIME_URL": f"ws://127.0.0.1:{fake_port}/v1/realtime",
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{app_port}",
    }
    env.pop("DATABASE_URL", None)
    cmd = [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(app_port)]
    if args.app_cmd:
        cmd = [*shlex.split(args.app_cmd), str(app_port)]
    app = await asyncio.create_subprocess_exec(*cmd, env=env)
    _prioritise(args.nice, fake.pid, app.pid, os.getpid())
    try:
        await _wait_port(fake_port)
        await _wait_port(app_port)
        app_url = f"ws://127.0.0.1:{app_port}/twilio/media-stream"
        fake_url = f"ws://127.0.0.1:{fake_port}/v1/realtime"
        print(
            f"{os.cpu_count()} CPUs; {args.seconds:.0f} s per run; 50 frames/s per call, 20 ms of μ-law per frame; "
            f"priority {args.nice}"
        )
        print(
            "calls  path     up p50   up p99  down p50 down p99  lost/frames   app CPU, per frame  fake  load  machine"
        )
        sustained = 0
        for calls in args.calls:
            for direct in [True, False] if args.direct else [False]:
                pids = {"app": app.pid, "fake": fake.pid, "load": os.getpid()}
                r = await _run_load(
                    calls, args.seconds, url=fake_url if direct else app_url, direct=direct, pids=pids
                )
                lost = max(0, r.sent - r.received)
                per_frame = r.cpu["app"] * args.seconds / max(r.frames_in_window, 1) * 1e6
                app_cpu = "" if direct else f"{r.cpu['app'] * 100:4.0f}% {per_frame:4.0f} µs"
                print(
                    f"{calls:5d}  {'direct' if direct else 'bridge':7s} {_ms(r.up, 50)}  {_ms(r.up, 99)}  {_ms(r.down, 50)}  {_ms(r.down, 99)}"
                    f"  {lost:5d}/{r.sent:<7d} {app_cpu:>12s}   {r.cpu['fake'] * 100:3.0f}%  {r.cpu['load'] * 100:3.0f}%  {r.cpu['machine'] * 100:4.0f}%"
                )
                fast = r.up and percentile(r.up, 99) < 0.005 and percentile(r.down, 99) < 0.005
                if not direct and fast and lost <= r.sent * 0.001:
                    sustained = max(sustained, calls)
                await asyncio.sleep(1.0)
        print(f"calls carried with p99 under 5 ms each way (bridge path, end to end): {sustained}")
        return 0
    finally:
        for proc in (app, fake):
            proc.send_signal(signal.SIGINT)
        for proc in (app, fake):
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", default="50,100,150,200", type=lambda v: [int(x) for x in v.split(",")])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--direct", action="store_true", help="also run each load without the bridge (baseline)"
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="scheduling priority of the benchmark's processes (e.g. -10, as root)",
    )
    parser.add_argument(
        "--app-cmd", help="run the app with this command instead of `python -m app serve` (port appended)"
    )
    parser.add_argument("--fake-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    if args.fake_server:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve_fake(args.fake_server))
        return 0
    return asyncio.run(_bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
