"""The tests' SQLite databases, copied from one migrated per test process, are what a migration leaves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.migrate import migrate_async
from tests.support.sqlite_template import migrated_sqlite_file


def _schema(path: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str]], str]:
    conn = sqlite3.connect(path)
    try:
        objects = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
        return objects, versions, mode
    finally:
        conn.close()


async def test_a_copied_database_has_the_schema_a_migration_gives(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.db"
    await migrate_async(f"sqlite+aiosqlite:///{migrated}")
    copies = [tmp_path / "first.db", tmp_path / "second.db"]
    for copy in copies:
        await migrated_sqlite_file(copy)
    expected = _schema(migrated)
    assert expected[1], "the migration recorded its version"
    for copy in copies:
        assert _schema(copy) == expected


async def test_each_copy_is_its_own_database(tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    await migrated_sqlite_file(first)
    await migrated_sqlite_file(second)
    conn = sqlite3.connect(first)
    try:
        conn.execute("CREATE TABLE written_here (x INTEGER)")
        conn.commit()
    finally:
        conn.close()
    names = [row[1] for row in _schema(second)[0]]
    assert "written_here" not in names
