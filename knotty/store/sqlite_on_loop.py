"""SQLite's hot-path jobs on the event loop when they cannot wait, on aiosqlite's thread when they would.

A hop to aiosqlite's thread wakes that thread, hands the GIL over and wakes the loop again with the
result. On this project's 2-core machine that cost 0.36-0.46 ms of CPU per SMS webhook, measured
in-process with one webhook at a time (1.26-1.36 ms with the hops, 0.90 ms without), and 0.1-0.2 ms
per webhook under the load benchmark (runs alternated with the hops, at 200 and 570 webhooks/s).

A job (`turn_sql`, `rate_limits`) is a few statements run synchronously, one
transaction at most, with no await inside, so it can run on the loop when nothing in it can wait:

- The connection's busy timeout is 0. A job that needs the write lock while another connection holds
  it (this process's pooled connection, or another server process) fails at once with SQLITE_BUSY,
  before it has changed anything, and then runs on aiosqlite's thread instead, where it waits for the
  lock as before. A job that had already changed rows is never run twice: its error is raised.
- WAL with `synchronous=NORMAL`: a commit appends to the log without an fsync, and readers never wait
  for the writer. On a database not in WAL mode every job stays on the thread.
- No automatic checkpoint on this connection (a checkpoint fsyncs the database): once
  `CHECKPOINT_ROWS` rows have changed here, a checkpoint runs on aiosqlite's thread in two steps. The
  first copies the log into the database while this process's jobs go on (`_copy_ahead`: the bulk of
  the writing and its fsync). The second copies what came since and has the next write start the log
  over; this process's jobs wait for it (a few milliseconds), so that it can finish, then run on the
  loop again.
  It gives up after `CHECKPOINT_WAIT_MS` when another process holds it back (a long read there keeps
  any checkpoint from finishing), until the next `CHECKPOINT_ROWS`; the log warns once
  (`sqlite_checkpoint_held_back`), since the log file grows meanwhile, and says when one finishes.

What stays on the loop is the statements' own CPU (tens of microseconds) and reads from the operating
system's page cache, as for any embedded database.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from knotty.logs import log_event
from knotty.store.sqlite_file import FileId, FileReplaced, check_file, file_id

__all__ = ["CHECKPOINT_ROWS", "SqliteOnLoop", "ended"]

CHECKPOINT_ROWS = 300
"""Rows changed on the loop's connection between two checkpoints: about SQLite's own automatic
checkpoint's 1,000 pages of log (a row changed writes about three pages; a turn changes 3-5 rows)."""
CHECKPOINT_WAIT_MS = 20
"""How long a checkpoint waits for another process's writer (a write holds the lock for well under a
millisecond) and readers before giving up until the next `CHECKPOINT_ROWS`: this process's jobs wait
behind it meanwhile, and a long reader elsewhere (an export, a backup) keeps any checkpoint from
finishing however long it waits."""

_Result = TypeVar("_Result")


class OnThread(Protocol):
    """Run a job on aiosqlite's thread, with the engine's pooled connection (the fallback)."""

    def __call__(self, job: Callable[..., _Result], *args: Any) -> Awaitable[_Result]: ...


def ended(conn: sqlite3.Connection, job: Callable[..., _Result], *args: Any) -> _Result:
    """`job(conn, *args)`, leaving no transaction open: the engine's pool does not reset connections
    (`database`), and the loop's connection must never hold a transaction past its job."""
    try:
        return job(conn, *args)
    finally:
        if conn.in_transaction:
            conn.rollback()


def _busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY or one of its extended codes: another connection holds a lock this job needs."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_BUSY


def _copy_ahead(conn: sqlite3.Connection) -> None:
    """Copy into the database what the log holds, without waiting for readers or writers (PASSIVE): done
    first, while jobs go on, it leaves `_checkpoint`, which writers wait for, only the frames written since."""
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()


def _checkpoint(conn: sqlite3.Connection) -> bool:
    """Copy the log into the database and have the next write start the log over (RESTART: a PASSIVE
    checkpoint under steady writes leaves the log growing), waiting at most `CHECKPOINT_WAIT_MS`;
    False when another process's reader or writer held it back."""
    (waits_ms,) = conn.execute("PRAGMA busy_timeout").fetchone()  # the engine's (`database`)
    conn.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
    try:
        busy, _frames, _copied = conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(waits_ms)}")
    return not busy


