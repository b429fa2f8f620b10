"""The agent core as every channel sees it: turns in, replies and saved entries out.

The brains here are test doubles that call tools exactly as told, so each test pins one guarantee
of the core: validation, grounding, upserts, idempotency, fallback and persistence.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from knotty.agent import MAX_UTTERANCE_CHARS, Agent, Inbound, TurnResult
from knotty.brains.base import BrainContext, BrainStep, ToolCall
from knotty.state import Modality
from knotty.store import Store, create_engine
from knotty.store.boundary import translated
from knotty.store.models import Conversation, table_of, utcnow
from knotty.store.repository import Unwritten
from tests.support.brains import FailingBrain, FunctionBrain, SlowBrain, save_call
from tests.support.notifiers import RecordingNotifier
from tests.support.query_work import statements_sent

ANA = {"full_name": "Ana Lima", "phone": "415 555 0100", "email": "Ana.Lima@Example.com", "role": "therapist"}
ANA_SAID = "Hi, I'm Ana Lima, a massage therapist, Ana.Lima@Example.com, 415 555 0100"


YES = "Yes, that's right."
"""The person's answer to the read-back: every save needs a read-back and a yes to it."""


def read_back(arguments: dict[str, Any]) -> str:
    """A model's read-back of `arguments`."""
    return "Let me read that back: {full_name}, {phone}, {email}, {role}. Is that right?".format(**arguments)


async def told(agent: Agent, inbound: Inbound) -> TurnResult:
    """The person's turn, then their yes to the read-back it got: the second turn's result."""
    await agent.turn(inbound)
    return await agent.turn(replace(inbound, text=YES, idempotency_key=None))


def saver(arguments: dict[str, Any]) -> FunctionBrain:
    """A brain that reads `arguments` back, saves them on the person's yes to that, then reports the
    tool's verdict in words."""

    def decide(ctx: BrainContext) -> BrainStep:
        results = ctx.tool_results()
        if not results and ctx.user_text != YES:
            return BrainStep(text=read_back(arguments))
        if not results:
            return save_call(**arguments)
        outcome = (results[-1].payload or {})["result"]
        return BrainStep(
            text="Saved!" if outcome["ok"] else "Could you repeat: " + ", ".join(outcome["errors"])
        )

    return FunctionBrain(decide)


def echo() -> FunctionBrain:
    return FunctionBrain(lambda ctx: BrainStep(text=f"heard: {ctx.user_text or '(nothing)'}"))


async def test_valid_signup_is_saved_normalised(store: Store) -> None:
    agent = Agent(store, saver(ANA), echo())
    result = await told(agent, Inbound("web", "s1", ANA_SAID))
    assert result.reply == "Saved!"
    [entry] = await store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role, entry.channel) == (
        "Ana Lima",
        "+14155550100",
        "ana.lima@example.com",
        "therapist",
        "web",
    )
    assert result.entry_id == entry.id


@pytest.mark.parametrize(
    ("field", "bad"),
    [("email", "ana.lima@"), ("phone", "555"), ("role", "masseur-client"), ("full_name", "Ana")],
)
async def test_invalid_arguments_never_reach_the_database(store: Store, field: str, bad: str) -> None:
    agent = Agent(store, saver({**ANA, field: bad}), echo())
    result = await told(agent, Inbound("web", "s1", ANA_SAID + " " + bad))
    assert result.reply == f"Could you repeat: {field}"
    assert await store.list_entries() == []


async def test_invented_email_is_refused_and_nothing_is_saved(store: Store) -> None:
    invented = {**ANA, "email": "ana.lima@gmail.com"}  # the person said example.com
    agent = Agent(store, saver(invented), echo())
    result = await told(agent, Inbound("web", "s1", ANA_SAID))
    assert result.reply == "Could you repeat: email"
    assert await store.list_entries() == []


async def test_spoken_fields_count_as_said(store: Store) -> None:
    agent = Agent(store, saver({**ANA, "email": "ana.lima@example.com"}), echo())
    await agent.turn(Inbound("voice", "CA1", "my name is Ana Lima"))
    await agent.turn(Inbound("voice", "CA1", "four one five, five five five, oh one oh oh"))
    await agent.turn(Inbound("voice", "CA1", "ana dot lima at example dot com"))
    result = await told(agent, Inbound("voice", "CA1", "I'm a massage therapist"))
    assert result.reply == "Saved!"
    assert [e.email for e in await store.list_entries()] == ["ana.lima@example.com"]


