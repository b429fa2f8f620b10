"""A database Knotty wrote at its first schema (0001), upgraded by `knotty migrate` and served again.

An operator who deployed early has signups, conversations mid-way, texts accepted but not yet sent, and
opt-outs, all in 0001's tables. After `knotty migrate` every one of them is still there and means the
same: the text owed is sent once (the number that opted out is not texted), the half-done chat goes
on where it stood, a new signup takes a new id, and the admin lists them all.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from app.migrate import downgrade, migrate_async
from knotty import Inbound, Modality
from knotty.store import create_engine
from tests.channels.conftest import TwilioWorld, fake_rest, twilio_world  # noqa: F401 - fixture
from tests.support.fake_twilio_rest import FakeTwilioRest

OWED, SENT, STOPPED, NEW = "+14155550171", "+14155550172", "+14155550173", "+14155550174"
T0 = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


async def _write_at_0001(url: str) -> None:
    engine = create_engine(url)
    rows = [  # ids 1, 2, 3 from the table's own sequence, as Knotty wrote them then
        ("Ana Lima", OWED, "ana@example.com", "therapist", "sms", "requested", None, 0),
        ("Ben Okafor", SENT, "ben@example.com", "client", "voice", "sent", "SM" + "2" * 32, 1),
        ("Cleo Park", STOPPED, "cleo@example.com", "client", "web", "requested", None, 0),
    ]
    try:
        async with engine.begin() as conn:
            for row in rows:
                await conn.execute(
                    text(
                        "INSERT INTO waitlist_entries (full_name, phone, email, role, channel, created_at, "
                        "updated_at, confirmation_sms_status, confirmation_sms_sid, confirmation_sms_attempts) "
                        "VALUES (:name, :phone, :email, :role, :channel, :t, :t, :status, :sid, :tries)"
                    ),
                    dict(
                        zip(
                            ("name", "phone", "email", "role", "channel", "status", "sid", "tries"),
                            row,
                            strict=True,
                        )
                    )
                    | {"t": T0},
                )
            recent = datetime.now(UTC) - timedelta(minutes=10)  # a chat under way at the upgrade
            for conv, channel, external, status, stage, entry, at in [
                ("c" * 32, "web", "a" * 32, "active", "greeting", None, recent),
                ("d" * 32, "sms", "+14155550175", "active", "collecting", None, recent),
                ("e" * 32, "voice", "CA" + "e" * 32, "completed", "done", 2, T0),
            ]:
                await conn.execute(
                    text(
                        "INSERT INTO conversations (id, channel, external_id, status, stage, state, entry_id, "
                        "version, turns, created_at, updated_at) VALUES (:id, :ch, :ext, :status, :stage, "
                        ":state, :entry, 1, 1, :t, :t)"
                    ),
                    {"id": conv, "ch": channel, "ext": external, "status": status, "stage": stage,
                     "state": json.dumps({}), "entry": entry, "t": at},
                )  # fmt: skip
            await conn.execute(
                text("INSERT INTO sms_opt_outs (phone, opted_out, updated_at) VALUES (:p, :o, :t)"),
                {"p": STOPPED, "o": True, "t": T0 + timedelta(minutes=1)},
            )
    finally:
        await engine.dispose()


async def test_a_first_schema_database_upgrades_and_serves_on(
    database_url: str,
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],  # noqa: F811 - the fixture imported above
) -> None:
    await asyncio.to_thread(downgrade, database_url, "0001")
    await _write_at_0001(database_url)
    await migrate_async(database_url)
    async with twilio_world(database_url, tmp_path, fake_rest) as world:
        assert world.notifier is not None
        await world.notifier.confirmation_requested(1)  # wakes the worker (it also polls)
        for _ in range(100):
            if await world.store.outbox.open_count() == 0:
                break
            await asyncio.sleep(0.1)
        assert [m.to for m in world.rest.messages] == [OWED], "the text owed is sent once, never to a STOP"
        rows = await world.store.outbox.texts_of([1, 3])
        assert (rows[1].status, rows[3].status) == ("sent", "opted_out")

        for conv, channel, external in [("c" * 32, "web", "a" * 32), ("d" * 32, "sms", "+14155550175")]:
            said = Inbound(channel, external, "Eve Santos", Modality.WRITTEN)
            went_on = await world.runtime.agent.turn(said)
            assert went_on.conversation_id == conv and "Eve" in went_on.reply, (channel, went_on)
        saved = await world.store.save_entry(
            full_name="Finn Walsh", phone=NEW, email="finn@example.com", role="client", channel="web"
        )
        assert saved.entry.id == 4
        names = sorted(e.full_name for e in await world.store.list_entries())
        assert names == ["Ana Lima", "Ben Okafor", "Cleo Park", "Finn Walsh"]
