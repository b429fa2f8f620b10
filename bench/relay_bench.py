"""Benchmark of the `relay` voice mode: the server's time from a caller's prompt to the first token sent.

    python -m bench.relay_bench                          # 100 concurrent calls, each a whole signup
    python -m bench.relay_bench --calls 20 --pause 0     # callers who answer instantly (a stress test)

The real app (`knotty serve`, relay mode, the offline brain so that no model time is counted) runs in
its own process on SQLite; N fake ConversationRelay sessions each sign someone up from greeting to
`end`, answering each question after `--pause` seconds (the caller speaking and Twilio transcribing;
2 s by default, spread at random). For every prompt the time until the first `text` token
arrives is recorded: that is the agent's whole turn (load the conversation, understand, validate,
commit) plus the WebSocket hops, i.e. what Knotty adds on top of Twilio's speech recognition and
the model. Conversations that did not end with a saved entry are counted as failures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shlex
import signal
import sys
import tempfile
import time

from bench.core import answer_for, percentile
from bench.realtime_bench import _cpu_seconds, _load_average, _wait_port
from tests.support.live_server import free_port

__all__ = ["main"]

AUTH_TOKEN = "bench-auth-token"


async def _signup(url: str, i: int, firsts: list[float], pause: float) -> bool:
    from channels.stream_token import issue_stream_token
    from tests.support.fake_relay import FakeRelay

    call_sid, caller = f"CA{i:032d}", f"+1415555{i % 10000:04d}"
    # What the app's TwiML would have given this call: its own token in the relay URL's path.
    url = f"{url}/{issue_stream_token(AUTH_TOKEN, call_sid=call_sid, caller=caller, mode='relay')}"
    relay = await FakeRelay(url, url, AUTH_TOKEN, call_sid=call_sid, caller=caller).connect()
    try:
        reply = await relay.reply(count=1, timeout=30)
        for _ in range(20):
            if relay.ended is not None:
                break
            if pause:
                await asyncio.sleep(pause * random.uniform(0.5, 1.5))
            tokens_before = len(relay.token_times)
            started = time.perf_counter()
            await relay.say(answer_for(reply, i))
            reply = await relay.reply(count=len(relay.replies) + 1, timeout=30)
            if len(relay.token_times) > tokens_before:
                firsts.append(relay.token_times[tokens_before][0] - started)
        return relay.ended is not None
    finally:
        await relay.close()


async def _bench(args: argparse.Namespace) -> int:
    port = free_port()
    env = {
        **os.environ,
        "KNOTTY_DATA_DIR": tempfile.mkdtemp(prefix="knotty-relay-bench-"),
        "KNOTTY_VOICE_MODE": "relay",
        "KNOTTY_BRAIN": "scripted",
        "KNOTTY_LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    for var in ("DATABASE_URL", "OPENAI_API_KEY", "TWILIO_ACCOUNT_SID"):
        env.pop(var, None)
    cmd = [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if args.app_cmd:
        cmd = [*shlex.split(args.app_cmd), str(port)]
    app = await asyncio.create_subprocess_exec(*cmd, env=env)
    try:
        await _wait_port(port)
        url = f"ws://127.0.0.1:{port}/twilio/relay"
        print(
            f"{os.cpu_count()} CPUs; offline brain (no model time); SQLite; {args.calls} concurrent calls x {args.rounds} "
            f"rounds; callers answer after {args.pause:g} s (±50%)"
        )
        firsts: list[float] = []
        ok = failed = 0
        cpu0, t0 = _cpu_seconds(app.pid), time.monotonic()
        for r in range(args.rounds):
            outcome = await asyncio.gather(
                *(_signup(url, r * args.calls + i, firsts, args.pause) for i in range(args.calls)),
                return_exceptions=True,
            )
            ok += sum(1 for o in outcome if o is True)
            failed += sum(1 for o in outcome if o is not True)
            errors = [o for o in outcome if isinstance(o, BaseException)]
            if errors:
                print(f"  {len(errors)} calls failed, e.g. {errors[0]!r}", file=sys.stderr)
        elapsed = time.monotonic() - t0
        cpu = (_cpu_seconds(app.pid) - cpu0) / elapsed
        print(
            f"prompts {len(firsts)}  prompt→first token p50 {percentile(firsts, 50) * 1000:.1f} ms  "
            f"p99 {percentile(firsts, 99) * 1000:.1f} ms  max {max(firsts) * 1000:.1f} ms"
        )
        print(
            f"signups completed {ok}, failed {failed}; {len(firsts) / elapsed:.0f} turns/s; app CPU {cpu * 100:.0f}%; loadavg {_load_average()}"
        )
        return 0 if failed == 0 else 1
    finally:
        app.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(app.wait(), 10)
        except TimeoutError:
            app.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds a caller takes to answer")
    parser.add_argument(
        "--app-cmd", help="run the app with this command instead of `python -m app serve` (port appended)"
    )
    args = parser.parse_args(argv)
    return asyncio.run(_bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
