"""Which file a SQLite connection has open, and whether its path still names that file.

An operator who restores a backup by replacing the database file under a running server (`cp`, `mv`,
a volume snapshot put back) leaves every open connection on the old file, which is now unlinked: the
signups that followed were written there, Knotty told each person they were saved, and the file on
disk never held them (`/readyz` said ok throughout). Reconnecting to the new file is no cure: the old
file's `-wal` and `-shm` are still at the path, and SQLite applies that log to the restored file (its
rows came back in it). So each connection notes the file it opened (device and inode), and after each
job (the pool's: before each checkout) the path is looked at again (one `stat`, a few microseconds):
once the file is replaced or gone, the store is unavailable until Knotty restarts. A clean stop closes the old file's last
connection, which checkpoints into the old file and deletes its log by name, so the restart opens the
restored file alone. A restore that needs no restart goes through SQLite (`sqlite3 knotty.db
".restore backup.db"`): docs/operations.md.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3

from knotty.logs import log_event

__all__ = ["MIN_FREE_BYTES", "FileId", "FileReplaced", "check_file", "file_id", "has_room"]

MIN_FREE_BYTES = 16 * 1024 * 1024
"""The free space below which `/readyz` says the database is not ready: a turn writes a few kilobytes to
the log, and a checkpoint needs room to copy the log into the file. Below it, every signup fails (the
chat answers 503, a call is held), while the database still answers reads."""

FileId = tuple[int, int]
"""A file's device and inode numbers: the same path names another file once it is replaced."""

_FULL: set[str] = set()
"""The paths whose disk this process has found nearly full (logged once until there is room again)."""
_TOLD: set[str] = set()
"""The paths whose replacement this process has logged (once each, not on every request)."""


class FileReplaced(sqlite3.OperationalError):
    """The database file was replaced or removed under the running server (the store's error boundary
    makes this `StoreUnavailable`)."""


def file_id(path: str) -> FileId | None:
    """The file `path` names now (None: nothing there)."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def check_file(path: str, opened: FileId | None) -> None:
    """Raise `FileReplaced` unless `path` still names the file a connection opened as `opened`."""
    now = file_id(path)
    if now == opened:
        return
    what = "removed" if now is None else "replaced"
    if path not in _TOLD:
        _TOLD.add(path)
        log_event(
            "sqlite_file_replaced",
            logging.ERROR,
            path=path,
            what=what,
            action="restart Knotty to use the file now at the path (docs/operations.md: restoring a backup)",
        )
    raise FileReplaced(f"the database file {path} was {what} under the running server")


def has_room(path: str) -> bool:
    """Whether the disk holding the database file has `MIN_FREE_BYTES` free; logged when that changes."""
    free = shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free
    if free >= MIN_FREE_BYTES:
        if path in _FULL:
            _FULL.discard(path)
            log_event("sqlite_disk_has_room", path=path, free_bytes=free)
        return True
    if path not in _FULL:
        _FULL.add(path)
        log_event("sqlite_disk_nearly_full", logging.ERROR, path=path, free_bytes=free, needed=MIN_FREE_BYTES)
    return False
