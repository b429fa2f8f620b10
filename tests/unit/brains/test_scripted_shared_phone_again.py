"""The second person on a shared family phone, texting again: their own signup is changed, never another.

Alex Smith signed up; Alex Jones, texting from the same phone, was kept apart for the admin (the number
proves the phone, not which Alex is speaking). When Alex Jones texted again, to change his email or
his role, Knotty did not know his earlier kept-apart signup and kept a new one apart beside it: two
entries of his for the admin, and no way to change his own. Now a save from the proven number beside
another person's entry listing it updates the person's own earlier signup kept apart with that number
(the same first name, and the same surname or email), which stays kept apart; the listed entry is left
exactly as it was, and nothing of it is said.

People come from Faker in several locales (two of a family with one first name), the shared number
from libphonenumber's examples.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import phonenumbers
import pytest
from faker import Faker

from knotty.agent import Agent, Inbound
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.fields import normalize_email
from knotty.fields._name_reading import folded
from knotty.store import Store, create_engine
from knotty.store.models import WaitlistEntry
from knotty.texting import TextingRules
from tests.support.notifiers import RecordingNotifier

_LOCALES = ("en_US", "es_MX", "en_CA", "fr_CA", "de_DE", "it_IT")
_OPENERS = ("Hi, I want to change my email", "hi", "Hello, I need to update my signup")
"""How the second person opens their second conversation (from the finding)."""


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


def _namesakes(seed: int) -> tuple[list[str], list[str], str]:
    """Two people of one first name with their own surnames and addresses (name, email, role), and the
    family's shared number."""
    fake = Faker(_LOCALES[seed % len(_LOCALES)])
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    other = fake.last_name()
    while not {folded(w) for w in other.split()}.isdisjoint(folded(w) for w in f"{first} {last}".split()):
        other = fake.last_name()

    def email(surname: str, n: int) -> str:
        local = "".join(
            c for c in f"{first}.{surname}{n}".lower() if c.isascii() and (c.isalnum() or c == ".")
        )
        return normalize_email(f"{local}@{fake.free_email_domain()}")

    example = phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    shared = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    return (
        [f"{first} {last}", email(last, seed), "client"],
        [f"{first} {other}", email(other, seed), "therapist"],
        shared,
    )


def _agent(store: Store) -> Agent:
    texting = TextingRules(hourly_cap=1000, per_number_days=0)
    return Agent(store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier(), texting=texting)


async def _text(agent: Agent, phone: str, lines: list[str]) -> list[str]:
    """One conversation by text from `phone`; what Knotty answered."""
    said = []
    for line in lines:
        r = await agent.turn(Inbound("sms", phone, line, caller_number=phone, caller_proven=True))
        said.append(r.reply)
        if r.done:
            break
    return said


def _signup(person: list[str], *, answer: str = "yes") -> list[str]:
    """Texting from the shared phone: the answer to "already on our waitlist: change anything?", then
    the person's details, yes to the read-back, no to the text."""
    name, email, role = person
    return [answer, name, "this number", email, role, "yes", "no thanks"]


def _rows(entries: Sequence[WaitlistEntry]) -> dict[int, tuple[str, str, str, str, str | None]]:
    return {int(e.id or 0): (e.full_name, e.phone, e.email, e.role, e.review_reason) for e in entries}


@pytest.mark.parametrize("seed", range(4))
async def test_the_second_alex_texting_again_changes_his_own_kept_apart_signup(
    store: Store, seed: int
) -> None:
    first, second, shared = _namesakes(seed)
    agent = _agent(store)
    await store.save_entry(
        full_name=first[0], phone=shared, email=first[1], role=first[2], channel="web", proven_phone=None
    )
    await _text(agent, shared, ["Hi", *_signup(second)])
    before = _rows(await store.list_entries())
    [(kept, row)] = [(i, r) for i, r in before.items() if r[0] == second[0]]
    assert row[4], "kept apart for the admin"

    changed = [second[0], _namesakes(seed + 100)[1][1], "client" if seed % 2 else second[2]]
    said = await _text(agent, shared, [_OPENERS[seed % len(_OPENERS)], *_signup(changed)])
    after = _rows(await store.list_entries())
    assert len(after) == 2, f"no second signup of his for the admin: {after}"
    assert {i: r for i, r in after.items() if i != kept} == {i: r for i, r in before.items() if i != kept}
    assert after[kept][:4] == (changed[0], shared, changed[1], changed[2])
    assert after[kept][4], "still kept apart: the number is on another person's signup"
    assert any("updated your signup" in line for line in said), said
    assert any("the other signup stays as it is" in line for line in said), said
    told = " ".join(said)
    assert first[1] not in told and first[0].split()[-1] not in told, "nothing of the other entry is said"


@pytest.mark.parametrize("seed", range(2))
async def test_saying_the_listed_signup_is_someone_elses_still_reaches_his_own(
    store: Store, seed: int
) -> None:
    """ "No, that's my wife's, I want my own signup", texting again: his earlier kept-apart signup is
    updated, not a second one kept apart."""
    first, second, shared = _namesakes(seed + 20)
    agent = _agent(store)
    await store.save_entry(
        full_name=first[0], phone=shared, email=first[1], role=first[2], channel="web", proven_phone=None
    )
    mine = "No, that's my wife's. I'd like my own signup"
    await _text(agent, shared, ["Hi", *_signup(second, answer=mine)])
    before = _rows(await store.list_entries())
    changed = [second[0], _namesakes(seed + 200)[1][1], second[2]]
    await _text(agent, shared, ["Hi", *_signup(changed, answer=mine)])
    after = _rows(await store.list_entries())
    assert len(after) == 2, f"no second signup of his for the admin: {after}"
    [kept] = [i for i, r in after.items() if r[0] == second[0]]
    assert after[kept][:3] == (changed[0], shared, changed[1]) and after[kept][4]
    assert {i: r for i, r in after.items() if i != kept} == {i: r for i, r in before.items() if i != kept}


@pytest.mark.parametrize("seed", range(2))
async def test_a_signup_typed_on_the_web_is_changed_by_texting_from_the_shared_phone(
    store: Store, seed: int
) -> None:
    """Alex Jones first signed up on the web chat with the family number (kept apart: another entry
    lists it), then texts from the phone to change his email: his web signup is changed."""
    first, second, shared = _namesakes(seed + 40)
    agent = _agent(store)
    await store.save_entry(
        full_name=first[0], phone=shared, email=first[1], role=first[2], channel="web", proven_phone=None
    )
    web = await store.save_entry(
        full_name=second[0], phone=shared, email=second[1], role=second[2], channel="web", proven_phone=None
    )
    assert web.entry.review_reason and web.entry.id is not None
    new_email = _namesakes(seed + 300)[1][1]
    await _text(agent, shared, ["Hi", *_signup([second[0], new_email, second[2]])])
    after = _rows(await store.list_entries())
    assert len(after) == 2, after
    assert after[web.entry.id][:3] == (second[0], shared, new_email) and after[web.entry.id][4]
