"""The integration tests' shared fixture: a store on a fresh database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from knotty.store import Store, create_engine


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """The real store on `database_url`, its engine disposed after the test."""
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()
