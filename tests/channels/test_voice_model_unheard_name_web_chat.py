"""With the OpenAI brain on a call, a caller whose name the line cannot carry is told where to type it.

The offline brain's goodbye to a caller it could not hear (abroad, never offered a text) names the web
chat's public address (`Settings.web_chat_host`). The model never knew it: its prompt is verbatim and
says nothing of it, so a caller the model gave up on heard "please call back later" and nothing else,
and a call back meets the same line. The core now says it itself at the same point, whatever the
brain: a call that ends with nothing saved, after a field was asked in vain as often as makes the
offer of a text due (twice; `knotty.handoff.text_offer_due`) (here the caller gives up on the line and says goodbye, and the model lets them go),
ends with the address said twice. A caller who simply leaves is told nothing more.

The model is the loopback Chat Completions server (`tests.support.fake_openai`) behind the real
`openai` client; the call runs through the real Gather routes with signed webhooks; the callers and
what the line made of their spelled names come from Faker in many locales.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.channels.call_steps import unheard_call_ends
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.test_voice_unheard_name_abroad import _caller
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve

SAID = "knotty dot example dot com"
GOODBYE = "No problem, sorry about the trouble. Goodbye!"
LEAVES = ("forget it, I'll try another time, bye", "never mind, I'll call back later", "ok, goodbye")
ASKS = (
    "Hi! I'm Knotty from MasseurMatch. What's your full name?",
    "Sorry, I didn't catch that. Could you tell me your full name again?",
    "I'm still not getting it. Could you spell your full name for me, letter by letter?",
    "Could you spell your full name once more, slowly?",
)


def _users(request: dict[str, Any]) -> list[str]:
    return [str(m.get("content") or "") for m in request["messages"] if m["role"] == "user"]


def name_asker(request: dict[str, Any]) -> ModelAnswer:
    """A model that asks for the name until the caller says they are leaving, then says goodbye and ends."""
    users = _users(request)
    if request["messages"][-1]["role"] == "tool":
        return text_answer(GOODBYE)
    if users and any(word in users[-1].lower() for word in ("bye", "later")):
        return tool_answer("end_conversation", {})
    return text_answer(ASKS[min(len(users), len(ASKS) - 1)])


@asynccontextmanager
async def model_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], public: str
) -> AsyncIterator[TwilioWorld]:
    async with serve(FakeOpenAI(name_asker)) as base:
        env = {
            "KNOTTY_BRAIN": "openai",
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": f"{base}/v1",
            "PUBLIC_BASE_URL": public,
        }
        async with twilio_world(database_url, tmp_path, fake_rest, **env) as world:
            yield world


@pytest.mark.parametrize("seed", range(6))
async def test_a_caller_the_model_could_not_hear_is_told_where_to_type(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    async with model_world(database_url, tmp_path, fake_rest, "https://knotty.example.com") as world:
        number, heard = _caller(seed, world.settings.sms_country_set)
        goodbye = await unheard_call_ends(world, number, [*heard[: 2 + seed % 2], LEAVES[seed % len(LEAVES)]])
    assert goodbye.startswith(GOODBYE), goodbye  # the model's own words, as it said them
    assert goodbye.count(SAID) == 2 and "typing" in goodbye, goodbye


async def test_a_caller_who_leaves_at_once_is_told_nothing_more(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with model_world(database_url, tmp_path, fake_rest, "https://knotty.example.com") as world:
        number, _ = _caller(1, world.settings.sms_country_set)
        goodbye = await unheard_call_ends(world, number, ["sorry, I have to go, bye"])
    assert goodbye == GOODBYE, goodbye


@pytest.mark.parametrize("public", ["http://127.0.0.1:8000", "https://knotty.internal"])
async def test_without_a_public_address_none_is_said(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], public: str
) -> None:
    async with model_world(database_url, tmp_path, fake_rest, public) as world:
        number, heard = _caller(2, world.settings.sms_country_set)
        goodbye = await unheard_call_ends(world, number, [*heard[:3], LEAVES[0]])
    assert goodbye == GOODBYE, goodbye
