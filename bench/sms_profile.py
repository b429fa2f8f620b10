"""Server CPU of SMS webhooks measured in-process: the real app, no HTTP server, no client library.

    python -m bench.sms_profile --backend sqlite --people 60
    python -m bench.sms_profile --backend postgres --people 60 --profile sms.prof   # cProfile dump

Each person texts a whole signup (declining the confirmation text) through the app's ASGI callable,
one webhook at a time, with signed forms as Twilio sends them. The process's CPU time (every thread,
so aiosqlite's included; PostgreSQL's own server is a separate process) divided by the webhooks is
printed: on a shared machine it swings far less than the load benchmark's wall-clock figures, so two
versions compared with it, alternately in the same minutes, show what a change to the turn saves.
`--profile` writes a cProfile dump of the main thread's CPU (`time.thread_time`) for `pstats`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator

from bench.in_process import ACCOUNT_SID, NUMBER, PUBLIC, measure, post
from tests.channels.people import Person

__all__ = ["main"]

SMS_PATH = "/twilio/sms"


async def _signup(app: Any, validator: RequestValidator, k: int) -> int:
    """One person's whole signup by text; the webhooks it took."""
    tag = "".join(chr(97 + (k // 26**n) % 26) for n in range(3))  # every person a name of their own
    person = Person(f"Ana Lima{tag}", f"ana{k}@example.com", "", "client", wants_text=False)
    phone, text = f"+1415555{k:04d}", "Hi! I'd like to join the waitlist"
    for webhooks in range(1, 16):
        params = {
            "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "From": phone, "To": NUMBER,
            "Body": text, "MessageSid": "SM" + os.urandom(16).hex(), "NumMedia": "0",
        }  # fmt: skip
        document = ET.fromstring(await post(app, PUBLIC + SMS_PATH, params, validator))  # noqa: S314 - the app's own TwiML
        reply = " ".join(m.text or "" for m in document.iter("Message"))
        try:
            text = person.answer(reply, spoken=False)
        except AssertionError:  # a goodbye: nothing left to answer
            return webhooks
    raise RuntimeError(f"the signup of {phone} did not end")


async def _run(backend: str, people: int, profile: Path | None) -> None:
    webhooks, cpu = await measure(backend, _signup, people, profile)
    print(
        f"{backend}: {webhooks} SMS webhooks, server CPU {cpu / webhooks * 1000:.3f} ms per webhook (in-process)"
    )


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=60, help="signups measured (about 7 webhooks each)")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile dump here")
    args = parser.parse_args()
    asyncio.run(_run(args.backend, args.people, args.profile))


if __name__ == "__main__":
    main()
