"""Server CPU of voice webhooks measured in-process: the real app, no HTTP server, no client library.

    python -m bench.voice_profile --backend sqlite --callers 40
    python -m bench.voice_profile --backend postgres --callers 40 --profile voice.prof   # cProfile dump

Each caller phones in, presses 1 at the menu and signs up by speech (declining the confirmation
text), one webhook at a time through the app's ASGI callable, with signed forms as Twilio sends them
to the URLs the TwiML names; the call ends with its status callback. The process's CPU time (every
thread) divided by the webhooks is printed, as `bench.sms_profile` does for texts: compare two
versions alternately, in the same minutes, on this shared machine.
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

MAX_WEBHOOKS = 40
"""A call that has not ended after this many webhooks is a bug in the app or the caller."""


def _said_and_action(document: str) -> tuple[str, str | None]:
    """What the TwiML says and where the `<Gather>` still listening once it is all said posts the answer
    (None: the call hangs up). A read-back has one around its details too, which only hears a caller
    who talks over them: a caller who answers the question is heard by the last one."""
    root = ET.fromstring(document)  # noqa: S314 - the app's own TwiML
    said = " ".join(say.text or "" for say in root.iter("Say"))
    gathers = root.findall("Gather")
    return said, (gathers[-1].get("action") if gathers else None)


async def _call(app: Any, validator: RequestValidator, k: int) -> int:
    """One caller's whole signup by voice; the webhooks it took."""
    person = Person(
        f"Ana Lima{chr(97 + k % 26)}", f"ana{k}@example.com", f"ana {k} at example dot com", "client",
        wants_text=False,
    )  # fmt: skip
    call = {
        "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": "CA" + os.urandom(16).hex(),
        "From": f"+1415555{k:04d}", "To": NUMBER, "Direction": "inbound",
    }  # fmt: skip
    _, menu = _said_and_action(
        await post(app, PUBLIC + "/twilio/voice", {**call, "CallStatus": "ringing"}, validator)
    )
    if menu is None:
        raise RuntimeError(f"the call of {call['From']} was not answered with the menu")
    said, action = _said_and_action(
        await post(app, menu, {**call, "CallStatus": "in-progress", "Digits": "1"}, validator)
    )  # the menu's own action: it carries the time it was written, as every call URL does
    webhooks = 2
    while action is not None:
        if webhooks >= MAX_WEBHOOKS:
            raise RuntimeError(f"the call of {call['From']} did not end")
        speech = {"SpeechResult": person.answer(said, spoken=True), "Confidence": "0.92"}
        said, action = _said_and_action(
            await post(app, action, {**call, "CallStatus": "in-progress", **speech}, validator)
        )
        webhooks += 1
    await post(app, PUBLIC + "/twilio/voice/status", {**call, "CallStatus": "completed"}, validator)
    return webhooks + 1


async def _run(backend: str, callers: int, profile: Path | None) -> None:
    webhooks, cpu = await measure(backend, _call, callers, profile)
    print(
        f"{backend}: {webhooks} voice webhooks ({callers} calls), server CPU "
        f"{cpu / webhooks * 1000:.3f} ms per webhook (in-process)"
    )


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--callers", type=int, default=40, help="calls measured (about 9 webhooks each)")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile dump here")
    args = parser.parse_args()
    asyncio.run(_run(args.backend, args.callers, args.profile))


if __name__ == "__main__":
    main()
