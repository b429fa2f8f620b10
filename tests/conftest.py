"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL cluster starts once per session; a migrated template database is cloned for each test,
so every test gets an empty, migrated database in a few milliseconds. On SQLite, a file migrated once
per test process is copied (`tests.support.sqlite_template`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from app.migrate import migrate_async
from app.runtime import Runtime, build_runtime
from knotty.config import Settings
from knotty.store import Store, create_engine
from tests.support.notifiers import RecordingNotifier
from tests.support.postgres import PostgresCluster, start_cluster
from tests.support.shared_tls import share_default_tls_context
from tests.support.sqlite_template import migrated_sqlite_file

BACKENDS = ["sqlite", "postgres"]
_counter = itertools.count()


def _absolute_python_path() -> None:
    """`PYTHONPATH=. pytest …` as the checkout under test: the `knotty` commands the tests start run in a
    temporary folder, where a relative entry names that folder, and Python then imported the package
    installed in the environment (an editable install of another checkout) in place of this one."""
    entries = os.environ.get("PYTHONPATH", "")
    if entries:
        os.environ["PYTHONPATH"] = os.pathsep.join(
            str(Path(e).resolve()) for e in entries.split(os.pathsep) if e
        )


_absolute_python_path()
share_default_tls_context()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster | None]:
    """The session's PostgreSQL server (skipped only when KNOTTY_TEST_SKIP_POSTGRES=1)."""
    if os.environ.get("KNOTTY_TEST_SKIP_POSTGRES") == "1":
        yield None
        return
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
async def pg_template(pg_cluster: PostgresCluster | None) -> str | None:
    """A migrated database to clone per test."""
    if pg_cluster is None:
        return None
    conn = await asyncpg.connect(pg_cluster.url().replace("+asyncpg", ""))
    try:
        await conn.execute("CREATE DATABASE knotty_template")
    finally:
        await conn.close()
    await migrate_async(pg_cluster.url("knotty_template"))
    return "knotty_template"


async def new_database_url(
    backend: str, tmp_path: Path, pg_cluster: PostgresCluster | None, template: str | None
) -> str:
    """An empty, migrated database of the given backend."""
    if backend == "sqlite":
        path = tmp_path / f"knotty-{next(_counter)}.db"
        await migrated_sqlite_file(path)
        return f"sqlite+aiosqlite:///{path}"
    if pg_cluster is None or template is None:
        pytest.skip("PostgreSQL disabled by KNOTTY_TEST_SKIP_POSTGRES=1")
    name = f"knotty_t{os.getpid()}_{next(_counter)}"
    conn = await asyncpg.connect(pg_cluster.url().replace("+asyncpg", ""))
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
    finally:
        await conn.close()
    return pg_cluster.url(name)


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    pg_cluster: PostgresCluster | None,
    pg_template: str | None,
) -> str:
    """A fresh migrated database, once on SQLite and once on PostgreSQL."""
    return await new_database_url(request.param, tmp_path, pg_cluster, pg_template)


@pytest.fixture
async def stores(database_url: str) -> AsyncIterator[tuple[Store, Store]]:
    """Two stores on one database, each with its own engine: two server processes."""
    first, second = create_engine(database_url), create_engine(database_url)
    pair = Store(first), Store(second)
    yield pair
    for store in pair:
        await store.aclose()
        await store.engine.dispose()


def on_core_path(store: Store) -> Store:
    """`store` without the driver's hot path: every statement through SQLAlchemy Core, as behind
    Supabase's transaction pooler (`turn_sql.turn_sql_for` returns None there)."""
    store._turns = None
    return store


def make_settings(database_url: str, tmp_path: Path, **env: str) -> Settings:
    """Settings as the environment would give them, isolated from the developer's own `.env`."""
    values: dict[str, Any] = {  # environment names: Settings takes them as aliases, typed Any
        "DATABASE_URL": database_url,
        "KNOTTY_DATA_DIR": str(tmp_path / "data"),
        "KNOTTY_BRAIN": "scripted",
    }
    values.update(env)
    return Settings(_env_file=None, **values)


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    """The real core (offline brain) on a fresh database."""
    rt = build_runtime(make_settings(database_url, tmp_path), RecordingNotifier())
    try:
        yield rt
    finally:
        await rt.aclose()


@pytest.fixture(scope="session", autouse=True)
def _no_ambient_secrets() -> None:
    """Tests never reach a real OpenAI or Twilio account, whatever the developer's shell holds."""
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_ACCOUNT_SID",
        "DATABASE_URL",
    ):
        os.environ.pop(var, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last, so a slow browser start never hides a fast failure."""
    items.sort(key=lambda item: 1 if item.get_closest_marker("browser") else 0)


__all__ = ["BACKENDS", "make_settings", "new_database_url"]
