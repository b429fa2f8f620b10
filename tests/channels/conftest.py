"""A Twilio world for the channel tests: the real app over HTTP, the Twilio simulator, the fake REST API.

The app believes it lives at `PUBLIC_BASE_URL` (as behind a proxy); the simulator signs that URL and
delivers to the loopback port. Confirmation texts go to the fake REST API through the real `twilio`
library.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.factory import create_app
from app.runtime import Runtime, build_runtime
from channels.confirmation_sms import TwilioConfirmationSender
from knotty.config import Settings
from knotty.store import Store
from tests.conftest import make_settings, new_database_url
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.support.twilio_sim import TwilioSim

__all__ = ["ACCOUNT_SID", "AUTH_TOKEN", "KNOTTY_NUMBER", "PUBLIC", "TwilioWorld", "twilio_world"]

PUBLIC = "https://knotty.example.com"
AUTH_TOKEN = "test-auth-token-5f1c0e"
ACCOUNT_SID = "AC" + "1" * 32
KNOTTY_NUMBER = "+15005550006"


@dataclass
class TwilioWorld:
    """Everything a channel test touches."""

    sim: TwilioSim
    rest: FakeTwilioRest
    runtime: Runtime
    settings: Settings
    notifier: TwilioConfirmationSender | None
    base_url: str

    @property
    def store(self) -> Store:
        return self.runtime.store

    async def settle(self) -> None:
        """Wait until the confirmation texts under way are sent (or given up)."""
        if self.notifier is not None:
            await self.notifier.drain()

    async def saved_as_given_and_not_texted(self, person: Mapping[str, str]) -> None:
        """The one entry is `person`'s four fields exactly, and no text went out (none was asked for)."""
        [entry] = await self.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role) == (
            person["full_name"], person["phone"], person["email"], person["role"],
        )  # fmt: skip
        await self.settle()
        assert self.rest.messages == [], "silence is not a yes to the confirmation text"


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    """For tests of the voice streams themselves (no storage behaviour): SQLite only, to keep them quick."""
    return await new_database_url("sqlite", tmp_path, None, None)


@pytest.fixture
async def fake_rest() -> AsyncIterator[tuple[FakeTwilioRest, str]]:
    """The fake Twilio REST API on loopback, with Knotty's number on the account."""
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    async with serve(rest) as url:
        yield rest, url


@asynccontextmanager
async def twilio_world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], **env: str
) -> AsyncIterator[TwilioWorld]:
    """The app configured for Twilio (overridable by `env`), served on loopback, with a simulator."""
    rest, rest_url = fake_rest
    values = {
        "PUBLIC_BASE_URL": PUBLIC,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_PHONE_NUMBER": KNOTTY_NUMBER,
        "TWILIO_API_BASE_URL": rest_url,
        **env,
    }
    settings = make_settings(database_url, tmp_path, **{k: v for k, v in values.items() if v != ""})
    runtime = build_runtime(settings, twilio_texts=True)
    notifier = runtime.agent.notifier
    if isinstance(notifier, TwilioConfirmationSender):
        notifier.backoff_s, notifier.max_backoff_s = 0.01, 0.05
    try:
        async with serve(create_app(runtime=runtime)) as base_url:
            sim = TwilioSim(
                base_url,
                public_base_url=settings.public_base_url,
                auth_token=AUTH_TOKEN,
                account_sid=ACCOUNT_SID,
                number=KNOTTY_NUMBER,
            )
            sender = notifier if isinstance(notifier, TwilioConfirmationSender) else None
            try:
                async with sim:
                    yield TwilioWorld(sim, rest, runtime, settings, sender, base_url)
            finally:
                if sender is not None:
                    await sender.aclose()
    finally:
        await runtime.aclose()


@pytest.fixture
async def twilio(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    """The default Twilio world, once on SQLite and once on PostgreSQL."""
    async with twilio_world(database_url, tmp_path, fake_rest) as world:
        yield world
