"""A web visitor's allowance of confirmation texts spent on texts the hourly cap refused.

A front desk signing clients up from one address during an hour whose texts were all taken (the
deployment's `KNOTTY_SMS_HOURLY_CAP`): each "yes" was refused by the hourly cap, and each counted
against the address's own allowance (`KNOTTY_SMS_HOURLY_CAP_PER_ADDRESS`) all the same, though no
text was written. Once the hour's cap had room again, the next client at that desk was told "I wasn't
able to send the text" by an allowance spent on texts that never went. The allowance is now asked only
once the caps accept the text, so it counts only texts that are written.

People come from Faker in several locales (`tests.corpus.strangers`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import update

from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.store import Store, create_engine
from knotty.store.models import WaitlistEntry, table_of, utcnow
from knotty.texting import TextAllowance, TextingRules
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.support.notifiers import RecordingNotifier
from web.ratelimit import AddressTexts, RateLimits, texts_per_address

PEOPLE = [p for p in make_strangers(30, seed=181807) if not p.international]
ON_ITS_WAY = "on its way"
_ENTRIES = table_of(WaitlistEntry)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


async def _signup(agent: Agent, chat: str, person: Person, allowance: TextAllowance | None) -> str:
    """A web chat signup saying yes to the text when offered; Knotty's last words."""
    reply = (await agent.open(Inbound("web", chat))).reply
    for line in [person.full_name, person.phone, person.email, person.role, "yes", "yes please"]:
        result = await agent.turn(Inbound("web", chat, line, text_allowance=allowance))
        reply = result.reply
        if result.done:
            break
    return reply


@pytest.mark.parametrize("start", [0, 4])
async def test_texts_the_hourly_cap_refused_leave_the_address_its_allowance(store: Store, start: int) -> None:
    elsewhere, *desk = PEOPLE[start : start + 4]
    notifier = RecordingNotifier()
    agent = Agent(store, ScriptedBrain(), ScriptedBrain(), notifier, texting=TextingRules(hourly_cap=1))
    allowance = AddressTexts(RateLimits(confirmation_texts=texts_per_address(1)), "203.0.113.9")
    assert ON_ITS_WAY in await _signup(agent, "elsewhere", elsewhere, None)  # the hour's one text
    for i, person in enumerate(desk[:2]):
        refused = await _signup(agent, f"desk{i}", person, allowance)
        assert "able to send" in refused, refused  # the hourly cap: no text, truthfully
    async with store.engine.begin() as conn:  # an hour on: the hour's cap has room again
        await conn.execute(
            update(_ENTRIES).values(confirmation_sms_requested_at=utcnow() - timedelta(hours=2))
        )
    last = await _signup(agent, "desk2", desk[2], allowance)
    assert ON_ITS_WAY in last, f"the desk's first text this hour was refused: {last}"
    assert len(notifier.requested) == 2
