"""SQLite's jobs on the event loop (`knotty.store.sqlite_on_loop`): never waiting there, never run twice.

A turn's read and write run on the loop to spare two hops to aiosqlite's thread per webhook. But a
loop that waits for SQLite's lock stops every call and text its process serves, so these tests hold
the lock from another connection, as the other server process does, and watch the loop meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from knotty.agent import Agent, Inbound
from knotty.store import Store, create_engine, sqlite_on_loop
from knotty.store.rate_limits import Hit
from knotty.store.sqlite_on_loop import SqliteOnLoop
from tests.conftest import new_database_url
from tests.integration.test_concurrent_signups import YES, person, said, saving_brain

HELD_S = 0.5


@asynccontextmanager
async def loop_watch() -> AsyncIterator[list[float]]:
    """The longest the loop went without running a 5 ms ticker while the block ran (in seconds)."""
    longest = [0.0]

    async def tick() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            longest[0] = max(longest[0], now - last)
            last = now

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)
    try:
        yield longest
    finally:
        ticker.cancel()


def _hold_write_lock(path: str, held: threading.Event, release: threading.Event) -> None:
    conn = sqlite3.connect(path, timeout=5)
    try:
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(10)
        conn.commit()
    finally:
        conn.close()


@asynccontextmanager
async def write_lock_held(path: str) -> AsyncIterator[threading.Event]:
    """Another process's write transaction: the database's write lock until the event yielded is set
    (or the block ends)."""
    held, release = threading.Event(), threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(path, held, release))
    other.start()
    try:
        await asyncio.to_thread(held.wait, 5)
        yield release
    finally:
        release.set()
        await asyncio.to_thread(other.join, 5)


@asynccontextmanager
async def sqlite_store(tmp_path: Path) -> AsyncIterator[tuple[Store, str]]:
    """A store on a fresh migrated SQLite file, and the file's path."""
    tmp_path.mkdir(exist_ok=True)
    url = await new_database_url("sqlite", tmp_path, None, None)
    engine = create_engine(url)
    store = Store(engine)
    try:
        yield store, url.split(":///", 1)[1]
    finally:
        await store.aclose()
        await engine.dispose()


async def write_rows(store: Store, first: int, count: int) -> float:
    """`count` rate-limit hits (one row each), yielding to the loop between them as webhooks do (a job
    on the loop never yields to others); the slowest hit's seconds."""
    slowest = 0.0
    for i in range(first, first + count):
        started = time.perf_counter()
        assert await store.limits.take([Hit(f"probe:{i}", limit=5, window_s=3600)]) == 0.0
        slowest = max(slowest, time.perf_counter() - started)
        await asyncio.sleep(0)
    return slowest


class EventsSaid(logging.Handler):
    """The structured events (`knotty.logs.log_event`) the app logged while it was attached."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.events: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.events.append(str(getattr(record, "fields", {}).get("event")))


async def test_a_signup_whose_save_finds_the_database_locked_waits_off_the_loop_and_is_saved_once(
    tmp_path: Path,
) -> None:
    async with sqlite_store(tmp_path) as (store, path):
        agent = Agent(store, saving_brain(), saving_brain())
        await agent.turn(Inbound("sms", "+14155551000", said(person(0))))  # read back: a save needs a yes
        first = await agent.turn(Inbound("sms", "+14155551000", YES))
        assert first.reply == "Saved!"  # the connections are open: what follows measures the lock only
        await agent.turn(Inbound("sms", "+14155551001", said(person(1))))
        async with write_lock_held(path) as release, loop_watch() as longest:
            turn = asyncio.create_task(agent.turn(Inbound("sms", "+14155551001", YES)))
            await asyncio.sleep(HELD_S)
            assert not turn.done(), "the save did not wait for the other process's transaction"
            release.set()
            result = await asyncio.wait_for(turn, 10)
        assert result.reply == "Saved!"
        assert longest[0] < HELD_S / 2, f"the loop stopped for {longest[0]:.3f} s while the lock was held"
        entries = await store.list_entries()
        assert sorted(e.email for e in entries) == sorted(person(i)["email"] for i in (0, 1))
        assert store._turns is not None and store._turns._jobs.waited >= 1  # type: ignore[attr-defined]


async def test_a_turn_reads_on_the_loop_while_another_process_holds_the_write_lock(tmp_path: Path) -> None:
    """WAL: readers never wait for the writer, so the turn's read is answered at once, on the loop."""
    async with sqlite_store(tmp_path) as (store, path):
        agent = Agent(store, saving_brain(), saving_brain())
        await agent.turn(Inbound("sms", "+14155551000", said(person(0))))
        await agent.turn(Inbound("sms", "+14155551000", YES))
        async with write_lock_held(path):
            started = time.perf_counter()
            loaded = await asyncio.wait_for(store.load_for_turn("sms", "+14155551000", None), HELD_S)
            assert time.perf_counter() - started < HELD_S / 2
            assert loaded.conversation is not None and loaded.conversation.entry_id is not None


