"""The load driver's HTTP client: keep-alive HTTP/1.1 over loopback, a request written as one buffer.

The simulated Twilio stands for machines outside this one, so its own CPU should take as little of
the server's machine as it honestly can. aiohttp spent about 0.3 of a core at 500 webhooks/s here:
a `ClientRequest`, a `FormData`, its payload registry, its connector and timeouts per request. A
webhook needs none of it: the form is encoded once (`urlencode`, as aiohttp's `FormData` encodes it),
headers and body go out in one `write`, and httptools (uvicorn's own parser, in C) reads the answer.
Each request is still signed and sent exactly as Twilio sends it; the URL's path and query go out
byte for byte as given (a held turn's `said=%27...` must reach the server as signed).

Connections are kept and reused, most recently used first. One the server closed while it sat idle
(uvicorn closes a kept connection after its keep-alive timeout) is noticed before reuse; a request
whose connection closed before a single byte of the answer came is sent once more on a new one.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlencode, urlsplit

import httptools

__all__ = ["LoopbackPoster", "Reply", "percentile"]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else 0.0


@dataclass(frozen=True, slots=True)
class Reply:
    """What the server answered (what the simulator reads: `status_code` and `text`)."""

    status_code: int
    text: str


class _Closed(ConnectionError):
    """The server closed the connection before any byte of the answer: the request can go again."""


class _Connection(asyncio.Protocol):
    """One kept HTTP/1.1 connection: one request at a time, its answer parsed by httptools."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._parser = httptools.HttpResponseParser(self)
        self._answer: asyncio.Future[tuple[int, bytes, bool]] | None = None
        self._body: list[bytes] = []
        self._received = False

    # --- asyncio.Protocol ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast("asyncio.Transport", transport)

    def data_received(self, data: bytes) -> None:
        self._received = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(exc)
            if self.transport is not None:
                self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(_Closed("closed before the answer") if not self._received else ConnectionResetError())

    # --- httptools callbacks -------------------------------------------------------------------

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        answer, self._answer = self._answer, None
        if answer is not None and not answer.done():
            status = self._parser.get_status_code()
            answer.set_result((status, b"".join(self._body), self._parser.should_keep_alive()))

    # --- use -----------------------------------------------------------------------------------

    def _fail(self, exc: Exception) -> None:
        answer, self._answer = self._answer, None
        if answer is not None and not answer.done():
            answer.set_exception(exc)

    async def exchange(self, request: bytes) -> tuple[int, bytes, bool]:
        """Send one request; (status, body, whether the connection may be kept)."""
        if self.transport is None or self.closed:
            raise _Closed("not connected")
        self._body = []
        self._received = False
        self._answer = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self._answer


