"""Benchmark of the agent core alone: N concurrent signups with the offline brain, no HTTP.

    python -m bench.core --conversations 200 --backend sqlite
    python -m bench.core --conversations 200 --backend postgres

Prints turns per second, p50/p99 turn latency (the time one `Agent.turn` takes, database included) and
this process's CPU time per turn (every thread, so aiosqlite's too; PostgreSQL's server is another
process): on a shared machine the CPU figure swings far less than the throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from app.migrate import migrate_async
from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.store import Store, create_engine

__all__ = ["answer_for", "main", "percentile"]


def answer_for(reply: str, i: int) -> str:
    """What a cooperative person says to Knotty's last reply (one field at a time)."""
    r = reply.lower()
    if "text" in r and "?" in r:
        return "yes please"
    if "right" in r or "correct" in r:
        return "yes"
    if "name" in r:
        return f"my name is Pat Number{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}"
    if "phone" in r or "number" in r:
        return f"415 555 {i % 10000:04d}"
    if "email" in r:
        return f"pat{i}@example.com"
    if "therapist" in r or "client" in r:
        return "I'm a client"
    return "yes"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def _conversation(agent: Agent, i: int, latencies: list[float]) -> bool:
    sid = f"bench-{i}"
    result = await agent.open(Inbound("web", sid))
    for _ in range(20):
        if result.done:
            return result.entry_id is not None
        text = answer_for(result.reply, i)
        started = time.perf_counter()
        result = await agent.turn(Inbound("web", sid, text))
        latencies.append(time.perf_counter() - started)
    return False


async def run(url: str, conversations: int) -> dict[str, float]:
    """Run the benchmark against a migrated database at `url`."""
    engine = create_engine(url, pool_size=20)
    agent = Agent(Store(engine), ScriptedBrain(), ScriptedBrain())
    latencies: list[float] = []
    started = time.perf_counter()
    cpu = time.process_time()
    outcomes = await asyncio.gather(*(_conversation(agent, i, latencies) for i in range(conversations)))
    cpu = time.process_time() - cpu
    elapsed = time.perf_counter() - started
    await agent.store.aclose()
    await engine.dispose()
    return {
        "conversations": conversations,
        "signed_up": sum(outcomes),
        "turns": len(latencies),
        "turns_per_s": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "cpu_ms_per_turn": cpu / max(1, len(latencies) + conversations) * 1000,  # the greetings are turns too
    }


async def _main(backend: str, conversations: int) -> None:
    cluster = None
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "postgres":
            from tests.support.postgres import start_cluster

            cluster = start_cluster()
            url = cluster.url()
        else:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        try:
            await migrate_async(url)
            stats = await run(url, conversations)
        finally:
            if cluster:
                cluster.stop()
    print(
        f"core {backend}: {stats['signed_up']}/{stats['conversations']} signed up, {stats['turns']} turns, "
        f"{stats['turns_per_s']:.0f} turns/s, p50 {stats['p50_ms']:.1f} ms, p99 {stats['p99_ms']:.1f} ms, "
        f"CPU {stats['cpu_ms_per_turn']:.3f} ms per turn"
    )


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    asyncio.run(_main(args.backend, args.conversations))


if __name__ == "__main__":
    main()
