"""Starting over (finding f10).

"start over please", "let me start again" were not understood: mid-flow they were ignored, at "which
part should I change?" "everything, let me start again" was not understood, and giving the details
again ended the chat. Before the save, starting over forgets what was collected and asks for the name
again; after the save it corrects the saved entry (read back, saved over it), never a second entry.

People come from Faker in several locales (`tests.corpus.strangers`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.store import Store, create_engine
from knotty.texting import TextingRules
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.support.notifiers import RecordingNotifier
from tests.unit.brains.conftest import Talk

PHRASES = ("start over please", "let me start again", "Let's start over", "can we start over?")
"""Ways of asking to start over, from the finding."""
PEOPLE = make_strangers(12, seed=1010)


def _fields(p: Person) -> list[str]:
    return [p.full_name, p.phone, p.email, p.role]


def _asks_the_name(text: str) -> bool:
    return "name" in text.lower() and "phone" not in text.lower()


@pytest.mark.parametrize("phrase", PHRASES)
@pytest.mark.parametrize("index", range(0, len(PEOPLE), 2))
async def test_starting_over_mid_flow_forgets_what_was_said_and_asks_the_name(
    phrase: str, index: int
) -> None:
    before, after = PEOPLE[index], PEOPLE[index + 1]
    t = Talk()
    await t.open()
    for said in _fields(before)[:2]:
        await t.say(said)
    r = await t.say(phrase)
    assert not r.end and _asks_the_name(r.text), r.text
    for said in _fields(after):
        r = await t.say(said)
        assert not r.end, r.text
    assert "joining as" in r.text and before.phone not in r.text.replace(" ", "").replace("-", ""), r.text
    await t.say("yes")
    assert t.saves == [after.typed_signup()]


@pytest.mark.parametrize("phrase", ["everything, let me start again", "no, let's start over", "everything"])
@pytest.mark.parametrize("index", range(0, len(PEOPLE), 2))
async def test_starting_over_at_the_read_back_asks_everything_again(phrase: str, index: int) -> None:
    before, after = PEOPLE[index], PEOPLE[index + 1]
    t = Talk()
    await t.open()
    for said in _fields(before):
        await t.say(said)
    if not phrase.startswith("no"):
        await t.say("no")  # "Which part should I change?"
    r = await t.say(phrase)
    assert not r.end and _asks_the_name(r.text), r.text
    for said in _fields(after):
        r = await t.say(said)
        assert not r.end, r.text
    assert "joining as" in r.text, r.text
    await t.say("yes")
    assert t.saves == [after.typed_signup()]


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


HOME = [p for p in PEOPLE if not p.international]
"""People with US numbers: the confirmation text is offered to them, so the chat goes on after the save."""


@pytest.mark.parametrize("index", range(3))
async def test_starting_over_after_the_save_updates_the_same_entry(store: Store, index: int) -> None:
    before, after = HOME[index], PEOPLE[index]
    texting = TextingRules(hourly_cap=1000, per_number_days=0)  # every number may get the confirmation text
    agent = Agent(store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier(), texting=texting)
    chat = f"w{index}"
    await agent.open(Inbound("web", chat))
    for said in [*_fields(before), "yes"]:
        r = await agent.turn(Inbound("web", chat, said))
    assert r.entry_id is not None and "text" in r.reply.lower(), r.reply
    r = await agent.turn(Inbound("web", chat, "actually, let's start over"))
    assert not r.done and _asks_the_name(r.reply), r.reply
    for said in _fields(after):
        r = await agent.turn(Inbound("web", chat, said))
    assert "joining as" in r.reply, r.reply
    r = await agent.turn(Inbound("web", chat, "yes"))
    r = await agent.turn(Inbound("web", chat, "no thanks"))
    assert r.done
    entries = await store.list_entries()
    assert [(e.full_name, e.phone, e.email, e.role) for e in entries] == [
        tuple(after.typed_signup().values())
    ]
