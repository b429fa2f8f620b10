"""`knotty serve`'s uvicorn server, which drains the voice streams before it shuts down.

uvicorn's shutdown closes the listening socket and at once every open WebSocket (code 1012): at every
deploy each ConversationRelay and Media Streams caller was cut off mid-signup. `DrainingServer` first
stops taking connections, then lets the open streams finish for up to `KNOTTY_DRAIN_S` and hands the
rest over politely (`channels.live_streams`), and only then runs uvicorn's own shutdown (the HTTP
requests under way, the lifespan: the outbox's leases handed back). A second Ctrl-C still quits at once.
With `--workers`, each worker process drains its own streams.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import sys

import uvicorn
from uvicorn.supervisors import multiprocess

from channels.live_streams import LIVE_STREAMS

__all__ = ["DrainingServer", "address_problem", "run"]

STARTUP_FAILURE = 3
"""`uvicorn.run`'s exit status when the app or the socket failed to start."""


def address_problem(host: str, port: int) -> tuple[str, str] | None:
    """Why `host:port` can't be listened on, as (the option, what to do), or None when it can.

    Asked before the banner says "serving on": uvicorn found a taken port only after the app had started,
    and said so in one JSON line among its own, with exit status 3.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds its own
        try:
            probe.bind((host, port))
        except socket.gaierror:
            return (
                "--host",
                f"{host!r} is no address of this machine; use 127.0.0.1, or 0.0.0.0 for every interface",
            )
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "--port", (
                    f"{host}:{port} is already in use (another Knotty still running, or another program); "
                    "stop it or choose another --port"
                )
            if exc.errno == errno.EACCES:
                return (
                    "--port",
                    f"{port} needs root (ports below 1024); listen on 8000 or higher behind a proxy",
                )
            if exc.errno == errno.EADDRNOTAVAIL:
                return (
                    "--host",
                    f"{host} is no address of this machine; use 127.0.0.1, or 0.0.0.0 for every interface",
                )
            return "--port", f"can't listen on {host}:{port}: {exc.strerror or exc}"
    return None


class DrainingServer(uvicorn.Server):
    """A uvicorn server whose shutdown waits for the open voice streams (up to `drain_s`)."""

    def __init__(self, config: uvicorn.Config, drain_s: float) -> None:
        super().__init__(config)
        self.drain_s = drain_s

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:  # no new connections (a deploy's next process takes them)
            server.close()
        for sock in sockets or []:
            sock.close()
        if not self.force_exit:
            await LIVE_STREAMS.drain(self.drain_s, give_up=lambda: self.force_exit)
        await super().shutdown(sockets)


_drain_s = 0.0
"""`KNOTTY_DRAIN_S` for the workers the supervisor builds (set in the parent before it starts them)."""


class _DrainingWorker(multiprocess.Process):
    """A `--workers` process running a `DrainingServer` (pickled into the spawned worker with `drain_s`)."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.drain_s = _drain_s
        super().__init__(config, sockets)

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            self._server = DrainingServer(self.config, self.drain_s)
        return self._server


def run(config: uvicorn.Config, drain_s: float) -> None:
    """Serve `config` until SIGTERM/SIGINT, draining the voice streams first (as `uvicorn.run` serves)."""
    global _drain_s  # noqa: PLW0603 - read by the workers' constructor, in this process only
    if config.workers > 1:
        _drain_s = drain_s
        sock = config.bind_socket()
        previous = multiprocess.Process
        multiprocess.Process = _DrainingWorker  # type: ignore[misc] # the supervisor builds workers by this name
        try:
            with contextlib.suppress(KeyboardInterrupt):
                multiprocess.Multiprocess(config, sockets=[sock]).run()
        finally:
            multiprocess.Process = previous  # type: ignore[misc]
        return
    config.load_app()
    server = DrainingServer(config, drain_s)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)  # as `uvicorn.run`: the app or the socket failed