async def test_callers_number_only_when_they_ask_for_it(store: Store) -> None:
    args = {**ANA, "phone": "+14155550199"}
    said = "I'm Ana Lima, a therapist, Ana.Lima@Example.com"
    refused = await told(
        Agent(store, saver(args), echo()),
        Inbound("voice", "CA1", said, caller_number="+14155550199", caller_proven=True),
    )
    assert refused.reply == "Could you repeat: phone"
    allowed = await told(
        Agent(store, saver(args), echo()),
        Inbound(
            "voice",
            "CA2",
            said + ", and use the number I'm calling from",
            caller_number="+14155550199",
            caller_proven=True,
        ),
    )
    assert allowed.reply == "Saved!"


CHANGED_SAID = "Ana Lima here, ana@newmail.com, 4155550100, I want to book a massage as a client"


async def test_the_holder_of_the_phone_updates_their_entry_instead_of_duplicating(store: Store) -> None:
    await told(Agent(store, saver(ANA), echo()), Inbound("web", "s1", ANA_SAID))
    changed = {**ANA, "email": "ana@newmail.com", "role": "client"}
    await told(
        Agent(store, saver(changed), echo()),
        Inbound("sms", "+14155550100", CHANGED_SAID, caller_number="+14155550100", caller_proven=True),
    )
    [entry] = await store.list_entries()
    assert (entry.email, entry.role, entry.review_reason) == ("ana@newmail.com", "client", None)


async def test_the_same_phone_without_proof_is_kept_apart_not_merged(store: Store) -> None:
    await told(Agent(store, saver(ANA), echo()), Inbound("web", "s1", ANA_SAID))
    changed = {**ANA, "email": "ana@newmail.com", "role": "client"}
    await told(Agent(store, saver(changed), echo()), Inbound("web", "s2", CHANGED_SAID))
    ana, other = sorted(await store.list_entries(), key=lambda e: e.id or 0)
    assert (ana.email, ana.role, ana.review_reason) == ("ana.lima@example.com", "therapist", None)
    assert (other.email, other.duplicate_of) == ("ana@newmail.com", ana.id) and "phone" in (
        other.review_reason or ""
    )


async def test_retried_turn_is_answered_once(store: Store) -> None:
    brain = echo()
    agent = Agent(store, brain, echo())
    first = await agent.turn(Inbound("sms", "+1", "hello", idempotency_key="SM1"))
    again = await agent.turn(Inbound("sms", "+1", "hello", idempotency_key="SM1"))
    assert (again.reply, again.duplicate, first.duplicate) == (first.reply, True, False)
    assert len(brain.seen) == 1
    assert [m.content for m in await store.history(first.conversation_id)] == ["hello", "heard: hello"]


async def test_failing_model_is_answered_by_the_fallback(store: Store) -> None:
    agent = Agent(store, FailingBrain(), echo())
    result = await agent.turn(Inbound("web", "s1", "hi there"))
    assert (result.reply, result.brain) == ("heard: hi there", "fake")


async def test_slow_model_is_cut_off_at_the_budget(store: Store) -> None:
    agent = Agent(store, SlowBrain(5), echo(), budget_s=0.2)
    result = await agent.turn(Inbound("web", "s1", "hi"))
    assert result.reply == "heard: hi"


async def test_fallback_keeps_what_the_model_already_saved(store: Store) -> None:
    calls = {"n": 0}

    def decide(ctx: BrainContext) -> BrainStep:
        if ctx.user_text != YES:
            return BrainStep(text=read_back(ANA))
        calls["n"] += 1
        if calls["n"] == 1:
            return save_call(**ANA)
        raise RuntimeError("model died after the save")

    fallback = FunctionBrain(
        lambda ctx: BrainStep(text=f"stage={ctx.state.stage.value} entry={ctx.state.entry_id}")
    )
    agent = Agent(store, FunctionBrain(decide), fallback)
    result = await told(agent, Inbound("web", "s1", ANA_SAID))
    [entry] = await store.list_entries()
    assert result.reply == f"stage=saved entry={entry.id}"


async def test_oversized_message_gets_a_clear_answer_and_changes_nothing(store: Store) -> None:
    brain = echo()
    result = await Agent(store, brain, echo()).turn(Inbound("web", "s1", "x" * (MAX_UTTERANCE_CHARS + 1)))
    assert "1,000 characters" in result.reply
    assert brain.seen == [] and await store.latest_conversation("web", "s1") is None


