"""A model that says goodbye in plain words, without calling `end_conversation`, ends the conversation,
when a goodbye is what the person should hear.

The caller heard "You're on the waitlist! Have a great day." and then the call went on: silence, then
the line asked for their answer again (the web chat stayed open, the texts' conversation stayed
active). After a save, or after the person said they are leaving, the core now ends the conversation
on a model's farewell, as the tool would have (the call hangs up, the chat shows it ended, the texts'
conversation is completed). A farewell said to someone staying with nothing saved is refused, and the
offline brain carries on with the signup: nobody hears goodbye and then another question.

The model is a loopback server speaking the real Chat Completions protocol to the real `openai`
client; the call, the texts and the web chat go through the real, signed routes. People from Faker.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.channels.conftest import TwilioWorld, twilio_world
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.unit.brains.callers import caller, said_email
from tests.web.conftest import WebVisitor, bubbles

LOCALES = ("en_US", "es_MX", "pt_BR", "fr_FR", "de_DE", "it_IT", "pl_PL")
FAREWELLS = {
    "en": "You're on the waitlist, {first}! Have a great day.",
    "es": "¡Listo, {first}! Ya estás en la lista. ¡Que tengas un buen día!",
    "pt": "Pronto, {first}! Você está na lista. Tenha um ótimo dia!",
    "fr": "C'est noté, {first}. Vous êtes sur la liste. Bonne journée !",
}
CHANNELS = ("voice", "sms", "web")


def _users(request: dict[str, Any]) -> list[str]:
    return [str(m.get("content") or "").strip().lower() for m in request["messages"] if m["role"] == "user"]


def read_back(person: dict[str, str]) -> str:
    return (
        f"Let me read that back: {person['full_name']}, this number, {person['email']}, "
        f"a {person['role']}. Is that right?"
    )


def farewell_model(person: dict[str, str], farewell: str) -> Callable[[dict[str, Any]], ModelAnswer]:
    """Reads the details back, saves at the yes, then says goodbye in words only (no `end_conversation`)."""

    def answer(request: dict[str, Any]) -> ModelAnswer:
        messages, users = request["messages"], _users(request)
        if messages[-1]["role"] == "tool":
            if json.loads(messages[-1]["content"]).get("ok"):
                return text_answer(farewell.format(first=person["full_name"].split()[0]))
            return text_answer(read_back(person))
        if not users:
            return text_answer("Hi! I'm Knotty from MasseurMatch. Tell me your name, role, number and email.")
        if users[-1].startswith("yes"):
            fields = {k: person[k] for k in ("full_name", "phone", "email", "role")}
            return tool_answer("save_waitlist_entry", fields)
        return text_answer(read_back(person))

    return answer


def early_goodbye_model(request: dict[str, Any]) -> ModelAnswer:
    """Says goodbye in words at the person's first answer, whatever it was: nothing is saved."""
    if not _users(request):
        return text_answer("Hi! I'm Knotty from MasseurMatch. What's your full name?")
    return text_answer("Okay, thank you. Goodbye, and have a great day!")


@asynccontextmanager
async def model_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], model: FakeOpenAI
) -> AsyncIterator[TwilioWorld]:
    async with serve(model) as base:
        env = {"KNOTTY_BRAIN": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"{base}/v1"}
        async with twilio_world(database_url, tmp_path, fake_rest, **env) as world:
            yield world


def details(person: dict[str, str]) -> str:
    role = "a massage therapist" if person["role"] == "therapist" else "a client"
    return f"I'm {person['full_name']}, {role}, use this number, my email is {said_email(person['email'])}"


