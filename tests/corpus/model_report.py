"""Play the generated corpus over the real app (simulated Twilio: texts and calls) with a real small
model behind `KNOTTY_BRAIN=openai`, and print the figures docs/benchmarks.md quotes, beside the offline brain's.

    .venv/bin/python -m tests.corpus.model_report [--per-behaviour=N] [--seed=N] [--start=N] [--limit=N]
        [--offline] [--patient] [-v]

Needs `scripts/model-deps.sh` (llama.cpp's server and SmolLM2-135M). `--offline` plays the same
conversations with the offline brain too. A conversation takes seconds with the model (one at a time).
`--patient` gives the model as long as it needs for every turn (`model_play.PATIENT`), so that what it
says is judged even where it is too slow for a phone line; `--start` and `--limit` play N from the Nth.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from app.migrate import migrate_async
from tests.corpus.model_play import (
    MODEL_SEED,
    PATIENT,
    Verdict,
    figures,
    guard_reasons,
    model_world,
    pick,
    play,
)
from tests.corpus.model_server import missing_reason, model_server

__all__ = ["play_corpus"]


async def play_corpus(
    model_url: str,
    per_behaviour: int,
    seed: int,
    brain: str,
    *,
    start: int = 0,
    limit: int | None = None,
    **env: str,
) -> list[Verdict]:
    """Every picked scenario (`limit` of them from `start`), one after the other, on a fresh SQLite database."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'model.db'}"
        await migrate_async(url)
        async with model_world(url, Path(tmp), model_url, KNOTTY_BRAIN=brain, **env) as world:
            verdicts = []
            for sc in pick(per_behaviour, seed=seed)[start:][:limit]:
                verdicts.append(await play(world, sc))
                print(".", end="", flush=True, file=sys.stderr)
            await world.settle()
    print(file=sys.stderr)
    return verdicts


def _print(label: str, verdicts: list[Verdict], elapsed: float, verbose: bool) -> None:
    f = figures(verdicts)
    print(f"\n== {label}: {f['conversations']} conversations in {elapsed:.0f} s")
    for key, value in f.items():
        print(f"  {key:<28} {value:.1%}" if isinstance(value, float) else f"  {key:<28} {value}")
    if reasons := guard_reasons(verdicts):
        print(
            "  the offline brain answered instead, because: "
            + ", ".join(f"{k} {n}" for k, n in reasons.items())
        )
    for v in verdicts:
        if v.problems or v.leaks or v.false_claims or v.server_errors:
            print(f"  FAILED {v.scenario.id}: {'; '.join(v.problems + [f'shown: {x!r}' for x in v.leaks])}")
            if verbose:
                print("\n".join("     K: " + r for r in v.replies))


async def _main(argv: list[str]) -> int:
    opts = dict(a.lstrip("-").split("=", 1) for a in argv if "=" in a)
    per_behaviour, seed = int(opts.get("per-behaviour", 1)), int(opts.get("seed", MODEL_SEED))
    limit = int(opts["limit"]) if "limit" in opts else None
    start = int(opts.get("start", 0))
    if (reason := missing_reason()) is not None:
        print(reason, file=sys.stderr)
        return 2
    with model_server() as model_url:
        runs = [("openai", "SmolLM2-135M (KNOTTY_BRAIN=openai)")]
        if "--offline" in argv:
            runs.append(("scripted", "offline brain (KNOTTY_BRAIN=scripted)"))
        for brain, label in runs:
            started = time.perf_counter()
            env = PATIENT if "--patient" in argv else {}
            verdicts = await play_corpus(
                model_url, per_behaviour, seed, brain, start=start, limit=limit, **env
            )
            _print(label, verdicts, time.perf_counter() - started, "-v" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main(sys.argv[1:])))
