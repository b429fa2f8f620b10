"""Noisy-line callers over the real Twilio voice routes: the figures for a clean line and a noisy one.

    .venv/bin/python -m tests.corpus.line_report --seed 424242 --calls 400 [--level 1.0] [--no-text] [-v]
    .venv/bin/python -m tests.corpus.line_report --seed 7 --calls 20 --recogniser [--recogniser-cache DIR] [--no-hints]

Plays the same strangers (`--seed`), each calling from their own phone, once over a clean line and once
over the modelled noisy line (`tests.corpus.line`, `--level` scales it); with `--recogniser`, a third
time through a real recogniser (needs `scripts/recogniser-deps.sh`; transcripts are cached on disk),
which is given each question's `<Gather hints>` as Twilio's recogniser is (`--no-hints`: ignored).
Prints finished, saved exactly right, wrong saves and median turns for each, and each unfinished or
wrongly saved call (`-v`: with its transcript). `--no-text` never offers to finish by text (the keypad
and the other ways alone). Exits 1 if any call was saved wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from app.migrate import migrate_async
from tests.corpus.line import Hears, Line
from tests.corpus.line_play import (
    LineVerdict,
    figures,
    line_for,
    line_world,
    pick_callers,
    play_calls,
    text_handoff_off,
)
from tests.corpus.simulator import Scenario

__all__ = ["run_line"]


async def run_line(
    scenarios: list[Scenario], line: Callable[[Scenario], Hears], *, at_once: int = 6
) -> list[LineVerdict]:
    """Play `scenarios` on a fresh SQLite database, each on the line `line(sc)` gives."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'line.db'}"
        await migrate_async(url)
        async with line_world(url, Path(tmp)) as world:
            return await play_calls(world, scenarios, line, at_once=at_once)


def _print(label: str, verdicts: list[LineVerdict], elapsed: float, verbose: bool) -> None:
    f = figures(verdicts)
    print(f"\n== {label}: {f['calls']} calls in {elapsed:.0f} s")
    for key, value in f.items():
        print(
            f"  {key:<34} {value:.1%}"
            if isinstance(value, float) and key.endswith("rate")
            else f"  {key:<34} {value}"
        )
    for v in verdicts:
        if not v.finished or v.wrong_save or v.loops:
            kind = "WRONG SAVE" if v.wrong_save else "UNFINISHED" if not v.finished else "LOOPED"
            print(f"  {kind} {v.scenario.id}: {'; '.join([*v.problems, *v.loops])}")
            if verbose:
                print("\n".join("     " + line for line in v.transcript))


async def _main(args: argparse.Namespace) -> int:
    scenarios = pick_callers(args.calls, args.seed)
    runs: list[tuple[str, Callable[[Scenario], Hears], int]] = [
        ("clean line", lambda sc: Line(), 6),
        (f"modelled noisy line (level {args.level})", lambda sc: line_for(sc, args.seed, args.level), 6),
    ]
    if args.recogniser:
        from tests.corpus.line_recogniser import CACHE_DIR, Recogniser, missing_reason

        if (reason := missing_reason()) is not None:
            print(reason, file=sys.stderr)
            return 2
        recogniser = Recogniser(args.recogniser_cache or CACHE_DIR, hints=not args.no_hints)
        label = "real recogniser (espeak-ng, 8 kHz mu-law, Whisper tiny.en"
        label += ", Gather hints ignored)" if args.no_hints else ", given the Gather hints)"
        runs.append((label, lambda sc: recogniser, 2))
    wrong = 0
    for label, line, at_once in runs:
        started = time.perf_counter()
        with text_handoff_off() if args.no_text else nullcontext():
            verdicts = await run_line(scenarios, line, at_once=at_once)
        _print(
            label + (", finishing by text off" if args.no_text else ""),
            verdicts,
            time.perf_counter() - started,
            args.verbose,
        )
        wrong += sum(v.wrong_save for v in verdicts)
    return 1 if wrong else 0


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.corpus.line_report", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seed", type=int, default=424242, help="which strangers call (default 424242)")
    parser.add_argument("--calls", type=int, default=190, help="how many calls per line (default 190)")
    parser.add_argument(
        "--level", type=float, default=1.0, help="noise level of the modelled line (default 1.0)"
    )
    parser.add_argument(
        "--recogniser", action="store_true", help="also play them through the real recogniser"
    )
    parser.add_argument(
        "--recogniser-cache",
        type=Path,
        default=None,
        help="where the recogniser's transcripts are cached (default .cache/recogniser/)",
    )
    parser.add_argument(
        "--no-hints",
        action="store_true",
        help="the real recogniser ignores the questions' <Gather hints> (the figure without them)",
    )
    parser.add_argument(
        "--no-text",
        action="store_true",
        help="never offer to finish by text (the keypad and other ways alone)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print the transcript of each failed call"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(_main(_args(sys.argv[1:]))))
