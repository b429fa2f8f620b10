"""A Realtime caller who keeps answering for ever: after `MAX_TURNS` of their turns, a goodbye and the end.

On `gather`, `relay` and by text the agent ends a conversation at its `MAX_TURNS`-th turn
(`tests/security/test_endless_corrections.py`); a Realtime call is answered by the model, whose every
answer the caller prompts, so a caller who went on giving a new name or email kept a session paid by
the minute open as long as they liked, its transcript growing. Now the bridge counts the caller's
turns: at `MAX_TURNS` the conversation is stored as ended, the model's answer to those words is
cancelled, Knotty says a goodbye that says truthfully whether the details are saved, and the call
hangs up. Played through the simulated Twilio, a fake Media Streams client and a fake Realtime model
against the real app, with Faker people in several locales.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from faker import Faker

from channels import wording
from knotty import MAX_TURNS
from tests.channels.test_realtime import Speaker, after_stream, connected_call, realtime_world, settled
from tests.channels.test_realtime_dropped_after_save import saved_by_the_model
from tests.support.fake_realtime import RealtimeSession
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.unit.brains.callers import caller, said_email

LOCALES = ["en_US", "es_MX", "de_DE", "fr_FR", "en_GB", "pt_BR", "it_IT", "pl_PL"]
WAIT_S = 5.0


def _answers(seed: int) -> list[str]:
    """A new name, email or number each time, as a stranger correcting for ever would say them."""
    fake, rng = Faker(LOCALES), random.Random(seed)
    fake.seed_instance(seed)
    said = []
    for i in range(MAX_TURNS + 5):
        kind = rng.choice(("name", "email", "phone"))
        if kind == "name":
            said.append(f"no, my name is {fake.first_name()} {fake.last_name()}")
        elif kind == "email":
            said.append(f"no, my email is {fake.user_name()} {i} at {fake.free_email_domain()}")
        else:
            said.append(f"no, it's 415 555 {rng.randrange(10000):04d}")
    return said


def _is_goodbye(event: dict[str, object]) -> bool:
    response = event.get("response")
    return isinstance(response, dict) and "I'll stop here" in str(response.get("instructions") or "")


def _goodbye_asked(model: RealtimeSession, after: int) -> dict[str, object] | None:
    """The first `response.create` after the `after`-th that tells the model to say a goodbye, if any."""
    for event in model.of_type("response.create")[after:]:
        response = event.get("response") or {}
        if "I'll stop here" in str(response.get("instructions") or ""):
            return response
    return None


async def test_a_caller_answering_for_ever_hears_goodbye_and_the_call_ends(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    person = caller(1414, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest) as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        asked = len(model.of_type("response.create"))
        role = "massage therapist" if person["role"] == "therapist" else "I'm a client"
        # The caller's last words before the bound give a whole signup and confirm it.
        answers = [
            *_answers(1414)[: MAX_TURNS - 5],
            f"It's {person['full_name']}.",
            "this number",
            said_email(person["email"]),
            role,
            "Yes, that's right.",
            *_answers(1415)[:5],
        ]
        for said in answers[: MAX_TURNS - 1]:
            await model.hear(said)
        await asyncio.sleep(0.5)  # the bridge has read every one of them
        assert _goodbye_asked(model, asked) is None, "ended before the bound"
        for said in answers[MAX_TURNS - 1 :]:
            await model.hear(said)
        await model.wait_for("response.create", count=asked + 1, timeout=WAIT_S)
        goodbye = _goodbye_asked(model, asked)
        assert goodbye is not None, f"no goodbye after {len(answers)} turns of the caller's"
        assert wording.STREAM_LONG_GOODBYE in str(goodbye["instructions"])

        # Server VAD answers the caller's words by itself: any such answer now is cancelled, unheard.
        await model.send(
            {"type": "response.created", "response": {"id": "resp_vad", "status": "in_progress"}}
        )
        cancel = await model.wait_for("response.cancel", timeout=WAIT_S)
        assert cancel.get("response_id") == "resp_vad", cancel
        await model.send({"type": "response.done", "response": {"id": "resp_vad", "status": "cancelled"}})
        # …and a save it asks for in such an answer is not run: the goodbye says nothing was saved.
        with pytest.raises(TimeoutError):
            await model.call_tool("save_waitlist_entry", {**person})

        await says(wording.STREAM_LONG_GOODBYE)
        await client.wait_closed(timeout=WAIT_S)  # Knotty hangs up once its goodbye has played
        assert (await after_stream(world, call)).find("Hangup") is not None
        conv = await settled(world, call.sid)
        assert conv.status == "abandoned"
        assert await world.store.list_entries() == []
        lines = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert lines[-1] == wording.STREAM_LONG_GOODBYE


@pytest.mark.parametrize("saved", [False, True])
async def test_the_goodbye_at_the_bound_is_heard_when_realtime_echoes_no_metadata(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], saved: bool
) -> None:
    """The goodbye's `response.created` told apart without its metadata (optional in the API's types): it
    is not cancelled as an answer to the caller, the caller hears it and the call ends after it."""
    person = caller(1515 + saved, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest, ECHO_METADATA="0") as (world, fake):
        if saved:
            call, client, model = await saved_by_the_model(world, fake, person)
            turns = 5
        else:
            call, client, model = await connected_call(world, fake, caller=person["phone"])
            turns = 0
        says = Speaker(model, client)
        await says("Anything else I can help with?")
        asked = len(model.of_type("response.create"))
        for said in _answers(1516)[: MAX_TURNS - turns]:
            await model.hear(said)
        await model.wait_for(
            "response.create", lambda e: _goodbye_asked(model, asked) is not None, timeout=WAIT_S
        )
        goodbye = wording.STREAM_LONG_GOODBYE_SAVED if saved else wording.STREAM_LONG_GOODBYE
        assert goodbye in str((_goodbye_asked(model, asked) or {}).get("instructions"))
        cancels = len(model.of_type("response.cancel"))
        await says(goodbye)
        await client.wait_closed(timeout=WAIT_S)
        assert len(model.of_type("response.cancel")) == cancels, "Knotty cancelled its own goodbye"
        assert (await after_stream(world, call)).find("Hangup") is not None
        conv = await settled(world, call.sid)
        lines = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert lines[-1] == goodbye
        assert len(await world.store.list_entries()) == int(saved)


async def test_without_metadata_an_answer_begun_before_the_goodbye_is_still_cancelled(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """From a server that returns no metadata, VAD's answer created before the goodbye is first taken for
    it; Realtime's refusal of the goodbye (one response at a time) shows it was not: it is cancelled
    unheard, and the goodbye asked again."""
    person = caller(1517, LOCALES)
    async with realtime_world(sqlite_url, tmp_path, fake_rest, ECHO_METADATA="0") as (world, fake):
        call, client, model = await connected_call(world, fake, caller=person["phone"])
        says = Speaker(model, client)
        await says("Hi, I'm Knotty from MasseurMatch. What's your full name?")
        asked = len(model.of_type("response.create"))
        for said in _answers(1518)[:MAX_TURNS]:
            await model.hear(said)
        await model.wait_for(
            "response.create", lambda e: _goodbye_asked(model, asked) is not None, timeout=WAIT_S
        )
        cancels = len(model.of_type("response.cancel"))
        await model.send(
            {"type": "response.created", "response": {"id": "resp_vad", "status": "in_progress"}}
        )
        await model.send(
            {
                "type": "error",
                "error": {
                    "type": "invalid_request_error",
                    "code": "conversation_already_has_active_response",
                    "message": "Conversation already has an active response in progress.",
                },
            }
        )
        cancel = await model.wait_for("response.cancel", count=cancels + 1, timeout=WAIT_S)
        assert cancel.get("response_id") == "resp_vad", cancel
        await model.send({"type": "response.done", "response": {"id": "resp_vad", "status": "cancelled"}})
        await model.wait_for("response.create", _is_goodbye, count=2, timeout=WAIT_S)
        await says(wording.STREAM_LONG_GOODBYE)
        await client.wait_closed(timeout=WAIT_S)
        conv = await settled(world, call.sid)
        lines = [m.content for m in await world.store.history(conv.id) if m.role == "assistant" and m.content]
        assert lines[-1] == wording.STREAM_LONG_GOODBYE
