"""A model stuck on one line is heard once on a ConversationRelay call too, and the caller is signed up.

Round 16 stopped the real small model's stuck line (SmolLM2-135M said "Hello, this is Knotty with
MasseurMatch. ... What's your full name?" five to seven turns in a row) on `<Gather>` calls, texts and
the web chat (`says_again`). On a ConversationRelay call the streaming brain lets a reply out clause by
clause as the model writes it, and the agent's check came after the whole reply was spoken: the caller
heard the same line at every turn while giving their name, number, email and role, until the watch
took over (three failures). Found by helper model17 (round 17).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.channels.people import Person
from tests.channels.test_relay import relay_call, relay_world, streaming_openai
from tests.support.fake_openai import ModelAnswer, text_answer
from tests.support.fake_twilio_rest import FakeTwilioRest

STUCK = [
    "Hello, this is Knotty with MasseurMatch. I'm glad to hear that. What's your full name?",
    "Hello, I'm Knotty with MasseurMatch. I'd love to get you on our early-access waitlist. May I have your "
    "full name?",
]
"""Lines the real small model sent turn after turn, word for word (tests/integration/test_model_says_again.py)."""
KENJI = Person("Kenji Murphy", "kenji.m@example.org", "kenji dot m at example dot org", "client")


async def test_a_line_the_model_keeps_streaming_is_heard_once_and_the_caller_is_signed_up(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    for n, stuck in enumerate(STUCK):

        def model(request: dict[str, Any], line: str = stuck) -> ModelAnswer:
            return text_answer(line)

        async with (
            relay_world(sqlite_url, tmp_path / str(n), fake_rest) as world,
            streaming_openai(world, model),
        ):
            caller = f"+1415555{n:04d}"
            _, relay = await relay_call(world, caller)
            reply = await relay.reply(count=1)
            for _ in range(12):
                if relay.ended is not None:
                    break
                reply = await relay.ask(KENJI.answer(reply, spoken=True))
            heard = sum(stuck in r for r in relay.replies)
            assert heard == 1, f"the stuck line was heard {heard} times: {relay.replies}"
            [entry] = [e for e in await world.store.list_entries() if e.phone == caller]
            assert (entry.full_name, entry.phone, entry.email, entry.role) == (
                "Kenji Murphy", caller, "kenji.m@example.org", "client",
            )  # fmt: skip
            await relay.close()
