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

from knotty import Taken, TextCaps
from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.errors import AgentUnavailable, StoreUnavailable
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
async def test_a_yes_whose_write_failed_leaves_the_desk_its_text_allowance(
    stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, counting: str
) -> None:
    """A front desk (one web address, one text an hour, two server processes): a client's "yes" to the
    text is counted against the desk's allowance, then the database refuses the turn's write (the
    client sees an error; nothing was accepted, no text goes). The allowance stayed spent: the desk's
    next client was told "I wasn't able to send the text". A turn that loses now gives back what its
    allowance counted (in this process's windows, the database's shared counters, or Redis')."""
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
            await _desk_after_a_failed_yes(stores, desks, monkeypatch)
        finally:
            if counting == "redis":
                await redis.aclose()


async def _desk_after_a_failed_yes(
    stores: tuple[Store, Store], desks: list[AddressTexts], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, nxt = PEOPLE[9], PEOPLE[10]
    agents = [
        Agent(
            store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier(), texting=TextingRules(hourly_cap=50)
        )
        for store in stores
    ]
    await _to_the_offer(agents[1], "desk-1", client, client.phone)
    write = stores[1].commit_turn

    async def refused(*args: Any, **kwargs: Any) -> None:
        if kwargs.get("text_write") is not None:
            raise StoreUnavailable("the database refused the write")
        await write(*args, **kwargs)

    monkeypatch.setattr(stores[1], "commit_turn", refused)
    with pytest.raises(AgentUnavailable):
        await agents[1].turn(Inbound("web", "desk-1", "yes please", text_allowance=desks[1]))
    assert not await stores[0].texted_since(client.phone, utcnow() - timedelta(hours=1))
    await _to_the_offer(agents[0], "desk-2", nxt, nxt.phone)
    last = await agents[0].turn(Inbound("web", "desk-2", "yes please", text_allowance=desks[0]))
    assert ON_ITS_WAY in last.reply, f"the desk's one text this hour went to no one: {last.reply}"


async def test_two_racing_yeses_to_one_number_do_not_walk_past_the_desk_s_allowance(
    stores: tuple[Store, Store], both_read_first: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tabs of one desk (one text an hour) type one number and say "yes" at once: the first counts
    the text, the second passes on that count (once per number), the second's turn is written first and
    the first's loses. The first's count is not given back (the text it counted went, as the second's):
    else racing two tabs per number would send every text uncounted."""
    first, second, nxt = PEOPLE[11], PEOPLE[12], PEOPLE[13]
    desk = _FirstTakesFirst(
        AddressTexts(
            RateLimits(counters=stores[0].limits, confirmation_texts=texts_per_address(1)), "203.0.113.7"
        )
    )
    agents = [
        Agent(
            store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier(), texting=TextingRules(hourly_cap=50)
        )
        for store in stores
    ]
    await _to_the_offer(agents[1], "tab-1", first, first.phone)
    await _to_the_offer(agents[0], "tab-2", second, first.phone)
    write_late = stores[1].commit_turn

    async def later(*args: Any, **kwargs: Any) -> None:
        await asyncio.sleep(0.3)  # tab 1's turn is written second, and loses
        await write_late(*args, **kwargs)

    monkeypatch.setattr(stores[1], "commit_turn", later)
    replies = await asyncio.gather(
        agents[1].turn(Inbound("web", "tab-1", "yes please", text_allowance=desk)),
        agents[0].turn(Inbound("web", "tab-2", "yes please", text_allowance=desk)),
    )
    assert [ON_ITS_WAY in r.reply for r in replies].count(True) == 1, [r.reply for r in replies]
    await _to_the_offer(agents[0], "tab-3", nxt, nxt.phone)
    last = await agents[0].turn(Inbound("web", "tab-3", "yes please", text_allowance=desk))
    assert "able to send" in last.reply, f"a second text this hour from a desk allowed one: {last.reply}"


class _FirstTakesFirst:
    """The desk's allowance, the second tab's take a moment after the first's (tab 1 counts the text)."""

    def __init__(self, desk: AddressTexts) -> None:
        self.desk, self.takes = desk, 0

    async def take(self, to: str) -> Taken:
        self.takes += 1
        if self.takes > 1:
            await asyncio.sleep(0.05)
        return await self.desk.take(to)

    async def give_back(self, to: str) -> None:
        await self.desk.give_back(to)
