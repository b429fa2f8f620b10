"""Run the whole corpus on a fresh SQLite database and print how it went.

    .venv/bin/python -m tests.corpus.report [-v] [--seed=N]

Prints the success rate, the median number of turns (the person's messages) overall and per
behaviour, and every failed conversation with its problems (`-v`: with its transcript).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from knotty.agent import Agent
from knotty.brains.scripted import ScriptedBrain
from knotty.migrate import migrate_async
from knotty.store import Store, create_engine
from tests.corpus.generate import generate
from tests.corpus.runner import Outcome, play

__all__ = ["run_corpus", "summary"]


async def run_corpus(database_url: str, seed: int = 7) -> list[Outcome]:
    """Every generated conversation, played on the database at `database_url` (already migrated)."""
    engine = create_engine(database_url)
    store = Store(engine)
    agent = Agent(store, ScriptedBrain(), ScriptedBrain())
    try:
        return [await play(agent, store, sc) for sc in generate(seed=seed)]
    finally:
        await engine.dispose()


def summary(outcomes: list[Outcome]) -> str:
    """The numbers, as printed and as quoted in the README."""
    ok = sum(o.ok for o in outcomes)
    by: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by[o.scenario.behaviour].append(o)
    lines = [
        f"conversations: {len(outcomes)}  correct: {ok}  success rate: {ok / len(outcomes):.1%}",
        f"median turns: {statistics.median(o.turns for o in outcomes)}",
        "",
        f"{'behaviour':<22} {'n':>3} {'ok':>4} {'median turns':>13} {'max':>4}",
    ]
    for behaviour, group in by.items():
        turns = [o.turns for o in group]
        ok_count = sum(o.ok for o in group)
        lines.append(f"{behaviour:<22} {len(group):>3} {ok_count:>4} {statistics.median(turns):>13} {max(turns):>4}")
    return "\n".join(lines)


async def _main(verbose: bool, seed: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'corpus.db'}"
        await migrate_async(url)
        started = time.perf_counter()
        outcomes = await run_corpus(url, seed)
        elapsed = time.perf_counter() - started
    print(summary(outcomes))
    print(f"\n{elapsed:.1f} s")
    for o in outcomes:
        if not o.ok:
            print(f"\nFAILED {o.scenario.id}: {'; '.join(o.problems)}")
            if verbose:
                print("\n".join("   " + line for line in o.transcript))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    seeds = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--seed=")]
    sys.exit(asyncio.run(_main("-v" in sys.argv, seeds[0] if seeds else 7)))
