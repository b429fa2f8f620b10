"""`knotty twilio-setup` against the fake REST API: the number's webhooks end up at PUBLIC_BASE_URL."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from channels.setup import twilio_setup
from knotty import Settings
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER
from tests.conftest import make_settings
from tests.support.fake_twilio_rest import FakeTwilioRest


def settings_for(tmp_path: Path, rest_url: str, **env: str) -> Settings:
    values = {
        "PUBLIC_BASE_URL": "https://knotty.example.com",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_PHONE_NUMBER": KNOTTY_NUMBER,
        "TWILIO_API_BASE_URL": rest_url,
        **env,
    }
    return make_settings("sqlite+aiosqlite:///unused", tmp_path, **values)


async def test_setup_points_the_number_at_the_app_and_says_what_changed(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    rest, url = fake_rest
    rest.numbers[KNOTTY_NUMBER]["voice_url"] = "https://old.example.com/voice"
    out = io.StringIO()
    assert await twilio_setup(settings_for(tmp_path, url), out) == 0
    number = rest.numbers[KNOTTY_NUMBER]
    assert number["voice_url"] == "https://knotty.example.com/twilio/voice"
    assert number["status_callback"] == "https://knotty.example.com/twilio/voice/status"
    assert number["sms_url"] == "https://knotty.example.com/twilio/sms"
    assert number["voice_method"] == number["sms_method"] == "POST"
    printed = out.getvalue()
    assert "https://old.example.com/voice -> https://knotty.example.com/twilio/voice" in printed
    again = io.StringIO()
    assert await twilio_setup(settings_for(tmp_path, url), again) == 0
    assert "->" not in again.getvalue() and "unchanged" in again.getvalue()


async def test_setup_explains_what_is_wrong(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], capsys: pytest.CaptureFixture[str]
) -> None:
    rest, url = fake_rest
    assert (
        await twilio_setup(settings_for(tmp_path, url, TWILIO_PHONE_NUMBER="+15005550999"), io.StringIO())
        == 1
    )
    assert "not a number of this Twilio account" in capsys.readouterr().err
    assert await twilio_setup(settings_for(tmp_path, url, TWILIO_AUTH_TOKEN="wrong"), io.StringIO()) == 1
    assert "HTTP 401" in capsys.readouterr().err
    assert await twilio_setup(settings_for(tmp_path, url, TWILIO_ACCOUNT_SID=""), io.StringIO()) == 1
    assert "TWILIO_ACCOUNT_SID is not set" in capsys.readouterr().err
    assert rest.number_updates == []


async def test_the_knotty_command_runs_it(tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    import asyncio
    import os
    import sys

    rest, url = fake_rest
    env = {
        **os.environ,
        "PUBLIC_BASE_URL": "https://knotty.example.com",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_PHONE_NUMBER": KNOTTY_NUMBER,
        "TWILIO_API_BASE_URL": url,
        "KNOTTY_DATA_DIR": str(tmp_path),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "twilio-setup", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    assert "sms_url: (none) -> https://knotty.example.com/twilio/sms" in out.decode()
    assert rest.numbers[KNOTTY_NUMBER]["sms_url"] == "https://knotty.example.com/twilio/sms"