class LoopbackPoster:
    """Posts signed forms to one server (`base`: "http://127.0.0.1:PORT"), and logs every request's
    start, path and seconds for the benchmark's windows and timeline."""

    def __init__(self, base: str, connections: int, timeout_s: float = 30.0) -> None:
        parts = urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout_s = timeout_s
        self._slots = asyncio.Semaphore(connections)
        self._idle: list[_Connection] = []
        self._open: set[_Connection] = set()

        self.log: list[tuple[float, str, float]] = []
        """(start, path, seconds) of every request."""
        self.lags: list[tuple[float, float]] = []
        """(moment, seconds) this process's event loop was late waking `watch_lag`: the driver's own
        stalls, which a request's latency includes (it is timed here, not in the server)."""
        self.collections: list[tuple[float, int, float]] = []
        """(moment, generation, seconds) of this process's garbage-collector passes (`watch_gc`)."""
        self.server_lags: list[tuple[float, float]] = []
        self.server_collections: list[tuple[float, int, float]] = []
        """The same two for the server's processes, when `bench.run --probe` noted them there."""
        self.texts: list[float] = []
        """Moments the simulated Twilio accepted a text the server sent (set by `bench.run`)."""
        self.cpu: list[tuple[float, float, float, float]] = []
        """(moment, server, database, machine) cores used in the second before that moment, when the
        runner samples them (`bench.run`); shown in the timeline."""

    async def watch_lag(self, every_s: float = 0.01) -> None:
        """Note how late the loop wakes a sleep of `every_s`, until cancelled (for the timeline)."""
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + every_s
            await asyncio.sleep(every_s)
            self.lags.append((time.perf_counter(), loop.time() - due))

    def watch_gc(self) -> Callable[[], None]:
        """Note this process's garbage-collector passes (moment, generation, seconds) until the returned
        function is called: a long one stalls every request in flight here, not in the server."""
        began: list[float] = []

        def noted(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                began[:] = [time.perf_counter()]
            elif began:
                self.collections.append((began[0], info["generation"], time.perf_counter() - began[0]))

        gc.callbacks.append(noted)
        return lambda: gc.callbacks.remove(noted)

    @staticmethod
    def pause_collector() -> Callable[[], None]:
        """Keep this process's garbage collector out of the measured seconds until the returned function is
        called: a pass over the driver's many live requests stalled every one in flight (92 ms in one
        second of a run, its p99 54 ms against 27-31 in the runs beside it), a stall of the simulated
        Twilio, not of the server. What was alive is frozen (no pass to pay now), new cycles wait."""
        gc.freeze()
        gc.disable()

        def resume() -> None:
            gc.enable()
            gc.unfreeze()

        return resume

    def window(self, start: float, end: float) -> list[tuple[str, float]]:
        """(path, seconds) of the requests sent between `start` and `end`."""
        return [(path, d) for t, path, d in self.log if start <= t < end]

    def timeline(self, start: float) -> str:
        """Requests, p50 and p99 latency per second from `start` (to spot stalls), and the driver's
        own worst lag that second (a stall there is not the server's)."""
        seconds: dict[int, list[float]] = {}
        for t, _, d in self.log:
            if t >= start:
                seconds.setdefault(int(t - start), []).append(d * 1000)
        lag: dict[int, float] = {}
        for t, late in self.lags:
            if t >= start:
                lag[int(t - start)] = max(lag.get(int(t - start), 0.0), late * 1000)
        collected: dict[int, float] = {}
        for t, _generation, took in self.collections:
            if t >= start:
                collected[int(t - start)] = collected.get(int(t - start), 0.0) + took * 1000
        in_server = ""
        if self.server_lags:
            server_lag: dict[int, float] = {}
            for t, late in self.server_lags:
                if t >= start:
                    server_lag[int(t - start)] = max(server_lag.get(int(t - start), 0.0), late * 1000)
            server_gc: dict[int, float] = {}
            for t, _generation, took in self.server_collections:
                if t >= start:
                    server_gc[int(t - start)] = server_gc.get(int(t - start), 0.0) + took * 1000
            in_server = "  server lag {lag:6.1f} ms (gc {gc:5.1f} ms)"
        texts: dict[int, int] = {}
        for t in self.texts:
            if t >= start:
                texts[int(t - start)] = texts.get(int(t - start), 0) + 1
        cores: dict[int, str] = {}
        for t, server, database, machine in self.cpu:
            if t - 1.0 >= start - 0.5:
                cores[round(t - 1.0 - start)] = (
                    f"  cores: server {server:.2f} db {database:.2f} machine {machine:.2f}"
                )
        return "\n".join(
            f"  t={sec:>3}s {len(ds):>4} req  p50 {percentile(ds, 50):7.1f} ms  p99 {percentile(ds, 99):7.1f} ms"
            f"  driver lag {lag.get(sec, 0.0):6.1f} ms (gc {collected.get(sec, 0.0):5.1f} ms)"
            + (
                in_server.format(lag=server_lag.get(sec, 0.0), gc=server_gc.get(sec, 0.0))
                if in_server
                else ""
            )
            + (f"  texts {texts.get(sec, 0):3}" if self.texts else "")
            + cores.get(sec, "")
            for sec, ds in sorted(seconds.items())
        )

    def request_bytes(self, target: str, data: dict[str, str], headers: dict[str, str]) -> bytes:
        """The whole request: `target` (path and query, sent as given), the headers, the encoded form."""
        body = urlencode(data).encode()
        head = [f"POST {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}", "", ""]
        return "\r\n".join(head).encode("latin-1") + body

    async def post(self, url: str, *, data: dict[str, str], headers: dict[str, str]) -> Reply:
        """POST the form `data` to `url` (on this poster's server) with `headers`."""
        started = time.perf_counter()
        target = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        request = self.request_bytes(target, data, headers)
        async with self._slots:
            status, body = await asyncio.wait_for(self._send(request), self.timeout_s)
        self.log.append((started, target.split("?", 1)[0], time.perf_counter() - started))
        return Reply(status, body.decode("utf-8", "replace"))

    async def _send(self, request: bytes) -> tuple[int, bytes]:
        for attempt in range(2):
            connection = await self._connection()
            try:
                status, body, keep = await connection.exchange(request)
            except _Closed:
                self._open.discard(connection)
                if attempt:
                    raise
                continue
            except BaseException:
                self._drop(connection)
                raise
            if keep and not connection.closed:
                self._idle.append(connection)
            else:
                self._drop(connection)
            return status, body
        raise AssertionError("unreachable")

    async def _connection(self) -> _Connection:
        while self._idle:
            connection = self._idle.pop()
            if not connection.closed:
                return connection
            self._open.discard(connection)
        _, protocol = await asyncio.get_running_loop().create_connection(_Connection, self.host, self.port)
        self._open.add(protocol)
        return protocol

    def _drop(self, connection: _Connection) -> None:
        self._open.discard(connection)
        if connection.transport is not None:
            connection.transport.close()

    async def aclose(self) -> None:
        """Close every connection."""
        for connection in list(self._open):
            self._drop(connection)
        self._idle.clear()
        await asyncio.sleep(0)
