"""ConversationRelay with the streaming OpenAI brain: "you're on the list" is not spoken before the entry
is written.

The core plans a save (the conversation's state holds the entry's id) and writes it with the turn, once
the turn is over. The streaming brain spoke the model's words after the save as they came, checked
against the planned state: "You're on the list!" went out, then the turn's write failed and the caller
heard an apology after being told they were signed up; the database says they are not. Words that
claim the signup (or a text) are now held until the turn's write is done, then sent.

The model is a loopback server speaking the real Chat Completions protocol (streamed) to the real
`openai` client; the relay is a WebSocket client speaking Twilio's protocol to the real app, on
PostgreSQL whose entry insert takes a second and then fails (a trigger), as a lock wait or a fail-over
would. People from Faker in many locales.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.channels.failing_writes import pg_url, refuse_entries_slowly
from tests.channels.test_relay import relay_call, relay_world, streaming_openai
from tests.support.fake_openai import ModelAnswer, text_answer, tool_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

__all__ = ["pg_url"]  # the fixture, used by name

LOCALES = ("en_US", "es_MX", "pt_BR", "fr_FR", "de_DE", "it_IT", "pl_PL", "en_GB")
GREETING = "Hi! I'm Knotty from MasseurMatch. What's your full name?"
CLAIMS = (
    "You're on the list, {first}! Would you like a confirmation text?",
    "Great news, {first}: you're all signed up. Would you like a confirmation text?",
    "Done! You're all set, {first}. Shall I text you a confirmation?",
)


def _model(who: dict[str, str], claim: str) -> Any:
    read_back = f"Let me read that back: {who['full_name']}, this number, {who['email']}, a {who['role']}. Is that right?"

    def answer(request: dict[str, Any]) -> ModelAnswer:
        messages = request["messages"]
        users = [str(m.get("content") or "").lower() for m in messages if m["role"] == "user"]
        if messages[-1]["role"] == "tool":
            return text_answer(
                claim if json.loads(messages[-1]["content"]).get("ok") else "Sorry, that didn't save."
            )
        if not users:
            return text_answer(GREETING)
        if users[-1].startswith("yes"):
            return tool_answer(
                "save_waitlist_entry", {k: who[k] for k in ("full_name", "phone", "email", "role")}
            )
        return text_answer(read_back)

    return answer


def _details(who: dict[str, str]) -> str:
    role = "a massage therapist" if who["role"] == "therapist" else "a client"
    return f"I'm {who['full_name']}, {role}, use this number, my email is {said_email(who['email'])}"


@pytest.mark.parametrize("case", range(3))
async def test_a_signup_claim_is_not_spoken_when_the_entrys_write_fails(
    pg_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    who = caller(800 + case, LOCALES)
    claim = CLAIMS[case].format(first=who["full_name"].split()[0])
    async with relay_world(pg_url, tmp_path, fake_rest) as world, streaming_openai(world, _model(who, claim)):
        _call, relay = await relay_call(world, who["phone"])
        await relay.reply(count=1)
        assert who["email"] in await relay.ask(_details(who))
        await refuse_entries_slowly(world, 0.5)
        before = len(relay.spoken)
        reply = await relay.ask("yes, that's right")
        heard = "".join(token for _lang, token in relay.spoken[before:])
        assert await world.store.list_entries() == []
        for words in ("on the list", "signed up", "all set"):
            assert words not in heard, f"the caller heard {heard!r}; nothing is saved"
        assert reply, "the caller is told something"
        await relay.close()


@pytest.mark.parametrize("case", range(2))
async def test_a_signup_claim_is_spoken_once_the_entry_is_written(
    pg_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], case: int
) -> None:
    who = caller(810 + case, LOCALES)
    claim = CLAIMS[case].format(first=who["full_name"].split()[0])
    async with relay_world(pg_url, tmp_path, fake_rest) as world, streaming_openai(world, _model(who, claim)):
        _call, relay = await relay_call(world, who["phone"])
        await relay.reply(count=1)
        await relay.ask(_details(who))
        assert await relay.ask("yes, that's right") == claim
        assert len(await world.store.list_entries()) == 1
        await relay.close()
