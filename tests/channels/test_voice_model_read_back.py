"""On the Gather line with a model brain (`KNOTTY_BRAIN=openai`), a "yes" said over the model's read-back
confirms nothing the caller had not heard.

The offline brain says what its reply asks (`asking="confirm"`), so its read-back is said in a `<Gather>`
of its own that marks words said over it; a model's reply asked nothing the channel knew of, so its
read-back was one ordinary `<Gather>`: Twilio stops the `<Say>` at the caller's words and posts them as
the answer, and a caller who said "yes" after hearing only their name was saved with a phone and an
email never read to them. The core now tells a model's read-back by what it reads (the same reading the
offline brain gives another brain's lines), and the call splits it like the offline brain's: said over
the details, the yes reaches the model with nothing of the read-back known heard, its save is refused
by the read-back check and the details are read again. A read-back in one sentence ("..., and you're a
client, is that right?") is split at its last clause; one that asks nothing ("Here's what I have: ...")
is a read-back too, followed by the channel's own question.

The model is a loopback server speaking the real Chat Completions protocol to the real `openai` client;
the call goes through the simulated Twilio and the real, signed routes. People from Faker.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.channels.conftest import TwilioWorld, twilio_world
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller, said_email

LOCALES = ("en_US", "es_MX", "de_DE", "fr_FR", "it_IT", "pt_BR", "pl_PL")
Shape = Callable[[dict[str, str]], str]


def two_sentences(person: dict[str, str]) -> str:
    return (
        f"Let me read that back: {person['full_name']}, this number, {person['email']}, "
        f"a {person['role']}. Is that right?"
    )


def one_sentence(person: dict[str, str]) -> str:
    return (
        f"So that's {person['full_name']}, this number, {person['email']}, "
        f"and you're a {person['role']}, is that right?"
    )


def no_question(person: dict[str, str]) -> str:
    return f"Here's what I have: {person['full_name']}, this number, {person['email']}, a {person['role']}."


def down_as(person: dict[str, str]) -> str:
    return (
        f"Great, I have you down as {person['full_name']}, a {person['role']}, at this number, "
        f"with the email {person['email']}."
    )


SHAPES = {
    "two sentences": two_sentences,
    "one sentence": one_sentence,
    "no question": no_question,
    "no question, down as": down_as,
}


def _said(request: dict[str, Any], role: str) -> list[str]:
    return [str(m.get("content") or "") for m in request["messages"] if m["role"] == role]


def reading_model(person: dict[str, str], read_back: Shape) -> Callable[[dict[str, Any]], ModelAnswer]:
    """A model that reads the details back once it has them, and saves at the caller's yes (as models do,
    whatever it heard of its read-back); a refused save gets the details read again."""

    def answer(request: dict[str, Any]) -> ModelAnswer:
        messages = request["messages"]
        users = [u.strip().lower() for u in _said(request, "user")]
        if messages[-1]["role"] == "tool":
            if json.loads(messages[-1]["content"]).get("ok"):
                return text_answer("You're on the waitlist! Would you like a confirmation text?")
            return text_answer(read_back(person))
        if not users:
            return text_answer("Hi! I'm Knotty from MasseurMatch. Tell me your name, role, number and email.")
        if users[-1].startswith("yes"):
            fields = {k: person[k] for k in ("full_name", "phone", "email", "role")}
            return tool_answer("save_waitlist_entry", fields)
        return text_answer(read_back(person))

    return answer


@asynccontextmanager
async def model_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], model: FakeOpenAI
) -> AsyncIterator[TwilioWorld]:
    async with serve(model) as base:
        env = {"KNOTTY_BRAIN": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"{base}/v1"}
        async with twilio_world(database_url, tmp_path, fake_rest, **env) as world:
            yield world


async def _at_the_read_back(world: TwilioWorld, person: dict[str, str]) -> Call:
    call = await world.sim.call(person["phone"])
    await call.press("1")
    role = "a massage therapist" if person["role"] == "therapist" else "a client"
    await call.say(
        f"I'm {person['full_name']}, {role}, use this number, my email is {said_email(person['email'])}"
    )
    assert person["email"] in call.last_heard, call.transcript
    return call


async def _saved(world: TwilioWorld) -> list[tuple[str, str, str, str]]:
    return [(e.full_name, e.phone, e.email, e.role) for e in await world.store.list_entries()]


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("seed", range(2))
async def test_a_yes_said_over_a_models_read_back_saves_nothing_until_it_was_heard(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], shape: str, seed: int
) -> None:
    person = caller(seed, LOCALES)
    async with model_world(
        sqlite_url, tmp_path, fake_rest, FakeOpenAI(reading_model(person, SHAPES[shape]))
    ) as world:
        call = await _at_the_read_back(world, person)
        assert (
            call.gather is not None and call.gather.get("bargeIn") is None
        )  # nothing relies on bargeIn="false"

        [again] = await call.say_over("yes")  # said while the details were still being read
        assert await _saved(world) == [], call.transcript
        assert person["email"] in again and person["full_name"] in again, again  # read again

        await call.say("yes, that's right")  # said once all of it was heard
        assert await _saved(world) == [
            (person["full_name"], person["phone"], person["email"], person["role"])
        ]


@pytest.mark.parametrize("shape", list(SHAPES))
async def test_a_yes_after_a_models_read_back_saves_at_once(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], shape: str
) -> None:
    person = caller(5, LOCALES)
    async with model_world(
        sqlite_url, tmp_path, fake_rest, FakeOpenAI(reading_model(person, SHAPES[shape]))
    ) as world:
        call = await _at_the_read_back(world, person)
        heard = call.last_heard
        assert heard.rstrip().endswith("?"), heard  # a question closes what the caller heard
        [reply] = await call.say("yes")
        assert "waitlist" in reply, call.transcript
        assert await _saved(world) == [
            (person["full_name"], person["phone"], person["email"], person["role"])
        ]
