"""Rotating `TWILIO_AUTH_TOKEN` without turning callers and texters away.

Twilio signs webhooks with whichever token is primary in its console; Knotty accepted only
`TWILIO_AUTH_TOKEN`. The console's switch and a deploy never happen at the same instant, so every
rotation refused every text and call (403, nothing saved) in between, and a call whose stream ticket
was issued by a process still on the old token lost its stream. With `TWILIO_PREVIOUS_AUTH_TOKEN` both
are accepted during the rotation; a third token never is.
"""

from __future__ import annotations

import time
from pathlib import Path

from faker import Faker

from channels.stream_token import issue_stream_token
from channels.voice_connect import RELAY_PATH
from tests.channels.conftest import AUTH_TOKEN, twilio_world
from tests.channels.test_erase_entry import LOCALES, _someone
from tests.channels.text_signups import sign_up_by_text
from tests.security.test_stream_hijack import PUBLIC_WS, relay_call
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest

NEW_TOKEN = "rotated-auth-token-9b2d7e41"


async def test_texts_signed_with_either_token_are_answered_during_a_rotation(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    fake = Faker(LOCALES)
    fake.seed_instance(6_2026)
    rotating = {"TWILIO_AUTH_TOKEN": NEW_TOKEN, "TWILIO_PREVIOUS_AUTH_TOKEN": AUTH_TOKEN}
    async with twilio_world(database_url, tmp_path, fake_rest, **rotating) as world:
        signed = {}
        for number, token in (("+12025550171", AUTH_TOKEN), ("+12025550172", NEW_TOKEN)):
            world.sim.auth_token = token  # before, then after the console promotes the new token
            person = _someone(fake)
            await sign_up_by_text(world.sim.texter(number), person)
            signed[person["email"]] = number
        assert {e.email: e.phone for e in await world.store.list_entries()} == signed

        world.sim.auth_token = "someone-elses-auth-token-000"
        forged = await world.sim.post(
            "/twilio/sms", {"From": "+12025550173", "Body": "hi", "MessageSid": "SM" + "f" * 32}
        )
        assert forged.status_code == 403
        assert len(await world.store.list_entries()) == 2
        assert await world.store.latest_conversation("sms", "+12025550173") is None


async def test_a_stream_ticket_issued_under_the_old_token_opens_its_stream(
    sqlite_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rotating = {"TWILIO_AUTH_TOKEN": NEW_TOKEN, "TWILIO_PREVIOUS_AUTH_TOKEN": AUTH_TOKEN}
    async with twilio_world(sqlite_url, tmp_path, fake_rest, KNOTTY_VOICE_MODE="relay", **rotating) as world:
        call = await relay_call(world)
        # The TwiML came from a process not yet redeployed: its ticket is under the old token,
        # and Twilio (old token still primary) signs the handshake with it.
        ticket = issue_stream_token(
            AUTH_TOKEN,
            call_sid=call.sid,
            caller=call.caller,
            mode="relay",
            caller_proven=True,
            now=time.time() - 1,
        )
        url = f"{PUBLIC_WS}{RELAY_PATH}/{ticket}"
        relay = await FakeRelay(
            world.sim.local_ws_url(url), url, AUTH_TOKEN, call_sid=call.sid, caller=call.caller
        ).connect()
        try:
            greeting = await relay.reply(count=1)
            assert greeting.strip(), "Knotty speaks on the stream"
        finally:
            await relay.close()