class SqliteOnLoop:
    """One SQLite connection used on the event loop's thread, with aiosqlite's thread behind it."""

    def __init__(self, path: str | None, on_thread: OnThread) -> None:
        """`path`: the database file (None: every job on the thread, as for a URI or in-memory database)."""
        self._path = path
        self._on_thread = on_thread
        self._conn: sqlite3.Connection | None = None
        self._file: FileId | None = None
        """The file `_conn` has open (`sqlite_file`): the path may name another one after a restore."""
        self._log_emptied = False
        self._replaced: str | None = None
        """Why the file is no longer the one open, once a job found it (`_same_file`)."""
        self._owner: int | None = None  # the thread that opened the connection (sqlite3 ties it there)
        self._unusable = path is None
        self._changed = 0
        self._checkpoint: asyncio.Task[None] | None = None
        """Both steps of the checkpoint under way (`_copy_then_restart`)."""
        self._restart: asyncio.Future[bool] | None = None
        """Its second step, which this process's jobs wait for."""
        self._held_back = False
        """The last checkpoint could not finish: the log grows until one does (a warning says so once)."""
        self.waited = 0
        """Jobs that found a lock held and ran on the thread instead (for tests and the curious)."""

    async def run(self, job: Callable[..., _Result], *args: Any) -> _Result:
        """`job(sqlite3_connection, *args)` on the loop if it cannot wait, else on aiosqlite's thread."""
        while (restart := self._restart) is not None and not restart.done():
            # Behind it, then on the loop. Sent to the thread instead, each job took the pool's
            # connection ahead of the checkpoint waiting for it: one took 440 ms to start, and every
            # job meanwhile paid the thread's hops.
            await asyncio.wait((restart,))
        if self._replaced is not None:  # found after an earlier job: no job runs on the old file again
            raise FileReplaced(self._replaced)  # a new one each time: one raised again keeps every traceback
        conn = self._connection()
        if conn is None:
            return self._kept(await self._on_thread(job, *args))
        before = conn.total_changes
        try:
            result = ended(conn, job, *args)
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or conn.total_changes != before:
                raise
            self.waited += 1
            return self._kept(await self._on_thread(job, *args))
        self._kept(result)
        self._changed += conn.total_changes - before
        if self._changed >= CHECKPOINT_ROWS:
            self._start_checkpoint()
        return result

    def _same_file(self) -> None:
        """`FileReplaced` once the path names another file than the one open, or none (`sqlite_file`),
        looked at after each job: the job that finds it has run on the old file (its result is never
        reported), its log is emptied at once, and every later job is refused before it runs. Also
        looked at before each job, it was a stat more per job for the same outcome (2.7% of a turn)."""
        if self._path is None or self._file is None:
            return
        try:
            check_file(self._path, self._file)
        except FileReplaced as exc:
            self._replaced = str(exc)
            self._empty_old_log()
            raise

    def _empty_old_log(self) -> None:
        """Copy the replaced file's log into it and empty the log, which still sits at the path: else
        the restart opens the restored file with that log beside it, and SQLite applies it there (the
        replaced file's rows came back in the restored one). Once; a failure leaves it to the next job."""
        if self._conn is None or self._log_emptied:
            return
        try:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            return
        self._log_emptied = True

    def _kept(self, result: _Result) -> _Result:
        """`result`, once the path still names the file the job ran on: a job under way while the file
        was replaced wrote to a file no one will read again, and must not be reported done."""
        self._same_file()
        return result

    def _connection(self) -> sqlite3.Connection | None:
        if self._unusable or (self._owner is not None and self._owner != threading.get_ident()):
            return None
        if self._conn is None:
            try:
                self._file = file_id(self._path) if self._path else None
                self._conn = self._open()
            except sqlite3.Error:
                return None  # busy or missing at this moment: the thread this time, the loop next time
            self._owner = threading.get_ident()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        assert self._path is not None  # noqa: S101 - `_unusable` otherwise
        conn = sqlite3.connect(self._path, timeout=0)
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self._unusable = True  # readers would block writers, commits would fsync
                raise sqlite3.OperationalError("not in WAL mode")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA wal_autocheckpoint=0")
        except BaseException:
            conn.close()
            raise
        return conn

    def _checkpointing(self) -> bool:
        return self._checkpoint is not None and not self._checkpoint.done()

    def _start_checkpoint(self) -> None:
        if not self._checkpointing():
            self._changed = 0
            self._checkpoint = asyncio.get_running_loop().create_task(self._copy_then_restart())

    async def _copy_then_restart(self) -> None:
        try:
            await self._on_thread(_copy_ahead)
            self._restart = asyncio.ensure_future(self._on_thread(_checkpoint))
            finished = await self._restart
        except Exception:  # noqa: BLE001 - the next one will try again; the log says why
            log_event("sqlite_checkpoint_failed", logging.WARNING, exc_info=True)
            return
        if finished == self._held_back:  # said once when it starts and once when it ends, not every time
            self._held_back = not finished
            if self._held_back:
                log_event("sqlite_checkpoint_held_back", logging.WARNING)
            else:
                log_event("sqlite_checkpoint_caught_up")

    async def aclose(self) -> None:
        """Wait for a checkpoint under way, then close the loop's connection."""
        if self._checkpoint is not None:
            await self._checkpoint
        if self._conn is not None:
            self._conn.close()
            self._conn = None
