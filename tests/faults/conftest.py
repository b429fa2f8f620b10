"""The fault-injection world: the real app over HTTP, a fake Twilio REST API that misbehaves, and texts accepted.

`accept(world, phone)` records an accepted confirmation text exactly as the tool does (the caps and the
outbox row in one write) and wakes the app's worker; `delivered(world, ...)` waits, boundedly, until
every accepted text is closed and says what became of each.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import asyncpg
import pytest

from app.migrate import migrate_async
from knotty.store import Store
from knotty.store.models import utcnow
from tests.channels.conftest import TwilioWorld, fake_rest, twilio_world  # noqa: F401 - fixtures
from tests.support.accepted_text import accept_text
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.postgres import PostgresCluster, _as_postgres, start_cluster

__all__ = ["Outcome", "StoppableDatabase", "accept", "fast_world", "settled", "stoppable_database"]

DELIVERY_BOUND_S = 30.0
"""Every accepted text is delivered within this long after its fault ends (issue 13)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one accepted text: how many messages Twilio holds for its number, and its row."""

    phone: str
    at_twilio: int
    status: str
    sid: str | None
    sid_matches: bool


async def accept(store: Store, phone: str, name: str = "Cleo Park") -> int:
    """A signup whose person said yes to the text (as its turn accepts it: the caps read, then the turn's write)."""
    entry = (
        await store.save_entry(
            full_name=name, phone=phone, email=f"p{phone[-6:]}@example.com", role="client", channel="sms"
        )
    ).entry
    assert entry.id is not None
    now = utcnow()
    assert (
        await accept_text(
            store,
            entry.id,
            phone,
            since=now - timedelta(days=30),
            hour_ago=now - timedelta(hours=1),
            hourly_cap=100,
        )
        is None
    )
    return entry.id


async def settled(
    store: Store, rest: FakeTwilioRest, entries: dict[str, int], bound_s: float = DELIVERY_BOUND_S
) -> list[Outcome]:
    """Wait until no accepted text is open (at most `bound_s`), then what became of each."""
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the database may be away in a fault test: ask again
            if await store.outbox.open_count() == 0:
                break
        await asyncio.sleep(0.1)
    rows = await store.outbox.texts_of(list(entries.values()))
    outcomes = []
    for phone, entry_id in entries.items():
        row = rows[entry_id]
        sids = {m.sid for m in rest.messages_to(phone)}
        outcomes.append(Outcome(phone, len(sids), row.status, row.sid, row.sid in sids))
    return outcomes


def exactly_once(outcomes: list[Outcome]) -> bool:
    """Every text at Twilio once, its row `sent` with that very message's SID."""
    return all(o.at_twilio == 1 and o.status == "sent" and o.sid_matches for o in outcomes)


@pytest.fixture
async def fast_world(
    database_url: str,
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],  # noqa: F811 - the fixture imported above
) -> AsyncIterator[TwilioWorld]:
    """The app with its worker tuned for seconds, not minutes: 0.5 s Twilio timeout, 3 s lease."""
    async with twilio_world(database_url, tmp_path, fake_rest) as world:
        assert world.notifier is not None
        world.notifier.timeout_s, world.notifier.lease_s, world.notifier.poll_s = 0.5, 3.0, 0.2
        world.notifier.backoff_s, world.notifier.max_backoff_s = 0.1, 1.0
        yield world


@dataclass(frozen=True)
class StoppableDatabase:
    """A migrated database `knotty` on a PostgreSQL server of its own, which a test may stop and start
    (the session's server is shared by every test)."""

    cluster: PostgresCluster
    url: str

    def stop(self) -> None:
        """Stop the server at once, as a crash would (`pg_ctl -m immediate`)."""
        _pg_ctl(self.cluster, "-m", "immediate", "stop")

    def start(self) -> None:
        """Start it again on the same port and data (waits until it takes connections)."""
        _start(self.cluster)


def _pg_ctl(cluster: PostgresCluster, *args: str) -> None:
    subprocess.run(
        _as_postgres([str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.data_dir), *args]),
        check=True,
        capture_output=True,
    )


def _start(cluster: PostgresCluster) -> None:
    opts = f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {cluster.data_dir} -c fsync=off -c max_connections=300"
    _pg_ctl(cluster, "-o", opts, "-l", str(cluster.data_dir.parent / "log"), "-w", "start")


@pytest.fixture
def _own_cluster() -> Iterator[PostgresCluster]:
    cluster = start_cluster()
    # The session's clusters run with synchronous_commit=off, which loses the last commits in a crash:
    # a real database doesn't, and the outbox relies on a commit before each POST being kept.
    _pg_ctl(cluster, "-m", "fast", "stop")
    _start(cluster)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
async def stoppable_database(_own_cluster: PostgresCluster) -> StoppableDatabase:
    """A fresh, migrated database on a PostgreSQL server this test may stop and start."""
    conn = await asyncpg.connect(_own_cluster.url().replace("+asyncpg", ""))
    try:
        await conn.execute("CREATE DATABASE knotty")
    finally:
        await conn.close()
    url = _own_cluster.url("knotty")
    await migrate_async(url)
    return StoppableDatabase(_own_cluster, url)
