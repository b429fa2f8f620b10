"""A model that reads the right email back and then saves one with a mark added or dropped.

"ana.lima@example.com" and "analima@example.com" are two mailboxes. A model (real `openai` client
against a loopback Chat Completions server) hears a stranger's address (Faker, many locales), reads
it back exactly, gets a yes, and calls `save_waitlist_entry` with the address changed by one mark: a
dot, underscore or hyphen dropped, or a dot put in. Grounding used to compare the address with every
mark thrown away, so the changed one was "said" and saved, while the person had heard theirs read
back. Nothing but the address they said may reach the database.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from knotty.agent import Inbound
from knotty.store import Store
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_guards import after_tool, model_agent, users
from tests.support.fake_openai import ModelAnswer, text_answer, tool_answer

SEED = 80812


def changed(email: str, rng: random.Random) -> str:
    """`email` with one mark of its local part dropped, or a dot put between two of its letters."""
    local, _, domain = email.partition("@")
    marks = [i for i, c in enumerate(local) if c in "._-"]
    if marks:
        i = rng.choice(marks)
        return f"{local[:i]}{local[i + 1 :]}@{domain}"
    i = rng.randrange(1, len(local))
    return f"{local[:i]}.{local[i:]}@{domain}"


def strangers() -> list[tuple[Person, str]]:
    rng = random.Random(SEED)
    people = make_strangers(24, SEED)
    return [(p, changed(p.email, rng)) for p in people]


@pytest.mark.parametrize("exact", [False, True], ids=["changed", "as_said"])
async def test_a_save_with_a_changed_mark_in_the_email_is_refused(store: Store, exact: bool) -> None:
    cases = [(p, p.email if exact else bad) for p, bad in strangers()]
    by_line = {f"{p.full_name}, {p.phone}, {p.email}": (p, bad) for p, bad in cases}

    def model(request: dict[str, Any]) -> ModelAnswer:
        said = users(request)
        person, bad = by_line[said[0]]
        if after_tool(request):
            ok = '"ok": true' in request["messages"][-1]["content"]
            return text_answer("You're all set!" if ok else "Sorry, could you say your email again?")
        if len(said) == 1:
            return text_answer("Thanks! Are you a massage therapist or a client?")
        if len(said) == 2:
            return text_answer(
                f"{person.full_name}, {person.phone}, {person.email}, {person.role}. Is that right?"
            )
        fields = {"full_name": person.full_name, "phone": person.phone, "email": bad, "role": person.role}
        return tool_answer("save_waitlist_entry", fields)

    replies: dict[str, str] = {}
    async with model_agent(store, model) as (agent, _):
        for n, (line, (person, _bad)) in enumerate(by_line.items()):
            sender = f"+1202555{n:04d}"
            for text in (line, f"I'm a {person.role}", "yes, that's right"):
                result = await agent.turn(Inbound("sms", sender, text, caller_number=sender))
            replies[person.email] = result.reply
    saved = {e.email for e in await store.list_entries()}
    if exact:  # the same model saving the address as said: every one saved
        assert saved == {p.email for p, _ in cases}
        return
    wrong = sorted(bad for _p, bad in cases if bad in saved)
    assert wrong == [], f"{len(wrong)} of {len(cases)} saved an address nobody said: {wrong[:5]}"
    told = [e for e, reply in replies.items() if "all set" in reply.lower() and e not in saved]
    assert told == [], "told they are signed up with no entry of theirs saved"
