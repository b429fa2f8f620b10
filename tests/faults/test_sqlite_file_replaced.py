"""The SQLite file replaced or removed under a running server (a backup restored without stopping
Knotty): nobody is told they are signed up unless the file at the database's path holds it.

Before: every open connection stayed on the old, unlinked file. The next signup finished normally,
Knotty said it was saved, and the file on disk had no entry (found by the twelfth operator round).
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from app.migrate import migrate_async
from tests.faults.web_signups import TOLD, emails_in, people, sign_up
from tests.web.conftest import web_app


async def test_a_file_restored_under_the_server_is_unavailable_until_a_restart_then_used(
    tmp_path: Path,
) -> None:
    path = tmp_path / "knotty.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    restored = tmp_path / "backup.db"
    await migrate_async(f"sqlite+aiosqlite:///{restored}")
    before, during, *after = people(4411, 4)
    async with web_app(url, tmp_path) as (base, _runtime):
        status, said = await sign_up(base, *before)
        assert status == 200 and TOLD.search(said), said
        assert emails_in(path) == {before[2]}

        os.replace(restored, path)  # the operator puts last night's backup back, the server running

        status, said = await sign_up(base, *during)
        assert status == 503, f"{during[0]} was told {said!r}; the file holds {emails_in(path)}"
        assert not TOLD.search(said)
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await http.get("/readyz")).status_code == 503, "the platform sees it is not ready"

    async with web_app(url, tmp_path) as (base, _runtime):  # the restart the log asks for
        for name, phone, email in after:
            status, said = await sign_up(base, name, phone, email)
            assert status == 200 and TOLD.search(said), f"{name}: {said}"
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await http.get("/readyz")).status_code == 200
    # The restored file, with the signups after the restart; nothing of the replaced file's log in it.
    assert emails_in(path) == {email for _, _, email in after}


async def test_a_file_removed_under_the_server_is_unavailable_not_a_new_empty_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "knotty.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    first, second = people(5522, 2)
    async with web_app(url, tmp_path) as (base, _runtime):
        status, said = await sign_up(base, *first)
        assert status == 200 and TOLD.search(said), said

        for leftover in tmp_path.glob("knotty.db*"):
            leftover.unlink()  # a cleanup script, or a volume gone

        status, said = await sign_up(base, *second)
        assert status == 503, f"told {said!r} with no database file"
        assert not TOLD.search(said)
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await http.get("/readyz")).status_code == 503
    assert not path.exists(), "no empty database was made in its place"
