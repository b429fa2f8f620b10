"""A wrong `PUBLIC_BASE_URL`: every webhook is refused (403), and the log says which setting to fix.

Before: each refused call and text logged `twilio_signature_rejected` with its path and nothing else, the
same line a forged request writes, so an operator who moved the app to a new host (or typed the old
one) saw every person turned away with no clue why. Now the line names the URL checked and, when the
signature is Twilio's for the host the request came to, says that Twilio signed that host and what to set
`PUBLIC_BASE_URL` to; a forged request is not taken for one, and no line carries the person's number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from faker import Faker

from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, twilio_world
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import TwilioSim

CALLED = "https://signup.masseurmatch.example"
"""Where the number's webhooks really point (what Twilio signs)."""
CONFIGURED = "https://old-host.masseurmatch.example"


def _rejections(err: str) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("event") == "twilio_signature_rejected"]


async def test_a_refused_signature_says_which_setting_is_wrong(
    sqlite_url: str,
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = Faker(["fr_FR", "es_MX", "ko_KR"])
    fake.seed_instance(1203)
    phone = "+1415555" + str(fake.random_number(digits=4, fix_len=True))
    async with twilio_world(sqlite_url, tmp_path, fake_rest, PUBLIC_BASE_URL=CONFIGURED) as world:
        twilio = TwilioSim(
            world.base_url,
            public_base_url=CALLED,
            auth_token=AUTH_TOKEN,
            account_sid=ACCOUNT_SID,
            number=KNOTTY_NUMBER,
        )
        async with twilio:
            capsys.readouterr()
            form = {"From": phone, "To": KNOTTY_NUMBER, "Body": fake.name(), "MessageSid": "SM" + "a" * 32}
            hook = twilio.webhook(twilio.public_url("/twilio/sms"), form)
            hook.headers["Host"] = CALLED.removeprefix("https://")  # as the platform's proxy passes it
            text = await twilio.send(hook)
            forged_hook = twilio.webhook(
                twilio.public_url("/twilio/sms"), form, signature="bm90IGEgc2lnbmF0dXJl"
            )
            forged_hook.headers["Host"] = CALLED.removeprefix("https://")
            forged = await twilio.send(forged_hook)
        assert text.status_code == 403 and forged.status_code == 403
        assert await world.store.latest_conversation("sms", phone) is None
        err = capsys.readouterr().err
    wrong, fake_one = _rejections(err)
    assert f"PUBLIC_BASE_URL={CALLED}" in str(wrong.get("reason")), wrong
    assert wrong.get("checked") == CONFIGURED + "/twilio/sms", wrong
    assert "PUBLIC_BASE_URL=" not in str(fake_one.get("reason")), "a forged request names no host to set"
    assert "TWILIO_AUTH_TOKEN" in str(fake_one.get("reason")), fake_one
    assert phone not in err and phone[-4:] not in err.replace("***" + phone[-2:], ""), (
        "the number stays masked"
    )
