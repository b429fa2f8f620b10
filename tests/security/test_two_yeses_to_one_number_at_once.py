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
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from knotty import TextCaps
from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.limit_counters import LimitCounters
from knotty.store import Store
from knotty.store.models import utcnow
from knotty.store.redis_counters import RedisCounters
from knotty.texting import TextingRules
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.support.notifiers import RecordingNotifier
from tests.support.redis_server import redis_server
from web.ratelimit import AddressTexts, RateLimits, texts_per_address

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


@pytest.mark.parametrize("counting", ["process", "database", "redis"])
async def test_the_yes_that_lost_leaves_the_desk_its_text_allowance(
    stores: tuple[Store, Store],
    both_read_first: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    counting: str,
) -> None:
    """A front desk (one web address, one text an hour) signs up a client who shares a number with
    someone saying "yes" at the same moment elsewhere: the desk's turn loses, runs again and tells the
    client no text can be sent to that number. Its allowance was counted for that text all the same
    and stayed spent: the desk's next client, with a number of her own, was told "I wasn't able to send
    the text". A turn that loses now gives back what its allowance counted (in this process's windows,
    the database's shared counters, or Redis')."""
    with ExitStack() as stack:
        if counting == "redis":
            url, _ = stack.enter_context(redis_server(tmp_path))
            redis = RedisCounters(url)
            counters: list[LimitCounters | None] = [redis, redis]
        else:
            counters = [store.limits if counting == "database" else None for store in stores]
        desks = [
            AddressTexts(RateLimits(counters=c, confirmation_texts=texts_per_address(1)), "203.0.113.9")
            for c in counters
        ]
        if counting == "process":
            desks = [desks[1], desks[1]]  # one process's own windows
        try:
            await _desk_after_a_lost_yes(stores, desks, monkeypatch)
        finally:
            if counting == "redis":
                await redis.aclose()


async def _desk_after_a_lost_yes(
    stores: tuple[Store, Store], desks: list[AddressTexts], monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere, client, nxt = PEOPLE[8], PEOPLE[9], PEOPLE[10]
    agents = [
        Agent(
            store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier(), texting=TextingRules(hourly_cap=50)
        )
        for store in stores
    ]
    write_late = stores[1].commit_turn

    async def later(*args: Any, **kwargs: Any) -> None:
        await asyncio.sleep(0.3)  # the desk's turn is written second
        await write_late(*args, **kwargs)

    monkeypatch.setattr(stores[1], "commit_turn", later)
    await _to_the_offer(agents[0], "elsewhere", elsewhere, elsewhere.phone)
    await _to_the_offer(agents[1], "desk-1", client, elsewhere.phone)
    replies = await asyncio.gather(
        agents[0].turn(Inbound("web", "elsewhere", "yes please")),
        agents[1].turn(Inbound("web", "desk-1", "yes please", text_allowance=desks[1])),
    )
    assert ON_ITS_WAY in replies[0].reply
    assert "able to send" in replies[1].reply, replies[1].reply  # the shared number was texted
    await _to_the_offer(agents[0], "desk-2", nxt, nxt.phone)
    last = await agents[0].turn(Inbound("web", "desk-2", "yes please", text_allowance=desks[0]))
    assert ON_ITS_WAY in last.reply, f"the desk's one text this hour went to no one: {last.reply}"
