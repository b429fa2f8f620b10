"""Texts kept under overload are answered by the REST API over one kept connection, not one per reply."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.runtime import Runtime
from channels.sms_later import SmsLater
from knotty.admission import TurnGate
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, PUBLIC
from tests.conftest import make_settings
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve

TEXTERS = ("+12025550401", "+12025550402", "+12025550403")


async def test_kept_texts_are_each_answered_over_one_kept_connection(
    runtime: Runtime, database_url: str, tmp_path: Path
) -> None:
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    async with serve(rest) as url:
        settings = make_settings(
            database_url, tmp_path, PUBLIC_BASE_URL=PUBLIC, TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_PHONE_NUMBER=KNOTTY_NUMBER, TWILIO_API_BASE_URL=url,
        )  # fmt: skip
        later = SmsLater(settings, runtime.ledger, runtime.agent, TurnGate(4, 1.0), poll_s=0.05)
        try:
            for n, texter in enumerate(
                TEXTERS
            ):  # one after another: each reply may reuse the last's connection
                await later.keep(texter, "Hi, I'd like to join the waitlist", f"SM{n:032d}")
                for _ in range(100):
                    if rest.messages_to(texter):
                        break
                    await asyncio.sleep(0.05)
        finally:
            await later.aclose()

    assert [len(rest.messages_to(texter)) for texter in TEXTERS] == [1, 1, 1], "each kept text answered once"
    peers = rest.post_peers
    assert len(peers) == 3 and len(set(peers)) == 1, f"one client port for every reply: {peers}"
