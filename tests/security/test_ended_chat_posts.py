"""Messages posted into a web chat that has already ended: they start nothing.

A web chat starts a new conversation only through "Start over", which counts against the new-chat
limit (`web.chat._count_restart`). Before, a message posted to an ended chat with a fresh turn token (a
second tab still showing the composer, a script, or two "yes please" sent at once from two tabs)
opened a new conversation uncounted: the tab's finished signup was replaced on screen by "Hello, ...
What's your full name?", as if nothing had been saved, and a script could run signup after signup on
one session without ever pressing "Start over". Now the post is answered with the ended conversation
as it stands (its last words, "You're on the waitlist", "Start over"), and nothing is stored.
Played over real HTTP.
"""

from __future__ import annotations

import asyncio
import secrets

import httpx
import pytest

from tests.channels.conftest import TwilioWorld
from tests.web.conftest import WebVisitor, bubbles

PHONE = "+14155550142"
GREETING_ASKS = "full name"
"""What a new conversation's greeting asks; the end of a signup never does."""


async def _to_the_text_offer(http: httpx.AsyncClient) -> WebVisitor:
    visitor = WebVisitor(http)
    await visitor.open("/")
    for text in ("Ana Lima", "415 555 0142", "ana.lima@example.com", "I'm a massage therapist", "yes"):
        await visitor.say(text)
    return visitor


def _shows_the_finished_signup(page: str) -> None:
    """The tab shows the ended chat: its "Start over", the signup's success and its own last words."""
    assert "Start over" in page and "You're on the waitlist" in page, page[-600:]
    assert "No problem. Thanks for joining MasseurMatch, Ana" in " ".join(bubbles(page)), bubbles(page)


@pytest.mark.parametrize("turn", ["fresh", "opening"])
async def test_a_message_posted_after_the_end_starts_no_new_conversation(
    twilio: TwilioWorld, turn: str
) -> None:
    async with httpx.AsyncClient(base_url=twilio.base_url) as http:
        visitor = await _to_the_text_offer(http)
        await visitor.say("no thanks")
        [ended] = await twilio.store.list_conversations()
        for text in ("Bruno Costa", "415 555 0199", "bruno@example.com", "client", "yes"):
            token = secrets.token_urlsafe(16)
            answer = await visitor.say(text, turn=token if turn == "fresh" else f"open-{token}")
            assert answer.status_code == 200
            _shows_the_finished_signup(answer.text)
            assert "Bruno" not in " ".join(bubbles(answer.text)), "nothing of the post was taken"
    assert [c.id for c in await twilio.store.list_conversations()] == [ended.id], "no new conversation"
    [entry] = await twilio.store.list_entries()
    assert entry.full_name == "Ana Lima"


async def test_two_tabs_saying_yes_to_the_text_at_once_both_show_the_signup(twilio: TwilioWorld) -> None:
    async with httpx.AsyncClient(base_url=twilio.base_url) as http:
        visitor = await _to_the_text_offer(http)
        tabs = [WebVisitor(http, fields=dict(visitor.fields)) for _ in range(2)]
        tabs[1].fields["turn"] = secrets.token_urlsafe(16)
        answers = await asyncio.gather(*(tab.say("yes please") for tab in tabs))
        for answer in answers:
            assert answer.status_code == 200
            said = bubbles(answer.text)
            assert said and GREETING_ASKS not in said[-1].lower(), said
            assert "on its way" in " ".join(said), said
            assert "Start over" in answer.text
    [conversation] = await twilio.store.list_conversations()
    assert conversation.entry_id is not None
    await twilio.settle()
    assert len(twilio.rest.messages_to(PHONE)) == 1