async def test_a_job_that_changed_rows_before_finding_the_lock_held_is_not_run_again(tmp_path: Path) -> None:
    """A job that committed and then found the lock held must not be re-run on the thread: its first
    transaction would be applied twice. Its error is raised instead (no job of Knotty's does this)."""
    path = str(tmp_path / "twice.db")
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (x INTEGER)")
    setup.commit()
    setup.close()
    sent_to_thread: list[Callable[..., Any]] = []

    async def on_thread(job: Callable[..., Any], *args: Any) -> Any:
        sent_to_thread.append(job)
        raise AssertionError("re-run on the thread")

    def two_transactions(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()
        other = sqlite3.connect(path, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # another process takes the lock between the two
        try:
            conn.execute("INSERT INTO t VALUES (2)")
        finally:
            other.rollback()
            other.close()

    jobs = SqliteOnLoop(path, on_thread)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await jobs.run(two_transactions)
    await jobs.aclose()
    assert sent_to_thread == []
    check = sqlite3.connect(path)
    assert check.execute("SELECT x FROM t").fetchall() == [(1,)]
    check.close()


async def write_in_rounds(store: Store, first: int, count: int) -> float:
    """`write_rows` in rounds of `CHECKPOINT_ROWS`, any checkpoint under way let finish between them, as
    when webhooks come at a few hundred a second. Written back to back on a loaded machine, the writes
    made during one checkpoint's copy (it fsyncs while they go on) grew the log past these tests' bounds."""
    assert store._turns is not None
    jobs: SqliteOnLoop = store._turns._jobs  # type: ignore[attr-defined]
    rounds = min(count, sqlite_on_loop.CHECKPOINT_ROWS)
    slowest = 0.0
    for start in range(first, first + count, rounds):
        slowest = max(slowest, await write_rows(store, start, min(rounds, first + count - start)))
        if jobs._checkpoint is not None:
            await jobs._checkpoint
    return slowest


async def _log_size_after_writes(tmp_path: Path, writes: int) -> int:
    """The size of the database's write-ahead log after `writes` rate-limit hits (one row each)."""
    async with sqlite_store(tmp_path) as (store, path):
        await write_in_rounds(store, 0, writes)
        return os.path.getsize(path + "-wal")


async def test_the_log_is_checkpointed_off_the_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loop's connection never checkpoints itself (that fsyncs): aiosqlite's thread does it, so
    the log does not grow without end when every write of the process runs on the loop."""
    writes = 4 * sqlite_on_loop.CHECKPOINT_ROWS
    checkpointed = await _log_size_after_writes(tmp_path / "checkpointed", writes)
    monkeypatch.setattr(sqlite_on_loop, "CHECKPOINT_ROWS", 10**9)
    never = await _log_size_after_writes(tmp_path / "never", writes)
    assert checkpointed < never / 2, (checkpointed, never)


async def test_a_long_reader_elsewhere_holds_checkpoints_back_without_stalling_this_process(
    tmp_path: Path,
) -> None:
    """An export or a backup in another process holds its snapshot, and no checkpoint can finish
    meanwhile. Each attempt gives up within `CHECKPOINT_WAIT_MS`, so the writes here go on, and the
    operator is warned once that the log grows; once the reader has gone, the next checkpoint
    finishes, the log starts over instead of growing, and the log says so."""
    said = EventsSaid()
    knotty_log = logging.getLogger("knotty")
    level = knotty_log.level
    knotty_log.setLevel(logging.INFO)  # setLevel, not the attribute: it clears the loggers' caches
    knotty_log.addHandler(said)
    writes = 3 * sqlite_on_loop.CHECKPOINT_ROWS
    try:
        async with sqlite_store(tmp_path) as (store, path):
            reader = sqlite3.connect(path)
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM waitlist_entries").fetchall()
            try:
                slowest = await write_rows(store, 0, writes)
            finally:
                reader.rollback()
                reader.close()
            held_back = os.path.getsize(path + "-wal")
            slowest = max(slowest, await write_in_rounds(store, writes, writes))
            after = os.path.getsize(path + "-wal")
    finally:
        knotty_log.removeHandler(said)
        knotty_log.setLevel(level)
    checkpoints = [e for e in said.events if e.startswith("sqlite_checkpoint")]
    assert checkpoints == ["sqlite_checkpoint_held_back", "sqlite_checkpoint_caught_up"], checkpoints
    assert slowest < 0.25, f"a write waited {slowest:.3f} s behind a checkpoint held back by a reader"
    assert after < 1.5 * held_back, f"the log grew from {held_back} to {after} bytes once the reader had gone"


async def test_jobs_that_arrive_during_a_checkpoint_wait_for_it_then_run_on_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkpoint takes a few milliseconds on aiosqlite's thread. Jobs that arrive meanwhile wait for
    it and then run on the loop. Sent to the thread instead, they took the pool's one connection ahead
    of the checkpoint waiting for it, so under steady webhooks it started hundreds of milliseconds
    late and most jobs paid the thread's hops (a quarter more CPU per webhook)."""
    monkeypatch.setattr(sqlite_on_loop, "CHECKPOINT_ROWS", 20)
    async with sqlite_store(tmp_path) as (store, _path):
        await write_rows(store, 0, 1)  # the connections are open
        assert store._turns is not None
        jobs: SqliteOnLoop = store._turns._jobs  # type: ignore[attr-defined]
        to_thread = jobs._on_thread
        sent: list[str] = []

        async def watched(job: Callable[..., Any], *args: Any) -> Any:
            sent.append(job.__name__)
            return await to_thread(job, *args)

        jobs._on_thread = watched
        for batch in range(50):  # until two checkpoints ran (a slow disk fits all the writes in one)
            await asyncio.gather(*(write_rows(store, 10_000 * n + 100 * batch, 100) for n in range(4)))
            if sent.count("_checkpoint") >= 2:
                break
    steps = {"_copy_ahead", "_checkpoint"}
    assert sent.count("_checkpoint") >= 2, sent
    assert set(sent) == steps, f"jobs sent to the thread: {sorted(set(sent) - steps)}"


async def test_jobs_go_on_while_a_checkpoint_copies_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copying the log into the database (and its fsync) is most of a checkpoint, and every job of the
    process waited for all of it: under the benchmark a checkpoint took 15-30 ms, three or four times a
    second, and the turns behind it made the p99. The copy now runs while jobs go on; they wait only for
    the short second step that starts the log over. Here the copy is made slow (200 ms): no write waits
    for it, and the log still starts over."""
    copied: list[float] = []
    copy = sqlite_on_loop._copy_ahead
    writes_done = threading.Event()

    def slow_copy(conn: sqlite3.Connection) -> None:
        writes_done.wait(5)  # on aiosqlite's thread: a disk slower than all the writes below
        copy(conn)
        copied.append(time.perf_counter())

    monkeypatch.setattr(sqlite_on_loop, "_copy_ahead", slow_copy)
    monkeypatch.setattr(sqlite_on_loop, "CHECKPOINT_ROWS", 50)
    async with sqlite_store(tmp_path) as (store, path):
        assert store._turns is not None
        jobs: SqliteOnLoop = store._turns._jobs  # type: ignore[attr-defined]
        slowest = await write_rows(store, 0, 400)  # a checkpoint starts at the 50th
        assert jobs._checkpoint is not None and not jobs._checkpoint.done(), "still copying"
        writes_done.set()
        await jobs._checkpoint
        size = os.path.getsize(path + "-wal")
        slowest = max(slowest, await write_rows(store, 400, 400))
        writes_done.set()
        await jobs._checkpoint
        after = os.path.getsize(path + "-wal")
    assert copied, "a checkpoint ran"
    assert slowest < 1, f"a write waited {slowest:.3f} s for a checkpoint's copy (it takes 5 s)"
    assert after < 1.5 * size, f"the log grew from {size} to {after} bytes: it did not start over"
