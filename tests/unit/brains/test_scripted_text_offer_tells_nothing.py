"""A typed number is offered a confirmation text whatever its history: the offer tells nothing of it.

On the web chat (and for a number said from another phone), a number that had been texted within
`KNOTTY_SMS_PER_NUMBER_DAYS`, or that had opted out (STOP), got no offer of a confirmation text where
any other number got one: the typist learned the number had been signed up, or had texted STOP. Now
such a number is offered a text as any other; on "yes" the number's rules are read, no text goes, and
the person hears the same words as for every other refusal (the hourly cap's too). The number the
person proves (a texter's own) is still told at once, as it is theirs.

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

PEOPLE = [p for p in make_strangers(24, seed=6106) if not p.international]
"""People with US numbers: confirmation texts may go to them."""


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


def _offered(reply: str) -> bool:
    return "text" in reply.lower() and reply.rstrip().endswith("?")


async def _web_signup(agent: Agent, chat: str, person: Person, phone: str) -> list[str]:
    """A web chat signup typing `phone`, saying yes to a text when offered; what Knotty answered."""
    said = [(await agent.open(Inbound("web", chat))).reply]
    for line in [person.full_name, phone, person.email, person.role, "yes", "yes please"]:
        r = await agent.turn(Inbound("web", chat, line))
        said.append(r.reply)
        if r.done:
            break
    return said


@pytest.mark.parametrize("index", range(2))
async def test_a_typed_number_texted_or_opted_out_is_offered_a_text_and_refused_like_any_other(
    store: Store, index: int
) -> None:
    first, again, stopped, fresh, capped = PEOPLE[index * 5 : index * 5 + 5]
    notifier = RecordingNotifier()
    texting = TextingRules(hourly_cap=2, per_number_days=30)
    agent = Agent(store, ScriptedBrain(), ScriptedBrain(), notifier, texting=texting)
    await store.set_opt_out(stopped.phone, True)
    heard = {
        "first": await _web_signup(agent, f"a{index}", first, first.phone),
        "again": await _web_signup(agent, f"b{index}", again, first.phone),  # texted within the window
        "stopped": await _web_signup(agent, f"c{index}", stopped, stopped.phone),  # opted out
        "fresh": await _web_signup(agent, f"d{index}", fresh, fresh.phone),
        "capped": await _web_signup(agent, f"e{index}", capped, capped.phone),  # the hour's cap is reached
    }
    for who, said in heard.items():
        assert any(_offered(line) for line in said), f"{who} is offered a text, as anyone: {said}"
    refusals = {
        who: said[-1].split(".")[0] for who, said in heard.items() if who in ("again", "stopped", "capped")
    }
    assert len(set(refusals.values())) == 1, f"one wording for every refusal: {refusals}"
    assert "able to send" in refusals["again"], refusals
    assert len(notifier.requested) == 2, "texts go only within the rules: the first and the fresh number"
    entries = {e.email: e for e in await store.list_entries()}
    assert len(entries) == 5, "every signup is saved"
    assert entries[again.email].confirmation_sms_status is None
    assert entries[stopped.email].confirmation_sms_status is None


async def test_a_texters_own_number_texted_recently_is_still_told_at_once(store: Store) -> None:
    """The number the person proves is theirs: its history is not someone else's to learn."""
    person = PEOPLE[-1]
    notifier = RecordingNotifier()
    agent = Agent(store, ScriptedBrain(), ScriptedBrain(), notifier, texting=TextingRules(per_number_days=30))
    await _web_signup(agent, "web", PEOPLE[-2], person.phone)
    assert len(notifier.requested) == 1
    said = []
    for line in [person.full_name, "this number", person.email, person.role, "yes"]:
        r = await agent.turn(
            Inbound("sms", person.phone, line, caller_number=person.phone, caller_proven=True)
        )
        said.append(r.reply)
    assert not any(_offered(line) for line in said), said
    assert len(notifier.requested) == 1