async def test_conversation_state_lives_in_the_database(database_url: str) -> None:
    """Two processes (two engines, two agents) serve alternate turns of one conversation."""
    engines = [create_engine(database_url), create_engine(database_url)]
    try:
        seen_lines: list[int] = []

        def decide(ctx: BrainContext) -> BrainStep:
            seen_lines.append(len(ctx.history))
            return BrainStep(text=f"turn {len(ctx.history) // 2 + 1}")

        agents = [Agent(Store(e), FunctionBrain(decide), echo()) for e in engines]
        replies = [(await agents[i % 2].turn(Inbound("sms", "+1999", f"msg {i}"))).reply for i in range(4)]
        assert replies == ["turn 1", "turn 2", "turn 3", "turn 4"]
        assert seen_lines == [0, 2, 4, 6]
    finally:
        for e in engines:
            await e.dispose()


async def test_confirmation_sms_only_after_the_save(store: Store) -> None:
    notifier = RecordingNotifier()
    steps = iter(
        [
            BrainStep(tool_calls=(ToolCall("c1", "send_confirmation_sms", {}),)),
            BrainStep(text="not yet. " + read_back(ANA)),
            save_call(**ANA),
            BrainStep(tool_calls=(ToolCall("c2", "send_confirmation_sms", {}),)),
            BrainStep(text="texted"),
        ]
    )
    agent = Agent(store, FunctionBrain(lambda ctx: next(steps)), echo(), notifier)
    early = await agent.turn(Inbound("web", "s1", ANA_SAID))
    assert early.reply.startswith("not yet") and notifier.requested == []
    late = await agent.turn(Inbound("web", "s1", "yes please text me"))
    assert late.reply == "texted"
    [entry] = await store.list_entries()
    assert notifier.requested == [entry.id] and entry.confirmation_sms_status == "requested"
    # saved and accepted in the same turn: the entry and its outbox row were written with that turn
    assert entry.id is not None and (await store.outbox.texts_of([entry.id]))[entry.id].status == "pending"
    history = await store.history(late.conversation_id)
    refused = next(json.loads(m.content) for m in history if m.role == "tool")
    assert refused["ok"] is False


async def test_person_who_leaves_halfway_leaves_no_entry(store: Store) -> None:
    agent = Agent(store, echo(), echo())
    await agent.turn(Inbound("voice", "CA9", "my name is Bo Chen"))
    assert await agent.close("voice", "CA9") == "abandoned"
    assert await store.list_entries() == []
    conv = await store.latest_conversation("voice", "CA9")
    assert conv is not None and conv.status == "abandoned"


async def test_thanks_after_a_finished_signup_does_not_reopen_it(store: Store) -> None:
    steps = iter(
        [BrainStep(text=read_back(ANA)), save_call(**ANA), BrainStep(text="All set, goodbye!", end=True)]
    )
    agent = Agent(store, FunctionBrain(lambda ctx: next(steps)), echo())
    done = await told(agent, Inbound("sms", "+14155550100", ANA_SAID))
    assert done.done
    thanks = await agent.turn(Inbound("sms", "+14155550100", "thanks!"))
    assert thanks.done and thanks.conversation_id == done.conversation_id
    again = await agent.turn(Inbound("sms", "+14155550100", "I'd like to sign up my sister"))
    assert again.conversation_id != done.conversation_id and again.reply.startswith("heard:")


class FlakyStore(Store):
    """A store whose first `failures` saves hit a dropped connection (while reading what to write)."""

    def __init__(self, engine: Any, failures: int) -> None:
        super().__init__(engine)
        self.failures = failures

    @translated  # as the real store's methods are: the driver's error becomes StoreUnavailable
    async def plan_entry(self, **kw: Any) -> Any:
        if self.failures:
            self.failures -= 1
            raise ConnectionResetError("connection lost")
        return await super().plan_entry(**kw)


