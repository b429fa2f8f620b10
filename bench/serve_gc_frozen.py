"""`knotty serve` with the garbage collector's long-lived objects frozen after start-up.

    python -m bench.realtime_bench --app-cmd "python -m bench.serve_gc_frozen"

The app imports and builds a few hundred thousand objects (SQLAlchemy, Litestar, pydantic, the
twilio library) that live as long as the process. Python's full (generation 2) collection walks
all of them: about 0.1-0.2 s on this machine, during which every call's audio waits. `gc.freeze()`
after start-up moves them out of the collector's sight; the benchmarks use this module to measure
the effect of doing so in the server itself. The last argument is the port.
"""

from __future__ import annotations

import gc
import sys

import uvicorn

from app.factory import create_app

__all__ = ["main"]


def main() -> None:
    app = create_app()
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[-1]), log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