class Person:
    """One person on one channel: what they say, what they heard, and whether it ended for them."""

    def __init__(self, world: TwilioWorld, channel: str, number: str, http: httpx.AsyncClient) -> None:
        self.world, self.channel, self.number = world, channel, number
        self.web = WebVisitor(http)
        self.heard: list[str] = []
        self._call: Any = None
        self._texter = world.sim.texter(number)

    async def start(self) -> None:
        if self.channel == "voice":
            self._call = await self.world.sim.call(self.number)
            await self._call.press("1")
            self.heard = [self._call.last_heard]
        elif self.channel == "sms":
            self.heard = await self._texter.send("Hi")
        else:
            page = await self.web.open("/")
            self.heard = bubbles(page.text)

    async def say(self, text: str) -> list[str]:
        if self.channel == "voice":
            said = await self._call.say(text)
        elif self.channel == "sms":
            said = await self._texter.send(text)
        else:
            said = bubbles((await self.web.say(text)).text)
        self.heard.extend(said)
        return list(said)

    async def ended(self) -> bool:
        """Ended as the person meets it: the call hung up, the chat closed, the texts' conversation over."""
        if self.channel == "voice":
            return bool(self._call.ended)
        if self.channel == "sms":
            conv = await self.world.store.latest_conversation("sms", self.number)
            return conv is not None and conv.status != "active"
        assert self.web.last is not None
        return "knotty-ended" in self.web.last.text


@asynccontextmanager
async def person_on(
    database_url: str,
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],
    model: FakeOpenAI,
    channel: str,
    number: str,
) -> AsyncIterator[tuple[TwilioWorld, Person]]:
    async with (
        model_world(database_url, tmp_path, fake_rest, model) as world,
        httpx.AsyncClient(base_url=world.base_url) as http,
    ):
        person = Person(world, channel, number, http)
        await person.start()
        yield world, person


async def _saved(world: TwilioWorld) -> list[tuple[str, str, str, str]]:
    return [(e.full_name, e.phone, e.email, e.role) for e in await world.store.list_entries()]


@pytest.mark.parametrize("language", list(FAREWELLS))
@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_models_goodbye_in_words_after_the_save_ends_the_conversation(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], channel: str, language: str
) -> None:
    seed = CHANNELS.index(channel) * 10 + list(FAREWELLS).index(language)
    who = caller(seed, LOCALES)
    model = FakeOpenAI(farewell_model(who, FAREWELLS[language]))
    async with person_on(sqlite_url, tmp_path, fake_rest, model, channel, who["phone"]) as (world, person):
        if channel == "web":  # typed: the web chat has no "this number"
            await person.say(details(who).replace("use this number", f"my number is {who['phone']}"))
        else:
            await person.say(details(who))
        assert who["email"] in " ".join(person.heard), person.heard
        last = await person.say("yes, that's right")
        assert await _saved(world) == [(who["full_name"], who["phone"], who["email"], who["role"])]
        assert FAREWELLS[language].format(first=who["full_name"].split()[0]) in " ".join(last), last
        assert await person.ended(), (
            f"{channel}: the goodbye was heard, the conversation went on: {person.heard}"
        )


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_models_goodbye_to_someone_staying_is_never_heard(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], channel: str
) -> None:
    who = caller(40 + CHANNELS.index(channel), LOCALES)
    model = FakeOpenAI(early_goodbye_model)
    async with person_on(sqlite_url, tmp_path, fake_rest, model, channel, who["phone"]) as (world, person):
        reply = " ".join(await person.say(f"Hi, I'd like to join. I'm {who['full_name']}"))
        assert "goodbye" not in reply.lower() and "great day" not in reply.lower(), reply
        assert not await person.ended(), person.heard
        assert "?" in reply, f"the signup carries on with a question: {reply}"
        assert await _saved(world) == []


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_models_goodbye_to_someone_leaving_ends_the_conversation(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], channel: str
) -> None:
    who = caller(50 + CHANNELS.index(channel), LOCALES)
    model = FakeOpenAI(early_goodbye_model)
    async with person_on(sqlite_url, tmp_path, fake_rest, model, channel, who["phone"]) as (world, person):
        reply = " ".join(await person.say("Actually, never mind. Bye!"))
        assert "goodbye" in reply.lower(), reply
        assert await person.ended(), (
            f"{channel}: the goodbye was heard, the conversation went on: {person.heard}"
        )
        assert await _saved(world) == []