async def test_a_dropped_connection_during_the_save_is_retried(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        store = FlakyStore(engine, failures=2)
        result = await told(Agent(store, saver(ANA), echo()), Inbound("web", "s1", ANA_SAID))
        assert result.reply == "Saved!" and len(await store.list_entries()) == 1
    finally:
        await engine.dispose()


async def test_a_save_that_keeps_failing_is_never_confirmed(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        store = FlakyStore(engine, failures=99)

        def decide(ctx: BrainContext) -> BrainStep:
            results = ctx.tool_results()
            if not results and ctx.user_text != YES:
                return BrainStep(text=read_back(ANA))
            if not results:
                return save_call(**ANA)
            return BrainStep(
                text="saved" if (results[-1].payload or {})["result"]["ok"] else "trouble saving"
            )

        result = await told(Agent(store, FunctionBrain(decide), echo()), Inbound("web", "s1", ANA_SAID))
        assert result.reply == "trouble saving" and result.entry_id is None
    finally:
        await engine.dispose()


async def test_old_idempotency_keys_are_forgotten_new_ones_kept(store: Store) -> None:
    from datetime import timedelta

    from knotty.maintenance import prune_once
    from knotty.store.models import utcnow

    agent = Agent(store, echo(), echo())
    await agent.turn(Inbound("sms", "+1", "hello", idempotency_key="SM-old"))
    await agent.turn(Inbound("sms", "+1", "again", idempotency_key="SM-new"))
    assert await store.prune_processed(utcnow() - timedelta(hours=1)) == 0
    assert await prune_once(store, keep_hours=-1) == 2  # everything is "old" one hour in the future
    assert await store.processed_result("SM-new") is None


async def test_control_characters_never_break_a_turn(store: Store) -> None:
    result = await Agent(store, echo(), echo()).turn(Inbound("sms", "+1", "he\x00llo\x07 there"))
    assert result.reply == "heard: hello there"


async def test_a_sender_back_after_a_day_starts_afresh_and_the_idle_conversation_is_closed(
    store: Store,
) -> None:
    agent = Agent(store, echo(), echo())
    first = await agent.turn(Inbound("sms", "+14155550100", "hello"))
    day_ago = utcnow() - timedelta(hours=25)
    async with store.engine.begin() as conn:
        await conn.execute(update(table_of(Conversation)).values(updated_at=day_ago))
    back = await agent.turn(Inbound("sms", "+14155550100", "hi again"))
    assert back.conversation_id != first.conversation_id and back.reply == "heard: hi again"
    idle, new = (
        await store.get_conversation(first.conversation_id),
        await store.get_conversation(back.conversation_id),
    )
    assert idle is not None and new is not None and (idle.status, new.status) == ("abandoned", "active")
    assert [m.content for m in await store.history(new.id)] == ["hi again", "heard: hi again"]
    assert (new.version, new.turns) == (1, 1)


class RivalStore(Store):
    """Another process opens the sender's conversation right after this one decided to open it."""

    async def conversation_for_turn(
        self, channel: str, external_id: str, state: dict[str, Any], *, abandon_id: str | None = None
    ) -> tuple[Conversation, Unwritten | None]:
        mine = await super().conversation_for_turn(channel, external_id, state, abandon_id=abandon_id)
        if not await self.latest_conversation(channel, external_id):  # the rival's, once a sender
            await self.create_conversation(channel, external_id, state)
        return mine


async def test_a_conversation_opened_meanwhile_by_another_process_takes_the_turn(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        store = RivalStore(engine)
        result = await Agent(store, echo(), echo()).turn(Inbound("sms", "+14155550100", "hello"))
        [conv] = await store.list_conversations()  # one conversation, active, with the turn once
        assert (conv.id, conv.status, result.reply) == (result.conversation_id, "active", "heard: hello")
        assert [m.content for m in await store.history(conv.id)] == ["hello", "heard: hello"]
        greeted = await Agent(store, echo(), echo()).open(Inbound("voice", "CA1"))  # a call's greeting alike
        [call] = await store.list_conversations(limit=1)
        assert (call.id, call.channel, greeted.conversation_id) == (greeted.conversation_id, "voice", call.id)
        assert [m.content for m in await store.history(call.id)] == [greeted.reply]
        assert len(await store.list_conversations()) == 2
    finally:
        await engine.dispose()


async def test_a_calls_start_and_its_turns_send_no_statement_through_the_orm(database_url: str) -> None:
    """A call's start is answered from the turn's one read (its stored greeting, after a replay or an
    erasure's tombstone, comes with the conversation): a separate ORM read of its key had cost every call
    about a millisecond of the server's CPU and a connection of the engine's own pool (issue 15)."""
    if database_url.endswith((":memory:", "://")):
        pytest.skip("an in-memory database keeps the Core path")
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        agent = Agent(store, echo(), echo())
        sent = statements_sent(engine)
        start = Inbound(
            "voice", "CA1", idempotency_key="voice:CA1:0", modality=Modality.SPOKEN, one_session=True
        )
        greeting = await agent.open(start)
        again = await agent.open(start)  # Twilio's retry of the same start
        turn = await agent.turn(replace(start, text="hello", idempotency_key="voice:CA1:1"))
        assert again.reply == greeting.reply and turn.reply == "heard: hello"
        assert sent == [], [statement for statement, _ in sent]
    finally:
        await store.aclose()
        await engine.dispose()
