"""A confirmation text carries no link that a stranger typed.

The text greets the person by first name and goes to whatever number was typed on the web chat. A
model brain saves the name as said, so a "name" such as `Masseurmatch-login.com Smith` would put a
link (phones make one of a bare domain) in a text from Knotty's own number to someone who never
asked. Played with the real OpenAI brain against a loopback model, over the web chat, judged by what
the fake Twilio REST API received.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.channels.conftest import twilio_world
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.web.conftest import WebVisitor

NAME = "Masseurmatch-login.com Smith"
DETAILS = f"I'm {NAME}, 415 555 0177, spam@example.com, a client"
FIELDS = {"full_name": NAME, "phone": "+14155550177", "email": "spam@example.com", "role": "client"}


def obliging_model(request: dict[str, Any]) -> ModelAnswer:
    """A model that takes the name exactly as typed, reads it back, saves on yes, texts on yes please."""
    messages = request["messages"]
    if messages[-1]["role"] == "tool":
        if messages[-2]["tool_calls"][0]["function"]["name"] == "send_confirmation_sms":
            return text_answer("Done! Goodbye.")
        return text_answer("You're on the waitlist! Would you like a confirmation text?")
    users = [str(m.get("content") or "") for m in messages if m["role"] == "user"]
    said = users[-1].strip().lower() if users else ""
    if said == "yes":
        return tool_answer("save_waitlist_entry", FIELDS)
    if said == "yes please":
        return tool_answer("send_confirmation_sms", {})
    if "@" in said:
        return text_answer(
            f"Let me read that back: {NAME}, +1 415 555 0177, spam@example.com, client. Right?"
        )
    return text_answer("Hi! What are your name, phone, email and role?")


async def test_a_typed_name_puts_no_link_in_the_confirmation_text(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with serve(FakeOpenAI(obliging_model)) as model:
        env = {"KNOTTY_BRAIN": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"{model}/v1"}
        async with twilio_world(database_url, tmp_path, fake_rest, **env) as world:
            async with httpx.AsyncClient(base_url=world.base_url) as http:
                visitor = WebVisitor(http)
                await visitor.open("/")
                for text in (DETAILS, "yes", "yes please"):
                    assert (await visitor.say(text)).status_code == 200
            await world.settle()
            [entry] = await world.store.list_entries()
            assert entry.full_name == NAME, "the name is kept as typed, for the admin to judge"
            [sent] = world.rest.messages_to("+14155550177")
    body = sent.body.lower()
    assert "waitlist" in body and ".com" not in body and "login" not in body, sent.body
