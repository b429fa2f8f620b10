"""What the web chat shows for a visitor session: its transcript, and whether it has ended.

The chat reads through the agent (open, transcript, standing), including where the newest
conversation stands, so a finished conversation is shown as finished after a reload instead of
silently starting a new one. A database outage surfaces as `knotty.errors.Unavailable` (the
agent's `AgentUnavailable`, the store's `StoreUnavailable`), the one error the routes handle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from knotty import Agent, ChatLine, Inbound, Modality, SeenTurns, Standing, TextAllowance, TurnResult

__all__ = [
    "CHANNEL",
    "SHOWN_FOR",
    "ChatSnapshot",
    "answer",
    "lines",
    "open_first",
    "page_snapshot",
    "restart",
    "snapshot",
]

CHANNEL = "web"

SHOWN_FOR = timedelta(hours=1)
"""How long after its last turn a chat is shown again when its page is opened. The browser may be a shared
or public one, and the chat's lines hold the person's phone and email: opened later, the page starts a new
session with a new chat, and the old one is no longer reachable from this browser. A tab left open keeps its
chat (its posts go on in it)."""


@dataclass(frozen=True)
class ChatSnapshot:
    """The conversation as the page shows it."""

    lines: list[ChatLine]
    """The person's and Knotty's lines, each drawn as a bubble (`_message.html`)."""
    done: bool
    signed_up: bool = False
    """The conversation saved a waitlist entry (the end shows a success state)."""
    conversation_id: str = ""
    turns: int = 0
    """Turns stored in it: with `conversation_id`, what a tab has seen (`web.chat.Seen`)."""


async def snapshot(agent: Agent, session_id: str) -> ChatSnapshot:
    """The session's conversation; opens one (Knotty greets) unless the newest has ended."""
    return await _snapshot(agent, session_id, await agent.standing(CHANNEL, session_id))


async def page_snapshot(agent: Agent, session_id: str) -> ChatSnapshot | None:
    """`snapshot` for a page being opened; None when the chat's last turn is older than `SHOWN_FOR`: not to be
    shown to whoever opens the page now."""
    conv = await agent.standing(CHANNEL, session_id)
    if conv is not None and datetime.now(UTC) - conv.last_turn_at > SHOWN_FOR:
        return None
    return await _snapshot(agent, session_id, conv)


async def _snapshot(agent: Agent, session_id: str, conv: Standing | None) -> ChatSnapshot:
    if conv is not None and not conv.active:
        return ChatSnapshot(
            await _lines(agent, session_id), True, conv.signed_up, conv.conversation_id, conv.turns
        )
    result = await agent.open(Inbound(channel=CHANNEL, external_id=session_id, modality=Modality.WRITTEN))
    return ChatSnapshot(
        await _lines(agent, session_id),
        result.done,
        result.entry_id is not None,
        result.conversation_id,
        result.turns,
    )


async def open_first(agent: Agent, session_id: str) -> None:
    """Open the session's conversation (Knotty's greeting stored first) before its first message is answered;
    nothing when it has one already (a post claiming to be a page's first must not start a new chat: an
    ended one is started again only by "Start over")."""
    if await agent.standing(CHANNEL, session_id) is not None:
        return
    await agent.open(Inbound(channel=CHANNEL, external_id=session_id, modality=Modality.WRITTEN))


async def restart(agent: Agent, session_id: str) -> ChatSnapshot:
    """A new conversation for the session once the last one has ended (a no-op while it is active)."""
    result = await agent.open(Inbound(channel=CHANNEL, external_id=session_id, modality=Modality.WRITTEN))
    return ChatSnapshot(
        await _lines(agent, session_id),
        result.done,
        conversation_id=result.conversation_id,
        turns=result.turns,
    )


async def lines(agent: Agent, session_id: str) -> list[ChatLine]:
    """The newest conversation's lines, for a tab that has missed some (another tab of the same chat spoke)."""
    return await _lines(agent, session_id)


async def answer(
    agent: Agent,
    session_id: str,
    text: str,
    turn_key: str | None,
    texts: TextAllowance | None = None,
    seen: SeenTurns | None = None,
) -> TurnResult:
    """Knotty's answer to one message; a repeated `turn_key` gets the stored answer, not a second turn.
    `texts`: the confirmation texts the visitor's client address may still ask for. `seen`: what the tab
    showed; when another tab of the chat has spoken since, nothing is answered (`TurnResult.unseen`)."""
    inbound = Inbound(
        channel=CHANNEL,
        external_id=session_id,
        text=text,
        modality=Modality.WRITTEN,
        idempotency_key=f"{CHANNEL}:{session_id}:{turn_key}" if turn_key else None,
        text_allowance=texts,
        new_only_by_open=True,  # only "Start over" (`restart`, counted) starts a new chat
        seen=seen,
    )
    return await agent.turn(inbound)


async def _lines(agent: Agent, session_id: str) -> list[ChatLine]:
    return await agent.transcript(CHANNEL, session_id)
