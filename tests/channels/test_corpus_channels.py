"""The offline brain's generated corpus, played over the phone and over SMS through the simulated Twilio.

Spoken scenarios are phone calls (keypad menu, speech turns, silences, a caller who hangs up);
written ones are text conversations. Each must end with the right entry in the database and, when
the person accepted it, exactly one confirmation text recorded by the fake REST API.

The channels must lose nothing: every scenario the agent core gets right when played directly
(`tests.corpus.runner.play`) must come out right over Twilio too. Scenarios the offline brain itself
still gets wrong are reported by the corpus' own tests, not here.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.migrate import migrate_async
from knotty import Agent, Modality
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.store import Store, create_engine
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.corpus.generate import generate
from tests.corpus.runner import play
from tests.corpus.simulator import TEXTING, Scenario, SimulatedPerson
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.notifiers import RecordingNotifier

MAX_TURNS = 20
SMS_SKIPS = ("silence_once", "silence_out")
"""A text message can't be silent (an empty one gets a polite answer without a turn)."""
_others = itertools.count(1000)


def sample() -> list[Scenario]:
    """One conversation per behaviour and modality, rotating through the corpus' people and styles."""
    seen: set[tuple[str, Modality]] = set()
    picked = []
    for sc in generate(per_behaviour=2):
        key = (sc.behaviour, sc.modality)
        if key in seen or (sc.modality == Modality.WRITTEN and sc.behaviour in SMS_SKIPS):
            continue
        seen.add(key)
        picked.append(sc)
    return picked


def number_for(sc: Scenario) -> str:
    """Who calls or texts: the person's own phone when they say "this number", another phone otherwise."""
    if sc.behaviour == "own_number":
        return sc.person.phone
    while True:
        other = f"+1202555{next(_others) % 10000:04d}"
        if other != sc.person.phone:
            return other


async def play_call(world: TwilioWorld, sc: Scenario) -> list[str]:
    person = SimulatedPerson(sc)
    call = await world.sim.call(number_for(sc))
    await call.press("1")
    for _ in range(MAX_TURNS):
        if call.ended:
            break
        said = person.answer(call.last_heard)
        await (call.say(said) if said else call.stay_silent())
        if sc.behaviour == "hang_up" and person.detour_done and not call.ended:
            await call.hang_up()
    problems = [f"call error: {e}" for e in call.errors]
    if not call.ended:
        problems.append("the call never ended")
    return problems + judge_person(person)


async def play_texts(world: TwilioWorld, sc: Scenario) -> list[str]:
    person = SimulatedPerson(sc)
    phone = world.sim.texter(number_for(sc))
    [reply] = await phone.send("Hi")
    for _ in range(MAX_TURNS):
        conv = await world.store.latest_conversation("sms", phone.number)
        if conv is not None and conv.status != "active":
            break
        if sc.behaviour == "hang_up" and person.detour_done:
            break  # they stopped texting
        [reply] = await phone.send(person.answer(reply))
    else:
        return ["the text conversation never ended"]
    return judge_person(person)


def judge_person(person: SimulatedPerson) -> list[str]:
    problems = []
    if person.unplanned_corrections:
        problems.append(f"{person.unplanned_corrections} wrong read-back(s)")
    if "?" in person.asked:
        problems.append("a reply asked nothing the person could recognise")
    return problems


async def judge_entry(world: TwilioWorld, sc: Scenario) -> list[str]:
    p = sc.person
    entries = [
        e
        for e in await world.store.list_entries(limit=100000)
        if e.email == p.expected_email or e.phone == p.phone
    ]
    if not sc.saves:
        return ["saved someone who left"] if entries else []
    if len(entries) != 1:
        return [f"expected one entry, found {len(entries)}"]
    entry = entries[0]
    problems = []
    expected = (p.expected_name(sc.modality), p.phone, p.expected_email, p.role)
    got = (entry.full_name, entry.phone, entry.email, entry.role)
    if got != expected:
        problems.append(f"saved {got}, expected {expected}")
    texts = world.rest.messages_to(p.phone)
    wanted = 1 if sc.accepts_sms and TEXTING.refusal(p.phone) is None else 0
    if len(texts) != wanted or (wanted and entry.confirmation_sms_status != "sent"):
        problems.append(
            f"{len(texts)} confirmation text(s), status {entry.confirmation_sms_status}; wanted {wanted}"
        )
    return problems


@pytest.fixture(scope="module")
async def core_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool]:
    """Which sampled scenarios the agent core gets right on its own (SQLite, no channel)."""
    url = f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('corpus')) / 'core.db'}"
    await migrate_async(url)
    engine = create_engine(url)
    store = Store(engine)
    agent = Agent(store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier(), texting=TEXTING)
    try:
        return {sc.id: (await play(agent, store, sc)).ok for sc in sample()}
    finally:
        await engine.dispose()


@pytest.fixture
async def twilio(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    """The Twilio world without the per-number text limit: the corpus reuses its people's numbers."""
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_SMS_PER_NUMBER_DAYS="0") as world:
        yield world


@pytest.mark.slow
async def test_the_corpus_over_voice_and_sms(twilio: TwilioWorld, core_verdicts: dict[str, bool]) -> None:
    scenarios = sample()
    assert {sc.modality for sc in scenarios} == {Modality.SPOKEN, Modality.WRITTEN} and len(scenarios) >= 30
    gate = asyncio.Semaphore(8)

    async def run(sc: Scenario) -> tuple[Scenario, list[str]]:
        async with gate:
            played = await (
                play_call(twilio, sc) if sc.modality == Modality.SPOKEN else play_texts(twilio, sc)
            )
            return sc, played

    outcomes = await asyncio.gather(*(run(sc) for sc in scenarios))
    await twilio.settle()
    failures = {}
    for sc, heard in outcomes:
        problems = heard + await judge_entry(twilio, sc)
        if problems and core_verdicts[sc.id]:
            failures[sc.id] = problems
    assert sum(core_verdicts.values()) >= len(scenarios) // 2, (
        "the offline brain itself fails most of the sample"
    )
    assert not failures, "\n".join(f"{sid}: {'; '.join(problems)}" for sid, problems in failures.items())
