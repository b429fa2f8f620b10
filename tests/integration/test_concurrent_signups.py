"""Signups saved at the same moment by two server processes (`knotty serve --workers 2`).

Each process has its own engine and connections; on SQLite a new entry's id used to be the highest
id read plus one, so two processes saving at once planned the same id, one turn's write failed, ran
again, often collided again, and the person was told "please text again in a few minutes" (seen in
`bench.run` at 570 webhooks/s).
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from knotty.agent import Agent, Inbound
from knotty.brains.base import BrainContext, BrainStep
from knotty.store import Store, create_engine
from tests.conftest import on_core_path
from tests.support.brains import FunctionBrain, save_call

PEOPLE = 24
YES = "Yes, that's right."
"""The person's yes to the read-back: every save needs one."""


def person(i: int) -> dict[str, str]:
    return {
        "full_name": f"Rosa Pereira{'x' * (i % 5)} Nunes",
        "phone": f"415 555 {1000 + i}",
        "email": f"rosa.nunes{i}@example.org",
        "role": "client" if i % 2 else "therapist",
    }


def said(p: dict[str, str]) -> str:
    return f"I'm {p['full_name']}, a {p['role']}, {p['email']}, {p['phone']}"


def saving_brain() -> FunctionBrain:
    """Reads back what the person said (found by the utterance); on their yes to it (every save needs
    one) saves it, then says what the tool answered."""
    by_text = {said(person(i)): person(i) for i in range(PEOPLE)}

    def decide(ctx: BrainContext) -> BrainStep:
        results = ctx.tool_results()
        if not results and ctx.user_text in by_text:
            p = by_text[ctx.user_text]
            return BrainStep(
                text=f"{p['full_name']}, {p['phone']}, {p['email']}, a {p['role']}. Is that right?"
            )
        if not results:
            gave = next(ln.content for ln in ctx.history if ln.role == "user" and ln.content in by_text)
            return save_call(**by_text[gave])
        outcome = (results[-1].payload or {})["result"]
        return BrainStep(text="Saved!" if outcome["ok"] else "Not saved: " + ", ".join(outcome["errors"]))

    return FunctionBrain(decide)


def on(engine: AsyncEngine, path: str) -> Store:
    """A store on the driver's hot path, or on Core (`path == "core"`, as behind Supabase's pooler)."""
    return on_core_path(Store(engine)) if path == "core" else Store(engine)


@pytest.mark.parametrize("path", ["driver", "core"])
async def test_two_processes_saving_new_signups_at_once_save_every_person(
    database_url: str, path: str
) -> None:
    engines = [create_engine(database_url), create_engine(database_url)]
    try:
        agents = [Agent(on(e, path), saving_brain(), saving_brain()) for e in engines]
        for i in range(PEOPLE):
            await agents[i % 2].turn(Inbound("sms", f"+1415555{1000 + i}", said(person(i))))
        turns = [agents[i % 2].turn(Inbound("sms", f"+1415555{1000 + i}", YES)) for i in range(PEOPLE)]
        results = await asyncio.gather(*turns, return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        assert failed == [], f"{len(failed)} of {PEOPLE} people were not saved: {failed[:3]}"
        assert [r.reply for r in results if not isinstance(r, BaseException)] == ["Saved!"] * PEOPLE
        entries = await Store(engines[0]).list_entries()
        assert sorted(e.email for e in entries) == sorted(person(i)["email"] for i in range(PEOPLE))
        assert len({e.id for e in entries}) == PEOPLE
    finally:
        for e in engines:
            await e.dispose()
