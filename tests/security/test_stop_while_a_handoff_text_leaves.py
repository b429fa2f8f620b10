"""A STOP handled by another process while a call's handoff text is about to leave: the text stays.

Before: the handoff text read the number's opt-out once, when its row was reserved, and then sent. A
STOP texted to Knotty's number and handled by another process in between (the caller's phone texting
STOP as they say "yes", or whoever holds a spoofed number) did not stop it: Knotty texted a number
that had just opted out. The confirmation texts read the opt-out at their POST since ops10; now the
handoff text does too (one read), and a stopped one is closed `opted_out`, nothing sent, the call
going on.

Two processes on one database and the fake Twilio REST API: the call is in this test's app; the
STOP goes over signed HTTP to a `knotty serve` of its own, at the moment the reservation is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from knotty.store.handoffs import HandoffCaps, HandoffTexts
from knotty.store.models import HandoffText
from tests.channels.call_steps import asked
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, PUBLIC, twilio_world
from tests.security.test_two_processes import _twilio_env
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.serve_process import free_port, knotty_serve_process
from tests.support.twilio_sim import TwilioSim

pytestmark = pytest.mark.slow

ANSWERS = {
    "full_name": "Dana Brooks",
    "phone": "this number",
    "email": "hmm let me think",
    "role": "a client",
}


async def test_a_stop_landing_after_the_reservation_stops_the_handoff_text(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rest, rest_url = fake_rest
    caller = "+14155550161"
    port = free_port()
    async with (
        knotty_serve_process(port, _twilio_env(database_url, tmp_path, rest_url)),
        TwilioSim(
            f"http://127.0.0.1:{port}",
            public_base_url=PUBLIC,
            auth_token=AUTH_TOKEN,
            account_sid=ACCOUNT_SID,
            number=KNOTTY_NUMBER,
        ) as other,
        twilio_world(database_url, tmp_path, fake_rest) as world,
    ):
        reserve = HandoffTexts.reserve
        stops: list[list[str]] = []

        async def reserve_then_stop(
            self: HandoffTexts, conversation_id: str, phone: str, asking: str, caps: HandoffCaps
        ) -> str | None:
            refusal = await reserve(self, conversation_id, phone, asking, caps)
            if refusal is None:  # the row is written: the caller's phone texts STOP to the other process
                stops.append(await other.texter(phone).send("STOP"))
            return refusal

        monkeypatch.setattr(HandoffTexts, "reserve", reserve_then_stop)
        call = await world.sim.call(caller)
        await call.press("1")
        for _ in range(8):
            if asked(call) == "text_handoff":
                break
            await call.say(ANSWERS[asked(call)])
        assert asked(call) == "text_handoff", call.heard
        await call.say("yes please")

        assert len(stops) == 1, "the STOP reached the other process while the text was reserved"
        assert await world.runtime.ledger.is_opted_out(caller), "the other process recorded the STOP"
        assert rest.messages_to(caller) == [], "no text to a number that has just texted STOP"
        assert not call.ended and asked(call) == "email", "the call goes on"
        assert "couldn't send" in call.last_heard.lower()
        async with world.store._session() as s:
            [handoff] = (await s.exec(select(HandoffText))).all()
        assert (handoff.phone, handoff.status) == (caller, "opted_out")
