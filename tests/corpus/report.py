"""Run the whole corpus on a fresh SQLite database and print how it went.

    .venv/bin/python -m tests.corpus.report [-v] [--seed=N]
    .venv/bin/python -m tests.corpus.report --strangers [--seed=N] [--per=N]   # Faker people, N per behaviour

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

from app.migrate import migrate_async
from knotty.agent import Agent
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.notify import ConfirmationNotifier
from knotty.store import Store, create_engine
from tests.corpus.generate import generate
from tests.corpus.runner import TEXTING, Outcome, play

__all__ = ["run_corpus", "summary"]


class _Texts(ConfirmationNotifier):
    """A deployment that can send texts, so the text offer is part of every conversation (nothing is sent)."""

    async def confirmation_requested(self, entry_id: int) -> None:
        return None


async def run_corpus(
    database_url: str, seed: int = 7, *, strangers: bool = False, per_behaviour: int = 6
) -> list[Outcome]:
    """Every generated conversation, played on the database at `database_url` (already migrated)."""
    engine = create_engine(database_url)
    store = Store(engine)
    agent = Agent(store, ScriptedBrain(), ScriptedBrain(), _Texts(), texting=TEXTING)
    try:
        return [await play(agent, store, sc) for sc in generate(per_behaviour, seed, strangers=strangers)]
    finally:
        await engine.dispose()


def wrong_save(o: Outcome) -> bool:
    """The database holds a wrong entry for this person, or an entry for someone who left."""
    return any(p.startswith("saved") for p in o.problems)


def ended_right(o: Outcome) -> bool:
    """Issue 11's measure: the person ended saved exactly right (or, having left, not saved), with no
    question asked a third time, whatever read-back they had to correct on the way. `Outcome.ok` is
    stricter: it also fails a conversation whose read-back needed a correction."""
    return all(p.endswith("wrong read-back(s)") for p in o.problems)


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
        f"{'transcripts':<22} {'n':>5} {'ok':>5} {'success':>8} {'wrong saves':>12} {'median turns':>13}"
        f" {'saved right':>12}",
    ]
    for modality in ("written", "spoken"):
        group = [o for o in outcomes if o.scenario.modality == modality]
        if group:
            good = sum(o.ok for o in group)
            wrong = sum(wrong_save(o) for o in group)
            median = statistics.median(o.turns for o in group)
            right = sum(ended_right(o) for o in group)
            lines.append(
                f"{modality:<22} {len(group):>5} {good:>5} {good / len(group):>8.1%} {wrong:>12} {median:>13}"
                f" {right / len(group):>12.1%}"
            )
    lines += ["", f"{'behaviour':<22} {'n':>5} {'ok':>5} {'median turns':>13} {'max':>4}"]
    for behaviour, group in by.items():
        turns = [o.turns for o in group]
        ok_count = sum(o.ok for o in group)
        lines.append(
            f"{behaviour:<22} {len(group):>5} {ok_count:>5} {statistics.median(turns):>13} {max(turns):>4}"
        )
    return "\n".join(lines)


async def _main(verbose: bool, seed: int, strangers: bool, per_behaviour: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'corpus.db'}"
        await migrate_async(url)
        started = time.perf_counter()
        outcomes = await run_corpus(url, seed, strangers=strangers, per_behaviour=per_behaviour)
        elapsed = time.perf_counter() - started
    print(summary(outcomes))
    print(f"\n{elapsed:.1f} s")
    for o in outcomes:
        if not o.ok:
            print(f"\nFAILED {o.scenario.id}: {'; '.join(o.problems)}")
            if verbose:
                print("\n".join("   " + line for line in o.transcript))
    return 0 if all(o.ok for o in outcomes) else 1


def _option(name: str, default: int) -> int:
    found = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith(f"--{name}=")]
    return found[0] if found else default


if __name__ == "__main__":
    strangers = "--strangers" in sys.argv
    sys.exit(
        asyncio.run(
            _main("-v" in sys.argv, _option("seed", 7), strangers, _option("per", 30 if strangers else 6))
        )
    )
