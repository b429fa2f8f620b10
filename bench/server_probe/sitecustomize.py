"""The benchmark's probe inside each server process (`python -m bench.run --probe`).

Python imports `sitecustomize` at start-up from the path; `bench.run --probe` puts this folder first
on the server's PYTHONPATH, so every process of `knotty serve --workers N` (the supervisor and each
uvicorn worker) notes, without any change to the app:

- each garbage-collector pass: when it began, its generation, how long it took;
- how late its event loop ran a callback due every 10 ms (a turn waiting behind other work).

Lines go to `probe-<pid>.tsv` in `KNOTTY_BENCH_PROBE_DIR`, written once a second from the loop
itself and at exit. Times are `time.perf_counter()` (the machine's monotonic clock), the driver's clock too.
"""

from __future__ import annotations

import atexit
import gc
import os
import time

_FOLDER = os.environ.get("KNOTTY_BENCH_PROBE_DIR", "")
_EVERY_S = 0.01


def _install(folder: str) -> None:
    out = open(os.path.join(folder, f"probe-{os.getpid()}.tsv"), "a", buffering=1 << 16)  # noqa: SIM115
    began: list[float] = []
    lines: list[str] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[:] = [time.perf_counter()]
        elif began:
            lines.append(f"gc\t{began[0]:.6f}\t{info['generation']}\t{time.perf_counter() - began[0]:.6f}\n")

    gc.callbacks.append(collected)

    def flush() -> None:
        out.writelines(lines)
        out.flush()
        lines.clear()

    atexit.register(flush)  # what the last second noted

    def watch(loop: object) -> None:
        state = {"due": time.perf_counter() + _EVERY_S, "flushed": time.perf_counter()}

        def tick() -> None:
            now = time.perf_counter()
            lines.append(f"lag\t{now:.6f}\t{now - state['due']:.6f}\n")
            if now - state["flushed"] >= 1.0:
                flush()
                state["flushed"] = now
            state["due"] = now + _EVERY_S
            loop.call_later(_EVERY_S, tick)  # type: ignore[attr-defined]

        loop.call_later(_EVERY_S, tick)  # type: ignore[attr-defined]

    try:
        import uvloop
    except ImportError:  # pragma: no cover - the benchmark's server runs on uvloop
        return
    made = uvloop.new_event_loop

    def new_event_loop() -> object:
        loop = made()
        watch(loop)
        return loop

    uvloop.new_event_loop = new_event_loop  # type: ignore[assignment]


if _FOLDER:
    _install(_FOLDER)
