"""Two people who share a phone number sign up in two server processes and say "yes" to the
confirmation text at the same moment.

Each "yes" read the caps before either turn was written: both read the number untexted, both were
told "a text is on its way", and the outbox then closed one of the two texts as `capped` (another
text went to the number): one person waited for a text that never came. Now the turn's write holds the
number's window again under the texts' lock, and the turn that comes second runs again and tells its
person, truthfully, that no text can be sent. Whoever is told a text is on its way gets one.

People come from Faker in several locales (`tests.corpus.strangers`); the second types the first's
number as the first wrote it, or as it is written at home (national form).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import phonenumbers
import pytest

from knotty import TextCaps
from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.store import Store
from knotty.store.models import utcnow
from knotty.texting import TextingRules
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.support.notifiers import RecordingNotifier

PEOPLE = [p for p in make_strangers(40, seed=1919191) if not p.international]
ON_ITS_WAY = "on its way"


def _national(phone: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.NATIONAL)


async def _to_the_offer(agent: Agent, chat: str, person: Person, phone: str) -> None:
    await agent.open(Inbound("web", chat))
    for line in [person.full_name, phone, person.email, person.role, "yes"]:
        reply = (await agent.turn(Inbound("web", chat, line))).reply
    assert "text" in reply.lower(), reply  # the offer of a confirmation text, after the save


@pytest.fixture
def both_read_first(stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each process's "yes" reads the caps, then waits until the other's has read them too (a rerun's
    read, once both have, goes on at once)."""
    reads: list[object] = []
    both = asyncio.Event()
    for store in stores:
        read = store.text_decision

        async def waiting(*args: Any, _read: Any = read, **kwargs: Any) -> Any:
            decision = await _read(*args, **kwargs)
            reads.append(decision)
            if len(reads) >= 2:
                both.set()
            await asyncio.wait_for(both.wait(), 10)
            return decision

        monkeypatch.setattr(store, "text_decision", waiting)


@pytest.mark.parametrize(("pair", "national"), [(0, False), (2, True), (4, False), (6, True)])
async def test_whoever_is_told_a_text_is_on_its_way_gets_it(
    stores: tuple[Store, Store], both_read_first: None, pair: int, national: bool
) -> None:
    first, second = PEOPLE[pair], PEOPLE[pair + 1]
    shared = _national(first.phone) if national else first.phone
    agents = [
        Agent(
            store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier(), texting=TextingRules(hourly_cap=50)
        )
        for store in stores
    ]
    await _to_the_offer(agents[0], "tab-a", first, first.phone)
    await _to_the_offer(agents[1], "tab-b", second, shared)
    replies = await asyncio.gather(
        *(
            agent.turn(Inbound("web", chat, "yes please"))
            for agent, chat in zip(agents, ("tab-a", "tab-b"), strict=True)
        )
    )
    told = [ON_ITS_WAY in result.reply for result in replies]
    assert told.count(True) == 1, [result.reply for result in replies]
    [refused] = [result.reply for result, was_told in zip(replies, told, strict=True) if not was_told]
    assert "able to send" in refused, refused  # the other hears, truthfully, that no text comes
    now = utcnow()
    caps = TextCaps(since=now - timedelta(days=30), hour_ago=now - timedelta(hours=1), hourly_cap=50)
    claimed = await stores[1].outbox.claim("worker", limit=5, lease_s=30, caps=caps)
    conversations = [
        await store.latest_conversation("web", chat)
        for store, chat in zip(stores, ("tab-a", "tab-b"), strict=True)
    ]
    told_ids = [
        conv.entry_id for conv, was_told in zip(conversations, told, strict=True) if conv and was_told
    ]
    assert [row.entry_id for row in claimed] == told_ids, "a person was told of a text the outbox closed"
